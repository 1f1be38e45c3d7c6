import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { vi } from "vitest";
import type {
  ClientAssertionOptions,
  ClientCredentialsFlow,
  ClientCredentialsFlowOptions,
  GetClientHandler,
  OAuth2Client,
} from "../../src/index.js";
import { makeFlow, ORIGIN, TOKEN_URL, tokenRequest } from "./fixtures.js";

/** The issuer identifier of the assertion flows, and so the audience their assertions need. */
export const ISSUER = ORIGIN;
export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Every algorithm the flow accepts by default, in the order it lists them (RFC 7518 §3.1, RFC 8037, RFC 9864). */
export const ALL_SIGNING_ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
/** A 32-octet secret: exactly long enough for HS256 (RFC 7518 §3.2). */
export const HS256_SECRET = "0123456789abcdef0123456789abcdef";

export interface KeyPair {
  readonly privateKey: CryptoKey;
  /** The public JWK with `kid` and `alg`, as a client registers it. */
  readonly jwk: JWK;
}

/** A signing key pair for `alg`, its public half as a JWK with `kid` (and `alg` unless `withAlg` is false). */
export async function keyPair(alg: string, kid: string, withAlg = true): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, ...(withAlg ? { alg } : {}) };
  return { privateKey, jwk };
}

export interface MintOptions {
  /** Claims replacing or adding to the defaults; `undefined` removes one. */
  readonly claims?: Record<string, unknown>;
  /** Header members besides `alg`. */
  readonly header?: Record<string, unknown>;
  /** Extension header members jose may mark critical (RFC 7515 §4.1.11). */
  readonly crit?: Record<string, boolean>;
}

/**
 * A client assertion for `clientId`, signed by jose: `iss` = `sub` = `clientId`, `aud` = {@link ISSUER},
 * `iat` now, `exp` in 60 s, a random `jti`.
 */
export async function mintAssertion(
  clientId: string,
  alg: string,
  key: CryptoKey | Uint8Array,
  options: MintOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: clientId,
    sub: clientId,
    aud: ISSUER,
    iat: now,
    exp: now + 60,
    jti: crypto.randomUUID(),
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  const signer = new SignJWT(claims).setProtectedHeader({ alg, ...options.header });
  return options.crit === undefined ? signer.sign(key) : signer.sign(key, { crit: options.crit });
}

/** HS* key bytes of a secret, for {@link mintAssertion}. */
export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A client_credentials request authenticated with `assertion`; `extra` adds or replaces parameters. */
export function assertionRequest(assertion: string, extra: Record<string, string> = {}): Request {
  return tokenRequest({
    grant_type: "client_credentials",
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    ...extra,
  });
}

export interface AssertionFlow {
  readonly flow: ClientCredentialsFlow;
  readonly getClient: ReturnType<typeof vi.fn<GetClientHandler>>;
  /** Every access token issued. */
  readonly issued: ReadonlyMap<string, unknown>;
}

/**
 * A flow with issuer {@link ISSUER}, both assertion methods (and Basic), whose `getClient` returns
 * the registered client named by the assertion, key material included.
 */
export function assertionFlow(
  clients: Record<string, OAuth2Client>,
  options: Partial<ClientCredentialsFlowOptions> = {},
  clientAssertion: ClientAssertionOptions = {},
): AssertionFlow {
  const getClient = vi.fn<GetClientHandler>(({ clientId }) => clients[clientId]);
  const { flow, issued } = makeFlow(
    {
      issuer: ISSUER,
      clientAuthenticationMethods: ["client_secret_basic", "client_secret_jwt", "private_key_jwt"],
      clientAssertion,
      ...options,
    },
    (builder) => builder.getClient(getClient),
  );
  return { flow, getClient, issued };
}

export { TOKEN_URL };

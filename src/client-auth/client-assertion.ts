import { isOAuth2Error, OAuth2Error } from "../errors.js";
import { decodeBase64Url, hasNoStrayBits } from "../internal/base64url.js";
import type { TokenRequestParameters } from "../request/parse-token-request.js";
import { type ClientAssertionExpectations, checkClientAssertionClaims } from "./client-assertion-claims.js";
import type { ClientCredentialsClaim } from "./method.js";

/** The `client_assertion_type` of a JWT client assertion. RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** The parts of a client assertion still needed once `getClient` has found the client. */
export interface ClientAssertion {
  /** The assertion as sent: a JWS in compact serialization. */
  readonly jws: string;
  /** The header's `alg`, one the method accepts. */
  readonly alg: string;
  /** `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
  /** `jti`. */
  readonly jti: string;
}

/** What an assertion method's `readCredentials` returns: the client id, and the assertion. */
export interface ClientAssertionClaim extends ClientCredentialsClaim {
  readonly assertion: ClientAssertion;
}

// RFC 7515 §7.1: three base64url parts; a signature is required (no unsecured JWT, RFC 7519 §6).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// RFC 7515 §4.1.9 typ, compared without "application/" and case: untyped JWTs and RFC 7523bis's type.
const ACCEPTED_TYPES = new Set(["jwt", "client-authentication+jwt"]);
const APPLICATION_PREFIX = /^application\//;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const invalid = (description: string) => new OAuth2Error("invalid_client", { description });

/** Whether a token request carries a client assertion (RFC 7521 §4.2), well-formed or not. */
export function carriesClientAssertion(parameters: TokenRequestParameters): boolean {
  return parameters.values.has("client_assertion") || parameters.values.has("client_assertion_type");
}

/**
 * Whether the assertion's `alg` is an HMAC one (`HS…`). This is what tells `client_secret_jwt`
 * from `private_key_jwt` in a request; anything else, unreadable included, counts as the latter.
 */
export function isHmacAssertion(parameters: TokenRequestParameters): boolean {
  const jws = parameters.values.get("client_assertion");
  if (jws === undefined) return false;
  const header = decodeJsonObject(jws.slice(0, jws.indexOf(".")));
  return typeof header?.alg === "string" && header.alg.startsWith("HS");
}

/**
 * Reads a client assertion (RFC 7521 §4.2, RFC 7523 §2.2 and §3) and checks everything that
 * needs no key: the parameters, one compact JWS, its header (`alg` among `algorithms`, no
 * `crit`, an accepted `typ`), then the claims. Keys named in the header (`jwk`, `jku`, `x5u`,
 * `x5c`) are never used. Failures are `invalid_client`.
 */
export function readClientAssertion(
  parameters: TokenRequestParameters,
  algorithms: readonly string[],
  expected: ClientAssertionExpectations,
): ClientAssertionClaim | OAuth2Error {
  if (parameters.values.get("client_assertion_type") !== JWT_BEARER_ASSERTION_TYPE) {
    return invalid(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`);
  }
  const jws = parameters.values.get("client_assertion");
  if (jws === undefined) return invalid("client_assertion is required");
  const [encodedHeader = "", encodedClaims = "", signature = ""] = jws.split(".");
  // RFC 7523 §2.2: "a single JWT"; "MUST NOT contain more than one". Canonical base64url only
  // (RFC 4648 §3.5), so that one assertion has one spelling.
  if (!COMPACT_JWS.test(jws) || signature.length % 4 === 1 || !hasNoStrayBits(signature)) {
    return invalid("client_assertion must be one signed JWT in compact serialization");
  }
  const header = decodeJsonObject(encodedHeader);
  if (header === undefined) return invalid("The client assertion header is malformed");
  const { alg, typ } = header;
  // RFC 8725 §3.1: only the algorithms of this method, never "none".
  if (typeof alg !== "string" || !algorithms.includes(alg)) {
    return invalid("The client assertion algorithm is not accepted for this method");
  }
  // RFC 7515 §4.1.11: no extension is understood here, so none may be critical.
  if (header.crit !== undefined) return invalid("The client assertion must not have a crit header");
  // RFC 8725 §3.11: a JWT explicitly typed as something else is not a client assertion.
  if (typ !== undefined && (typeof typ !== "string" || !ACCEPTED_TYPES.has(mediaSubtype(typ)))) {
    return invalid("The client assertion typ is not accepted");
  }
  const claims = decodeJsonObject(encodedClaims);
  if (claims === undefined) return invalid("The client assertion claims are malformed");
  const checked = checkClientAssertionClaims(claims, expected);
  if (isOAuth2Error(checked)) return checked;
  return { clientId: checked.clientId, assertion: { jws, alg, expiresAt: checked.expiresAt, jti: checked.jti } };
}

/** RFC 7515 §4.1.9: `typ` may omit "application/", and media types are case-insensitive. */
function mediaSubtype(typ: string): string {
  return typ.toLowerCase().replace(APPLICATION_PREFIX, "");
}

/** A JOSE header or claims set: base64url of UTF-8 JSON that is an object; `undefined` otherwise. */
function decodeJsonObject(encoded: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(encoded);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

import { exportJWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { OAuth2Client } from "../../src/index.js";
import { hashClientSecret } from "../../src/index.js";
import {
  ALL_SIGNING_ALGORITHMS,
  assertionFlow,
  assertionRequest,
  HS256_SECRET,
  type KeyPair,
  keyPair,
  type MintOptions,
  mintAssertion,
  secretKey,
} from "../support/client-assertion.js";
import { expectToken, expectTokenError, INVALID_CLIENT_400 } from "./token-support.js";

const NOT_ACCEPTED = "The client assertion algorithm is not accepted for this method";
const FAILED = "Client authentication failed";

let rsa: KeyPair;
let ec: KeyPair;
let attacker: KeyPair;

beforeAll(async () => {
  [rsa, ec, attacker] = await Promise.all([
    keyPair("RS256", "rsa-1"),
    keyPair("ES256", "ec-1"),
    keyPair("RS256", "rsa-1"),
  ]);
});

function keyClient(extra: Partial<OAuth2Client> = {}): Record<string, OAuth2Client> {
  return { "key-client": { id: "key-client", jwks: { keys: [rsa.jwk, ec.jwk] }, ...extra } };
}

function secretClient(secret: string, extra: Partial<OAuth2Client> = {}): Record<string, OAuth2Client> {
  return { "secret-client": { id: "secret-client", secret, ...extra } };
}

async function expectRefused(
  clients: Record<string, OAuth2Client>,
  assertion: string,
  description: string,
  clientAssertion = {},
): Promise<void> {
  const { flow } = assertionFlow(clients, {}, clientAssertion);
  await expectTokenError(await flow.token(assertionRequest(assertion)), {
    ...INVALID_CLIENT_400,
    body: { error: "invalid_client", error_description: description },
  });
}

async function expectAccepted(clients: Record<string, OAuth2Client>, assertion: string, clientAssertion = {}) {
  const { flow } = assertionFlow(clients, {}, clientAssertion);
  await expectToken(await flow.token(assertionRequest(assertion)));
}

const byKey = (alg: string, key: CryptoKey, options?: MintOptions) => mintAssertion("key-client", alg, key, options);
const bySecret = (alg: string, secret: string, options?: MintOptions) =>
  mintAssertion("secret-client", alg, secretKey(secret), options);

/** An assertion with `header` as its protected header and no signature check possible: `sig` is random. */
function forged(header: Record<string, unknown>, clientId = "key-client"): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: clientId,
    sub: clientId,
    aud: "https://as.example.com",
    exp: now + 60,
    jti: crypto.randomUUID(),
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode(header)}.${encode(claims)}.${Buffer.from("signature").toString("base64url")}`;
}

describe("algorithms are pinned per method (RFC 8725 §2.1, §3.1)", () => {
  it("accepts RS256, ES256, PS256 and Ed25519 for private_key_jwt with the client's registered keys", async () => {
    const ps = await keyPair("PS256", "ps-1");
    const ed = await keyPair("Ed25519", "ed-1");
    const clients = { "key-client": { id: "key-client", jwks: { keys: [rsa.jwk, ec.jwk, ps.jwk, ed.jwk] } } };
    await expectAccepted(clients, await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1" } }));
    await expectAccepted(clients, await byKey("ES256", ec.privateKey, { header: { kid: "ec-1" } }));
    await expectAccepted(clients, await byKey("PS256", ps.privateKey, { header: { kid: "ps-1" } }));
    await expectAccepted(clients, await byKey("Ed25519", ed.privateKey, { header: { kid: "ed-1" } }));
  });

  it("accepts HS256, HS384 and HS512 for client_secret_jwt with a long enough secret", async () => {
    const secret = "x".repeat(64);
    for (const alg of ["HS256", "HS384", "HS512"])
      await expectAccepted(secretClient(secret), await bySecret(alg, secret));
  });

  it("refuses alg none, with or without a signature, before getClient (RFC 8725 §3.1, RFC 7519 §6)", async () => {
    const { flow, getClient } = assertionFlow(keyClient());
    for (const assertion of [forged({ alg: "none" }), forged({ alg: "None" }), forged({ alg: "NONE" })]) {
      await expectTokenError(await flow.token(assertionRequest(assertion)), {
        ...INVALID_CLIENT_400,
        body: { error: "invalid_client", error_description: NOT_ACCEPTED },
      });
    }
    expect(getClient).not.toHaveBeenCalled();
  });

  it("refuses an assertion without alg, or with an algorithm of no family (RS1, ES256K, dir)", async () => {
    for (const header of [{}, { alg: "RS1" }, { alg: "ES256K" }, { alg: "dir" }, { alg: 256 }]) {
      await expectRefused(keyClient(), forged(header), NOT_ACCEPTED);
    }
  });

  it("never verifies an HS256 assertion with a client's public key (RFC 8725 §2.1 algorithm confusion)", async () => {
    // The attacker uses the public JWK (and its PEM-like JSON) as an HMAC secret.
    const publicAsSecret = JSON.stringify(rsa.jwk);
    const assertion = await mintAssertion("key-client", "HS256", secretKey(publicAsSecret));
    await expectRefused(keyClient(), assertion, FAILED);
    // Even when the registry also holds that text as the client's secret, a client registered for
    // private_key_jwt cannot use client_secret_jwt (RFC 7591 §2).
    const { flow } = assertionFlow(keyClient({ secret: publicAsSecret, tokenEndpointAuthMethod: "private_key_jwt" }));
    await expectTokenError(await flow.token(assertionRequest(assertion)), INVALID_CLIENT_400);
  });

  it("refuses an RS256 assertion for a client that only has a secret, and an HS256 one for a client that only has keys", async () => {
    const secretOnly = secretClient(HS256_SECRET);
    await expectRefused(secretOnly, await mintAssertion("secret-client", "RS256", rsa.privateKey), FAILED);
    await expectRefused(keyClient(), await mintAssertion("key-client", "HS256", secretKey(HS256_SECRET)), FAILED);
  });

  it("refuses an algorithm other than the client's tokenEndpointAuthSigningAlg (RFC 7591 §2)", async () => {
    const pinned = keyClient({ tokenEndpointAuthSigningAlg: "ES256" });
    await expectRefused(pinned, await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1" } }), FAILED);
    await expectAccepted(pinned, await byKey("ES256", ec.privateKey, { header: { kid: "ec-1" } }));
    const pinnedSecret = secretClient("y".repeat(64), { tokenEndpointAuthSigningAlg: "HS512" });
    await expectRefused(pinnedSecret, await bySecret("HS256", "y".repeat(64)), FAILED);
    await expectAccepted(pinnedSecret, await bySecret("HS512", "y".repeat(64)));
  });

  it("accepts only clientAssertion.signingAlgorithms when configured, and lists them for metadata (RFC 8414 §2)", async () => {
    const only = { signingAlgorithms: ["ES256", "HS512"] };
    await expectRefused(
      keyClient(),
      await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1" } }),
      NOT_ACCEPTED,
      only,
    );
    await expectAccepted(keyClient(), await byKey("ES256", ec.privateKey, { header: { kid: "ec-1" } }), only);
    await expectRefused(secretClient(HS256_SECRET), await bySecret("HS256", HS256_SECRET), NOT_ACCEPTED, only);
    const { flow } = assertionFlow({}, {}, only);
    expect(flow.configuration.tokenEndpointAuthSigningAlgValuesSupported).toEqual(["HS512", "ES256"]);
  });

  it("lists every supported algorithm, never none, in token_endpoint_auth_signing_alg_values_supported by default", () => {
    const { flow } = assertionFlow({});
    expect(flow.configuration.tokenEndpointAuthSigningAlgValuesSupported).toEqual(ALL_SIGNING_ALGORITHMS);
  });
});

describe("the JOSE header (RFC 7515 §4.1, RFC 8725 §3.10, §3.11)", () => {
  it("refuses any crit header, even with a valid signature (RFC 7515 §4.1.11)", async () => {
    const assertion = await byKey("RS256", rsa.privateKey, {
      header: { kid: "rsa-1", crit: ["urn:example:ext"], "urn:example:ext": true },
      crit: { "urn:example:ext": true },
    });
    await expectRefused(keyClient(), assertion, "The client assertion must not have a crit header");
  });

  it("accepts typ JWT and client-authentication+jwt in any case, with or without application/", async () => {
    for (const typ of [
      "JWT",
      "jwt",
      "client-authentication+jwt",
      "application/client-authentication+jwt",
      "Application/JWT",
    ]) {
      await expectAccepted(keyClient(), await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1", typ } }));
    }
  });

  it("refuses a JWT explicitly typed as something else: an access token, a DPoP proof, a number (RFC 8725 §3.11)", async () => {
    for (const typ of ["at+jwt", "dpop+jwt", "application/jose", 1]) {
      const assertion = await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1", typ } });
      await expectRefused(keyClient(), assertion, "The client assertion typ is not accepted");
    }
  });

  it("refuses a header that is not a base64url JSON object", async () => {
    const valid = await byKey("RS256", rsa.privateKey);
    const [, claims, signature] = valid.split(".");
    for (const header of [Buffer.from("[]").toString("base64url"), Buffer.from("{").toString("base64url"), "e30_"]) {
      await expectRefused(keyClient(), `${header}.${claims}.${signature}`, "The client assertion header is malformed");
    }
  });

  it("never takes a key from the header: jwk, jku, x5u and x5c are ignored (RFC 8725 §3.10)", async () => {
    // Signed by the attacker's key, which travels in the header with the registered kid.
    const jwk = { ...(await exportJWK(attacker.privateKey)), d: undefined };
    const headers = [
      { kid: "rsa-1", jwk },
      { kid: "rsa-1", jku: "https://attacker.example/jwks" },
      { kid: "rsa-1", x5u: "https://attacker.example/cert" },
      { kid: "rsa-1", x5c: ["MIIB"] },
    ];
    for (const header of headers) {
      await expectRefused(keyClient(), await byKey("RS256", attacker.privateKey, { header }), FAILED);
    }
  });

  it("refuses a signature made by another key than the client's, and a tampered claims set", async () => {
    await expectRefused(keyClient(), await byKey("RS256", attacker.privateKey, { header: { kid: "rsa-1" } }), FAILED);
    const valid = await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1" } });
    const [header, , signature] = valid.split(".");
    const now = Math.floor(Date.now() / 1000);
    const claims = Buffer.from(
      JSON.stringify({
        iss: "key-client",
        sub: "key-client",
        aud: "https://as.example.com",
        exp: now + 60,
        jti: "other",
      }),
    ).toString("base64url");
    await expectRefused(keyClient(), `${header}.${claims}.${signature}`, FAILED);
  });
});

describe("client_secret_jwt secrets (RFC 7518 §3.2)", () => {
  it("refuses a secret shorter than the hash output: 31 octets for HS256, 47 for HS384, 63 for HS512", async () => {
    for (const [alg, length] of [
      ["HS256", 31],
      ["HS384", 47],
      ["HS512", 63],
    ] as const) {
      const secret = "s".repeat(length);
      // jose would sign with it; the server must still refuse.
      await expectRefused(secretClient(secret), await bySecret(alg, secret), FAILED);
    }
  });

  it("counts the secret in UTF-8 octets: 16 two-octet characters are enough for HS256", async () => {
    const secret = "é".repeat(16);
    await expectAccepted(secretClient(secret), await bySecret("HS256", secret));
  });

  it("refuses a client whose secret is a hashClientSecret hash: the hash is not the key", async () => {
    const stored = await hashClientSecret(HS256_SECRET);
    await expectRefused(secretClient(stored), await bySecret("HS256", stored), FAILED);
    await expectRefused(secretClient(stored), await bySecret("HS256", HS256_SECRET), FAILED);
  });

  it("refuses a wrong secret, and a client without a secret", async () => {
    await expectRefused(secretClient(HS256_SECRET), await bySecret("HS256", `${HS256_SECRET}!`), FAILED);
    await expectRefused({ "secret-client": { id: "secret-client" } }, await bySecret("HS256", HS256_SECRET), FAILED);
  });

  it("uses the current secret when the registry changes it (no stale cached key)", async () => {
    const clients = secretClient(HS256_SECRET);
    const { flow } = assertionFlow(clients);
    await expectToken(await flow.token(assertionRequest(await bySecret("HS256", HS256_SECRET))));
    const rotated = "r".repeat(32);
    clients["secret-client"] = { id: "secret-client", secret: rotated };
    await expectTokenError(
      await flow.token(assertionRequest(await bySecret("HS256", HS256_SECRET))),
      INVALID_CLIENT_400,
    );
    await expectToken(await flow.token(assertionRequest(await bySecret("HS256", rotated))));
  });
});

describe("what reaches the client (RFC 6749 §5.2)", () => {
  it("never puts jose's error text in error_description: only this library's fixed sentences", async () => {
    const { flow } = assertionFlow(keyClient());
    const valid = await byKey("RS256", rsa.privateKey, { header: { kid: "rsa-1" } });
    const [header, claims] = valid.split(".");
    const assertions = [
      `${header}.${claims}.AAAA`,
      `${header}.${claims}.${"A".repeat(342)}`,
      await byKey("ES256", rsa.privateKey).catch(() => forged({ alg: "ES256", kid: "rsa-1" })),
      forged({ alg: "ES512", kid: "ec-1" }),
      forged({ alg: "RS256", kid: "unknown" }),
      await new SignJWT({ iss: "key-client", sub: "key-client", aud: "https://as.example.com", jti: "j", exp: 1e12 })
        .setProtectedHeader({ alg: "RS256" })
        .sign(rsa.privateKey),
    ];
    for (const assertion of assertions) {
      const result = await flow.token(assertionRequest(assertion));
      if (result.success) return expect.unreachable("expected a refusal");
      expect(result.error.code).toBe("invalid_client");
      expect(result.error.description).toMatch(/^(Client authentication failed|The client assertion [a-z ]+)$/);
      expect(result.error.description).not.toMatch(/JWS|JWK|JOSE|JWT|"/);
    }
  });

  it("keeps the reason of a key or signature failure in error.cause, for the server's logs", async () => {
    const { flow } = assertionFlow(keyClient());
    const result = await flow.token(assertionRequest(forged({ alg: "RS256", kid: "rsa-1" })));
    if (result.success) return expect.unreachable("expected a refusal");
    expect(result.error.description).toBe(FAILED);
    expect(result.error.cause).toBeInstanceOf(Error);
  });
});

import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type JwtAccessTokenAlgorithm, jwtAccessTokens } from "../../src/index.js";
import {
  API,
  base64urlJson,
  fixturePair,
  forge,
  ISSUER,
  issue,
  jwtFlow,
  keyPair,
  validClaims,
} from "../support/jwt-fixtures.js";
import { bearer, challenged, type Rejection, rejection, resourceRequest } from "./resource-support.js";

const INVALID = "The access token is invalid";
const EXPIRED = "The access token expired";
const invalidToken = (description = INVALID): Rejection => challenged("invalid_token", 401, description);

afterEach(() => {
  vi.useRealTimers();
});

/** What flow.verifyToken answers to `token` with the fixture pair (ES256 key) and `options`. */
async function answerTo(token: string, options: Parameters<typeof fixturePair>[1] = {}) {
  const flow = jwtFlow(await fixturePair("ES256", options));
  return flow.verifyToken(resourceRequest(bearer(token)));
}

async function expectAccepted(token: string, options: Parameters<typeof fixturePair>[1] = {}): Promise<void> {
  const result = await answerTo(token, options);
  if (!result.success) expect.unreachable(`rejected with ${result.error.code}: ${result.error.description}`);
}

async function expectRejected(token: string, description = INVALID, options: Parameters<typeof fixturePair>[1] = {}) {
  expect(await rejection(await answerTo(token, options))).toEqual(invalidToken(description));
}

describe("RFC 9068 §4 validation through flow.verifyToken", () => {
  it("accepts a well-formed token signed by the active key (the baseline every rejection below differs from)", async () => {
    await expectAccepted(await forge(await keyPair()));
  });

  it('rejects typ "JWT" with 401 invalid_token (RFC 9068 §4: typ must be at+jwt)', async () => {
    await expectRejected(await forge(await keyPair(), validClaims(), { typ: "JWT" }));
  });

  it("rejects a token without typ with 401 invalid_token (RFC 9068 §4)", async () => {
    await expectRejected(await forge(await keyPair(), validClaims(), { typ: undefined }));
  });

  it('accepts typ "application/at+jwt", the long form (RFC 9068 §4, RFC 7515 §4.1.9)', async () => {
    await expectAccepted(await forge(await keyPair(), validClaims(), { typ: "application/at+jwt" }));
  });

  it.each([
    ["another issuer", "https://evil.example.com"],
    ["the issuer with a trailing slash", `${ISSUER}/`],
    ["the issuer in upper case", ISSUER.toUpperCase()],
  ])("rejects %s with 401 invalid_token: iss must match exactly (RFC 9068 §4)", async (_, iss) => {
    await expectRejected(await forge(await keyPair(), validClaims({ iss })));
  });

  it.each([
    ["another audience", "https://other.example.com"],
    ["the client id as audience", "service-a"],
    ["an array without this resource server", ["https://a.example.com", "https://b.example.com"]],
  ])("rejects %s with 401 invalid_token (RFC 9068 §4: aud must contain the resource server)", async (_, aud) => {
    await expectRejected(await forge(await keyPair(), validClaims({ aud })));
  });

  it("accepts an aud array that contains this resource server (RFC 9068 §4, RFC 7519 §4.1.3)", async () => {
    await expectAccepted(await forge(await keyPair(), validClaims({ aud: ["https://other.example.com", API] })));
  });

  it('rejects alg "none" with 401 invalid_token (RFC 9068 §4, RFC 8725 §3.1)', async () => {
    const kid = (await keyPair()).privateJwk.kid;
    const unsecured = `${base64urlJson({ alg: "none", kid, typ: "at+jwt" })}.${base64urlJson(validClaims())}.`;
    await expectRejected(unsecured);
  });

  it("rejects an HMAC token made with the public key as secret (algorithm confusion, RFC 8725 §2.1)", async () => {
    const { publicJwk } = await keyPair("RS256");
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: "HS256", kid: publicJwk.kid, typ: "at+jwt" })
      .sign(secret);
    const flow = jwtFlow(await fixturePair("RS256"));
    expect(await rejection(await flow.verifyToken(resourceRequest(bearer(token))))).toEqual(invalidToken());
  });

  it("rejects the kid of an RS256 key paired with PS256, both allowed, as invalid_token rather than failing (RFC 9068 §4)", async () => {
    const rs = await keyPair("RS256");
    const ps = await keyPair("PS256");
    const tokens = await jwtAccessTokens({
      issuer: ISSUER,
      audience: API,
      keys: [{ privateJwk: rs.privateJwk }, { privateJwk: ps.privateJwk }],
    });
    const token = await forge({ ...rs, privateJwk: { ...rs.privateJwk, alg: "PS256" } });
    const result = await jwtFlow(tokens).verifyToken(resourceRequest(bearer(token)));
    expect(await rejection(result)).toEqual(invalidToken());
  });

  it("rejects an algorithm outside the allow-list even with a key of that algorithm (RFC 9068 §4)", async () => {
    const es = await keyPair("ES256");
    const ed = await keyPair("EdDSA");
    const both = [{ privateJwk: es.privateJwk }, { privateJwk: ed.privateJwk }];
    const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: API, keys: both });
    expect(await tokens.verifyToken(await forge(ed))).toMatchObject({ isValid: true });
    await expect(jwtAccessTokens({ issuer: ISSUER, audience: API, keys: both, algorithms: ["ES256"] })).rejects.toThrow(
      /algorithms: must include EdDSA/,
    );
    const onlyEs = await jwtAccessTokens({ issuer: ISSUER, audience: API, keys: [both[0] as (typeof both)[0]] });
    expect(await onlyEs.verifyToken(await forge(ed))).toEqual({ isValid: false, message: INVALID });
  });

  it("rejects an expired token with 401 invalid_token and says it expired (RFC 9068 §4, RFC 7519 §4.1.4)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await forge(await keyPair(), validClaims({ iat: now - 120, exp: now - 60 })), EXPIRED);
  });

  it("accepts a token expired less than clockTolerance ago, and not one expired longer (RFC 7519 §4.1.4)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await forge(await keyPair(), validClaims({ iat: now - 120, exp: now - 20 }));
    await expectAccepted(token, { clockTolerance: 60 });
    await expectRejected(token, EXPIRED, { clockTolerance: 10 });
  });

  it("rejects a token whose nbf is in the future, beyond clockTolerance (RFC 7519 §4.1.5)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await forge(await keyPair(), validClaims({ nbf: now + 30 }));
    await expectRejected(token);
    await expectAccepted(token, { clockTolerance: 60 });
  });

  it("rejects a token signed by a key not in the set: unknown kid (RFC 9068 §4)", async () => {
    await expectRejected(await forge(await keyPair("ES256", "stranger")));
  });

  it("rejects a token signed by another key under the kid of a key in the set (RFC 9068 §4)", async () => {
    const stranger = await keyPair("ES256", "stranger");
    const kid = (await keyPair()).privateJwk.kid;
    await expectRejected(await forge({ ...stranger, privateJwk: { ...stranger.privateJwk, kid } }));
  });

  it("rejects a token without kid (RFC 9068 §4: the key must be one of the set)", async () => {
    await expectRejected(await forge(await keyPair(), validClaims(), { kid: undefined }));
  });

  it("rejects a token whose signature was altered (RFC 7515 §5.2)", async () => {
    const token = await forge(await keyPair());
    const [header, payload, signature = ""] = token.split(".");
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    await expectRejected(`${header}.${payload}.${flipped}`);
  });

  it("rejects a signature spelled with stray bits in its last character: one token, one spelling (RFC 4648 §3.5)", async () => {
    const token = await forge(await keyPair());
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(token.slice(-1));
    // An ES256 signature is 64 octets: 86 characters, the last one carrying 4 unused bits.
    expect(token.length - token.lastIndexOf(".") - 1).toBe(86);
    expect(last & 0b1111).toBe(0);
    await expectAccepted(token);
    await expectRejected(`${token.slice(0, -1)}${alphabet[last | 0b0001]}`);
  });

  it("rejects a token whose claims were altered after signing (RFC 7515 §5.2)", async () => {
    const token = await forge(await keyPair());
    const [header, , signature] = token.split(".");
    await expectRejected(`${header}.${base64urlJson(validClaims({ scope: "write:data" }))}.${signature}`);
  });

  it.each(["iss", "exp", "aud", "sub", "client_id", "iat", "jti"])(
    "rejects a token without %s with 401 invalid_token (RFC 9068 §2.2, §4)",
    async (claim) => {
      await expectRejected(await forge(await keyPair(), validClaims({ [claim]: undefined })));
    },
  );

  it.each([
    ["client_id", 42],
    ["sub", ["service-a"]],
    ["jti", 7],
    ["scope", ["read:data"]],
    ["scope", "read:data  write:data"],
    ["scope", ""],
  ])("rejects a token whose %s is %j (RFC 9068 §2.2)", async (claim, value) => {
    await expectRejected(await forge(await keyPair(), validClaims({ [claim]: value })));
  });

  it("answers garbage with the same description as any other invalid token, never jose's own text", async () => {
    for (const token of [
      "abc",
      "a.b.c",
      "eyJhbGciOiJFUzI1NiJ9.e30.AAAA",
      `${base64urlJson({})}.${base64urlJson([])}.x`,
    ]) {
      await expectRejected(token);
    }
  });
});

describe("credentials of an accepted token", () => {
  it("carry app.id from client_id, scope as an array and every claim (RFC 9068 §2.2)", async () => {
    const claims = validClaims({ scope: "read:data write:data", sub: "service-a", client_id: "service-a" });
    const tokens = await fixturePair();
    expect(await tokens.verifyToken(await forge(await keyPair(), claims))).toEqual({
      isValid: true,
      credentials: { app: { id: "service-a" }, scope: ["read:data", "write:data"], claims },
    });
  });

  it("carry an empty scope when the token has no scope claim, so every scoped route answers 403", async () => {
    const flow = jwtFlow(await fixturePair());
    const token = await issue(flow);
    const result = await flow.verifyToken(resourceRequest(bearer(token)), { scopes: ["read:data"] });
    expect((await rejection(result)).code).toBe("insufficient_scope");
  });

  it.each<JwtAccessTokenAlgorithm>(["ES256", "EdDSA"])(
    "are not given for a %s token of the pair after its exp, by the clock of the verifier",
    async (alg) => {
      const tokens = await fixturePair(alg);
      const token = await issue(jwtFlow(tokens));
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + 3601 * 1000);
      expect(await tokens.verifyToken(token)).toEqual({ isValid: false, message: EXPIRED });
    },
  );
});

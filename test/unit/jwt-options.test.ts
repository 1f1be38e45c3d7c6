import { calculateJwkThumbprint, exportJWK } from "jose";
import { describe, expect, it } from "vitest";
import {
  generateSigningKeyPair,
  type Jwk,
  type JwtAccessTokenAlgorithm,
  type JwtAccessTokensOptions,
  jwtAccessTokens,
} from "../../src/index.js";
import { ALGORITHMS, API, ISSUER, keyPair } from "../support/jwt-fixtures.js";

/** The TypeError jwtAccessTokens rejects with, and the option paths its lines name. */
async function problems(options: unknown): Promise<string[]> {
  const error = await jwtAccessTokens(options as JwtAccessTokensOptions).then(
    () => expect.unreachable("expected a TypeError"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TypeError);
  const message = (error as TypeError).message;
  expect(message.startsWith("Invalid jwtAccessTokens options:\n- ")).toBe(true);
  return message
    .split("\n- ")
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(":")));
}

async function withKey(overrides: Partial<JwtAccessTokensOptions> = {}, jwk?: Jwk): Promise<unknown> {
  const privateJwk = jwk ?? (await keyPair()).privateJwk;
  return { issuer: ISSUER, audience: API, keys: [{ privateJwk }], ...overrides };
}

/** An RSA private JWK of the given size, made without jose (which refuses to make small ones). */
async function rsaJwk(modulusLength: number): Promise<Jwk> {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  return exportJWK(pair.privateKey);
}

describe("jwtAccessTokens options", () => {
  it.each([
    ["issuer", "a missing issuer", { issuer: undefined }],
    ["issuer", "an http issuer on a public host", { issuer: "http://as.example.com" }],
    ["issuer", "an issuer with a query", { issuer: "https://as.example.com?x=1" }],
    ["audience", "a missing audience", { audience: undefined }],
    ["audience", "a relative audience", { audience: "/api" }],
    ["audience", "an audience with a fragment", { audience: "https://api.example.com#x" }],
    ["keys", "no keys", { keys: [] }],
    ["keys", "keys that are not an array", { keys: "key" }],
    ["maxTokenLifetime", "a zero maxTokenLifetime", { maxTokenLifetime: 0 }],
    ["maxTokenLifetime", "a fractional maxTokenLifetime", { maxTokenLifetime: 1.5 }],
    ["clockTolerance", "a negative clockTolerance", { clockTolerance: -1 }],
    ["algorithms", "an unsupported algorithm", { algorithms: ["HS256"] }],
    ["algorithms", "an empty allow-list", { algorithms: [] }],
    ["algorithms", "an allow-list without the key's algorithm", { algorithms: ["RS256"] }],
    ["jwksUri", "an unknown option", { jwksUri: "/jwks" }],
  ])("names %s for %s", async (name, _, overrides) => {
    const names = await problems(await withKey(overrides as Partial<JwtAccessTokensOptions>));
    expect(names.map((path) => path.split(".")[0])).toEqual([name === "jwksUri" ? "options" : name]);
  });

  it.each<[string, (jwk: Jwk) => Jwk]>([
    ["a public key (no d)", ({ d: _, ...rest }) => rest],
    ["a P-384 key", (jwk) => ({ ...jwk, crv: "P-384" })],
    ["an EC key with alg RS256", (jwk) => ({ ...jwk, alg: "RS256" })],
    ['use "enc"', (jwk) => ({ ...jwk, use: "enc" })],
    ['key_ops without "sign"', (jwk) => ({ ...jwk, key_ops: ["verify"] })],
    ["a broken coordinate", (jwk) => ({ ...jwk, x: "AAAA" })],
    ["a symmetric key", () => ({ kty: "oct", k: "c2VjcmV0", d: "x" })],
  ])("names keys.0.privateJwk for %s", async (_, change) => {
    const jwk = change((await keyPair()).privateJwk);
    expect(await problems(await withKey({}, jwk))).toEqual(["keys.0.privateJwk"]);
  });

  it("names keys.0.privateJwk.kid for an empty kid", async () => {
    const jwk = { ...(await keyPair()).privateJwk, kid: "" };
    expect(await problems(await withKey({}, jwk))).toEqual(["keys.0.privateJwk.kid"]);
  });

  it("refuses an RSA key under 2048 bits (RFC 7518 §3.3)", async () => {
    expect(await problems(await withKey({}, await rsaJwk(1024)))).toEqual(["keys.0.privateJwk"]);
  });

  it("names a signUntil that is not a time", async () => {
    const { privateJwk } = await keyPair();
    const options = { issuer: ISSUER, audience: API, keys: [{ privateJwk, signUntil: "next tuesday" }] };
    expect(await problems(options)).toEqual(["keys.0.signUntil"]);
  });

  it("refuses two keys with the same kid", async () => {
    const { privateJwk } = await keyPair();
    const other = (await keyPair("EdDSA")).privateJwk;
    const options = {
      issuer: ISSUER,
      audience: API,
      keys: [{ privateJwk }, { privateJwk: { ...other, kid: privateJwk.kid } }],
    };
    expect(await problems(options)).toEqual(["keys"]);
  });

  it("lists every problem in one TypeError", async () => {
    const names = await problems({ issuer: "nope", audience: "nope", keys: [], clockTolerance: -5 });
    expect(names.sort()).toEqual(["audience", "clockTolerance", "issuer", "keys"]);
  });

  it.each(ALGORITHMS)('accepts a %s key with use "sig" and key_ops ["sign"] (RFC 7517 §4.2, §4.3)', async (alg) => {
    const privateJwk = { ...(await keyPair(alg)).privateJwk, use: "sig" as const, key_ops: ["sign"] };
    const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: API, keys: [{ privateJwk }] });
    expect(tokens.jwks().keys).toEqual([(await keyPair(alg)).publicJwk]);
  });

  it("accepts an RSA key without alg as RS256 and one with alg PS256 as PS256", async () => {
    const { alg: _, ...rsa } = (await keyPair("RS256")).privateJwk;
    const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: API, keys: [{ privateJwk: rsa }] });
    expect(tokens.jwks().keys[0]?.alg).toBe("RS256");
    const ps = await jwtAccessTokens({
      issuer: ISSUER,
      audience: API,
      keys: [{ privateJwk: { ...rsa, alg: "PS256" } }],
    });
    expect(ps.jwks().keys[0]?.alg).toBe("PS256");
  });

  it("returns frozen handlers that work detached from the object", async () => {
    const tokens = await jwtAccessTokens((await withKey()) as JwtAccessTokensOptions);
    expect(Object.isFrozen(tokens)).toBe(true);
    const { generateAccessToken, verifyToken } = tokens;
    const { accessToken } = await generateAccessToken({
      client: { id: "c" },
      scope: [],
      accessTokenLifetime: 60,
      audience: [],
    });
    expect(await verifyToken(accessToken)).toMatchObject({ isValid: true });
  });

  it.each([0, -1, 1.5, Number.NaN])(
    "generateAccessToken throws a TypeError for an accessTokenLifetime of %s",
    async (accessTokenLifetime) => {
      const tokens = await jwtAccessTokens((await withKey()) as JwtAccessTokensOptions);
      await expect(
        tokens.generateAccessToken({ client: { id: "c" }, scope: [], accessTokenLifetime, audience: [] }),
      ).rejects.toThrow(TypeError);
    },
  );
});

describe("generateSigningKeyPair", () => {
  it.each(ALGORITHMS)(
    "makes a %s private and public JWK with the RFC 7638 thumbprint as kid, alg and use sig",
    async (alg) => {
      const { privateJwk, publicJwk } = await generateSigningKeyPair(alg);
      const kid = await calculateJwkThumbprint({ ...publicJwk });
      expect(privateJwk).toMatchObject({ kid, alg, use: "sig", d: expect.any(String) });
      expect(publicJwk).toMatchObject({ kid, alg, use: "sig" });
      expect(publicJwk).not.toHaveProperty("d");
      const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: API, keys: [{ privateJwk }] });
      expect(tokens.jwks().keys).toEqual([publicJwk]);
    },
  );

  it("makes ES256 keys by default", async () => {
    expect((await generateSigningKeyPair()).privateJwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
  });

  it("makes RSA keys of the asked modulus length", async () => {
    const { publicJwk } = await generateSigningKeyPair("PS256", { modulusLength: 3072 });
    expect(atob((publicJwk.n ?? "").replace(/-/g, "+").replace(/_/g, "/")).length).toBe(384);
  });

  it.each<[string, JwtAccessTokenAlgorithm, number | undefined]>([
    ["an unsupported algorithm", "HS256" as JwtAccessTokenAlgorithm, undefined],
    ["an RSA modulus under 2048 bits", "RS256", 1024],
  ])("throws a TypeError for %s", async (_, alg, modulusLength) => {
    await expect(generateSigningKeyPair(alg, { modulusLength })).rejects.toThrow(TypeError);
  });
});

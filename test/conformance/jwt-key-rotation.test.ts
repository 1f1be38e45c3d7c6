import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AccessTokenSigningKey,
  type JwtAccessTokens,
  type JwtAccessTokensOptions,
  jwtAccessTokens,
} from "../../src/index.js";
import { basicTokenRequest } from "../support/fixtures.js";
import { API, decode, forge, ISSUER, issue, jwtFlow, keyPair, validClaims } from "../support/jwt-fixtures.js";

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const LIFETIME = 600; // maxTokenLifetime, seconds
const TOLERANCE = 30; // clockTolerance, seconds
const TIMING = { maxTokenLifetime: LIFETIME, clockTolerance: TOLERANCE };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

/** A pair for the fixture issuer and API with these keys. */
const pairOf = (keys: AccessTokenSigningKey[], options: Partial<JwtAccessTokensOptions> = {}) =>
  jwtAccessTokens({ issuer: ISSUER, audience: API, keys, ...options });

/** The kids `jwks()` publishes. */
const published = (tokens: JwtAccessTokens) => tokens.jwks().keys.map((jwk) => jwk.kid);
const kidOf = (token: string) => decode(token).header.kid;

describe("key rotation (RFC 9068 §4, RFC 7517 §5)", () => {
  it("signs with the new key, keeps the old one published and verifying until signUntil + maxTokenLifetime + clockTolerance, then retires it", async () => {
    const old = (await keyPair("ES256", "old")).privateJwk;
    const next = (await keyPair("EdDSA", "next")).privateJwk;

    // Before the rotation: one key.
    const before = await pairOf([{ privateJwk: old }], TIMING);
    const oldToken = await issue(jwtFlow(before));
    expect(kidOf(oldToken)).toBe(old.kid);

    // The rotation, deployed one minute later: the new key first, the old one stops signing now.
    vi.setSystemTime(T0 + MINUTE);
    const after = await pairOf([{ privateJwk: next }, { privateJwk: old, signUntil: new Date(T0 + MINUTE) }], TIMING);
    const newToken = await issue(jwtFlow(after));
    expect(kidOf(newToken)).toBe(next.kid);
    expect(published(after)).toEqual([next.kid, old.kid]);
    expect(await after.verifyToken(oldToken)).toMatchObject({ isValid: true });

    // One millisecond before the old key retires: still published and accepted (the old token has expired by
    // then, so a token with a later exp, signed by the old key, stands for any token it could have signed).
    const retireAt = T0 + MINUTE + (LIFETIME + TOLERANCE) * 1000;
    const lateClaims = validClaims({ iat: Math.floor(T0 / 1000), exp: Math.floor(retireAt / 1000) + 3600 });
    const late = await forge(await keyPair("ES256", "old"), lateClaims);
    vi.setSystemTime(retireAt - 1);
    expect(published(after)).toEqual([next.kid, old.kid]);
    expect(await after.verifyToken(late)).toMatchObject({ isValid: true });

    // At retirement: gone from the JWK Set, and its tokens are refused whatever their exp.
    vi.setSystemTime(retireAt);
    expect(published(after)).toEqual([next.kid]);
    expect(await after.verifyToken(late)).toEqual({ isValid: false, message: "The access token is invalid" });
    expect(await after.verifyToken(await issue(jwtFlow(after)))).toMatchObject({ isValid: true });
  });

  it("never lets a token outlive its key: every token the old key signed has expired when the key retires", async () => {
    const old = (await keyPair("ES256", "old")).privateJwk;
    const next = (await keyPair("ES256", "next")).privateJwk;
    const signUntil = T0 + 5 * MINUTE;
    const tokens = await pairOf([{ privateJwk: old, signUntil }, { privateJwk: next }], { maxTokenLifetime: LIFETIME });
    // The last token the old key signs, one millisecond before signUntil, with a client asking for a day.
    vi.setSystemTime(signUntil - 1);
    const last = await tokens.generateAccessToken({
      client: { id: "service-a" },
      scope: [],
      accessTokenLifetime: 86_400,
      audience: [],
    });
    expect(kidOf(last.accessToken)).toBe(old.kid);
    const exp = decode(last.accessToken).claims.exp as number;
    expect(exp * 1000).toBeLessThanOrEqual(signUntil + LIFETIME * 1000);
    vi.setSystemTime(exp * 1000 - 1);
    expect(await tokens.verifyToken(last.accessToken)).toMatchObject({ isValid: true });
  });

  it("publishes a key listed after the active one before it signs, and switches at the earlier key's signUntil (ISO 8601)", async () => {
    const current = (await keyPair("ES256", "old")).privateJwk;
    const upcoming = (await keyPair("ES256", "next")).privateJwk;
    const switchAt = T0 + 60 * MINUTE;
    const tokens = await pairOf([
      { privateJwk: current, signUntil: new Date(switchAt).toISOString() },
      { privateJwk: upcoming },
    ]);
    const flow = jwtFlow(tokens);
    expect(published(tokens)).toEqual([current.kid, upcoming.kid]);
    expect(kidOf(await issue(flow))).toBe(current.kid);
    vi.setSystemTime(switchAt);
    expect(kidOf(await issue(flow))).toBe(upcoming.kid);
  });

  it("refuses to start when every key is past its signUntil, and answers server_error once none signs", async () => {
    const only = (await keyPair("ES256", "old")).privateJwk;
    await expect(pairOf([{ privateJwk: only, signUntil: T0 - 1 }])).rejects.toThrow(/every key is past its signUntil/);

    const tokens = await pairOf([{ privateJwk: only, signUntil: T0 + MINUTE }]);
    vi.setSystemTime(T0 + MINUTE);
    const result = await jwtFlow(tokens).token(basicTokenRequest());
    expect(result.success ? undefined : result.error.code).toBe("server_error");
  });
});

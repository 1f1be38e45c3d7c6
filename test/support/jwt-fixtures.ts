import { decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, SignJWT } from "jose";
import { expect } from "vitest";
import {
  type AccessTokenSigningKey,
  type ClientCredentialsFlow,
  type ClientCredentialsFlowOptions,
  generateSigningKeyPair,
  type JwtAccessTokenAlgorithm,
  type JwtAccessTokens,
  type JwtAccessTokensOptions,
  jwtAccessTokens,
  type SigningKeyPair,
} from "../../src/index.js";
import { basicTokenRequest, makeFlow, ORIGIN, read, type TestClient } from "./fixtures.js";

/** The issuer of every JWT fixture: the token endpoint's origin. */
export const ISSUER = ORIGIN;
/** The resource server the fixture pair verifies for, and its default audience. */
export const API = "https://api.example.com";
export const ALGORITHMS: readonly JwtAccessTokenAlgorithm[] = ["ES256", "EdDSA", "RS256", "PS256"];

const pairs = new Map<string, Promise<SigningKeyPair>>();

/** A key pair per algorithm and name, generated once for the whole test file (RSA is slow). */
export function keyPair(alg: JwtAccessTokenAlgorithm = "ES256", name = "default"): Promise<SigningKeyPair> {
  const id = `${alg}/${name}`;
  let pair = pairs.get(id);
  if (pair === undefined) {
    pair = generateSigningKeyPair(alg);
    pairs.set(id, pair);
  }
  return pair;
}

/** The pair for {@link ISSUER} and {@link API}, signing with one fresh-per-file key of `alg`. */
export async function fixturePair(
  alg: JwtAccessTokenAlgorithm = "ES256",
  options: Partial<JwtAccessTokensOptions> = {},
): Promise<JwtAccessTokens> {
  const keys: AccessTokenSigningKey[] = [{ privateJwk: (await keyPair(alg)).privateJwk }];
  return jwtAccessTokens({ issuer: ISSUER, audience: API, keys, ...options });
}

/** A fixture flow (test registry, Basic and post) issuing and verifying with `tokens`. */
export function jwtFlow(
  tokens: JwtAccessTokens,
  options: Partial<ClientCredentialsFlowOptions> = {},
  clients?: Record<string, TestClient>,
): ClientCredentialsFlow {
  return makeFlow(
    { issuer: ISSUER, ...options },
    (builder) => builder.generateAccessToken(tokens.generateAccessToken).verifyToken(tokens.verifyToken),
    clients,
  ).flow;
}

/** Asks `flow` for a token as `service-a` (Basic) with the extra parameters; fails unless 200. */
export async function issue(flow: ClientCredentialsFlow, extra: Record<string, string> = {}): Promise<string> {
  const result = await flow.token(basicTokenRequest(extra));
  const { status, body } = await read(result.toResponse());
  expect(status).toBe(200);
  return (body as { access_token: string }).access_token;
}

/** The decoded header and claims of a compact JWT, unverified. */
export function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  return { header: decodeProtectedHeader(token) as Record<string, unknown>, claims: decodeJwt(token) };
}

/** Claims that pass RFC 9068 §4 at {@link API}, issued now for an hour. */
export function validClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    exp: now + 3600,
    aud: API,
    sub: "service-a",
    client_id: "service-a",
    iat: now,
    jti: crypto.randomUUID(),
    scope: "read:data",
    ...overrides,
  };
}

/**
 * Signs `claims` with the private key of `pair`, header `{ alg, kid, typ: "at+jwt" }` unless
 * `header` overrides it: tokens a test can make wrong in exactly one way.
 */
export async function forge(
  pair: SigningKeyPair,
  claims: JWTPayload = validClaims(),
  header: Record<string, unknown> = {},
): Promise<string> {
  const alg = pair.privateJwk.alg as JwtAccessTokenAlgorithm;
  const key = await importJWK({ ...pair.privateJwk }, alg);
  return new SignJWT(claims).setProtectedHeader({ alg, kid: pair.privateJwk.kid, typ: "at+jwt", ...header }).sign(key);
}

/** base64url of a JSON value. */
export function base64urlJson(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

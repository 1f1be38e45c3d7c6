// The JWT access token pair against raw jose doing the same work with keys imported beforehand:
// SignJWT with the same RFC 9068 header and claims, and jwtVerify with the same checks. Shared by
// `npm run bench:jwt` and `npm run bench`.
import { importJWK, jwtVerify, SignJWT } from "jose";
import { generateSigningKeyPair, type JwtAccessTokenAlgorithm, jwtAccessTokens } from "../../src/index.js";
import { interleave, type Operation, type RoundResults } from "./harness.js";

const ISSUER = "https://as.example.com";
const AUDIENCE = "https://api.example.com";

/** Per-round rates of [pair, raw jose] for issuing and for verifying. */
export interface JwtComparison {
  issue: RoundResults;
  verify: RoundResults;
}

/** The pair's and raw jose's issue and verify operations for `alg`, checked to work once. */
export async function jwtOperations(alg: JwtAccessTokenAlgorithm) {
  const { privateJwk, publicJwk } = await generateSigningKeyPair(alg);
  const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: AUDIENCE, keys: [{ privateJwk }] });
  const privateKey = await importJWK({ ...privateJwk }, alg);
  const publicKey = await importJWK({ ...publicJwk }, alg);
  const context = {
    client: { id: "service-a" },
    scope: ["read:data", "write:data"],
    accessTokenLifetime: 3600,
    audience: [],
  };

  const rawIssue: Operation = () => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: ISSUER,
      exp: iat + 3600,
      aud: AUDIENCE,
      sub: "service-a",
      client_id: "service-a",
      iat,
      jti: crypto.randomUUID(),
      scope: "read:data write:data",
    })
      .setProtectedHeader({ alg, kid: privateJwk.kid, typ: "at+jwt" })
      .sign(privateKey);
  };
  const pairIssue: Operation = () => tokens.generateAccessToken(context);

  const token = (await rawIssue()) as string;
  const verifyOptions = {
    issuer: ISSUER,
    audience: AUDIENCE,
    typ: "at+jwt",
    algorithms: [alg],
    requiredClaims: ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
  };
  const rawVerify: Operation = () => jwtVerify(token, publicKey, verifyOptions);
  const pairVerify: Operation = async () => {
    const result = await tokens.verifyToken(token);
    if (!result.isValid) throw new Error("the pair refused a valid token");
  };
  await rawVerify();
  await pairVerify();
  return { pairIssue, rawIssue, pairVerify, rawVerify };
}

/** Interleaved rounds of the pair against raw jose; index 0 is the pair, 1 raw jose. */
export async function compareJwt(alg: JwtAccessTokenAlgorithm, rounds: number, ms: number): Promise<JwtComparison> {
  const { pairIssue, rawIssue, pairVerify, rawVerify } = await jwtOperations(alg);
  return {
    issue: await interleave([pairIssue, rawIssue], rounds, ms),
    verify: await interleave([pairVerify, rawVerify], rounds, ms),
  };
}

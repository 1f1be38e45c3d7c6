import { errors, type JWSHeaderParameters, type JWTVerifyOptions, jwtVerify } from "jose";
import { hasNoStrayBits } from "../internal/base64url.js";
import { parseScope } from "../scope.js";
import type { AuthCredentials } from "../types.js";
import type { JwtAccessTokenAlgorithm } from "./jwk.js";
import type { AccessTokenKeySet } from "./key-set.js";
import type { JwtAccessTokenClaims } from "./sign-access-token.js";

/** Credentials of a verified JWT access token, as `flow.verifyToken()` returns them. */
export interface JwtAccessTokenCredentials extends AuthCredentials {
  /** The client the token was issued to: `id` is its `client_id` claim. */
  readonly app: { readonly id: string };
  /** The granted scopes, from the `scope` claim; empty when it is absent. */
  readonly scope: readonly string[];
  /** Every claim of the token. */
  readonly claims: JwtAccessTokenClaims;
}

/** What a resource server checks an access token against. */
export interface AccessTokenExpectations {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly JwtAccessTokenAlgorithm[];
  /** Seconds of clock skew allowed on `exp` and `nbf`. */
  readonly clockTolerance: number;
  readonly keySet: AccessTokenKeySet;
}

/** What {@link JwtAccessTokens.verifyToken} returns: credentials, or a message safe to send. */
export type JwtVerifyTokenResult =
  | { isValid: true; credentials: JwtAccessTokenCredentials }
  | { isValid: false; message: string };

const INVALID: JwtVerifyTokenResult = Object.freeze({ isValid: false, message: "The access token is invalid" });
const EXPIRED: JwtVerifyTokenResult = Object.freeze({ isValid: false, message: "The access token expired" });

// RFC 9068 §2.2: the claims every JWT access token carries.
const REQUIRED_CLAIMS = ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"];

/**
 * Whether the signature, the last segment, has no stray bits in its last character (RFC 4648
 * §3.5). Decoders ignore those bits, so without this check one token would have several spellings,
 * and a deny-list or log keyed by the token string could be side-stepped. The other segments are
 * signed as written, so a change there already breaks the signature.
 */
function hasCanonicalSignature(token: string): boolean {
  return hasNoStrayBits(token, token.lastIndexOf(".") + 1);
}

/**
 * Makes the RFC 9068 §4 check of an access token: `typ` is `at+jwt` (or `application/at+jwt`),
 * `alg` is allowed, `kid` names a key of the set that is not retired and has that `alg`, the
 * signature holds, `iss` is exactly the issuer, `aud` contains the resource server's identifier,
 * `exp` (and `nbf` when present) hold with the tolerance, the §2.2 claims are all there; and the
 * token is spelled canonically. Client input never makes it reject: only a fault of the key set
 * itself does.
 */
export function accessTokenVerifier(
  expected: AccessTokenExpectations,
): (token: string) => Promise<JwtVerifyTokenResult> {
  const { keySet } = expected;
  const options: JWTVerifyOptions = {
    issuer: expected.issuer,
    audience: expected.audience,
    typ: "at+jwt",
    algorithms: [...expected.algorithms],
    clockTolerance: expected.clockTolerance,
    requiredClaims: REQUIRED_CLAIMS,
  };
  const keyFor = (header: JWSHeaderParameters): CryptoKey => {
    const key = keySet.verificationKey(header.kid, Date.now());
    // A token may pair a kid with another algorithm; jose would answer that with a TypeError.
    if (key === undefined || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  };
  return async (token) => {
    if (typeof token !== "string" || !hasCanonicalSignature(token)) return INVALID;
    let claims: Record<string, unknown>;
    try {
      claims = (await jwtVerify(token, keyFor, options)).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) return EXPIRED;
      if (error instanceof errors.JOSEError) return INVALID;
      throw error;
    }
    const { sub, client_id: clientId, jti, scope } = claims;
    if (typeof sub !== "string" || typeof clientId !== "string" || typeof jti !== "string") return INVALID;
    const granted = scope === undefined ? [] : typeof scope === "string" ? parseScope(scope) : undefined;
    if (granted === undefined) return INVALID;
    const credentials = { app: { id: clientId }, scope: granted, claims: claims as JwtAccessTokenClaims };
    return { isValid: true, credentials };
  };
}

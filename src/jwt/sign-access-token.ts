import { formatScope } from "../scope.js";
import { signCompact } from "./jws-sign.js";
import type { ImportedKey } from "./key-set.js";

/** The claims of a JWT access token issued for the client credentials grant. RFC 9068 §2.2. */
export interface JwtAccessTokenClaims {
  /** The authorization server's issuer identifier. RFC 9068 §2.2, RFC 7519 §4.1.1. */
  readonly iss: string;
  /** Expiration time, seconds since the epoch. RFC 7519 §4.1.4. */
  readonly exp: number;
  /** The resource indicator(s) the token is for: a string, or an array for several. RFC 9068 §3. */
  readonly aud: string | string[];
  /** The client id: with no resource owner the client is the subject. RFC 9068 §2.2. */
  readonly sub: string;
  /** The client id. RFC 9068 §2.2, RFC 8693 §4.3. */
  readonly client_id: string;
  /** Issue time, seconds since the epoch. RFC 7519 §4.1.6. */
  readonly iat: number;
  /** A unique token id. RFC 7519 §4.1.7. */
  readonly jti: string;
  /** Granted scopes, space-separated; absent when none was granted. RFC 9068 §2.2.3. */
  readonly scope?: string;
  /** Any other claim of a verified token (e.g. `nbf`). */
  readonly [claim: string]: unknown;
}

/** What one access token is issued for. */
export interface AccessTokenGrant {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: readonly string[];
  /** One or more resource indicators. */
  readonly audience: readonly string[];
  /** Lifetime in seconds. */
  readonly lifetime: number;
}

/**
 * Signs an RFC 9068 access token: header `typ: "at+jwt"`, `alg` and `kid` (§2.1); claims `iss`,
 * `exp`, `aud`, `sub`, `client_id`, `iat`, `jti` and, when any scope is granted, `scope` (§2.2).
 * The key was checked when it was imported, so the JWS is made directly (RFC 7515 §5.1).
 */
export function signAccessToken(grant: AccessTokenGrant, key: ImportedKey, now: number): Promise<string> {
  const iat = Math.floor(now / 1000);
  const claims: JwtAccessTokenClaims = {
    iss: grant.issuer,
    exp: iat + grant.lifetime,
    aud: grant.audience.length === 1 ? (grant.audience[0] as string) : [...grant.audience],
    sub: grant.clientId,
    client_id: grant.clientId,
    iat,
    jti: crypto.randomUUID(),
    ...(grant.scope.length > 0 && { scope: formatScope(grant.scope) }),
  };
  return signCompact(key.encodedHeader, claims, key.alg, key.privateKey);
}

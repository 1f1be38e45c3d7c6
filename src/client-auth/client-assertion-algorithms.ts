/**
 * The JWS algorithms (RFC 7518 §3.1, RFC 8037 §3.1, RFC 9864) each assertion method accepts.
 * `none` is in neither list, and the two lists share nothing (RFC 8725 §3.1, §2.1).
 */

/** `client_secret_jwt`: HMAC with SHA-2, and the shortest key each allows in octets (RFC 7518 §3.2). */
export const HMAC_KEY_OCTETS: Readonly<Record<string, number>> = Object.freeze({ HS256: 32, HS384: 48, HS512: 64 });

/** `client_secret_jwt` algorithms. RFC 7523 §2.2 with RFC 7518 §3.2. */
export const HMAC_ALGORITHMS: readonly string[] = Object.freeze(Object.keys(HMAC_KEY_OCTETS));

/** `private_key_jwt` algorithms: RSA, RSA-PSS, ECDSA and Ed25519. RFC 7518 §3.3–§3.5, RFC 8037, RFC 9864. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = Object.freeze([
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
]);

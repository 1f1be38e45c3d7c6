/**
 * The JWS algorithms JWT access tokens can be signed with: `ES256` (P-256), `EdDSA` (Ed25519),
 * `RS256` and `PS256` (RSA, 2048 bits or more). RFC 7518 §3.1, RFC 8037 §3.1.
 */
export type JwtAccessTokenAlgorithm = "ES256" | "EdDSA" | "RS256" | "PS256";

/** @internal Every {@link JwtAccessTokenAlgorithm}, in order of preference. */
export const JWT_ACCESS_TOKEN_ALGORITHMS: readonly [JwtAccessTokenAlgorithm, ...JwtAccessTokenAlgorithm[]] = [
  "ES256",
  "EdDSA",
  "RS256",
  "PS256",
];

/**
 * A JSON Web Key (RFC 7517 §4), with the members of the key types used here: `EC` and `OKP`
 * (RFC 7518 §6.2, RFC 8037 §2) and `RSA` (RFC 7518 §6.3). Private members (`d`, `p`, …) are
 * present in private keys only. A type rather than an interface, so that it fits
`Record<string, unknown>`, and members without `| undefined`, so that it fits jose's and the DOM's
JWK types.
 */
export type Jwk = {
  /** Key type: `"EC"`, `"OKP"` or `"RSA"`. RFC 7517 §4.1. */
  readonly kty?: string;
  /** Key id. RFC 7517 §4.5. */
  readonly kid?: string;
  /** The algorithm the key is meant for. RFC 7517 §4.4. */
  readonly alg?: string;
  /** Intended use; `"sig"` for signing keys. RFC 7517 §4.2. */
  readonly use?: string;
  /** Permitted operations. RFC 7517 §4.3. */
  readonly key_ops?: string[];
  /** Curve of an `EC` or `OKP` key. */
  readonly crv?: string;
  /** Public coordinate (`EC`) or public key (`OKP`). */
  readonly x?: string;
  /** Public coordinate of an `EC` key. */
  readonly y?: string;
  /** Modulus of an `RSA` key. */
  readonly n?: string;
  /** Public exponent of an `RSA` key. */
  readonly e?: string;
  /** The private key (`EC`, `OKP`) or private exponent (`RSA`). */
  readonly d?: string;
  /** RSA first prime factor. */
  readonly p?: string;
  /** RSA second prime factor. */
  readonly q?: string;
  /** RSA first factor CRT exponent. */
  readonly dp?: string;
  /** RSA second factor CRT exponent. */
  readonly dq?: string;
  /** RSA first CRT coefficient. */
  readonly qi?: string;
};

/** A key of `jwtAccessTokens` as a JWK: `kty`, `kid`, `alg` and `use: "sig"` are always there. */
export type AccessTokenJwk = Jwk & {
  readonly kty: string;
  readonly kid: string;
  readonly alg: JwtAccessTokenAlgorithm;
  readonly use: "sig";
};

/** A JWK Set (RFC 7517 §5) of public keys, as `jwks()` returns it. */
export interface PublicJwkSet {
  /** The public keys. */
  keys: AccessTokenJwk[];
}

/** The algorithms a key of each type may carry, the first being the one assumed when `alg` is absent. */
function algorithmsFor(jwk: Jwk): readonly JwtAccessTokenAlgorithm[] {
  if (jwk.kty === "EC" && jwk.crv === "P-256") return ["ES256"];
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return ["EdDSA"];
  if (jwk.kty === "RSA") return ["RS256", "PS256"];
  return [];
}

/**
 * The algorithm a private signing JWK is used with, or why it cannot be used: its type and curve
 * must be supported, `alg` (when present) must fit them, `use` must be `"sig"` and `key_ops` must
 * allow `"sign"`. RSA keys without `alg` are `RS256`.
 */
export function signingAlgorithmOf(jwk: Jwk): { alg: JwtAccessTokenAlgorithm } | { problem: string } {
  if (typeof jwk !== "object" || jwk === null) return { problem: "must be a JWK object" };
  const algorithms = algorithmsFor(jwk);
  const [assumed] = algorithms;
  if (assumed === undefined) return { problem: "must be an EC P-256, OKP Ed25519 or RSA key" };
  if (typeof jwk.d !== "string") return { problem: "must be a private key (with d)" };
  if (jwk.use !== undefined && jwk.use !== "sig") return { problem: 'use must be "sig"' };
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("sign"))) {
    return { problem: 'key_ops must include "sign"' };
  }
  if (jwk.alg === undefined) return { alg: assumed };
  const alg = algorithms.find((candidate) => candidate === jwk.alg);
  return alg === undefined ? { problem: `alg must be ${algorithms.join(" or ")} for this key type` } : { alg };
}

/**
 * The public part of a key, member by member (never by removing private members, so nothing
 * unexpected can slip through), with its `kid`, `alg` and `use: "sig"`. RFC 7517 §4, RFC 7518 §6.
 */
export function publicJwkOf(jwk: Jwk, kid: string, alg: JwtAccessTokenAlgorithm): AccessTokenJwk {
  const { kty = "", crv, x, y, n, e } = jwk;
  // Members the key lacks come out undefined and vanish from JSON; its import then fails anyway.
  const members = (kty === "RSA" ? { n, e } : kty === "EC" ? { crv, x, y } : { crv, x }) as Jwk;
  return Object.freeze({ kty, ...members, kid, alg, use: "sig" });
}

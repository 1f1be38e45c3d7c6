import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { type AccessTokenJwk, JWT_ACCESS_TOKEN_ALGORITHMS, type JwtAccessTokenAlgorithm, publicJwkOf } from "./jwk.js";

/** A key pair as JWKs, made by {@link generateSigningKeyPair}. */
export interface SigningKeyPair {
  /** The private key, with `kid`, `alg` and `use: "sig"`. Keep it secret; pass it as `privateJwk`. */
  readonly privateJwk: AccessTokenJwk;
  /** Its public half, as `jwks()` publishes it. */
  readonly publicJwk: AccessTokenJwk;
}

/** Options of {@link generateSigningKeyPair}. */
export interface GenerateSigningKeyPairOptions {
  /** Modulus length of RSA keys, in bits: at least 2048. Default `2048`. RFC 7518 §3.3. */
  readonly modulusLength?: number | undefined;
}

/**
 * Generates a key pair for signing JWT access tokens and returns both halves as JWKs; `kid` is
 * the RFC 7638 thumbprint. Default algorithm `"ES256"`. Throws `TypeError` for another algorithm
 * or an RSA modulus under 2048 bits. Store the private JWK as a secret: a key generated at every
 * start-up makes earlier tokens unverifiable.
 */
export async function generateSigningKeyPair(
  alg: JwtAccessTokenAlgorithm = "ES256",
  options: GenerateSigningKeyPairOptions = {},
): Promise<SigningKeyPair> {
  if (!(JWT_ACCESS_TOKEN_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new TypeError(`generateSigningKeyPair: alg must be one of ${JWT_ACCESS_TOKEN_ALGORITHMS.join(", ")}`);
  }
  const modulusLength = options.modulusLength ?? 2048;
  if (!Number.isInteger(modulusLength) || modulusLength < 2048) {
    throw new TypeError("generateSigningKeyPair: modulusLength must be an integer of at least 2048");
  }
  const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength });
  const exported = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(exported, "sha256");
  const privateJwk: AccessTokenJwk = Object.freeze({ ...exported, kty: exported.kty ?? "", kid, alg, use: "sig" });
  return { privateJwk, publicJwk: publicJwkOf(privateJwk, kid, alg) };
}

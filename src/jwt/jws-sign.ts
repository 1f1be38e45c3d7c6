import { encodeBase64Url } from "../internal/base64url.js";
import type { JwtAccessTokenAlgorithm } from "./jwk.js";

/** The Web Crypto parameters of each JWS algorithm this library signs with. */
const SIGN_PARAMETERS: Readonly<Record<JwtAccessTokenAlgorithm, AlgorithmIdentifier | EcdsaParams | RsaPssParams>> =
  Object.freeze({
    // RFC 7518 §3.4: ECDSA P-256 with SHA-256; Web Crypto's signature is R || S, as JWS wants it.
    ES256: { name: "ECDSA", hash: "SHA-256" },
    // RFC 8037 §3.1: EdDSA with an Ed25519 key.
    EdDSA: { name: "Ed25519" },
    // RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256 (the hash is the key's).
    RS256: { name: "RSASSA-PKCS1-v1_5" },
    // RFC 7518 §3.5: RSASSA-PSS with SHA-256, MGF1 with SHA-256, a salt as long as the hash.
    PS256: { name: "RSA-PSS", saltLength: 32 },
  });

const encoder = new TextEncoder();

/** `BASE64URL(UTF8(text))`, RFC 7515 §2. */
export function encodeJsonSegment(value: unknown): string {
  return encodeBase64Url(encoder.encode(JSON.stringify(value)));
}

/**
 * The JWS Compact Serialization (RFC 7515 §7.1) of `payload` under a protected header already
 * encoded (`encodedHeader`, made once per key): the signing input `header.payload` (§5.1 steps
 * 1–6), signed with `privateKey` by Web Crypto, then the signature appended.
 */
export async function signCompact(
  encodedHeader: string,
  payload: unknown,
  alg: JwtAccessTokenAlgorithm,
  privateKey: CryptoKey,
): Promise<string> {
  const signingInput = `${encodedHeader}.${encodeJsonSegment(payload)}`;
  const signature = await crypto.subtle.sign(SIGN_PARAMETERS[alg], privateKey, encoder.encode(signingInput));
  return `${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`;
}

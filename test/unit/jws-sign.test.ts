import { base64url, compactVerify, importJWK, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeyPair, type SigningKeyPair } from "../../src/index.js";
import { encodeJsonSegment, signCompact } from "../../src/jwt/jws-sign.js";

const ALGORITHMS = [
  ["ES256", "RFC 7518 §3.4"],
  ["EdDSA", "RFC 8037 §3.1"],
  ["RS256", "RFC 7518 §3.3"],
  ["PS256", "RFC 7518 §3.5"],
] as const;

type Algorithm = (typeof ALGORITHMS)[number][0];

// RFC 7515 §2: base64url without padding.
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const PAYLOAD = { iss: "https://as.example", sub: "service-a", scope: "read:data caf\u00e9", iat: 1_700_000_000 };

const pairs = new Map<Algorithm, SigningKeyPair>();

async function importKey(jwk: SigningKeyPair["privateJwk"], alg: Algorithm): Promise<CryptoKey> {
  const key = await importJWK({ ...jwk } as JWK, alg);
  if (!(key instanceof CryptoKey)) throw new TypeError(`not an asymmetric ${alg} key`);
  return key;
}

/** Signs PAYLOAD with the pair made for `alg`; returns the token, its header and the public key. */
async function sign(alg: Algorithm) {
  const pair = pairs.get(alg);
  if (pair === undefined) throw new Error(`no key pair for ${alg}`);
  const header = { alg, kid: pair.privateJwk.kid, typ: "at+jwt" };
  const encodedHeader = encodeJsonSegment(header);
  const token = await signCompact(encodedHeader, PAYLOAD, alg, await importKey(pair.privateJwk, alg));
  return { token, header, encodedHeader, publicKey: await importKey(pair.publicJwk, alg) };
}

beforeAll(async () => {
  // RSA key generation is slow: one pair per algorithm, made once.
  const made = await Promise.all(ALGORITHMS.map(([alg]) => generateSigningKeyPair(alg)));
  ALGORITHMS.forEach(([alg], i) => {
    pairs.set(alg, made[i] as SigningKeyPair);
  });
});

describe("encodeJsonSegment (RFC 7515 §2, §5.1)", () => {
  it("is BASE64URL(UTF8(JSON)) without padding (RFC 7515 §2, §5.1)", () => {
    const value = { alg: "ES256", note: "caf\u00e9?>" };
    const encoded = encodeJsonSegment(value);
    expect(encoded).toMatch(SEGMENT);
    expect(new TextDecoder().decode(base64url.decode(encoded))).toBe(JSON.stringify(value));
  });
});

describe("signCompact (RFC 7515 §5.1, §7.1)", () => {
  it.each(ALGORITHMS)(
    "makes a %s JWS Compact Serialization: three base64url segments, the first the encoded header (RFC 7515 §5.1, §7.1)",
    async (alg) => {
      const { token, header, encodedHeader } = await sign(alg);
      const segments = token.split(".");
      expect(segments).toHaveLength(3);
      for (const segment of segments) expect(segment).toMatch(SEGMENT);
      expect(segments[0]).toBe(encodedHeader);
      expect(segments[0]).toBe(encodeJsonSegment(header));
      expect(segments[1]).toBe(encodeJsonSegment(PAYLOAD));
    },
  );

  it.each(ALGORITHMS)(
    "signs with %s so that jose verifies it with the public key and returns the payload (%s)",
    async (alg) => {
      const { token, header, publicKey } = await sign(alg);
      const verified = await compactVerify(token, publicKey, { algorithms: [alg] });
      expect(verified.protectedHeader).toEqual(header);
      expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(PAYLOAD);
    },
  );

  it.each(ALGORITHMS)("makes a %s signature that does not verify once the payload is changed (%s)", async (alg) => {
    const { token, publicKey } = await sign(alg);
    const [header, , signature] = token.split(".");
    const forged = `${header}.${encodeJsonSegment({ ...PAYLOAD, sub: "service-b" })}.${signature}`;
    await expect(compactVerify(forged, publicKey, { algorithms: [alg] })).rejects.toMatchObject({
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
  });

  it("writes the ES256 signature as the 64 octets R || S, not DER (RFC 7518 §3.4)", async () => {
    const { token } = await sign("ES256");
    const signature = base64url.decode(token.split(".")[2] as string);
    expect(signature).toHaveLength(64);
  });
});

import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { type AccessTokenJwk, type Jwk, type JwtAccessTokenAlgorithm, publicJwkOf, signingAlgorithmOf } from "./jwk.js";
import { encodeJsonSegment } from "./jws-sign.js";

/**
 * A key that signs JWT access tokens, and when it stops. Keys are rotated by listing several:
 * see {@link JwtAccessTokensOptions.keys}.
 */
export interface AccessTokenSigningKey {
  /**
   * The private key as a JWK: EC P-256 (`ES256`), OKP Ed25519 (`EdDSA`) or RSA (`RS256` unless
   * `alg` says `PS256`). `kid` default: the key's RFC 7638 thumbprint.
   */
  readonly privateJwk: Jwk;
  /**
   * When this key stops signing: a `Date`, milliseconds since the epoch or an ISO 8601 string.
   * Default: never. It is still published and still verifies for `maxTokenLifetime` plus
   * `clockTolerance` after that, so every token it signed can run out; then it retires.
   */
  readonly signUntil?: Date | number | string | undefined;
}

/** A key imported once, with everything signing, verifying and publishing need. */
export interface ImportedKey {
  readonly kid: string;
  readonly alg: JwtAccessTokenAlgorithm;
  /**
   * The protected header of its tokens, `{ alg, kid, typ: "at+jwt" }` (RFC 9068 §2.1), as it
   * starts every token it signs: `BASE64URL(UTF8(header))`, RFC 7515 §5.1.
   */
  readonly encodedHeader: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: AccessTokenJwk;
  /** Milliseconds since the epoch; `Infinity` when it never stops signing. */
  readonly signUntil: number;
  /** When it is no longer published nor accepted: `signUntil` plus the retention. */
  readonly retireAt: number;
}

/**
 * The signing keys and their rotation: the first key not past `signUntil` signs; every key not
 * retired is published and verifies.
 */
export class AccessTokenKeySet {
  readonly #keys: readonly ImportedKey[];
  readonly #byKid: ReadonlyMap<string, ImportedKey>;

  constructor(keys: readonly ImportedKey[]) {
    this.#keys = keys;
    this.#byKid = new Map(keys.map((key) => [key.kid, key]));
  }

  /** The key that signs at `now` (milliseconds since the epoch), if any. */
  signingKey(now: number): ImportedKey | undefined {
    return this.#keys.find((key) => now < key.signUntil);
  }

  /** The key with this `kid`, unless it has retired by `now`. */
  verificationKey(kid: unknown, now: number): ImportedKey | undefined {
    const key = typeof kid === "string" ? this.#byKid.get(kid) : undefined;
    return key !== undefined && now < key.retireAt ? key : undefined;
  }

  /** The algorithm of every key, once each. */
  algorithms(): JwtAccessTokenAlgorithm[] {
    return [...new Set(this.#keys.map((key) => key.alg))];
  }

  /** The public keys not retired at `now`, in the configured order. RFC 7517 §5. */
  publicJwks(now: number): AccessTokenJwk[] {
    return this.#keys.filter((key) => now < key.retireAt).map((key) => key.publicJwk);
  }
}

/**
 * Checks and imports every key once, as non-extractable `CryptoKey`s. Returns the key set, or
 * the problems found (`keys.<i>…: message`), all of them.
 */
export async function importKeySet(
  keys: readonly AccessTokenSigningKey[],
  retentionMs: number,
): Promise<AccessTokenKeySet | string[]> {
  const problems: string[] = [];
  const imported: ImportedKey[] = [];
  for (const [index, key] of keys.entries()) {
    const result = await importKey(key, retentionMs);
    if (typeof result === "string") problems.push(`keys.${index}${result}`);
    else imported.push(result);
  }
  const kids = imported.map((key) => key.kid);
  for (const kid of new Set(kids)) {
    if (kids.indexOf(kid) !== kids.lastIndexOf(kid)) problems.push(`keys: the kid "${kid}" is used more than once`);
  }
  return problems.length > 0 ? problems : new AccessTokenKeySet(imported);
}

async function importKey(key: AccessTokenSigningKey, retentionMs: number): Promise<ImportedKey | string> {
  if (typeof key !== "object" || key === null) return ": must be an object with privateJwk";
  const { privateJwk } = key;
  const algorithm = signingAlgorithmOf(privateJwk);
  if ("problem" in algorithm) return `.privateJwk: ${algorithm.problem}`;
  const { alg } = algorithm;
  const signUntil = instant(key.signUntil);
  if (signUntil === undefined) return ".signUntil: must be a Date, milliseconds since the epoch or an ISO 8601 string";
  if (privateJwk.kid !== undefined && (typeof privateJwk.kid !== "string" || privateJwk.kid === "")) {
    return ".privateJwk.kid: must be a non-empty string";
  }
  try {
    // RFC 7638 §3.2: the thumbprint covers the required public members only; jose picks them.
    const kid = privateJwk.kid ?? (await calculateJwkThumbprint({ ...privateJwk } as JWK, "sha256"));
    const publicJwk = publicJwkOf(privateJwk, kid, alg);
    const [privateKey, publicKey] = await Promise.all([
      importJWK({ ...privateJwk, alg } as JWK, alg, { extractable: false }),
      importJWK({ ...publicJwk } as JWK, alg),
    ]);
    if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey)) {
      return `.privateJwk: is not an asymmetric ${alg} key`;
    }
    // RFC 7518 §3.3: 2048 bits or more. Web Crypto signs with any size, so this is the only check.
    const { modulusLength } = privateKey.algorithm as Partial<RsaHashedKeyAlgorithm>;
    if (modulusLength !== undefined && modulusLength < 2048) return ".privateJwk: an RSA key needs 2048 bits or more";
    return {
      kid,
      alg,
      encodedHeader: encodeJsonSegment({ alg, kid, typ: "at+jwt" }),
      privateKey,
      publicKey,
      publicJwk,
      signUntil,
      retireAt: signUntil + retentionMs,
    };
  } catch {
    return `.privateJwk: is not a usable ${alg} private key`;
  }
}

/** A point in time as milliseconds since the epoch; `Infinity` for none; `undefined` when unreadable. */
function instant(value: Date | number | string | undefined): number | undefined {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  const time = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  return typeof time === "number" && Number.isFinite(time) ? time : undefined;
}

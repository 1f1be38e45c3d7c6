import { decodeBase64Url, encodeBase64Url } from "./internal/base64url.js";
import { timingSafeEqual } from "./internal/constant-time.js";
import { sha256 } from "./internal/sha256.js";

/** Hash algorithms {@link hashClientSecret} can produce. */
export type ClientSecretHashAlgorithm = "sha256" | "pbkdf2-sha256";

/** Options of {@link hashClientSecret}. */
export interface HashClientSecretOptions {
  /**
   * `"sha256"` (default): salted SHA-256, right for generated secrets of 128 bits or more.
   * `"pbkdf2-sha256"`: PBKDF2-HMAC-SHA256, for secrets a person chose.
   */
  algorithm?: ClientSecretHashAlgorithm | undefined;
  /** PBKDF2 iterations. Default: 600000. Ignored for `"sha256"`. */
  iterations?: number | undefined;
}

const encoder = new TextEncoder();
const SALT_BYTES = 16;
const DEFAULT_PBKDF2_ITERATIONS = 600_000;
const SHA256_PREFIX = "$sha256$";
const PBKDF2_PREFIX = "$pbkdf2-sha256$";

/** Whether a stored secret is in one of the forms {@link hashClientSecret} makes. */
export function isHashedClientSecret(stored: string): boolean {
  return stored.startsWith(SHA256_PREFIX) || stored.startsWith(PBKDF2_PREFIX);
}

/**
 * Hashes a client secret for storage, with a random 128-bit salt. The result is
 * `$sha256$<salt>$<hash>` or `$pbkdf2-sha256$<iterations>$<salt>$<hash>`, base64url without padding;
 * {@link verifyClientSecret} accepts it. Throws `TypeError` for an empty secret or bad options.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export async function hashClientSecret(secret: string, options: HashClientSecretOptions = {}): Promise<string> {
  if (typeof secret !== "string" || secret === "") {
    throw new TypeError("hashClientSecret: secret must be a non-empty string");
  }
  const algorithm = options.algorithm ?? "sha256";
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  if (algorithm === "sha256") {
    const hash = await saltedSha256(salt, secret);
    return `${SHA256_PREFIX}${encodeBase64Url(salt)}$${encodeBase64Url(hash)}`;
  }
  if (algorithm === "pbkdf2-sha256") {
    const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
    if (!Number.isInteger(iterations) || iterations < 1) {
      throw new TypeError("hashClientSecret: iterations must be a positive integer");
    }
    const hash = await pbkdf2Sha256(salt, secret, iterations);
    return `${PBKDF2_PREFIX}${iterations}$${encodeBase64Url(salt)}$${encodeBase64Url(hash)}`;
  }
  throw new TypeError('hashClientSecret: algorithm must be "sha256" or "pbkdf2-sha256"');
}

/**
 * Checks a presented client secret against the stored one in constant time. `stored` is either
 * the plain secret or a string made by {@link hashClientSecret} (recognised by its `$sha256$` or
 * `$pbkdf2-sha256$` prefix). Resolves `false` for a wrong, empty or non-string `presented`; throws
 * `TypeError` when `stored` is not a string or is a malformed hash. Does not rate-limit.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export async function verifyClientSecret(presented: string, stored: string): Promise<boolean> {
  if (typeof stored !== "string" || stored === "") {
    throw new TypeError("verifyClientSecret: stored secret must be a non-empty string");
  }
  if (typeof presented !== "string" || presented === "") return false;
  if (stored.startsWith(SHA256_PREFIX)) {
    const [salt, hash] = parseHashParts(stored.slice(SHA256_PREFIX.length), 2);
    return timingSafeEqual(await saltedSha256(salt, presented), hash);
  }
  if (stored.startsWith(PBKDF2_PREFIX)) {
    const rest = stored.slice(PBKDF2_PREFIX.length);
    const dollar = rest.indexOf("$");
    const iterations = Number(rest.slice(0, dollar));
    if (dollar === -1 || !/^[1-9][0-9]*$/.test(rest.slice(0, dollar)) || !Number.isSafeInteger(iterations)) {
      throw new TypeError("verifyClientSecret: malformed $pbkdf2-sha256$ hash");
    }
    const [salt, hash] = parseHashParts(rest.slice(dollar + 1), 2);
    return timingSafeEqual(await pbkdf2Sha256(salt, presented, iterations, hash.byteLength), hash);
  }
  // Plain secret: compare digests so the time does not depend on where the strings differ
  // or on the presented length.
  const [a, b] = await Promise.all([sha256(encoder.encode(presented)), sha256(encoder.encode(stored))]);
  return timingSafeEqual(a, b);
}

function parseHashParts(value: string, count: 2): [Uint8Array, Uint8Array] {
  const parts = value.split("$");
  const decoded = parts.map(decodeBase64Url);
  const [salt, hash] = decoded;
  if (
    parts.length !== count ||
    salt === undefined ||
    hash === undefined ||
    salt.byteLength === 0 ||
    hash.byteLength === 0
  ) {
    throw new TypeError("verifyClientSecret: malformed hashed secret");
  }
  return [salt, hash];
}

async function saltedSha256(salt: Uint8Array, secret: string): Promise<Uint8Array> {
  const secretBytes = encoder.encode(secret);
  const input = new Uint8Array(salt.byteLength + secretBytes.byteLength);
  input.set(salt, 0);
  input.set(secretBytes, salt.byteLength);
  return sha256(input);
}

async function pbkdf2Sha256(salt: Uint8Array, secret: string, iterations: number, length = 32): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

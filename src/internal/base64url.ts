// RFC 4648 §5, Table 2.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * base64url without padding (RFC 4648 §5): each 3 octets become 4 characters of the URL-safe
 * alphabet; a last group of 1 or 2 octets becomes 2 or 3 characters, the unused bits zero.
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  let encoded = "";
  const length = bytes.byteLength;
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const group = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    encoded +=
      ALPHABET.charAt(group >> 18) +
      ALPHABET.charAt((group >> 12) & 63) +
      ALPHABET.charAt((group >> 6) & 63) +
      ALPHABET.charAt(group & 63);
  }
  if (i < length) {
    const group = ((bytes[i] as number) << 16) | (i + 1 < length ? (bytes[i + 1] as number) << 8 : 0);
    encoded += ALPHABET.charAt(group >> 18) + ALPHABET.charAt((group >> 12) & 63);
    if (i + 1 < length) encoded += ALPHABET.charAt((group >> 6) & 63);
  }
  return encoded;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Whether the last character of the base64 or base64url data in `value[start, end)` (RFC 4648 §4,
 * §5; `end` before any `=` padding) leaves its unused bits zero: 4 bits when the last group has 2
 * characters, 2 bits when it has 3 (§3.5). Decoders ignore those bits, so without this check one
 * octet string has several spellings. The characters are taken to be of either alphabet.
 */
export function hasNoStrayBits(value: string, start: number = 0, end: number = value.length): boolean {
  const length = end - start;
  const unused = length % 4 === 2 ? 0b1111 : length % 4 === 3 ? 0b11 : 0;
  if (unused === 0) return true;
  const last = value.charAt(end - 1);
  // "+" and "-" are both 62, "/" and "_" both 63; only their low bits matter here.
  const sextet = last === "+" ? 62 : last === "/" ? 63 : ALPHABET.indexOf(last);
  return (sextet & unused) === 0;
}

/**
 * Decodes unpadded base64url (RFC 4648 §5); `undefined` when malformed or not canonical (stray
 * bits in the last character), so each byte string has exactly one accepted spelling.
 */
export function decodeBase64Url(value: string): Uint8Array | undefined {
  if (!BASE64URL.test(value) || value.length % 4 === 1 || !hasNoStrayBits(value)) return undefined;
  return binaryToBytes(atob(value.replace(/-/g, "+").replace(/_/g, "/")));
}

/** The octets of a binary string (one octet per character, as `atob` returns). */
export function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

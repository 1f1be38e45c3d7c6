import { encodeBase64Url } from "./base64url.js";

const encoder = new TextEncoder();

/** SHA-256 (FIPS 180-4) of some octets. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/** SHA-256 of a string's UTF-8 octets, as unpadded base64url (RFC 4648 §5): a fixed-length key. */
export async function sha256Base64Url(text: string): Promise<string> {
  return encodeBase64Url(await sha256(encoder.encode(text)));
}

import { OAuth2Error } from "../errors.js";
import { binaryToBytes, hasNoStrayBits } from "../internal/base64url.js";
import { credentialsForScheme } from "../request/authorization.js";
import { formUrlDecode } from "../request/form-urlencoded.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod, ClientCredentialsClaim } from "./method.js";

// RFC 4648 §4 base64 with its padding (so a multiple of 4 characters, "=" only at the end and at
// most twice); RFC 7617 §2 uses it for user-pass. Checked without backtracking.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// ASCII octets are their own UTF-8 decoding.
const ASCII = /^[\x00-\x7F]*$/;

/**
 * Decodes HTTP Basic credentials for OAuth: strict base64 (RFC 7617 §2), UTF-8, split at the
 * first colon, then each part `application/x-www-form-urlencoded`-decoded (RFC 6749 §2.3.1).
 * Returns `undefined` when any step fails or the id or secret is empty.
 */
export function parseBasicCredentials(token68: string): { clientId: string; clientSecret: string } | undefined {
  if (token68 === "" || token68.length % 4 !== 0 || !BASE64.test(token68)) return undefined;
  let binary: string;
  try {
    binary = atob(token68);
  } catch {
    return undefined;
  }
  // Non-canonical encodings (stray bits in the last character) are refused.
  const padding = token68.endsWith("==") ? 2 : token68.endsWith("=") ? 1 : 0;
  if (!hasNoStrayBits(token68, 0, token68.length - padding)) return undefined;
  const userPass = ASCII.test(binary) ? binary : decodeUtf8Octets(binary);
  if (userPass === undefined) return undefined;
  const colon = userPass.indexOf(":");
  if (colon === -1) return undefined;
  const clientId = formUrlDecode(userPass.slice(0, colon));
  const clientSecret = formUrlDecode(userPass.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined || clientId === "" || clientSecret === "") {
    return undefined;
  }
  return { clientId, clientSecret };
}

/** The UTF-8 text of a binary string (one octet per character), or `undefined` if it is not UTF-8. */
function decodeUtf8Octets(binary: string): string | undefined {
  try {
    return utf8.decode(binaryToBytes(binary));
  } catch {
    return undefined;
  }
}

/**
 * `client_secret_basic`: id and secret in `Authorization: Basic`. RFC 6749 §2.3.1.
 * A `client_id` body parameter, if also sent, must name the same client.
 */
export const clientSecretBasic: ClientAuthenticationMethod = Object.freeze({
  name: "client_secret_basic",
  httpAuthScheme: "Basic",
  isUsedBy({ authorization }: ClientAuthenticationInput): boolean {
    return credentialsForScheme(authorization, "Basic") !== undefined;
  },
  readCredentials({ authorization, parameters }: ClientAuthenticationInput): ClientCredentialsClaim | OAuth2Error {
    const token68 = credentialsForScheme(authorization, "Basic") ?? "";
    const credentials = parseBasicCredentials(token68);
    if (credentials === undefined) {
      return new OAuth2Error("invalid_client", { description: "Malformed Basic credentials" });
    }
    const bodyClientId = parameters.values.get("client_id");
    if (bodyClientId !== undefined && bodyClientId !== credentials.clientId) {
      return new OAuth2Error("invalid_client", { description: "client_id does not match the Basic credentials" });
    }
    return credentials;
  },
});

import { OAuth2Error } from "../errors.js";
import type { ClientAuthenticationMethod } from "./method.js";

/**
 * Gives a token endpoint error the status and challenge RFC 6749 §5.2 asks for. For `invalid_client`:
 * - the request used the `Authorization` header → 401 ("MUST respond with 401 ... and include
 *   WWW-Authenticate"), challenging with each enabled header scheme, else `Basic` (§2.3.1: the
 *   scheme every authorization server supports);
 * - the request carried no client authentication at all → the same 401 when a header scheme is
 *   enabled ("MAY return 401 to indicate which ... schemes are supported"), else 400;
 * - credentials in the body → 400 without a challenge: no HTTP scheme describes body credentials,
 *   and every 401 needs one (RFC 9110 §15.5.2).
 * Any other error with status 401 gets the challenge too; other errors pass through unchanged.
 */
export function withClientAuthenticationChallenge(
  error: OAuth2Error,
  request: Request,
  usedMethod: ClientAuthenticationMethod | undefined,
  enabledMethods: readonly ClientAuthenticationMethod[],
  realm: string,
): OAuth2Error {
  const isInvalidClient = error.code === "invalid_client";
  if (!isInvalidClient && (error.status !== 401 || error.headers.has("www-authenticate"))) return error;
  const headerUsed = request.headers.has("authorization");
  const schemes = challengeSchemes(enabledMethods);
  const challenge = !isInvalidClient || headerUsed || (usedMethod === undefined && schemes.length > 0);
  if (schemes.length === 0) schemes.push("Basic");
  const headers = new Headers(error.headers);
  headers.delete("www-authenticate");
  if (challenge) {
    headers.set("WWW-Authenticate", schemes.map((scheme) => `${scheme} realm="${realm}"`).join(", "));
  }
  return new OAuth2Error(error.code, {
    description: error.description,
    uri: error.uri,
    status: challenge ? 401 : 400,
    headers,
    cause: error.cause,
  });
}

function challengeSchemes(methods: readonly ClientAuthenticationMethod[]): string[] {
  const schemes: string[] = [];
  for (const method of methods) {
    const scheme = method.httpAuthScheme;
    if (scheme !== undefined && !schemes.includes(scheme)) schemes.push(scheme);
  }
  return schemes;
}

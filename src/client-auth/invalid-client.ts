import { OAuth2Error } from "../errors.js";
import type { ClientAuthenticationMethod } from "./method.js";

/**
 * Gives an `invalid_client` error the status and challenge RFC 6749 §5.2 asks for:
 * - the request used the `Authorization` header → 401 with `WWW-Authenticate` for each enabled
 *   header scheme ("MUST respond with 401 ... matching the authentication scheme used");
 * - the request carried no client authentication at all → the same 401, telling the client
 *   which schemes are supported ("MAY return 401 to indicate which ... schemes are supported");
 * - credentials in the body → 400 without a challenge, since every 401 needs one (RFC 9110 §15.5.2)
 *   and no HTTP scheme describes body credentials.
 * With no header scheme enabled, 400 throughout. Other error codes pass through unchanged.
 */
export function withClientAuthenticationChallenge(
  error: OAuth2Error,
  request: Request,
  usedMethod: ClientAuthenticationMethod | undefined,
  enabledMethods: readonly ClientAuthenticationMethod[],
  realm: string,
): OAuth2Error {
  if (error.code !== "invalid_client") return error;
  const headerUsed = request.headers.has("authorization");
  const bodyMethodUsed = usedMethod !== undefined && usedMethod.httpAuthScheme === undefined;
  const schemes = challengeSchemes(enabledMethods);
  const challenge = !bodyMethodUsed && (headerUsed || usedMethod === undefined) && schemes.length > 0;
  const headers = new Headers(error.headers);
  headers.delete("www-authenticate");
  if (challenge) {
    headers.set("WWW-Authenticate", schemes.map((scheme) => `${scheme} realm="${realm}"`).join(", "));
  }
  return new OAuth2Error("invalid_client", {
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

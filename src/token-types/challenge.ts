import { OAuth2Error } from "../errors.js";

/**
 * Adds the `WWW-Authenticate` challenge of RFC 6750 §3 to a protected-resource error:
 * `<scheme> realm="…"`, then `error`, `error_description` and `scope` where they apply.
 * A request without credentials gets no error information (RFC 6750 §3.1), and the
 * error is marked `silent`. `server_error` gets no challenge. With `resourceMetadataUrl`, every
 * challenge ends with `resource_metadata="…"` (RFC 9728 §5.1).
 */
export function withResourceChallenge(
  error: OAuth2Error | undefined,
  scheme: string,
  realm: string,
  requiredScopes: readonly string[],
  resourceMetadataUrl?: string | undefined,
): OAuth2Error {
  const attributes = [`realm="${realm}"`];
  if (error !== undefined && error.code === "server_error") return error;
  if (error !== undefined) {
    attributes.push(`error="${error.code}"`);
    if (error.description !== undefined) attributes.push(`error_description="${error.description}"`);
    if (error.uri !== undefined) attributes.push(`error_uri="${error.uri}"`);
  }
  if (requiredScopes.length > 0) attributes.push(`scope="${requiredScopes.join(" ")}"`);
  if (resourceMetadataUrl !== undefined) attributes.push(`resource_metadata="${resourceMetadataUrl}"`);
  const headers = new Headers(error?.headers);
  headers.set("WWW-Authenticate", `${scheme} ${attributes.join(", ")}`);
  if (error === undefined) {
    return new OAuth2Error("invalid_request", {
      description: "No access token was presented",
      status: 401,
      headers,
      silent: true,
    });
  }
  return new OAuth2Error(error.code, {
    description: error.description,
    uri: error.uri,
    status: error.status,
    headers,
    cause: error.cause,
    silent: error.silent,
  });
}

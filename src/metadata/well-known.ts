/**
 * The URL of a metadata document for an identifier: `/.well-known/<suffix>` inserted between the
 * host and the path, after dropping a terminating "/" of the path. RFC 8414 §3.1, RFC 9728 §3.1.
 */
export function wellKnownUrl(identifier: string, suffix: string): string {
  const { origin, pathname } = new URL(identifier);
  const path = pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  return `${origin}/.well-known/${suffix}${path}`;
}

/**
 * A configured endpoint as an absolute URL: an absolute path is resolved against the issuer's
 * origin; a URL is kept as configured.
 */
export function endpointUrl(endpoint: string, issuer: string): string {
  return endpoint.startsWith("/") ? new URL(endpoint, issuer).href : endpoint;
}

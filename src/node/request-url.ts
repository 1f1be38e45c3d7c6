import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

// RFC 9112 §3.2 / RFC 3986 §3.2.2: a reg-name of letters, digits, "-" and ".", or an IPv6 literal,
// then an optional port. Anything else (userinfo, "/", "?", "#", spaces) could move the URL's
// path or host away from what the request line says, so it is refused.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** A request the adapter cannot turn into a `Request`: answered 400 without calling the handler. */
export class BadRequestError extends Error {
  /** HTTP status, read by Express's and Koa's error handlers. */
  readonly status = 400;
  /** HTTP status, read by Fastify's error handler. */
  readonly statusCode = 400;
}

/**
 * The scheme and host of a request's URL: the configured origin; else the authority of an
 * absolute-form target (RFC 9112 §3.2.2); else `https` on a TLS connection or `http`, and the
 * `Host` header (§3.2). Throws {@link BadRequestError} for a missing or malformed host.
 */
export function requestOrigin(incoming: IncomingMessage, target: string, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  if (!target.startsWith("/") && target !== "*") return absoluteTarget(target).origin;
  const host = incoming.headers.host;
  if (host === undefined || !HOST.test(host)) throw new BadRequestError("The Host header is missing or malformed");
  return `${(incoming.socket as TLSSocket | null)?.encrypted === true ? "https" : "http"}://${host}`;
}

/**
 * The absolute URL of a request: `origin`, then the path and query of the request target
 * (origin form, RFC 9112 §3.2.1, or absolute form, §3.2.2; `*` is the root).
 */
export function requestUrl(origin: string, target: string): string {
  if (target.startsWith("/")) return new URL(origin + target).href;
  if (target === "*") return `${origin}/`;
  const absolute = absoluteTarget(target);
  return new URL(origin + absolute.pathname + absolute.search).href;
}

function absoluteTarget(target: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new BadRequestError("The request target is malformed");
  }
  return url;
}

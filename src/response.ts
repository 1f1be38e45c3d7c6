import type { OAuth2Error } from "./errors.js";
import type { TokenResponseBody } from "./types.js";

/**
 * A response as its status, headers and body text, before any `Response` is made from it. The
 * Node adapter writes these straight to the socket; `toResponse()` makes the `Response`.
 */
export interface ResponseParts {
  readonly status: number;
  /** A plain record, or `Headers` where a name may repeat (`Set-Cookie`). */
  readonly headers: Readonly<Record<string, string>> | Headers;
  /** The body text; `null` for an empty body. */
  readonly body: string | null;
}

const JSON_CONTENT_TYPE = "application/json;charset=UTF-8";

// RFC 6749 §5.1: a response carrying a token must not be stored. Lower-case names, as `Headers`
// keeps them (RFC 9110 §5.1: names are case-insensitive), so none is converted per response.
const TOKEN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-type": JSON_CONTENT_TYPE,
  "cache-control": "no-store",
  pragma: "no-cache",
});

/**
 * A successful token response: 200, JSON, `Cache-Control: no-store` and `Pragma: no-cache`.
 * RFC 6749 §5.1.
 */
export function tokenResponseParts(body: TokenResponseBody): ResponseParts {
  return { status: 200, headers: TOKEN_HEADERS, body: JSON.stringify(body) };
}

/**
 * An error response: the error's status and headers, `Cache-Control: no-store`, `Pragma:
 * no-cache`, and the JSON body, or none for a `silent` error. RFC 6749 §5.2, RFC 6750 §3.
 */
export function errorResponseParts(error: OAuth2Error): ResponseParts {
  const headers = new Headers(error.headers);
  headers.set("Cache-Control", "no-store");
  headers.set("Pragma", "no-cache");
  if (error.silent) return { status: error.status, headers, body: null };
  headers.set("Content-Type", JSON_CONTENT_TYPE);
  return { status: error.status, headers, body: JSON.stringify(error.toJSON()) };
}

/** The `Response` of some {@link ResponseParts}. */
export function toWebResponse(parts: ResponseParts): Response {
  return new Response(parts.body, { status: parts.status, headers: parts.headers });
}

/** Renders a successful token response as a `Response`. RFC 6749 §5.1. */
export function tokenResponse(body: TokenResponseBody): Response {
  return toWebResponse(tokenResponseParts(body));
}

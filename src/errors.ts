import { errorResponseParts, toWebResponse } from "./response.js";
/**
 * Error codes this library puts on the wire: RFC 6749 §5.2 (token endpoint),
 * RFC 6750 §3.1 (protected resources), RFC 8707 §2 (`invalid_target`).
 * Any other string that fits RFC 6749 §5.2's character set is accepted too.
 */
export type OAuth2ErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "invalid_token"
  | "insufficient_scope"
  | "server_error"
  | "temporarily_unavailable"
  | (string & {});

/** Options of {@link OAuth2Error}. */
export interface OAuth2ErrorOptions {
  /** Human-readable text for the client (`error_description`). Default: none. RFC 6749 §5.2 charset. */
  readonly description?: string | undefined;
  /** A page about the error (`error_uri`). Default: none. RFC 6749 §5.2 charset. */
  readonly uri?: string | undefined;
  /** HTTP status. Default: derived from `code` (see `defaultStatusFor`). */
  readonly status?: number | undefined;
  /** Extra response headers, e.g. `WWW-Authenticate`. Default: none. */
  readonly headers?: HeadersInit | undefined;
  /** Diagnostic detail for the server's own logs; never rendered. Default: none. */
  readonly cause?: unknown;
  /**
   * Render no error information on the wire: empty body, as RFC 6750 §3.1 asks of a
   * request without credentials. Default: `false`.
   */
  readonly silent?: boolean | undefined;
}

/** Wire form of an error response body. RFC 6749 §5.2. */
export interface OAuth2ErrorBody {
  /** The error code. */
  error: string;
  /** Human-readable text for the client developer. */
  error_description?: string;
  /** A page about the error. */
  error_uri?: string;
}

const BRAND = Symbol.for("@saurbit/oauth2.OAuth2Error");

// RFC 6749 §5.2 / Appendix A.7-A.8: error and error_description are %x20-21 / %x23-5B / %x5D-7E;
// error_uri is a URI-reference, %x21 / %x23-5B / %x5D-7E.
const NQSCHAR = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;
const URI_CHAR = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
  temporarily_unavailable: 503,
};

/**
 * The HTTP status an error code is sent with unless the context says otherwise.
 * RFC 6749 §5.2 (400, 401 for `invalid_client`), RFC 6750 §3.1 (401, 403).
 * Unknown codes: 400.
 */
export function defaultStatusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/**
 * An OAuth 2.0 error: the wire `error` code, its description and the HTTP status and headers
 * it is sent with. Returned (never thrown) by the flow for protocol failures; callbacks may
 * throw one to answer with it.
 *
 * Throws `TypeError` when `code`, `description` or `uri` hold characters outside RFC 6749 §5.2's set.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class OAuth2Error extends Error {
  /** The wire `error` value and the stable discriminant. */
  readonly code: OAuth2ErrorCode;
  /** The wire `error_description`, if any. */
  readonly description: string | undefined;
  /** The wire `error_uri`, if any. */
  readonly uri: string | undefined;
  /** HTTP status of the response. Default: derived from `code`. */
  readonly status: number;
  /** Headers of the response (besides `Content-Type`, `Cache-Control`, `Pragma`). */
  readonly headers: Headers;
  /** `true` when the response carries no error information (RFC 6750 §3.1). Default `false`. */
  readonly silent: boolean;

  constructor(code: OAuth2ErrorCode, options: OAuth2ErrorOptions = {}) {
    if (typeof code !== "string" || !NQSCHAR.test(code)) {
      throw new TypeError("OAuth2Error: code must be a non-empty string in the RFC 6749 §5.2 character set");
    }
    const { description, uri, status, headers, cause, silent } = options;
    if (description !== undefined && (typeof description !== "string" || !NQSCHAR.test(description))) {
      throw new TypeError("OAuth2Error: description must be a non-empty string in the RFC 6749 §5.2 character set");
    }
    if (uri !== undefined && (typeof uri !== "string" || !URI_CHAR.test(uri))) {
      throw new TypeError("OAuth2Error: uri must be a URI-reference in the RFC 6749 §5.2 character set");
    }
    const resolvedStatus = status ?? defaultStatusFor(code);
    if (!Number.isInteger(resolvedStatus) || resolvedStatus < 400 || resolvedStatus > 599) {
      throw new TypeError("OAuth2Error: status must be an integer from 400 to 599");
    }
    super(description ?? code, cause === undefined ? undefined : { cause });
    this.name = "OAuth2Error";
    this.code = code;
    this.description = description;
    this.uri = uri;
    this.status = resolvedStatus;
    this.headers = new Headers(headers);
    this.silent = silent === true;
  }

  /** The wire form of the error body (RFC 6749 §5.2); `{}` when `silent`. */
  toJSON(): OAuth2ErrorBody | Record<string, never> {
    if (this.silent) return {};
    const body: OAuth2ErrorBody = { error: this.code };
    if (this.description !== undefined) body.error_description = this.description;
    if (this.uri !== undefined) body.error_uri = this.uri;
    return body;
  }

  /**
   * The HTTP response: JSON body, `Cache-Control: no-store`, `Pragma: no-cache`, the error's
   * status and headers. A `silent` error has an empty body. RFC 6749 §5.2, RFC 6750 §3.
   */
  toResponse(): Response {
    return toWebResponse(errorResponseParts(this));
  }
}

// The brand lets isOAuth2Error recognise errors from another copy of this package.
Object.defineProperty(OAuth2Error.prototype, BRAND, { value: true });

/**
 * Whether `value` is an {@link OAuth2Error}, also one made by another copy of this package.
 */
export function isOAuth2Error(value: unknown): value is OAuth2Error {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Whether a string may stand in `error_description` (RFC 6749 §5.2). */
export function isErrorDescription(value: unknown): value is string {
  return typeof value === "string" && NQSCHAR.test(value);
}

import { OAuth2Error } from "../errors.js";
import { formUrlDecode } from "./form-urlencoded.js";
import { readBodyText } from "./read-body.js";

/** The parameters of a token request body, parsed once. */
export interface TokenRequestParameters {
  /** Each parameter with a non-empty value, once (RFC 6749 §3.2). */
  readonly values: ReadonlyMap<string, string>;
  /** Every `resource` value, in order (RFC 8707 §2 lets it repeat). */
  readonly resources: readonly string[];
}

/** Parameters that may appear more than once in a token request. RFC 8707 §2. */
const REPEATABLE = new Set(["resource"]);

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

/**
 * Reads and checks a token request: `POST` only (RFC 6749 §3.2), an
 * `application/x-www-form-urlencoded` UTF-8 body (RFC 6749 §4.4.2, Appendix B) of at most
 * `maxBodySize` octets and `maxParameters` parameters, no parameter twice, empty values as
 * omitted (RFC 6749 §3.1). Unknown parameters are kept and ignored by the caller (RFC 6749 §3.2).
 */
export async function parseTokenRequest(
  request: Request,
  limits: { readonly maxBodySize: number; readonly maxParameters: number },
): Promise<TokenRequestParameters | OAuth2Error> {
  if (request.method !== "POST") {
    return new OAuth2Error("invalid_request", {
      description: "The token endpoint accepts POST requests only",
      status: 405,
      headers: { Allow: "POST" },
    });
  }
  const { headers } = request;
  if (!isFormUrlEncoded(headers.get("content-type"))) {
    return new OAuth2Error("invalid_request", {
      description: "The request body must be application/x-www-form-urlencoded",
    });
  }
  const text = await readBodyText(request, headers.get("content-length"), limits.maxBodySize);
  if (text === "too_large") {
    return new OAuth2Error("invalid_request", { description: "The request body is too large", status: 413 });
  }
  if (text === "invalid_utf8" || text === "unreadable") {
    return new OAuth2Error("invalid_request", { description: "The request body could not be read as UTF-8" });
  }
  return parseFormParameters(text, limits.maxParameters);
}

/**
 * Whether a `Content-Type` value is `application/x-www-form-urlencoded`: the media type
 * compared whole and case-insensitively (RFC 9110 §8.3.1), with at most a UTF-8 `charset`.
 */
export function isFormUrlEncoded(contentType: string | null): boolean {
  if (contentType === null) return false;
  if (contentType === FORM_MEDIA_TYPE) return true;
  const semicolon = contentType.indexOf(";");
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType !== FORM_MEDIA_TYPE) return false;
  if (semicolon === -1) return true;
  for (const parameter of contentType.slice(semicolon + 1).split(";")) {
    const eq = parameter.indexOf("=");
    if (eq === -1) {
      if (parameter.trim() === "") continue;
      return false;
    }
    const name = parameter.slice(0, eq).trim().toLowerCase();
    const value = parameter
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
    if (name === "charset" && value !== "utf-8") return false;
  }
  return true;
}

/**
 * Splits a form body into name/value pairs, each decoded strictly (RFC 6749 Appendix B): a
 * malformed `%` escape or octets that are not UTF-8 make the request `invalid_request` rather
 * than being read as something the client did not send.
 */
function parseFormParameters(text: string, maxParameters: number): TokenRequestParameters | OAuth2Error {
  const values = new Map<string, string>();
  const resources: string[] = [];
  let count = 0;
  // Walks the body with indexOf rather than split("&"), so that a body of thousands of "&" never
  // becomes thousands of strings: the loop ends at the limit.
  for (let start = 0; start <= text.length; ) {
    const amp = text.indexOf("&", start);
    const end = amp === -1 ? text.length : amp;
    const pair = text.slice(start, end);
    start = end + 1;
    if (++count > maxParameters) {
      return new OAuth2Error("invalid_request", { description: "The request has too many parameters" });
    }
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = formUrlDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : formUrlDecode(pair.slice(eq + 1));
    if (name === undefined || value === undefined) {
      return new OAuth2Error("invalid_request", { description: "The request body is not valid form-urlencoded UTF-8" });
    }
    if (value === "") continue;
    if (REPEATABLE.has(name)) {
      resources.push(value);
      continue;
    }
    if (values.has(name)) {
      return new OAuth2Error("invalid_request", { description: "A request parameter was sent more than once" });
    }
    values.set(name, value);
  }
  return { values, resources };
}

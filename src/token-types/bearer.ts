import { OAuth2Error } from "../errors.js";
import { credentialsForScheme } from "../request/authorization.js";
import { isFormUrlEncoded } from "../request/parse-token-request.js";
import { readBodyText } from "../request/read-body.js";

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Where the flow looks for an access token. RFC 6750 §2. */
export interface BearerTokenLocations {
  /** `Authorization: <scheme> <token>` (RFC 6750 §2.1). Always on. */
  readonly scheme: string;
  /** Form-encoded body parameter `access_token` (RFC 6750 §2.2). Default: off. */
  readonly formBody: boolean;
  /** URI query parameter `access_token` (RFC 6750 §2.3). Default: off. */
  readonly query: boolean;
  /** Cap on a body read for `formBody`, in octets. */
  readonly maxBodySize: number;
}

/** A request's access token, `undefined` when it carries none, or why it is malformed. */
export type AccessTokenLookup = string | undefined | OAuth2Error;

/**
 * Finds the access token in a request whose `Authorization` header was read already: a string,
 * `undefined` when the request carries none (RFC 6750 §3.1: no error code then), or
 * `invalid_request` when it is malformed or sent more than once or by more than one method
 * (RFC 6750 §2: "MUST NOT use more than one method"). Answers at once unless the form body has
 * to be read (§2.2, only when enabled).
 */
export function extractAccessToken(
  request: Request,
  authorization: string | null,
  locations: BearerTokenLocations,
): AccessTokenLookup | Promise<AccessTokenLookup> {
  const found: string[] = [];
  if (authorization !== null) {
    const token = tokenFromAuthorization(authorization, locations.scheme);
    if (token instanceof OAuth2Error) return token;
    if (token !== undefined) found.push(token);
  }
  if (locations.query) {
    const values = new URL(request.url).searchParams.getAll("access_token");
    if (values.length > 1) return malformed("The access token was sent more than once");
    if (values[0] !== undefined) found.push(values[0]);
  }
  if (locations.formBody && request.method !== "GET" && isFormUrlEncoded(request.headers.get("content-type"))) {
    return formBodyToken(request, locations.maxBodySize).then((token) =>
      token instanceof OAuth2Error ? token : onlyToken(token === undefined ? found : [...found, token]),
    );
  }
  return onlyToken(found);
}

/** The `access_token` of a form body (RFC 6750 §2.2), read from a copy so the handler can still read it. */
async function formBodyToken(request: Request, maxBodySize: number): Promise<string | undefined | OAuth2Error> {
  const text = await readBodyText(request.clone(), request.headers.get("content-length"), maxBodySize);
  if (text === "too_large" || text === "invalid_utf8" || text === "unreadable") {
    return malformed("The request body could not be read");
  }
  const values = new URLSearchParams(text).getAll("access_token");
  if (values.length > 1) return malformed("The access token was sent more than once");
  return values[0];
}

/** The one token found, checked against RFC 6750 §2.1's b64token; more than one is `invalid_request`. */
function onlyToken(found: readonly string[]): AccessTokenLookup {
  if (found.length > 1) return malformed("The access token was sent by more than one method");
  const token = found[0];
  if (token === undefined) return undefined;
  if (!B64TOKEN.test(token)) return malformed("The access token is malformed");
  return token;
}

/**
 * The token of an `Authorization: <scheme> <token>` header (RFC 6750 §2.1): `undefined` for
 * another scheme (e.g. Basic carries no access token for us: no credentials), `invalid_request`
 * for anything that is not a b64token.
 */
function tokenFromAuthorization(header: string, scheme: string): string | undefined | OAuth2Error {
  const token = credentialsForScheme(header, scheme);
  if (token === undefined) return undefined;
  if (!B64TOKEN.test(token)) return malformed("The Authorization header is malformed");
  return token;
}

function malformed(description: string): OAuth2Error {
  return new OAuth2Error("invalid_request", { description });
}

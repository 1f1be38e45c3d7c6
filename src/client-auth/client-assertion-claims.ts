import { OAuth2Error } from "../errors.js";

/** What the claims of a client assertion are checked against. */
export interface ClientAssertionExpectations {
  /** The `client_id` request parameter, when sent (RFC 7521 §4.2). */
  readonly clientId: string | undefined;
  /** The issuer identifier, the one `aud` accepted by default (draft-ietf-oauth-rfc7523bis). */
  readonly issuer: string | undefined;
  /** The token endpoint URL when it is accepted as `aud` too (RFC 7523 §3 item 3), else `undefined`. */
  readonly tokenEndpointUrl: string | undefined;
  /** The current time, in seconds since the epoch. */
  readonly now: number;
  /** Seconds of tolerated clock difference. */
  readonly clockSkew: number;
  /** Longest validity of an assertion, in seconds. */
  readonly maxLifetime: number;
}

/** The claims the flow keeps from a well-formed client assertion. */
export interface CheckedClientAssertionClaims {
  /** `iss` = `sub`: the client identifier. */
  readonly clientId: string;
  /** `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
  /** `jti`. */
  readonly jti: string;
}

const invalid = (description: string) => new OAuth2Error("invalid_client", { description });

/**
 * Checks the claims of a client assertion, RFC 7523 §3 item by item; the signature is checked
 * later, against the key of the client these claims name. Every failure is `invalid_client`
 * (RFC 7523 §3.2).
 */
export function checkClientAssertionClaims(
  claims: Readonly<Record<string, unknown>>,
  expected: ClientAssertionExpectations,
): CheckedClientAssertionClaims | OAuth2Error {
  const { iss, sub, aud, exp, nbf, iat, jti } = claims;
  // Items 1 and 2: for client authentication the issuer and the subject are both the client_id.
  if (!isNonEmptyString(iss) || !isNonEmptyString(sub) || iss !== sub) {
    return invalid("iss and sub of the client assertion must both be the client_id");
  }
  // RFC 7521 §4.2: a client_id sent alongside must identify the same client.
  if (expected.clientId !== undefined && expected.clientId !== iss) {
    return invalid("client_id does not match the client assertion");
  }
  // Item 3.
  if (!isAudienceAccepted(aud, expected)) {
    return invalid("The audience of the client assertion is not this authorization server");
  }
  const { now, clockSkew, maxLifetime } = expected;
  // Item 4: exp is required; the server may limit how far ahead it is.
  if (!isNumericDate(exp)) return invalid("The client assertion must have a numeric exp");
  if (exp + clockSkew <= now) return invalid("The client assertion has expired");
  if (exp > now + maxLifetime + clockSkew) return invalid("The client assertion is valid for too long");
  // Item 5: not before nbf.
  if (nbf !== undefined && (!isNumericDate(nbf) || nbf > now + clockSkew)) {
    return invalid("The client assertion is not valid yet");
  }
  // Item 6: iat may not be in the future, nor further than maxLifetime before exp.
  if (iat !== undefined && (!isNumericDate(iat) || iat > now + clockSkew || exp - iat > maxLifetime)) {
    return invalid("The iat of the client assertion is out of range");
  }
  // Item 7: jti makes the assertion single-use; this library requires it.
  if (!isNonEmptyString(jti)) return invalid("The client assertion must have a jti");
  return { clientId: iss, expiresAt: exp, jti };
}

/**
 * By default `aud` is the issuer identifier as its sole value (draft-ietf-oauth-rfc7523bis), a
 * string or a one-element array (RFC 7519 §4.1.3 treats them alike). With the token endpoint
 * accepted too, `aud` may be either, or an array holding either (RFC 7523 §3 item 3). Values are
 * compared as strings (RFC 3986 §6.2.1).
 */
function isAudienceAccepted(aud: unknown, expected: ClientAssertionExpectations): boolean {
  const accepted = [expected.issuer, expected.tokenEndpointUrl].filter((value) => value !== undefined);
  const values = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (expected.tokenEndpointUrl === undefined && values.length !== 1) return false;
  return values.some((value) => typeof value === "string" && accepted.includes(value));
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

/** RFC 7519 §2 NumericDate: seconds since the epoch, a JSON number. */
function isNumericDate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

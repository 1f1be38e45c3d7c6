/**
 * `application/x-www-form-urlencoded` encoding of one value, as RFC 6749 Appendix B and
 * §2.3.1 ask for client ids and secrets in HTTP Basic: UTF-8, then every octet outside
 * `ALPHA / DIGIT / "*" / "-" / "." / "_"` percent-encoded, and space as `+`.
 * Throws `TypeError` for a string that is not well-formed UTF-16 (a lone surrogate).
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-B
 */
export function formUrlEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    throw new TypeError("formUrlEncode: value must be well-formed UTF-16 text");
  }
  return encoded.replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, "+");
}

const PLUS = /\+/g;
const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * Decodes one `application/x-www-form-urlencoded` value (RFC 6749 Appendix B): `+` is space,
 * `%XX` an octet, octets are UTF-8. Returns `undefined` for a malformed escape or invalid UTF-8
 * instead of guessing.
 */
export function formUrlDecode(value: string): string | undefined {
  if (!value.includes("%") && !value.includes("+")) return value;
  if (MALFORMED_PERCENT.test(value)) return undefined;
  try {
    return decodeURIComponent(value.includes("+") ? value.replace(PLUS, " ") : value);
  } catch {
    return undefined;
  }
}

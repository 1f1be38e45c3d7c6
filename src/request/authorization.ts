/**
 * The credentials of an `Authorization` value (RFC 9110 §11.6.2) for `scheme`: what follows the
 * scheme and its spaces, `""` for the scheme alone, or `undefined` when there is no value or it
 * names another scheme. The scheme is compared case-insensitively (RFC 9110 §11.1).
 */
export function credentialsForScheme(authorization: string | null, scheme: string): string | undefined {
  if (authorization === null) return undefined;
  const space = authorization.indexOf(" ");
  const name = space === -1 ? authorization : authorization.slice(0, space);
  if (name !== scheme && name.toLowerCase() !== scheme.toLowerCase()) return undefined;
  if (space === -1) return "";
  let start = space + 1;
  while (authorization.charCodeAt(start) === 32) start++;
  return authorization.slice(start);
}

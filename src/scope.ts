// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), joined by single spaces.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether `value` is one RFC 6749 §3.3 scope-token. */
export function isScopeToken(value: unknown): value is string {
  return typeof value === "string" && SCOPE_TOKEN.test(value);
}

/**
 * Splits a `scope` parameter into its scope-tokens, in order, duplicates dropped.
 * Returns `undefined` when the value is not `scope-token *( SP scope-token )`
 * (a leading, trailing or doubled space, or a character outside the set). RFC 6749 §3.3.
 */
export function parseScope(value: string): string[] | undefined {
  const tokens = value.split(" ");
  const unique: string[] = [];
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token)) return undefined;
    if (!unique.includes(token)) unique.push(token);
  }
  return unique;
}

/** Joins scope-tokens into a `scope` value. RFC 6749 §3.3. */
export function formatScope(scopes: readonly string[]): string {
  return scopes.length === 1 ? (scopes[0] as string) : scopes.join(" ");
}

/** The first of `requested` that is not in `allowed`, if any. */
export function firstScopeNotIn(requested: readonly string[], allowed: readonly string[]): string | undefined {
  for (const scope of requested) if (!allowed.includes(scope)) return scope;
  return undefined;
}

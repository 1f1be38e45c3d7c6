/**
 * How issued access tokens are presented to protected resources: the `token_type` of token
 * responses (RFC 6749 §7.1) and the `Authorization` scheme that carries them.
 * Default: {@link bearerTokenType}. Later token types (DPoP, RFC 9449) extend this interface.
 */
export interface TokenType {
  /** The `token_type` value and `Authorization` scheme, e.g. `"Bearer"`. */
  readonly name: string;
}

/** Bearer tokens. RFC 6750. */
export const bearerTokenType: TokenType = Object.freeze({ name: "Bearer" });

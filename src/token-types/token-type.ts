/**
 * How issued access tokens are presented to protected resources: the `token_type` of token
 * responses (RFC 6749 §7.1) and the `Authorization` scheme that carries them.
 * Default: {@link bearerTokenType}. Later token types (DPoP, RFC 9449) extend this interface.
 */
export interface TokenType {
  /** The `token_type` value and `Authorization` scheme, e.g. `"Bearer"`. */
  readonly name: string;
  /**
   * JWS algorithms accepted in DPoP proofs, for the metadata documents'
   * `dpop_signing_alg_values_supported` (RFC 9449 §5.1, RFC 9728 §2). A DPoP token type sets it;
   * the documents carry it only when it is non-empty. Default: none.
   */
  readonly dpopSigningAlgValuesSupported?: readonly string[] | undefined;
}

/** Bearer tokens. RFC 6750. */
export const bearerTokenType: TokenType = Object.freeze({ name: "Bearer" });

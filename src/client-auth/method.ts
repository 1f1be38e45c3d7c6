import type { OAuth2Error } from "../errors.js";
import type { TokenRequestParameters } from "../request/parse-token-request.js";
import type { OAuth2Client } from "../types.js";

/** What a client authentication method sees of a token request. */
export interface ClientAuthenticationInput {
  /** The token request; its body has already been read. */
  readonly request: Request;
  /** The parsed body parameters. */
  readonly parameters: TokenRequestParameters;
  /** The request's `Authorization` header (RFC 9110 §11.6.2), read once; `null` when absent. */
  readonly authorization: string | null;
}

/** The client a request claims to be, and the secret it presented, if any. */
export interface ClientCredentialsClaim {
  /** The client identifier the request names. */
  readonly clientId: string;
  /** The presented secret; absent for methods without one (e.g. assertions). */
  readonly clientSecret?: string | undefined;
}

/**
 * A way for a client to authenticate at the token endpoint (RFC 6749 §2.3). The flow asks
 * every known method whether a request uses it; exactly one must (RFC 6749 §2.3), it must be
 * enabled on the flow, and it must be the client's registered `tokenEndpointAuthMethod`.
 * Failures are reported as `OAuth2Error("invalid_client")`; the flow sets status and challenge.
 */
export interface ClientAuthenticationMethod {
  /** Registered name (RFC 7591 §2 `token_endpoint_auth_method`), e.g. `"client_secret_basic"`. */
  readonly name: string;
  /** The HTTP authentication scheme it sends in `Authorization`, if any (e.g. `"Basic"`). Default: none. */
  readonly httpAuthScheme?: string | undefined;
  /**
   * JWS algorithms it accepts for signed client authentication (RFC 8414 §2
   * `token_endpoint_auth_signing_alg_values_supported`). Default: none.
   */
  readonly signingAlgValuesSupported?: readonly string[] | undefined;
  /** Whether the request carries this method's credentials. Must not throw. */
  isUsedBy(input: ClientAuthenticationInput): boolean;
  /** Reads the claimed client id (and secret) from the request. */
  readCredentials(input: ClientAuthenticationInput): ClientCredentialsClaim | OAuth2Error;
  /**
   * Proves the claim against the client `getClient` returned. Default: none — for secret
   * methods `getClient` checks the secret itself.
   */
  verifyClient?(
    client: OAuth2Client,
    claim: ClientCredentialsClaim,
    input: ClientAuthenticationInput,
  ): Promise<true | OAuth2Error> | true | OAuth2Error;
}

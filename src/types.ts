import type { OAuth2Error } from "./errors.js";

/** A JSON Web Key Set (RFC 7517 §5), as a client registers it for `private_key_jwt`. */
export interface JsonWebKeySet {
  keys: ReadonlyArray<Record<string, unknown>>;
}

/**
 * A registered client, as `getClient` returns it. Only `id` is required; each other field,
 * when present, narrows what the client may do. Extra fields pass through untouched.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2
 */
export interface OAuth2Client {
  /** The client identifier (RFC 6749 §2.2). */
  id: string;
  /** Grant types the client may use; when present it must hold `"client_credentials"` (RFC 6749 §5.2 `unauthorized_client`). */
  grants?: readonly string[] | undefined;
  /** Scopes the client may be granted; when present, any other requested scope is `invalid_scope` (RFC 6749 §3.3). */
  scopes?: readonly string[] | undefined;
  /** Scopes granted when a request omits `scope`; overrides the flow's `defaultScopes` (RFC 6749 §3.3). */
  defaultScopes?: readonly string[] | undefined;
  /** The one authentication method the client registered (RFC 7591 §2); any other is `invalid_client`. */
  tokenEndpointAuthMethod?: string | undefined;
  /** Shared secret, for methods that need the library to hold it (`client_secret_jwt`). */
  secret?: string | undefined;
  /** Public keys for `private_key_jwt` (RFC 7517 §5). */
  jwks?: JsonWebKeySet | undefined;
  /** Where the client's public keys are published (RFC 7591 §2). */
  jwksUri?: string | undefined;
  /**
   * The one JWS algorithm the client signs its assertions with (RFC 7591 §2
   * `token_endpoint_auth_signing_alg`); an assertion with another `alg` is `invalid_client`.
   * Default: any the method accepts.
   */
  tokenEndpointAuthSigningAlg?: string | undefined;
  /** Resource indicators the client may ask for (RFC 8707 §2). */
  resources?: readonly string[] | undefined;
  /** Access-token lifetime in seconds for this client; overrides the flow's. */
  accessTokenLifetime?: number | undefined;
  [key: string]: unknown;
}

/**
 * What `getClient` receives: the parsed token request. The app checks `clientSecret`
 * (use `verifyClientSecret`). RFC 6749 §4.4.2, §2.3.1.
 */
export interface ClientCredentialsTokenRequest {
  /** The client identifier, decoded (RFC 6749 §2.3.1, Appendix B). */
  clientId: string;
  /** The client secret, decoded (RFC 6749 §2.3.1, Appendix B). */
  clientSecret: string;
  /** Always `"client_credentials"` (RFC 6749 §4.4.2). */
  grantType: "client_credentials";
  /** The requested scopes, or `undefined` when the request has none (RFC 6749 §3.3). */
  scope: string[] | undefined;
  /** The client authentication method the request used, e.g. `"client_secret_basic"`. */
  authenticationMethod: string;
}

/** Context passed to `generateAccessToken`. RFC 6749 §4.4.3. */
export interface ClientCredentialsGrantContext {
  /** The authenticated client. */
  client: OAuth2Client;
  /** Always `"client_credentials"`. */
  grantType: "client_credentials";
  /** The validated scopes to grant (may be empty). */
  scope: string[];
  /** The token type, e.g. `"Bearer"` (RFC 6749 §7.1). */
  tokenType: string;
  /** Lifetime in seconds: the client's `accessTokenLifetime`, else the flow's. */
  accessTokenLifetime: number;
  /**
   * The granted resource indicators, in request order without duplicates: what the token's
   * audience must be. Empty when the request named no `resource`: use your default audience
   * (`jwtAccessTokens` uses its `audience`). RFC 8707 §2, RFC 9068 §3.
   */
  audience: string[];
  /** The token request. Its body has been read. */
  request: Request;
}

/** What an `isResourceAllowed` handler is asked about: one requested resource. RFC 8707 §2. */
export interface ResourceRequestContext {
  /** The authenticated client. */
  client: OAuth2Client;
  /** One requested resource indicator: an absolute URI without fragment, as the client sent it. */
  resource: string;
  /** The token request. Its body has been read. */
  request: Request;
}

/**
 * `isResourceAllowed` handler: whether the client may have a token for the resource; anything
 * but `true` is `invalid_target`. RFC 8707 §2.
 */
export type IsResourceAllowedHandler = (
  context: ResourceRequestContext,
  options: CallbackOptions,
) => Promise<boolean> | boolean;

/** What `generateAccessToken` may return as an object. */
export interface OAuth2AccessTokenResult {
  /** The access token (RFC 6749 §A.12: printable ASCII). */
  accessToken: string;
  /** Lifetime in seconds; default: the context's `accessTokenLifetime`. */
  expiresIn?: number | undefined;
  /** Scopes actually granted, a subset of the context's `scope`; default: the context's `scope`. */
  scope?: readonly string[] | undefined;
}

/** The successful token response body. RFC 6749 §5.1. Never carries a `refresh_token` (§4.4.3). */
export interface TokenResponseBody {
  /** The access token (RFC 6749 §5.1). */
  access_token: string;
  /** The token type, e.g. `"Bearer"` (RFC 6749 §7.1). */
  token_type: string;
  /** Lifetime in seconds, a JSON number. */
  expires_in: number;
  /** Granted scopes, space-separated; present whenever any scope is granted. */
  scope?: string;
}

/** Result of `flow.token()`. `toResponse()` renders the HTTP response. */
export type TokenResult =
  | {
      success: true;
      tokenResponse: TokenResponseBody;
      grantType: "client_credentials";
      client: OAuth2Client;
      toResponse(): Response;
    }
  | { success: false; error: OAuth2Error; toResponse(): Response };

/** Founding-page name of {@link TokenResult}. */
export type OAuth2FlowTokenResponse = TokenResult;

/** Who a verified access token was issued to, and what it allows. */
export interface AuthCredentials {
  /** The client application. */
  app?: { id?: string; [key: string]: unknown } | undefined;
  /** A user, when the token stands for one (never for client credentials). */
  user?: unknown;
  /** Granted scopes. */
  scope?: readonly string[] | undefined;
  [key: string]: unknown;
}

/** What a `verifyToken` handler returns. */
export interface VerifyTokenHandlerResult {
  /** Whether the token is valid. */
  isValid: boolean;
  /** The token's credentials, when valid. */
  credentials?: AuthCredentials | undefined;
  /** A client-safe reason for rejection; used as `error_description` when in RFC 6749 §5.2's charset. */
  message?: string | undefined;
}

/** Second argument of a `verifyToken` handler. */
export interface VerifyTokenHandlerContext {
  /** The request to the protected resource. */
  request: Request;
  /** The token type the flow uses, e.g. `"Bearer"`. */
  tokenType: string;
}

/** Result of `flow.verifyToken()`. RFC 6750 §3. */
export type VerifyTokenResult =
  | { success: true; token: string; credentials: AuthCredentials }
  | { success: false; error: OAuth2Error; toResponse(): Response };

/** Options of `flow.verifyToken()`. */
export interface VerifyTokenOptions {
  /** Scopes the route needs; all must be granted, else 403 `insufficient_scope` (RFC 6750 §3.1). */
  scopes?: readonly string[] | undefined;
}

/**
 * The last argument of every callback. `signal` is aborted when the flow stops waiting (after
 * `callbackTimeout`, default 10 s): pass it to `fetch` or your database driver so that no work
 * outlives the request.
 */
export interface CallbackOptions {
  /**
   * Aborted, with a `CallbackTimeoutError` reason, when the callback took too long. Made on first
   * read (a callback that never reads it costs no `AbortController`), by a getter: read it as
   * `options.signal` or `{ signal }`; `{ ...options }` does not copy it.
   */
  readonly signal: AbortSignal;
}

/** `getClient` handler. */
export type GetClientHandler = (
  request: ClientCredentialsTokenRequest,
  httpRequest: Request,
  options: CallbackOptions,
) => Promise<OAuth2Client | undefined> | OAuth2Client | undefined;

/** `generateAccessToken` handler. */
export type GenerateAccessTokenHandler = (
  context: ClientCredentialsGrantContext,
  options: CallbackOptions,
) => Promise<OAuth2AccessTokenResult | string | undefined> | OAuth2AccessTokenResult | string | undefined;

/** `verifyToken` handler. */
export type VerifyTokenHandler = (
  token: string,
  context: VerifyTokenHandlerContext,
  options: CallbackOptions,
) => Promise<VerifyTokenHandlerResult> | VerifyTokenHandlerResult;

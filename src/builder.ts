import type { ClientAuthenticationMethod } from "./client-auth/method.js";
import type { OAuth2FlowEvents } from "./events.js";
import { ClientCredentialsFlow } from "./flow.js";
import {
  type ClientAuthenticationMethodName,
  type ClientCredentialsFlowOptions,
  resolveConfiguration,
} from "./options.js";
import type { ClientAuthenticationRateLimitOptions } from "./rate-limit/rate-limit-store.js";
import type { TokenType } from "./token-types/token-type.js";
import type {
  GenerateAccessTokenHandler,
  GetClientHandler,
  IsResourceAllowedHandler,
  VerifyTokenHandler,
} from "./types.js";

/**
 * Collects the options and callbacks of an OAuth 2.0 Client Credentials grant (RFC 6749 §4.4)
 * and builds an immutable {@link ClientCredentialsFlow}. Setters return `this`; nothing is
 * validated until {@link ClientCredentialsFlowBuilder.build}.
 */
export class ClientCredentialsFlowBuilder {
  #options: Partial<ClientCredentialsFlowOptions>;
  #methods: Array<ClientAuthenticationMethodName | ClientAuthenticationMethod>;
  #getClient: GetClientHandler | undefined;
  #generateAccessToken: GenerateAccessTokenHandler | undefined;
  #verifyToken: VerifyTokenHandler | undefined;
  #isResourceAllowed: IsResourceAllowedHandler | undefined;

  /** Any option can be passed here under the setter's name without `set`. Default: all defaults. */
  constructor(params: Partial<ClientCredentialsFlowOptions> = {}) {
    if (typeof params !== "object" || params === null) {
      throw new TypeError("ClientCredentialsFlowBuilder: params must be an object");
    }
    const { clientAuthenticationMethods, ...rest } = params;
    this.#options = { ...rest };
    this.#methods = Array.isArray(clientAuthenticationMethods) ? [...clientAuthenticationMethods] : [];
    if (clientAuthenticationMethods !== undefined && !Array.isArray(clientAuthenticationMethods)) {
      this.#options.clientAuthenticationMethods = clientAuthenticationMethods;
    }
  }

  /** Token endpoint: absolute path or URL. Default `"/token"`. RFC 6749 §3.2. */
  setTokenEndpoint(url: string): this {
    this.#options.tokenEndpoint = url;
    return this;
  }

  /** Access-token lifetime in seconds, a positive integer. Default `3600`. RFC 6749 §5.1. */
  setAccessTokenLifetime(seconds: number): this {
    this.#options.accessTokenLifetime = seconds;
    return this;
  }

  /** Key of the OpenAPI security scheme. Default `"clientCredentials"`. */
  setSecuritySchemeName(name: string): this {
    this.#options.securitySchemeName = name;
    return this;
  }

  /** Description of the OpenAPI security scheme. Default: none. */
  setDescription(text: string): this {
    this.#options.description = text;
    return this;
  }

  /** Known scopes (RFC 6749 §3.3 scope-tokens) with descriptions. Default `{}`: any well-formed scope. */
  setScopes(scopes: Record<string, string>): this {
    this.#options.scopes = scopes;
    return this;
  }

  /** Scopes granted when a request omits `scope`. Default: none. A client's `defaultScopes` overrides. RFC 6749 §3.3. */
  setDefaultScopes(scopes: readonly string[]): this {
    this.#options.defaultScopes = scopes;
    return this;
  }

  /** Issuer identifier: `https` URL without query or fragment (`http://localhost` allowed). Default: none. RFC 8414 §2. */
  setIssuer(url: string): this {
    this.#options.issuer = url;
    return this;
  }

  /**
   * Resource indicators clients may request (absolute URIs without fragment); any other is
   * `invalid_target`. Default `[]`: no flow-wide list. RFC 8707 §2.
   */
  setResources(resources: readonly string[]): this {
    this.#options.resources = resources;
    return this;
  }

  /** Where the server's JWK Set is published (absolute path or URL), for `getMetadata()`. Default: none. RFC 8414 §2. */
  setJwksUri(url: string): this {
    this.#options.jwksUri = url;
    return this;
  }

  /**
   * Identifier of the resource this flow protects (`https` URL, no query or fragment): enables
   * `getProtectedResourceMetadata()` and `resource_metadata` in challenges. Default: none. RFC 9728 §2, §5.1.
   */
  setProtectedResource(url: string): this {
    this.#options.protectedResource = url;
    return this;
  }

  /** Token type: `"Bearer"` (default, RFC 6750) or a {@link TokenType}. RFC 6749 §7.1. */
  setTokenType(type: "Bearer" | TokenType): this {
    this.#options.tokenType = type;
    return this;
  }

  /** `realm` of `WWW-Authenticate` challenges. Default `"oauth2"`. RFC 9110 §11.5. */
  setRealm(realm: string): this {
    this.#options.realm = realm;
    return this;
  }

  /** Largest token request body, in octets. Default `65536`. */
  setMaxBodySize(bytes: number): this {
    this.#options.maxBodySize = bytes;
    return this;
  }

  /** Most parameters in a token request body; more is 400 `invalid_request`. Default `64`. RFC 6749 §3.2. */
  setMaxParameters(count: number): this {
    this.#options.maxParameters = count;
    return this;
  }

  /** Longest `Authorization` header, in characters; longer is 400 `invalid_request`. Default `8192`. */
  setMaxAuthorizationHeaderLength(length: number): this {
    this.#options.maxAuthorizationHeaderLength = length;
    return this;
  }

  /** Longest access token passed to `verifyToken`; longer is 401 `invalid_token`. Default `4096`. RFC 6750 §3.1. */
  setMaxTokenLength(length: number): this {
    this.#options.maxTokenLength = length;
    return this;
  }

  /**
   * Milliseconds the promise of each callback may take to settle before its `AbortSignal` is
   * aborted and the request is answered with 500 `server_error`; a callback that returns a value
   * is not timed. Default `10000`.
   */
  setCallbackTimeout(milliseconds: number): this {
    this.#options.callbackTimeout = milliseconds;
    return this;
  }

  /**
   * Turns on brute-force protection of client authentication: 429 with `Retry-After` after
   * `maxFailures` (default 10) failures in `window` seconds (default 300) per client id and per
   * `key(request)`. Default: off. RFC 6749 §2.3.1.
   */
  setClientAuthenticationRateLimit(options: ClientAuthenticationRateLimitOptions): this {
    this.#options.clientAuthenticationRateLimit = options;
    return this;
  }

  /** Observers of issued tokens and refusals (they never receive secrets). Default: none. */
  setEvents(events: OAuth2FlowEvents): this {
    this.#options.events = events;
    return this;
  }

  /** Believe `Forwarded`/`X-Forwarded-*` headers. Default `false`. Enable only behind a proxy that sets them. */
  setTrustForwardedHeaders(trust: boolean): this {
    this.#options.trustForwardedHeaders = trust;
    return this;
  }

  /** Refuse token requests not over `https` (loopback excepted). Default `false`. RFC 6749 §3.2. */
  setRequireHttps(require: boolean): this {
    this.#options.requireHttps = require;
    return this;
  }

  /**
   * Accepts a client authentication method. Default when none is added: `"client_secret_basic"`.
   * `"none"` (name or object) is accepted and ignored: client credentials need a secret. RFC 6749 §2.3.
   */
  addClientAuthenticationMethod(method: ClientAuthenticationMethodName | ClientAuthenticationMethod): this {
    this.#methods.push(method);
    return this;
  }

  /** Stops accepting a client authentication method, by name. */
  removeClientAuthenticationMethod(name: string): this {
    this.#methods = this.#methods.filter((method) => (typeof method === "string" ? method : method?.name) !== name);
    return this;
  }

  /** Looks up and authenticates a client at the token endpoint. Required. RFC 6749 §4.4.2. */
  getClient(handler: GetClientHandler): this {
    this.#getClient = handler;
    return this;
  }

  /** Issues the access token for an authenticated client. Required. RFC 6749 §4.4.3. */
  generateAccessToken(handler: GenerateAccessTokenHandler): this {
    this.#generateAccessToken = handler;
    return this;
  }

  /** Checks access tokens at protected resources; needed by `flow.verifyToken()`. RFC 6750 §3. */
  verifyToken(handler: VerifyTokenHandler): this {
    this.#verifyToken = handler;
    return this;
  }

  /**
   * Decides whether a client may have a token for a requested resource, after the flow's
   * `resources` and the client's `resources` agreed; anything but `true` is `invalid_target`.
   * Optional. RFC 8707 §2.
   */
  isResourceAllowed(handler: IsResourceAllowedHandler): this {
    this.#isResourceAllowed = handler;
    return this;
  }

  /**
   * Validates every option and callback at once and returns a frozen flow; later changes to
   * the builder do not reach it. Throws one `TypeError` listing every problem.
   */
  build(): ClientCredentialsFlow {
    const options: Partial<ClientCredentialsFlowOptions> = { ...this.#options };
    if (options.clientAuthenticationMethods === undefined) options.clientAuthenticationMethods = [...this.#methods];
    const { configuration, callbacks } = resolveConfiguration(options, {
      getClient: this.#getClient,
      generateAccessToken: this.#generateAccessToken,
      verifyToken: this.#verifyToken,
      isResourceAllowed: this.#isResourceAllowed,
    });
    return new ClientCredentialsFlow(configuration, callbacks);
  }
}

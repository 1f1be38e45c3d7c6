import { callWithTimeout } from "./callback-timeout.js";
import { withClientAuthenticationChallenge } from "./client-auth/invalid-client.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod } from "./client-auth/method.js";
import { selectClientAuthenticationMethod } from "./client-auth/select-method.js";
import { isErrorDescription, isOAuth2Error, OAuth2Error } from "./errors.js";
import { type ClientAuthenticationFailureReason, emit, type TokenRejectionReason } from "./events.js";
import { sha256Base64Url } from "./internal/sha256.js";
import { type AuthorizationServerMetadata, authorizationServerMetadata } from "./metadata/authorization-server.js";
import { type ProtectedResourceMetadata, protectedResourceMetadata } from "./metadata/protected-resource.js";
import {
  type OpenAPIComponents,
  type OpenAPIOperationSecurity,
  type OpenAPIPaths,
  type OpenAPISecurityRequirement,
  type OpenAPISecurityScheme,
  openAPIComponents,
  openAPIOperationSecurity,
  openAPIPaths,
  openAPISecurityRequirement,
  openAPISecurityScheme,
} from "./openapi/documents.js";
import {
  type ClientCredentialsFlowCallbacks,
  type ClientCredentialsFlowConfiguration,
  KNOWN_CLIENT_AUTHENTICATION_METHODS,
} from "./options.js";
import { effectiveRequestUrl, isLoopbackHost } from "./request/effective-url.js";
import { parseTokenRequest } from "./request/parse-token-request.js";
import { grantAudience, parseResources } from "./request/resource-indicators.js";
import { tokenResponse } from "./response.js";
import { firstScopeNotIn, formatScope, isScopeToken, parseScope } from "./scope.js";
import { type AccessTokenLookup, extractAccessToken } from "./token-types/bearer.js";
import { withResourceChallenge } from "./token-types/challenge.js";
import type {
  AuthCredentials,
  CallbackOptions,
  ClientCredentialsGrantContext,
  ClientCredentialsTokenRequest,
  OAuth2Client,
  TokenResponseBody,
  TokenResult,
  VerifyTokenOptions,
  VerifyTokenResult,
} from "./types.js";

const GRANT_TYPE = "client_credentials";

/** What a token request's client authentication got to: it decides statuses, events and counting. */
interface AuthenticationAttempt {
  /** The method tried, once known. */
  method: ClientAuthenticationMethod | undefined;
  /** The client's id once `getClient` returned it: never the claimed value, which may be a misplaced secret. */
  clientId: string | undefined;
  /** Why authentication failed, when it did. */
  failure: ClientAuthenticationFailureReason | undefined;
  /** Rate-limit keys of this request: the caller's, then the client id's. */
  rateLimitKeys: string[];
}

/** What a successful token request granted, for the `onTokenIssued` event. */
interface Issued {
  body: TokenResponseBody;
  client: OAuth2Client;
  audience: readonly string[];
}

// Control characters (C0 and DEL) have no place in a client id or secret (RFC 6749 Appendix A.1,
// A.2: VSCHAR); a NUL in particular is read differently by different back ends.
const CONTROL_CHARACTER = /[\x00-\x1F\x7F]/;

// RFC 6749 Appendix A.12: access-token = 1*VSCHAR
const VSCHAR = /^[\x20-\x7E]+$/;

/**
 * An OAuth 2.0 Client Credentials grant (RFC 6749 §4.4) and the protection of resources with
 * its tokens (RFC 6750), built by {@link ClientCredentialsFlowBuilder}. Immutable; its
 * methods never reject for anything a client sends.
 */
export class ClientCredentialsFlow {
  /** The validated, frozen configuration. */
  readonly configuration: ClientCredentialsFlowConfiguration;
  readonly #callbacks: ClientCredentialsFlowCallbacks;
  readonly #knownMethods: readonly ClientAuthenticationMethod[];
  readonly #enabledMethodNames: ReadonlySet<string>;
  /** The configured scope names, listed once. */
  readonly #knownScopes: readonly string[];

  /** @internal Use {@link ClientCredentialsFlowBuilder.build}. */
  constructor(configuration: ClientCredentialsFlowConfiguration, callbacks: ClientCredentialsFlowCallbacks) {
    this.configuration = configuration;
    this.#callbacks = callbacks;
    const enabled = configuration.clientAuthenticationMethods;
    const known = [...enabled];
    for (const method of KNOWN_CLIENT_AUTHENTICATION_METHODS) {
      if (!known.some((m) => m.name === method.name)) known.push(method);
    }
    this.#knownMethods = Object.freeze(known);
    this.#enabledMethodNames = new Set(enabled.map((method) => method.name));
    this.#knownScopes = Object.freeze(Object.keys(configuration.scopes));
    Object.freeze(this);
  }

  /** The configured token endpoint (path or URL). Default `"/token"`. */
  getTokenEndpoint(): string {
    return this.configuration.tokenEndpoint;
  }

  /**
   * Handles a token request (RFC 6749 §4.4.2) and answers with a token response (§4.4.3, §5.1)
   * or an error (§5.2). Never rejects: client input and throwing callbacks both become errors.
   */
  async token(request: Request): Promise<TokenResult> {
    const attempt: AuthenticationAttempt = {
      method: undefined,
      clientId: undefined,
      failure: undefined,
      rateLimitKeys: [],
    };
    let outcome: Issued | OAuth2Error;
    try {
      outcome = await this.#issue(request, attempt);
    } catch (error) {
      outcome = serverError(error);
    }
    if (isOAuth2Error(outcome)) {
      const { clientAuthenticationMethods, realm } = this.configuration;
      const error = withClientAuthenticationChallenge(
        outcome,
        request,
        attempt.method,
        clientAuthenticationMethods,
        realm,
      );
      await this.#recordAuthenticationFailure(attempt, error);
      return failure(error);
    }
    const { body, client, audience } = outcome;
    const onTokenIssued = this.#callbacks.events.onTokenIssued;
    if (onTokenIssued !== undefined) {
      emit(onTokenIssued, {
        clientId: client.id,
        authenticationMethod: attempt.method?.name ?? "",
        scope: body.scope === undefined ? [] : body.scope.split(" "),
        audience,
        expiresIn: body.expires_in,
      });
    }
    return {
      success: true,
      tokenResponse: body,
      grantType: GRANT_TYPE,
      client,
      toResponse: () => tokenResponse(body),
    };
  }

  /** Calls a callback with its `{ signal }` options, giving up after `callbackTimeout` milliseconds. */
  #call<T>(name: string, callback: (options: CallbackOptions) => T | PromiseLike<T>): Awaited<T> | Promise<Awaited<T>> {
    return callWithTimeout(name, this.configuration.callbackTimeout, callback);
  }

  /**
   * Reports a failed client authentication and counts it against the request's rate-limit keys.
   * Requests without credentials are not counted: they guess nothing. A store failure here is
   * ignored; the next check fails closed.
   */
  async #recordAuthenticationFailure(attempt: AuthenticationAttempt, error: OAuth2Error): Promise<void> {
    const reason = attempt.failure;
    if (reason === undefined) return;
    emit(this.#callbacks.events.onClientAuthenticationFailed, {
      reason,
      clientId: attempt.clientId,
      authenticationMethod: attempt.method?.name,
      status: error.status,
    });
    const limit = this.configuration.clientAuthenticationRateLimit;
    if (limit === undefined || reason === "rate_limited" || reason === "missing_credentials") return;
    for (const key of attempt.rateLimitKeys) {
      try {
        await this.#call("rate limit store", () => limit.store.increment(key, limit.window * 1000));
      } catch {
        // Counting is best effort; checking is not.
      }
    }
  }

  /**
   * RFC 6749 §2.3.1 brute-force protection: 429 `temporarily_unavailable` with `Retry-After`
   * when any of `keys` has reached `maxFailures` in its window; `undefined` otherwise.
   */
  async #rateLimited(keys: readonly string[], attempt: AuthenticationAttempt): Promise<OAuth2Error | undefined> {
    const limit = this.configuration.clientAuthenticationRateLimit;
    if (limit === undefined) return undefined;
    for (const key of keys) {
      const state = await this.#call("rate limit store", () => limit.store.get(key));
      if (state !== undefined && state.count >= limit.maxFailures) {
        attempt.failure = "rate_limited";
        return new OAuth2Error("temporarily_unavailable", {
          description: "Too many failed client authentications; retry later",
          status: 429,
          headers: { "Retry-After": String(Math.max(1, Math.ceil(state.resetIn / 1000))) },
        });
      }
    }
    return undefined;
  }

  async #issue(request: Request, attempt: AuthenticationAttempt): Promise<Issued | OAuth2Error> {
    const { configuration } = this;
    if (configuration.requireHttps) {
      const url = effectiveRequestUrl(request, configuration.trustForwardedHeaders);
      if (url.protocol !== "https:" && !isLoopbackHost(url)) {
        return new OAuth2Error("invalid_request", { description: "The token endpoint requires https" });
      }
    }
    const parameters = await parseTokenRequest(request, configuration);
    if (isOAuth2Error(parameters)) return parameters;
    const authorization = request.headers.get("authorization");
    if (authorization !== null && authorization.length > configuration.maxAuthorizationHeaderLength) {
      return new OAuth2Error("invalid_request", { description: "The Authorization header is too long" });
    }

    // RFC 6749 §4.4.2: grant_type REQUIRED, value "client_credentials".
    const grantType = parameters.values.get("grant_type");
    if (grantType === undefined) {
      return new OAuth2Error("invalid_request", { description: "grant_type is required" });
    }
    if (grantType !== GRANT_TYPE) {
      return new OAuth2Error("unsupported_grant_type", { description: "Only client_credentials is supported" });
    }

    // RFC 6749 §3.3: scope = scope-token *( SP scope-token ).
    const scopeParameter = parameters.values.get("scope");
    const requestedScope = scopeParameter === undefined ? undefined : parseScope(scopeParameter);
    if (scopeParameter !== undefined && requestedScope === undefined) {
      return new OAuth2Error("invalid_scope", { description: "The scope parameter is malformed" });
    }

    // RFC 8707 §2: resource may repeat; each an absolute URI without fragment.
    const requestedResources = parseResources(parameters.resources);
    if (isOAuth2Error(requestedResources)) return requestedResources;

    const authenticated = await this.#authenticateClient(
      { request, parameters, authorization },
      requestedScope,
      attempt,
    );
    if (isOAuth2Error(authenticated)) return authenticated;
    const client = authenticated;

    // RFC 6749 §5.2 unauthorized_client: the client may not use this grant type.
    if (client.grants !== undefined && !(Array.isArray(client.grants) && client.grants.includes(GRANT_TYPE))) {
      return new OAuth2Error("unauthorized_client", {
        description: "The client is not allowed to use the client_credentials grant",
      });
    }

    const scope = this.#grantScope(client, requestedScope);
    if (isOAuth2Error(scope)) return scope;

    // RFC 8707 §2: without a resource parameter the audience is the token's default (empty here).
    let audience: string[] = [];
    if (requestedResources.length > 0) {
      const decide = this.#callbacks.isResourceAllowed;
      const granted = await grantAudience(requestedResources, client, {
        resources: configuration.resources,
        isResourceAllowed:
          decide === undefined
            ? undefined
            : (context) => this.#call("isResourceAllowed", (options) => decide(context, options)),
        request,
      });
      if (isOAuth2Error(granted)) return granted;
      audience = granted;
    }

    const accessTokenLifetime =
      Number.isInteger(client.accessTokenLifetime) && (client.accessTokenLifetime as number) > 0
        ? (client.accessTokenLifetime as number)
        : configuration.accessTokenLifetime;
    const context: ClientCredentialsGrantContext = {
      client,
      grantType: GRANT_TYPE,
      scope: [...scope],
      tokenType: configuration.tokenType.name,
      accessTokenLifetime,
      audience,
      request,
    };
    const generating = this.#call("generateAccessToken", (options) =>
      this.#callbacks.generateAccessToken(context, options),
    );
    const generated = generating instanceof Promise ? await generating : generating;
    const body = tokenResponseBody(generated, configuration.tokenType.name, accessTokenLifetime, scope);
    if (isOAuth2Error(body)) return body;
    return { body, client, audience };
  }

  /**
   * RFC 6749 §2.3: exactly one method, enabled, the client's registered one; then `getClient`.
   * Records the method tried in `attempt`, which decides the status of `invalid_client`.
   */
  async #authenticateClient(
    input: ClientAuthenticationInput,
    scope: string[] | undefined,
    attempt: AuthenticationAttempt,
  ): Promise<OAuth2Client | OAuth2Error> {
    const limit = this.configuration.clientAuthenticationRateLimit;
    if (limit?.key !== undefined) {
      const key = await this.#call("clientAuthenticationRateLimit.key", () => limit.key?.(input.request));
      if (typeof key === "string" && key !== "") attempt.rateLimitKeys.push(await rateLimitKey("key:", key));
      const limited = await this.#rateLimited(attempt.rateLimitKeys, attempt);
      if (limited !== undefined) return limited;
    }
    const selection = selectClientAuthenticationMethod(input, this.#knownMethods, this.#enabledMethodNames);
    attempt.method = selection.method;
    if (selection.error !== undefined) {
      attempt.failure = selection.reason;
      return selection.error;
    }
    const { method } = selection;
    const claim = method.readCredentials(input);
    if (isOAuth2Error(claim)) {
      attempt.failure = "malformed_credentials";
      return claim;
    }
    if (CONTROL_CHARACTER.test(claim.clientId) || CONTROL_CHARACTER.test(claim.clientSecret ?? "")) {
      attempt.failure = "malformed_credentials";
      return new OAuth2Error("invalid_client", { description: "Malformed client credentials" });
    }
    if (limit !== undefined) {
      const key = await rateLimitKey("client:", claim.clientId);
      attempt.rateLimitKeys.push(key);
      const limited = await this.#rateLimited([key], attempt);
      if (limited !== undefined) return limited;
    }

    const request: ClientCredentialsTokenRequest = {
      clientId: claim.clientId,
      clientSecret: claim.clientSecret ?? "",
      grantType: GRANT_TYPE,
      scope: scope === undefined ? undefined : [...scope],
      authenticationMethod: method.name,
    };
    let client: OAuth2Client | undefined;
    try {
      const found = this.#call("getClient", (options) => this.#callbacks.getClient(request, input.request, options));
      client = found instanceof Promise ? await found : found;
    } catch (error) {
      // Answered by token(): an OAuth2Error as it is, anything else as server_error.
      if (isOAuth2Error(error) && error.code === "invalid_client") attempt.failure = "invalid_credentials";
      throw error;
    }
    if (client === undefined || client === null) {
      attempt.failure = "invalid_credentials";
      return new OAuth2Error("invalid_client", { description: "Client authentication failed" });
    }
    if (typeof client !== "object" || typeof client.id !== "string") {
      return serverError(new TypeError("getClient must return an OAuth2Client or undefined"));
    }
    attempt.clientId = client.id;
    // RFC 7591 §2: a client registers one token_endpoint_auth_method.
    if (client.tokenEndpointAuthMethod !== undefined && client.tokenEndpointAuthMethod !== method.name) {
      attempt.failure = "method_not_registered";
      return new OAuth2Error("invalid_client", {
        description: "The client is not registered for this authentication method",
      });
    }
    if (method.verifyClient !== undefined) {
      const verifyClient = method.verifyClient.bind(method);
      const verified = await this.#call("verifyClient", () => verifyClient(client, claim, input));
      if (verified !== true) {
        if (!isOAuth2Error(verified) || verified.code === "invalid_client") attempt.failure = "invalid_assertion";
        return isOAuth2Error(verified)
          ? verified
          : new OAuth2Error("invalid_client", { description: "Client authentication failed" });
      }
    }
    return client;
  }

  /**
   * RFC 6749 §3.3: every requested scope must be known (when scopes are configured) and allowed
   * to the client (when it lists `scopes`). An omitted scope gets the default — the client's
   * `defaultScopes`, else the flow's — narrowed by the same two rules.
   */
  #grantScope(client: OAuth2Client, requested: string[] | undefined): readonly string[] | OAuth2Error {
    const known = this.#knownScopes;
    const allowed = Array.isArray(client.scopes) ? client.scopes : undefined;
    if (requested === undefined) {
      const permitted = (scope: string) =>
        (known.length === 0 || known.includes(scope)) && (allowed === undefined || allowed.includes(scope));
      const defaults = Array.isArray(client.defaultScopes) ? client.defaultScopes : this.configuration.defaultScopes;
      return [...new Set(defaults)].filter((scope) => isScopeToken(scope) && permitted(scope));
    }
    if (known.length > 0 && firstScopeNotIn(requested, known) !== undefined) {
      return new OAuth2Error("invalid_scope", { description: "The requested scope is unknown" });
    }
    if (allowed !== undefined && firstScopeNotIn(requested, allowed) !== undefined) {
      return new OAuth2Error("invalid_scope", { description: "The requested scope is not allowed for this client" });
    }
    return requested;
  }

  /**
   * Checks the access token of a request to a protected resource (RFC 6750 §2–§3): `Authorization`
   * header (body and query only when enabled), the `verifyToken` handler, then `options.scopes`.
   * Never rejects for client input; rejects with `TypeError` when no handler is set or a scope in
   * `options.scopes` is not configured.
   */
  async verifyToken(request: Request, options: VerifyTokenOptions = {}): Promise<VerifyTokenResult> {
    const handler = this.#callbacks.verifyToken;
    if (handler === undefined) {
      throw new TypeError("verifyToken: no handler configured; set it with builder.verifyToken(handler)");
    }
    const required = options.scopes ?? [];
    this.#assertKnownScopes(required, "verifyToken");
    const { configuration } = this;
    const scheme = configuration.tokenType.name;

    const authorization = request.headers.get("authorization");
    if (authorization !== null && authorization.length > configuration.maxAuthorizationHeaderLength) {
      return this.#reject(
        new OAuth2Error("invalid_request", { description: "The Authorization header is too long" }),
        required,
      );
    }
    let token: AccessTokenLookup;
    try {
      const lookup = extractAccessToken(request, authorization, {
        scheme,
        formBody: configuration.acceptFormBodyToken,
        query: configuration.acceptQueryToken,
        maxBodySize: configuration.maxBodySize,
      });
      token = lookup instanceof Promise ? await lookup : lookup;
    } catch (error) {
      token = new OAuth2Error("invalid_request", { description: "The request could not be read", cause: error });
    }
    if (token === undefined || isOAuth2Error(token)) return this.#reject(token, required);
    // A token longer than any this server issues is refused without troubling the handler.
    if (token.length > configuration.maxTokenLength) {
      return this.#reject(new OAuth2Error("invalid_token", { description: "The access token is invalid" }), required);
    }

    let result: unknown;
    try {
      const presented = token;
      const answered = this.#call("verifyToken", (callbackOptions) =>
        handler(presented, { request, tokenType: scheme }, callbackOptions),
      );
      result = answered instanceof Promise ? await answered : answered;
    } catch (error) {
      return this.#reject(serverError(error), required);
    }
    if (
      typeof result !== "object" ||
      result === null ||
      typeof (result as { isValid?: unknown }).isValid !== "boolean"
    ) {
      return this.#reject(serverError(new TypeError("verifyToken handler must return { isValid: boolean }")), required);
    }
    const { isValid, credentials, message } = result as {
      isValid: boolean;
      credentials?: unknown;
      message?: unknown;
    };
    if (!isValid) {
      return this.#reject(
        new OAuth2Error("invalid_token", {
          description: isErrorDescription(message) ? message : "The access token is invalid",
        }),
        required,
      );
    }
    const verified: AuthCredentials =
      typeof credentials === "object" && credentials !== null ? (credentials as AuthCredentials) : {};
    if (!grantsEveryScope(verified.scope, required)) {
      return this.#reject(
        new OAuth2Error("insufficient_scope", { description: "The access token does not grant the required scope" }),
        required,
      );
    }
    return { success: true, token, credentials: verified };
  }

  /**
   * A protected-resource refusal: the error with its `WWW-Authenticate` challenge (RFC 6750 §3),
   * reported to `onTokenRejected`. `undefined` is a request without a token (§3.1: no error code).
   */
  #reject(error: OAuth2Error | undefined, required: readonly string[]): VerifyTokenResult {
    const { configuration } = this;
    const answer = withResourceChallenge(
      error,
      configuration.tokenType.name,
      configuration.realm,
      required,
      configuration.protectedResourceMetadataUrl,
    );
    emit(this.#callbacks.events.onTokenRejected, {
      reason: rejectionReason(answer),
      code: answer.silent ? undefined : answer.code,
      status: answer.status,
    });
    return failure(answer);
  }

  /**
   * The authorization server metadata document (RFC 8414 §2) of this flow, to serve at
   * `/.well-known/oauth-authorization-server` (RFC 8414 §3). Throws `TypeError` when no issuer
   * is configured.
   */
  getMetadata(): AuthorizationServerMetadata {
    return authorizationServerMetadata(this.configuration);
  }

  /**
   * The protected resource metadata document (RFC 9728 §2) of the resource this flow protects,
   * to serve at `configuration.protectedResourceMetadataUrl` (RFC 9728 §3). Throws `TypeError`
   * when no `protectedResource` is configured.
   */
  getProtectedResourceMetadata(): ProtectedResourceMetadata {
    return protectedResourceMetadata(this.configuration);
  }

  /** The OpenAPI Security Scheme Object of this flow, keyed by its name. OpenAPI 3.1 §4.8.27. */
  toOpenAPISecurityScheme(): Record<string, OpenAPISecurityScheme> {
    return openAPISecurityScheme(this.configuration);
  }

  /**
   * The Security Requirement Object for one operation: `{ [securitySchemeName]: scopes ?? [] }`.
   * Throws `TypeError` for a scope that is not configured. OpenAPI 3.1 §4.8.30.
   */
  toOpenAPIPathItem(scopes?: readonly string[]): OpenAPISecurityRequirement {
    const list = scopes ?? [];
    this.#assertKnownScopes(list, "toOpenAPIPathItem");
    return openAPISecurityRequirement(this.configuration, list);
  }

  /**
   * What a protected operation adds to its OpenAPI Operation Object: `security` and the
   * 401/403 responses (RFC 6750 §3), as references into {@link toOpenAPIComponents}.
   * Throws `TypeError` for a scope that is not configured.
   */
  toOpenAPIOperationSecurity(scopes?: readonly string[]): OpenAPIOperationSecurity {
    const list = scopes ?? [];
    this.#assertKnownScopes(list, "toOpenAPIOperationSecurity");
    return openAPIOperationSecurity(this.configuration, list);
  }

  /** The OpenAPI Paths Object describing the token endpoint (RFC 6749 §4.4.2–§5.2). */
  toOpenAPIPaths(): OpenAPIPaths {
    return openAPIPaths(this.configuration);
  }

  /** The OpenAPI Components this flow's documents refer to: security scheme, schemas, responses. */
  toOpenAPIComponents(): OpenAPIComponents {
    return openAPIComponents(this.configuration);
  }

  #assertKnownScopes(scopes: readonly string[], caller: string): void {
    if (!Array.isArray(scopes)) throw new TypeError(`${caller}: scopes must be an array of scope names`);
    const known = this.#knownScopes;
    for (const scope of scopes) {
      if (!isScopeToken(scope))
        throw new TypeError(`${caller}: "${String(scope)}" is not an RFC 6749 §3.3 scope-token`);
      if (known.length > 0 && !known.includes(scope)) {
        throw new TypeError(`${caller}: "${scope}" is not one of the configured scopes`);
      }
    }
  }
}

function failure(error: OAuth2Error): { success: false; error: OAuth2Error; toResponse(): Response } {
  return { success: false, error, toResponse: () => error.toResponse() };
}

/**
 * A callback's throw: an `OAuth2Error` is answered as it is; anything else becomes a generic
 * `server_error` with the original only in `cause` (never on the wire).
 */
function serverError(thrown: unknown): OAuth2Error {
  if (isOAuth2Error(thrown)) return thrown;
  return new OAuth2Error("server_error", {
    description: "The authorization server encountered an unexpected error",
    cause: thrown,
  });
}

/** Reads `generateAccessToken`'s result into an RFC 6749 §5.1 body; anything unusable is `server_error`. */
function tokenResponseBody(
  generated: unknown,
  tokenType: string,
  lifetime: number,
  granted: readonly string[],
): TokenResponseBody | OAuth2Error {
  let accessToken: unknown = generated;
  let expiresIn: unknown = lifetime;
  let scope: unknown = granted;
  if (typeof generated === "object" && generated !== null) {
    const result = generated as { accessToken?: unknown; expiresIn?: unknown; scope?: unknown };
    accessToken = result.accessToken;
    if (result.expiresIn !== undefined) expiresIn = result.expiresIn;
    if (result.scope !== undefined) scope = result.scope;
  }
  if (typeof accessToken !== "string" || !VSCHAR.test(accessToken)) {
    return serverError(new TypeError("generateAccessToken must return a non-empty printable-ASCII access token"));
  }
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn <= 0) {
    return serverError(new TypeError("generateAccessToken: expiresIn must be a positive integer"));
  }
  // RFC 6749 §5.1 needs `scope` when the grant differs from the request, and §3.3 has no empty scope.
  if (
    !Array.isArray(scope) ||
    firstScopeNotIn(scope, granted) !== undefined ||
    (scope.length === 0 && granted.length > 0)
  ) {
    return serverError(new TypeError("generateAccessToken: scope must be a non-empty subset of the granted scope"));
  }
  const body: TokenResponseBody = { access_token: accessToken, token_type: tokenType, expires_in: expiresIn };
  // RFC 6749 §5.1: scope is sent whenever a scope is granted.
  if (scope.length > 0) body.scope = formatScope(scope);
  return body;
}

/** The `onTokenRejected` reason of a protected-resource refusal. RFC 6750 §3.1. */
function rejectionReason(error: OAuth2Error): TokenRejectionReason {
  if (error.silent) return "missing_token";
  switch (error.code) {
    case "invalid_request":
      return "malformed_request";
    case "insufficient_scope":
      return "insufficient_scope";
    case "server_error":
      return "server_error";
    default:
      return "invalid_token";
  }
}

/**
 * A rate-limit key: `prefix` and the SHA-256 of `value`, so that a store never holds an attacker's
 * 64 KiB client id, nor a secret a client sent as its id. RFC 6749 §2.3.1.
 */
async function rateLimitKey(prefix: string, value: string): Promise<string> {
  return `${prefix}sha256:${await sha256Base64Url(value)}`;
}

/**
 * Whether the `scope` a `verifyToken` handler returned (a list, or a space-delimited string as
 * in RFC 6749 §3.3) holds every one of `required`.
 */
function grantsEveryScope(scope: unknown, required: readonly string[]): boolean {
  if (required.length === 0) return true;
  // A required scope is a string; it can only be found among the strings of the list.
  if (Array.isArray(scope)) return firstScopeNotIn(required, scope as readonly string[]) === undefined;
  if (typeof scope === "string") return firstScopeNotIn(required, scope.split(" ")) === undefined;
  return false;
}

import { withClientAuthenticationChallenge } from "./client-auth/invalid-client.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod } from "./client-auth/method.js";
import { selectClientAuthenticationMethod } from "./client-auth/select-method.js";
import { isErrorDescription, isOAuth2Error, OAuth2Error } from "./errors.js";
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
import { extractAccessToken } from "./token-types/bearer.js";
import { withResourceChallenge } from "./token-types/challenge.js";
import type {
  AuthCredentials,
  OAuth2Client,
  TokenResponseBody,
  TokenResult,
  VerifyTokenOptions,
  VerifyTokenResult,
} from "./types.js";

const GRANT_TYPE = "client_credentials";

/** Which client authentication method a token request tried, once known. */
interface AuthenticationAttempt {
  method: ClientAuthenticationMethod | undefined;
}
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
    const attempt: AuthenticationAttempt = { method: undefined };
    let outcome: TokenResponseBody | OAuth2Error;
    let client: OAuth2Client | undefined;
    try {
      const issued = await this.#issue(request, attempt);
      if (isOAuth2Error(issued)) outcome = issued;
      else {
        outcome = issued.body;
        client = issued.client;
      }
    } catch (error) {
      outcome = serverError(error);
    }
    if (isOAuth2Error(outcome)) {
      const { clientAuthenticationMethods, realm } = this.configuration;
      return failure(
        withClientAuthenticationChallenge(outcome, request, attempt.method, clientAuthenticationMethods, realm),
      );
    }
    const body = outcome;
    return {
      success: true,
      tokenResponse: body,
      grantType: GRANT_TYPE,
      client: client as OAuth2Client,
      toResponse: () => tokenResponse(body),
    };
  }

  async #issue(
    request: Request,
    attempt: AuthenticationAttempt,
  ): Promise<{ body: TokenResponseBody; client: OAuth2Client } | OAuth2Error> {
    const { configuration } = this;
    if (configuration.requireHttps) {
      const url = effectiveRequestUrl(request, configuration.trustForwardedHeaders);
      if (url.protocol !== "https:" && !isLoopbackHost(url)) {
        return new OAuth2Error("invalid_request", { description: "The token endpoint requires https" });
      }
    }
    const parameters = await parseTokenRequest(request, configuration.maxBodySize);
    if (isOAuth2Error(parameters)) return parameters;

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

    const authenticated = await this.#authenticateClient({ request, parameters }, requestedScope, attempt);
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

    const audience = await grantAudience(requestedResources, client, {
      resources: configuration.resources,
      isResourceAllowed: this.#callbacks.isResourceAllowed,
      request,
    });
    if (isOAuth2Error(audience)) return audience;

    const accessTokenLifetime =
      Number.isInteger(client.accessTokenLifetime) && (client.accessTokenLifetime as number) > 0
        ? (client.accessTokenLifetime as number)
        : configuration.accessTokenLifetime;
    const generated = await this.#callbacks.generateAccessToken({
      client,
      grantType: GRANT_TYPE,
      scope: [...scope],
      tokenType: configuration.tokenType.name,
      accessTokenLifetime,
      audience,
      request,
    });
    const body = tokenResponseBody(generated, configuration.tokenType.name, accessTokenLifetime, scope);
    if (isOAuth2Error(body)) return body;
    return { body, client };
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
    const selection = selectClientAuthenticationMethod(input, this.#knownMethods, this.#enabledMethodNames);
    attempt.method = selection.method;
    if (selection.error !== undefined) return selection.error;
    const { method } = selection;
    const claim = method.readCredentials(input);
    if (isOAuth2Error(claim)) return claim;

    // A throw from here on is answered by token(): an OAuth2Error as it is, anything else as server_error.
    const client = await this.#callbacks.getClient(
      {
        clientId: claim.clientId,
        clientSecret: claim.clientSecret ?? "",
        grantType: GRANT_TYPE,
        scope: scope === undefined ? undefined : [...scope],
        authenticationMethod: method.name,
      },
      input.request,
    );
    if (client === undefined || client === null) {
      return new OAuth2Error("invalid_client", { description: "Client authentication failed" });
    }
    if (typeof client !== "object" || typeof client.id !== "string") {
      return serverError(new TypeError("getClient must return an OAuth2Client or undefined"));
    }
    // RFC 7591 §2: a client registers one token_endpoint_auth_method.
    if (client.tokenEndpointAuthMethod !== undefined && client.tokenEndpointAuthMethod !== method.name) {
      return new OAuth2Error("invalid_client", {
        description: "The client is not registered for this authentication method",
      });
    }
    if (method.verifyClient !== undefined) {
      const verified = await method.verifyClient(client, claim, input);
      if (verified !== true) {
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
    const known = Object.keys(this.configuration.scopes);
    const allowed = Array.isArray(client.scopes) ? client.scopes : undefined;
    const permitted = (scope: string) =>
      (known.length === 0 || known.includes(scope)) && (allowed === undefined || allowed.includes(scope));
    if (requested === undefined) {
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
    const reject = (error: OAuth2Error | undefined) =>
      failure(
        withResourceChallenge(error, scheme, configuration.realm, required, configuration.protectedResourceMetadataUrl),
      );

    let token: string | undefined | OAuth2Error;
    try {
      token = await extractAccessToken(request, {
        scheme,
        formBody: configuration.acceptFormBodyToken,
        query: configuration.acceptQueryToken,
        maxBodySize: configuration.maxBodySize,
      });
    } catch (error) {
      token = new OAuth2Error("invalid_request", { description: "The request could not be read", cause: error });
    }
    if (token === undefined || isOAuth2Error(token)) return reject(token);

    let result: unknown;
    try {
      result = await handler(token, { request, tokenType: scheme });
    } catch (error) {
      return reject(serverError(error));
    }
    if (
      typeof result !== "object" ||
      result === null ||
      typeof (result as { isValid?: unknown }).isValid !== "boolean"
    ) {
      return reject(serverError(new TypeError("verifyToken handler must return { isValid: boolean }")));
    }
    const { isValid, credentials, message } = result as {
      isValid: boolean;
      credentials?: unknown;
      message?: unknown;
    };
    if (!isValid) {
      return reject(
        new OAuth2Error("invalid_token", {
          description: isErrorDescription(message) ? message : "The access token is invalid",
        }),
      );
    }
    const verified: AuthCredentials =
      typeof credentials === "object" && credentials !== null ? (credentials as AuthCredentials) : {};
    const granted = grantedScopes(verified.scope);
    if (firstScopeNotIn(required, granted) !== undefined) {
      return reject(
        new OAuth2Error("insufficient_scope", { description: "The access token does not grant the required scope" }),
      );
    }
    return { success: true, token, credentials: verified };
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
    const known = Object.keys(this.configuration.scopes);
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

function grantedScopes(scope: unknown): readonly string[] {
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === "string");
  if (typeof scope === "string") return scope.split(" ").filter((s) => s !== "");
  return [];
}

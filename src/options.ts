import { z } from "zod";
import { type ClientAssertionContext, createClientAssertionContext } from "./client-auth/client-assertion-method.js";
import {
  type ClientAssertionOptions,
  clientAssertionOptionsSchema,
  clientAssertionProblems,
  type ResolvedClientAssertionOptions,
  resolveClientAssertionOptions,
} from "./client-auth/client-assertion-options.js";
import { clientSecretBasic } from "./client-auth/client-secret-basic.js";
import { clientSecretJwt } from "./client-auth/client-secret-jwt.js";
import { clientSecretPost } from "./client-auth/client-secret-post.js";
import type { ClientAuthenticationMethod } from "./client-auth/method.js";
import { privateKeyJwt } from "./client-auth/private-key-jwt.js";
import { isErrorDescription } from "./errors.js";
import type { OAuth2FlowEvents } from "./events.js";
import { wellKnownUrl } from "./metadata/well-known.js";
import { MemoryRateLimitStore } from "./rate-limit/memory-rate-limit-store.js";
import type { ClientAuthenticationRateLimitOptions, RateLimitStore } from "./rate-limit/rate-limit-store.js";
import { isLoopbackHost } from "./request/effective-url.js";
import { isResourceIndicator } from "./request/resource-indicators.js";
import { isScopeToken } from "./scope.js";
import { bearerTokenType, type TokenType } from "./token-types/token-type.js";
import type {
  GenerateAccessTokenHandler,
  GetClientHandler,
  IsResourceAllowedHandler,
  VerifyTokenHandler,
} from "./types.js";

/** Names of the client authentication methods built in. RFC 6749 §2.3.1, RFC 7523 §2.2, RFC 7591 §2. */
export type ClientAuthenticationMethodName =
  | "client_secret_basic"
  | "client_secret_post"
  | "client_secret_jwt"
  | "private_key_jwt"
  | "none";

const METHOD_NAMES = [
  "client_secret_basic",
  "client_secret_post",
  "client_secret_jwt",
  "private_key_jwt",
  "none",
] as const satisfies readonly ClientAuthenticationMethodName[];

/**
 * Options of a client credentials flow; each can be passed to the builder's constructor or set
 * with the matching setter.
 */
export interface ClientCredentialsFlowOptions {
  /** Where clients request tokens: an absolute path or an absolute URL. Default `"/token"`. RFC 6749 §3.2. */
  tokenEndpoint: string;
  /** Access-token lifetime in seconds, a positive integer. Default `3600`. RFC 6749 §5.1 `expires_in`. */
  accessTokenLifetime: number;
  /** Key of the OpenAPI security scheme. Default `"clientCredentials"`. */
  securitySchemeName: string;
  /** Description of the OpenAPI security scheme. Default: none. */
  description: string;
  /** Known scopes and their descriptions. Default `{}` (any well-formed scope). RFC 6749 §3.3. */
  scopes: Record<string, string>;
  /** Scopes granted when a request omits `scope`. Default: none (an empty grant). RFC 6749 §3.3. */
  defaultScopes: readonly string[];
  /** Token type of issued tokens. Default `"Bearer"` (RFC 6750). RFC 6749 §7.1. */
  tokenType: "Bearer" | TokenType;
  /** The authorization server's issuer identifier: an `https` URL, no query or fragment. Default: none. RFC 8414 §2. */
  issuer: string;
  /** Client authentication methods accepted. Default `["client_secret_basic"]`. RFC 6749 §2.3. */
  clientAuthenticationMethods: ReadonlyArray<ClientAuthenticationMethodName | ClientAuthenticationMethod>;
  /** How `client_secret_jwt` and `private_key_jwt` assertions are checked. Default `{}`: every default. RFC 7523 §3. */
  clientAssertion: ClientAssertionOptions;
  /** `realm` of `WWW-Authenticate` challenges. Default `"oauth2"`. RFC 9110 §11.5. */
  realm: string;
  /** Largest token request body read, in octets. Default `65536`. */
  maxBodySize: number;
  /** Believe `Forwarded` / `X-Forwarded-*` headers (only behind a proxy that sets them). Default `false`. */
  trustForwardedHeaders: boolean;
  /** Refuse token requests not made over `https` (loopback hosts excepted). Default `false`. RFC 6749 §3.2. */
  requireHttps: boolean;
  /** Accept `access_token` in a form-encoded body at protected resources. Default `false`. RFC 6750 §2.2. */
  acceptFormBodyToken: boolean;
  /** Accept `access_token` in the query at protected resources. Default `false`. RFC 6750 §2.3. */
  acceptQueryToken: boolean;
  /**
   * Resource indicators (absolute URIs without fragment) clients may request tokens for; any
   * other is `invalid_target`. Default `[]`: no flow-wide list. RFC 8707 §2.
   */
  resources: readonly string[];
  /** Where the JWK Set of the server's signing keys is published (absolute path or URL), for metadata. Default: none. RFC 8414 §2. */
  jwksUri: string;
  /**
   * The identifier of the resource this flow protects (`https` URL without query or fragment):
   * enables `getProtectedResourceMetadata()` and `resource_metadata` in challenges. Default: none. RFC 9728 §2, §5.1.
   */
  protectedResource: string;
  /**
   * Most parameters in a token request body (every `&`-separated pair, empty ones included); more
   * is 400 `invalid_request`. Default `64`. RFC 6749 §3.2.
   */
  maxParameters: number;
  /**
   * Longest `Authorization` header, in characters, at the token endpoint and protected resources;
   * longer is 400 `invalid_request`. Default `8192`. RFC 9110 §11.6.2.
   */
  maxAuthorizationHeaderLength: number;
  /**
   * Longest access token a protected resource passes to `verifyToken`, in characters; longer is
   * 401 `invalid_token` without calling the handler. Default `4096`. RFC 6750 §3.1.
   */
  maxTokenLength: number;
  /**
   * Milliseconds the promise of each callback (`getClient`, `generateAccessToken`, `verifyToken`,
   * `isResourceAllowed`, the rate-limit key and store) may take to settle; after that its
   * `AbortSignal` is aborted and the request is answered with 500 `server_error`. A callback that
   * returns a value has answered and is not timed. Default `10000`.
   */
  callbackTimeout: number;
  /**
   * Brute-force protection of client authentication: 429 after too many failures per client id
   * and per caller key. Default: none (off). RFC 6749 §2.3.1.
   */
  clientAuthenticationRateLimit: ClientAuthenticationRateLimitOptions;
  /** Observers of issued tokens and refusals; the library never logs. Default: none. */
  events: OAuth2FlowEvents;
}

/** {@link ClientAuthenticationRateLimitOptions} with every default applied. RFC 6749 §2.3.1. */
export interface ResolvedClientAuthenticationRateLimit {
  /** Failures allowed per key and window. Default `10`. */
  readonly maxFailures: number;
  /** Window length in seconds. Default `300`. */
  readonly window: number;
  /** Where failures are counted. Default: a {@link MemoryRateLimitStore}. */
  readonly store: RateLimitStore;
  /** The caller's key, if configured. */
  readonly key: ((request: Request) => string | undefined | Promise<string | undefined>) | undefined;
}

/** The built flow's configuration: validated, defaults applied, deep-frozen. */
export interface ClientCredentialsFlowConfiguration {
  /** See {@link ClientCredentialsFlowOptions.tokenEndpoint}. Default `"/token"`. */
  readonly tokenEndpoint: string;
  /** See {@link ClientCredentialsFlowOptions.accessTokenLifetime}. Default `3600`. */
  readonly accessTokenLifetime: number;
  /** See {@link ClientCredentialsFlowOptions.securitySchemeName}. Default `"clientCredentials"`. */
  readonly securitySchemeName: string;
  /** See {@link ClientCredentialsFlowOptions.description}. Default `undefined`. */
  readonly description: string | undefined;
  /** See {@link ClientCredentialsFlowOptions.scopes}. Default `{}`. */
  readonly scopes: Readonly<Record<string, string>>;
  /** See {@link ClientCredentialsFlowOptions.defaultScopes}. Default `[]`. */
  readonly defaultScopes: readonly string[];
  /** The token type object; `"Bearer"` resolves to {@link bearerTokenType}. */
  readonly tokenType: TokenType;
  /** See {@link ClientCredentialsFlowOptions.issuer}. Default `undefined`. */
  readonly issuer: string | undefined;
  /** The enabled methods as objects, `"none"` and duplicates dropped. Default `[clientSecretBasic]`. */
  readonly clientAuthenticationMethods: readonly ClientAuthenticationMethod[];
  /**
   * JWS algorithms the enabled methods accept for signed client authentication, for RFC 8414 §2
   * `token_endpoint_auth_signing_alg_values_supported`. Default `[]`.
   */
  readonly tokenEndpointAuthSigningAlgValuesSupported: readonly string[];
  /** See {@link ClientCredentialsFlowOptions.clientAssertion}; every default applied. */
  readonly clientAssertion: ResolvedClientAssertionOptions;
  /** See {@link ClientCredentialsFlowOptions.realm}. Default `"oauth2"`. */
  readonly realm: string;
  /** See {@link ClientCredentialsFlowOptions.maxBodySize}. Default `65536`. */
  readonly maxBodySize: number;
  /** See {@link ClientCredentialsFlowOptions.trustForwardedHeaders}. Default `false`. */
  readonly trustForwardedHeaders: boolean;
  /** See {@link ClientCredentialsFlowOptions.requireHttps}. Default `false`. */
  readonly requireHttps: boolean;
  /** See {@link ClientCredentialsFlowOptions.acceptFormBodyToken}. Default `false`. */
  readonly acceptFormBodyToken: boolean;
  /** See {@link ClientCredentialsFlowOptions.acceptQueryToken}. Default `false`. */
  readonly acceptQueryToken: boolean;
  /** See {@link ClientCredentialsFlowOptions.resources}. Default `[]`. */
  readonly resources: readonly string[];
  /** See {@link ClientCredentialsFlowOptions.jwksUri}. Default `undefined`. */
  readonly jwksUri: string | undefined;
  /** See {@link ClientCredentialsFlowOptions.protectedResource}. Default `undefined`. */
  readonly protectedResource: string | undefined;
  /**
   * Where the protected resource metadata is served: `/.well-known/oauth-protected-resource`
   * inserted into `protectedResource` (RFC 9728 §3.1). Default `undefined` (no `protectedResource`).
   */
  readonly protectedResourceMetadataUrl: string | undefined;
  /** See {@link ClientCredentialsFlowOptions.maxParameters}. Default `64`. */
  readonly maxParameters: number;
  /** See {@link ClientCredentialsFlowOptions.maxAuthorizationHeaderLength}. Default `8192`. */
  readonly maxAuthorizationHeaderLength: number;
  /** See {@link ClientCredentialsFlowOptions.maxTokenLength}. Default `4096`. */
  readonly maxTokenLength: number;
  /** See {@link ClientCredentialsFlowOptions.callbackTimeout}. Default `10000`. */
  readonly callbackTimeout: number;
  /** See {@link ClientCredentialsFlowOptions.clientAuthenticationRateLimit}. Default `undefined` (off). */
  readonly clientAuthenticationRateLimit: ResolvedClientAuthenticationRateLimit | undefined;
}

/** The callbacks a flow calls. */
export interface ClientCredentialsFlowCallbacks {
  readonly getClient: GetClientHandler;
  readonly generateAccessToken: GenerateAccessTokenHandler;
  readonly verifyToken: VerifyTokenHandler | undefined;
  readonly isResourceAllowed: IsResourceAllowedHandler | undefined;
  readonly events: OAuth2FlowEvents;
}

const BUILT_IN_METHODS: Readonly<Record<string, ClientAuthenticationMethod>> = {
  client_secret_basic: clientSecretBasic,
  client_secret_post: clientSecretPost,
};

/** Every method the flow recognises in a request, enabled or not. */
export const KNOWN_CLIENT_AUTHENTICATION_METHODS: readonly ClientAuthenticationMethod[] = [
  ...Object.values(BUILT_IN_METHODS),
  clientSecretJwt(),
  privateKeyJwt(),
];

/** The built-in methods that need the flow's settings: client assertions (RFC 7523 §2.2). */
const ASSERTION_METHODS: Readonly<Record<string, (context: ClientAssertionContext) => ClientAuthenticationMethod>> = {
  client_secret_jwt: clientSecretJwt,
  private_key_jwt: privateKeyJwt,
};

// RFC 9110 §5.6.2 token, for auth schemes and token types.
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isAbsolutePathOrUrl(value: string): boolean {
  if (value.startsWith("/")) return !value.startsWith("//") && !/[\s#]/.test(value);
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hash === "" && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** An `https` URL without query or fragment; `http` on loopback hosts only. RFC 8414 §2. */
export function isIssuerIdentifier(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.search !== "" || url.hash !== "" || value.includes("?") || value.includes("#")) return false;
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url));
  } catch {
    return false;
  }
}

const methodObject = z.custom<ClientAuthenticationMethod>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as ClientAuthenticationMethod).name === "string" &&
    ((value as ClientAuthenticationMethod).name === "none" ||
      (typeof (value as ClientAuthenticationMethod).isUsedBy === "function" &&
        typeof (value as ClientAuthenticationMethod).readCredentials === "function")),
  { message: "must be a method name or an object with name, isUsedBy() and readCredentials()" },
);

const tokenTypeObject = z.custom<TokenType>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as TokenType).name === "string" &&
    HTTP_TOKEN.test((value as TokenType).name),
  { message: 'must be "Bearer" or a token type object whose name is an HTTP token' },
);

const SCOPE_TOKEN_MESSAGE = "must be an RFC 6749 §3.3 scope-token (printable ASCII without space, quote or backslash)";
const scopeToken = z.string().refine(isScopeToken, { message: SCOPE_TOKEN_MESSAGE });
const positiveInteger = (max: number) =>
  z
    .number({ message: "must be a positive integer" })
    .int({ message: "must be a positive integer" })
    .positive({ message: "must be a positive integer" })
    .max(max, { message: `must be at most ${max}` });
const flag = z.boolean({ message: "must be true or false" });
const optionalFunction = z
  .custom<(...args: never[]) => unknown>((value) => typeof value === "function", { message: "must be a function" })
  .optional();
const rateLimitStore = z.custom<RateLimitStore>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as RateLimitStore).get === "function" &&
    typeof (value as RateLimitStore).increment === "function",
  { message: "must be an object with get() and increment()" },
);

const optionsSchema = z
  .object({
    tokenEndpoint: z
      .string({ message: "must be a string" })
      .refine(isAbsolutePathOrUrl, { message: 'must be an absolute path ("/token") or an absolute http(s) URL' }),
    accessTokenLifetime: positiveInteger(2 ** 31 - 1),
    securitySchemeName: z.string({ message: "must be a string" }).min(1, { message: "must not be empty" }),
    description: z.string({ message: "must be a string" }).optional(),
    scopes: z.record(z.string(), z.string({ message: "each description must be a string" }), {
      message: "must be an object of scope → description",
    }),
    defaultScopes: z.array(scopeToken, { message: "must be an array of scopes" }),
    tokenType: z.union([z.literal("Bearer"), tokenTypeObject]),
    issuer: z
      .string({ message: "must be a string" })
      .refine(isIssuerIdentifier, {
        message: "must be an https URL without query or fragment (http only for localhost)",
      })
      .optional(),
    clientAuthenticationMethods: z.array(
      z.union([z.enum(METHOD_NAMES), methodObject], {
        message: `must be ${METHOD_NAMES.map((name) => `"${name}"`).join(", ")} or a method object`,
      }),
      { message: "must be an array" },
    ),
    clientAssertion: clientAssertionOptionsSchema,
    realm: z
      .string({ message: "must be a string" })
      // A realm goes inside a quoted-string: the characters of RFC 6749 §5.2's NQSCHAR fit one.
      .refine(isErrorDescription, { message: "must be printable ASCII without quotes or backslashes" }),
    maxBodySize: positiveInteger(2 ** 31 - 1),
    trustForwardedHeaders: flag,
    requireHttps: flag,
    acceptFormBodyToken: flag,
    acceptQueryToken: flag,
    resources: z.array(
      z.string({ message: "each must be a string" }).refine(isResourceIndicator, {
        message: "each must be an absolute URI without a fragment",
      }),
      { message: "must be an array of resource indicators" },
    ),
    jwksUri: z
      .string({ message: "must be a string" })
      .refine(isAbsolutePathOrUrl, { message: "must be an absolute path or an absolute http(s) URL" })
      .optional(),
    protectedResource: z
      .string({ message: "must be a string" })
      .refine(isIssuerIdentifier, {
        message: "must be an https URL without query or fragment (http only for localhost)",
      })
      .optional(),
    maxParameters: positiveInteger(10_000),
    maxAuthorizationHeaderLength: positiveInteger(2 ** 31 - 1),
    maxTokenLength: positiveInteger(2 ** 31 - 1),
    callbackTimeout: positiveInteger(2 ** 31 - 1),
    clientAuthenticationRateLimit: z
      .object(
        {
          maxFailures: positiveInteger(2 ** 31 - 1).optional(),
          window: positiveInteger(2 ** 31 / 1000 - 1).optional(),
          store: rateLimitStore.optional(),
          key: optionalFunction,
        },
        { message: "must be an object" },
      )
      .strict()
      .optional(),
    events: z
      .object(
        {
          onTokenIssued: optionalFunction,
          onClientAuthenticationFailed: optionalFunction,
          onTokenRejected: optionalFunction,
        },
        { message: "must be an object of event handlers" },
      )
      .strict(),
  })
  .strict();

/** Defaults of {@link ClientCredentialsFlowOptions}. */
export const DEFAULT_OPTIONS: Readonly<
  Omit<
    ClientCredentialsFlowOptions,
    "description" | "issuer" | "jwksUri" | "protectedResource" | "clientAuthenticationRateLimit"
  >
> = Object.freeze({
  tokenEndpoint: "/token",
  accessTokenLifetime: 3600,
  securitySchemeName: "clientCredentials",
  scopes: {},
  defaultScopes: [],
  tokenType: "Bearer",
  clientAuthenticationMethods: [],
  clientAssertion: {},
  realm: "oauth2",
  maxBodySize: 65_536,
  trustForwardedHeaders: false,
  requireHttps: false,
  acceptFormBodyToken: false,
  acceptQueryToken: false,
  resources: [],
  maxParameters: 64,
  maxAuthorizationHeaderLength: 8192,
  maxTokenLength: 4096,
  callbackTimeout: 10_000,
  events: {},
});

/**
 * Validates options and callbacks in one pass and returns the frozen configuration, or throws
 * one `TypeError` that lists every problem.
 */
export function resolveConfiguration(
  options: Partial<ClientCredentialsFlowOptions>,
  callbacks: Partial<Record<keyof ClientCredentialsFlowCallbacks, unknown>>,
): { configuration: ClientCredentialsFlowConfiguration; callbacks: ClientCredentialsFlowCallbacks } {
  const problems: string[] = [];
  const input = { ...DEFAULT_OPTIONS, ...withoutUndefined(options) };
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "options";
      problems.push(`${path}: ${issue.message}`);
    }
  }
  problems.push(...scopeProblems(input.scopes, input.defaultScopes));
  for (const name of ["getClient", "generateAccessToken"] as const) {
    if (callbacks[name] === undefined) problems.push(`${name}: callback is required; set it with .${name}(handler)`);
    else if (typeof callbacks[name] !== "function") problems.push(`${name}: must be a function`);
  }
  for (const name of ["verifyToken", "isResourceAllowed"] as const) {
    if (callbacks[name] !== undefined && typeof callbacks[name] !== "function") {
      problems.push(`${name}: must be a function`);
    }
  }
  if (parsed.success) {
    const { clientAuthenticationMethods, issuer, clientAssertion } = parsed.data;
    problems.push(...clientAssertionProblems(clientAuthenticationMethods, issuer, clientAssertion));
  }
  if (!parsed.success || problems.length > 0) {
    throw new TypeError(`Invalid ClientCredentialsFlow configuration:\n- ${problems.join("\n- ")}`);
  }
  const o = parsed.data;
  const clientAssertion = resolveClientAssertionOptions(o.clientAssertion);
  const assertionContext = createClientAssertionContext({
    issuer: o.issuer,
    tokenEndpoint: o.tokenEndpoint,
    trustForwardedHeaders: o.trustForwardedHeaders,
    options: clientAssertion,
  });
  const methods = resolveMethods(o.clientAuthenticationMethods, assertionContext);
  const configuration: ClientCredentialsFlowConfiguration = Object.freeze({
    tokenEndpoint: o.tokenEndpoint,
    accessTokenLifetime: o.accessTokenLifetime,
    securitySchemeName: o.securitySchemeName,
    description: o.description,
    scopes: Object.freeze({ ...o.scopes }),
    defaultScopes: Object.freeze([...new Set(o.defaultScopes)]),
    tokenType: o.tokenType === "Bearer" ? bearerTokenType : o.tokenType,
    issuer: o.issuer,
    clientAuthenticationMethods: Object.freeze(methods),
    tokenEndpointAuthSigningAlgValuesSupported: Object.freeze([
      ...new Set(methods.flatMap((method) => method.signingAlgValuesSupported ?? [])),
    ]),
    clientAssertion,
    realm: o.realm,
    maxBodySize: o.maxBodySize,
    trustForwardedHeaders: o.trustForwardedHeaders,
    requireHttps: o.requireHttps,
    acceptFormBodyToken: o.acceptFormBodyToken,
    acceptQueryToken: o.acceptQueryToken,
    resources: Object.freeze([...new Set(o.resources)]),
    jwksUri: o.jwksUri,
    protectedResource: o.protectedResource,
    protectedResourceMetadataUrl:
      o.protectedResource === undefined ? undefined : wellKnownUrl(o.protectedResource, "oauth-protected-resource"),
    maxParameters: o.maxParameters,
    maxAuthorizationHeaderLength: o.maxAuthorizationHeaderLength,
    maxTokenLength: o.maxTokenLength,
    callbackTimeout: o.callbackTimeout,
    clientAuthenticationRateLimit: resolveRateLimit(
      o.clientAuthenticationRateLimit as ClientAuthenticationRateLimitOptions | undefined,
    ),
  });
  return {
    configuration,
    callbacks: Object.freeze({
      getClient: callbacks.getClient as GetClientHandler,
      generateAccessToken: callbacks.generateAccessToken as GenerateAccessTokenHandler,
      verifyToken: callbacks.verifyToken as VerifyTokenHandler | undefined,
      isResourceAllowed: callbacks.isResourceAllowed as IsResourceAllowedHandler | undefined,
      events: Object.freeze({ ...(o.events as OAuth2FlowEvents) }),
    }),
  };
}

function resolveRateLimit(
  options: ClientAuthenticationRateLimitOptions | undefined,
): ResolvedClientAuthenticationRateLimit | undefined {
  if (options === undefined) return undefined;
  return Object.freeze({
    maxFailures: options.maxFailures ?? 10,
    window: options.window ?? 300,
    store: options.store ?? new MemoryRateLimitStore(),
    key: options.key,
  });
}

/** `"none"` is dropped (client credentials need a confidential client, RFC 6749 §4.4); duplicates too. */
function resolveMethods(
  entries: ReadonlyArray<ClientAuthenticationMethodName | ClientAuthenticationMethod>,
  assertionContext: ClientAssertionContext,
): ClientAuthenticationMethod[] {
  const methods: ClientAuthenticationMethod[] = [];
  for (const entry of entries) {
    const name = typeof entry === "string" ? entry : entry.name;
    if (name === "none" || methods.some((method) => method.name === name)) continue;
    // Method objects carry behaviour (often class instances): kept by reference, not copied.
    const method =
      typeof entry !== "string" ? entry : (ASSERTION_METHODS[entry]?.(assertionContext) ?? BUILT_IN_METHODS[entry]);
    if (method !== undefined) methods.push(method);
  }
  if (methods.length === 0) methods.push(clientSecretBasic);
  return methods;
}

/** Scope names must be scope-tokens; default scopes must be among them when scopes are configured. */
function scopeProblems(scopes: unknown, defaultScopes: unknown): string[] {
  if (typeof scopes !== "object" || scopes === null) return [];
  const known = Object.keys(scopes);
  const problems = known
    .filter((scope) => !isScopeToken(scope))
    .map((scope) => `scopes.${scope}: ${SCOPE_TOKEN_MESSAGE}`);
  if (known.length === 0 || !Array.isArray(defaultScopes)) return problems;
  for (const scope of defaultScopes) {
    if (isScopeToken(scope) && !known.includes(scope)) {
      problems.push(`defaultScopes: "${scope}" is not one of the configured scopes`);
    }
  }
  return problems;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  const result: Partial<T> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) (result as Record<string, unknown>)[key] = entry;
  }
  return result;
}

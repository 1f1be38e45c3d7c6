import type { ClientCredentialsFlowConfiguration } from "../options.js";

/** OpenAPI 3.1 Security Scheme Object of an OAuth 2.0 client credentials flow (§4.8.27). */
export interface OpenAPISecurityScheme {
  type: "oauth2";
  description?: string;
  flows: { clientCredentials: { scopes: Record<string, string>; tokenUrl: string } };
}

/** OpenAPI 3.1 Security Requirement Object (§4.8.30): scheme name → required scopes. */
export type OpenAPISecurityRequirement = Record<string, string[]>;

/** An OpenAPI Reference Object (§4.8.23). */
export interface OpenAPIReference {
  $ref: string;
}

/** What a protected operation spreads into its Operation Object. */
export interface OpenAPIOperationSecurity {
  security: OpenAPISecurityRequirement[];
  responses: Record<string, OpenAPIReference>;
}

/** OpenAPI 3.1 Paths Object (§4.8.8), as plain JSON. */
export type OpenAPIPaths = Record<string, Record<string, unknown>>;

/** OpenAPI 3.1 Components Object (§4.8.7) parts this flow defines, as plain JSON. */
export interface OpenAPIComponents {
  securitySchemes: Record<string, unknown>;
  schemas: Record<string, unknown>;
  responses: Record<string, unknown>;
}

const SCHEMA = "#/components/schemas/";
const RESPONSE = "#/components/responses/";
const BASIC_SCHEME = "clientSecretBasic";

export function openAPISecurityScheme(c: ClientCredentialsFlowConfiguration): Record<string, OpenAPISecurityScheme> {
  const scheme: OpenAPISecurityScheme = {
    type: "oauth2",
    flows: { clientCredentials: { scopes: { ...c.scopes }, tokenUrl: c.tokenEndpoint } },
  };
  if (c.description !== undefined) {
    return {
      [c.securitySchemeName]: { type: "oauth2", description: c.description, flows: scheme.flows },
    };
  }
  return { [c.securitySchemeName]: scheme };
}

export function openAPISecurityRequirement(
  c: ClientCredentialsFlowConfiguration,
  scopes: readonly string[],
): OpenAPISecurityRequirement {
  return { [c.securitySchemeName]: [...scopes] };
}

export function openAPIOperationSecurity(
  c: ClientCredentialsFlowConfiguration,
  scopes: readonly string[],
): OpenAPIOperationSecurity {
  const responses: Record<string, OpenAPIReference> = {
    "400": { $ref: `${RESPONSE}OAuth2InvalidRequest` },
    "401": { $ref: `${RESPONSE}OAuth2Unauthorized` },
  };
  if (scopes.length > 0) responses["403"] = { $ref: `${RESPONSE}OAuth2Forbidden` };
  return { security: [openAPISecurityRequirement(c, scopes)], responses };
}

function tokenEndpointPath(tokenEndpoint: string): string {
  return tokenEndpoint.startsWith("/") ? tokenEndpoint : new URL(tokenEndpoint).pathname;
}

function usesMethod(c: ClientCredentialsFlowConfiguration, name: string): boolean {
  return c.clientAuthenticationMethods.some((method) => method.name === name);
}

const noStoreHeaders = {
  "Cache-Control": { description: "Always `no-store` (RFC 6749 §5.1).", schema: { type: "string", const: "no-store" } },
  Pragma: { description: "Always `no-cache` (RFC 6749 §5.1).", schema: { type: "string", const: "no-cache" } },
};

function errorContent(): Record<string, unknown> {
  return { "application/json": { schema: { $ref: `${SCHEMA}OAuth2Error` } } };
}

export function openAPIPaths(c: ClientCredentialsFlowConfiguration): OpenAPIPaths {
  const security: OpenAPISecurityRequirement[] = [];
  if (usesMethod(c, "client_secret_basic")) security.push({ [BASIC_SCHEME]: [] });
  if (usesMethod(c, "client_secret_post") || security.length === 0) security.push({});
  const methods = c.clientAuthenticationMethods.map((method) => `\`${method.name}\``).join(", ");
  return {
    [tokenEndpointPath(c.tokenEndpoint)]: {
      post: {
        operationId: "requestAccessToken",
        summary: "Request an access token (client credentials grant)",
        description: `OAuth 2.0 client credentials grant (RFC 6749 §4.4). Client authentication: ${methods}.`,
        tags: ["OAuth 2.0"],
        security,
        requestBody: {
          required: true,
          content: { "application/x-www-form-urlencoded": { schema: { $ref: `${SCHEMA}OAuth2TokenRequest` } } },
        },
        responses: {
          "200": {
            description: "Access token issued (RFC 6749 §5.1).",
            headers: noStoreHeaders,
            content: { "application/json": { schema: { $ref: `${SCHEMA}OAuth2TokenResponse` } } },
          },
          "400": {
            description:
              "`invalid_request`, `invalid_client` (credentials in the body), `unauthorized_client`, `unsupported_grant_type` or `invalid_scope` (RFC 6749 §5.2).",
            headers: noStoreHeaders,
            content: errorContent(),
          },
          "401": {
            description: "`invalid_client`: client authentication failed (RFC 6749 §5.2).",
            headers: {
              "WWW-Authenticate": {
                description: "The authentication schemes the token endpoint accepts.",
                schema: { type: "string" },
              },
              ...noStoreHeaders,
            },
            content: errorContent(),
          },
          "405": {
            description: "`invalid_request`: the token endpoint accepts POST only (RFC 6749 §3.2).",
            headers: { Allow: { schema: { type: "string", const: "POST" } }, ...noStoreHeaders },
            content: errorContent(),
          },
          "413": {
            description: "`invalid_request`: the request body is larger than the server accepts.",
            headers: noStoreHeaders,
            content: errorContent(),
          },
          "500": {
            description: "`server_error` (RFC 6749 §5.2).",
            headers: noStoreHeaders,
            content: errorContent(),
          },
        },
      },
    },
  };
}

export function openAPIComponents(c: ClientCredentialsFlowConfiguration): OpenAPIComponents {
  const securitySchemes: Record<string, unknown> = { ...openAPISecurityScheme(c) };
  if (usesMethod(c, "client_secret_basic")) {
    securitySchemes[BASIC_SCHEME] = {
      type: "http",
      scheme: "basic",
      description: "client_secret_basic: client id and secret, each form-urlencoded first (RFC 6749 §2.3.1).",
    };
  }
  const scopeNames = Object.keys(c.scopes);
  const tokenRequestProperties: Record<string, unknown> = {
    grant_type: { type: "string", const: "client_credentials" },
    scope: {
      type: "string",
      description: "Space-separated scopes (RFC 6749 §3.3).",
      ...(scopeNames.length > 0 ? { examples: [scopeNames.join(" ")] } : {}),
    },
  };
  if (usesMethod(c, "client_secret_post")) {
    tokenRequestProperties.client_id = { type: "string", description: "client_secret_post (RFC 6749 §2.3.1)." };
    tokenRequestProperties.client_secret = {
      type: "string",
      format: "password",
      description: "client_secret_post (RFC 6749 §2.3.1).",
    };
  }
  const challenge = {
    "WWW-Authenticate": {
      description: `\`${c.tokenType.name} realm="${c.realm}"\` with \`error\`, \`error_description\` and \`scope\` where they apply (RFC 6750 §3).`,
      schema: { type: "string" },
    },
  };
  return {
    securitySchemes,
    schemas: {
      OAuth2TokenRequest: { type: "object", required: ["grant_type"], properties: tokenRequestProperties },
      OAuth2TokenResponse: {
        type: "object",
        required: ["access_token", "token_type", "expires_in"],
        properties: {
          access_token: { type: "string" },
          token_type: { type: "string", const: c.tokenType.name },
          expires_in: { type: "integer", minimum: 1 },
          scope: { type: "string", description: "Granted scopes, space-separated (RFC 6749 §3.3)." },
        },
      },
      OAuth2Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: { type: "string" },
          error_description: { type: "string" },
          error_uri: { type: "string", format: "uri-reference" },
        },
      },
    },
    responses: {
      OAuth2InvalidRequest: {
        description: "`invalid_request`: the access token is malformed or sent more than once (RFC 6750 §3.1).",
        headers: challenge,
        content: errorContent(),
      },
      OAuth2Unauthorized: {
        description:
          "No access token (no body), or `invalid_token`: expired, revoked, malformed or otherwise invalid (RFC 6750 §3.1).",
        headers: challenge,
        content: errorContent(),
      },
      OAuth2Forbidden: {
        description: "`insufficient_scope`: the token lacks a scope this operation needs (RFC 6750 §3.1).",
        headers: challenge,
        content: errorContent(),
      },
    },
  };
}

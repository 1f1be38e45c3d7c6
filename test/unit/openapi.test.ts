import { describe, expect, it } from "vitest";
import type { ClientCredentialsFlow, ClientCredentialsFlowOptions } from "../../src/index.js";
import { makeFlow } from "../support/fixtures.js";

const flowWith = (options: Partial<ClientCredentialsFlowOptions> = {}) => makeFlow(options).flow;

/** The founding page's "Full Example" configuration. */
const fullExample = () =>
  flowWith({
    tokenEndpoint: "/token",
    securitySchemeName: "serviceAuth",
    description: "Client Credentials for service-to-service communication",
    scopes: { "data:read": "Read data", "data:write": "Write data" },
    accessTokenLifetime: 1800,
  });

const RESPONSES = "#/components/responses/";
const SCHEMAS = "#/components/schemas/";

type Json = Record<string, unknown>;
const asJson = (value: unknown) => value as Json;

/** The POST operation the flow describes for its token endpoint. */
function tokenOperation(flow: ClientCredentialsFlow, path = "/token"): Json {
  return asJson(flow.toOpenAPIPaths()[path]?.post);
}

describe("flow.toOpenAPISecurityScheme() (OpenAPI 3.1 Security Scheme Object)", () => {
  it("returns exactly the founding page's shape for its Full Example", () => {
    expect(fullExample().toOpenAPISecurityScheme()).toStrictEqual({
      serviceAuth: {
        type: "oauth2",
        description: "Client Credentials for service-to-service communication",
        flows: {
          clientCredentials: {
            scopes: { "data:read": "Read data", "data:write": "Write data" },
            tokenUrl: "/token",
          },
        },
      },
    });
  });

  it("leaves description out when none is configured, under the default name clientCredentials", () => {
    const scheme = flowWith({ scopes: {} }).toOpenAPISecurityScheme();
    expect(scheme).toStrictEqual({
      clientCredentials: { type: "oauth2", flows: { clientCredentials: { scopes: {}, tokenUrl: "/token" } } },
    });
    expect(scheme.clientCredentials).not.toHaveProperty("description");
  });

  it("uses an absolute-URL token endpoint as tokenUrl unchanged", () => {
    const scheme = flowWith({ tokenEndpoint: "https://as.example.com/oauth2/token" }).toOpenAPISecurityScheme();
    expect(scheme.clientCredentials?.flows.clientCredentials.tokenUrl).toBe("https://as.example.com/oauth2/token");
  });

  it("returns a copy: mutating it changes neither the flow nor the next result", () => {
    const flow = fullExample();
    const scheme = flow.toOpenAPISecurityScheme();
    const scopes = scheme.serviceAuth?.flows.clientCredentials.scopes as Record<string, string>;
    scopes.admin = "Admin";
    expect(flow.configuration.scopes).not.toHaveProperty("admin");
    expect(flow.toOpenAPISecurityScheme().serviceAuth?.flows.clientCredentials.scopes).not.toHaveProperty("admin");
  });
});

describe("flow.toOpenAPIPathItem(scopes?) (OpenAPI 3.1 Security Requirement Object)", () => {
  it.each<[string, string[] | undefined, string[]]>([
    ["no argument", undefined, []],
    ["an empty list", [], []],
    ["one scope", ["data:read"], ["data:read"]],
    ["two scopes", ["data:read", "data:write"], ["data:read", "data:write"]],
  ])("maps %s to { serviceAuth: [...] }", (_, scopes, expected) => {
    expect(fullExample().toOpenAPIPathItem(scopes)).toStrictEqual({ serviceAuth: expected });
  });

  it("throws a TypeError for a scope that is not configured", () => {
    expect(() => fullExample().toOpenAPIPathItem(["data:delete"])).toThrow(TypeError);
  });

  it("throws a TypeError for a scope that is not a scope-token, even with no scopes configured (RFC 6749 §3.3)", () => {
    expect(() => flowWith({ scopes: {} }).toOpenAPIPathItem(["data read"])).toThrow(TypeError);
  });

  it("accepts any scope-token when no scopes are configured", () => {
    expect(flowWith({ scopes: {} }).toOpenAPIPathItem(["x:y"])).toStrictEqual({ clientCredentials: ["x:y"] });
  });
});

describe("flow.toOpenAPIOperationSecurity(scopes?)", () => {
  it("returns security and the 400/401 responses for an operation without scopes", () => {
    expect(fullExample().toOpenAPIOperationSecurity()).toStrictEqual({
      security: [{ serviceAuth: [] }],
      responses: {
        "400": { $ref: `${RESPONSES}OAuth2InvalidRequest` },
        "401": { $ref: `${RESPONSES}OAuth2Unauthorized` },
      },
    });
  });

  it("adds the 403 response when the operation needs scopes (RFC 6750 §3.1 insufficient_scope)", () => {
    expect(fullExample().toOpenAPIOperationSecurity(["data:write"])).toStrictEqual({
      security: [{ serviceAuth: ["data:write"] }],
      responses: {
        "400": { $ref: `${RESPONSES}OAuth2InvalidRequest` },
        "401": { $ref: `${RESPONSES}OAuth2Unauthorized` },
        "403": { $ref: `${RESPONSES}OAuth2Forbidden` },
      },
    });
  });

  it("throws a TypeError for a scope that is not configured", () => {
    expect(() => fullExample().toOpenAPIOperationSecurity(["data:delete"])).toThrow(TypeError);
  });
});

describe("flow.toOpenAPIPaths() (the token endpoint, RFC 6749 §4.4.2–§5.2)", () => {
  it.each([
    ["/token", "/token"],
    ["/oauth2/token", "/oauth2/token"],
    ["https://as.example.com/oauth2/token", "/oauth2/token"],
  ])("describes the token endpoint %s under the path %s", (tokenEndpoint, path) => {
    expect(Object.keys(flowWith({ tokenEndpoint }).toOpenAPIPaths())).toEqual([path]);
  });

  it("describes a POST with a required form-encoded body referring to OAuth2TokenRequest (RFC 6749 §4.4.2)", () => {
    const operation = tokenOperation(fullExample());
    expect(Object.keys(fullExample().toOpenAPIPaths()["/token"] ?? {})).toEqual(["post"]);
    expect(operation.requestBody).toStrictEqual({
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: { $ref: `${SCHEMAS}OAuth2TokenRequest` } } },
    });
  });

  it("lists the 200, 400, 401, 405, 413 and 500 responses with their headers", () => {
    const responses = asJson(tokenOperation(fullExample()).responses);
    const headerNames = Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [status, Object.keys(asJson(asJson(response).headers))]),
    );
    expect(headerNames).toEqual({
      "200": ["Cache-Control", "Pragma"],
      "400": ["Cache-Control", "Pragma"],
      "401": ["WWW-Authenticate", "Cache-Control", "Pragma"],
      "405": ["Allow", "Cache-Control", "Pragma"],
      "413": ["Cache-Control", "Pragma"],
      "500": ["Cache-Control", "Pragma"],
    });
    expect(asJson(responses["200"]).content).toStrictEqual({
      "application/json": { schema: { $ref: `${SCHEMAS}OAuth2TokenResponse` } },
    });
    for (const status of ["400", "401", "405", "413", "500"]) {
      expect(asJson(responses[status]).content).toStrictEqual({
        "application/json": { schema: { $ref: `${SCHEMAS}OAuth2Error` } },
      });
    }
  });

  it.each<[string, ClientCredentialsFlowOptions["clientAuthenticationMethods"], unknown[]]>([
    ["Basic and post", ["client_secret_basic", "client_secret_post"], [{ clientSecretBasic: [] }, {}]],
    ["Basic only", ["client_secret_basic"], [{ clientSecretBasic: [] }]],
    ["post only (credentials in the body, no HTTP scheme)", ["client_secret_post"], [{}]],
  ])("declares the token endpoint's security for %s", (_, clientAuthenticationMethods, security) => {
    expect(tokenOperation(flowWith({ clientAuthenticationMethods })).security).toStrictEqual(security);
  });
});

describe("flow.toOpenAPIComponents()", () => {
  it("holds the flow's scheme, the Basic scheme, three schemas and three responses", () => {
    const components = fullExample().toOpenAPIComponents();
    expect({
      securitySchemes: Object.keys(components.securitySchemes),
      schemas: Object.keys(components.schemas),
      responses: Object.keys(components.responses),
    }).toEqual({
      securitySchemes: ["serviceAuth", "clientSecretBasic"],
      schemas: ["OAuth2TokenRequest", "OAuth2TokenResponse", "OAuth2Error"],
      responses: ["OAuth2InvalidRequest", "OAuth2Unauthorized", "OAuth2Forbidden"],
    });
    expect(components.securitySchemes.serviceAuth).toStrictEqual(fullExample().toOpenAPISecurityScheme().serviceAuth);
    expect(components.securitySchemes.clientSecretBasic).toMatchObject({ type: "http", scheme: "basic" });
  });

  it("leaves out the Basic scheme and adds client_id/client_secret to the request schema when only post is enabled", () => {
    const components = flowWith({ clientAuthenticationMethods: ["client_secret_post"] }).toOpenAPIComponents();
    expect(Object.keys(components.securitySchemes)).toEqual(["clientCredentials"]);
    const request = asJson(components.schemas.OAuth2TokenRequest);
    expect(Object.keys(asJson(request.properties))).toEqual(["grant_type", "scope", "client_id", "client_secret"]);
  });

  it("describes the token request: grant_type required and constant (RFC 6749 §4.4.2)", () => {
    const request = asJson(
      flowWith({ clientAuthenticationMethods: ["client_secret_basic"] }).toOpenAPIComponents().schemas
        .OAuth2TokenRequest,
    );
    expect(request.required).toEqual(["grant_type"]);
    expect(Object.keys(asJson(request.properties))).toEqual(["grant_type", "scope"]);
    expect(asJson(request.properties).grant_type).toStrictEqual({ type: "string", const: "client_credentials" });
  });

  it("describes the token response: access_token, token_type Bearer, integer expires_in, optional scope (RFC 6749 §5.1)", () => {
    const response = asJson(fullExample().toOpenAPIComponents().schemas.OAuth2TokenResponse);
    expect(response.required).toEqual(["access_token", "token_type", "expires_in"]);
    expect(response.properties).toMatchObject({
      access_token: { type: "string" },
      token_type: { type: "string", const: "Bearer" },
      expires_in: { type: "integer", minimum: 1 },
      scope: { type: "string" },
    });
    expect(response.properties).not.toHaveProperty("refresh_token");
  });

  it("describes the error body: error required, error_description and error_uri optional (RFC 6749 §5.2)", () => {
    const error = asJson(fullExample().toOpenAPIComponents().schemas.OAuth2Error);
    expect(error.required).toEqual(["error"]);
    expect(Object.keys(asJson(error.properties))).toEqual(["error", "error_description", "error_uri"]);
  });

  it("gives every protected-resource response a WWW-Authenticate header and the OAuth2Error body (RFC 6750 §3)", () => {
    const { responses } = fullExample().toOpenAPIComponents();
    for (const response of Object.values(responses)) {
      expect(Object.keys(asJson(asJson(response).headers))).toEqual(["WWW-Authenticate"]);
      expect(asJson(response).content).toStrictEqual({
        "application/json": { schema: { $ref: `${SCHEMAS}OAuth2Error` } },
      });
    }
  });
});

/** An OpenAPI 3.1 document made only of what the flow generates, plus one protected route. */
function openAPIDocument(flow: ClientCredentialsFlow): Json {
  const scopes = Object.keys(flow.configuration.scopes).slice(0, 1);
  const { security, responses } = flow.toOpenAPIOperationSecurity(scopes);
  return {
    openapi: "3.1.0",
    info: { title: "Service API", version: "1.0.0" },
    paths: {
      ...flow.toOpenAPIPaths(),
      "/data": {
        get: { operationId: "getData", security, responses: { "200": { description: "The data" }, ...responses } },
      },
    },
    components: flow.toOpenAPIComponents(),
  };
}

/** Resolves a local JSON Pointer `$ref` (RFC 6901) in `document`, or `undefined`. */
function resolveRef(document: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const token of ref.slice(2).split("/")) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every object in a JSON tree, with its JSON Pointer. */
function* objects(node: unknown, pointer = "#"): Generator<[string, Json]> {
  if (typeof node !== "object" || node === null) return;
  if (!Array.isArray(node)) yield [pointer, node as Json];
  for (const [key, child] of Object.entries(node)) {
    yield* objects(child, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  }
}

/** What keeps `document` from being a structurally valid OpenAPI 3.1 document; empty when nothing. */
function openAPIProblems(document: Json): string[] {
  const problems: string[] = [];
  if (JSON.stringify(JSON.parse(JSON.stringify(document))) !== JSON.stringify(document))
    problems.push("not plain JSON");
  if (document.openapi !== "3.1.0") problems.push("openapi is not 3.1.0");
  const components = asJson(document.components);
  const schemes = asJson(components.securitySchemes);

  for (const [pointer, object] of objects(document)) {
    if (typeof object.$ref === "string" && typeof resolveRef(document, object.$ref) !== "object") {
      problems.push(`${pointer}: $ref ${object.$ref} does not resolve`);
    }
  }
  for (const [path, item] of Object.entries(asJson(document.paths))) {
    if (!path.startsWith("/")) problems.push(`path ${path} does not start with /`);
    for (const [method, operation] of Object.entries(asJson(item))) {
      const { responses, security } = asJson(operation);
      for (const [status, response] of Object.entries(asJson(responses))) {
        if (!/^[1-5]\d\d$/.test(status)) problems.push(`${path} ${method}: response key ${status}`);
        const resolved = asJson(
          "$ref" in asJson(response) ? resolveRef(document, String(asJson(response).$ref)) : response,
        );
        if (typeof resolved?.description !== "string") problems.push(`${path} ${method} ${status}: no description`);
      }
      for (const requirement of (security ?? []) as Array<Record<string, string[]>>) {
        for (const [name, scopes] of Object.entries(requirement)) {
          const scheme = asJson(schemes[name]);
          if (scheme === undefined) problems.push(`${path} ${method}: security scheme ${name} is not declared`);
          else if (scheme.type === "oauth2") {
            const known = asJson(asJson(asJson(scheme.flows).clientCredentials).scopes);
            for (const scope of scopes)
              if (!(scope in known)) problems.push(`${path} ${method}: unknown scope ${scope}`);
          }
        }
      }
    }
  }
  for (const [name, scheme] of Object.entries(schemes)) {
    const flow = asJson(asJson(asJson(scheme).flows ?? {}).clientCredentials);
    if (asJson(scheme).type === "oauth2" && (typeof flow?.tokenUrl !== "string" || typeof flow.scopes !== "object")) {
      problems.push(`security scheme ${name}: clientCredentials needs tokenUrl and scopes`);
    }
  }
  for (const [pointer, object] of objects(document)) {
    if (/\/headers\/[^/]+$/.test(pointer) && ("name" in object || "in" in object || !("schema" in object))) {
      problems.push(`${pointer}: a Header Object has a schema and neither name nor in`);
    }
  }
  return problems;
}

describe("OpenAPI 3.1 document from toOpenAPIPaths() and toOpenAPIComponents()", () => {
  it.each<[string, Partial<ClientCredentialsFlowOptions>]>([
    ["the founding page's Full Example", {}],
    ["Basic only", { clientAuthenticationMethods: ["client_secret_basic"] }],
    ["post only", { clientAuthenticationMethods: ["client_secret_post"] }],
    ["an absolute-URL token endpoint", { tokenEndpoint: "https://as.example.com/oauth2/token" }],
    ["no scopes configured", { scopes: {} }],
  ])("is structurally valid and every $ref resolves, for %s", (name, options) => {
    const flow = name === "the founding page's Full Example" ? fullExample() : flowWith(options);
    expect(openAPIProblems(openAPIDocument(flow))).toEqual([]);
  });

  it("the document check reports a dangling $ref and an undeclared security scheme", () => {
    const document = openAPIDocument(fullExample());
    const paths = asJson(document.paths);
    paths["/broken"] = {
      get: { security: [{ nowhere: [] }], responses: { "401": { $ref: `${RESPONSES}Missing` } } },
    };
    expect(openAPIProblems(document)).toEqual([
      `#/paths/~1broken/get/responses/401: $ref ${RESPONSES}Missing does not resolve`,
      "/broken get 401: no description",
      "/broken get: security scheme nowhere is not declared",
    ]);
  });
});

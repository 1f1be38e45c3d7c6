import { describe, expect, it } from "vitest";
import {
  type ClientAuthenticationMethod,
  ClientCredentialsFlowBuilder,
  type ClientCredentialsFlowOptions,
  OAuth2Error,
  type TokenType,
} from "../../src/index.js";
import { makeFlow } from "../support/fixtures.js";
import { bearer, challenged, rejection, resourceFlow, resourceRequest } from "./resource-support.js";

const ISSUER = "https://as.example.com";
const RESOURCE = "https://api.example.com";
const RESOURCE_METADATA = "https://api.example.com/.well-known/oauth-protected-resource";

/** A flow with only the two required callbacks and these options. */
function flowWith(options: Partial<ClientCredentialsFlowOptions>) {
  return new ClientCredentialsFlowBuilder(options)
    .getClient(() => undefined)
    .generateAccessToken(() => "t")
    .build();
}

/** A custom JWT client authentication method that declares its algorithms. */
const signedMethod: ClientAuthenticationMethod = {
  name: "example_jwt",
  signingAlgValuesSupported: ["ES256", "EdDSA"],
  isUsedBy: () => false,
  readCredentials: () => new OAuth2Error("invalid_client"),
};

const DPOP: TokenType = { name: "DPoP", dpopSigningAlgValuesSupported: ["ES256", "EdDSA"] };

describe("RFC 8414 §2 authorization server metadata: flow.getMetadata()", () => {
  it("describes a flow with every option that shows in the document, in RFC 8414 §2 order", () => {
    const flow = flowWith({
      issuer: ISSUER,
      tokenEndpoint: "/oauth/token",
      jwksUri: "/.well-known/jwks.json",
      scopes: { "read:data": "Read", "write:data": "Write" },
      clientAuthenticationMethods: ["client_secret_basic", "client_secret_post", signedMethod],
    });
    const metadata = flow.getMetadata();
    expect(metadata).toEqual({
      issuer: ISSUER,
      token_endpoint: "https://as.example.com/oauth/token",
      jwks_uri: "https://as.example.com/.well-known/jwks.json",
      scopes_supported: ["read:data", "write:data"],
      response_types_supported: [],
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "example_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["ES256", "EdDSA"],
    });
    expect(Object.keys(metadata)).toEqual([
      "issuer",
      "token_endpoint",
      "jwks_uri",
      "scopes_supported",
      "response_types_supported",
      "grant_types_supported",
      "token_endpoint_auth_methods_supported",
      "token_endpoint_auth_signing_alg_values_supported",
    ]);
  });

  it("leaves out what is not configured: jwks_uri, scopes_supported and the signing algorithms (RFC 8414 §2)", () => {
    expect(flowWith({ issuer: ISSUER }).getMetadata()).toEqual({
      issuer: ISSUER,
      token_endpoint: "https://as.example.com/token",
      response_types_supported: [],
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic"],
    });
  });

  it("lists token_endpoint_auth_signing_alg_values_supported only when a JWT method is enabled (RFC 8414 §2)", () => {
    const withSecrets = flowWith({ issuer: ISSUER, clientAuthenticationMethods: ["client_secret_post"] });
    expect(withSecrets.getMetadata()).not.toHaveProperty("token_endpoint_auth_signing_alg_values_supported");
    const withJwt = flowWith({ issuer: ISSUER, clientAuthenticationMethods: [signedMethod] });
    expect(withJwt.getMetadata().token_endpoint_auth_signing_alg_values_supported).toEqual(["ES256", "EdDSA"]);
  });

  it("keeps a token endpoint and jwks_uri configured as URLs exactly (RFC 8414 §2)", () => {
    const flow = flowWith({
      issuer: ISSUER,
      tokenEndpoint: "https://login.example.com/oauth2/token",
      jwksUri: "https://keys.example.com/jwks",
    });
    expect(flow.getMetadata()).toMatchObject({
      token_endpoint: "https://login.example.com/oauth2/token",
      jwks_uri: "https://keys.example.com/jwks",
    });
  });

  it("resolves an endpoint path against the issuer's origin, also for an issuer with a path (RFC 8414 §2)", () => {
    const flow = flowWith({ issuer: "https://as.example.com/tenants/42", tokenEndpoint: "/tenants/42/token" });
    expect(flow.getMetadata()).toMatchObject({
      issuer: "https://as.example.com/tenants/42",
      token_endpoint: "https://as.example.com/tenants/42/token",
    });
  });

  it("lists dpop_signing_alg_values_supported when the token type is DPoP, and not for Bearer (RFC 9449 §5.1)", () => {
    expect(flowWith({ issuer: ISSUER, tokenType: DPOP }).getMetadata().dpop_signing_alg_values_supported).toEqual([
      "ES256",
      "EdDSA",
    ]);
    expect(flowWith({ issuer: ISSUER }).getMetadata()).not.toHaveProperty("dpop_signing_alg_values_supported");
  });

  it("throws a TypeError without an issuer: RFC 8414 §2 requires it", () => {
    expect(() => flowWith({}).getMetadata()).toThrow(TypeError);
  });

  it("returns a new document each time: changing one changes neither the flow nor the next", () => {
    const flow = flowWith({ issuer: ISSUER, scopes: { read: "Read" } });
    const first = flow.getMetadata();
    first.grant_types_supported.push("password");
    first.scopes_supported?.push("admin");
    expect(flow.getMetadata()).toMatchObject({
      grant_types_supported: ["client_credentials"],
      scopes_supported: ["read"],
    });
  });

  it.each([
    ["jwksUri", "a relative path", "jwks.json"],
    ["jwksUri", "a fragment", "https://as.example.com/jwks#x"],
    ["protectedResource", "http on a public host", "http://api.example.com"],
    ["protectedResource", "a query", "https://api.example.com?v=1"],
    ["protectedResource", "a fragment", "https://api.example.com#x"],
  ])("refuses a %s with %s in build() (RFC 8414 §2, RFC 9728 §1.2)", (option, _, value) => {
    expect(() => flowWith({ [option]: value })).toThrow(new RegExp(`- ${option}: `));
  });

  it("sets jwksUri and protectedResource with their setters", () => {
    const flow = new ClientCredentialsFlowBuilder()
      .setJwksUri("/jwks")
      .setProtectedResource(RESOURCE)
      .getClient(() => undefined)
      .generateAccessToken(() => "t")
      .build();
    expect(flow.configuration).toMatchObject({
      jwksUri: "/jwks",
      protectedResource: RESOURCE,
      protectedResourceMetadataUrl: RESOURCE_METADATA,
    });
  });
});

describe("RFC 9728 protected resource metadata: flow.getProtectedResourceMetadata()", () => {
  it("describes the protected resource: resource as configured, the issuer, scopes and Bearer methods (RFC 9728 §2)", () => {
    const flow = flowWith({ issuer: ISSUER, protectedResource: RESOURCE, scopes: { "read:data": "Read" } });
    expect(flow.getProtectedResourceMetadata()).toEqual({
      resource: RESOURCE,
      authorization_servers: [ISSUER],
      scopes_supported: ["read:data"],
      bearer_methods_supported: ["header"],
    });
  });

  it("lists body and query among bearer_methods_supported only when enabled (RFC 9728 §2, RFC 6750 §2)", () => {
    const flow = flowWith({ protectedResource: RESOURCE, acceptFormBodyToken: true, acceptQueryToken: true });
    expect(flow.getProtectedResourceMetadata()).toEqual({
      resource: RESOURCE,
      bearer_methods_supported: ["header", "body", "query"],
    });
  });

  it("lists DPoP algorithms and no Bearer methods for a DPoP token type (RFC 9728 §2)", () => {
    expect(flowWith({ protectedResource: RESOURCE, tokenType: DPOP }).getProtectedResourceMetadata()).toEqual({
      resource: RESOURCE,
      dpop_signing_alg_values_supported: ["ES256", "EdDSA"],
    });
  });

  it("throws a TypeError without protectedResource: RFC 9728 §2 requires resource", () => {
    expect(() => flowWith({ issuer: ISSUER }).getProtectedResourceMetadata()).toThrow(TypeError);
  });

  it.each([
    [RESOURCE, RESOURCE_METADATA],
    [`${RESOURCE}/`, RESOURCE_METADATA],
    [`${RESOURCE}/v1`, "https://api.example.com/.well-known/oauth-protected-resource/v1"],
    [`${RESOURCE}/v1/`, "https://api.example.com/.well-known/oauth-protected-resource/v1"],
    ["http://localhost:3000/api", "http://localhost:3000/.well-known/oauth-protected-resource/api"],
  ])(
    "serves the metadata of %s at %s: the well-known path goes before the resource's path (RFC 9728 §3.1)",
    (resource, url) => {
      expect(flowWith({ protectedResource: resource }).configuration.protectedResourceMetadataUrl).toBe(url);
      expect(flowWith({ protectedResource: resource }).getProtectedResourceMetadata().resource).toBe(resource);
    },
  );
});

describe("RFC 9728 §5.1 resource_metadata in WWW-Authenticate", () => {
  const configured = { protectedResource: RESOURCE };
  const metadataAttribute = `, resource_metadata="${RESOURCE_METADATA}"`;

  it("adds resource_metadata to the bare challenge of a request without a token (RFC 9728 §5.1, RFC 6750 §3.1)", async () => {
    const { flow } = resourceFlow(configured);
    const result = await flow.verifyToken(resourceRequest());
    expect(await rejection(result)).toEqual({
      code: "invalid_request",
      status: 401,
      challenge: `Bearer realm="oauth2"${metadataAttribute}`,
      body: null,
    });
  });

  it("adds resource_metadata to invalid_token, after error and error_description (RFC 9728 §5.1)", async () => {
    const { flow } = resourceFlow(configured);
    const expected = challenged("invalid_token", 401, "The access token is invalid");
    expect(await rejection(await flow.verifyToken(resourceRequest(bearer("unknown"))))).toEqual({
      ...expected,
      challenge: `${expected.challenge}${metadataAttribute}`,
    });
  });

  it("adds resource_metadata after scope to insufficient_scope (RFC 9728 §5.1, RFC 6750 §3.1)", async () => {
    const { flow } = resourceFlow(configured);
    const result = await flow.verifyToken(resourceRequest(bearer("read-token")), { scopes: ["write:data"] });
    const expected = challenged(
      "insufficient_scope",
      403,
      "The access token does not grant the required scope",
      "write:data",
    );
    expect(await rejection(result)).toEqual({ ...expected, challenge: `${expected.challenge}${metadataAttribute}` });
  });

  it("adds resource_metadata to invalid_request (RFC 9728 §5.1, RFC 6750 §3.1)", async () => {
    const { flow } = resourceFlow(configured);
    const result = await flow.verifyToken(resourceRequest({ authorization: "Bearer a b" }));
    expect((await rejection(result)).challenge).toBe(
      `Bearer realm="oauth2", error="invalid_request", error_description="The Authorization header is malformed"${metadataAttribute}`,
    );
  });

  it("leaves challenges without resource_metadata when no protectedResource is configured", async () => {
    const { flow } = resourceFlow();
    expect((await rejection(await flow.verifyToken(resourceRequest()))).challenge).toBe('Bearer realm="oauth2"');
  });

  it("still sends server_error without any challenge (RFC 6750 §3)", async () => {
    const { flow } = makeFlow(configured, (builder) =>
      builder.verifyToken(() => {
        throw new Error("store down");
      }),
    );
    expect((await rejection(await flow.verifyToken(resourceRequest(bearer("t"))))).challenge).toBeNull();
  });
});

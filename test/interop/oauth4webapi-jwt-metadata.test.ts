import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientCredentialsFlow, JwtAccessTokens } from "../../src/index.js";
import { makeFlow } from "../support/fixtures.js";
import { fixturePair } from "../support/jwt-fixtures.js";
import { serve, type TestServer } from "./serve.js";

// The server is plain http on 127.0.0.1: the issuer, the token endpoint and the resource are too.
const insecure = { [oauth.allowInsecureRequests]: true } as const;
const OTHER_RESOURCE = "https://other.example.com";
const CLIENT: oauth.Client = { client_id: "service-a" };
const clientAuth = oauth.ClientSecretBasic("secret-a");

let server: TestServer;
let issuer: string;
/** The resource server's identifier: the `/api` path of the same origin. */
let resource: string;
let flow: ClientCredentialsFlow;
let tokens: JwtAccessTokens;

/** Every route of a server that is both authorization server and resource server. */
async function app(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === "/.well-known/oauth-authorization-server") return Response.json(flow.getMetadata());
  if (pathname === new URL(flow.configuration.protectedResourceMetadataUrl ?? "/-").pathname) {
    return Response.json(flow.getProtectedResourceMetadata());
  }
  if (pathname === "/jwks") return Response.json(tokens.jwks());
  if (pathname === "/token") return (await flow.token(request)).toResponse();
  if (pathname === "/api/data") {
    const result = await flow.verifyToken(request, { scopes: ["read:data"] });
    if (!result.success) return result.toResponse();
    return Response.json({ client: result.credentials.app?.id });
  }
  return new Response(null, { status: 404 });
}

beforeAll(async () => {
  server = await serve(app);
  issuer = server.origin;
  resource = `${server.origin}/api`;
  // The pair verifies for this resource server, and uses it as the default audience too.
  tokens = await fixturePair("ES256", { issuer, audience: resource });
  flow = makeFlow(
    { issuer, jwksUri: "/jwks", protectedResource: resource, resources: [resource, OTHER_RESOURCE] },
    (builder) => builder.generateAccessToken(tokens.generateAccessToken).verifyToken(tokens.verifyToken),
  ).flow;
});

afterAll(() => server.close());

async function discover(): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(new URL(issuer), { algorithm: "oauth2", ...insecure });
  return oauth.processDiscoveryResponse(new URL(issuer), response);
}

async function tokenFor(as: oauth.AuthorizationServer, target: string): Promise<oauth.TokenEndpointResponse> {
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    CLIENT,
    clientAuth,
    { scope: "read:data", resource: target },
    insecure,
  );
  return oauth.processClientCredentialsResponse(as, CLIENT, response);
}

function resourceRequest(accessToken: string): Request {
  return new Request(`${resource}/data`, { headers: { authorization: `Bearer ${accessToken}` } });
}

describe("oauth4webapi against the metadata documents and JWT access tokens", () => {
  it("discovers the server at /.well-known/oauth-authorization-server and reads flow.getMetadata() (RFC 8414 §3)", async () => {
    const as = await discover();
    expect(as).toEqual({ ...flow.getMetadata() });
    expect(as).toMatchObject({ issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
  });

  it("gets a token for a resource from the discovered token endpoint, and validateJwtAccessToken accepts it (RFC 8707 §2, RFC 9068 §4)", async () => {
    const as = await discover();
    const token = await tokenFor(as, resource);
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "read:data" });
    const claims = await oauth.validateJwtAccessToken(as, resourceRequest(token.access_token), resource, insecure);
    expect(claims).toMatchObject({ iss: issuer, aud: resource, sub: "service-a", client_id: "service-a" });
    expect(claims.scope).toBe("read:data");
  });

  it("has the discovered resource server accept the token on a protected route (RFC 6750 §2.1)", async () => {
    const token = await tokenFor(await discover(), resource);
    const response = await oauth.protectedResourceRequest(
      token.access_token,
      "GET",
      new URL(`${resource}/data`),
      undefined,
      null,
      insecure,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ client: "service-a" });
  });

  it("has validateJwtAccessToken and the resource server refuse a token issued for another resource (RFC 9068 §4)", async () => {
    const as = await discover();
    const token = await tokenFor(as, OTHER_RESOURCE);
    await expect(
      oauth.validateJwtAccessToken(as, resourceRequest(token.access_token), resource, insecure),
    ).rejects.toThrow();
    const answer = await app(resourceRequest(token.access_token));
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("follows resource_metadata from a 401 challenge to the protected resource metadata (RFC 9728 §5.1, §3)", async () => {
    const error = await oauth
      .protectedResourceRequest("not-a-token", "GET", new URL(`${resource}/data`), undefined, null, insecure)
      .then(
        () => expect.unreachable("expected a challenge"),
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const [challenge] = (error as oauth.WWWAuthenticateChallengeError).cause;
    const metadataUrl = challenge?.parameters.resource_metadata ?? "";
    expect(metadataUrl).toBe(`${issuer}/.well-known/oauth-protected-resource/api`);
    const metadata = await oauth.processResourceDiscoveryResponse(new URL(resource), await fetch(metadataUrl));
    expect(metadata).toMatchObject({ resource, authorization_servers: [issuer] });
  });

  it("discovers the protected resource from its identifier (RFC 9728 §3)", async () => {
    const response = await oauth.resourceDiscoveryRequest(new URL(resource), insecure);
    const metadata = await oauth.processResourceDiscoveryResponse(new URL(resource), response);
    expect(metadata).toEqual({ ...flow.getProtectedResourceMetadata() });
  });
});

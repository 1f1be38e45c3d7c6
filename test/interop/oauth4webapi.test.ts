import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFlow, type TestClient } from "../support/fixtures.js";
import { serve, type TestServer } from "./serve.js";

// Ids and secrets that only survive RFC 6749 §2.3.1 / Appendix B encoding done right on both sides.
const BASIC_CLIENT: TestClient = {
  id: "basic:client+id% é",
  secret: "s3cr:et+ %ü/=",
  grants: ["client_credentials"],
  scopes: ["read:data"],
  tokenEndpointAuthMethod: "client_secret_basic",
};
const POST_CLIENT: TestClient = {
  id: "post client:+%ñ",
  secret: "pässwörd:+% 1",
  grants: ["client_credentials"],
  scopes: ["read:data"],
  tokenEndpointAuthMethod: "client_secret_post",
};

/** Protected routes and the scopes they require. */
const ROUTES: Record<string, string[]> = { "/data": ["read:data"], "/admin": ["write:data"] };

const { flow } = makeFlow({}, undefined, { [BASIC_CLIENT.id]: BASIC_CLIENT, [POST_CLIENT.id]: POST_CLIENT });

async function app(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === "/token") return (await flow.token(request)).toResponse();
  const scopes = ROUTES[pathname];
  if (scopes === undefined) return new Response(null, { status: 404 });
  const result = await flow.verifyToken(request, { scopes });
  if (!result.success) return result.toResponse();
  return Response.json({ data: `${pathname} contents`, client: result.credentials.app?.id });
}

let server: TestServer;
let as: oauth.AuthorizationServer;

beforeAll(async () => {
  server = await serve(app);
  as = { issuer: server.origin, token_endpoint: `${server.origin}/token` };
});

afterAll(() => server.close());

// The server is plain http on 127.0.0.1.
const insecure = { [oauth.allowInsecureRequests]: true } as const;

type ClientAuthFactory = (clientSecret: string) => oauth.ClientAuth;

async function requestToken(client: TestClient, auth: ClientAuthFactory, secret = client.secret) {
  const metadata: oauth.Client = { client_id: client.id };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    metadata,
    auth(secret),
    { scope: "read:data" },
    insecure,
  );
  return oauth.processClientCredentialsResponse(as, metadata, response);
}

function callRoute(accessToken: string, path: string): Promise<Response> {
  return oauth.protectedResourceRequest(accessToken, "GET", new URL(path, server.origin), undefined, null, insecure);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

describe.each([
  ["client_secret_basic", BASIC_CLIENT, oauth.ClientSecretBasic],
  ["client_secret_post", POST_CLIENT, oauth.ClientSecretPost],
] as const)("oauth4webapi with %s", (_, client, auth) => {
  it("obtains a Bearer token for an id and secret holding ':', '+', '%', space and non-ASCII (RFC 6749 §2.3.1, §4.4.3)", async () => {
    const token = await requestToken(client, auth);
    expect(token).toEqual({
      access_token: expect.any(String),
      token_type: "bearer",
      expires_in: 3600,
      scope: "read:data",
    });
  });

  it("reads a protected route with that token: 200 with the route's data (RFC 6750 §2.1)", async () => {
    const { access_token } = await requestToken(client, auth);
    const response = await callRoute(access_token, "/data");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: "/data contents", client: client.id });
  });

  it("is refused a route needing a scope the token lacks: 403 insufficient_scope in a Bearer challenge it parses (RFC 6750 §3.1)", async () => {
    const { access_token } = await requestToken(client, auth);
    const error = await rejectionOf(callRoute(access_token, "/admin"));
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(error).toMatchObject({
      status: 403,
      cause: [
        {
          scheme: "bearer",
          parameters: { realm: "oauth2", error: "insufficient_scope", scope: "write:data" },
        },
      ],
    });
  });
});

describe("oauth4webapi with a wrong client secret", () => {
  it("surfaces invalid_client behind a 401 Basic challenge for client_secret_basic (RFC 6749 §5.2)", async () => {
    const error = await rejectionOf(requestToken(BASIC_CLIENT, oauth.ClientSecretBasic, "wrong"));
    expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const challenge = error as oauth.WWWAuthenticateChallengeError;
    expect(challenge.status).toBe(401);
    expect(challenge.cause).toEqual([{ scheme: "basic", parameters: { realm: "oauth2" } }]);
    expect(await challenge.response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("surfaces invalid_client as a 400 error body for client_secret_post (RFC 6749 §5.2)", async () => {
    const error = await rejectionOf(requestToken(POST_CLIENT, oauth.ClientSecretPost, "wrong"));
    expect(error).toBeInstanceOf(oauth.ResponseBodyError);
    expect(error).toMatchObject({ status: 400, error: "invalid_client" });
  });
});

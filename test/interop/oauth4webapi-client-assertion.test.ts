import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientAssertionOptions, ClientCredentialsFlow, OAuth2Client } from "../../src/index.js";
import { type KeyPair, keyPair } from "../support/client-assertion.js";
import { makeFlow } from "../support/fixtures.js";
import { serve, type TestServer } from "./serve.js";

// oauth4webapi signs HS256 for client_secret_jwt: the secret needs 32 octets (RFC 7518 §3.2).
const SECRET = "interop-secret-0123456789abcdef-xyz";

let server: TestServer;
let as: oauth.AuthorizationServer;
let ec: KeyPair;
let rsa: KeyPair;
let clients: Record<string, OAuth2Client>;
let flow: ClientCredentialsFlow;

/**
 * Builds the flow behind the server; the issuer is the server's origin, known once it listens.
 * The token endpoint is the absolute URL clients use, which the legacy audience is compared with.
 */
function useFlow(clientAssertion: ClientAssertionOptions = {}): void {
  flow = makeFlow(
    {
      issuer: server.origin,
      tokenEndpoint: `${server.origin}/token`,
      clientAuthenticationMethods: ["client_secret_jwt", "private_key_jwt"],
      clientAssertion: { allowHttpJwksUri: true, ...clientAssertion },
    },
    (builder) => builder.getClient(({ clientId }) => clients[clientId]),
  ).flow;
}

async function app(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === "/token") return (await flow.token(request)).toResponse();
  if (pathname === "/jwks") return Response.json({ keys: [rsa.jwk] });
  const result = await flow.verifyToken(request, { scopes: ["read:data"] });
  if (!result.success) return result.toResponse();
  return Response.json({ client: result.credentials.app?.id });
}

beforeAll(async () => {
  [ec, rsa] = await Promise.all([keyPair("ES256", "ec-2025"), keyPair("RS256", "rsa-2025")]);
  server = await serve(app);
  as = { issuer: server.origin, token_endpoint: `${server.origin}/token` };
  clients = {
    "inline-keys": { id: "inline-keys", jwks: { keys: [ec.jwk] }, tokenEndpointAuthMethod: "private_key_jwt" },
    "published-keys": {
      id: "published-keys",
      jwksUri: `${server.origin}/jwks`,
      tokenEndpointAuthMethod: "private_key_jwt",
      tokenEndpointAuthSigningAlg: "RS256",
    },
    "shared-secret": { id: "shared-secret", secret: SECRET, tokenEndpointAuthMethod: "client_secret_jwt" },
  };
  useFlow();
});

afterAll(() => server.close());

const insecure = { [oauth.allowInsecureRequests]: true } as const;

async function requestToken(clientId: string, auth: oauth.ClientAuth) {
  const client: oauth.Client = { client_id: clientId };
  const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "read:data" }, insecure);
  return oauth.processClientCredentialsResponse(as, client, response);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

const TOKEN = { access_token: expect.any(String), token_type: "bearer", expires_in: 3600, scope: "read:data" };

describe("oauth4webapi clients against a node:http server running the flow (RFC 7523 §2.2)", () => {
  it("PrivateKeyJwt (ES256, keys registered inline) obtains a token that opens a protected route", async () => {
    const token = await requestToken("inline-keys", oauth.PrivateKeyJwt({ key: ec.privateKey, kid: "ec-2025" }));
    expect(token).toEqual(TOKEN);
    const response = await oauth.protectedResourceRequest(
      token.access_token,
      "GET",
      new URL("/data", server.origin),
      undefined,
      null,
      insecure,
    );
    expect(await response.json()).toEqual({ client: "inline-keys" });
  });

  it("PrivateKeyJwt (RS256, keys fetched from jwksUri) obtains a token, twice with fresh assertions", async () => {
    const auth = oauth.PrivateKeyJwt({ key: rsa.privateKey, kid: "rsa-2025" });
    expect(await requestToken("published-keys", auth)).toEqual(TOKEN);
    expect(await requestToken("published-keys", auth)).toEqual(TOKEN);
  });

  it("ClientSecretJwt (HS256) obtains a token", async () => {
    expect(await requestToken("shared-secret", oauth.ClientSecretJwt(SECRET))).toEqual(TOKEN);
  });

  it("surfaces invalid_client (400) for an assertion signed with a key the client did not register", async () => {
    const stranger = await keyPair("ES256", "ec-2025");
    const error = await rejectionOf(
      requestToken("inline-keys", oauth.PrivateKeyJwt({ key: stranger.privateKey, kid: "ec-2025" })),
    );
    expect(error).toBeInstanceOf(oauth.ResponseBodyError);
    expect(error).toMatchObject({ status: 400, error: "invalid_client" });
  });

  it("surfaces invalid_client for ClientSecretJwt with a wrong secret", async () => {
    const error = await rejectionOf(requestToken("shared-secret", oauth.ClientSecretJwt(`${SECRET}-wrong`)));
    expect(error).toMatchObject({ status: 400, error: "invalid_client" });
  });

  it("sends aud = issuer, which is what the flow expects; an aud of the token endpoint works only in legacy mode", async () => {
    const toTokenEndpoint = {
      [oauth.modifyAssertion]: (_header: Record<string, unknown>, payload: Record<string, unknown>) => {
        payload.aud = as.token_endpoint;
      },
    };
    const auth = oauth.PrivateKeyJwt({ key: ec.privateKey, kid: "ec-2025" }, toTokenEndpoint);
    expect(await rejectionOf(requestToken("inline-keys", auth))).toMatchObject({
      status: 400,
      error: "invalid_client",
    });
    useFlow({ acceptTokenEndpointAudience: true });
    try {
      expect(await requestToken("inline-keys", auth)).toEqual(TOKEN);
    } finally {
      useFlow();
    }
  });
});

// The founding page's full example, made concrete: an in-memory client registry with hashed
// secrets, JWT access tokens (RFC 9068), both secret methods, an OpenAPI document, and the
// metadata and key documents clients and resource servers discover it all from.
import {
  ClientCredentialsFlowBuilder,
  generateSigningKeyPair,
  hashClientSecret,
  jwtAccessTokens,
  type OAuth2Client,
  verifyClientSecret,
} from "../../src/index.js";

const ISSUER = "https://auth.example.com";
const AUDIENCE = "https://api.example.com";

/** A client as this application stores it: the library's fields plus a secret hash. */
export interface RegisteredClient extends OAuth2Client {
  secretHash: string;
}

/** What a client is registered with, besides its id and secret. */
export type ClientRegistration = Pick<OAuth2Client, "grants" | "scopes" | "tokenEndpointAuthMethod">;

/** An in-memory client registry. Swap it for your database; keep storing hashes only. */
export class ClientRegistry {
  readonly #clients = new Map<string, RegisteredClient>();

  /** Registers a client. The plain secret is hashed here and never stored. */
  async register(id: string, secret: string, registration: ClientRegistration): Promise<void> {
    this.#clients.set(id, { ...registration, id, secretHash: await hashClientSecret(secret) });
  }

  /** The client with this id, or `undefined`. */
  async findClientById(id: string): Promise<RegisteredClient | undefined> {
    return this.#clients.get(id);
  }
}

// Demo clients. In production the secrets are generated, shown once, and only hashes are kept.
export const db = new ClientRegistry();
await db.register("inventory-service", "inventory-secret-change-me", {
  grants: ["client_credentials"],
  scopes: ["data:read", "data:write"],
  tokenEndpointAuthMethod: "client_secret_basic",
});
await db.register("report-generator", "report-secret-change-me", {
  grants: ["client_credentials"],
  scopes: ["data:read"],
  tokenEndpointAuthMethod: "client_secret_post",
});

// A signing key made at start-up: tokens stop verifying after a restart. In production load the
// private JWK from your secret store, and rotate it as docs/jwt-access-tokens.md shows.
const { privateJwk } = await generateSigningKeyPair("ES256");

/** Signs and verifies JWT access tokens for this API, and publishes the public key. */
export const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: AUDIENCE, keys: [{ privateJwk }] });

export const flow = new ClientCredentialsFlowBuilder({ tokenEndpoint: "/token" })
  .setIssuer(ISSUER)
  .setJwksUri("/.well-known/jwks.json")
  .setProtectedResource(AUDIENCE)
  .setSecuritySchemeName("serviceAuth")
  .setDescription("Client Credentials for service-to-service communication")
  .setScopes({
    "data:read": "Read data",
    "data:write": "Write data",
  })
  .setAccessTokenLifetime(1800)
  .addClientAuthenticationMethod("client_secret_basic")
  .addClientAuthenticationMethod("client_secret_post")

  // Token endpoint: authenticate the client. The library itself then refuses clients whose
  // `grants` lack "client_credentials" (unauthorized_client), scopes outside `scopes`
  // (invalid_scope) and a method other than `tokenEndpointAuthMethod` (invalid_client).
  .getClient(async ({ clientId, clientSecret }) => {
    const client = await db.findClientById(clientId);
    if (client === undefined) return undefined;
    if (!(await verifyClientSecret(clientSecret, client.secretHash))) return undefined;
    return client;
  })

  // Token endpoint: issue the access token, a JWT for AUDIENCE (RFC 9068).
  .generateAccessToken(tokens.generateAccessToken)

  // Protected routes: verify the token's signature, issuer, audience and expiry (RFC 9068 §4).
  .verifyToken(tokens.verifyToken)
  .build();

// The API description, from the same flow, so it cannot drift from what the server does.
const readData = flow.toOpenAPIOperationSecurity(["data:read"]);
const writeData = flow.toOpenAPIOperationSecurity(["data:write"]);

export const openApiDocument = {
  openapi: "3.1.0",
  info: { title: "Data API", version: "1.0.0" },
  paths: {
    ...flow.toOpenAPIPaths(),
    "/data": {
      get: {
        summary: "Read data",
        security: readData.security,
        responses: { "200": { description: "The data." }, ...readData.responses },
      },
      post: {
        summary: "Write data",
        security: writeData.security,
        responses: { "202": { description: "Accepted." }, ...writeData.responses },
      },
    },
  },
  components: flow.toOpenAPIComponents(),
};

/** A Fetch handler for the token endpoint, the data routes and the documents that describe them. */
export async function handler(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);

  if (pathname === flow.getTokenEndpoint()) {
    return (await flow.token(request)).toResponse();
  }

  if (pathname === "/data" && (request.method === "GET" || request.method === "POST")) {
    const scopes = request.method === "GET" ? ["data:read"] : ["data:write"];
    const auth = await flow.verifyToken(request, { scopes });
    if (!auth.success) return auth.toResponse();
    const client = auth.credentials.app?.id;
    if (request.method === "GET") return Response.json({ client, items: ["a", "b"] });
    return Response.json({ client, accepted: true }, { status: 202 });
  }

  if (request.method === "GET") {
    if (pathname === "/openapi.json") return Response.json(openApiDocument);
    // RFC 8414 §3: the authorization server's metadata, where clients discover the token endpoint.
    if (pathname === "/.well-known/oauth-authorization-server") return Response.json(flow.getMetadata());
    // RFC 9728 §3: the API's own metadata; 401 challenges point here with resource_metadata.
    if (pathname === "/.well-known/oauth-protected-resource") {
      return Response.json(flow.getProtectedResourceMetadata());
    }
    // RFC 7517 §5: the public keys resource servers verify tokens with; cache them briefly.
    if (pathname === "/.well-known/jwks.json") {
      return Response.json(tokens.jwks(), { headers: { "Cache-Control": "public, max-age=300" } });
    }
  }

  return new Response("Not Found", { status: 404 });
}

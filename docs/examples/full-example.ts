// The founding page's full example, made concrete: an in-memory client registry with hashed
// secrets, JWT access tokens signed and verified with jose (`npm install jose`), both secret
// methods, and an OpenAPI document built from the same flow.
import { errors, generateKeyPair, jwtVerify, SignJWT } from "jose";
import {
  ClientCredentialsFlowBuilder,
  hashClientSecret,
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

// A signing key made at start-up: tokens stop verifying after a restart. Load a persistent key
// (and publish its public half) when other services verify your tokens.
const { privateKey, publicKey } = await generateKeyPair("ES256");

/** Signs a JWT access token in the shape of RFC 9068. */
async function signJwt(claims: { sub: string; scope: string[]; exp: number }): Promise<string> {
  const jwt = new SignJWT({ client_id: claims.sub, ...(claims.scope.length > 0 && { scope: claims.scope.join(" ") }) })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.exp)
    .setJti(crypto.randomUUID());
  return jwt.sign(privateKey);
}

/** Verifies a JWT access token; `undefined` when it is malformed, forged, expired or not for us. */
async function verifyJwt(token: string): Promise<{ sub: string; scope: string[] } | undefined> {
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: "at+jwt",
      algorithms: ["ES256"],
      requiredClaims: ["sub", "exp"],
    });
    const scope = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    return { sub: String(payload.sub), scope };
  } catch (error) {
    // jose's errors mean "not a valid token". Anything else is a fault of this server and is
    // re-thrown: the flow answers it with 500 server_error.
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}

export const flow = new ClientCredentialsFlowBuilder({ tokenEndpoint: "/token" })
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

  // Token endpoint: issue the access token.
  .generateAccessToken(async (context) => ({
    accessToken: await signJwt({
      sub: context.client.id,
      scope: context.scope,
      exp: Math.floor(Date.now() / 1000) + context.accessTokenLifetime,
    }),
  }))

  // Protected routes: verify the token.
  .verifyToken(async (token) => {
    const payload = await verifyJwt(token);
    if (!payload) return { isValid: false };
    return {
      isValid: true,
      credentials: {
        app: { id: payload.sub },
        scope: payload.scope,
      },
    };
  })
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

/** A Fetch handler for the token endpoint, the data routes and the OpenAPI document. */
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

  if (pathname === "/openapi.json" && request.method === "GET") {
    return Response.json(openApiDocument);
  }

  return new Response("Not Found", { status: 404 });
}

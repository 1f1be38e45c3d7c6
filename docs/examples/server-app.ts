// The application every server-*.ts example in this folder serves: a token endpoint
// (POST /token), a protected route that needs the `read:data` scope (GET /api/data) and the
// OpenAPI document (GET /openapi.json). Only how it is served differs per runtime and framework.
import {
  type AuthCredentials,
  ClientCredentialsFlowBuilder,
  type OAuth2Client,
  verifyClientSecret,
} from "../../src/index.js";

/** A registered client: the library's fields plus the hash of its secret. */
interface RegisteredClient extends OAuth2Client {
  secretHash: string;
}

// Two demo clients. Only hashes are stored, made once with hashClientSecret(); the secrets are
// "reporting-secret-change-me" (sent with HTTP Basic) and "billing-secret-change-me" (sent in the
// form body). Constants rather than hashing at start-up: Cloudflare Workers allow no random
// numbers (the salt) in global scope.
const clients = new Map<string, RegisteredClient>([
  [
    "reporting-service",
    {
      id: "reporting-service",
      secretHash: "$sha256$u27Um13bpHKIeH3ejjZ8mQ$EhDPTKb4KTAKuiyFGMbWVozXOpz4H5BHdKNao_xaw-o",
      scopes: ["read:data"],
      tokenEndpointAuthMethod: "client_secret_basic",
    },
  ],
  [
    "billing-service",
    {
      id: "billing-service",
      secretHash: "$sha256$sL8WT_4m6SHFl2MYiJOyJA$BoNBizIOmwnR9hs_oI80NRhB9aNBeDZqsoI3K-h0Znk",
      scopes: ["write:data"],
      tokenEndpointAuthMethod: "client_secret_post",
    },
  ],
]);

// Issued tokens, in memory: they vanish on restart and are not shared between processes.
// Use a shared store or signed JWTs in production.
const tokens = new Map<string, { clientId: string; scope: string[]; expiresAt: number }>();

export const flow = new ClientCredentialsFlowBuilder({ tokenEndpoint: "/token" })
  .setScopes({ "read:data": "Read the data", "write:data": "Change the data" })
  .addClientAuthenticationMethod("client_secret_basic")
  .addClientAuthenticationMethod("client_secret_post")
  .getClient(async ({ clientId, clientSecret }) => {
    const client = clients.get(clientId);
    if (client === undefined) return undefined;
    return (await verifyClientSecret(clientSecret, client.secretHash)) ? client : undefined;
  })
  .generateAccessToken(({ client, scope, accessTokenLifetime }) => {
    const accessToken = crypto.randomUUID();
    tokens.set(accessToken, { clientId: client.id, scope, expiresAt: Date.now() + accessTokenLifetime * 1000 });
    return { accessToken };
  })
  .verifyToken((token) => {
    const entry = tokens.get(token);
    if (entry === undefined || entry.expiresAt <= Date.now()) return { isValid: false };
    return { isValid: true, credentials: { app: { id: entry.clientId }, scope: entry.scope } };
  })
  .build();

/** The scope GET /api/data needs. */
export const READ_DATA = ["read:data"];

/** The body of GET /api/data for a verified caller. */
export function apiData(credentials: AuthCredentials): { client: string | undefined; items: string[] } {
  return { client: credentials.app?.id, items: ["a", "b"] };
}

const readData = flow.toOpenAPIOperationSecurity(READ_DATA);

/** The OpenAPI document, built from the flow so it cannot drift from what the server does. */
export const openApiDocument = {
  openapi: "3.1.0",
  info: { title: "Example data API", version: "1.0.0" },
  paths: {
    ...flow.toOpenAPIPaths(),
    "/api/data": {
      get: {
        summary: "Read the data",
        security: readData.security,
        responses: { "200": { description: "The data." }, ...readData.responses },
      },
    },
  },
  components: flow.toOpenAPIComponents(),
};

/** The whole application as a Fetch handler, for runtimes that serve one (Bun, Deno, Workers, Node). */
export async function handler(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === flow.getTokenEndpoint()) {
    // The flow answers methods other than POST itself (405).
    return (await flow.token(request)).toResponse();
  }
  if (pathname === "/api/data" && request.method === "GET") {
    const auth = await flow.verifyToken(request, { scopes: READ_DATA });
    if (!auth.success) return auth.toResponse();
    return Response.json(apiData(auth.credentials));
  }
  if (pathname === "/openapi.json" && request.method === "GET") {
    return Response.json(openApiDocument);
  }
  return new Response("Not Found", { status: 404 });
}

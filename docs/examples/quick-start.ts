import { ClientCredentialsFlowBuilder, hashClientSecret, verifyClientSecret } from "../../src/index.js";

// The registered clients. Only a hash of each secret is kept (docs/client-authentication.md).
const clients = new Map([
  [
    "reporting-service",
    { id: "reporting-service", secretHash: await hashClientSecret("s3cr3t-change-me"), scopes: ["read:data"] },
  ],
]);

// Issued tokens: random strings kept in memory. Use a shared store or signed JWTs in production.
const tokens = new Map<string, { clientId: string; scope: string[]; expiresAt: number }>();

const flow = new ClientCredentialsFlowBuilder({ tokenEndpoint: "/token" })
  .setScopes({ "read:data": "Read access", "write:data": "Write access" })
  .addClientAuthenticationMethod("client_secret_basic")
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

/** A Fetch handler: serve it with any server that speaks `Request` and `Response`. */
export async function handler(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);

  // The flow answers non-POST requests itself (405), so routing by path is enough.
  if (pathname === flow.getTokenEndpoint()) {
    const result = await flow.token(request);
    return result.toResponse();
  }

  if (pathname === "/reports") {
    const needed = request.method === "GET" ? ["read:data"] : ["write:data"];
    const auth = await flow.verifyToken(request, { scopes: needed });
    if (!auth.success) return auth.toResponse();
    return Response.json({ client: auth.credentials.app?.id, reports: [] });
  }

  return new Response("Not Found", { status: 404 });
}

// What every contender of `npm run bench` serves: one client, the same token request, and the
// same work behind it. The floor handlers are written here, by hand, doing only what a token
// endpoint and a protected route must do; the flow's callbacks do that same work, so what
// differs between the two is the library itself.
import OAuth2Server from "@node-oauth/oauth2-server";
import {
  type ClientCredentialsFlow,
  ClientCredentialsFlowBuilder,
  type GenerateAccessTokenHandler,
  generateSigningKeyPair,
  jwtAccessTokens,
  type OAuth2Client,
} from "../../src/index.js";

export const CLIENT_ID = "reporting-service";
export const CLIENT_SECRET = "reporting-secret-0123456789abcdef";
export const SCOPE = "read:data";
export const ISSUER = "http://127.0.0.1";
export const AUDIENCE = "https://api.example.com";
export const LIFETIME = 3600;
export const BASIC = `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`;
export const TOKEN_BODY = `grant_type=client_credentials&scope=${encodeURIComponent(SCOPE)}`;
export const FORM = "application/x-www-form-urlencoded";
export const TOKEN_URL = "http://127.0.0.1/token";
export const RESOURCE_URL = "http://127.0.0.1/api/data";

interface BenchClient extends OAuth2Client {
  secretBytes: Uint8Array;
  scopes: string[];
}

const encoder = new TextEncoder();
const CLIENTS = new Map<string, BenchClient>([
  [CLIENT_ID, { id: CLIENT_ID, secretBytes: encoder.encode(CLIENT_SECRET), scopes: ["read:data", "write:data"] }],
]);

/** The stored secret compared with the presented one in time that depends only on the lengths. */
function secretMatches(presented: string, stored: Uint8Array): boolean {
  const bytes = encoder.encode(presented);
  if (bytes.byteLength !== stored.byteLength) return false;
  let difference = 0;
  for (let i = 0; i < bytes.byteLength; i++) difference |= (bytes[i] as number) ^ (stored[i] as number);
  return difference === 0;
}

/** The client with this id and secret, or `undefined`. */
export function authenticate(id: string, secret: string): BenchClient | undefined {
  const client = CLIENTS.get(id);
  return client !== undefined && secretMatches(secret, client.secretBytes) ? client : undefined;
}

const TOKEN_BYTES = 24;
const pool = new Uint8Array(TOKEN_BYTES * 2048);
let poolOffset = pool.byteLength;

/** 192 random bits as base64url, cut from a pool refilled 2048 tokens at a time. */
export function pooledToken(): string {
  if (poolOffset + TOKEN_BYTES > pool.byteLength) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const token = Buffer.from(pool.buffer, poolOffset, TOKEN_BYTES).toString("base64url");
  poolOffset += TOKEN_BYTES;
  return token;
}

/** Tokens the protected-route contenders look up: one, issued before the benchmark. */
export const TOKENS = new Map<string, { clientId: string; scope: string[]; expiresAt: number }>();
export const ISSUED_TOKEN = pooledToken();
TOKENS.set(ISSUED_TOKEN, { clientId: CLIENT_ID, scope: [SCOPE], expiresAt: Date.now() + 86_400_000 });

const NO_STORE = { "content-type": "application/json;charset=UTF-8", "cache-control": "no-store", pragma: "no-cache" };

function floorError(status: number, error: string, challenge = false): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (challenge) headers["www-authenticate"] = 'Basic realm="bench"';
  return new Response(JSON.stringify({ error }), { status, headers });
}

/**
 * The floor of a token endpoint: the body read once with `text()` and `URLSearchParams`, HTTP
 * Basic decoded, the secret compared in constant time, a pooled random token, `new Response(JSON)`.
 */
export async function floorToken(request: Request): Promise<Response> {
  if (request.method !== "POST") return floorError(405, "invalid_request");
  const parameters = new URLSearchParams(await request.text());
  if (parameters.get("grant_type") !== "client_credentials") return floorError(400, "unsupported_grant_type");
  const authorization = request.headers.get("authorization");
  if (authorization === null || !authorization.startsWith("Basic ")) return floorError(401, "invalid_client", true);
  let userPass: string;
  try {
    userPass = atob(authorization.slice(6));
  } catch {
    return floorError(401, "invalid_client", true);
  }
  const colon = userPass.indexOf(":");
  const client =
    colon === -1
      ? undefined
      : authenticate(decodeURIComponent(userPass.slice(0, colon)), decodeURIComponent(userPass.slice(colon + 1)));
  if (client === undefined) return floorError(401, "invalid_client", true);
  const scope = parameters.get("scope") ?? "";
  for (const name of scope.split(" ")) if (!client.scopes.includes(name)) return floorError(400, "invalid_scope");
  const body = { access_token: pooledToken(), token_type: "Bearer", expires_in: LIFETIME, scope };
  return new Response(JSON.stringify(body), { status: 200, headers: NO_STORE });
}

/** The floor of a protected route: the `Authorization` header parsed, the token looked up, the scope checked. */
export function floorVerify(request: Request): { success: boolean; clientId?: string } {
  const authorization = request.headers.get("authorization");
  if (authorization === null || !authorization.startsWith("Bearer ")) return { success: false };
  const entry = TOKENS.get(authorization.slice(7));
  if (entry === undefined || entry.expiresAt <= Date.now() || !entry.scope.includes(SCOPE)) return { success: false };
  return { success: true, clientId: entry.clientId };
}

/** `generateAccessToken` doing the floor's work: a pooled random token, stored nowhere. */
const opaqueToken: GenerateAccessTokenHandler = () => ({ accessToken: pooledToken() });

function flowBuilder(generate: GenerateAccessTokenHandler) {
  return new ClientCredentialsFlowBuilder({ tokenEndpoint: "/token" })
    .setIssuer(ISSUER)
    .setScopes({ "read:data": "Read the data", "write:data": "Change the data" })
    .setAccessTokenLifetime(LIFETIME)
    .addClientAuthenticationMethod("client_secret_basic")
    .getClient(({ clientId, clientSecret }) => authenticate(clientId, clientSecret))
    .generateAccessToken(generate);
}

/** The flow with opaque tokens, doing the floor's work in its callbacks. */
export function opaqueFlow(): ClientCredentialsFlow {
  return flowBuilder(opaqueToken)
    .verifyToken((token) => {
      const entry = TOKENS.get(token);
      if (entry === undefined || entry.expiresAt <= Date.now()) return { isValid: false };
      return { isValid: true, credentials: { app: { id: entry.clientId }, scope: entry.scope } };
    })
    .build();
}

/** The flow with ES256 JWT access tokens from `jwtAccessTokens`. */
export async function jwtFlow(): Promise<ClientCredentialsFlow> {
  const { privateJwk } = await generateSigningKeyPair("ES256");
  const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: AUDIENCE, keys: [{ privateJwk }] });
  return flowBuilder(tokens.generateAccessToken).verifyToken(tokens.verifyToken).build();
}

/** A Fetch handler serving a flow's token endpoint, as an application would write it. */
export function flowHandler(flow: ClientCredentialsFlow): (request: Request) => Promise<Response> {
  return async (request) => (await flow.token(request)).toResponse();
}

/** `@node-oauth/oauth2-server`'s model, doing the floor's work. */
export const oauth2ServerModel = {
  getClient: async (id: string, secret: string) => {
    const client = authenticate(id, secret);
    return client === undefined ? undefined : { id: client.id, grants: ["client_credentials"] };
  },
  getUserFromClient: async () => ({}),
  generateAccessToken: async () => pooledToken(),
  saveToken: async (token: OAuth2Server.Token, client: OAuth2Server.Client, user: OAuth2Server.User) => ({
    ...token,
    client,
    user,
  }),
  validateScope: async (_user: OAuth2Server.User, _client: OAuth2Server.Client, scope?: string[]) => scope ?? [],
  getAccessToken: async () => undefined,
};

/** `@node-oauth/oauth2-server` behind a small Fetch adapter: the body parsed once, headers copied. */
export function oauth2ServerHandler(): (request: Request) => Promise<Response> {
  const server = new OAuth2Server({ model: oauth2ServerModel, accessTokenLifetime: LIFETIME });
  return async (request) => {
    const body = Object.fromEntries(new URLSearchParams(await request.text()));
    const headers = Object.fromEntries(request.headers);
    const req = new OAuth2Server.Request({ method: request.method, headers, query: {}, body });
    const res = new OAuth2Server.Response();
    try {
      await server.token(req, res);
    } catch {
      // The library has written the error into `res` already.
    }
    return new Response(JSON.stringify(res.body), {
      status: res.status ?? 200,
      headers: res.headers as Record<string, string>,
    });
  };
}

/**
 * A fresh token request, as a server hands it to a Fetch handler: with the `Content-Length` the
 * client sent (Node, Deno, Bun and workerd all pass it on).
 */
export function tokenRequest(): Request {
  return new Request(TOKEN_URL, {
    method: "POST",
    headers: { authorization: BASIC, "content-type": FORM, "content-length": String(TOKEN_BODY.length) },
    body: TOKEN_BODY,
  });
}

/** A fresh request to the protected route with the issued token. */
export function resourceRequest(): Request {
  return new Request(RESOURCE_URL, { headers: { authorization: `Bearer ${ISSUED_TOKEN}` } });
}

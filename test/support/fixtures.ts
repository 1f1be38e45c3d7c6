import {
  type ClientCredentialsFlow,
  ClientCredentialsFlowBuilder,
  type ClientCredentialsFlowOptions,
  formUrlEncode,
  type OAuth2Client,
  verifyClientSecret,
} from "../../src/index.js";

/** A registered client of the test registry, with its plain secret. */
export interface TestClient extends OAuth2Client {
  secret: string;
}

export const CLIENTS: Record<string, TestClient> = {
  "service-a": { id: "service-a", secret: "secret-a", grants: ["client_credentials"] },
  "service-b": {
    id: "service-b",
    secret: "secret-b",
    grants: ["client_credentials"],
    scopes: ["read:data"],
  },
};

export const ORIGIN = "https://as.example.com";
export const TOKEN_URL = `${ORIGIN}/token`;
export const FORM = "application/x-www-form-urlencoded";

/** Base64 of UTF-8 bytes (btoa only takes Latin-1). */
export function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `Basic <base64(formUrlEncode(id):formUrlEncode(secret))>`, as RFC 6749 §2.3.1 asks. */
export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${base64Utf8(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)}`;
}

/** A token request with a form body. */
export function tokenRequest(
  body: string | Record<string, string>,
  headers: Record<string, string> = {},
  init: { method?: string; url?: string } = {},
): Request {
  const text = typeof body === "string" ? body : new URLSearchParams(body).toString();
  return new Request(init.url ?? TOKEN_URL, {
    method: init.method ?? "POST",
    headers: { "content-type": FORM, ...headers },
    body: text,
  });
}

/** A token request for `service-a` with Basic credentials and the given extra parameters. */
export function basicTokenRequest(extra: Record<string, string> = {}): Request {
  return tokenRequest(
    { grant_type: "client_credentials", ...extra },
    { authorization: basic("service-a", "secret-a") },
  );
}

export interface FlowFixture {
  flow: ClientCredentialsFlow;
  /** Every token `generateAccessToken` issued, with its context's scope. */
  issued: Map<string, { clientId: string; scope: string[] }>;
}

/**
 * A flow over the test registry: `getClient` checks secrets with `verifyClientSecret`;
 * tokens are random; `verifyToken` looks them up. `configure` may change the builder.
 */
export function makeFlow(
  options: Partial<ClientCredentialsFlowOptions> = {},
  configure: (builder: ClientCredentialsFlowBuilder) => void = () => {},
  clients: Record<string, TestClient> = CLIENTS,
): FlowFixture {
  const issued = new Map<string, { clientId: string; scope: string[] }>();
  const builder = new ClientCredentialsFlowBuilder({
    scopes: { "read:data": "Read data", "write:data": "Write data" },
    clientAuthenticationMethods: ["client_secret_basic", "client_secret_post"],
    ...options,
  })
    .getClient(async ({ clientId, clientSecret }) => {
      const client = clients[clientId];
      if (client === undefined || !(await verifyClientSecret(clientSecret, client.secret))) return undefined;
      return client;
    })
    .generateAccessToken(({ client, scope }) => {
      const token = crypto.randomUUID();
      issued.set(token, { clientId: client.id, scope });
      return { accessToken: token };
    })
    .verifyToken((token) => {
      const entry = issued.get(token);
      if (entry === undefined) return { isValid: false };
      return { isValid: true, credentials: { app: { id: entry.clientId }, scope: entry.scope } };
    });
  configure(builder);
  return { flow: builder.build(), issued };
}

/** Reads a response: status, headers and parsed JSON body (or `null` for an empty body). */
export async function read(response: Response): Promise<{ status: number; headers: Headers; body: unknown }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) };
}

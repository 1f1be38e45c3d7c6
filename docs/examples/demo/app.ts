/// <reference types="node" />
// The demo's application: a client registry, the flow with JWT access tokens, two protected
// routes needing different scopes, the metadata and key documents, and Swagger UI at /docs over
// an OpenAPI document built from the flow's own helpers. server.ts serves it on node:http.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  ClientCredentialsFlowBuilder,
  generateSigningKeyPair,
  hashClientSecret,
  jwtAccessTokens,
  type OAuth2Client,
  verifyClientSecret,
} from "../../../src/index.js";

/** A client as the demo stores it: the library's fields plus the hash of its secret. */
interface StoredClient extends OAuth2Client {
  secretHash: string;
}

/** What the demo prints so a newcomer can call it. */
export interface DemoClient {
  readonly id: string;
  readonly secret: string;
  readonly scopes: readonly string[];
}

/** The running demo's parts: the Fetch handler and the client it registered. */
export interface Demo {
  readonly handler: (request: Request) => Promise<Response>;
  readonly client: DemoClient;
}

const SCOPES = {
  "reports:read": "Read the reports",
  "inventory:read": "Read the inventory",
} as const;

// The Swagger UI files /docs serves, from the installed swagger-ui-dist package (no CDN).
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const SWAGGER_UI_FILES: ReadonlyMap<string, string> = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
  ["favicon-32x32.png", "image/png"],
]);

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>@saurbit/oauth2 demo</title>
  <link rel="icon" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });\n`;

/**
 * Builds the demo for the origin it is served on (`http://127.0.0.1:<port>`): the issuer and the
 * protected resource are that origin. A fresh secret and signing key are made on every start.
 */
export async function createDemo(origin: string): Promise<Demo> {
  const client: DemoClient = {
    id: "demo-client",
    secret: Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url"),
    scopes: Object.keys(SCOPES),
  };

  // The registry keeps only the hash; the plain secret is printed once and forgotten.
  const clients = new Map<string, StoredClient>([
    [
      client.id,
      {
        id: client.id,
        grants: ["client_credentials"],
        scopes: [...client.scopes],
        secretHash: await hashClientSecret(client.secret),
      },
    ],
  ]);

  const { privateJwk } = await generateSigningKeyPair("ES256");
  const tokens = await jwtAccessTokens({ issuer: origin, audience: origin, keys: [{ privateJwk }] });

  const flow = new ClientCredentialsFlowBuilder({ tokenEndpoint: "/token" })
    .setIssuer(origin)
    .setJwksUri("/.well-known/jwks.json")
    .setProtectedResource(origin)
    .setSecuritySchemeName("demoAuth")
    .setDescription("Client Credentials: use the client id and secret the demo printed.")
    .setScopes(SCOPES)
    .setAccessTokenLifetime(600)
    .addClientAuthenticationMethod("client_secret_basic")
    .addClientAuthenticationMethod("client_secret_post")
    .getClient(async ({ clientId, clientSecret }) => {
      const stored = clients.get(clientId);
      if (stored === undefined) return undefined;
      return (await verifyClientSecret(clientSecret, stored.secretHash)) ? stored : undefined;
    })
    .generateAccessToken(tokens.generateAccessToken)
    .verifyToken(tokens.verifyToken)
    .build();

  // Each protected route: its scope, and what it answers once the token has it.
  const routes = new Map<string, { scope: keyof typeof SCOPES; summary: string; data: unknown }>([
    ["/reports", { scope: "reports:read", summary: "List the reports", data: [{ id: "r-1", title: "Weekly usage" }] }],
    ["/inventory", { scope: "inventory:read", summary: "List the inventory", data: [{ sku: "bolt-m6", count: 240 }] }],
  ]);

  const documents = {
    "/.well-known/oauth-authorization-server": "Authorization server metadata (RFC 8414)",
    "/.well-known/oauth-protected-resource": "Protected resource metadata (RFC 9728)",
    "/.well-known/jwks.json": "The public keys that sign access tokens (RFC 7517)",
  };

  // Security, error responses and the token endpoint all come from the flow's helpers.
  const openApiDocument = {
    openapi: "3.1.0",
    info: { title: "@saurbit/oauth2 demo", version: "1.0.0" },
    servers: [{ url: origin }],
    paths: {
      ...flow.toOpenAPIPaths(),
      ...Object.fromEntries(
        [...routes].map(([path, route]) => {
          const secured = flow.toOpenAPIOperationSecurity([route.scope]);
          const operation = {
            summary: route.summary,
            description: `Needs the \`${route.scope}\` scope.`,
            tags: ["Protected"],
            security: secured.security,
            responses: { "200": { description: "The data." }, ...secured.responses },
          };
          return [path, { get: operation }];
        }),
      ),
      ...Object.fromEntries(
        Object.entries(documents).map(([path, summary]) => [
          path,
          { get: { summary, tags: ["Discovery"], responses: { "200": { description: "The document." } } } },
        ]),
      ),
    },
    components: flow.toOpenAPIComponents(),
  };

  async function handler(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);

    if (pathname === flow.getTokenEndpoint()) return (await flow.token(request)).toResponse();

    const route = routes.get(pathname);
    if (route !== undefined && request.method === "GET") {
      const auth = await flow.verifyToken(request, { scopes: [route.scope] });
      if (!auth.success) return auth.toResponse();
      return Response.json({ client: auth.credentials.app?.id, data: route.data });
    }

    if (request.method !== "GET") return new Response("Not Found", { status: 404 });
    if (pathname === "/") return Response.redirect(`${origin}/docs`, 302);
    if (pathname === "/openapi.json") return Response.json(openApiDocument);
    if (pathname === "/.well-known/oauth-authorization-server") return Response.json(flow.getMetadata());
    if (pathname === "/.well-known/oauth-protected-resource") {
      return Response.json(flow.getProtectedResourceMetadata());
    }
    if (pathname === "/.well-known/jwks.json") return Response.json(tokens.jwks());
    if (pathname === "/docs" || pathname === "/docs/") {
      return new Response(DOCS_PAGE, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
    if (pathname === "/docs/init.js") {
      return new Response(DOCS_INIT, { headers: { "Content-Type": "text/javascript; charset=utf-8" } });
    }
    const file = pathname.startsWith("/docs/") ? pathname.slice("/docs/".length) : "";
    const contentType = SWAGGER_UI_FILES.get(file);
    if (contentType !== undefined) {
      const body = await readFile(join(SWAGGER_UI_DIR, file));
      return new Response(body, { headers: { "Content-Type": contentType } });
    }
    return new Response("Not Found", { status: 404 });
  }

  return { handler, client };
}

// The servers of the loopback part of `npm run bench`, each started in a child process of its own
// (@hono/node-server replaces the global Request and Response by default, which must not leak into
// the others), serving POST /token for the same client and request (test/bench/fixtures.ts).
import { createServer, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { generateSigningKeyPair } from "../../src/index.js";
import { nodeTokenListener, toNodeListener } from "../../src/node/index.js";
import {
  AUDIENCE,
  CLIENT_ID,
  CLIENT_SECRET,
  floorToken,
  flowHandler,
  ISSUER,
  jwtFlow,
  LIFETIME,
  oauth2ServerModel,
  opaqueFlow,
} from "./fixtures.js";

/** oidc-provider with client credentials; `jwt`: ES256 JWT access tokens for a default resource. */
async function oidcProvider(jwt: boolean): Promise<Server> {
  const { default: Provider } = await import("oidc-provider");
  const { privateJwk } = await generateSigningKeyPair("ES256");
  const scope = "read:data write:data";
  const resourceIndicators = jwt
    ? {
        enabled: true,
        // Every token request is for the API, so the request body stays the same as the others'.
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope,
          audience: AUDIENCE,
          accessTokenTTL: LIFETIME,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "ES256" } },
        }),
      }
    : { enabled: false };
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "ES256",
        scope,
      },
    ],
    scopes: ["read:data", "write:data"],
    jwks: { keys: [{ ...privateJwk, use: "sig" }] },
    cookies: { keys: ["bench-cookie-key-not-secret"] },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators,
    },
    ttl: { ClientCredentials: LIFETIME },
  });
  return createServer(provider.callback());
}

async function expressOAuth2Server(): Promise<Server> {
  const { default: express } = await import("express");
  const { default: ExpressOAuthServer } = await import("@node-oauth/express-oauth-server");
  const app = express();
  const oauth = new ExpressOAuthServer({ model: oauth2ServerModel, accessTokenLifetime: LIFETIME });
  app.post("/token", express.urlencoded({ extended: false }), oauth.token());
  return createServer(app);
}

/** Every loopback contender, by the name the table shows. */
export const SERVERS = {
  "flow /node": async () => createServer(nodeTokenListener(opaqueFlow())),
  "flow /node Fetch handler": async () => createServer(toNodeListener(flowHandler(opaqueFlow()))),
  "flow hono": async () => createServer(getRequestListener(flowHandler(opaqueFlow()))),
  "floor hono": async () => createServer(getRequestListener(floorToken)),
  "express oauth2-server": expressOAuth2Server,
  "oidc-provider": () => oidcProvider(false),
  "flow /node ES256 JWT": async () => createServer(nodeTokenListener(await jwtFlow())),
  "oidc-provider ES256 JWT": () => oidcProvider(true),
} satisfies Record<string, () => Promise<Server>>;

export type ServerName = keyof typeof SERVERS;

import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { expressHandler, expressProtect, expressTokenHandler } from "../../../src/node/index.js";
import { adapterFlow, basicTokenInit, FORM } from "./flow-fixture.js";
import { itProtectsTheRoute, itServesTheTokenEndpoint } from "./framework-behaviour.js";
import { type Listening, listen } from "./support.js";

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Express's default error handler renders the stack; answer with the status alone. */
function statusOnly(app: express.Express, seen: unknown[] = []): void {
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    seen.push(error);
    res.status(error.status ?? 500).end();
  });
}

/** An Express 5 app with the token endpoint at /token and GET /data protected by read:data. */
async function serveApp(configure: (app: express.Express) => void = () => undefined): Promise<string> {
  const { flow } = adapterFlow();
  const app = express();
  configure(app);
  app.all("/token", expressTokenHandler(flow));
  app.get("/data", expressProtect(flow, { scopes: ["read:data"] }), (req, res) => {
    res.json({ oauth2: req.oauth2 });
  });
  statusOnly(app);
  server = await listen(app.listen(0, "127.0.0.1"));
  return server.origin;
}

describe("expressTokenHandler", () => {
  itServesTheTokenEndpoint(() => serveApp());

  it("still works after express.urlencoded() read the body, a repeated parameter still refused (RFC 6749 §3.2)", async () => {
    const origin = await serveApp((app) => app.use(express.urlencoded()));
    expect((await fetch(`${origin}/token`, basicTokenInit())).status).toBe(200);
    const repeated = await fetch(
      `${origin}/token`,
      basicTokenInit("secret-a", "grant_type=client_credentials&scope=read%3Adata&scope=write%3Adata"),
    );
    expect(repeated.status).toBe(400);
    expect(await repeated.json()).toEqual({
      error: "invalid_request",
      error_description: "A request parameter was sent more than once",
    });
  });

  it("answers a JSON body with the flow's invalid_request even after express.json() parsed it (RFC 6749 §4.4.2)", async () => {
    const origin = await serveApp((app) => app.use(express.json()));
    const response = await fetch(`${origin}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
  });
});

describe("expressProtect", () => {
  itProtectsTheRoute(
    () => serveApp(),
    (flow, scopes) => expressProtect(flow, { scopes }),
  );
});

describe("expressHandler", () => {
  it("gives the Fetch handler the full URL under a mount path, and the body", async () => {
    const app = express();
    app.use(
      "/api",
      expressHandler(async (request) => Response.json({ url: request.url, body: await request.text() })),
    );
    server = await listen(app.listen(0, "127.0.0.1"));
    const response = await fetch(`${server.origin}/api/items?x=1`, { method: "POST", body: "hello" });
    expect(await response.json()).toEqual({ url: `${server.origin}/api/items?x=1`, body: "hello" });
  });

  it("passes the handler's errors to next(), with status 413 for a body over maxBodySize", async () => {
    const seen: unknown[] = [];
    const app = express();
    app.use(expressHandler(async (request) => new Response(await request.text()), { maxBodySize: 8 }));
    statusOnly(app, seen);
    server = await listen(app.listen(0, "127.0.0.1"));
    const response = await fetch(server.origin, { method: "POST", headers: FORM, body: "more than eight octets" });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(1);
  });
});

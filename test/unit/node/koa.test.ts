import Koa from "koa";
import { afterEach, describe, expect, it } from "vitest";
import { type KoaMiddleware, koaHandler, koaProtect, koaTokenHandler } from "../../../src/node/index.js";
import { adapterFlow } from "./flow-fixture.js";
import { itProtectsTheRoute, itServesTheTokenEndpoint } from "./framework-behaviour.js";
import { type Listening, listen } from "./support.js";

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs `middleware` for requests to `path` (Koa has no router of its own). */
function at(path: string, ...middleware: KoaMiddleware[]): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== path) return next();
    const run = async (index: number): Promise<void> => {
      const current = middleware[index];
      if (current !== undefined) await current(ctx, () => run(index + 1));
    };
    await run(0);
  };
}

/** A Koa 3 app with the token endpoint at /token and GET /data protected by read:data. */
async function serveApp(): Promise<string> {
  const { flow } = adapterFlow();
  const app = new Koa();
  app.silent = true;
  app.use(at("/token", koaTokenHandler(flow)));
  app.use(
    at("/data", koaProtect(flow, { scopes: ["read:data"] }), async (ctx) => {
      ctx.body = { oauth2: ctx.state.oauth2 };
    }),
  );
  server = await listen(app.listen(0, "127.0.0.1"));
  return server.origin;
}

describe("koaTokenHandler", () => {
  itServesTheTokenEndpoint(serveApp);
});

describe("koaProtect", () => {
  itProtectsTheRoute(serveApp, (flow, scopes) => koaProtect(flow, { scopes }));
});

describe("koaHandler", () => {
  it("serves a Fetch handler with the original URL and body, and its streamed response", async () => {
    const app = new Koa();
    app.use(
      koaHandler(async (request) => {
        const text = await request.text();
        const stream = new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            controller.enqueue(new TextEncoder().encode(`${request.url} ${text}`));
            controller.close();
          },
        });
        return new Response(stream, { status: 202, headers: { "x-seen": "yes" } });
      }),
    );
    server = await listen(app.listen(0, "127.0.0.1"));
    const response = await fetch(`${server.origin}/path?q=1`, { method: "POST", body: "body" });
    expect(response.status).toBe(202);
    expect(response.headers.get("x-seen")).toBe("yes");
    expect(await response.text()).toBe(`${server.origin}/path?q=1 body`);
  });
});

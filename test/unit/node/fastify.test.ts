import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { fastifyHandler, fastifyProtect, fastifyTokenHandler } from "../../../src/node/index.js";
import { adapterFlow, basicTokenInit, FORM } from "./flow-fixture.js";
import { itProtectsTheRoute, itServesTheTokenEndpoint } from "./framework-behaviour.js";

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(instance: FastifyInstance): Promise<string> {
  app = instance;
  return instance.listen({ port: 0, host: "127.0.0.1" });
}

/** A Fastify 5 app with the token plugin and GET /data protected by read:data. */
async function serveApp(configure: (instance: FastifyInstance) => void = () => undefined): Promise<string> {
  const { flow } = adapterFlow();
  const instance = Fastify();
  configure(instance);
  await instance.register(fastifyTokenHandler(flow));
  instance.get("/data", { preHandler: fastifyProtect(flow, { scopes: ["read:data"] }) }, async (request) => ({
    oauth2: request.oauth2,
  }));
  return start(instance);
}

describe("fastifyTokenHandler", () => {
  itServesTheTokenEndpoint(() => serveApp());

  it("reads the form body itself even when the app registered a form parser, and leaves other routes that parser", async () => {
    const origin = await serveApp((instance) => {
      instance.addContentTypeParser(FORM["content-type"], { parseAs: "string" }, (_request, body, done) =>
        done(null, { parsed: body }),
      );
      instance.post("/echo", async (request) => request.body);
    });
    expect((await fetch(`${origin}/token`, basicTokenInit())).status).toBe(200);
    const echo = await fetch(`${origin}/echo`, { method: "POST", headers: FORM, body: "a=1" });
    expect(await echo.json()).toEqual({ parsed: "a=1" });
  });
});

describe("fastifyProtect", () => {
  itProtectsTheRoute(
    () => serveApp(),
    (flow, scopes) => fastifyProtect(flow, { scopes }),
  );
});

describe("fastifyHandler", () => {
  it("serves a Fetch handler with the full URL, and the octets of a body Fastify parsed as text", async () => {
    const instance = Fastify();
    instance.all(
      "/*",
      fastifyHandler(async (request) => Response.json({ url: request.url, body: await request.text() })),
    );
    const origin = await start(instance);
    const response = await fetch(`${origin}/a/b?c=d`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    expect(await response.json()).toEqual({ url: `${origin}/a/b?c=d`, body: "hi" });
  });

  it("streams the raw body when the scope hands the payload over", async () => {
    const instance = Fastify();
    await instance.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
      scope.post(
        "/upload",
        fastifyHandler(async (request) => new Response(`${(await request.arrayBuffer()).byteLength}`)),
      );
    });
    const origin = await start(instance);
    const response = await fetch(`${origin}/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array(5000),
    });
    expect(await response.text()).toBe("5000");
  });

  it("throws the handler's errors to Fastify, with statusCode 413 for a body over maxBodySize", async () => {
    const instance = Fastify();
    instance.post(
      "/",
      fastifyHandler(async (request) => new Response(await request.text()), { maxBodySize: 4 }),
    );
    const origin = await start(instance);
    const response = await fetch(origin, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "too long",
    });
    expect(response.status).toBe(413);
  });
});

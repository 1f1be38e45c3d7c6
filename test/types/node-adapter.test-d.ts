import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Request as ExpressRequest, RequestHandler } from "express";
import express from "express";
import Fastify, { type FastifyRequest, type preHandlerHookHandler } from "fastify";
import type { DefaultState, Middleware } from "koa";
import { describe, expectTypeOf, it } from "vitest";
import type { ClientCredentialsFlow } from "../../src/index.js";
import {
  expressHandler,
  expressProtect,
  expressTokenHandler,
  fastifyHandler,
  fastifyProtect,
  fastifyTokenHandler,
  koaHandler,
  koaProtect,
  koaTokenHandler,
  toNodeListener,
  type VerifiedAccessToken,
} from "../../src/node/index.js";

declare const flow: ClientCredentialsFlow;
const handler = async (_request: Request): Promise<Response> => new Response("ok");

describe("typed request augmentation", () => {
  it("types Express's req.oauth2 as the verified token, absent on routes without expressProtect", () => {
    expectTypeOf<ExpressRequest["oauth2"]>().toEqualTypeOf<VerifiedAccessToken | undefined>();
  });

  it("types Fastify's request.oauth2 as the verified token", () => {
    expectTypeOf<FastifyRequest["oauth2"]>().toEqualTypeOf<VerifiedAccessToken | undefined>();
  });

  it("types Koa's ctx.state.oauth2 as the verified token", () => {
    expectTypeOf<DefaultState["oauth2"]>().toEqualTypeOf<VerifiedAccessToken | undefined>();
  });
});

describe("what each framework accepts", () => {
  it("node:http and node:https take the listener", () => {
    createHttpServer(toNodeListener(handler));
    createHttpsServer({}, toNodeListener(handler));
  });

  it("Express takes the middleware as route handlers", () => {
    expectTypeOf(expressTokenHandler(flow)).toExtend<RequestHandler>();
    expectTypeOf(expressProtect(flow, { scopes: ["read:data"] })).toExtend<RequestHandler>();
    expectTypeOf(expressHandler(handler)).toExtend<RequestHandler>();
    express().get("/data", expressProtect(flow), (req, res) => {
      expectTypeOf(req.oauth2?.credentials.scope).toEqualTypeOf<readonly string[] | undefined>();
      res.end();
    });
  });

  it("Fastify registers the token plugin and takes protect as a preHandler", async () => {
    const app = Fastify();
    await app.register(fastifyTokenHandler(flow));
    expectTypeOf(fastifyProtect(flow)).toExtend<preHandlerHookHandler>();
    app.get("/data", { preHandler: fastifyProtect(flow) }, async (request) => request.oauth2?.token);
    app.all("/*", fastifyHandler(handler));
  });

  it("Koa takes the middleware", () => {
    expectTypeOf(koaProtect(flow)).toExtend<Middleware>();
    expectTypeOf(koaTokenHandler(flow)).toExtend<Middleware>();
    expectTypeOf(koaHandler(handler)).toExtend<Middleware>();
  });
});

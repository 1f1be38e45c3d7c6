import type { IncomingMessage, ServerResponse } from "node:http";
import type {} from "fastify";
import type { ClientCredentialsFlow } from "../flow.js";
import { type Answer, exchangeError, handlerResponder, newBodyState, type Responder } from "./exchange.js";
import { protector, tokenEndpointPath, tokenResponder, type VerifiedAccessToken } from "./flow-middleware.js";
import type { BodyState } from "./request-body.js";
import { nodeAnswer } from "./response-body.js";
import type {
  FetchHandler,
  FlowMiddlewareOptions,
  IncomingExchange,
  NodeAdapterOptions,
  ProtectOptions,
} from "./settings.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by `fastifyProtect` when the access token was accepted. RFC 6750 §2. */
    oauth2?: VerifiedAccessToken | undefined;
  }
}

/** The parts of a Fastify 5 request the adapter reads and writes. */
export interface FastifyRequestLike {
  /** The Node request. */
  readonly raw: IncomingMessage;
  /** What a content-type parser made of the body. */
  readonly body?: unknown;
  /** Set by {@link fastifyProtect}. */
  oauth2?: VerifiedAccessToken | undefined;
}

/** The parts of a Fastify 5 reply the adapter uses. */
export interface FastifyReplyLike {
  /** The Node response. */
  readonly raw: ServerResponse;
  /** Sets the status code. */
  code(statusCode: number): FastifyReplyLike;
  /** Sets response headers. */
  headers(values: Record<string, string | string[]>): FastifyReplyLike;
  /** Sends the payload (none, a Buffer or a stream). */
  send(payload?: unknown): FastifyReplyLike;
}

/** A Fastify route handler or `preHandler` hook. */
export type FastifyHandler = (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;

/** The parts of a Fastify 5 instance {@link fastifyTokenHandler} uses in its own scope. */
export interface FastifyScope {
  /** Drops the parsers this scope inherited. */
  removeAllContentTypeParsers(): void;
  /** Adds a body parser to this scope. */
  addContentTypeParser(
    contentType: string,
    parser: (
      request: FastifyRequestLike,
      payload: IncomingMessage,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): void;
  /** Routes every method at `path`. */
  all(path: string, handler: FastifyHandler): unknown;
}

/** A Fastify plugin, for `app.register(plugin)`. */
export type FastifyPlugin = (instance: FastifyScope, options: unknown, done: (error?: Error) => void) => void;

function fastifyExchange(request: FastifyRequestLike, reply: FastifyReplyLike): IncomingExchange {
  return { incoming: request.raw, outgoing: reply.raw, target: request.raw.url ?? "/", parsedBody: request.body };
}

/**
 * Sends a `Response` (or the flow's answer) through a Fastify reply, so Fastify's hooks and
 * logging see it: status, headers, and the body as text or a Buffer (ready whole) or a stream.
 * `Connection: close` is added after a body that was left partly unread (RFC 9112 §9.6).
 */
async function sendResponse(reply: FastifyReplyLike, answer: Answer, state: BodyState): Promise<FastifyReplyLike> {
  const { status, statusText, headers, body } = await nodeAnswer(answer, state.cut);
  if (statusText !== "") reply.raw.statusMessage = statusText;
  reply.code(status).headers(headers);
  if (!body.complete) return reply.send(body.stream);
  if (body.content === null) return reply.send();
  if (typeof body.content === "string") return reply.send(body.content);
  return reply.send(Buffer.from(body.content.buffer, body.content.byteOffset, body.content.byteLength));
}

/** A route handler that answers a Fastify request with a Fetch handler's response. */
function fetchRoute(respond: Responder): FastifyHandler {
  return async (request, reply) => {
    const state = newBodyState();
    try {
      return await sendResponse(reply, await respond(fastifyExchange(request, reply), state), state);
    } catch (error) {
      throw exchangeError(error, state);
    }
  };
}

/**
 * Serves a Fetch handler as a Fastify 5 route handler: `app.all("/*", fastifyHandler(app.fetch))`.
 * Fastify parses JSON and text bodies before the handler runs; their octets are passed on, but
 * to stream every body untouched register the route in a scope whose parsers hand the stream over:
 * `removeAllContentTypeParsers()` then `addContentTypeParser("*", (request, payload, done) => done(null, payload))`.
 * Errors are thrown to Fastify's error handler, with `statusCode` 400 or 413 where the request was at fault.
 * Throws `TypeError` for invalid options.
 */
export function fastifyHandler(handler: FetchHandler, options: NodeAdapterOptions = {}): FastifyHandler {
  return fetchRoute(handlerResponder("fastifyHandler", handler, options));
}

/**
 * The token endpoint as a Fastify 5 plugin: `app.register(fastifyTokenHandler(flow))`. In its own
 * scope it takes over body parsing (the flow reads the form body itself, at most its
 * `maxBodySize`) and routes every method at the flow's token endpoint path to `flow.token()`,
 * so non-POST requests get the flow's 405. RFC 6749 §4.4.2–§5.2.
 */
export function fastifyTokenHandler(flow: ClientCredentialsFlow, options: FlowMiddlewareOptions = {}): FastifyPlugin {
  const route = fetchRoute(tokenResponder(flow, options));
  const path = tokenEndpointPath(flow);
  return (instance, _options, done) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser("*", (_request, payload, parsed) => parsed(null, payload));
    instance.all(path, route);
    done();
  };
}

/**
 * A `preHandler` hook that protects a route:
 * `app.get("/api/data", { preHandler: fastifyProtect(flow, { scopes: ["read:data"] }) }, …)`.
 * A request with an accepted token, holding every scope, goes on with `request.oauth2` set; any
 * other is answered with the flow's RFC 6750 §3 error (401, 400 or 403 and `WWW-Authenticate`).
 * Throws `TypeError` now for a scope the flow does not know.
 */
export function fastifyProtect(flow: ClientCredentialsFlow, options: ProtectOptions = {}): FastifyHandler {
  const protect = protector(flow, options);
  return async (request, reply) => {
    const state = newBodyState();
    try {
      const outcome = await protect(fastifyExchange(request, reply), state);
      if ("response" in outcome) return await sendResponse(reply, outcome.response, state);
      request.oauth2 = outcome.verified;
      return undefined;
    } catch (error) {
      throw exchangeError(error, state);
    }
  };
}

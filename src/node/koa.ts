import type { IncomingMessage, ServerResponse } from "node:http";
import type {} from "koa";
import type { ClientCredentialsFlow } from "../flow.js";
import { type Answer, exchangeError, handlerResponder, newBodyState, type Responder } from "./exchange.js";
import { type ProtectOutcome, protector, tokenResponder, type VerifiedAccessToken } from "./flow-middleware.js";
import type { BodyState } from "./request-body.js";
import { nodeAnswer } from "./response-body.js";
import type {
  FetchHandler,
  FlowMiddlewareOptions,
  IncomingExchange,
  NodeAdapterOptions,
  ProtectOptions,
} from "./settings.js";

declare module "koa" {
  interface DefaultState {
    /** Set by `koaProtect` when the access token was accepted. RFC 6750 §2. */
    oauth2?: VerifiedAccessToken | undefined;
  }
}

/** The parts of a Koa 3 context the adapter reads and writes. */
export interface KoaContextLike {
  /** The Node request. */
  readonly req: IncomingMessage;
  /** The Node response. */
  readonly res: ServerResponse;
  /** The URL before any mount path was stripped. */
  readonly originalUrl: string;
  /** Koa's request; its `body` is what a body parser (e.g. `@koa/bodyparser`) made of the body, if one ran. */
  readonly request: object;
  /** The response status. */
  status: number;
  /** The response body. */
  body: unknown;
  /** Sets response headers. */
  set(fields: Record<string, string | string[]>): void;
  /** `oauth2` is set by {@link koaProtect}. */
  state: { oauth2?: VerifiedAccessToken | undefined };
}

/** A Koa middleware. */
export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

function koaExchange(ctx: KoaContextLike): IncomingExchange {
  const parsedBody = "body" in ctx.request ? ctx.request.body : undefined;
  return { incoming: ctx.req, outgoing: ctx.res, target: ctx.originalUrl, parsedBody };
}

/**
 * Hands a `Response` (or the flow's answer) to Koa: headers, body (text or a Buffer when ready
 * whole, else a stream) and status, set in the order that keeps Koa from turning an empty 4xx
 * into a 204.
 */
async function sendResponse(ctx: KoaContextLike, answer: Answer, state: BodyState): Promise<void> {
  const { status, headers, body } = await nodeAnswer(answer, state.cut);
  ctx.set(headers);
  if (!body.complete) ctx.body = body.stream;
  else if (body.content === null || typeof body.content === "string") ctx.body = body.content;
  else ctx.body = Buffer.from(body.content.buffer, body.content.byteOffset, body.content.byteLength);
  ctx.status = status;
}

/** A terminal Koa middleware answering with `respond`'s response; errors are thrown to Koa. */
function fetchMiddleware(respond: Responder): KoaMiddleware {
  return async (ctx) => {
    const state = newBodyState();
    try {
      await sendResponse(ctx, await respond(koaExchange(ctx), state), state);
    } catch (error) {
      throw exchangeError(error, state);
    }
  };
}

/**
 * Serves a Fetch handler as a terminal Koa 3 middleware: `app.use(koaHandler(app.fetch))`. The
 * body is streamed from the socket; if a body parser already read it, its octets or form fields
 * are used. Errors are thrown to Koa, with `status` 400 or 413 where the request was at fault.
 * Throws `TypeError` for invalid options.
 */
export function koaHandler(handler: FetchHandler, options: NodeAdapterOptions = {}): KoaMiddleware {
  return fetchMiddleware(handlerResponder("koaHandler", handler, options));
}

/**
 * The token endpoint as a terminal Koa 3 middleware, for a router: `router.all("/token", koaTokenHandler(flow))`.
 * Answers with `flow.token()`'s response, reading at most the flow's `maxBodySize`. RFC 6749 §4.4.2–§5.2.
 */
export function koaTokenHandler(flow: ClientCredentialsFlow, options: FlowMiddlewareOptions = {}): KoaMiddleware {
  return fetchMiddleware(tokenResponder(flow, options));
}

/**
 * Protects what follows it: `router.get("/api/data", koaProtect(flow, { scopes: ["read:data"] }), …)`.
 * A request with an accepted token, holding every scope, goes on with `ctx.state.oauth2` set; any
 * other is answered with the flow's RFC 6750 §3 error (401, 400 or 403 and `WWW-Authenticate`).
 * Throws `TypeError` now for a scope the flow does not know.
 */
export function koaProtect(flow: ClientCredentialsFlow, options: ProtectOptions = {}): KoaMiddleware {
  const protect = protector(flow, options);
  return async (ctx, next) => {
    const state = newBodyState();
    let outcome: ProtectOutcome;
    try {
      outcome = await protect(koaExchange(ctx), state);
      if ("response" in outcome) {
        await sendResponse(ctx, outcome.response, state);
        return;
      }
    } catch (error) {
      throw exchangeError(error, state);
    }
    ctx.state.oauth2 = outcome.verified;
    await next();
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClientCredentialsFlow } from "../flow.js";
import { exchangeError, handlerResponder, newBodyState, type Responder } from "./exchange.js";
import { protector, tokenResponder, type VerifiedAccessToken } from "./flow-middleware.js";
import type {
  FetchHandler,
  FlowMiddlewareOptions,
  IncomingExchange,
  NodeAdapterOptions,
  ProtectOptions,
} from "./settings.js";
import { writeResponse } from "./write-response.js";

declare global {
  // Express merges this into its `Request` type (@types/express-serve-static-core).
  namespace Express {
    interface Request {
      /** Set by `expressProtect` when the access token was accepted. RFC 6750 §2. */
      oauth2?: VerifiedAccessToken | undefined;
    }
  }
}

/** The parts of an Express 5 request the middleware reads and writes. */
export interface ExpressRequest extends IncomingMessage {
  /** The URL before mount paths were stripped from `url`. */
  originalUrl?: string | undefined;
  /** What a body parser made of the body, if one ran. */
  body?: unknown;
  /** Set by {@link expressProtect}. */
  oauth2?: VerifiedAccessToken | undefined;
}

/** An Express middleware (also usable as a route handler). */
export type ExpressMiddleware = (req: ExpressRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

function expressExchange(req: ExpressRequest, res: ServerResponse): IncomingExchange {
  return { incoming: req, outgoing: res, target: req.originalUrl ?? req.url ?? "/", parsedBody: req.body };
}

/** A middleware that answers with `respond`'s response; errors go to `next(error)`. */
function expressRoute(respond: Responder): ExpressMiddleware {
  return (req, res, next) => {
    const state = newBodyState();
    respond(expressExchange(req, res), state)
      .then((response) => writeResponse(res, response, state.cut))
      .catch((error: unknown) => next(exchangeError(error, state)));
  };
}

/**
 * Serves a Fetch handler as Express 5 middleware: `app.use("/api", expressHandler(app.fetch))`.
 * The handler sees the full URL (`originalUrl`), whatever the mount path. The body is streamed
 * from the socket; if a body parser already read it, its octets or form fields are used.
 * Errors go to `next(error)`, with `status` 400 or 413 where the request was at fault.
 * Throws `TypeError` for invalid options.
 */
export function expressHandler(handler: FetchHandler, options: NodeAdapterOptions = {}): ExpressMiddleware {
  return expressRoute(handlerResponder("expressHandler", handler, options));
}

/**
 * The token endpoint as an Express 5 route handler: `app.all("/token", expressTokenHandler(flow))`
 * (`all`, so that the flow answers other methods with 405). Answers with `flow.token()`'s
 * response, reading at most the flow's `maxBodySize`. RFC 6749 §4.4.2–§5.2.
 */
export function expressTokenHandler(
  flow: ClientCredentialsFlow,
  options: FlowMiddlewareOptions = {},
): ExpressMiddleware {
  return expressRoute(tokenResponder(flow, options));
}

/**
 * Protects the routes after it: `app.get("/api/data", expressProtect(flow, { scopes: ["read:data"] }), …)`.
 * A request with an accepted token, holding every scope, goes on with `req.oauth2` set; any
 * other is answered with the flow's RFC 6750 §3 error (401, 400 or 403 and `WWW-Authenticate`).
 * Throws `TypeError` now for a scope the flow does not know.
 */
export function expressProtect(flow: ClientCredentialsFlow, options: ProtectOptions = {}): ExpressMiddleware {
  const protect = protector(flow, options);
  return (req, res, next) => {
    const state = newBodyState();
    const fail = (error: unknown): void => next(exchangeError(error, state));
    protect(expressExchange(req, res), state).then((outcome) => {
      if ("response" in outcome) {
        writeResponse(res, outcome.response, state.cut).catch(fail);
        return;
      }
      req.oauth2 = outcome.verified;
      next();
    }, fail);
  };
}

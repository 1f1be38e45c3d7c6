import type { ResponseParts } from "../response.js";
import { incomingRequest } from "./incoming-request.js";
import { type BodyState, BodyTooLargeError } from "./request-body.js";
import { BadRequestError } from "./request-url.js";
import {
  adapterSettings,
  DEFAULT_MAX_BODY_SIZE,
  type FetchHandler,
  type IncomingExchange,
  type NodeAdapterOptions,
} from "./settings.js";

/**
 * What a Node exchange is answered with: a Fetch handler's `Response`, or the flow's answer as
 * {@link ResponseParts}, written without making a `Response` first.
 */
export type Answer = Response | ResponseParts;

/** Answers a Node exchange. */
export type Responder = (exchange: IncomingExchange, state: BodyState) => Promise<Answer>;

/** A fresh body state: nothing read yet. */
export function newBodyState(): BodyState {
  return { used: false, cut: false, tooLarge: false };
}

/**
 * The responder of a handler adapter: calls `handler` with the exchange's `Request` and throws
 * `TypeError` unless it answers a `Response`. Checks `handler` and `options` now: misuse throws
 * `TypeError` naming `caller`.
 */
export function handlerResponder(caller: string, handler: FetchHandler, options: NodeAdapterOptions): Responder {
  if (typeof handler !== "function") throw new TypeError(`${caller}: handler must be a function`);
  const settings = adapterSettings(options, DEFAULT_MAX_BODY_SIZE);
  return async (exchange, state) => {
    const response: unknown = await handler(incomingRequest(exchange, settings, state));
    if (!(response instanceof Response)) throw new TypeError(`${caller}: the handler must return a Response`);
    return response;
  };
}

/**
 * The error to report for a failed exchange: a request the adapter could not convert stays a
 * {@link BadRequestError} (400); a failure after the body passed its cap becomes a
 * {@link BodyTooLargeError} (413), whatever the handler made of the stream error; anything
 * else is the handler's own error. Both carry `status` and `statusCode` for framework error handlers.
 */
export function exchangeError(error: unknown, state: BodyState): unknown {
  if (error instanceof BadRequestError || error instanceof BodyTooLargeError || !state.tooLarge) return error;
  return new BodyTooLargeError("The request body is too large", { cause: error });
}

/** The status a plain Node server answers an exchange error with: 400, 413, else 500. */
export function exchangeErrorStatus(error: unknown): number {
  if (error instanceof BadRequestError) return 400;
  if (error instanceof BodyTooLargeError) return 413;
  return 500;
}

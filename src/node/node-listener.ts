import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClientCredentialsFlow } from "../flow.js";
import {
  type Answer,
  exchangeError,
  exchangeErrorStatus,
  handlerResponder,
  newBodyState,
  type Responder,
} from "./exchange.js";
import { tokenResponder } from "./flow-middleware.js";
import type { FetchHandler, FlowMiddlewareOptions, NodeAdapterOptions } from "./settings.js";
import { writeResponse } from "./write-response.js";

/** A `node:http` / `node:https` request listener, as `createServer(listener)` takes. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

/**
 * Serves a Fetch handler from `node:http` or `node:https`: each request becomes a lightweight
 * `Request` (see {@link NodeAdapterOptions}) and the handler's `Response` is written back, with
 * `Content-Length` when the body is ready whole and streamed otherwise.
 *
 * Failures get an empty response: 400 for a request without a usable `Host` (RFC 9112 §3.2),
 * 413 when the handler failed after the body passed `maxBodySize` (RFC 9110 §15.5.14), 500 when
 * the handler threw, rejected or returned no `Response`. A body left partly unread is not
 * drained: the response carries `Connection: close` (RFC 9112 §9.6). Does not log; wrap the
 * handler to log its errors. Throws `TypeError` for invalid options.
 */
export function toNodeListener(handler: FetchHandler, options: NodeAdapterOptions = {}): NodeListener {
  return nodeListener(handlerResponder("toNodeListener", handler, options));
}

/**
 * The token endpoint as a `node:http` / `node:https` request listener:
 * `createServer(nodeTokenListener(flow))`, or called for the token path from your own listener.
 * Answers every request it is given with `flow.token()` (RFC 6749 §4.4.2–§5.2), written straight
 * to the socket without making a `Response`; the body is read up to the flow's `maxBodySize`.
 * Failures of the exchange itself are answered as by {@link toNodeListener}. Throws `TypeError`
 * for something that is not a built flow.
 */
export function nodeTokenListener(flow: ClientCredentialsFlow, options: FlowMiddlewareOptions = {}): NodeListener {
  return nodeListener(tokenResponder(flow, options));
}

function nodeListener(respond: Responder): NodeListener {
  return (incoming, outgoing) => {
    void answer(respond, incoming, outgoing);
  };
}

/** Answers one exchange; never rejects (a failed write destroys the connection). */
async function answer(respond: Responder, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const state = newBodyState();
  let response: Answer;
  try {
    response = await respond({ incoming, outgoing, target: incoming.url ?? "/", parsedBody: undefined }, state);
  } catch (error) {
    response = new Response(null, { status: exchangeErrorStatus(exchangeError(error, state)) });
  }
  try {
    await writeResponse(outgoing, response, state.cut);
  } catch {
    outgoing.destroy();
  }
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { exchangeError, exchangeErrorStatus, handlerResponder, newBodyState } from "./exchange.js";
import type { FetchHandler, NodeAdapterOptions } from "./settings.js";
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
  const respond = handlerResponder("toNodeListener", handler, options);
  return (incoming, outgoing) => {
    const state = newBodyState();
    respond({ incoming, outgoing, target: incoming.url ?? "/", parsedBody: undefined }, state)
      .catch((error: unknown) => new Response(null, { status: exchangeErrorStatus(exchangeError(error, state)) }))
      .then((response) => writeResponse(outgoing, response, state.cut))
      .catch(() => outgoing.destroy());
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { newBodyState } from "./exchange.js";
import { incomingRequest } from "./incoming-request.js";
import type { BodyState } from "./request-body.js";
import { adapterSettings, DEFAULT_MAX_BODY_SIZE, type NodeAdapterOptions } from "./settings.js";
import { writeResponse } from "./write-response.js";

/** What toWebRequest() knows of each request's body, for writeWebResponse(). */
const bodyStates = new WeakMap<IncomingMessage, BodyState>();

/**
 * The `Request` for a Node request, for servers the other adapters do not cover: lightweight
 * (see {@link NodeAdapterOptions.nativeRequest}), with the body streamed from the socket and
 * capped at `maxBodySize` (the stream fails with `BodyTooLargeError` past it). `outgoing` drives
 * `request.signal`, which aborts when the client goes away before the response is finished.
 * Throws `BadRequestError` for a missing or malformed `Host` (RFC 9112 §3.2), `TypeError` for
 * invalid options.
 */
export function toWebRequest(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  options: NodeAdapterOptions = {},
): Request {
  const settings = adapterSettings(options, DEFAULT_MAX_BODY_SIZE);
  const exchange = { incoming, outgoing, target: incoming.url ?? "/", parsedBody: undefined };
  const state = newBodyState();
  bodyStates.set(incoming, state);
  return incomingRequest(exchange, settings, state);
}

/**
 * Writes a `Response` to a Node response: status, headers (merged over any already set), and
 * the body, with `Content-Length` when it is ready whole, else streamed with backpressure.
 * When the request body was read only in part, or refused for its declared size, adds
 * `Connection: close` (RFC 9112 §9.6) rather than reading the rest. Resolves when the body is
 * handed to the socket.
 */
export function writeWebResponse(outgoing: ServerResponse, response: Response): Promise<void> {
  const incoming = outgoing.req as IncomingMessage | undefined;
  const partlyRead = incoming?.readableDidRead === true && !incoming.readableEnded;
  const cut = incoming !== undefined && bodyStates.get(incoming)?.cut === true;
  return writeResponse(outgoing, response, partlyRead || cut);
}

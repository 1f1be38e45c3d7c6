import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { ResponseParts } from "../response.js";
import type { Answer } from "./exchange.js";
import { nodeAnswer } from "./response-body.js";

/**
 * Writes a `Response` (or the flow's {@link ResponseParts}) to a Node `ServerResponse`: status,
 * headers (merged over any a middleware already set), and the body, with a `Content-Length` when
 * the body was ready whole, else streamed with backpressure. `closeConnection` adds
 * `Connection: close` (RFC 9112 §9.6), for a request whose body was left unread on the wire.
 * Headers set on `outgoing` before stay unless the response sets the same name.
 */
export async function writeResponse(outgoing: ServerResponse, answer: Answer, closeConnection: boolean): Promise<void> {
  const { status, statusText, headers, body } = await nodeAnswer(answer, closeConnection);
  if (body.complete && mayHaveContentLength(outgoing, status, headers)) {
    headers["content-length"] = String(contentLength(body.content));
  }
  if (statusText === "") outgoing.writeHead(status, headers);
  else outgoing.writeHead(status, statusText, headers);
  if (!body.complete) await pipeline(body.stream, outgoing);
  else if (body.content === null) outgoing.end();
  else outgoing.end(body.content);
}

function contentLength(content: Uint8Array | string | null): number {
  if (content === null) return 0;
  return typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
}

/** RFC 9110 §8.6: no `Content-Length` on 1xx, 204 and 304, nor where the response already framed it. */
function mayHaveContentLength(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
): boolean {
  if (status < 200 || status === 204 || status === 304 || outgoing.req?.method === "HEAD") return false;
  return headers["content-length"] === undefined && headers["transfer-encoding"] === undefined;
}

import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { ResponseParts } from "../response.js";
import type { Answer } from "./exchange.js";
import { bodySource, partsHeaders, readResponseBody, responseHeaders } from "./response-body.js";

/**
 * Writes a `Response` (or the flow's {@link ResponseParts}) to a Node `ServerResponse`: status,
 * headers (merged over any a middleware already set), and the body, with a `Content-Length` when
 * the body was ready whole, else streamed with backpressure. `closeConnection` adds
 * `Connection: close` (RFC 9112 §9.6), for a request whose body was left unread on the wire.
 * Headers set on `outgoing` before stay unless the response sets the same name.
 */
export async function writeResponse(outgoing: ServerResponse, answer: Answer, closeConnection: boolean): Promise<void> {
  if (!(answer instanceof Response)) {
    writeParts(outgoing, answer, closeConnection);
    return;
  }
  const response = answer;
  const body = bodySource(response) ?? (await readResponseBody(response.body));
  const headers = responseHeaders(response.headers);
  if (closeConnection) headers.connection = "close";
  if (body.complete && mayHaveContentLength(outgoing, response.status, headers)) {
    headers["content-length"] = String(body.bytes?.byteLength ?? 0);
  }
  if (response.statusText === "") outgoing.writeHead(response.status, headers);
  else outgoing.writeHead(response.status, response.statusText, headers);
  if (!body.complete) await pipeline(body.stream, outgoing);
  else if (body.bytes === null) outgoing.end();
  else outgoing.end(body.bytes);
}

/** Writes the flow's answer, whose body is text ready whole, in one go. */
function writeParts(outgoing: ServerResponse, parts: ResponseParts, closeConnection: boolean): void {
  const headers = partsHeaders(parts);
  if (closeConnection) headers.connection = "close";
  if (mayHaveContentLength(outgoing, parts.status, headers)) {
    headers["content-length"] = String(parts.body === null ? 0 : Buffer.byteLength(parts.body));
  }
  outgoing.writeHead(parts.status, headers);
  if (parts.body === null) outgoing.end();
  else outgoing.end(parts.body);
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

/// <reference types="node" />
// Serving a Fetch handler with node:http, without dependencies. Any Fetch-style adapter
// works as well; this one only shows that nothing more is needed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** A Fetch handler, as the other examples export. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Turns a Node request into a `Request`. The body is streamed, not buffered, so the flow's
 * body cap (`maxBodySize`) still protects the server. `origin` is the scheme and host clients
 * used (e.g. your public `https://` origin when a proxy terminates TLS).
 */
export function toFetchRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) headers.append(name, value);
  }
  const method = req.method ?? "GET";
  // `duplex` is required by Node's fetch for a streamed body; lib.dom does not declare it yet.
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  if (method !== "GET" && method !== "HEAD") {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(new URL(req.url ?? "/", origin), init);
}

/** Writes a `Response` to a Node response. */
export async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** An HTTP server that hands every request to `handler`. Call `.listen(port)` on it. */
export function createFetchServer(handler: FetchHandler, origin = "http://localhost"): Server {
  return createServer((req, res) => {
    handler(toFetchRequest(req, origin))
      .then((response) => sendFetchResponse(res, response))
      .catch(() => {
        // The flow never rejects for client input; this catches faults in your own routes.
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
}

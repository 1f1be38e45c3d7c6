// Real servers on 127.0.0.1 for the adapter tests, and raw HTTP/1.1 for what fetch() cannot send.
import { once } from "node:events";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

export interface Listening {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const RAW_TIMEOUT_MS = 5_000;

/** Listens on 127.0.0.1 at a free port; `close()` ends open connections too. */
export async function listen(server: Server): Promise<Listening> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A node:http server with this listener, listening. */
export function serveListener(listener: RequestListener): Promise<Listening> {
  return listen(createServer(listener));
}

/** A parsed raw HTTP/1.1 response. */
export interface RawResponse {
  readonly status: number;
  /** The reason phrase of the status line. */
  readonly reason: string;
  /** Header lines as sent, names lower-cased, in order. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  /** Whether the server closed the connection after the response. */
  readonly closed: boolean;
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the blank line) and `body`
 * over a new connection, and reads one response: until the server closes, or until a
 * Content-Length body is complete (then waits a moment to see whether the server closes).
 */
export async function rawExchange(port: number, head: string, body: string | Buffer = ""): Promise<RawResponse> {
  const socket = connect(port, "127.0.0.1");
  socket.setTimeout(RAW_TIMEOUT_MS, () => socket.destroy(new Error("raw exchange timed out")));
  await once(socket, "connect");
  socket.write(`${head}\r\n\r\n`);
  if (body.length > 0) socket.write(body);
  let received = Buffer.alloc(0);
  let closed = false;
  await new Promise<void>((resolve, reject) => {
    let settleTimer: NodeJS.Timeout | undefined;
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (settleTimer === undefined && isComplete(received)) settleTimer = setTimeout(resolve, 100);
    });
    socket.on("close", () => {
      closed = true;
      clearTimeout(settleTimer);
      resolve();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") return;
      reject(error);
    });
  });
  socket.destroy();
  return { ...parse(received), closed };
}

function isComplete(data: Buffer): boolean {
  const end = data.indexOf("\r\n\r\n");
  if (end === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(data.subarray(0, end).toString("latin1"));
  return length !== null && data.length - end - 4 >= Number(length[1]);
}

function parse(data: Buffer): Omit<RawResponse, "closed"> {
  const end = data.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const headers = lines.map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
  });
  const [, status = "", ...reason] = statusLine.split(" ");
  const raw = data.subarray(end + 4);
  const chunked = headers.some(([name, value]) => name === "transfer-encoding" && value === "chunked");
  return {
    status: Number(status),
    reason: reason.join(" "),
    headers,
    body: (chunked ? dechunk(raw) : raw).toString("utf8"),
  };
}

/** The payload of a chunked body (RFC 9112 §7.1), without extensions or trailers. */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (let guard = 0; guard < 10_000 && offset < data.length; guard++) {
    const lineEnd = data.indexOf("\r\n", offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The value of a header in a raw response, or `undefined`. */
export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key === name)?.[1];
}

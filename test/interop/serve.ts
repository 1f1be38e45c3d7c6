import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** A Fetch-API handler, as any Web-standard server framework calls it. */
export type FetchHandler = (request: Request) => Promise<Response>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Turns a Node request into a Web `Request`: method, URL, every raw header, the body as a stream. */
function toWebRequest(message: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const method = message.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const init = {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(message) as unknown as ReadableStream<Uint8Array>) : null,
    duplex: "half",
  };
  return new Request(new URL(message.url ?? "/", origin), init as RequestInit);
}

async function writeResponse(response: Response, out: ServerResponse): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  out.writeHead(response.status, Object.fromEntries(response.headers));
  out.end(body);
}

/** Serves `handler` on 127.0.0.1 at a free port. A handler that throws answers 500 with the message. */
export async function serve(handler: FetchHandler): Promise<TestServer> {
  const server = createServer((message, out) => {
    const origin = `http://${message.headers.host ?? "127.0.0.1"}`;
    handler(toWebRequest(message, origin))
      .then((response) => writeResponse(response, out))
      .catch((error: unknown) => {
        out.writeHead(500, { "content-type": "text/plain" });
        out.end(`handler failed: ${String(error)}`);
      });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

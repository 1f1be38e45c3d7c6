import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createFetchServer, type FetchHandler } from "../../docs/examples/node-server.js";

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 at a free port through the documented node:http bridge. */
export async function serve(handler: FetchHandler): Promise<TestServer> {
  const server = createFetchServer(handler, "http://127.0.0.1");
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

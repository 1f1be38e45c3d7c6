/// <reference types="node" />
// `npm run demo`: serves app.ts on 127.0.0.1 with the Node adapter and prints how to call it.
// PORT picks the port (default 3000; 0 for any free one). Ctrl-C stops it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeListener } from "../../../src/node/index.js";
import { createDemo, type Demo } from "./app.js";

const HOST = "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);

// The issuer is the origin, which is known once the port is bound; until then, answer 503.
let demo: Demo | undefined;
const server = createServer(
  toNodeListener((request) => demo?.handler(request) ?? Promise.resolve(new Response(null, { status: 503 }))),
);

server.on("error", (error: NodeJS.ErrnoException) => {
  console.error(`demo: cannot listen on ${HOST}:${port}: ${error.code ?? error.message}`);
  process.exit(1);
});

server.listen(port, HOST, async () => {
  const origin = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  demo = await createDemo(origin);
  const { id, secret } = demo.client;
  const tokenRequest = `curl -s -u ${id}:${secret} -d grant_type=client_credentials -d scope=reports:read ${origin}/token`;
  const readToken = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token'`;
  console.log(
    [
      `@saurbit/oauth2 demo on ${origin}`,
      "",
      `  API docs (Swagger UI):  ${origin}/docs`,
      `  client id:              ${id}`,
      `  client secret:          ${secret}`,
      `  scopes:                 ${demo.client.scopes.join(", ")}`,
      "",
      "Get a token:",
      `  ${tokenRequest}`,
      "",
      "Call a protected route with it:",
      `  curl -s -H "Authorization: Bearer $(${tokenRequest} | ${readToken})" ${origin}/reports`,
      "",
      "Ctrl-C stops the server.",
    ].join("\n"),
  );
});

function stop(): void {
  server.close(() => {
    console.log("demo stopped");
    process.exit(0);
  });
  // Swagger UI keeps connections alive; close them so the server can stop at once.
  server.closeAllConnections();
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

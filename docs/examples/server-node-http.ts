/// <reference types="node" />
// The example application on node:http, through the Node adapter. Run: PORT=3000 node server-node-http.js
import { createServer } from "node:http";
import { toNodeListener } from "../../src/node/index.js";
import { handler } from "./server-app.js";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

// Behind a proxy that terminates TLS, pass your public origin: toNodeListener(handler, { origin: "https://api.example.com" }).
createServer(toNodeListener(handler)).listen(port, hostname, () => {
  console.log(`listening on http://${hostname}:${port}`);
});

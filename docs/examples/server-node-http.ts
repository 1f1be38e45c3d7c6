/// <reference types="node" />
// The example application on node:http, through the Node adapter: the token endpoint written
// straight to the socket by nodeTokenListener, every other route by the Fetch handler.
// Run: PORT=3000 node server-node-http.js
import { createServer } from "node:http";
import { nodeTokenListener, toNodeListener } from "../../src/node/index.js";
import { flow, handler } from "./server-app.js";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

// Behind a proxy that terminates TLS, pass your public origin to both: { origin: "https://api.example.com" }.
const token = nodeTokenListener(flow);
const rest = toNodeListener(handler);
const tokenPath = flow.getTokenEndpoint();

createServer((req, res) => {
  const path = req.url?.split("?")[0];
  if (path === tokenPath) token(req, res);
  else rest(req, res);
}).listen(port, hostname, () => {
  console.log(`listening on http://${hostname}:${port}`);
});

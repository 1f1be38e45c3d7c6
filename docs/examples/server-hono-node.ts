/// <reference types="node" />
// The example application as a Hono app, served on Node by @hono/node-server. Run: PORT=3000 node server-hono-node.js
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { apiData, flow, openApiDocument, READ_DATA } from "./server-app.js";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

const app = new Hono();

// `c.req.raw` is the standard Request the flow takes; the flow answers non-POST with 405.
app.all("/token", async (c) => (await flow.token(c.req.raw)).toResponse());

app.get("/api/data", async (c) => {
  const auth = await flow.verifyToken(c.req.raw, { scopes: READ_DATA });
  if (!auth.success) return auth.toResponse();
  return c.json(apiData(auth.credentials));
});

app.get("/openapi.json", (c) => c.json(openApiDocument));

serve({ fetch: app.fetch, port, hostname }, () => {
  console.log(`listening on http://${hostname}:${port}`);
});

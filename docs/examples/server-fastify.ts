/// <reference types="node" />
// The example application on Fastify 5, with the ready plugin and hook. Run: PORT=3000 node server-fastify.js
import Fastify from "fastify";
import { fastifyProtect, fastifyTokenHandler } from "../../src/node/index.js";
import { apiData, flow, openApiDocument, READ_DATA } from "./server-app.js";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

const app = Fastify();

// A plugin: in its own scope it lets the flow read the form body itself and routes every method
// at the flow's token endpoint, so non-POST requests get the flow's 405.
await app.register(fastifyTokenHandler(flow));

// Answers 401/400/403 with RFC 6750 challenges, or sets request.oauth2 and goes on.
app.get("/api/data", { preHandler: fastifyProtect(flow, { scopes: READ_DATA }) }, async (request) =>
  apiData(request.oauth2?.credentials ?? {}),
);

app.get("/openapi.json", async () => openApiDocument);

await app.listen({ port, host: hostname });
console.log(`listening on http://${hostname}:${port}`);

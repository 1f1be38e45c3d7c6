/// <reference types="node" />
// The example application on Express 5, with the ready middleware. Run: PORT=3000 node server-express.js
import express from "express";
import { expressProtect, expressTokenHandler } from "../../src/node/index.js";
import { apiData, flow, openApiDocument, READ_DATA } from "./server-app.js";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

const app = express();

// The flow reads the form body itself (capped at its maxBodySize); `all` lets it answer 405 to
// other methods.
app.all("/token", expressTokenHandler(flow));

// Answers 401/400/403 with RFC 6750 challenges, or sets req.oauth2 and goes on.
app.get("/api/data", expressProtect(flow, { scopes: READ_DATA }), (req, res) => {
  res.json(apiData(req.oauth2?.credentials ?? {}));
});

app.get("/openapi.json", (_req, res) => {
  res.json(openApiDocument);
});

app.listen(port, hostname, () => {
  console.log(`listening on http://${hostname}:${port}`);
});

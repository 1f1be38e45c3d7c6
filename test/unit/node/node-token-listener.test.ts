import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { nodeTokenListener, toNodeListener } from "../../../src/node/index.js";
import { basic } from "../../support/fixtures.js";
import { adapterFlow, FORM } from "./flow-fixture.js";
import { itServesTheTokenEndpoint } from "./framework-behaviour.js";
import { type Listening, type RawResponse, rawExchange, serveListener } from "./support.js";

const servers: Listening[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A node:http server answering /token with `nodeTokenListener` and everything else with 404. */
async function serveApp(): Promise<string> {
  const { flow } = adapterFlow();
  const token = nodeTokenListener(flow);
  const server = await serveListener((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/token") token(req, res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  return server.origin;
}

describe("nodeTokenListener", () => {
  itServesTheTokenEndpoint(serveApp);

  it("refuses two Authorization lines as one malformed value, never taking the first alone (RFC 9110 §5.3)", async () => {
    const origin = await serveApp();
    const body = "grant_type=client_credentials";
    const response = await rawExchange(
      Number(new URL(origin).port),
      [
        "POST /token HTTP/1.1",
        "Host: 127.0.0.1",
        `Authorization: ${basic("service-a", "secret-a")}`,
        `Authorization: ${basic("service-b", "secret-b")}`,
        `Content-Type: ${FORM["content-type"]}`,
        `Content-Length: ${body.length}`,
      ].join("\r\n"),
      body,
    );
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: "invalid_client" });
  });

  it("throws TypeError for something that is not a built flow", () => {
    expect(() => nodeTokenListener({} as never)).toThrow(TypeError);
  });
});

describe("nodeTokenListener against flow.token().toResponse() through toNodeListener", () => {
  const SECRET_A = basic("service-a", "secret-a");
  const head = (lines: string[], body = "") =>
    [
      ...lines,
      "Host: 127.0.0.1",
      ...(body === "" ? [] : [`Content-Type: ${FORM["content-type"]}`, `Content-Length: ${body.length}`]),
    ].join("\r\n");

  // Every kind of answer of the token endpoint: a token, each error status, a challenge, Allow, a cut body.
  const EXCHANGES: [string, string, string][] = [
    [
      "a token (RFC 6749 §5.1)",
      head(["POST /token HTTP/1.1", `Authorization: ${SECRET_A}`], "grant_type=client_credentials"),
      "grant_type=client_credentials",
    ],
    [
      "a token for posted credentials",
      head(["POST /token HTTP/1.1"], "grant_type=client_credentials&client_id=service-a&client_secret=secret-a"),
      "grant_type=client_credentials&client_id=service-a&client_secret=secret-a",
    ],
    [
      "401 invalid_client with a Basic challenge (RFC 6749 §5.2)",
      head(["POST /token HTTP/1.1", `Authorization: ${basic("service-a", "wrong")}`], "grant_type=client_credentials"),
      "grant_type=client_credentials",
    ],
    [
      "400 unsupported_grant_type (RFC 6749 §5.2)",
      head(["POST /token HTTP/1.1", `Authorization: ${SECRET_A}`], "grant_type=password"),
      "grant_type=password",
    ],
    [
      "400 invalid_scope (RFC 6749 §5.2)",
      head(["POST /token HTTP/1.1", `Authorization: ${SECRET_A}`], "grant_type=client_credentials&scope=nope"),
      "grant_type=client_credentials&scope=nope",
    ],
    ["405 with Allow: POST (RFC 6749 §3.2)", head(["GET /token HTTP/1.1"]), ""],
    [
      "413 for a declared Content-Length over maxBodySize, closing the connection (RFC 9112 §9.6)",
      [
        "POST /token HTTP/1.1",
        "Host: 127.0.0.1",
        `Content-Type: ${FORM["content-type"]}`,
        "Content-Length: 100000",
      ].join("\r\n"),
      "",
    ],
  ];

  /** Status, reason, header lines (sorted, `date` left out) and body, the access token masked. */
  function wire(response: RawResponse) {
    const body = response.body.replace(/"access_token":"[^"]*"/, '"access_token":"…"');
    const headers = response.headers
      .filter(([name]) => name !== "date")
      .map(([name, value]) => `${name}: ${name === "content-length" ? "…" : value}`)
      .sort();
    return { status: response.status, reason: response.reason, headers, body, closed: response.closed };
  }

  it.each(EXCHANGES)("answers %s with the same octets", async (_name, requestHead, body) => {
    const { flow } = adapterFlow();
    const direct = await serveListener(nodeTokenListener(flow));
    // The reference reads under the same cap, as the token middleware of every framework does.
    const viaResponse = await serveListener(
      toNodeListener(async (request) => (await flow.token(request)).toResponse(), {
        maxBodySize: flow.configuration.maxBodySize,
      }),
    );
    servers.push(direct, viaResponse);
    const [mine, reference] = await Promise.all([
      rawExchange(direct.port, requestHead, body),
      rawExchange(viaResponse.port, requestHead, body),
    ]);
    expect(wire(mine)).toEqual(wire(reference));
    // The length of each body is right for that body (the masked tokens may differ in length).
    for (const response of [mine, reference]) {
      const length = response.headers.find(([name]) => name === "content-length")?.[1];
      expect(Number(length)).toBe(Buffer.byteLength(response.body));
    }
  });
});

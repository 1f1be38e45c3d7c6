import { afterEach, describe, expect, it, vi } from "vitest";
import { toNodeListener, writeWebResponse } from "../../../src/node/index.js";
import { header, type Listening, rawExchange, serveListener } from "./support.js";

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves one fixed response factory through toNodeListener; returns the port. */
async function serveResponse(make: (request: Request) => Response | Promise<Response>): Promise<number> {
  server = await serveListener(toNodeListener(make));
  return server.port;
}

const GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close";

/** A body that produces `parts` one timer tick apart, so it is never ready whole. */
function slowBody(parts: readonly string[], onCancel: () => void = () => undefined): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const part = parts[index++];
      if (part === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(part));
    },
    cancel: onCancel,
  });
}

describe("writing the handler's Response", () => {
  it("sends status, headers and a body that was ready whole, with its Content-Length", async () => {
    const port = await serveResponse(() => Response.json({ ok: "é" }, { status: 201, headers: { "x-id": "7" } }));
    const response = await rawExchange(port, GET);
    expect(response.status).toBe(201);
    expect(response.body).toBe('{"ok":"é"}');
    expect(header(response, "content-length")).toBe(String(Buffer.byteLength('{"ok":"é"}')));
    expect(header(response, "transfer-encoding")).toBeUndefined();
    expect(header(response, "x-id")).toBe("7");
    expect(header(response, "content-type")).toBe("application/json");
  });

  it("streams a body that is not ready whole, chunked and in order", async () => {
    const port = await serveResponse(() => new Response(slowBody(["one ", "two ", "three"])));
    const response = await rawExchange(port, GET);
    expect(response.status).toBe(200);
    expect(header(response, "transfer-encoding")).toBe("chunked");
    expect(response.body).toBe("one two three");
  });

  it("cancels the response body when the client goes away while it streams", async () => {
    const cancelled = vi.fn();
    let sent = 0;
    const port = await serveResponse(
      () =>
        new Response(
          new ReadableStream({
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 5));
              controller.enqueue(new Uint8Array(1024));
              sent++;
            },
            cancel: cancelled,
          }),
        ),
    );
    const client = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: client.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    client.abort();
    await expect.poll(() => cancelled.mock.calls.length, { timeout: 5_000 }).toBe(1);
    const after = sent;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toBe(after);
  });

  it("keeps headers a middleware set before, unless the response sets the same name", async () => {
    server = await serveListener((_incoming, outgoing) => {
      outgoing.setHeader("x-request-id", "abc");
      outgoing.setHeader("cache-control", "public");
      void writeWebResponse(outgoing, new Response("ok", { headers: { "cache-control": "no-store" } }));
    });
    const response = await rawExchange(server.port, GET);
    expect(header(response, "x-request-id")).toBe("abc");
    expect(response.headers.filter(([name]) => name === "cache-control")).toEqual([["cache-control", "no-store"]]);
  });

  it("sends the response's statusText as the reason phrase", async () => {
    const port = await serveResponse(() => new Response("slow down", { status: 429, statusText: "Slow Down" }));
    const response = await rawExchange(port, GET);
    expect(response).toMatchObject({ status: 429, reason: "Slow Down", body: "slow down" });
  });

  it("answers 500 with an empty body when the handler throws, and logs nothing", async () => {
    const port = await serveResponse(() => {
      throw new Error("secret internals");
    });
    const response = await rawExchange(port, GET);
    expect(response.status).toBe(500);
    expect(response.body).toBe("");
  });

  it("answers 500 when the handler resolves to something that is not a Response", async () => {
    const port = await serveResponse(() => undefined as unknown as Response);
    expect((await rawExchange(port, GET)).status).toBe(500);
  });
});

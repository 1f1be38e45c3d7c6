import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { BodyTooLargeError, toNodeListener, toWebRequest, writeWebResponse } from "../../../src/node/index.js";
import { header, type Listening, rawExchange, serveListener } from "./support.js";

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CAP = 1024;

/** What the handler saw after trying to read the body, and how much the socket had read by then. */
interface Observation {
  outcome: string;
  socketBytesRead: number;
  didRead: boolean;
}

/**
 * A server whose handler reads the body with text() under `CAP`, and reports the outcome with
 * the socket's byte count at that moment.
 */
async function observingServer(): Promise<{ port: number; observed: Promise<Observation> }> {
  let report: (observation: Observation) => void = () => undefined;
  const observed = new Promise<Observation>((resolve) => {
    report = resolve;
  });
  server = await serveListener((incoming: IncomingMessage, outgoing) => {
    const request = toWebRequest(incoming, outgoing, { maxBodySize: CAP });
    request
      .text()
      .then(
        (text) => ({ outcome: `read ${text.length}`, error: undefined }),
        (error: unknown) => ({ outcome: (error as Error).name, error }),
      )
      .then(async ({ outcome, error }) => {
        report({ outcome, socketBytesRead: incoming.socket.bytesRead, didRead: incoming.readableDidRead });
        await writeWebResponse(
          outgoing,
          new Response(outcome, { status: error instanceof BodyTooLargeError ? 413 : 200 }),
        );
      });
  });
  return { port: server.port, observed };
}

/** A POST that declares 100 octets and sends fewer; destroy() it to go away mid-body. */
function partialUpload(port: number): ClientRequest {
  const upload = httpRequest({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/",
    headers: { "content-length": "100" },
  });
  upload.on("error", () => undefined);
  upload.write("only a part");
  return upload;
}

describe("the request body stream", () => {
  it("reads a body up to the cap whole", async () => {
    const { port, observed } = await observingServer();
    const response = await rawExchange(
      port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${CAP}\r\nConnection: close`,
      "x".repeat(CAP),
    );
    expect(response.status).toBe(200);
    expect((await observed).outcome).toBe(`read ${CAP}`);
  });

  it("fails with BodyTooLargeError on a declared Content-Length over the cap without reading a byte", async () => {
    const { port, observed } = await observingServer();
    const response = await rawExchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${CAP + 1}`);
    expect(response).toMatchObject({ status: 413, closed: true });
    expect(header(response, "connection")).toBe("close");
    expect(await observed).toMatchObject({ outcome: "RangeError", didRead: false });
  });

  it("stops reading a chunked upload soon after it passes the cap: the socket never takes in the whole body", async () => {
    const { port, observed } = await observingServer();
    const upload = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/" });
    upload.on("error", () => undefined);
    const chunk = Buffer.alloc(64 * 1024, 120);
    let sent = 0;
    // Keep offering data (8 MiB at most) until the server answers.
    const answered = new Promise<number>((resolve) =>
      upload.on("response", (response) => resolve(response.statusCode ?? 0)),
    );
    for (let i = 0; i < 128 && !upload.destroyed; i++) {
      if (!upload.write(chunk)) await Promise.race([new Promise((resolve) => upload.once("drain", resolve)), answered]);
      sent += chunk.length;
      if ((await Promise.race([answered, Promise.resolve(0)])) !== 0) break;
    }
    expect(await answered).toBe(413);
    upload.destroy();
    const { outcome, socketBytesRead } = await observed;
    expect(outcome).toBe("RangeError");
    // Node's socket and stream buffers hold a few hundred KiB at most; the client offered far more.
    expect(socketBytesRead).toBeLessThan(1024 * 1024);
    expect(sent).toBeGreaterThan(socketBytesRead);
  });

  it("answers 413 when the handler fails after the body passed the cap, whatever it made of the stream error", async () => {
    server = await serveListener(
      toNodeListener(
        async (request) => {
          await request.text().catch(() => {
            throw new Error("the handler's own error");
          });
          return new Response("unreachable");
        },
        { maxBodySize: CAP },
      ),
    );
    const response = await rawExchange(
      server.port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${4 * CAP}`,
      "x".repeat(4 * CAP),
    );
    expect(response.status).toBe(413);
    expect(response.body).toBe("");
  });

  it("rejects the read when the client goes away in the middle of the body", async () => {
    let outcome: Promise<string> | undefined;
    server = await serveListener(
      toNodeListener(async (request) => {
        outcome = request.text().then(
          () => "read",
          (error: unknown) => `failed: ${(error as Error).message}`,
        );
        return new Response(await outcome);
      }),
    );
    const upload = partialUpload(server.port);
    await expect.poll(() => outcome !== undefined, { timeout: 5_000 }).toBe(true);
    upload.destroy();
    await expect(outcome).resolves.toMatch(/^failed: /);
  });

  it("rejects the read at once when the client went away before the handler started reading", async () => {
    let outcome: Promise<string> | undefined;
    server = await serveListener((incoming, outgoing) => {
      const request = toWebRequest(incoming, outgoing);
      incoming.once("close", () => {
        outcome = request.text().then(
          () => "read",
          () => "failed",
        );
      });
    });
    const upload = partialUpload(server.port);
    await new Promise((resolve) => setTimeout(resolve, 50));
    upload.destroy();
    await expect.poll(() => outcome !== undefined, { timeout: 5_000 }).toBe(true);
    await expect(outcome).resolves.toBe("failed");
  });

  it("closes the connection after answering a request whose body it stopped reading at the cap (RFC 9112 §9.6)", async () => {
    server = await serveListener(
      toNodeListener(
        async (request) => {
          const outcome = await request.text().then(
            () => "read",
            () => "refused",
          );
          return new Response(outcome, { status: 400 });
        },
        { maxBodySize: CAP },
      ),
    );
    const response = await rawExchange(
      server.port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${4 * CAP}`,
      "x".repeat(2 * CAP),
    );
    expect(response).toMatchObject({ status: 400, body: "refused", closed: true });
    expect(header(response, "connection")).toBe("close");
  });

  it("closes the connection, leaving the body unread, when Content-Length declares more than the cap", async () => {
    server = await serveListener(toNodeListener(async () => new Response("ok"), { maxBodySize: CAP }));
    const response = await rawExchange(
      server.port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${100 * CAP}`,
    );
    expect(response).toMatchObject({ status: 200, body: "ok", closed: true });
    expect(header(response, "connection")).toBe("close");
  });

  it("leaves a body within the cap that the handler never read to Node, which drains it and keeps the connection", async () => {
    server = await serveListener(toNodeListener(async () => new Response("ok"), { maxBodySize: CAP }));
    const response = await rawExchange(
      server.port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${CAP}`,
      "x".repeat(CAP),
    );
    expect(response).toMatchObject({ status: 200, body: "ok", closed: false });
    expect(header(response, "connection")).toBe("keep-alive");
  });
});

// HTTP rules the Node adapter applies itself, one test per clause (RFC 9110, RFC 9112, RFC 6265).
// The OAuth rules stay the flow's; see the other files of this folder.
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FetchHandler, toNodeListener } from "../../src/node/index.js";
import { header, type Listening, rawExchange, serveListener } from "../unit/node/support.js";

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: FetchHandler): Promise<number> {
  server = await serveListener(toNodeListener(handler));
  return server.port;
}

describe("RFC 9112 §3.2 Host and the request target", () => {
  it("answers 400 without calling the handler when an HTTP/1.0 request has no Host", async () => {
    const handler = vi.fn(() => new Response("ok"));
    const port = await serve(handler);
    const response = await rawExchange(port, "GET / HTTP/1.0");
    expect(response.status).toBe(400);
    expect(handler).not.toHaveBeenCalled();
  });

  it.each(["user@127.0.0.1", "127.0.0.1/path", "a b", "127.0.0.1:port"])(
    "answers 400 without calling the handler for the malformed Host %j",
    async (host) => {
      const handler = vi.fn(() => new Response("ok"));
      const port = await serve(handler);
      const response = await rawExchange(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close`);
      expect(response.status).toBe(400);
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it("accepts a reg-name, an IPv4 or an IPv6 literal, with or without a port", async () => {
    const port = await serve((request) => new Response(request.url));
    for (const host of ["api.example.com", "10.0.0.1:8443", "[::1]:3000"]) {
      const response = await rawExchange(port, `GET /p HTTP/1.1\r\nHost: ${host}\r\nConnection: close`);
      expect(response.body).toBe(`http://${host}/p`);
    }
  });

  it("takes scheme and authority from an absolute-form target, not from Host (§3.2.2)", async () => {
    const port = await serve((request) => new Response(request.url));
    const response = await rawExchange(
      port,
      "GET http://api.example.com:8080/p?q=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close",
    );
    expect(response.body).toBe("http://api.example.com:8080/p?q=1");
  });
});

describe("RFC 9110 §8.6 Content-Length", () => {
  it("sends a Content-Length with a body that was ready whole, also an empty one", async () => {
    const port = await serve((request) => new Response(request.url.endsWith("/empty") ? null : "four"));
    const full = await rawExchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(header(full, "content-length")).toBe("4");
    const empty = await rawExchange(port, "GET /empty HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(header(empty, "content-length")).toBe("0");
    expect(header(empty, "transfer-encoding")).toBeUndefined();
  });

  it.each([204, 304])("sends no Content-Length and no body with %i", async (status) => {
    const port = await serve(() => new Response(null, { status }));
    const response = await rawExchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(response.status).toBe(status);
    expect(header(response, "content-length")).toBeUndefined();
    expect(response.body).toBe("");
  });

  it("keeps the Content-Length a response to HEAD declares, and sends no body", async () => {
    const port = await serve(() => new Response(null, { headers: { "content-length": "42" } }));
    const response = await rawExchange(port, "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(header(response, "content-length")).toBe("42");
    expect(response.body).toBe("");
  });
});

describe("RFC 6265 §3 Set-Cookie", () => {
  it("sends each Set-Cookie as its own header line, never joined", async () => {
    const headers = new Headers();
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
    const port = await serve(() => new Response("ok", { headers }));
    const response = await rawExchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(response.headers.filter(([name]) => name === "set-cookie").map(([, value]) => value)).toEqual([
      "a=1; Path=/",
      "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
    ]);
  });
});

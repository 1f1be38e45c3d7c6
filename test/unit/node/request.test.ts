import { once } from "node:events";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { afterEach, describe, expect, it } from "vitest";
import { incomingHeaders } from "../../../src/node/incoming-headers.js";
import { type FetchHandler, type NodeAdapterOptions, toNodeListener } from "../../../src/node/index.js";
import { type Listening, listen, rawExchange, serveListener } from "./support.js";
import { TLS_CERT, TLS_KEY } from "./tls-fixture.js";

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What `get` and `has` answer for each name. */
function toNodeListenerProbe(
  headers: Headers,
  names: readonly string[],
): Record<string, { get: string | null; has: boolean }> {
  return Object.fromEntries(
    names.map((name) => [name.toLowerCase(), { get: headers.get(name), has: headers.has(name) }]),
  );
}

/** Serves `handler` through toNodeListener and returns the server's origin. */
async function serve(handler: FetchHandler, options?: NodeAdapterOptions): Promise<string> {
  server = await serveListener(toNodeListener(handler, options));
  return server.origin;
}

/** Serves a handler that reports what it saw of the request, and returns its answer to `init`. */
async function seen<T>(inspect: (request: Request) => T | Promise<T>, path = "/", init?: RequestInit): Promise<T> {
  const origin = await serve(async (request) => Response.json(await inspect(request)));
  const response = await fetch(origin + path, init);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe("the Request a Fetch handler receives", () => {
  it("is an instance of Request with the method, and the URL built from Host and the request target", async () => {
    const observed = await seen(
      (request) => ({ isRequest: request instanceof Request, method: request.method, url: request.url }),
      "/reports/1?format=json",
      { method: "DELETE" },
    );
    expect(observed).toEqual({
      isRequest: true,
      method: "DELETE",
      url: `${server?.origin}/reports/1?format=json`,
    });
  });

  it("takes scheme and host from the origin option, never from the Host header", async () => {
    const origin = await serve((request) => new Response(request.url), { origin: "https://api.example.com/ignored" });
    const response = await fetch(`${origin}/token?x=1`, { headers: { "x-forwarded-host": "evil.example" } });
    expect(await response.text()).toBe("https://api.example.com/token?x=1");
  });

  it("keeps a request target that starts with // as a path, not a host", async () => {
    const port = (await serveListener(toNodeListener((request) => new Response(request.url)))).port;
    const response = await rawExchange(port, "GET //evil.example/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(response.body).toBe("http://127.0.0.1//evil.example/x");
  });

  it("has the https scheme on a node:https server", async () => {
    const https = createHttpsServer(
      { key: TLS_KEY, cert: TLS_CERT },
      toNodeListener((request) => new Response(request.url)),
    );
    server = await listen(https);
    const request = httpsRequest({ host: "127.0.0.1", port: server.port, path: "/secure", rejectUnauthorized: false });
    request.end();
    const [response] = (await once(request, "response")) as [NodeJS.ReadableStream];
    let text = "";
    for await (const chunk of response) text += String(chunk);
    expect(text).toBe(`https://127.0.0.1:${server.port}/secure`);
  });

  it("carries every header, repeated ones combined with ', ' as Fetch combines them (RFC 9110 §5.3)", async () => {
    const port = (await serveListener(toNodeListener((request) => Response.json(Object.fromEntries(request.headers)))))
      .port;
    const response = await rawExchange(
      port,
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trace: a\r\nX-Trace: b\r\nAccept: text/plain\r\nConnection: close",
    );
    expect(JSON.parse(response.body)).toMatchObject({ "x-trace": "a, b", accept: "text/plain", host: "127.0.0.1" });
  });

  it("answers headers.get() and has() from the raw header lines exactly as native Headers do, values trimmed (RFC 9110 §5.2, §5.3, §5.5)", async () => {
    const NAMES = ["x-trace", "X-TRACE", "authorization", "Content-Type", "x-padded", "x-empty", "missing", "host"];
    const port = (
      await serveListener(
        toNodeListener((request) => {
          // Probed before anything iterates them, which would build native headers inside.
          const lazy = toNodeListenerProbe(request.headers, NAMES);
          const native = new Headers([...request.headers]);
          return Response.json({
            lazy,
            native: toNodeListenerProbe(native, NAMES),
            isHeaders: request.headers instanceof Headers,
          });
        }),
      )
    ).port;
    const response = await rawExchange(
      port,
      [
        "GET / HTTP/1.1",
        "Host: 127.0.0.1",
        "X-Trace: a",
        "x-trace: b",
        "Authorization: Basic one",
        "AUTHORIZATION: Basic two",
        "Content-Type: text/plain",
        "X-Padded: \t value \t",
        "X-Empty:",
        "Connection: close",
      ].join("\r\n"),
    );
    const { lazy, native, isHeaders } = JSON.parse(response.body);
    expect(isHeaders).toBe(true);
    expect(lazy).toEqual(native);
    // Fetch joins repeated lines: two Authorization lines are one malformed value, never the first alone.
    expect(lazy.authorization).toEqual({ get: "Basic one, Basic two", has: true });
    expect(lazy["x-trace"]).toEqual({ get: "a, b", has: true });
    expect(lazy.missing).toEqual({ get: null, has: false });
  });

  it("answers headers.get() after set() with the new value, and throws TypeError like native Headers for a name that is no token (RFC 9110 §5.1)", async () => {
    const observed = await seen((request) => {
      request.headers.set("x-added", "1");
      let thrown = "";
      try {
        request.headers.get("bad name");
      } catch (error) {
        thrown = (error as Error).name;
      }
      return { added: request.headers.get("x-added"), host: request.headers.get("host"), thrown };
    });
    expect(observed).toEqual({ added: "1", host: expect.stringMatching(/^127\.0\.0\.1:\d+$/), thrown: "TypeError" });
  });

  it("leaves HTTP/2 pseudo-header fields out of the headers, which are not header fields (RFC 9113 §8.3)", () => {
    const headers = incomingHeaders([":method", "GET", ":path", "/", "Host", "a", ":authority", "b"]);
    expect(headers.get("host")).toBe("a");
    // ":path" is no token (RFC 9110 §5.1): native Headers answers, and throws, as it does for any such name.
    expect(() => headers.get(":path")).toThrow(TypeError);
    expect(() => headers.has(":authority")).toThrow(TypeError);
    expect([...headers]).toEqual([["host", "a"]]);
    expect(headers.get("host")).toBe("a");
  });

  it("answers the properties a server request rarely uses (cache, mode, redirect, …) like a native Request", async () => {
    const observed = await seen((request) => ({
      cache: request.cache,
      credentials: request.credentials,
      mode: request.mode,
      redirect: request.redirect,
      keepalive: request.keepalive,
      integrity: request.integrity,
      aborted: request.signal.aborted,
    }));
    const native = new Request("http://127.0.0.1/");
    expect(observed).toEqual({
      cache: native.cache,
      credentials: native.credentials,
      mode: native.mode,
      redirect: native.redirect,
      keepalive: native.keepalive,
      integrity: native.integrity,
      aborted: false,
    });
  });

  it("has no body on GET, nor on a POST without Content-Length and Transfer-Encoding (RFC 9112 §6.3)", async () => {
    const origin = await serve((request) => Response.json({ hasBody: request.body !== null, used: request.bodyUsed }));
    expect(await (await fetch(`${origin}/`)).json()).toEqual({ hasBody: false, used: false });
    const port = server?.port as number;
    const post = await rawExchange(port, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    expect(JSON.parse(post.body)).toEqual({ hasBody: false, used: false });
  });

  it.each([
    ["text", "a=1&b=2", "a=1&b=2"],
    ["json", '{"a":[1,2]}', { a: [1, 2] }],
    ["arrayBuffer", "abc", [97, 98, 99]],
    ["bytes", "abc", [97, 98, 99]],
    [
      "formData",
      "a=1&b=%C3%A9",
      [
        ["a", "1"],
        ["b", "é"],
      ],
    ],
    ["blob", "abc", { type: "application/x-www-form-urlencoded", text: "abc" }],
  ] as const)("reads the body with %s()", async (method, body, expected) => {
    const observed = await seen(
      async (request) => {
        switch (method) {
          case "text":
            return request.text();
          case "json":
            return request.json();
          case "arrayBuffer":
            return [...new Uint8Array(await request.arrayBuffer())];
          case "bytes":
            return [...(await request.bytes())];
          case "formData":
            return [...(await request.formData())].map(([name, value]) => [name, String(value)]);
          case "blob": {
            const blob = await request.blob();
            return { type: blob.type, text: await blob.text() };
          }
        }
      },
      "/",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body },
    );
    expect(observed).toEqual(expected);
  });

  it("marks the body used once read, and rejects a second read with TypeError", async () => {
    const observed = await seen(
      async (request) => {
        const before = request.bodyUsed;
        await request.text();
        const second = await request.text().then(
          () => "read twice",
          (error: unknown) => (error as Error).name,
        );
        return { before, after: request.bodyUsed, second };
      },
      "/",
      { method: "POST", body: "x" },
    );
    expect(observed).toEqual({ before: false, after: true, second: "TypeError" });
  });

  it("clone() returns a native Request whose body reads alongside the original", async () => {
    const observed = await seen(
      async (request) => {
        const copy = request.clone();
        const [mine, theirs] = await Promise.all([request.text(), copy.text()]);
        return { mine, theirs, native: Object.getPrototypeOf(copy) === Request.prototype };
      },
      "/",
      { method: "PUT", body: "payload" },
    );
    expect(observed).toEqual({ mine: "payload", theirs: "payload", native: true });
  });

  it("aborts request.signal when the client goes away before the response is finished", async () => {
    let aborted: Promise<boolean> | undefined;
    const origin = await serve(async (request) => {
      aborted = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve(true)));
      await aborted;
      return new Response("too late");
    });
    const client = new AbortController();
    const pending = fetch(`${origin}/slow`, { signal: client.signal }).catch(() => undefined);
    await expect.poll(() => aborted !== undefined, { timeout: 5_000 }).toBe(true);
    client.abort();
    await pending;
    await expect(aborted).resolves.toBe(true);
  });

  it("with nativeRequest: true, is a native Request that new Request(request) accepts", async () => {
    const origin = await serve(
      async (request) => {
        const copy = new Request(request);
        return Response.json({ native: Object.getPrototypeOf(request) === Request.prototype, body: await copy.text() });
      },
      { nativeRequest: true },
    );
    const response = await fetch(origin, { method: "POST", body: "native" });
    expect(await response.json()).toEqual({ native: true, body: "native" });
  });
});

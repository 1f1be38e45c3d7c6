// The cost of the Node adapter against @hono/node-server, over loopback, on the same flow.
//
//   npm run bench:node-adapter                 (3 rounds of 3 s per measurement, 10 connections)
//   npm run bench:node-adapter -- 5 5 20       (rounds, seconds, connections)
//
// Each server runs in a child process of its own (@hono/node-server replaces the global Request
// and Response, which must not leak into the others), serves docs/examples/server-app.ts on
// 127.0.0.1, and is measured with autocannon on the protected route (GET /api/data) and the
// token endpoint (POST /token, Basic). Servers:
//   bridge       docs/examples/node-server.ts: an undici Request per request (the naive conversion)
//   hono         @hono/node-server's getRequestListener, as it runs by default
//   hono-native  the same with `overrideGlobalObjects: false` (undici's own Request and Response)
//   adapter      @saurbit/oauth2/node's toNodeListener
// Two numbers per measurement: requests per second, and the server's CPU time per request
// (user + system, from process.cpuUsage in the server process), which load from other
// processes on the machine disturbs less. Rounds take turns between servers and the median
// is reported.
//
// First, in process: the conversion alone (a Node request into a Request, then what the flow
// reads: the method, the headers it needs and, for POST, the body), the naive way of
// docs/examples/node-server.ts against the adapter's lightweight request.
//
// Not part of `npm test`: the numbers depend on the machine.
import { createServer, IncomingMessage, type Server, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import autocannon, { type Options } from "autocannon";
import { createFetchServer, toFetchRequest } from "../../docs/examples/node-server.js";
import { handler } from "../../docs/examples/server-app.js";
import { toNodeListener, toWebRequest } from "../../src/node/index.js";
import { median, ServerChild, serveInChild } from "./harness.js";

const SERVERS = {
  bridge: (): Server => createFetchServer(handler, "http://127.0.0.1"),
  hono: (): Server => createServer(getRequestListener(handler)),
  "hono-native": (): Server => createServer(getRequestListener(handler, { overrideGlobalObjects: false })),
  adapter: (): Server => createServer(toNodeListener(handler)),
} as const;
type ServerName = keyof typeof SERVERS;
const ROUTES = ["GET /api/data", "POST /token"] as const;
type Route = (typeof ROUTES)[number];

const BASIC = `Basic ${btoa("reporting-service:reporting-secret-change-me")}`;
const TOKEN_BODY = "grant_type=client_credentials&scope=read%3Adata";
const FORM = "application/x-www-form-urlencoded";
const ANSWER_TIMEOUT_MS = 5_000;

interface Measurement {
  /** Requests per second. */
  rps: number;
  /** Server CPU microseconds per request. */
  cpu: number;
  /** Non-2xx answers, errors and timeouts. */
  failures: number;
}

/** Child mode: serve one server on 127.0.0.1 (see harness.ts). */
function serveChild(name: ServerName): Promise<void> {
  return serveInChild(SERVERS[name]());
}

const startChild = (name: ServerName) => ServerChild.start(fileURLToPath(import.meta.url), ["serve", name]);

async function measure(child: ServerChild, options: Options): Promise<Measurement> {
  const before = await child.cpu();
  const result = await autocannon(options);
  const cpu = (await child.cpu()) - before;
  return {
    rps: result.requests.average,
    cpu: cpu / Math.max(1, result.requests.total),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** One round for one server: a warm-up second, then each route for `duration` seconds. */
async function benchServer(
  name: ServerName,
  duration: number,
  connections: number,
): Promise<Record<Route, Measurement>> {
  const child = await startChild(name);
  try {
    const issue = {
      url: `${child.origin}/token`,
      connections,
      method: "POST",
      headers: { authorization: BASIC, "content-type": FORM },
      body: TOKEN_BODY,
    };
    const issued = await fetch(issue.url, { ...issue, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    const { access_token: token } = (await issued.json()) as { access_token: string };
    const read = { url: `${child.origin}/api/data`, connections, headers: { authorization: `Bearer ${token}` } };
    await autocannon({ ...read, duration: 1 });
    await autocannon({ ...issue, duration: 1 });
    return {
      "GET /api/data": await measure(child, { ...read, duration }),
      "POST /token": await measure(child, { ...issue, duration }),
    };
  } finally {
    await child.stop();
  }
}

const CONVERSIONS = 50_000;
const RAW_HEADERS = [
  "Host",
  "127.0.0.1:3000",
  "User-Agent",
  "autocannon",
  "Accept",
  "*/*",
  "Authorization",
  BASIC,
  "Content-Type",
  FORM,
  "Content-Length",
  String(TOKEN_BODY.length),
];

/** A Node request as the HTTP parser leaves it, the body already buffered. */
function incomingMessage(method: "GET" | "POST"): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  message.method = method;
  message.url = method === "GET" ? "/api/data" : "/token";
  message.rawHeaders = method === "GET" ? RAW_HEADERS.slice(0, 8) : RAW_HEADERS;
  for (let i = 0; i < message.rawHeaders.length; i += 2) {
    message.headers[(message.rawHeaders[i] as string).toLowerCase()] = message.rawHeaders[i + 1];
  }
  if (method === "POST") message.push(Buffer.from(TOKEN_BODY));
  message.push(null);
  return message;
}

/**
 * What the flow reads of a token or protected request: the method, `Authorization`, and for a
 * POST the content type and length, then the body whole (it declares its length; see
 * src/request/read-body.ts).
 */
async function readLikeTheFlow(request: Request): Promise<void> {
  if (request.method === "") throw new Error("no method");
  const { headers } = request;
  headers.get("authorization");
  if (request.method !== "POST") return;
  headers.get("content-type");
  if (headers.get("content-length") === null) throw new Error("no Content-Length");
  await request.arrayBuffer();
}

/** Microseconds per conversion, the cost of making the Node request itself taken out. */
async function conversionCost(convert: ((message: IncomingMessage) => Request) | undefined, method: "GET" | "POST") {
  const run = async (count: number): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const message = incomingMessage(method);
      if (convert !== undefined) await readLikeTheFlow(convert(message));
    }
    return ((performance.now() - start) * 1000) / count;
  };
  await run(CONVERSIONS / 10);
  return run(CONVERSIONS);
}

async function conversionTable(): Promise<string[]> {
  const outgoing = new ServerResponse(incomingMessage("GET"));
  const lines = ["| request | naive µs | adapter µs | naive ÷ adapter |", "|---|---|---|---|"];
  for (const method of ["GET", "POST"] as const) {
    const base = await conversionCost(undefined, method);
    const naive = (await conversionCost((message) => toFetchRequest(message, "http://127.0.0.1"), method)) - base;
    const adapter = (await conversionCost((message) => toWebRequest(message, outgoing), method)) - base;
    lines.push(`| ${method} | ${naive.toFixed(2)} | ${adapter.toFixed(2)} | ${(naive / adapter).toFixed(2)} |`);
  }
  return lines;
}

async function main(): Promise<void> {
  const [mode, second, third] = process.argv.slice(2);
  if (mode === "serve") return serveChild(second as ServerName);
  const rounds = Number(mode ?? 3);
  const duration = Number(second ?? 3);
  const connections = Number(third ?? 10);
  const conversion = await conversionTable();
  const names = Object.keys(SERVERS) as ServerName[];
  const runs = new Map<ServerName, Record<Route, Measurement>[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Take turns, starting one further each round, so slow phases of the machine spread out.
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as ServerName;
      runs.get(name)?.push(await benchServer(name, duration, connections));
    }
  }
  const summary = (name: ServerName, route: Route) => {
    const all = runs.get(name)?.map((run) => run[route]) ?? [];
    return {
      rps: median(all.map((m) => m.rps)),
      cpu: median(all.map((m) => m.cpu)),
      failures: all.reduce((sum, m) => sum + m.failures, 0),
    };
  };
  const lines = [
    `Node ${process.versions.node}, request conversion in process, ${CONVERSIONS} conversions each`,
    "",
    ...conversion,
    "",
    `Node ${process.versions.node}, ${rounds} rounds × ${duration} s per measurement, ${connections} connections, 127.0.0.1 (medians)`,
    "",
    "| route | server | req/s | req/s ÷ hono | CPU µs/req | CPU ÷ hono | failures |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const route of ROUTES) {
    const hono = summary("hono", route);
    for (const name of names) {
      const m = summary(name, route);
      const cells = [
        route,
        name,
        m.rps.toFixed(0),
        (m.rps / hono.rps).toFixed(2),
        m.cpu.toFixed(1),
        (m.cpu / hono.cpu).toFixed(2),
        m.failures,
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();

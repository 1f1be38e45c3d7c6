// `npm run bench`: the library against the floor of what a Fetch-API server can do, and against
// @node-oauth/oauth2-server and oidc-provider, measured side by side. Not part of `npm test`.
//
// 1. In process, interleaved rounds (the order rotates each round, one warm-up round discarded):
//    - token endpoint: the floor handler (fixtures.ts), `flow.token()` + `toResponse()` with
//      callbacks doing the floor's work, and @node-oauth/oauth2-server behind a small Fetch adapter;
//      each call gets a fresh `Request`, as a server would hand it over;
//    - protected route: `flow.verifyToken()` against a floor that parses the header and looks the
//      token up;
//    - ES256 JWT access tokens: `jwtAccessTokens()` against raw jose (jwt-pair.ts, as bench:jwt).
// 2. Over loopback (127.0.0.1), autocannon against each server in a child process of its own,
//    POST /token with HTTP Basic; the servers in a new random order every round (servers.ts).
// 3. Memory: 1,000,000 token requests in a child process run with --expose-gc; the heap after
//    GC at the end against the heap after GC once warmed up.
//
// Ratios are medians of per-round ratios, with their min..max. Writes the results between the
// markers of docs/performance.md, with docs/performance.svg drawn from the same numbers.
//
//   BENCH_ROUNDS            in-process rounds (default 20)
//   BENCH_MS                in-process batch length, ms (default 150)
//   BENCH_LOOPBACK_ROUNDS   loopback rounds (default 5)
//   BENCH_SECONDS           loopback measurement per server and round, s (default 3)
//   BENCH_CONNECTIONS       autocannon connections (default 10)
//   BENCH_MEMORY_REQUESTS   requests of the memory run (default 1000000)
//   BENCH_WRITE=0           print only, leave docs/ alone
import { fork } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import {
  BASIC,
  FORM,
  floorToken,
  floorVerify,
  flowHandler,
  oauth2ServerHandler,
  opaqueFlow,
  resourceRequest,
  SCOPE,
  TOKEN_BODY,
  tokenRequest,
} from "./fixtures.js";
import {
  column,
  interleave,
  type Operation,
  ratio,
  ServerChild,
  type Spread,
  serveInChild,
  shuffle,
  spread,
  within,
} from "./harness.js";
import { compareJwt } from "./jwt-pair.js";
import { alignTables } from "./markdown.js";
import { SERVERS, type ServerName } from "./servers.js";
import { barChart, type ChartGroup } from "./svg-chart.js";

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
  return value;
};
const ROUNDS = env("BENCH_ROUNDS", 20);
const BATCH_MS = env("BENCH_MS", 150);
const LOOPBACK_ROUNDS = env("BENCH_LOOPBACK_ROUNDS", 5);
const SECONDS = env("BENCH_SECONDS", 3);
const CONNECTIONS = env("BENCH_CONNECTIONS", 10);
const MEMORY_REQUESTS = env("BENCH_MEMORY_REQUESTS", 1_000_000);
const MEMORY_WARM_UP = Math.min(50_000, MEMORY_REQUESTS);
const SELF = fileURLToPath(import.meta.url);
const MEMORY_TIMEOUT_MS = 300_000;

/** One line of a results table. */
interface Row {
  name: string;
  /** Operations (or requests) per second, median. */
  rate: number;
  /** Microseconds per operation (in process) or server CPU microseconds per request (loopback). */
  micros: number;
  /** Against the group's reference, when it is not the reference itself. */
  ratio?: Spread | undefined;
  /** Failed requests (loopback). */
  failures?: number | undefined;
}

interface Group {
  title: string;
  unit: string;
  microsLabel: string;
  reference: string;
  rows: Row[];
}

// --- in process --------------------------------------------------------------------------------

async function tokenGroup(): Promise<Group> {
  const flow = opaqueFlow();
  const flowToken = flowHandler(flow);
  const oauth2Server = oauth2ServerHandler();
  const contenders: [string, (request: Request) => Promise<Response>][] = [
    ["floor", floorToken],
    ["flow.token() + toResponse()", flowToken],
    ["oauth2-server (Fetch adapter)", oauth2Server],
  ];
  for (const [name, handler] of contenders) {
    const response = await handler(tokenRequest());
    if (response.status !== 200) throw new Error(`${name}: ${response.status} ${await response.text()}`);
  }
  const operations: Operation[] = contenders.map(
    ([, handler]) =>
      () =>
        handler(tokenRequest()),
  );
  const { wall } = await interleave(operations, ROUNDS, BATCH_MS);
  return {
    title: "In process: token endpoint (POST /token, Basic)",
    unit: "ops/s",
    microsLabel: "µs/op",
    reference: "floor",
    rows: contenders.map(([name], index) => {
      const rate = column(wall, index).median;
      // Time per request against the floor's: the floor's rate over this one's.
      return { name, rate, micros: 1e6 / rate, ratio: index === 0 ? undefined : ratio(wall, 0, index) };
    }),
  };
}

async function verifyGroup(): Promise<Group> {
  const flow = opaqueFlow();
  const options = { scopes: [SCOPE] };
  const floor: Operation = async () => {
    if (!floorVerify(resourceRequest()).success) throw new Error("the floor refused its token");
  };
  const verify: Operation = async () => {
    if (!(await flow.verifyToken(resourceRequest(), options)).success) throw new Error("the flow refused its token");
  };
  await floor();
  await verify();
  const { wall } = await interleave([floor, verify], ROUNDS, BATCH_MS);
  return {
    title: "In process: protected route (Authorization: Bearer, opaque token)",
    unit: "ops/s",
    microsLabel: "µs/op",
    reference: "floor",
    rows: [
      { name: "floor", rate: column(wall, 0).median, micros: 1e6 / column(wall, 0).median },
      {
        name: "flow.verifyToken()",
        rate: column(wall, 1).median,
        micros: 1e6 / column(wall, 1).median,
        ratio: ratio(wall, 0, 1),
      },
    ],
  };
}

async function jwtGroup(): Promise<Group> {
  const { issue, verify } = await compareJwt("ES256", ROUNDS, BATCH_MS);
  const rows: Row[] = [];
  for (const [op, { wall }] of [
    ["issue", issue],
    ["verify", verify],
  ] as const) {
    rows.push({ name: `raw jose ${op}`, rate: column(wall, 1).median, micros: 1e6 / column(wall, 1).median });
    rows.push({
      name: `jwtAccessTokens ${op}`,
      rate: column(wall, 0).median,
      micros: 1e6 / column(wall, 0).median,
      ratio: ratio(wall, 1, 0),
    });
  }
  return {
    title: "In process: ES256 JWT access tokens",
    unit: "ops/s",
    microsLabel: "µs/op",
    reference: "raw jose (same operation)",
    rows,
  };
}

// --- over loopback -----------------------------------------------------------------------------

interface Measurement {
  rps: number;
  cpu: number;
  failures: number;
}

async function measureServer(name: ServerName): Promise<Measurement> {
  const child = await ServerChild.start(SELF, ["serve", name]);
  try {
    const options = {
      url: `${child.origin}/token`,
      connections: CONNECTIONS,
      method: "POST",
      headers: { authorization: BASIC, "content-type": FORM },
      body: TOKEN_BODY,
    };
    const check = await fetch(options.url, { ...options, signal: AbortSignal.timeout(5_000) });
    const answer = (await check.json()) as { access_token?: string };
    if (check.status !== 200 || typeof answer.access_token !== "string") {
      throw new Error(`${name} does not issue tokens: ${check.status} ${JSON.stringify(answer)}`);
    }
    await autocannon({ ...options, duration: 1 });
    const before = await child.cpu();
    const result = await autocannon({ ...options, duration: SECONDS });
    const cpu = (await child.cpu()) - before;
    return {
      rps: result.requests.total / SECONDS,
      cpu: cpu / Math.max(1, result.requests.total),
      failures: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await child.stop();
  }
}

const LOOPBACK_COMPARISONS: [ServerName, ServerName][] = [
  ["flow /node", "floor hono"],
  ["flow hono", "floor hono"],
  ["flow /node", "express oauth2-server"],
  ["flow /node", "oidc-provider"],
  ["flow /node ES256 JWT", "oidc-provider ES256 JWT"],
];

async function loopbackGroup(): Promise<{ group: Group; comparisons: [string, Spread][]; orders: string[] }> {
  const names = Object.keys(SERVERS) as ServerName[];
  const rounds: Record<ServerName, Measurement>[] = [];
  const orders: string[] = [];
  for (let round = 0; round < LOOPBACK_ROUNDS; round++) {
    const order = shuffle([...names]);
    orders.push(order.join(", "));
    const results = {} as Record<ServerName, Measurement>;
    for (const name of order) {
      results[name] = await measureServer(name);
      process.stderr.write(`  round ${round + 1}: ${name} ${results[name].rps.toFixed(0)} req/s\n`);
    }
    rounds.push(results);
  }
  const per = (name: ServerName) => rounds.map((results) => results[name]);
  const rows: Row[] = names.map((name) => ({
    name,
    rate: spread(per(name).map((m) => m.rps)).median,
    micros: spread(per(name).map((m) => m.cpu)).median,
    ratio:
      name === "floor hono"
        ? undefined
        : spread(rounds.map((results) => results[name].rps / results["floor hono"].rps)),
    failures: per(name).reduce((sum, m) => sum + m.failures, 0),
  }));
  const comparisons = LOOPBACK_COMPARISONS.map(([a, b]): [string, Spread] => [
    `${a} ÷ ${b}`,
    spread(rounds.map((results) => results[a].rps / results[b].rps)),
  ]);
  return {
    group: {
      title: `Over loopback: POST /token, ${CONNECTIONS} connections, ${SECONDS} s per server and round`,
      unit: "req/s",
      microsLabel: "server CPU µs/req",
      reference: "floor hono",
      rows,
    },
    comparisons,
    orders,
  };
}

// --- memory ------------------------------------------------------------------------------------

interface MemoryResult {
  requests: number;
  warmUp: number;
  heapAfterWarmUp: number;
  heapAtEnd: number;
  seconds: number;
}

/** Child mode (node --expose-gc): token requests through the flow, heap after GC before and after. */
async function memoryChild(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("the memory run needs node --expose-gc");
  const handler = flowHandler(opaqueFlow());
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const response = await handler(tokenRequest());
      if (response.status !== 200) throw new Error(`request ${i}: ${response.status}`);
      await response.arrayBuffer();
    }
  };
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  await run(MEMORY_WARM_UP);
  const heapAfterWarmUp = heap();
  const start = performance.now();
  await run(MEMORY_REQUESTS);
  const seconds = (performance.now() - start) / 1000;
  const result: MemoryResult = {
    requests: MEMORY_REQUESTS,
    warmUp: MEMORY_WARM_UP,
    heapAfterWarmUp,
    heapAtEnd: heap(),
    seconds,
  };
  process.send?.(result);
}

async function memoryRun(): Promise<MemoryResult> {
  const child = fork(SELF, ["memory"], { stdio: "inherit", execArgv: ["--expose-gc"] });
  try {
    const [result] = (await within(once(child, "message"), MEMORY_TIMEOUT_MS, "memory run")) as [MemoryResult];
    return result;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

// --- output ------------------------------------------------------------------------------------

const integer = (value: number) => Math.round(value).toLocaleString("en-US");
const times = (value: number) => `${value.toFixed(2)}x`;
const spreadText = (s: Spread) => `${times(s.median)} (${s.min.toFixed(2)}..${s.max.toFixed(2)})`;
const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;

function groupTable(group: Group, ratioLabel: string): string[] {
  const failures = group.rows.some((row) => row.failures !== undefined);
  const header = [group.unit, group.microsLabel, ratioLabel, ...(failures ? ["failures"] : [])];
  const lines = [
    `### ${group.title}`,
    "",
    `| contender | ${header.join(" | ")} |`,
    `|---|${header.map(() => "---:").join("|")}|`,
  ];
  for (const row of group.rows) {
    const cells = [
      row.name,
      integer(row.rate),
      row.micros.toFixed(1),
      row.ratio === undefined ? "reference" : spreadText(row.ratio),
      ...(failures ? [String(row.failures ?? 0)] : []),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

function versions(): string[] {
  const names = [
    "jose",
    "@hono/node-server",
    "@node-oauth/oauth2-server",
    "@node-oauth/express-oauth-server",
    "express",
    "oidc-provider",
    "autocannon",
  ];
  const own = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string };
  const list = [`@saurbit/oauth2 ${own.version} (this checkout)`, `Node.js ${process.versions.node}`];
  for (const name of names) {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    };
    list.push(`${name} ${manifest.version}`);
  }
  return list;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}`;
}

interface Target {
  what: string;
  value: string;
  met: boolean;
}

function targets(token: Group, verify: Group, comparisons: [string, Spread][], memory: MemoryResult): Target[] {
  const found = (group: Group, name: string) =>
    group.rows.find((row) => row.name === name)?.ratio?.median ?? Number.NaN;
  const loop = (label: string) => comparisons.find(([name]) => name === label)?.[1].median ?? Number.NaN;
  const growth = memory.heapAtEnd - memory.heapAfterWarmUp;
  const list: [string, number, (value: number) => boolean, (value: number) => string][] = [
    [
      "in process: flow.token() + toResponse() time ≤ 1.10x the floor's",
      found(token, "flow.token() + toResponse()"),
      (v) => v <= 1.1,
      times,
    ],
    [
      "in process: flow.verifyToken() time ≤ 1.10x the floor's",
      found(verify, "flow.verifyToken()"),
      (v) => v <= 1.1,
      times,
    ],
    ["loopback: flow /node ≥ 0.90x the floor's req/s", loop("flow /node ÷ floor hono"), (v) => v >= 0.9, times],
    [
      "loopback: flow /node ≥ 4x Express + oauth2-server",
      loop("flow /node ÷ express oauth2-server"),
      (v) => v >= 4,
      times,
    ],
    ["loopback: flow /node ≥ 3x oidc-provider (opaque)", loop("flow /node ÷ oidc-provider"), (v) => v >= 3, times],
    [
      "loopback: ES256 JWT ≥ 2.5x oidc-provider (JWT)",
      loop("flow /node ES256 JWT ÷ oidc-provider ES256 JWT"),
      (v) => v >= 2.5,
      times,
    ],
    ["memory: heap growth over the run < 5 MB", growth, (v) => v < 5 * 1048576, megabytes],
  ];
  return list.map(([what, value, ok, format]) => ({ what, value: format(value), met: ok(value) }));
}

function chartGroups(groups: Group[]): ChartGroup[] {
  return groups.map((group) => ({
    title: `${group.title} — ${group.unit}`,
    bars: group.rows.map((row) => ({ label: row.name, value: row.rate, reference: row.name === group.reference })),
  }));
}

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

function writeDocs(results: string): void {
  const path = join(process.cwd(), "docs", "performance.md");
  const current = existsSync(path) ? readFileSync(path, "utf8") : `# Performance\n\n${START}\n${END}\n`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start === -1 || end < start) throw new Error(`docs/performance.md lacks the ${START} … ${END} markers`);
  writeFileSync(path, `${current.slice(0, start + START.length)}\n${results}\n${current.slice(end)}`);
}

async function main(): Promise<void> {
  const [mode, name] = process.argv.slice(2);
  if (mode === "serve") return serveInChild(await SERVERS[name as ServerName]());
  if (mode === "memory") return memoryChild();

  const began = performance.now();
  const log = (what: string) => process.stderr.write(`${((performance.now() - began) / 1000).toFixed(0)} s: ${what}\n`);
  log("in process: token endpoint");
  const token = await tokenGroup();
  log("in process: protected route");
  const verify = await verifyGroup();
  log("in process: ES256 JWT");
  const jwt = await jwtGroup();
  log("over loopback");
  const loopback = await loopbackGroup();
  log(`memory: ${integer(MEMORY_REQUESTS)} token requests`);
  const memory = await memoryRun();
  log("done");

  const checks = targets(token, verify, loopback.comparisons, memory);
  const command = "npm run bench";
  const settings = [
    `BENCH_ROUNDS=${ROUNDS}`,
    `BENCH_MS=${BATCH_MS}`,
    `BENCH_LOOPBACK_ROUNDS=${LOOPBACK_ROUNDS}`,
    `BENCH_SECONDS=${SECONDS}`,
    `BENCH_CONNECTIONS=${CONNECTIONS}`,
    `BENCH_MEMORY_REQUESTS=${MEMORY_REQUESTS}`,
  ];
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (${settings.join(", ")}), in ${((performance.now() - began) / 1000).toFixed(0)} s.`,
    "",
    `- Machine: ${machine()}`,
    `- Versions: ${versions().join(", ")}`,
    "",
    "Ratios are the median of the per-round ratios, with the smallest and largest in brackets. In",
    "process, the ratio is the reference's throughput over the contender's: its time per call",
    "against the reference's (below 1.10x is the target). Over loopback it is the contender's",
    "requests per second over the floor's.",
    "",
    ...groupTable(token, "time ÷ floor"),
    "",
    ...groupTable(verify, "time ÷ floor"),
    "",
    ...groupTable(jwt, "time ÷ raw jose"),
    "",
    ...groupTable(loopback.group, "req/s ÷ floor hono"),
    "",
    "| comparison (req/s) | ratio |",
    "|---|---:|",
    ...loopback.comparisons.map(([label, s]) => `| ${label} | ${spreadText(s)} |`),
    "",
    `Server order per round: ${loopback.orders.map((order, i) => `${i + 1}. ${order}`).join("; ")}.`,
    "",
    "### Memory",
    "",
    `${integer(memory.requests)} token requests through \`flow.token()\` + \`toResponse()\` in one process`,
    `(${integer(memory.requests / memory.seconds)}/s), after ${integer(memory.warmUp)} to warm up: heap after GC`,
    `${megabytes(memory.heapAfterWarmUp)} after the warm-up, ${megabytes(memory.heapAtEnd)} at the end, growth`,
    `${megabytes(memory.heapAtEnd - memory.heapAfterWarmUp)}.`,
    "",
    "### Targets",
    "",
    "| target | this run | met |",
    "|---|---:|:---:|",
    ...checks.map((t) => `| ${t.what} | ${t.value} | ${t.met ? "yes" : "**no**"} |`),
    "",
    "![Throughput of every contender, by group](performance.svg)",
  ];
  const results = alignTables(lines).join("\n");
  process.stdout.write(`${results}\n`);
  if (process.env.BENCH_WRITE !== "0") {
    writeFileSync(
      join(process.cwd(), "docs", "performance.svg"),
      barChart(chartGroups([token, verify, jwt, loopback.group])),
    );
    writeDocs(results);
    log("wrote docs/performance.md and docs/performance.svg");
  }
}

await main();

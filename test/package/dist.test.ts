import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as source from "../../src/index.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The runtime exports of the public entry and what each one is. */
const EXPECTED_EXPORTS: Record<string, "class" | "function" | "object"> = {
  CallbackTimeoutError: "class",
  ClientCredentialsFlow: "class",
  ClientCredentialsFlowBuilder: "class",
  MemoryRateLimitStore: "class",
  MemoryReplayStore: "class",
  OAuth2Error: "class",
  bearerTokenType: "object",
  clientSecretBasic: "object",
  clientSecretPost: "object",
  defaultStatusFor: "function",
  formUrlDecode: "function",
  formUrlEncode: "function",
  generateSigningKeyPair: "function",
  hashClientSecret: "function",
  isOAuth2Error: "function",
  jwtAccessTokens: "function",
  verifyClientSecret: "function",
};

function kindOf(value: unknown): string {
  if (typeof value !== "function") return typeof value;
  return /^class\b/.test(Function.prototype.toString.call(value)) ? "class" : "function";
}

/**
 * A consumer script: loads the package by name, reports each export's kind, and issues a token
 * through the built flow. `load` is the module-system specific first line.
 */
function consumerScript(load: string): string {
  return `${load}
const kindOf = ${kindOf.toString()};
const kinds = Object.fromEntries(Object.entries(oauth2).map(([name, value]) => [name, kindOf(value)]));
const flow = new oauth2.ClientCredentialsFlowBuilder()
  .getClient(({ clientId, clientSecret }) => (clientId === "c" && clientSecret === "s" ? { id: "c" } : undefined))
  .generateAccessToken(() => "issued-token")
  .build();
const request = new Request("https://as.example/token", {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Basic " + btoa("c:s") },
  body: "grant_type=client_credentials",
});
flow.token(request)
  .then((result) => result.toResponse().json())
  .then((body) => process.stdout.write(JSON.stringify({ kinds, body })));
`;
}

let consumerDir: string;

/** Runs a consumer script with `node` from a project that has the package in node_modules. */
async function runConsumer(file: string): Promise<{ kinds: Record<string, string>; body: unknown }> {
  const { stdout } = await run(process.execPath, [join(consumerDir, file)], { cwd: consumerDir, timeout: 20_000 });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  await run("npx", ["tsup"], { cwd: ROOT, timeout: 60_000 });
  consumerDir = await mkdtemp(join(tmpdir(), "saurbit-oauth2-consumer-"));
  await mkdir(join(consumerDir, "node_modules", "@saurbit"), { recursive: true });
  await symlink(ROOT, join(consumerDir, "node_modules", "@saurbit", "oauth2"), "dir");
  await writeFile(join(consumerDir, "consumer.cjs"), consumerScript('const oauth2 = require("@saurbit/oauth2");'));
  await writeFile(join(consumerDir, "consumer.mjs"), consumerScript('import * as oauth2 from "@saurbit/oauth2";'));
}, 60_000);

afterAll(async () => {
  if (consumerDir !== undefined) await rm(consumerDir, { recursive: true, force: true });
});

const ISSUED = { access_token: "issued-token", token_type: "Bearer", expires_in: 3600 };

describe("the built package", () => {
  it("knows every runtime export of src/index.ts and its kind (class, function or object), so the dist checks cover them all", () => {
    const kinds = Object.fromEntries(Object.entries(source).map(([name, value]) => [name, kindOf(value)]));
    expect(kinds).toEqual(EXPECTED_EXPORTS);
  });

  it(`loads with require("@saurbit/oauth2") from a CommonJS file on Node ${process.versions.node} and issues a token`, async () => {
    const { kinds, body } = await runConsumer("consumer.cjs");
    expect(kinds).toEqual(EXPECTED_EXPORTS);
    expect(body).toEqual(ISSUED);
  });

  it('loads with import * from "@saurbit/oauth2" with every export of src/index.ts of the expected kind, and issues a token', async () => {
    const { kinds, body } = await runConsumer("consumer.mjs");
    expect(kinds).toEqual(EXPECTED_EXPORTS);
    expect(body).toEqual(ISSUED);
  });

  describe("dist/index.js uses Web APIs only", () => {
    let bundle: string;
    beforeAll(async () => {
      bundle = await readFile(join(ROOT, "dist", "index.js"), "utf8");
    });

    it("imports only its declared dependencies, no node: or other built-in module", async () => {
      const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      const specifiers = [...bundle.matchAll(/\b(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)].map(
        (match) => match[1],
      );
      expect(specifiers.length).toBeGreaterThan(0);
      expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(specifiers));
      expect(bundle).not.toMatch(/["']node:/);
    });

    it("never touches process or Buffer", () => {
      expect(bundle).not.toMatch(/\bprocess\s*\./);
      expect(bundle).not.toMatch(/\bBuffer\b/);
    });
  });
});

describe("the built @saurbit/oauth2/redis entry", () => {
  // Loads the entry by name and records one key through a fake node-redis-style client.
  const redisConsumer = (load: string) => `${load}
const sent = [];
const store = new redis.RedisReplayStore({ sendCommand: async (args) => (sent.push(args), "OK") });
store.add("k", 1000).then((added) => process.stdout.write(JSON.stringify({ exports: Object.keys(redis), added, sent })));
`;

  beforeAll(async () => {
    await writeFile(join(consumerDir, "redis.cjs"), redisConsumer('const redis = require("@saurbit/oauth2/redis");'));
    await writeFile(join(consumerDir, "redis.mjs"), redisConsumer('import * as redis from "@saurbit/oauth2/redis";'));
  });

  it.each(["redis.cjs", "redis.mjs"])(
    "loads from %s, exports RedisRateLimitStore and RedisReplayStore only, and sends SET NX PX",
    async (file) => {
      const { stdout } = await run(process.execPath, [join(consumerDir, file)], { cwd: consumerDir, timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({
        exports: ["RedisRateLimitStore", "RedisReplayStore"],
        added: true,
        sent: [["SET", "oauth2:jti:k", "1", "NX", "PX", "1000"]],
      });
    },
  );

  it("imports nothing: neither a dependency, nor node:, nor the main entry; no process or Buffer", async () => {
    const bundle = await readFile(join(ROOT, "dist", "redis.js"), "utf8");
    expect(bundle).not.toMatch(/\b(?:from|require)\s*\(?\s*["']/);
    expect(bundle).not.toMatch(/\bimport\s*\(/);
    expect(bundle).not.toMatch(/\bprocess\s*\.|\bBuffer\b/);
  });
});

describe("the built @saurbit/oauth2/node entry", () => {
  const NODE_EXPORTS = [
    "BadRequestError",
    "BodyTooLargeError",
    "expressHandler",
    "expressProtect",
    "expressTokenHandler",
    "fastifyHandler",
    "fastifyProtect",
    "fastifyTokenHandler",
    "koaHandler",
    "koaProtect",
    "koaTokenHandler",
    "nodeTokenListener",
    "toNodeListener",
    "toWebRequest",
    "writeWebResponse",
  ];

  // Loads both entries by name, serves a flow's token endpoint on 127.0.0.1 and asks it for a token.
  const nodeConsumer = (load: string) => `${load}
const { createServer } = require("node:http");
const flow = new oauth2.ClientCredentialsFlowBuilder()
  .getClient(({ clientId, clientSecret }) => (clientId === "c" && clientSecret === "s" ? { id: "c" } : undefined))
  .generateAccessToken(() => "issued-token")
  .build();
const server = createServer(node.toNodeListener(async (request) => (await flow.token(request)).toResponse()));
server.listen(0, "127.0.0.1", async () => {
  const response = await fetch("http://127.0.0.1:" + server.address().port + "/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Basic " + btoa("c:s") },
    body: "grant_type=client_credentials",
  });
  const body = await response.json();
  server.close();
  process.stdout.write(JSON.stringify({ exports: Object.keys(node).sort(), body }));
});
`;

  beforeAll(async () => {
    await writeFile(
      join(consumerDir, "node.cjs"),
      nodeConsumer('const oauth2 = require("@saurbit/oauth2"); const node = require("@saurbit/oauth2/node");'),
    );
    await writeFile(
      join(consumerDir, "node.mjs"),
      nodeConsumer(
        'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);\n' +
          'import * as oauth2 from "@saurbit/oauth2"; import * as node from "@saurbit/oauth2/node";',
      ),
    );
  });

  it.each(["node.cjs", "node.mjs"])(
    "loads from %s and serves a token endpoint through toNodeListener",
    async (file) => {
      const { stdout } = await run(process.execPath, [join(consumerDir, file)], { cwd: consumerDir, timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({ exports: NODE_EXPORTS, body: ISSUED });
    },
  );

  it("imports only node: built-ins at run time: no framework, no dependency, not the main entry", async () => {
    const bundle = await readFile(join(ROOT, "dist", "node.js"), "utf8");
    const specifiers = [...bundle.matchAll(/\b(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((specifier) => !specifier?.startsWith("node:"))).toEqual([]);
  });
});

// The runtimes and frameworks the suite starts the examples in. README.md's "Runtimes" table
// lists exactly these (runtimes.test.ts checks it).
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./install.js";

const run = promisify(execFile);

export interface Target {
  /** The row name in README.md's "Runtimes" table. */
  readonly name: string;
  /** The example in docs/examples/. */
  readonly example: string;
  /** Prepares `dir` (the installed project, examples copied in) and returns the command to run. */
  prepare(dir: string, port: number): Promise<readonly [string, ...string[]]>;
  /** Extra environment variables. */
  readonly env?: Record<string, string> | undefined;
}

const bin = (name: string): string => join(ROOT, "node_modules/.bin", name);
const esbuild = bin("esbuild");

function nodeTarget(name: string, example: string): Target {
  return {
    name,
    example,
    // Node 20 runs no TypeScript: copyExamples() left a .js next to each .ts.
    prepare: async () => [process.execPath, example.replace(/\.ts$/, ".js")],
  };
}

/** workerd's configuration: one worker from the bundled module, one HTTP socket on 127.0.0.1. */
function workerdConfig(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-01-01",
);
`;
}

export const TARGETS: readonly Target[] = [
  nodeTarget("Node.js (node:http)", "server-node-http.ts"),
  nodeTarget("Express 5", "server-express.ts"),
  nodeTarget("Fastify 5", "server-fastify.ts"),
  nodeTarget("Hono on Node.js", "server-hono-node.ts"),
  {
    name: "Bun",
    example: "server-bun.ts",
    prepare: async () => [bin("bun"), "server-bun.ts"],
  },
  {
    name: "Deno",
    example: "server-deno.ts",
    // --sloppy-imports: the example imports "./server-app.js", as the TypeScript compiler wants.
    prepare: async () => [
      bin("deno"),
      "run",
      "--sloppy-imports",
      "--no-remote",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      "--allow-env=PORT,HOST",
      "server-deno.ts",
    ],
    env: { DENO_NO_UPDATE_CHECK: "1" },
  },
  {
    name: "Cloudflare Workers (workerd)",
    example: "server-cloudflare-worker.ts",
    async prepare(dir, port) {
      await run(
        esbuild,
        [
          "server-cloudflare-worker.ts",
          "--bundle",
          "--format=esm",
          "--platform=neutral",
          "--conditions=workerd,worker,browser",
          "--main-fields=module,main",
          "--outfile=worker.js",
          "--log-level=warning",
        ],
        { cwd: dir, timeout: 60_000 },
      );
      await writeFile(join(dir, "config.capnp"), workerdConfig(port));
      return [bin("workerd"), "serve", "config.capnp"];
    },
  },
];

/**
 * Copies the examples into `dir`, importing the package by name instead of from src/, and
 * writes a .js next to each (types stripped, imports untouched) for Node.
 */
export async function copyExamples(dir: string): Promise<void> {
  const examples = [...new Set(["server-app.ts", ...TARGETS.map((target) => target.example)])];
  for (const file of examples) {
    const source = await readFile(join(ROOT, "docs/examples", file), "utf8");
    await writeFile(
      join(dir, file),
      source
        .replaceAll('"../../src/index.js"', '"@saurbit/oauth2"')
        .replaceAll('"../../src/node/index.js"', '"@saurbit/oauth2/node"'),
    );
  }
  await run(esbuild, [...examples, "--format=esm", "--platform=node", `--outdir=${dir}`, "--log-level=warning"], {
    cwd: dir,
    timeout: 60_000,
  });
}

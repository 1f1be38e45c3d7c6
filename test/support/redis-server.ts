import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

/** A redis-server child process on 127.0.0.1, for tests. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? "redis-server";

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Whether something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(killer);
}

/**
 * Starts `redis-server` (no persistence) on a free port of 127.0.0.1 and waits until it accepts
 * connections. Fails, never skips, when the binary is missing: CI installs it (.ci/run).
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  args.push("--dir", tmpdir(), "--loglevel", "warning");
  const child = spawn(BINARY, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error) =>
      reject(new Error(`${BINARY} could not start (install redis-server): ${error.message}`)),
    );
    child.once("exit", (code) => reject(new Error(`${BINARY} exited with ${code}: ${stderr}`)));
  });
  failed.catch(() => undefined);
  const ready = (async () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await accepts(port)) return;
      await sleep(25);
    }
    throw new Error(`${BINARY} did not accept connections on port ${port} within 5 s: ${stderr}`);
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}

// Starting and stopping an example server in its runtime, with every wait bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

/** A server process listening on 127.0.0.1. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Stops the process (and anything it started): SIGTERM, then SIGKILL after `STOP_TIMEOUT_MS`. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 100;

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * Starts `command` in its own process group and waits until `readyPath` answers 200, at most
 * `READY_TIMEOUT_MS`. Fails early when the process exits.
 */
export async function startServer(
  command: readonly [string, ...string[]],
  options: { cwd: string; port: number; env?: Record<string, string> | undefined; readyPath: string },
): Promise<ServerProcess> {
  const [file, ...args] = command;
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, HOST: "127.0.0.1", PORT: String(options.port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const spawnError = new Promise<never>((_, reject) => child.once("error", reject));
  spawnError.catch(() => undefined);
  const server: ServerProcess = {
    origin: `http://127.0.0.1:${options.port}`,
    output: () => output,
    stop: () => stopProcessGroup(child),
  };
  try {
    await Promise.race([waitUntilReady(server.origin + options.readyPath, child), spawnError]);
  } catch (error) {
    await server.stop();
    throw new Error(`${command.join(" ")} did not start: ${String(error)}\n${output}`);
  }
  return server;
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`no 200 from ${url} within ${READY_TIMEOUT_MS} ms`);
}

/** Signals the whole process group the server was started in (launchers may fork the runtime). */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit").then(() => true);
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  if (await within(exited, STOP_TIMEOUT_MS)) return;
  signal("SIGKILL");
  await within(exited, STOP_TIMEOUT_MS);
}

/** `true` when `promise` settled within `ms`, `false` after. */
async function within(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

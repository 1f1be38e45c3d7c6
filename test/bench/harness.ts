// What the benchmarks share: timed batches, interleaved rounds, medians, and server child processes.
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One call of the code under measurement. */
export type Operation = () => Promise<unknown>;

/** A throughput: calls per second of wall-clock time and of this process's CPU time (every thread). */
export interface Rates {
  wall: number;
  cpu: number;
}

const MAX_OPS_PER_BATCH = 1_000_000;

/** Runs `operation` one call after another for about `ms` milliseconds. */
export async function batch(operation: Operation, ms: number): Promise<Rates> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let ops = 0;
  let elapsed = 0;
  while (elapsed < ms && ops < MAX_OPS_PER_BATCH) {
    await operation();
    ops++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (ops * 1000) / elapsed, cpu: (ops * 1e6) / (cpu.user + cpu.system) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A median with the smallest and largest value it was taken from. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Rates of every contender in every measured round, in the order the contenders were given. */
export interface RoundResults {
  /** `wall[round][contender]`. */
  wall: number[][];
  cpu: number[][];
}

/**
 * Interleaved rounds in this process: every round runs one batch of each contender, the order
 * rotating by one each round so no contender always goes first. One warm-up round is discarded.
 */
export async function interleave(operations: readonly Operation[], rounds: number, ms: number): Promise<RoundResults> {
  const results: RoundResults = { wall: [], cpu: [] };
  for (let round = -1; round < rounds; round++) {
    const wall = new Array<number>(operations.length);
    const cpu = new Array<number>(operations.length);
    for (let i = 0; i < operations.length; i++) {
      const index = (i + Math.max(round, 0)) % operations.length;
      const rates = await batch(operations[index] as Operation, ms);
      wall[index] = rates.wall;
      cpu[index] = rates.cpu;
    }
    if (round < 0) continue; // warm-up
    results.wall.push(wall);
    results.cpu.push(cpu);
  }
  return results;
}

/** Per-round ratios `rounds[r][a] / rounds[r][b]`, summarised. */
export function ratio(rounds: readonly number[][], a: number, b: number): Spread {
  return spread(rounds.map((round) => (round[a] as number) / (round[b] as number)));
}

/** The values of one contender over all rounds, summarised. */
export function column(rounds: readonly number[][], index: number): Spread {
  return spread(rounds.map((round) => round[index] as number));
}

/** Settles with `promise`, or rejects after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const START_TIMEOUT_MS = 15_000;
const ANSWER_TIMEOUT_MS = 5_000;

/**
 * Child mode: serve `server` on 127.0.0.1, report its port to the parent, answer its CPU-usage
 * queries, and close on SIGTERM.
 */
export async function serveInChild(server: Server): Promise<void> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  process.on("message", () => process.send?.(process.cpuUsage()));
  process.once("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
}

/** A server running in a child process of its own (the `script` in child mode). */
export class ServerChild {
  private constructor(
    private readonly process: ChildProcess,
    readonly origin: string,
  ) {}

  static async start(script: string, args: readonly string[], execArgv: readonly string[] = []): Promise<ServerChild> {
    const child = fork(script, [...args], { stdio: "inherit", execArgv: [...execArgv] });
    try {
      const [message] = (await within(once(child, "message"), START_TIMEOUT_MS, `start ${args.join(" ")}`)) as [
        { port: number },
      ];
      return new ServerChild(child, `http://127.0.0.1:${message.port}`);
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  /** CPU microseconds the server process has used so far. */
  async cpu(): Promise<number> {
    const answer = once(this.process, "message");
    this.process.send("cpu");
    const [usage] = (await within(answer, ANSWER_TIMEOUT_MS, "cpu usage")) as [NodeJS.CpuUsage];
    return usage.user + usage.system;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, "exit");
    this.process.kill("SIGTERM");
    try {
      await within(exited, ANSWER_TIMEOUT_MS, "stop");
    } catch {
      this.process.kill("SIGKILL");
    }
  }
}

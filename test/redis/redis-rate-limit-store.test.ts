import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisCommandClient, RedisRateLimitStore } from "../../src/redis/index.js";
import { expectTokenError } from "../conformance/token-support.js";
import { basic, makeFlow, tokenRequest } from "../support/fixtures.js";
import { type RedisServer, startRedisServer } from "../support/redis-server.js";

interface Connection {
  readonly client: RedisCommandClient;
  close(): Promise<void>;
}

async function ioredis(server: RedisServer): Promise<Connection> {
  const client = new Redis({
    host: "127.0.0.1",
    port: server.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  await client.connect();
  return { client, close: async () => client.disconnect() };
}

async function nodeRedis(server: RedisServer): Promise<Connection> {
  const client = createClient({ url: server.url, socket: { reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  return { client, close: async () => client.destroy() };
}

let server: RedisServer;
const open: Connection[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(open.map((opened) => opened.close()));
  await server?.stop();
});

describe.each([
  ["ioredis", ioredis],
  ["redis (node-redis)", nodeRedis],
] as const)("RedisRateLimitStore with %s against a real redis-server", (_name, connect) => {
  async function store(prefix = `test:rl:${crypto.randomUUID()}:`): Promise<RedisRateLimitStore> {
    const connection = await connect(server);
    open.push(connection);
    return new RedisRateLimitStore(connection.client, { keyPrefix: prefix });
  }

  it("counts every one of 50 concurrent failures (INCR in one script) and reports the window's rest", async () => {
    const [one, two] = [await store("test:rl:shared:"), await store("test:rl:shared:")];
    const key = crypto.randomUUID();
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? one : two).increment(key, 10_000)));
    const state = await one.get(key);
    expect(state?.count).toBe(50);
    expect(state?.resetIn).toBeGreaterThan(8_000);
    expect(state?.resetIn).toBeLessThanOrEqual(10_000);
  });

  it("has no state for an unknown key, and starts again after the window (PEXPIRE)", async () => {
    const limiter = await store();
    expect(await limiter.get("nobody")).toBeUndefined();
    expect((await limiter.increment("short", 50)).count).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await limiter.get("short")).toBeUndefined();
    expect((await limiter.increment("short", 50)).count).toBe(1);
  });

  it("locks a client id for every instance sharing the Redis: 429 from a second flow (RFC 6749 §2.3.1)", async () => {
    const prefix = `test:rl:${crypto.randomUUID()}:`;
    const limit = { maxFailures: 2 };
    const first = makeFlow({ clientAuthenticationRateLimit: { ...limit, store: await store(prefix) } }).flow;
    const second = makeFlow({ clientAuthenticationRateLimit: { ...limit, store: await store(prefix) } }).flow;
    const wrong = () =>
      tokenRequest({ grant_type: "client_credentials" }, { authorization: basic("service-a", "wrong") });
    await first.token(wrong());
    await first.token(wrong());
    await expectTokenError(await second.token(wrong()), { code: "temporarily_unavailable", status: 429 });
  });
});

describe("RedisRateLimitStore without a usable reply", () => {
  it("rejects on an unexpected reply, and on no reply within timeout", async () => {
    await expect(new RedisRateLimitStore({ sendCommand: async () => "OK" }).increment("k", 1000)).rejects.toThrow(
      TypeError,
    );
    const silent = new RedisRateLimitStore({ sendCommand: () => new Promise(() => {}) }, { timeout: 20 });
    await expect(silent.get("k")).rejects.toThrow(/no reply within 20 ms/);
  });

  it("throws TypeError for a client without call or sendCommand, or a bad timeout", () => {
    expect(() => new RedisRateLimitStore({} as RedisCommandClient)).toThrow(TypeError);
    expect(() => new RedisRateLimitStore({ sendCommand: async () => null }, { timeout: 0 })).toThrow(TypeError);
  });
});

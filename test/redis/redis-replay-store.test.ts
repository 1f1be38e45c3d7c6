import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OAuth2Client } from "../../src/index.js";
import { type RedisCommandClient, RedisReplayStore } from "../../src/redis/index.js";
import { expectServerError, expectToken, expectTokenError } from "../conformance/token-support.js";
import { assertionFlow, assertionRequest, type KeyPair, keyPair, mintAssertion } from "../support/client-assertion.js";
import { type RedisServer, startRedisServer } from "../support/redis-server.js";

/** A connected client of one kind, and how to close it. */
interface Connection {
  readonly client: RedisCommandClient;
  get(key: string): Promise<string | null>;
  pttl(key: string): Promise<number>;
  close(): Promise<void>;
}

/** ioredis, failing fast instead of queueing commands while disconnected. */
async function ioredis(server: RedisServer): Promise<Connection> {
  const client = new Redis({
    host: "127.0.0.1",
    port: server.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  await client.connect();
  return {
    client,
    get: (key) => client.get(key),
    pttl: (key) => client.pttl(key),
    close: async () => client.disconnect(),
  };
}

/** node-redis, failing fast instead of queueing commands while disconnected. */
async function nodeRedis(server: RedisServer): Promise<Connection> {
  const client = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  return {
    client,
    get: (key) => client.get(key),
    pttl: (key) => client.pTTL(key),
    close: async () => client.destroy(),
  };
}

const KINDS = [
  ["ioredis", ioredis],
  ["redis (node-redis)", nodeRedis],
] as const;

let key: KeyPair;
let clients: Record<string, OAuth2Client>;
let server: RedisServer;
const open: Connection[] = [];

async function connection(connect: (server: RedisServer) => Promise<Connection>, on = server): Promise<Connection> {
  const opened = await connect(on);
  open.push(opened);
  return opened;
}

beforeAll(async () => {
  key = await keyPair("ES256", "k1");
  clients = { "client-a": { id: "client-a", jwks: { keys: [key.jwk] } } };
  server = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(open.map((opened) => opened.close()));
  await server?.stop();
});

const sign = () => mintAssertion("client-a", "ES256", key.privateKey);

describe.each(KINDS)("RedisReplayStore with %s against a real redis-server", (_name, connect) => {
  it("adds a key once (SET NX): true, then false from another connection", async () => {
    const [one, two] = [await connection(connect), await connection(connect)];
    const id = crypto.randomUUID();
    expect(await new RedisReplayStore(one.client).add(id, 10_000)).toBe(true);
    expect(await new RedisReplayStore(two.client).add(id, 10_000)).toBe(false);
  });

  it("writes <keyPrefix><key> = 1 with the TTL in milliseconds (PX)", async () => {
    const one = await connection(connect);
    const id = crypto.randomUUID();
    await new RedisReplayStore(one.client, { keyPrefix: "test:jti:" }).add(id, 5000);
    expect(await one.get(`test:jti:${id}`)).toBe("1");
    const ttl = await one.pttl(`test:jti:${id}`);
    expect(ttl).toBeGreaterThan(4000);
    expect(ttl).toBeLessThanOrEqual(5000);
    await new RedisReplayStore(one.client).add(id, 5000);
    expect(await one.get(`oauth2:jti:${id}`)).toBe("1");
  });

  it("lets Redis forget a key after its TTL", async () => {
    const store = new RedisReplayStore((await connection(connect)).client);
    const id = crypto.randomUUID();
    expect(await store.add(id, 50)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.add(id, 50)).toBe(true);
  });

  it("issues exactly one token when two instances sharing Redis get one assertion 50 times concurrently (RFC 7523 §3 item 7)", async () => {
    const machineA = assertionFlow(
      clients,
      {},
      { replayStore: new RedisReplayStore((await connection(connect)).client) },
    );
    const machineB = assertionFlow(
      clients,
      {},
      { replayStore: new RedisReplayStore((await connection(connect)).client) },
    );
    const assertion = await sign();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? machineA : machineB).flow.token(assertionRequest(assertion))),
    );
    expect(results.filter((result) => result.success)).toHaveLength(1);
    expect(machineA.issued.size + machineB.issued.size).toBe(1);
    for (const result of results.filter((r) => !r.success)) {
      await expectTokenError(result, {
        code: "invalid_client",
        status: 400,
        body: { error: "invalid_client", error_description: "The client assertion has already been used" },
      });
    }
  });

  it("answers server_error, never a token, when Redis goes down during a request (fail closed)", async () => {
    const own = await startRedisServer();
    try {
      const { flow, issued } = assertionFlow(
        clients,
        {},
        { replayStore: new RedisReplayStore((await connection(connect, own)).client) },
      );
      await expectToken(await flow.token(assertionRequest(await sign())));
      await own.stop();
      const result = await flow.token(assertionRequest(await sign()));
      await expectServerError(result);
      expect(issued.size).toBe(1);
    } finally {
      await own.stop();
    }
  });
});

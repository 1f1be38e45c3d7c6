import type { ReplayStore } from "../replay/replay-store.js";

/**
 * The one thing {@link RedisReplayStore} needs of a Redis client: sending a raw command. Both
 * common clients fit as they are:
 * - `ioredis`: `new Redis(...)` (its `call(command, ...args)`);
 * - `redis` (node-redis): `createClient(...)` after `connect()` (its `sendCommand(args)`).
 *
 * When an object has both, `call` is used.
 */
export type RedisCommandClient =
  | { call(command: string, ...args: string[]): Promise<unknown> }
  | { sendCommand(args: string[]): Promise<unknown> };

/** Options of {@link RedisReplayStore}. */
export interface RedisReplayStoreOptions {
  /** Prefix of every key written. Default `"oauth2:jti:"`. */
  readonly keyPrefix?: string | undefined;
  /**
   * Milliseconds to wait for Redis before the token request fails with 500 `server_error`,
   * a positive integer. Default `1000`.
   */
  readonly timeout?: number | undefined;
}

/**
 * A {@link ReplayStore} on Redis, shared by every instance of the authorization server that uses
 * the same Redis: `SET <prefix><key> 1 NX PX <ttl>`, which adds the key only when absent, with
 * its expiry, in one atomic command. Redis removes expired keys itself.
 *
 * Fails closed: an error, an unexpected reply or no reply within `timeout` rejects, and the token
 * request is answered with 500 `server_error`, never with a token.
 * @see https://redis.io/docs/latest/commands/set/
 */
export class RedisReplayStore implements ReplayStore {
  readonly #send: (args: string[]) => Promise<unknown>;
  readonly #keyPrefix: string;
  readonly #timeout: number;

  /**
   * Uses `client` as it is: connected (node-redis needs `connect()`), and configured by you.
   * Throws `TypeError` for a client without `call` or `sendCommand`, or bad options.
   */
  constructor(client: RedisCommandClient, options: RedisReplayStoreOptions = {}) {
    this.#send = commandSender(client);
    const { keyPrefix = "oauth2:jti:", timeout = 1000 } = options;
    if (typeof keyPrefix !== "string") throw new TypeError("RedisReplayStore: keyPrefix must be a string");
    if (!Number.isInteger(timeout) || timeout <= 0) {
      throw new TypeError("RedisReplayStore: timeout must be a positive integer (milliseconds)");
    }
    this.#keyPrefix = keyPrefix;
    this.#timeout = timeout;
  }

  /** `SET <prefix><key> 1 NX PX <ttl>`: `true` on `OK` (added), `false` on nil (present). */
  async add(key: string, ttl: number): Promise<boolean> {
    if (typeof key !== "string" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new TypeError("RedisReplayStore.add: key must be a string and ttl a positive number");
    }
    const command = ["SET", `${this.#keyPrefix}${key}`, "1", "NX", "PX", String(Math.ceil(ttl))];
    const reply = await withTimeout(this.#send(command), this.#timeout);
    if (reply === "OK") return true;
    if (reply === null) return false;
    throw new TypeError("RedisReplayStore: unexpected reply to SET NX");
  }
}

/** @internal Sends raw commands through either client. */
export function commandSender(client: RedisCommandClient): (args: string[]) => Promise<unknown> {
  if (typeof client === "object" && client !== null) {
    if ("call" in client && typeof client.call === "function") {
      return ([command, ...args]) => client.call(command as string, ...args);
    }
    if ("sendCommand" in client && typeof client.sendCommand === "function") {
      return (args) => client.sendCommand(args);
    }
  }
  throw new TypeError("RedisReplayStore: client must be an ioredis or node-redis client");
}

/** @internal Rejects when `promise` has not settled within `milliseconds`. */
export async function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis: no reply within ${milliseconds} ms`)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

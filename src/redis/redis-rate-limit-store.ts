import type { RateLimitState, RateLimitStore } from "../rate-limit/rate-limit-store.js";
import { type RedisCommandClient, RedisConnection } from "./redis-connection.js";

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** Prefix of every key written. Default `"oauth2:rl:"`. */
  readonly keyPrefix?: string | undefined;
  /**
   * Milliseconds to wait for Redis, a positive integer. A check without a reply in time is
   * answered with 500 `server_error`. Default `1000`.
   */
  readonly timeout?: number | undefined;
}

// INCR, and PEXPIRE on the first failure of a window; one script, so the pair is atomic.
const INCREMENT =
  "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {c, redis.call('PTTL', KEYS[1])}";
const READ = "return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}";

/**
 * A {@link RateLimitStore} on Redis, shared by every instance that uses the same Redis: one
 * counter per key, `INCR` with `PEXPIRE` at the start of each window, run as one Lua script
 * (`EVAL`) so that concurrent failures are all counted. Redis removes ended windows itself.
 * Takes the same clients as `RedisReplayStore` (ioredis, node-redis).
 * @see https://redis.io/docs/latest/commands/incr/
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: RedisConnection;

  /** Throws `TypeError` for a client without `call` or `sendCommand`, or bad options. */
  constructor(client: RedisCommandClient, options: RedisRateLimitStoreOptions = {}) {
    this.#redis = new RedisConnection("RedisRateLimitStore", client, options, "oauth2:rl:");
  }

  /** The live window of `key`, if any. */
  async get(key: string): Promise<RateLimitState | undefined> {
    const state = await this.#eval(READ, key, []);
    return state.count > 0 && state.resetIn > 0 ? state : undefined;
  }

  /** Counts one failure; starts a window of `window` milliseconds on the first. */
  async increment(key: string, window: number): Promise<RateLimitState> {
    if (!Number.isFinite(window) || window <= 0) {
      throw new TypeError("RedisRateLimitStore.increment: window must be a positive number");
    }
    return this.#eval(INCREMENT, key, [String(Math.ceil(window))]);
  }

  async #eval(script: string, key: string, args: string[]): Promise<RateLimitState> {
    if (typeof key !== "string") throw new TypeError("RedisRateLimitStore: key must be a string");
    const reply = await this.#redis.send(["EVAL", script, "1", this.#redis.key(key), ...args]);
    if (!Array.isArray(reply) || typeof reply[0] !== "number" || typeof reply[1] !== "number") {
      throw new TypeError("RedisRateLimitStore: unexpected reply to EVAL");
    }
    return { count: reply[0], resetIn: reply[1] };
  }
}

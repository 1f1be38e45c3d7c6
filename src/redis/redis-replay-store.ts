import type { ReplayStore } from "../replay/replay-store.js";
import { type RedisCommandClient, RedisConnection } from "./redis-connection.js";

export type { RedisCommandClient } from "./redis-connection.js";

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
  readonly #redis: RedisConnection;

  /**
   * Uses `client` as it is: connected (node-redis needs `connect()`), and configured by you.
   * Throws `TypeError` for a client without `call` or `sendCommand`, or bad options.
   */
  constructor(client: RedisCommandClient, options: RedisReplayStoreOptions = {}) {
    this.#redis = new RedisConnection("RedisReplayStore", client, options, "oauth2:jti:");
  }

  /** `SET <prefix><key> 1 NX PX <ttl>`: `true` on `OK` (added), `false` on nil (present). */
  async add(key: string, ttl: number): Promise<boolean> {
    if (typeof key !== "string" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new TypeError("RedisReplayStore.add: key must be a string and ttl a positive number");
    }
    const reply = await this.#redis.send(["SET", this.#redis.key(key), "1", "NX", "PX", String(Math.ceil(ttl))]);
    if (reply === "OK") return true;
    if (reply === null) return false;
    throw new TypeError("RedisReplayStore: unexpected reply to SET NX");
  }
}

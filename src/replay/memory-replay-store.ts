import type { ReplayStore } from "./replay-store.js";

/** Options of {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Most keys held at once, a positive integer. Default `100000`. */
  readonly maxEntries?: number | undefined;
}

// Entries looked at on each add, so that expired ones leave without a timer.
const SWEEP_PER_ADD = 2;

/**
 * A {@link ReplayStore} in this process's memory: the flow's default. It is exact within one
 * process and knows nothing of others; run several instances with `RedisReplayStore`
 * (`@saurbit/oauth2/redis`) instead.
 *
 * Expired keys are removed lazily, a few on each `add` and all at once when the store is full;
 * there is no timer, so it never keeps a process alive. When `maxEntries` live keys are held,
 * `add` throws, and the token request gets 500 `server_error`: refusing is safer than forgetting
 * a key that must still be refused (fail closed).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export class MemoryReplayStore implements ReplayStore {
  /** key → expiry time in epoch milliseconds, in insertion order. */
  readonly #entries = new Map<string, number>();
  readonly #maxEntries: number;

  /** Throws `TypeError` when `maxEntries` is not a positive integer. */
  constructor(options: MemoryReplayStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries <= 0) {
      throw new TypeError("MemoryReplayStore: maxEntries must be a positive integer");
    }
    this.#maxEntries = maxEntries;
  }

  /** The number of keys held, expired ones not yet removed included. */
  get size(): number {
    return this.#entries.size;
  }

  /** Adds `key` for `ttl` milliseconds unless a live entry has it. Synchronous, hence atomic. */
  add(key: string, ttl: number): boolean {
    if (typeof key !== "string" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new TypeError("MemoryReplayStore.add: key must be a string and ttl a positive number");
    }
    const now = Date.now();
    const expiresAt = this.#entries.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.#entries.delete(key);
    this.#sweep(now, SWEEP_PER_ADD);
    if (this.#entries.size >= this.#maxEntries) this.#sweep(now, this.#entries.size);
    if (this.#entries.size >= this.#maxEntries) {
      throw new Error(`MemoryReplayStore: ${this.#maxEntries} unexpired keys held; refusing to forget one`);
    }
    this.#entries.set(key, now + ttl);
    return true;
  }

  /** Looks at up to `count` of the oldest entries: expired ones go, live ones move to the back. */
  #sweep(now: number, count: number): void {
    let seen = 0;
    for (const [key, expiresAt] of this.#entries) {
      if (seen++ >= count) break;
      this.#entries.delete(key);
      if (expiresAt > now) this.#entries.set(key, expiresAt);
    }
  }
}

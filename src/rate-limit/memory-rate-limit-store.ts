import type { RateLimitState, RateLimitStore } from "./rate-limit-store.js";

/** Options of {@link MemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Most keys held at once, a positive integer. Default `100000`. */
  readonly maxEntries?: number | undefined;
}

interface Window {
  count: number;
  endsAt: number;
}

// Entries looked at on each increment, so that ended windows leave without a timer.
const SWEEP_PER_INCREMENT = 2;

/**
 * A {@link RateLimitStore} in this process's memory: the default of
 * `clientAuthenticationRateLimit`. It counts for one process only; share counts between
 * instances with `RedisRateLimitStore` (`@saurbit/oauth2/redis`).
 *
 * No timer: ended windows are removed a few at a time on each `increment`. When `maxEntries`
 * keys are held, the oldest window is forgotten to make room, so memory stays bounded under a
 * flood of new keys (a forgotten key starts again from zero).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export class MemoryRateLimitStore implements RateLimitStore {
  /** key → window, oldest first. */
  readonly #windows = new Map<string, Window>();
  readonly #maxEntries: number;

  /** Throws `TypeError` when `maxEntries` is not a positive integer. */
  constructor(options: MemoryRateLimitStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries <= 0) {
      throw new TypeError("MemoryRateLimitStore: maxEntries must be a positive integer");
    }
    this.#maxEntries = maxEntries;
  }

  /** The number of keys held, ended windows not yet removed included. */
  get size(): number {
    return this.#windows.size;
  }

  /** The live window of `key`, if any. */
  get(key: string): RateLimitState | undefined {
    const now = Date.now();
    const window = this.#windows.get(key);
    if (window === undefined || window.endsAt <= now) return undefined;
    return { count: window.count, resetIn: window.endsAt - now };
  }

  /** Counts one failure; synchronous, hence atomic. */
  increment(key: string, window: number): RateLimitState {
    if (typeof key !== "string" || !Number.isFinite(window) || window <= 0) {
      throw new TypeError("MemoryRateLimitStore.increment: key must be a string and window a positive number");
    }
    const now = Date.now();
    let entry = this.#windows.get(key);
    if (entry === undefined || entry.endsAt <= now) {
      this.#windows.delete(key);
      this.#sweep(now);
      if (this.#windows.size >= this.#maxEntries) {
        const oldest = this.#windows.keys().next().value;
        if (oldest !== undefined) this.#windows.delete(oldest);
      }
      entry = { count: 0, endsAt: now + window };
      this.#windows.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetIn: entry.endsAt - now };
  }

  /** Looks at the oldest few entries and removes those whose window has ended. */
  #sweep(now: number): void {
    let seen = 0;
    for (const [key, window] of this.#windows) {
      if (seen++ >= SWEEP_PER_INCREMENT) break;
      if (window.endsAt <= now) this.#windows.delete(key);
    }
  }
}

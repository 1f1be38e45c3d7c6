/** How many failures a key has in its current window. */
export interface RateLimitState {
  /** Failures counted in the current window. */
  readonly count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  readonly resetIn: number;
}

/**
 * Counts failed client authentications per key in fixed windows, for the flow's
 * `clientAuthenticationRateLimit` (RFC 6749 §2.3.1: the server "MUST protect ... against brute
 * force attacks"). Keys are chosen by the flow: at most 160 characters.
 *
 * Implementations: {@link MemoryRateLimitStore} (one process) and `RedisRateLimitStore` from
 * `@saurbit/oauth2/redis` (shared). A throw or rejection from either method is answered with
 * 500 `server_error` (fail closed) when checking, and ignored when counting.
 */
export interface RateLimitStore {
  /** The state of `key`, or `undefined` when it has no failures in a live window. Counts nothing. */
  get(key: string): Promise<RateLimitState | undefined> | RateLimitState | undefined;
  /**
   * Counts one failure for `key`, starting a window of `window` milliseconds when none is live,
   * and returns the state after counting. Must be atomic per key.
   */
  increment(key: string, window: number): Promise<RateLimitState> | RateLimitState;
}

/**
 * Brute-force protection of client authentication (RFC 6749 §2.3.1): after `maxFailures` failed
 * authentications within `window` seconds for one client id, or for one key from `key` (such as
 * the caller's address), the token endpoint answers 429 `temporarily_unavailable` with
 * `Retry-After` until the window ends, without calling `getClient`.
 */
export interface ClientAuthenticationRateLimitOptions {
  /** Failures allowed per key and window, a positive integer. Default `10`. */
  readonly maxFailures?: number | undefined;
  /** Window length in seconds, a positive integer. Default `300`. */
  readonly window?: number | undefined;
  /** Where failures are counted. Default: a new {@link MemoryRateLimitStore} per flow. */
  readonly store?: RateLimitStore | undefined;
  /**
   * A second key from the request, typically the client's IP address as your server knows it
   * (the library cannot: only your server knows which proxy headers to believe). `undefined`:
   * no second key for this request. Default: none, only the client id is limited.
   */
  readonly key?: ((request: Request) => string | undefined | Promise<string | undefined>) | undefined;
}

/**
 * Remembers which client assertions were used, so that each is accepted once (RFC 7523 §3
 * item 7, RFC 7519 §4.1.7 `jti`). One atomic operation is all the flow needs.
 *
 * Implementations: {@link MemoryReplayStore} (the default, one process) and `RedisReplayStore`
 * from `@saurbit/oauth2/redis` (several processes or machines).
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttl` milliseconds unless it is already recorded, atomically: of any number
   * of concurrent calls with one key, exactly one may resolve `true`.
   *
   * Resolves `true` when the key was added (first use) and `false` when it was present (a
   * replay). A rejection or throw means the store cannot tell; the token request is then answered
   * with 500 `server_error` and no token (fail closed).
   * @param key An opaque string of at most 64 characters, chosen by the flow.
   * @param ttl Milliseconds to remember the key: a positive integer.
   */
  add(key: string, ttl: number): Promise<boolean> | boolean;
}

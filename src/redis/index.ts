export {
  RedisRateLimitStore,
  type RedisRateLimitStoreOptions,
} from "./redis-rate-limit-store.js";
export { type RedisCommandClient, RedisReplayStore, type RedisReplayStoreOptions } from "./redis-replay-store.js";

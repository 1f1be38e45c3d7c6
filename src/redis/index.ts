export { type RedisCommandClient, RedisReplayStore, type RedisReplayStoreOptions } from "./redis-replay-store.js";

import { describe, expect, it, vi } from "vitest";
import { type RedisCommandClient, RedisRateLimitStore, RedisReplayStore } from "../../src/redis/index.js";

describe("RedisReplayStore commands (SET key 1 NX PX ttl)", () => {
  it("sends SET with NX and PX through ioredis's call(command, ...args)", async () => {
    const call = vi.fn(async (..._args: string[]) => "OK");
    expect(await new RedisReplayStore({ call }).add("k", 1500)).toBe(true);
    expect(call).toHaveBeenCalledWith("SET", "oauth2:jti:k", "1", "NX", "PX", "1500");
  });

  it("sends the same command through node-redis's sendCommand(args)", async () => {
    const sendCommand = vi.fn(async (_args: string[]) => "OK");
    expect(await new RedisReplayStore({ sendCommand }, { keyPrefix: "p:" }).add("k", 10.2)).toBe(true);
    expect(sendCommand).toHaveBeenCalledWith(["SET", "p:k", "1", "NX", "PX", "11"]);
  });

  it("prefers call when a client has both", async () => {
    const client = { call: vi.fn(async () => "OK"), sendCommand: vi.fn(async () => "OK") };
    await new RedisReplayStore(client).add("k", 10);
    expect(client.call).toHaveBeenCalled();
    expect(client.sendCommand).not.toHaveBeenCalled();
  });

  it("resolves false on a nil reply (key present)", async () => {
    expect(await new RedisReplayStore({ sendCommand: async () => null }).add("k", 10)).toBe(false);
  });

  it("rejects on any other reply, on a failing client, and after timeout without a reply (fail closed)", async () => {
    await expect(new RedisReplayStore({ sendCommand: async () => "QUEUED" }).add("k", 10)).rejects.toThrow(TypeError);
    await expect(new RedisReplayStore({ sendCommand: async () => undefined }).add("k", 10)).rejects.toThrow(TypeError);
    const down = new Error("ECONNREFUSED");
    await expect(new RedisReplayStore({ sendCommand: () => Promise.reject(down) }).add("k", 10)).rejects.toBe(down);
    const silent = new RedisReplayStore({ sendCommand: () => new Promise(() => {}) }, { timeout: 50 });
    await expect(silent.add("k", 10)).rejects.toThrow("no reply within 50 ms");
  });

  it("leaves no timer behind once Redis answered", async () => {
    vi.useFakeTimers();
    try {
      await new RedisReplayStore({ sendCommand: async () => "OK" }).add("k", 10);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("throws TypeError for a client without call or sendCommand, and for bad options or arguments", async () => {
    expect(() => new RedisReplayStore({} as RedisCommandClient)).toThrow(TypeError);
    expect(() => new RedisReplayStore(null as unknown as RedisCommandClient)).toThrow(TypeError);
    const client = { sendCommand: async () => "OK" };
    expect(() => new RedisReplayStore(client, { timeout: 0 })).toThrow(TypeError);
    expect(() => new RedisReplayStore(client, { keyPrefix: 1 as unknown as string })).toThrow(TypeError);
    await expect(new RedisReplayStore(client).add("k", 0)).rejects.toThrow(TypeError);
  });

  it("names the store that was misused, the rate-limit store too", () => {
    const client = { sendCommand: async () => "OK" };
    expect(() => new RedisReplayStore({} as RedisCommandClient)).toThrow("RedisReplayStore: client must be");
    expect(() => new RedisRateLimitStore({} as RedisCommandClient)).toThrow("RedisRateLimitStore: client must be");
    expect(() => new RedisRateLimitStore(client, { timeout: 1.5 })).toThrow("RedisRateLimitStore: timeout must be");
  });
});

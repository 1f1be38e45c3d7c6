import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryReplayStore } from "../../src/index.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("MemoryReplayStore (RFC 7523 §3 item 7: one use per jti)", () => {
  it("adds a key once: true the first time, false while it lives", () => {
    const store = new MemoryReplayStore();
    expect(store.add("k", 1000)).toBe(true);
    expect(store.add("k", 1000)).toBe(false);
    expect(store.add("other", 1000)).toBe(true);
  });

  it("forgets a key once its TTL has passed, and adds it again", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryReplayStore();
    expect(store.add("k", 500)).toBe(true);
    vi.setSystemTime(1_000_499);
    expect(store.add("k", 500)).toBe(false);
    vi.setSystemTime(1_000_500);
    expect(store.add("k", 500)).toBe(true);
  });

  it("never starts a timer, so it cannot keep a process alive", () => {
    vi.useFakeTimers();
    const store = new MemoryReplayStore({ maxEntries: 3 });
    for (let i = 0; i < 3; i++) store.add(`k${i}`, 60_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("removes expired keys lazily as keys are added, without a timer", () => {
    vi.useFakeTimers({ now: 0 });
    const store = new MemoryReplayStore();
    for (let i = 0; i < 100; i++) store.add(`old${i}`, 10);
    vi.setSystemTime(1000);
    for (let i = 0; i < 100; i++) store.add(`new${i}`, 60_000);
    expect(store.size).toBe(100);
  });

  it("clears expired keys when full, and keeps accepting", () => {
    vi.useFakeTimers({ now: 0 });
    const store = new MemoryReplayStore({ maxEntries: 10 });
    // Long-lived first, so that the per-add sweep alone would not reach the expired ones.
    for (let i = 0; i < 5; i++) store.add(`live${i}`, 60_000);
    for (let i = 0; i < 5; i++) store.add(`short${i}`, 10);
    vi.setSystemTime(100);
    for (let i = 0; i < 5; i++) expect(store.add(`next${i}`, 60_000)).toBe(true);
    for (let i = 0; i < 5; i++) expect(store.add(`live${i}`, 60_000)).toBe(false);
  });

  it("throws, rather than forget a live key, when maxEntries live keys are held (fail closed)", () => {
    const store = new MemoryReplayStore({ maxEntries: 2 });
    store.add("a", 60_000);
    store.add("b", 60_000);
    expect(() => store.add("c", 60_000)).toThrow(Error);
    expect(store.add("a", 60_000)).toBe(false);
    expect(store.add("b", 60_000)).toBe(false);
  });

  it("holds at most maxEntries keys (100000 by default) however many are added", () => {
    vi.useFakeTimers({ now: 0 });
    const store = new MemoryReplayStore({ maxEntries: 50 });
    for (let round = 0; round < 20; round++) {
      vi.setSystemTime(round * 100);
      for (let i = 0; i < 50; i++) store.add(`r${round}k${i}`, 50);
      expect(store.size).toBeLessThanOrEqual(50);
    }
  });

  it("throws TypeError for a bad maxEntries, key or ttl", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MemoryReplayStore({ maxEntries })).toThrow(TypeError);
    }
    const store = new MemoryReplayStore();
    expect(() => store.add("k", 0)).toThrow(TypeError);
    expect(() => store.add("k", Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => store.add(1 as unknown as string, 10)).toThrow(TypeError);
  });
});

import { describe, expect, it, vi } from "vitest";
import {
  type ClientAuthenticationRateLimitOptions,
  MemoryRateLimitStore,
  type RateLimitStore,
} from "../../src/index.js";
import { basic, tokenRequest } from "../support/fixtures.js";
import {
  authorizedRequest,
  callbackFlow,
  expectInvalidClient,
  expectServerError,
  expectToken,
  expectTokenError,
  wrongSecretRequest,
} from "./token-support.js";

const RATE_LIMITED = {
  code: "temporarily_unavailable",
  status: 429,
  body: {
    error: "temporarily_unavailable",
    error_description: "Too many failed client authentications; retry later",
  },
} as const;

/** A flow limited to `maxFailures` failures; the caller key is the `x-test-ip` header. */
function limitedFlow(limit: ClientAuthenticationRateLimitOptions = {}) {
  return callbackFlow({
    clientAuthenticationRateLimit: {
      maxFailures: 3,
      key: (request) => request.headers.get("x-test-ip") ?? undefined,
      ...limit,
    },
  });
}

function fromIp(request: Request, ip: string): Request {
  const headers = new Headers(request.headers);
  headers.set("x-test-ip", ip);
  return new Request(request, { headers });
}

describe("brute-force protection of client authentication (RFC 6749 §2.3.1)", () => {
  it("answers 429 temporarily_unavailable with Retry-After after maxFailures wrong secrets for one client id, without calling getClient", async () => {
    const { flow, getClient } = limitedFlow();
    for (let i = 0; i < 3; i++) await expectInvalidClient(await flow.token(wrongSecretRequest()));
    getClient.mockClear();
    const { headers } = await expectTokenError(await flow.token(wrongSecretRequest()), RATE_LIMITED);
    const retryAfter = Number(headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 300).toBe(true);
    expect(getClient).not.toHaveBeenCalled();
  });

  it("refuses even the right secret for a locked client id until its window ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const { flow } = limitedFlow({ window: 60 });
      for (let i = 0; i < 3; i++) await flow.token(wrongSecretRequest());
      await expectTokenError(await flow.token(authorizedRequest(basic("service-a", "secret-a"))), RATE_LIMITED);
      vi.setSystemTime(Date.now() + 60_001);
      await expectToken(await flow.token(authorizedRequest(basic("service-a", "secret-a"))));
    } finally {
      vi.useRealTimers();
    }
  });

  it("limits by the caller's key across client ids, so one address cannot guess many clients", async () => {
    const { flow } = limitedFlow();
    for (const id of ["x1", "x2", "x3"]) await flow.token(fromIp(authorizedRequest(basic(id, "guess")), "192.0.2.1"));
    await expectTokenError(
      await flow.token(fromIp(authorizedRequest(basic("x4", "guess")), "192.0.2.1")),
      RATE_LIMITED,
    );
    await expectInvalidClient(await flow.token(fromIp(authorizedRequest(basic("x4", "guess")), "192.0.2.2")));
  });

  it("does not count requests without credentials, nor successful ones", async () => {
    const { flow } = limitedFlow({ maxFailures: 1 });
    for (let i = 0; i < 5; i++)
      await flow.token(fromIp(tokenRequest({ grant_type: "client_credentials" }), "192.0.2.9"));
    for (let i = 0; i < 5; i++)
      await expectToken(await flow.token(fromIp(authorizedRequest(basic("service-a", "secret-a")), "192.0.2.9")));
  });

  it("counts malformed and body credentials too (client_secret_post, 400 invalid_client)", async () => {
    const { flow } = limitedFlow({ maxFailures: 2 });
    const post = () =>
      tokenRequest({ grant_type: "client_credentials", client_id: "service-a", client_secret: "nope" });
    await expectInvalidClient(await flow.token(post()), false);
    await expectInvalidClient(await flow.token(post()), false);
    await expectTokenError(await flow.token(post()), RATE_LIMITED);
  });

  it("answers 500 server_error (fail closed) when the store cannot be read", async () => {
    const store: RateLimitStore = {
      get: () => Promise.reject(new Error("store down")),
      increment: () => ({ count: 1, resetIn: 1000 }),
    };
    const { flow, getClient } = limitedFlow({ store });
    await expectServerError(await flow.token(authorizedRequest(basic("service-a", "secret-a"))));
    expect(getClient).not.toHaveBeenCalled();
  });

  it("answers 500 server_error when the caller-key callback throws", async () => {
    const { flow } = limitedFlow({
      key: () => {
        throw new Error("no address");
      },
    });
    await expectServerError(await flow.token(authorizedRequest(basic("service-a", "secret-a"))));
  });

  it("keys every client id by its SHA-256, so a store holds neither attacker-sized keys nor a secret sent as client_id (regression: property run, seed 6749)", async () => {
    const keys: string[] = [];
    const inner = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      get: (key) => inner.get(key),
      increment: (key, window) => {
        keys.push(key);
        return inner.increment(key, window);
      },
    };
    const { flow } = limitedFlow({ store });
    await flow.token(authorizedRequest(basic("c".repeat(5000), "guess")));
    await flow.token(authorizedRequest(basic("secret-a", "secret-a")));
    expect(keys).toEqual([
      expect.stringMatching(/^client:sha256:[A-Za-z0-9_-]{43}$/),
      expect.stringMatching(/^client:sha256:[A-Za-z0-9_-]{43}$/),
    ]);
  });
});

describe("MemoryRateLimitStore", () => {
  it("counts per key within a window and starts again once it ends", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const store = new MemoryRateLimitStore();
      expect(store.increment("k", 1000)).toEqual({ count: 1, resetIn: 1000 });
      expect(store.increment("k", 1000).count).toBe(2);
      expect(store.get("other")).toBeUndefined();
      vi.setSystemTime(Date.now() + 1000);
      expect(store.get("k")).toBeUndefined();
      expect(store.increment("k", 1000).count).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("holds at most maxEntries keys under a flood of new keys, forgetting the oldest", () => {
    const store = new MemoryRateLimitStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) store.increment(`k${i}`, 60_000);
    expect(store.size).toBe(100);
    expect(store.get("k9999")?.count).toBe(1);
    expect(store.get("k0")).toBeUndefined();
  });

  it("throws TypeError for a bad maxEntries or window", () => {
    expect(() => new MemoryRateLimitStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new MemoryRateLimitStore().increment("k", 0)).toThrow(TypeError);
  });
});

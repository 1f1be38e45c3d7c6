import { describe, expect, it, vi } from "vitest";
import { type CallbackOptions, CallbackTimeoutError, type OAuth2Client } from "../../src/index.js";
import { basic, CLIENTS, makeFlow, read } from "../support/fixtures.js";
import { bearer, resourceFlow, resourceRequest, SERVER_ERROR_DESCRIPTION } from "./resource-support.js";
import { authorizedRequest, callbackFlow, expectServerError, expectToken } from "./token-support.js";

const request = () => authorizedRequest(basic("service-a", "secret-a"));
const never = new Promise<never>(() => {});

/** A callback that never settles and records the signal it was given. */
function hanging(signals: AbortSignal[]) {
  return (...args: unknown[]) => {
    signals.push((args.at(-1) as CallbackOptions).signal);
    return never;
  };
}

describe("callbacks that fail at the token endpoint (RFC 6749 §5.2 server_error)", () => {
  it.each<[string, () => unknown]>([
    [
      "throws",
      () => {
        throw new Error("database down");
      },
    ],
    ["rejects", () => Promise.reject(new Error("database down"))],
    ["rejects with a non-Error", () => Promise.reject("plain string")],
    ["returns a number", () => 42],
    ["returns a string", () => "service-a"],
    ["returns an object without id", () => ({ name: "service-a" })],
  ])("answers 500 server_error when getClient %s", async (_, getClient) => {
    const { flow } = callbackFlow({}, { getClient: getClient as () => OAuth2Client });
    await expectServerError(await flow.token(request()));
  });

  it.each<[string, () => unknown]>([
    [
      "throws",
      () => {
        throw new Error("signer down");
      },
    ],
    ["rejects", () => Promise.reject(new Error("signer down"))],
    ["returns a number", () => 42],
    ["returns an object without accessToken", () => ({ token: "abc" })],
    ["returns an empty string", () => ""],
    ["returns undefined", () => undefined],
  ])("answers 500 server_error when generateAccessToken %s", async (_, generateAccessToken) => {
    const { flow } = callbackFlow({}, { generateAccessToken: generateAccessToken as () => string });
    await expectServerError(await flow.token(request()));
  });

  it("answers 500 server_error when getClient never settles, after callbackTimeout, with its AbortSignal aborted", async () => {
    const signals: AbortSignal[] = [];
    const { flow } = callbackFlow({ callbackTimeout: 30 }, { getClient: hanging(signals) });
    const started = Date.now();
    const result = await flow.token(request());
    await expectServerError(result);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(CallbackTimeoutError);
  });

  it("answers 500 server_error when generateAccessToken never settles, aborting its signal", async () => {
    const signals: AbortSignal[] = [];
    const { flow } = callbackFlow({ callbackTimeout: 30 }, { generateAccessToken: hanging(signals) });
    await expectServerError(await flow.token(request()));
    expect(signals[0]?.aborted).toBe(true);
  });

  it("answers 500 server_error when isResourceAllowed never settles, aborting its signal", async () => {
    const signals: AbortSignal[] = [];
    const { flow } = makeFlow({ callbackTimeout: 30 }, (builder) => builder.isResourceAllowed(hanging(signals)));
    const result = await flow.token(
      authorizedRequest(basic("service-a", "secret-a"), { resource: "https://api.example.com" }),
    );
    await expectServerError(result);
    expect(signals[0]?.aborted).toBe(true);
  });

  it("ignores a late result of a callback that timed out, and leaves no rejection unhandled", async () => {
    let resolveLate: (client: OAuth2Client | undefined) => void = () => {};
    const late = new Promise<OAuth2Client | undefined>((resolve) => {
      resolveLate = resolve;
    });
    const { flow } = callbackFlow({ callbackTimeout: 20 }, { getClient: () => late });
    await expectServerError(await flow.token(request()));
    resolveLate(CLIENTS["service-a"]);
    await late;
  });

  it("passes a live, unaborted signal to callbacks that answer in time, and issues the token", async () => {
    const signals: AbortSignal[] = [];
    const { flow } = callbackFlow(
      {},
      {
        getClient: (_request, _http, { signal }) => {
          signals.push(signal);
          return CLIENTS["service-a"];
        },
      },
    );
    await expectToken(await flow.token(request()));
    expect(signals.map((signal) => signal.aborted)).toEqual([false]);
  });
});

describe("callbacks that answer synchronously", () => {
  it("are not timed out: no timer is started for getClient and generateAccessToken returning values", async () => {
    const { flow } = callbackFlow(
      { callbackTimeout: 1 },
      {
        getClient: ({ clientId, clientSecret }) =>
          clientId === "service-a" && clientSecret === "secret-a" ? CLIENTS["service-a"] : undefined,
      },
    );
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    try {
      await expectToken(await flow.token(request()));
      expect(setTimeoutSpy).not.toHaveBeenCalled();
    } finally {
      setTimeoutSpy.mockRestore();
    }
  });

  it("still time out when they return a promise: one timer per pending callback, always cleared", async () => {
    const { flow } = callbackFlow(
      {},
      { getClient: async () => CLIENTS["service-a"], generateAccessToken: async () => "async-token" },
    );
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const clearTimeoutSpy = vi.spyOn(globalThis, "clearTimeout");
    try {
      await expectToken(await flow.token(request()));
      expect(setTimeoutSpy).toHaveBeenCalledTimes(2);
      expect(clearTimeoutSpy).toHaveBeenCalledTimes(2);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });

  it("get a live signal made on first read, the same one each time it is read", async () => {
    const seen: AbortSignal[] = [];
    const { flow } = callbackFlow(
      {},
      {
        getClient: (_request, _http, options) => {
          seen.push(options.signal, options.signal);
          return CLIENTS["service-a"];
        },
      },
    );
    await expectToken(await flow.token(request()));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]?.aborted).toBe(false);
  });

  it("abort a signal first read after the timeout, so a late reader sees why it was given up", async () => {
    let late: CallbackOptions | undefined;
    const { flow } = callbackFlow(
      { callbackTimeout: 20 },
      {
        getClient: (_request, _http, options) => {
          late = options;
          return never;
        },
      },
    );
    await expectServerError(await flow.token(request()));
    expect(late?.signal.aborted).toBe(true);
    expect(late?.signal.reason).toBeInstanceOf(CallbackTimeoutError);
  });
});

describe("callbacks that fail at protected resources (RFC 6750 §3.1)", () => {
  it.each<[string, () => unknown]>([
    [
      "throws",
      () => {
        throw new Error("cache down");
      },
    ],
    ["returns a number", () => 1],
    ["returns an object without isValid", () => ({ valid: true })],
    ["never settles (after callbackTimeout)", () => never],
  ])("answers 500 server_error without a challenge when verifyToken %s", async (_, handler) => {
    const { flow } = resourceFlow({ callbackTimeout: 30 }, (builder) =>
      builder.verifyToken(handler as () => { isValid: boolean }),
    );
    const result = await flow.verifyToken(resourceRequest(bearer("read-token")));
    if (result.success) return expect.unreachable("accepted");
    const { status, headers, body } = await read(result.toResponse());
    expect({ status, challenge: headers.get("www-authenticate"), body }).toEqual({
      status: 500,
      challenge: null,
      body: { error: "server_error", error_description: SERVER_ERROR_DESCRIPTION },
    });
  });
});

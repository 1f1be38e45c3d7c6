import { beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryReplayStore, type OAuth2Client, type ReplayStore } from "../../src/index.js";
import { assertionFlow, assertionRequest, type KeyPair, keyPair, mintAssertion } from "../support/client-assertion.js";
import { expectServerError, expectToken, expectTokenError, INVALID_CLIENT_400 } from "./token-support.js";

const REPLAYED = {
  ...INVALID_CLIENT_400,
  body: { error: "invalid_client", error_description: "The client assertion has already been used" },
};

let key: KeyPair;
let attacker: KeyPair;
let clients: Record<string, OAuth2Client>;

beforeAll(async () => {
  [key, attacker] = await Promise.all([keyPair("ES256", "k1"), keyPair("ES256", "k1")]);
  clients = {
    "client-a": { id: "client-a", jwks: { keys: [key.jwk] } },
    "client-b": { id: "client-b", jwks: { keys: [key.jwk] } },
  };
});

const sign = (clientId: string, claims: Record<string, unknown> = {}, signer: KeyPair = key) =>
  mintAssertion(clientId, "ES256", signer.privateKey, { claims });

describe("a client assertion is single-use until it expires (RFC 7523 §3 item 7, RFC 7519 §4.1.7)", () => {
  it("refuses the same assertion the second time", async () => {
    const { flow } = assertionFlow(clients);
    const assertion = await sign("client-a");
    await expectToken(await flow.token(assertionRequest(assertion)));
    await expectTokenError(await flow.token(assertionRequest(assertion)), REPLAYED);
  });

  it("issues exactly one token for 50 concurrent requests with one assertion (in-memory store, one instance)", async () => {
    const { flow } = assertionFlow(clients);
    const assertion = await sign("client-a");
    const results = await Promise.all(Array.from({ length: 50 }, () => flow.token(assertionRequest(assertion))));
    expect(results.filter((result) => result.success)).toHaveLength(1);
    for (const result of results.filter((r) => !r.success)) await expectTokenError(result, REPLAYED);
  });

  it("refuses a new assertion that reuses a jti of the same client", async () => {
    const { flow } = assertionFlow(clients);
    await expectToken(await flow.token(assertionRequest(await sign("client-a", { jti: "once" }))));
    await expectTokenError(await flow.token(assertionRequest(await sign("client-a", { jti: "once" }))), REPLAYED);
  });

  it("keeps jti values apart per client: another client may use the same jti", async () => {
    const { flow } = assertionFlow(clients);
    await expectToken(await flow.token(assertionRequest(await sign("client-a", { jti: "shared" }))));
    await expectToken(await flow.token(assertionRequest(await sign("client-b", { jti: "shared" }))));
  });

  it("records a jti only once the signature is verified: a forgery cannot burn a client's jti", async () => {
    const { flow } = assertionFlow(clients);
    const forged = await sign("client-a", { jti: "future" }, attacker);
    await expectTokenError(await flow.token(assertionRequest(forged)), INVALID_CLIENT_400);
    await expectToken(await flow.token(assertionRequest(await sign("client-a", { jti: "future" }))));
  });

  it("remembers the jti until exp plus the clock skew: the store gets that TTL in milliseconds", async () => {
    const add = vi.fn<ReplayStore["add"]>(() => true);
    const { flow } = assertionFlow(clients, {}, { replayStore: { add }, clockSkew: 30 });
    const exp = Math.floor(Date.now() / 1000) + 120;
    const before = Date.now();
    await expectToken(await flow.token(assertionRequest(await sign("client-a", { exp }))));
    const [replayKey, ttl] = add.mock.calls[0] ?? [];
    expect(replayKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ttl).toBeLessThanOrEqual((exp + 30) * 1000 - before);
    expect(ttl).toBeGreaterThan((exp + 30) * 1000 - Date.now() - 1000);
  });

  it("uses a key that depends on the client and the jti only", async () => {
    const add = vi.fn<ReplayStore["add"]>(() => true);
    const { flow } = assertionFlow(clients, {}, { replayStore: { add } });
    await flow.token(assertionRequest(await sign("client-a", { jti: "j" })));
    await flow.token(assertionRequest(await sign("client-a", { jti: "j", exp: Math.floor(Date.now() / 1000) + 30 })));
    await flow.token(assertionRequest(await sign("client-b", { jti: "j" })));
    const keys = add.mock.calls.map(([replayKey]) => replayKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("refuses when the store says the key is present, whatever the store", async () => {
    const { flow, getClient } = assertionFlow(clients, {}, { replayStore: { add: async () => false } });
    await expectTokenError(await flow.token(assertionRequest(await sign("client-a"))), REPLAYED);
    expect(getClient).toHaveBeenCalledTimes(1);
  });
});

describe("a replay store that cannot answer fails closed (RFC 6749 §5.2 server_error)", () => {
  it("answers 500 server_error, never a token, when the store rejects, and keeps the reason in cause", async () => {
    const failure = new Error("connection refused: redis://10.0.0.7:6379");
    const replayStore: ReplayStore = { add: () => Promise.reject(failure) };
    const { flow, issued } = assertionFlow(clients, {}, { replayStore });
    const result = await flow.token(assertionRequest(await sign("client-a")));
    const { text } = await expectServerError(result);
    expect(text).not.toContain("10.0.0.7");
    expect(result.success ? undefined : result.error.cause).toBe(failure);
    expect(issued.size).toBe(0);
  });

  it("answers server_error when the store throws synchronously", async () => {
    const replayStore: ReplayStore = {
      add: () => {
        throw new Error("boom");
      },
    };
    const { flow } = assertionFlow(clients, {}, { replayStore });
    await expectServerError(await flow.token(assertionRequest(await sign("client-a"))));
  });

  it("answers server_error when a full MemoryReplayStore refuses to forget a live jti", async () => {
    const { flow } = assertionFlow(clients, {}, { replayStore: new MemoryReplayStore({ maxEntries: 2 }) });
    await expectToken(await flow.token(assertionRequest(await sign("client-a"))));
    await expectToken(await flow.token(assertionRequest(await sign("client-a"))));
    await expectServerError(await flow.token(assertionRequest(await sign("client-a"))));
  });

  it("gives each built flow its own in-memory store by default", async () => {
    const assertion = await sign("client-a");
    await expectToken(await assertionFlow(clients).flow.token(assertionRequest(assertion)));
    await expectToken(await assertionFlow(clients).flow.token(assertionRequest(assertion)));
  });
});

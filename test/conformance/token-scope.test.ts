import { describe, expect, it } from "vitest";
import { basic, basicTokenRequest, type makeFlow, type TestClient } from "../support/fixtures.js";
import {
  authorizedRequest,
  callbackFlow,
  expectBadRequest,
  expectIssued,
  expectRefusedBeforeGetClient,
  expectToken,
} from "./token-support.js";

/** A flow with one client, `svc`, shaped by `extra`, and a Basic request from it. */
function clientFlow(extra: Partial<TestClient>, options: Parameters<typeof makeFlow>[0] = {}) {
  const clients = { svc: { id: "svc", secret: "s3cret", grants: ["client_credentials"], ...extra } };
  const { flow, getClient, generateAccessToken } = callbackFlow(options, {}, clients);
  const token = (scope?: string) =>
    flow.token(authorizedRequest(basic("svc", "s3cret"), scope === undefined ? {} : { scope }));
  return { token, getClient, generateAccessToken };
}

describe("scope syntax (RFC 6749 §3.3)", () => {
  it.each([
    ["a leading space", " read:data"],
    ["a trailing space", "read:data "],
    ["a doubled space", "read:data  write:data"],
    ["a tab as separator", "read:data\twrite:data"],
    ["a double quote", 'read:"data"'],
    ["a backslash", "read\\data"],
    ["a non-ASCII character", "read:donn\u00e9es"],
    ["a control character", "read:data\u0001"],
    ["only a space", " "],
  ])(
    "returns invalid_scope (400) for a scope with %s, before getClient is called (RFC 6749 §3.3, §5.2)",
    async (_name, scope) => {
      await expectRefusedBeforeGetClient(basicTokenRequest({ scope }), "invalid_scope", { scopes: {} });
    },
  );

  it("accepts every scope-token character %x21 / %x23-5B / %x5D-7E when no scopes are configured (RFC 6749 §3.3)", async () => {
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));
    const scope = printable.filter((c) => c !== '"' && c !== "\\").join("");
    await expectIssued(basicTokenRequest({ scope }), { scope }, { scopes: {} });
  });

  it.each([
    ["read:data write:data read:data", "read:data write:data", ["read:data", "write:data"]],
    ["write:data read:data write:data", "write:data read:data", ["write:data", "read:data"]],
  ])("collapses duplicates in %j, keeping their order (RFC 6749 §3.3)", async (requested, granted, list) => {
    const { flow, getClient, generateAccessToken } = callbackFlow();
    await expectToken(await flow.token(basicTokenRequest({ scope: requested })), { scope: granted });
    expect(getClient.mock.calls[0]?.[0].scope).toEqual(list);
    expect(generateAccessToken.mock.calls[0]?.[0].scope).toEqual(list);
  });
});

describe("requested scope (RFC 6749 §3.3)", () => {
  it.each([
    ["an unknown scope", "admin"],
    ["a known and an unknown scope", "read:data admin"],
    ["a known scope in another case", "READ:DATA"],
  ])("returns invalid_scope (400) for %s when scopes are configured (RFC 6749 §3.3, §5.2)", async (_name, scope) => {
    const { token, generateAccessToken } = clientFlow({});
    await expectBadRequest(await token(scope), "invalid_scope");
    expect(generateAccessToken).not.toHaveBeenCalled();
  });

  it("grants any well-formed scope when no scopes are configured (RFC 6749 §3.3)", async () => {
    const { token } = clientFlow({}, { scopes: {} });
    await expectToken(await token("anything:goes other"), { scope: "anything:goes other" });
  });

  it("grants the requested scopes that are configured (RFC 6749 §3.3)", async () => {
    const { token } = clientFlow({});
    await expectToken(await token("write:data read:data"), { scope: "write:data read:data" });
  });

  it.each([
    ["with configured scopes", {}],
    ["without configured scopes", { scopes: {} }],
  ])(
    "returns invalid_scope (400) for a scope outside the client's scopes, %s (RFC 6749 §3.3, §5.2)",
    async (_name, options) => {
      const { token, generateAccessToken } = clientFlow({ scopes: ["read:data"] }, options);
      await expectBadRequest(await token("read:data write:data"), "invalid_scope");
      expect(generateAccessToken).not.toHaveBeenCalled();
    },
  );

  it("grants a scope inside the client's scopes (RFC 6749 §3.3)", async () => {
    const { token } = clientFlow({ scopes: ["read:data"] });
    await expectToken(await token("read:data"), { scope: "read:data" });
  });
});

describe("omitted scope: defaults (RFC 6749 §3.3)", () => {
  it.each<[string, Partial<TestClient>, string[], string | undefined]>([
    ["no defaults anywhere: an empty grant, no scope member", {}, [], undefined],
    ["the flow's defaultScopes", {}, ["read:data", "write:data"], "read:data write:data"],
    [
      "the flow's defaultScopes within the client's scopes",
      { scopes: ["write:data"] },
      ["read:data", "write:data"],
      "write:data",
    ],
    [
      "none of the flow's defaultScopes within the client's scopes",
      { scopes: ["write:data"] },
      ["read:data"],
      undefined,
    ],
    ["the client's defaultScopes over the flow's", { defaultScopes: ["write:data"] }, ["read:data"], "write:data"],
    ["the client's empty defaultScopes over the flow's", { defaultScopes: [] }, ["read:data"], undefined],
    [
      "only the client's defaultScopes that are configured scopes",
      { defaultScopes: ["admin", "write:data", "bad scope"] },
      [],
      "write:data",
    ],
    [
      "only the client's defaultScopes within its own scopes",
      { scopes: ["read:data"], defaultScopes: ["read:data", "write:data"] },
      [],
      "read:data",
    ],
  ])("grants %s (RFC 6749 §3.3)", async (_name, extra, defaultScopes, scope) => {
    const { token, getClient, generateAccessToken } = clientFlow(extra, { defaultScopes });
    await expectToken(await token(), scope === undefined ? {} : { scope });
    expect(getClient.mock.calls[0]?.[0].scope).toBeUndefined();
    expect(generateAccessToken.mock.calls[0]?.[0].scope).toEqual(scope === undefined ? [] : scope.split(" "));
  });
});

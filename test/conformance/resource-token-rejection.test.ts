import { describe, expect, it } from "vitest";
import { type AuthCredentials, OAuth2Error, type VerifyTokenHandler } from "../../src/index.js";
import { makeFlow } from "../support/fixtures.js";
import {
  bearer,
  challenged,
  type Rejection,
  rejection,
  resourceFlow,
  resourceRequest,
  SERVER_ERROR_DESCRIPTION,
} from "./resource-support.js";

const INVALID_TOKEN = "The access token is invalid";
const INSUFFICIENT_SCOPE = "The access token does not grant the required scope";

const invalidToken = (description: string, scope?: string) => challenged("invalid_token", 401, description, scope);
const insufficientScope = (scope: string) => challenged("insufficient_scope", 403, INSUFFICIENT_SCOPE, scope);

const SERVER_ERROR: Rejection = {
  code: "server_error",
  status: 500,
  challenge: null,
  body: { error: "server_error", error_description: SERVER_ERROR_DESCRIPTION },
};

/** Verifies `Bearer tok` with the given handler (and route scopes). */
async function verifyWith(handler: VerifyTokenHandler, scopes?: string[]) {
  const { flow } = makeFlow({}, (builder) => builder.verifyToken(handler));
  return flow.verifyToken(resourceRequest(bearer("tok")), scopes === undefined ? {} : { scopes });
}

describe("RFC 6750 §3.1 invalid_token", () => {
  it('answers a token the handler rejects with 401 and error="invalid_token" (RFC 6750 §3.1)', async () => {
    expect(await rejection(await verifyWith(() => ({ isValid: false })))).toEqual(invalidToken(INVALID_TOKEN));
  });

  it("answers an unknown token of the fixture registry with 401 invalid_token (RFC 6750 §3.1)", async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(bearer("never-issued")));
    expect(await rejection(result)).toEqual(invalidToken(INVALID_TOKEN));
  });

  it("uses the handler's message as error_description when it fits the RFC 6749 §5.2 charset (RFC 6750 §3)", async () => {
    const result = await verifyWith(() => ({ isValid: false, message: "The access token expired" }));
    expect(await rejection(result)).toEqual(invalidToken("The access token expired"));
  });

  it.each([
    ["a double quote", 'token "abc" expired'],
    ["a backslash", "token\\expired"],
    ["a non-ASCII character", "jeton expiré"],
    ["a line break", "expired\r\nSet-Cookie: x=1"],
    ["a tab", "expired\tnow"],
    ["nothing", ""],
  ])(
    'falls back to "The access token is invalid" for a message with %s (RFC 6749 §5.2, RFC 6750 §3)',
    async (_, message) => {
      const result = await verifyWith(() => ({ isValid: false, message }));
      expect(await rejection(result)).toEqual(invalidToken(INVALID_TOKEN));
    },
  );

  it("falls back to the generic description for a message that is not a string (RFC 6750 §3)", async () => {
    const handler = (() => ({ isValid: false, message: 42 })) as unknown as VerifyTokenHandler;
    expect(await rejection(await verifyWith(handler))).toEqual(invalidToken(INVALID_TOKEN));
  });

  it('adds scope="write:data" to the invalid_token challenge and checks validity before scope (RFC 6750 §3)', async () => {
    const result = await verifyWith(() => ({ isValid: false }), ["write:data"]);
    expect(await rejection(result)).toEqual(invalidToken(INVALID_TOKEN, "write:data"));
  });
});

describe("RFC 6750 §3.1 insufficient_scope", () => {
  it('answers 403 insufficient_scope with scope="write:data" in the challenge (RFC 6750 §3.1)', async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(bearer("read-token")), { scopes: ["write:data"] });
    expect(await rejection(result)).toEqual(insufficientScope("write:data"));
  });

  it('lists every required scope, in the order given, in scope="read:data write:data" (RFC 6750 §3)', async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(bearer("read-token")), {
      scopes: ["read:data", "write:data"],
    });
    expect(await rejection(result)).toEqual(insufficientScope("read:data write:data"));
  });

  it("answers 403 insufficient_scope when the credentials carry no scope at all (RFC 6750 §3.1)", async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(bearer("bare-token")), { scopes: ["read:data"] });
    expect(await rejection(result)).toEqual(insufficientScope("read:data"));
  });

  it.each<[string, AuthCredentials["scope"] | string]>([
    ["a scope that only starts with the required one", ["read:database"]],
    ["a scope string that only contains it as a substring", "read:data:all write:data"],
    ["a differently cased scope", ["READ:DATA"]],
  ])("compares scopes whole and case-sensitively: %s is not enough (RFC 6749 §3.3)", async (_, scope) => {
    const credentials = { scope } as AuthCredentials;
    const result = await verifyWith(() => ({ isValid: true, credentials }), ["read:data"]);
    expect(await rejection(result)).toEqual(insufficientScope("read:data"));
  });

  it.each<[string, string[], AuthCredentials["scope"] | string]>([
    ["an array holding both", ["read:data", "write:data"], ["write:data", "read:data"]],
    ["a space-separated string", ["read:data", "write:data"], "write:data read:data"],
    ["a superset", ["read:data"], ["read:data", "write:data"]],
    ["no required scope", [], []],
  ])(
    "grants access when the credentials' scope is %s of the required scopes (RFC 6750 §3.1)",
    async (_, required, scope) => {
      const credentials = { app: { id: "service-a" }, scope } as AuthCredentials;
      const result = await verifyWith(() => ({ isValid: true, credentials }), required);
      expect(result).toStrictEqual({ success: true, token: "tok", credentials });
    },
  );

  it("grants a route without required scopes to a token that has none", async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(bearer("bare-token")));
    expect(result).toMatchObject({ success: true, token: "bare-token" });
  });
});

describe("RFC 6750 §3.1 / RFC 6749 §5.2 a failing verifyToken handler", () => {
  it.each<[string, () => unknown]>([
    ["throws an Error", () => Promise.reject(new Error("database password=hunter2 rejected"))],
    ["throws a non-Error", () => Promise.reject("boom")],
    ["returns undefined", () => undefined],
    ["returns null", () => null],
    ["returns a string", () => "valid"],
    ["returns an object without isValid", () => ({ credentials: {} })],
    ['returns isValid: "true" (a string)', () => ({ isValid: "true" })],
    ["returns isValid: 1", () => ({ isValid: 1 })],
  ])("answers a handler that %s with 500 server_error, a generic description and no challenge", async (_, handler) => {
    expect(await rejection(await verifyWith(handler as VerifyTokenHandler))).toEqual(SERVER_ERROR);
  });

  it("answers a synchronously throwing handler with 500 server_error", async () => {
    const handler: VerifyTokenHandler = () => {
      throw new Error("sync failure");
    };
    expect(await rejection(await verifyWith(handler))).toEqual(SERVER_ERROR);
  });

  it("keeps the thrown error in error.cause, never on the wire", async () => {
    const thrown = new Error("database password=hunter2 rejected");
    const result = await verifyWith(() => Promise.reject(thrown));
    if (result.success) throw new Error("expected a failure");
    expect(result.error.cause).toBe(thrown);
    expect(await result.toResponse().text()).not.toContain("hunter2");
  });

  it("answers a thrown OAuth2Error invalid_token as it is, with its challenge (RFC 6750 §3.1)", async () => {
    const result = await verifyWith(() => {
      throw new OAuth2Error("invalid_token", { description: "The access token was revoked" });
    });
    expect(await rejection(result)).toEqual(invalidToken("The access token was revoked"));
  });

  it("carries a thrown OAuth2Error's error_uri into the body and the challenge (RFC 6750 §3)", async () => {
    const uri = "https://docs.example.com/errors/revoked";
    const result = await verifyWith(() => {
      throw new OAuth2Error("invalid_token", { description: "Revoked", uri });
    });
    expect(await rejection(result)).toEqual({
      code: "invalid_token",
      status: 401,
      challenge: `Bearer realm="oauth2", error="invalid_token", error_description="Revoked", error_uri="${uri}"`,
      body: { error: "invalid_token", error_description: "Revoked", error_uri: uri },
    });
  });

  it("keeps a thrown OAuth2Error's status and headers: 503 temporarily_unavailable with Retry-After", async () => {
    const result = await verifyWith(() => {
      throw new OAuth2Error("temporarily_unavailable", { headers: { "Retry-After": "30" } });
    });
    if (result.success) throw new Error("expected a failure");
    const response = result.toResponse();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="oauth2", error="temporarily_unavailable"');
    expect(await response.json()).toEqual({ error: "temporarily_unavailable" });
  });

  it("answers a thrown OAuth2Error server_error as it is, without a challenge", async () => {
    const result = await verifyWith(() => {
      throw new OAuth2Error("server_error", { description: "Token store offline" });
    });
    expect(await rejection(result)).toEqual({
      ...SERVER_ERROR,
      body: { error: "server_error", error_description: "Token store offline" },
    });
  });
});

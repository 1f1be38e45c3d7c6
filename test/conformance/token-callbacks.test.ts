import { describe, expect, it } from "vitest";
import { type GenerateAccessTokenHandler, type GetClientHandler, OAuth2Error } from "../../src/index.js";
import { basicTokenRequest, CLIENTS } from "../support/fixtures.js";
import {
  callbackFlow,
  expectInvalidClient,
  expectServerError,
  expectToken,
  expectTokenError,
  ISSUED_TOKEN,
  postTokenRequest,
} from "./token-support.js";

const SECRET = "hunter2";
const LEAKY_MESSAGE = `connect to postgres://admin:${SECRET}@db.internal failed`;

type Callback = "getClient" | "generateAccessToken";

/** A flow whose `name` callback is replaced by `handler` (typed loosely: tests feed it wrong results). */
function flowWith(name: Callback, handler: (...args: never[]) => unknown) {
  return callbackFlow({}, { [name]: handler as GetClientHandler & GenerateAccessTokenHandler });
}

const requests = {
  Basic: () => basicTokenRequest(),
  client_secret_post: () => postTokenRequest(),
};

describe("getClient arguments (RFC 6749 §4.4.2, §2.3.1)", () => {
  it.each([
    [
      "Basic with a scope",
      () => basicTokenRequest({ scope: "write:data read:data" }),
      { scope: ["write:data", "read:data"], authenticationMethod: "client_secret_basic" },
    ],
    [
      "client_secret_post without a scope",
      () => postTokenRequest(),
      { scope: undefined, authenticationMethod: "client_secret_post" },
    ],
  ])("receives exactly the decoded token request and the HTTP request, for %s", async (_name, makeRequest, extra) => {
    const { flow, getClient } = callbackFlow();
    const request = makeRequest();
    await flow.token(request);
    expect(getClient).toHaveBeenCalledTimes(1);
    const [tokenRequest, httpRequest] = getClient.mock.calls[0] ?? [];
    expect(tokenRequest).toStrictEqual({
      clientId: "service-a",
      clientSecret: "secret-a",
      grantType: "client_credentials",
      ...extra,
    });
    expect(httpRequest).toBe(request);
  });
});

describe("generateAccessToken context (RFC 6749 §4.4.3)", () => {
  it("receives exactly the client getClient returned, grantType, scope, tokenType, lifetime, audience and the request", async () => {
    const { flow, generateAccessToken } = callbackFlow();
    const request = basicTokenRequest({ scope: "read:data" });
    await expectToken(await flow.token(request), { accessToken: ISSUED_TOKEN, scope: "read:data" });
    expect(generateAccessToken).toHaveBeenCalledTimes(1);
    const context = generateAccessToken.mock.calls[0]?.[0];
    expect(context).toStrictEqual({
      client: CLIENTS["service-a"],
      grantType: "client_credentials",
      scope: ["read:data"],
      tokenType: "Bearer",
      accessTokenLifetime: 3600,
      audience: [],
      request,
    });
    expect(context?.client).toBe(CLIENTS["service-a"]);
    expect(context?.request).toBe(request);
  });

  it("is not called when client authentication fails (RFC 6749 §5.2)", async () => {
    const { flow, generateAccessToken } = callbackFlow();
    await expectInvalidClient(await flow.token(basicTokenRequest({ client_id: "service-b" })));
    expect(generateAccessToken).not.toHaveBeenCalled();
  });
});

describe("callbacks that throw (RFC 6749 §5.2 server_error)", () => {
  const throwers: Array<[string, () => unknown]> = [
    ["an Error", () => new Error(LEAKY_MESSAGE)],
    ["a TypeError", () => new TypeError(LEAKY_MESSAGE)],
    ["a string", () => LEAKY_MESSAGE],
    ["an object with a message", () => ({ message: LEAKY_MESSAGE, code: "ECONNREFUSED" })],
  ];
  const cases = (["getClient", "generateAccessToken"] as const).flatMap((name) =>
    throwers.flatMap(([what, make]) => (["sync", "async"] as const).map((style) => [name, what, style, make] as const)),
  );

  it.each(cases)(
    "answers %s throwing %s (%s) with 500 server_error and a fixed description, never the thrown message (RFC 6749 §5.2)",
    async (name, _what, style, make) => {
      const thrown = make();
      const handler =
        style === "sync"
          ? () => {
              throw thrown;
            }
          : async () => Promise.reject(thrown);
      const { error, text, headers } = await expectServerError(
        await flowWith(name, handler).flow.token(basicTokenRequest()),
      );
      expect(text).not.toContain(SECRET);
      for (const [header, value] of headers) expect(`${header}: ${value}`).not.toContain(SECRET);
      expect(error.message).not.toContain(SECRET);
      expect(error.cause).toBe(thrown);
    },
  );

  it.each(["getClient", "generateAccessToken"] as const)(
    "answers an OAuth2Error thrown by %s as it is: temporarily_unavailable 503 with its uri and headers (RFC 6749 §5.2)",
    async (name) => {
      const thrown = new OAuth2Error("temporarily_unavailable", {
        description: "Try again later",
        uri: "https://as.example.com/errors/busy",
        headers: { "Retry-After": "30" },
      });
      const { flow } = flowWith(name, () => {
        throw thrown;
      });
      const { error, headers } = await expectTokenError(await flow.token(basicTokenRequest()), {
        code: "temporarily_unavailable",
        status: 503,
        body: {
          error: "temporarily_unavailable",
          error_description: "Try again later",
          error_uri: "https://as.example.com/errors/busy",
        },
      });
      expect(error).toBe(thrown);
      expect(headers.get("retry-after")).toBe("30");
    },
  );

  const CHALLENGED = "401, WWW-Authenticate: Basic";
  it.each([
    ["getClient", "Basic", CHALLENGED],
    ["getClient", "client_secret_post", "400, no WWW-Authenticate"],
    ["generateAccessToken", "Basic", CHALLENGED],
    ["generateAccessToken", "client_secret_post", "400, no WWW-Authenticate"],
  ] as const)(
    "answers invalid_client thrown by %s for a %s request as RFC 6749 §5.2 asks (%s)",
    async (name, method, answer) => {
      const challenged = answer === CHALLENGED;
      const { flow } = flowWith(name, () => {
        throw new OAuth2Error("invalid_client", { description: "Client revoked" });
      });
      await expectInvalidClient(await flow.token(requests[method]()), challenged ? undefined : false);
    },
  );
});

describe("getClient results (RFC 6749 §5.2)", () => {
  it.each(["Basic", "client_secret_post"] as const)(
    "answers undefined from getClient for a %s request with invalid_client",
    async (method) => {
      const { flow } = flowWith("getClient", () => undefined);
      await expectInvalidClient(await flow.token(requests[method]()), method === "Basic" ? undefined : false);
    },
  );

  it.each([
    ["a string", "service-a"],
    ["a number", 42],
    ["true", true],
    ["an empty object", {}],
    ["an object with a numeric id", { id: 5 }],
    ["an array", ["service-a"]],
    ["a function", () => CLIENTS["service-a"]],
  ])("answers %s from getClient with 500 server_error", async (_name, value) => {
    const { flow, generateAccessToken } = flowWith("getClient", () => value);
    await expectServerError(await flow.token(basicTokenRequest()));
    expect(generateAccessToken).not.toHaveBeenCalled();
  });
});

describe("generateAccessToken results (RFC 6749 §5.1, Appendix A.12)", () => {
  it("issues a plain string result as the access token with the default lifetime (RFC 6749 §5.1)", async () => {
    const { flow } = flowWith("generateAccessToken", () => "plain-token ~!");
    await expectToken(await flow.token(basicTokenRequest()), { accessToken: "plain-token ~!", expiresIn: 3600 });
  });

  it.each([
    ["all of the granted scope", ["read:data", "write:data"], "read:data write:data"],
    ["a subset of the granted scope", ["write:data"], "write:data"],
  ])("issues a token with %s returned by generateAccessToken (RFC 6749 §5.1)", async (_name, scope, expected) => {
    const { flow } = flowWith("generateAccessToken", () => ({ accessToken: ISSUED_TOKEN, scope }));
    const result = await flow.token(basicTokenRequest({ scope: "read:data write:data" }));
    await expectToken(result, { accessToken: ISSUED_TOKEN, scope: expected });
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
    ["a token with a non-ASCII character", "t\u00f6ken"],
    ["a token with a line feed", "tok\nen"],
    ["a token with a DEL character", "tok\u007fen"],
    ["a number", 42],
    ["an object without accessToken", {}],
    ["a non-string accessToken", { accessToken: 42 }],
    ["an empty accessToken", { accessToken: "" }],
    ["expiresIn 0", { accessToken: ISSUED_TOKEN, expiresIn: 0 }],
    ["a negative expiresIn", { accessToken: ISSUED_TOKEN, expiresIn: -60 }],
    ["a fractional expiresIn", { accessToken: ISSUED_TOKEN, expiresIn: 1.5 }],
    ["a string expiresIn", { accessToken: ISSUED_TOKEN, expiresIn: "60" }],
    ["a NaN expiresIn", { accessToken: ISSUED_TOKEN, expiresIn: Number.NaN }],
    ["an infinite expiresIn", { accessToken: ISSUED_TOKEN, expiresIn: Number.POSITIVE_INFINITY }],
    ["a scope outside the granted scope", { accessToken: ISSUED_TOKEN, scope: ["read:data", "admin"] }],
    ["a scope string instead of a list", { accessToken: ISSUED_TOKEN, scope: "read:data" }],
    // §5.1 needs `scope` when the grant differs from the request; §3.3 cannot express an empty one.
    ["an empty scope for a request that asked for one", { accessToken: ISSUED_TOKEN, scope: [] }],
  ])(
    "answers %s from generateAccessToken with 500 server_error (RFC 6749 §5.1, Appendix A.12)",
    async (_name, value) => {
      const { flow } = flowWith("generateAccessToken", () => value);
      await expectServerError(await flow.token(basicTokenRequest({ scope: "read:data" })));
    },
  );
});

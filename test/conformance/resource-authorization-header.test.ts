import { describe, expect, it, vi } from "vitest";
import type { VerifyTokenHandler, VerifyTokenResult } from "../../src/index.js";
import { basicTokenRequest, makeFlow } from "../support/fixtures.js";
import { bearer, invalidRequest, noCredentials, rejection, resourceFlow, resourceRequest } from "./resource-support.js";

const MALFORMED_HEADER = "The Authorization header is malformed";

describe("RFC 6750 §2.1 Authorization request header field", () => {
  it("accepts a token issued by flow.token() and returns its credentials (RFC 6750 §2.1)", async () => {
    const { flow } = makeFlow();
    const issued = await flow.token(basicTokenRequest({ scope: "read:data" }));
    if (!issued.success) throw issued.error;
    const token = issued.tokenResponse.access_token;

    const result = await flow.verifyToken(resourceRequest(bearer(token)), { scopes: ["read:data"] });

    expect(result).toStrictEqual({
      success: true,
      token,
      credentials: { app: { id: "service-a" }, scope: ["read:data"] },
    });
  });

  it.each(["Bearer", "bearer", "BEARER", "bEaReR"])(
    'accepts the auth scheme spelled "%s": schemes are case-insensitive (RFC 6750 §2.1, RFC 9110 §11.1)',
    async (scheme) => {
      const { flow } = resourceFlow();
      const result = await flow.verifyToken(resourceRequest({ authorization: `${scheme} read-token` }));
      expect(result).toMatchObject({ success: true, token: "read-token" });
    },
  );

  it.each([
    ["every b64token character", "AZaz09-._~+/"],
    ["trailing padding", "abc=="],
    ["a single character", "a"],
  ])("passes a token with %s to the handler unchanged (RFC 6750 §2.1 b64token)", async (_, token) => {
    const handler = vi.fn<VerifyTokenHandler>(() => ({ isValid: true, credentials: {} }));
    const { flow } = makeFlow({}, (builder) => builder.verifyToken(handler));
    const result = await flow.verifyToken(resourceRequest(bearer(token)));
    expect(result).toStrictEqual({ success: true, token, credentials: {} });
    expect(handler.mock.calls.map(([received]) => received)).toEqual([token]);
  });

  it('accepts more than one space after "Bearer" (RFC 6750 §2.1: "Bearer" 1*SP b64token)', async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest({ authorization: "Bearer   read-token" }));
    expect(result).toMatchObject({ success: true, token: "read-token" });
  });

  it("calls the handler with the token, the request and the token type (RFC 6750 §2.1)", async () => {
    const handler = vi.fn<VerifyTokenHandler>(() => ({ isValid: true, credentials: { app: { id: "x" } } }));
    const { flow } = makeFlow({}, (builder) => builder.verifyToken(handler));
    const request = resourceRequest(bearer("tok"));
    await flow.verifyToken(request);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]?.[0]).toBe("tok");
    expect(handler.mock.calls[0]?.[1]).toStrictEqual({ request, tokenType: "Bearer" });
    expect(handler.mock.calls[0]?.[1].request).toBe(request);
  });

  it("returns the handler's credentials as they are, with extra members (RFC 6750 §2.1)", async () => {
    const credentials = { app: { id: "service-a", name: "A" }, scope: ["read:data"], tenant: "t-1" };
    const { flow } = makeFlow({}, (builder) => builder.verifyToken(() => ({ isValid: true, credentials })));
    const result = await flow.verifyToken(resourceRequest(bearer("tok")));
    expect(result).toStrictEqual({ success: true, token: "tok", credentials });
  });

  it("returns empty credentials when the handler gives none", async () => {
    const { flow } = makeFlow({}, (builder) => builder.verifyToken(() => ({ isValid: true })));
    const result: VerifyTokenResult = await flow.verifyToken(resourceRequest(bearer("tok")));
    expect(result).toStrictEqual({ success: true, token: "tok", credentials: {} });
  });
});

describe("RFC 6750 §3.1 a request without authentication information", () => {
  it.each([
    ["no Authorization header", {}],
    ["Basic credentials", { authorization: `Basic ${btoa("service-a:secret-a")}` }],
    ["an unknown scheme", { authorization: "Token read-token" }],
    ["a scheme that only starts with Bearer", { authorization: "Bearerx read-token" }],
    ["an empty Authorization header", { authorization: "" }],
  ])(
    "answers %s with 401, a bare Bearer challenge and an empty body (RFC 6750 §3.1)",
    async (_, headers: Record<string, string>) => {
      const { flow } = resourceFlow();
      expect(await rejection(await flow.verifyToken(resourceRequest(headers)))).toEqual(noCredentials());
    },
  );

  it("marks the error silent and sends no Content-Type with the empty body (RFC 6750 §3.1)", async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest());
    if (result.success) throw new Error("expected a failure");
    expect(result.error.silent).toBe(true);
    expect(result.error.toJSON()).toEqual({});
    const response = result.toResponse();
    expect(response.headers.get("content-type")).toBeNull();
    expect(await response.text()).toBe("");
  });

  it('adds scope="read:data write:data" to the bare challenge when the route needs scopes (RFC 6750 §3)', async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(), { scopes: ["read:data", "write:data"] });
    expect(await rejection(result)).toEqual(noCredentials('Bearer realm="oauth2", scope="read:data write:data"'));
  });

  it('uses the configured realm in the challenge: realm="api" (RFC 6750 §3, RFC 9110 §11.5)', async () => {
    const { flow } = resourceFlow({}, (builder) => builder.setRealm("api"));
    expect(await rejection(await flow.verifyToken(resourceRequest()))).toEqual(noCredentials('Bearer realm="api"'));
  });

  it("does not call the handler when no token is presented", async () => {
    const handler = vi.fn<VerifyTokenHandler>(() => ({ isValid: true }));
    const { flow } = makeFlow({}, (builder) => builder.verifyToken(handler));
    await flow.verifyToken(resourceRequest());
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("RFC 6750 §3.1 invalid_request for a malformed Authorization header", () => {
  function twoAuthorizationValues(): Headers {
    const headers = new Headers();
    headers.append("authorization", "Bearer read-token");
    headers.append("authorization", "Bearer both-token");
    return headers;
  }

  it.each([
    ["Bearer without a token", "Bearer"],
    ["Bearer followed by spaces only", "Bearer   "],
    ["a token with a space inside", "Bearer read-token extra"],
    ["a token with a comma", "Bearer a,b"],
    ["a token with a quote", 'Bearer "read-token"'],
    ["a token with padding in the middle", "Bearer ab=c"],
    ["a token that is only padding", "Bearer =="],
    ["a token with a non-ASCII letter", "Bearer tökén"],
    ["a token with a backslash", "Bearer a\\b"],
    ["auth-params instead of a token", 'Bearer realm="x"'],
  ])("answers %s with 400 invalid_request and its challenge (RFC 6750 §2.1, §3.1)", async (_, authorization) => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest({ authorization }));
    expect(await rejection(result)).toEqual(invalidRequest(MALFORMED_HEADER));
  });

  it('answers two Authorization values ("Bearer a, Bearer b") with 400 invalid_request (RFC 6750 §2, §3.1)', async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest(twoAuthorizationValues()));
    expect(await rejection(result)).toEqual(invalidRequest(MALFORMED_HEADER));
  });

  it('adds scope="write:data" to the invalid_request challenge when the route needs it (RFC 6750 §3)', async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest({ authorization: "Bearer" }), { scopes: ["write:data"] });
    expect(await rejection(result)).toEqual(invalidRequest(MALFORMED_HEADER, "write:data"));
  });

  it("does not call the handler for a malformed token", async () => {
    const handler = vi.fn<VerifyTokenHandler>(() => ({ isValid: true }));
    const { flow } = makeFlow({}, (builder) => builder.verifyToken(handler));
    await flow.verifyToken(resourceRequest({ authorization: "Bearer a b" }));
    expect(handler).not.toHaveBeenCalled();
  });
});

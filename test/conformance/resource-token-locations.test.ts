import { describe, expect, it, vi } from "vitest";
import { FORM } from "../support/fixtures.js";
import {
  bearer,
  invalidRequest,
  noCredentials,
  RESOURCE_URL,
  rejection,
  resourceFlow,
  resourceRequest,
} from "./resource-support.js";

const QUERY_URL = `${RESOURCE_URL}?access_token=read-token`;
const FORM_BODY = "access_token=read-token";
const BOTH_METHODS = "The access token was sent by more than one method";
const SENT_TWICE = "The access token was sent more than once";

const withQueryTokens = () => resourceFlow({ acceptQueryToken: true });
const withFormBodyTokens = () => resourceFlow({ acceptFormBodyToken: true });
const formRequest = (body: string, headers: Record<string, string> = {}) =>
  resourceRequest({ "content-type": FORM, ...headers }, { body });

describe("RFC 6750 §2.3 URI query parameter (opt-in acceptQueryToken)", () => {
  it("ignores access_token in the query by default: 401 without error information (RFC 6750 §2.3, §3.1)", async () => {
    const { flow } = resourceFlow();
    const result = await flow.verifyToken(resourceRequest({}, { url: QUERY_URL }));
    expect(await rejection(result)).toEqual(noCredentials());
  });

  it("accepts access_token in the query with acceptQueryToken: true (RFC 6750 §2.3)", async () => {
    const { flow } = withQueryTokens();
    const result = await flow.verifyToken(resourceRequest({}, { url: `${QUERY_URL}&page=2` }));
    expect(result).toMatchObject({ success: true, token: "read-token" });
  });

  it("answers access_token repeated in the query with 400 invalid_request (RFC 6750 §2.3, §3.1)", async () => {
    const { flow } = withQueryTokens();
    const result = await flow.verifyToken(resourceRequest({}, { url: `${QUERY_URL}&access_token=read-token` }));
    expect(await rejection(result)).toEqual(invalidRequest(SENT_TWICE));
  });

  it("answers a query token outside the b64token syntax with 400 invalid_request (RFC 6750 §2.1, §3.1)", async () => {
    const { flow } = withQueryTokens();
    const result = await flow.verifyToken(resourceRequest({}, { url: `${RESOURCE_URL}?access_token=a%20b` }));
    expect(await rejection(result)).toEqual(invalidRequest("The access token is malformed"));
  });

  it("answers a token in both the header and the query with 400 invalid_request (RFC 6750 §2: one method only)", async () => {
    const { flow } = withQueryTokens();
    const result = await flow.verifyToken(resourceRequest(bearer("read-token"), { url: QUERY_URL }));
    expect(await rejection(result)).toEqual(invalidRequest(BOTH_METHODS));
  });
});

describe("RFC 6750 §2.2 form-encoded body parameter (opt-in acceptFormBodyToken)", () => {
  it("ignores access_token in the body by default: 401 without error information (RFC 6750 §2.2, §3.1)", async () => {
    const { flow } = resourceFlow();
    expect(await rejection(await flow.verifyToken(formRequest(FORM_BODY)))).toEqual(noCredentials());
  });

  it.each([FORM, `${FORM}; charset=UTF-8`])(
    "accepts access_token in a %s body with acceptFormBodyToken: true (RFC 6750 §2.2)",
    async (contentType) => {
      const { flow } = withFormBodyTokens();
      const result = await flow.verifyToken(formRequest(`${FORM_BODY}&note=x`, { "content-type": contentType }));
      expect(result).toMatchObject({ success: true, token: "read-token" });
    },
  );

  it("leaves the body readable for the application after reading the token from it", async () => {
    const { flow } = withFormBodyTokens();
    const request = formRequest(`${FORM_BODY}&note=x`);
    await flow.verifyToken(request);
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe(`${FORM_BODY}&note=x`);
  });

  it.each([
    ["application/json", '{"access_token":"read-token"}'],
    ["text/plain", FORM_BODY],
    ["multipart/form-data; boundary=x", FORM_BODY],
  ])(
    "ignores access_token in a %s body: 401 without error information (RFC 6750 §2.2: form-urlencoded only)",
    async (contentType, body) => {
      const { flow } = withFormBodyTokens();
      const result = await flow.verifyToken(formRequest(body, { "content-type": contentType }));
      expect(await rejection(result)).toEqual(noCredentials());
    },
  );

  it("answers access_token repeated in the body with 400 invalid_request (RFC 6750 §2.2, §3.1)", async () => {
    const { flow } = withFormBodyTokens();
    const result = await flow.verifyToken(formRequest(`${FORM_BODY}&access_token=read-token`));
    expect(await rejection(result)).toEqual(invalidRequest(SENT_TWICE));
  });

  it("answers a token in both the header and the body with 400 invalid_request (RFC 6750 §2: one method only)", async () => {
    const { flow } = withFormBodyTokens();
    const result = await flow.verifyToken(formRequest(FORM_BODY, bearer("read-token")));
    expect(await rejection(result)).toEqual(invalidRequest(BOTH_METHODS));
  });

  it("answers a token in both the query and the body with 400 invalid_request (RFC 6750 §2: one method only)", async () => {
    const { flow } = resourceFlow({ acceptQueryToken: true, acceptFormBodyToken: true });
    const request = new Request(QUERY_URL, { method: "POST", headers: { "content-type": FORM }, body: FORM_BODY });
    expect(await rejection(await flow.verifyToken(request))).toEqual(invalidRequest(BOTH_METHODS));
  });

  it("does not look at the body of a GET, not even its declared length (RFC 6750 §2.2: the method MUST NOT be GET)", async () => {
    const { flow } = resourceFlow({ acceptFormBodyToken: true, maxBodySize: 32 });
    // Fetch gives a GET no body, but its headers may still declare one: a form body over the cap.
    const headers = { ...bearer("read-token"), "content-type": FORM, "content-length": "1000" };
    const get = resourceRequest(headers, { method: "GET" });
    const clone = vi.spyOn(get, "clone");
    expect(await flow.verifyToken(get)).toMatchObject({ success: true, token: "read-token" });
    expect(clone).not.toHaveBeenCalled();
    // Control: the same headers on a POST make the flow read the body, which it cannot.
    const post = resourceRequest(headers, { method: "POST" });
    expect(await rejection(await flow.verifyToken(post))).toEqual(invalidRequest("The request body could not be read"));
  });

  it("ignores a form body reported on a GET: 401 without error information (RFC 6750 §2.2: the method MUST NOT be GET)", async () => {
    const { flow } = withFormBodyTokens();
    // A Request-like object whose method says GET while it carries a form body with a token.
    const request = formRequest(FORM_BODY);
    Object.defineProperty(request, "method", { value: "GET" });
    expect(await rejection(await flow.verifyToken(request))).toEqual(noCredentials());
    expect(await request.text()).toBe(FORM_BODY);
    // Control: the same request as a POST carries the token.
    expect(await flow.verifyToken(formRequest(FORM_BODY))).toMatchObject({ success: true, token: "read-token" });
  });

  it.each([
    ["declares a Content-Length over maxBodySize", { "content-length": "1000" }],
    ["streams past maxBodySize without a Content-Length", {}],
  ])(
    "answers a body that %s with 400 invalid_request: an unreadable form body (RFC 6750 §2.2, §3.1)",
    async (_, headers: Record<string, string>) => {
      const { flow } = resourceFlow({ acceptFormBodyToken: true, maxBodySize: 32 });
      const result = await flow.verifyToken(formRequest(`${FORM_BODY}&padding=${"x".repeat(64)}`, headers));
      expect(await rejection(result)).toEqual(invalidRequest("The request body could not be read"));
    },
    2_000,
  );
});

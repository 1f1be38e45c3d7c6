import { describe, expect, it } from "vitest";
import { basic, CLIENTS, read, TOKEN_URL, tokenRequest } from "../support/fixtures.js";
import { bearer, resourceFlow, resourceRequest } from "./resource-support.js";
import {
  authorizedRequest,
  callbackFlow,
  expectInvalidClient,
  expectRefusedBeforeGetClient,
  expectToken,
  expectTokenError,
  rawRequest,
} from "./token-support.js";

const TOO_MANY = {
  code: "invalid_request",
  status: 400,
  body: { error: "invalid_request", error_description: "The request has too many parameters" },
};
const BASIC_A = { authorization: basic("service-a", "secret-a") };

describe("input limits at the token endpoint (RFC 6749 §3.2)", () => {
  it("answers 400 invalid_request, before getClient, to a body with more than maxParameters (64) parameters", async () => {
    const body = `grant_type=client_credentials${Array.from({ length: 64 }, (_, i) => `&p${i}=1`).join("")}`;
    await expectRefusedBeforeGetClient(tokenRequest(body, BASIC_A), TOO_MANY);
  });

  it("counts empty pairs towards maxParameters, so a body of '&' alone cannot run the parser long", async () => {
    await expectRefusedBeforeGetClient(tokenRequest(`grant_type=client_credentials${"&".repeat(10_000)}`), TOO_MANY);
  });

  it("issues a token for a body with exactly maxParameters parameters", async () => {
    const { flow } = callbackFlow({ maxParameters: 3 });
    const request = tokenRequest("grant_type=client_credentials&a=1&b=2", BASIC_A);
    await expectToken(await flow.token(request));
  });

  it("answers 400 invalid_request to an Authorization header longer than maxAuthorizationHeaderLength (8192), before getClient", async () => {
    await expectRefusedBeforeGetClient(authorizedRequest(`Basic ${"A".repeat(8192)}`), {
      code: "invalid_request",
      status: 400,
      body: { error: "invalid_request", error_description: "The Authorization header is too long" },
    });
  });

  it("answers 413 to a streamed body that runs past maxBodySize, cancelling the stream instead of buffering it", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16_384).fill(0x61));
        if (pulled > 1_000) controller.close();
      },
    });
    const request = new Request(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const { flow } = callbackFlow();
    await expectTokenError(await flow.token(request), { code: "invalid_request", status: 413 });
    expect(pulled).toBeLessThan(10);
  });

  it("answers 400 invalid_request to a body that is not UTF-8 (RFC 6749 Appendix B)", async () => {
    await expectRefusedBeforeGetClient(
      rawRequest(new Uint8Array([0x67, 0x3d, 0xff, 0xfe]), { "content-type": "application/x-www-form-urlencoded" }),
      "invalid_request",
    );
  });

  it.each([
    ["a NUL in the Basic client id", basic("service-a\u0000", "secret-a")],
    ["a NUL in the Basic secret", basic("service-a", "secret-a\u0000x")],
    ["a line feed in the Basic client id", basic("service\na", "secret-a")],
  ])(
    "answers invalid_client (401) to %s without calling getClient (RFC 6749 Appendix A.1, A.2)",
    async (_, authorization) => {
      const { flow, getClient } = callbackFlow();
      const { text } = await expectInvalidClient(await flow.token(authorizedRequest(authorization)));
      expect(JSON.parse(text)).toEqual({ error: "invalid_client", error_description: "Malformed client credentials" });
      expect(getClient).not.toHaveBeenCalled();
    },
  );

  it.each([
    ["client_id", "grant_type=client_credentials&client_id=service-a%00&client_secret=secret-a"],
    ["client_secret", "grant_type=client_credentials&client_id=service-a&client_secret=secret-a%00"],
  ])(
    "answers invalid_client (400) to an escaped NUL in the body's %s without calling getClient (RFC 6749 Appendix A.1, A.2)",
    async (_, body) => {
      const { flow, getClient } = callbackFlow();
      await expectInvalidClient(await flow.token(tokenRequest(body)), false);
      expect(getClient).not.toHaveBeenCalled();
    },
  );

  it("answers invalid_scope to a NUL in scope (RFC 6749 §3.3 NQCHAR)", async () => {
    await expectRefusedBeforeGetClient(
      tokenRequest("grant_type=client_credentials&scope=read%00data", BASIC_A),
      "invalid_scope",
    );
  });

  it("answers 400 invalid_request to %-escapes that decode to invalid UTF-8 in a client id (RFC 6749 Appendix B)", async () => {
    await expectRefusedBeforeGetClient(
      tokenRequest("grant_type=client_credentials&client_id=%C3%28&client_secret=x"),
      "invalid_request",
    );
  });

  it("still accepts a client id with non-ASCII letters (RFC 6749 §2.3.1)", async () => {
    const clients = { "dienst-ä": { ...CLIENTS["service-a"], id: "dienst-ä", secret: "geheim-ß" } };
    const { flow } = callbackFlow({}, {}, clients as typeof CLIENTS);
    await expectToken(await flow.token(authorizedRequest(basic("dienst-ä", "geheim-ß"))));
  });
});

describe("input limits at protected resources (RFC 6750 §2.1, §3.1)", () => {
  it("answers 400 invalid_request to an Authorization header longer than maxAuthorizationHeaderLength, without calling verifyToken", async () => {
    let called = false;
    const { flow } = resourceFlow({}, (builder) =>
      builder.verifyToken(() => {
        called = true;
        return { isValid: false };
      }),
    );
    const result = await flow.verifyToken(resourceRequest(bearer("a".repeat(9000))));
    expect(result.success).toBe(false);
    const { status, body } = await read(result.success ? new Response() : result.toResponse());
    expect({ status, body }).toEqual({
      status: 400,
      body: { error: "invalid_request", error_description: "The Authorization header is too long" },
    });
    expect(called).toBe(false);
  });

  it("answers 401 invalid_token to a token longer than maxTokenLength (4096), without calling verifyToken", async () => {
    let called = false;
    const { flow } = resourceFlow({}, (builder) =>
      builder.verifyToken(() => {
        called = true;
        return { isValid: true };
      }),
    );
    const result = await flow.verifyToken(resourceRequest(bearer("a".repeat(4097))));
    if (result.success) return expect.unreachable("a token over the limit was accepted");
    expect({ code: result.error.code, status: result.error.status }).toEqual({ code: "invalid_token", status: 401 });
    expect(called).toBe(false);
  });

  it("passes a token of exactly maxTokenLength to verifyToken", async () => {
    const { flow, issued } = resourceFlow({ maxTokenLength: 64 });
    issued.set("t".repeat(64), { clientId: "service-a", scope: [] });
    expect((await flow.verifyToken(resourceRequest(bearer("t".repeat(64))))).success).toBe(true);
  });

  it("answers 400 invalid_request to a form-body token holding a NUL, which is no b64token (RFC 6750 §2.1)", async () => {
    const { flow } = resourceFlow({ acceptFormBodyToken: true });
    const request = resourceRequest(
      { "content-type": "application/x-www-form-urlencoded" },
      { body: "access_token=abc%00def" },
    );
    const result = await flow.verifyToken(request);
    if (result.success) return expect.unreachable("accepted");
    expect({ code: result.error.code, status: result.error.status }).toEqual({ code: "invalid_request", status: 400 });
  });
});

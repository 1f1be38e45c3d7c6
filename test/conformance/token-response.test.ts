import { describe, expect, it } from "vitest";
import type { OAuth2AccessTokenResult, TokenResult } from "../../src/index.js";
import { basicTokenRequest, CLIENTS, makeFlow, read, TOKEN_URL, tokenRequest } from "../support/fixtures.js";
import {
  callbackFlow,
  expectToken,
  GRANT,
  ISSUED_TOKEN,
  postTokenRequest,
  rawRequest,
  wrongSecretRequest,
} from "./token-support.js";

describe("successful token response (RFC 6749 §4.4.3, §5.1)", () => {
  it("answers 200 with exactly access_token, token_type Bearer, expires_in and scope (RFC 6749 §5.1)", async () => {
    const { flow, issued } = makeFlow();
    const result = await flow.token(basicTokenRequest({ scope: "read:data" }));
    const { body } = await expectToken(result, { scope: "read:data" });
    const accessToken = (body as { access_token: string }).access_token;
    expect(issued.get(accessToken)).toEqual({ clientId: "service-a", scope: ["read:data"] });
  });

  it("returns a result with success, tokenResponse, grantType and the authenticated client (RFC 6749 §4.4.3)", async () => {
    const { flow } = makeFlow();
    const result = await flow.token(basicTokenRequest());
    expect(result).toEqual({
      success: true,
      tokenResponse: { access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 },
      grantType: "client_credentials",
      client: CLIENTS["service-a"],
      toResponse: expect.any(Function),
    });
    expect(result.success && result.client).toBe(CLIENTS["service-a"]);
  });

  it("sends expires_in as a JSON number, not a string (RFC 6749 §5.1)", async () => {
    const { flow } = makeFlow();
    const { text } = await expectToken(await flow.token(basicTokenRequest()));
    expect(text).toContain('"expires_in":3600');
    expect(text).not.toContain('"expires_in":"');
  });

  it("omits the scope member when the granted scope is empty (RFC 6749 §5.1)", async () => {
    const { flow } = makeFlow();
    const { body } = await expectToken(await flow.token(basicTokenRequest()));
    expect(body).not.toHaveProperty("scope");
  });

  it("never issues a refresh_token, even when generateAccessToken returns one (RFC 6749 §4.4.3)", async () => {
    const withRefresh: OAuth2AccessTokenResult = Object.assign(
      { accessToken: ISSUED_TOKEN },
      { refreshToken: "refresh-1", refresh_token: "refresh-1" },
    );
    const { flow } = callbackFlow({}, { generateAccessToken: () => withRefresh });
    const { text } = await expectToken(await flow.token(basicTokenRequest()), { accessToken: ISSUED_TOKEN });
    expect(text).not.toContain("refresh");
  });

  it.each<[string, number | undefined, number | undefined, number | undefined, number, number]>([
    ["generateAccessToken's expiresIn over the client's and the flow's", 60, 120, 900, 60, 120],
    ["the client's accessTokenLifetime over the flow's", undefined, 120, 900, 120, 120],
    ["the flow's accessTokenLifetime", undefined, undefined, 900, 900, 900],
    ["the default of 3600 seconds", undefined, undefined, undefined, 3600, 3600],
  ])(
    "sets expires_in from %s (RFC 6749 §5.1)",
    async (_name, expiresIn, clientLifetime, flowLifetime, expected, context) => {
      const clients = { "service-a": { id: "service-a", secret: "secret-a", accessTokenLifetime: clientLifetime } };
      const options = flowLifetime === undefined ? {} : { accessTokenLifetime: flowLifetime };
      const generate = () => (expiresIn === undefined ? ISSUED_TOKEN : { accessToken: ISSUED_TOKEN, expiresIn });
      const { flow, generateAccessToken } = callbackFlow(options, { generateAccessToken: generate }, clients);
      await expectToken(await flow.token(basicTokenRequest()), { accessToken: ISSUED_TOKEN, expiresIn: expected });
      expect(generateAccessToken.mock.calls[0]?.[0].accessTokenLifetime).toBe(context);
    },
  );
});

describe("error response (RFC 6749 §5.2)", () => {
  const cases: Array<[string, (flow: ReturnType<typeof makeFlow>["flow"]) => Promise<TokenResult>, number]> = [
    ["405 invalid_request", (flow) => flow.token(new Request(TOKEN_URL)), 405],
    ["400 invalid_request", (flow) => flow.token(rawRequest(new Uint8Array([0x61]))), 400],
    ["413 invalid_request", (flow) => flow.token(tokenRequest(GRANT, { "content-length": "1000000" })), 413],
    ["400 unsupported_grant_type", (flow) => flow.token(tokenRequest({ grant_type: "password" })), 400],
    ["400 invalid_scope", (flow) => flow.token(basicTokenRequest({ scope: "admin" })), 400],
    ["401 invalid_client", (flow) => flow.token(wrongSecretRequest()), 401],
    ["400 invalid_client", (flow) => flow.token(postTokenRequest({ client_secret: "wrong" })), 400],
  ];

  it.each(cases)(
    "answers %s as JSON {error, error_description} with Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.2)",
    async (_name, run, expectedStatus) => {
      const { status, headers, body } = await read((await run(makeFlow().flow)).toResponse());
      expect(status).toBe(expectedStatus);
      expect({
        contentType: headers.get("content-type"),
        cacheControl: headers.get("cache-control"),
        pragma: headers.get("pragma"),
      }).toEqual({ contentType: "application/json;charset=UTF-8", cacheControl: "no-store", pragma: "no-cache" });
      expect(body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
      const { error, error_description } = body as Record<string, string>;
      // RFC 6749 §5.2: error and error_description are %x20-21 / %x23-5B / %x5D-7E.
      expect(`${error}${error_description}`).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]+$/);
    },
  );
});

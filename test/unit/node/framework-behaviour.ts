// What the token endpoint and protect middleware of every framework must do alike. Each
// framework's test file serves an app with the token endpoint at /token and GET /data protected
// by read:data (answering `{ oauth2 }`), and runs these.
import { expect, it } from "vitest";
import type { ClientCredentialsFlow } from "../../../src/index.js";
import { adapterFlow, basicTokenInit, FORM, postTokenInit } from "./flow-fixture.js";
import { header, rawExchange } from "./support.js";

/** Serves the app and returns its origin; the caller's afterEach closes it. */
type ServeApp = () => Promise<string>;

/** The token endpoint through a framework: the flow's answers, its body cap. */
export function itServesTheTokenEndpoint(serveApp: ServeApp): void {
  it("issues a token to a client authenticated with Basic and to one posting its credentials (RFC 6749 §2.3.1)", async () => {
    const origin = await serveApp();
    for (const init of [basicTokenInit(), postTokenInit()]) {
      const response = await fetch(`${origin}/token`, init);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({
        access_token: expect.any(String),
        token_type: "Bearer",
        expires_in: 3600,
      });
    }
  });

  it("answers a wrong secret with 401 invalid_client and a Basic challenge (RFC 6749 §5.2)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/token`, basicTokenInit("wrong"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="oauth2"');
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed",
    });
  });

  it("lets the flow answer GET with 405 and Allow: POST (RFC 6749 §3.2)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/token`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("lets the flow judge every body itself: JSON is the flow's invalid_request, not a framework's 415 (RFC 6749 §4.4.2)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "invalid_request",
      error_description: "The request body must be application/x-www-form-urlencoded",
    });
  });

  it("reads at most the flow's maxBodySize: a larger chunked body gets the flow's 413, and the connection is closed", async () => {
    const origin = await serveApp();
    const body = `grant_type=client_credentials&padding=${"x".repeat(400)}`;
    const response = await rawExchange(
      Number(new URL(origin).port),
      `POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM["content-type"]}\r\nTransfer-Encoding: chunked`,
      `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      error: "invalid_request",
      error_description: "The request body is too large",
    });
    expect(header(response, "connection")).toBe("close");
  });
}

/** The protect middleware through a framework: RFC 6750 outcomes and the request augmentation. */
export function itProtectsTheRoute(
  serveApp: ServeApp,
  makeProtect: (flow: ClientCredentialsFlow, scopes: string[]) => unknown,
): void {
  it("lets a token with the scope through and attaches the token and its credentials as oauth2 (RFC 6750 §2.1)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/data`, { headers: { authorization: "Bearer read-token" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      oauth2: { token: "read-token", credentials: { app: { id: "service-b" }, scope: ["read:data"] } },
    });
  });

  it("answers a token without the scope with 403 insufficient_scope naming it (RFC 6750 §3.1)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/data`, { headers: { authorization: "Bearer bare-token" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="oauth2", error="insufficient_scope", error_description="The access token does not grant the required scope", scope="read:data"',
    );
  });

  it("answers a request without a token with 401, a challenge without error code, and an empty body (RFC 6750 §3.1)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/data`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="oauth2", scope="read:data"');
    expect(await response.text()).toBe("");
  });

  it("answers an unknown token with 401 invalid_token (RFC 6750 §3.1)", async () => {
    const origin = await serveApp();
    const response = await fetch(`${origin}/data`, { headers: { authorization: "Bearer forged" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("throws TypeError when made with a scope the flow does not know", () => {
    const { flow } = adapterFlow();
    expect(() => makeProtect(flow, ["admin"])).toThrow(TypeError);
  });
}

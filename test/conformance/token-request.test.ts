import { describe, expect, it } from "vitest";
import { basic, basicTokenRequest, FORM, TOKEN_URL, tokenRequest } from "../support/fixtures.js";
import {
  authorizedRequest,
  callbackFlow,
  expectIssued,
  expectRefusedBeforeGetClient,
  expectToken,
  GRANT,
  rawRequest,
} from "./token-support.js";

const AUTHORIZATION = basic("service-a", "secret-a");
const encode = (text: string) => new TextEncoder().encode(text);
const formBytes = (body: Uint8Array<ArrayBuffer>) =>
  rawRequest(body, { "content-type": FORM, authorization: AUTHORIZATION });

/** A body stream of `chunks` chunks of `size` octets that records how far it was read. */
function meteredStream(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled += 1;
        controller.enqueue(encode("a".repeat(size)));
        if (state.pulled === chunks) controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // Nothing is pulled until the flow reads.
    { highWaterMark: 0 },
  );
  return { stream, state };
}

function streamedRequest(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(TOKEN_URL, {
    method: "POST",
    body: stream,
    duplex: "half",
    headers: { "content-type": FORM, authorization: AUTHORIZATION, ...headers },
  } as RequestInit);
}

describe("token request method (RFC 6749 §3.2)", () => {
  it.each(["GET", "PUT", "DELETE", "PATCH"])(
    "answers a %s with 405 invalid_request and Allow: POST (RFC 6749 §3.2, RFC 9110 §15.5.6)",
    async (method) => {
      const body = method === "GET" ? null : new URLSearchParams(GRANT).toString();
      const request = new Request(TOKEN_URL, {
        method,
        headers: { "content-type": FORM, authorization: AUTHORIZATION },
        body,
      });
      const { headers } = await expectRefusedBeforeGetClient(request, { code: "invalid_request", status: 405 });
      expect(headers.get("allow")).toBe("POST");
    },
  );
});

describe("token request content type (RFC 6749 §4.4.2, Appendix B)", () => {
  it.each([
    "application/x-www-form-urlencoded; charset=UTF-8",
    'application/x-www-form-urlencoded; charset="utf-8"',
    "application/x-www-form-urlencoded;charset=Utf-8",
    "APPLICATION/X-WWW-FORM-URLENCODED",
    "Application/X-Www-Form-Urlencoded; Charset=UTF-8",
  ])("accepts the form media type written %j (RFC 6749 §4.4.2, RFC 9110 §8.3.1)", async (contentType) => {
    await expectIssued(tokenRequest(GRANT, { authorization: AUTHORIZATION, "content-type": contentType }));
  });

  it.each([
    ["another media type", "application/json"],
    ["text/plain", "text/plain;charset=UTF-8"],
    ["multipart form data", "multipart/form-data; boundary=x"],
    ["a charset other than UTF-8", "application/x-www-form-urlencoded; charset=iso-8859-1"],
    ["a quoted charset other than UTF-8", 'application/x-www-form-urlencoded; charset="latin1"'],
    ["the form type as a prefix of a longer type", "application/x-www-form-urlencoded-x"],
    ["the form type as a suffix of a longer type", "x-application/x-www-form-urlencoded"],
    ["the form type inside a parameter", "text/plain; x=application/x-www-form-urlencoded"],
  ])("returns invalid_request (400) for %s (RFC 6749 §4.4.2, Appendix B)", async (_name, contentType) => {
    const request = tokenRequest(GRANT, { authorization: AUTHORIZATION, "content-type": contentType });
    await expectRefusedBeforeGetClient(request, "invalid_request");
  });

  it("returns invalid_request (400) for a body without Content-Type (RFC 6749 §4.4.2)", async () => {
    const request = rawRequest(encode("grant_type=client_credentials"), { authorization: AUTHORIZATION });
    expect(request.headers.has("content-type")).toBe(false);
    await expectRefusedBeforeGetClient(request, "invalid_request");
  });
});

describe("token request body (RFC 6749 §4.4.2, Appendix B)", () => {
  const MAX = 64;

  const TOO_LARGE = { code: "invalid_request", status: 413 };

  it("returns invalid_request (413) for a declared Content-Length over maxBodySize, reading nothing (RFC 9110 §8.6, §15.5.14)", async () => {
    const { stream, state } = meteredStream(3, 32);
    const request = streamedRequest(stream, { "content-length": String(MAX + 1) });
    await expectRefusedBeforeGetClient(request, TOO_LARGE, { maxBodySize: MAX });
    expect(state.pulled).toBe(0);
  });

  it("returns invalid_request (413) for a streamed body without Content-Length that runs past maxBodySize, cancelling the stream (RFC 9110 §15.5.14)", async () => {
    const { stream, state } = meteredStream(1000, 32);
    await expectRefusedBeforeGetClient(streamedRequest(stream), TOO_LARGE, { maxBodySize: MAX });
    expect(state.cancelled).toBe(true);
    // Two chunks fit the cap; the third runs past it. Nothing after that is read.
    expect(state.pulled).toBeLessThanOrEqual(MAX / 32 + 1);
  });

  it("accepts a body of exactly maxBodySize octets with that Content-Length", async () => {
    const body = "grant_type=client_credentials&padding=";
    const padded = body + "x".repeat(MAX - body.length);
    const request = tokenRequest(padded, { authorization: AUTHORIZATION, "content-length": String(MAX) });
    await expectIssued(request, {}, { maxBodySize: MAX });
  });

  it("reads a body whose Content-Length is within maxBodySize whole, with arrayBuffer() rather than its stream (RFC 9112 §6.3)", async () => {
    const text = new URLSearchParams(GRANT).toString();
    const request = tokenRequest(text, { authorization: AUTHORIZATION, "content-length": String(text.length) });
    const read = { arrayBuffer: 0, body: 0 };
    const arrayBuffer = request.arrayBuffer.bind(request);
    const body = Object.getOwnPropertyDescriptor(Request.prototype, "body")?.get?.bind(request);
    Object.defineProperties(request, {
      arrayBuffer: {
        value: () => {
          read.arrayBuffer++;
          return arrayBuffer();
        },
      },
      body: {
        get: () => {
          read.body++;
          return body?.();
        },
      },
    });
    await expectIssued(request);
    expect(read).toEqual({ arrayBuffer: 1, body: 0 });
  });

  it("returns invalid_request (413) for a body longer than maxBodySize whose Content-Length claims less (RFC 9110 §8.6, §15.5.14)", async () => {
    // Only a Request made in process can carry more than it declares; a server frames the body by
    // Content-Length. The octets read are counted all the same.
    const { stream, state } = meteredStream(3, 32);
    const request = streamedRequest(stream, { "content-length": "10" });
    await expectRefusedBeforeGetClient(request, TOO_LARGE, { maxBodySize: MAX });
    expect(state.pulled).toBe(3);
  });

  it.each([
    ["not a number", "ten"],
    ["negative", "-1"],
    ["fractional", "1.5"],
    ["empty", ""],
    ["hexadecimal", "0x10"],
  ])(
    "reads a body whose Content-Length is %s as a stream, under the same cap: 413 past it (RFC 9110 §8.6, §15.5.14)",
    async (_name, length) => {
      const { stream, state } = meteredStream(1000, 32);
      await expectRefusedBeforeGetClient(streamedRequest(stream, { "content-length": length }), TOO_LARGE, {
        maxBodySize: MAX,
      });
      expect(state.cancelled).toBe(true);
      expect(state.pulled).toBeLessThanOrEqual(MAX / 32 + 1);
    },
  );

  it.each([
    ["in exponent notation", "1e6"],
    ["in hexadecimal", "0x100000"],
  ])(
    "returns invalid_request (413) for a Content-Length that is not digits but whose value, %s, is over maxBodySize, reading nothing (RFC 9110 §8.6, §15.5.14)",
    async (_name, length) => {
      expect(Number(length)).toBeGreaterThan(MAX);
      const { stream, state } = meteredStream(3, 32);
      await expectRefusedBeforeGetClient(streamedRequest(stream, { "content-length": length }), TOO_LARGE, {
        maxBodySize: MAX,
      });
      expect(state.pulled).toBe(0);
    },
  );

  it.each([
    ["a lone 0xFF octet", [0xff]],
    ["a lead octet without its continuation", [0xc3, 0x28]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["a truncated sequence at the end", [0xe2, 0x82]],
  ])(
    "returns invalid_request (400) for a body with %s, which is not UTF-8 (RFC 6749 Appendix B)",
    async (_name, octets) => {
      const body = new Uint8Array([...encode("grant_type=client_credentials&note="), ...octets]);
      await expectRefusedBeforeGetClient(formBytes(body), "invalid_request");
    },
  );

  it.each([
    ["a percent-escape of an octet that is not UTF-8", "grant_type=client_credentials&note=%FF"],
    ["a percent-escaped overlong encoding", "grant_type=client_credentials&note=%C0%AF"],
    ["a malformed percent-escape", "grant_type=client_credentials&note=100%"],
    ["a percent sign followed by non-hex digits", "grant_type=client_credentials&note=%zz"],
    ["a malformed percent-escape in a parameter name", "grant_type=client_credentials&n%G0te=x"],
  ])(
    "returns invalid_request (400) for %s, not a guess at what was meant (RFC 6749 Appendix B)",
    async (_name, body) => {
      await expectRefusedBeforeGetClient(tokenRequest(body, { authorization: AUTHORIZATION }), "invalid_request");
    },
  );

  it("decodes + as space and %XX as UTF-8 octets in parameter values (RFC 6749 Appendix B)", async () => {
    const body = "grant_type=client%5Fcredentials&scope=read%3Adata+write:data";
    await expectIssued(tokenRequest(body, { authorization: AUTHORIZATION }), { scope: "read:data write:data" });
  });

  it("accepts UTF-8 octets outside ASCII in the body (RFC 6749 Appendix B)", async () => {
    await expectIssued(formBytes(encode("grant_type=client_credentials&note=caf\u00e9-\u{1F600}")));
  });
});

describe("token request parameters (RFC 6749 §3.1, §3.2)", () => {
  it("treats an empty scope as omitted (RFC 6749 §3.1)", async () => {
    const { flow, getClient } = callbackFlow({ defaultScopes: ["read:data"] });
    await expectToken(await flow.token(basicTokenRequest({ scope: "" })), { scope: "read:data" });
    expect(getClient.mock.calls[0]?.[0].scope).toBeUndefined();
  });

  it("treats an empty client_secret as omitted, so Basic is the only method used (RFC 6749 §3.1, §2.3)", async () => {
    await expectIssued(basicTokenRequest({ client_secret: "" }));
  });

  it.each([
    ["grant_type", "grant_type=client_credentials&grant_type=client_credentials"],
    ["scope", "grant_type=client_credentials&scope=read:data&scope=write:data"],
    ["scope with the same value", "grant_type=client_credentials&scope=read:data&scope=read:data"],
    ["client_id", "grant_type=client_credentials&client_id=service-a&client_id=service-a"],
  ])("returns invalid_request (400) for %s sent twice (RFC 6749 §3.2)", async (_name, body) => {
    await expectRefusedBeforeGetClient(tokenRequest(body, { authorization: AUTHORIZATION }), "invalid_request");
  });

  it("accepts a parameter sent twice when one of the values is empty (RFC 6749 §3.1)", async () => {
    const body = "grant_type=client_credentials&scope=&scope=read:data";
    await expectIssued(tokenRequest(body, { authorization: AUTHORIZATION }), { scope: "read:data" });
  });

  it("accepts resource sent more than once (RFC 8707 §2)", async () => {
    const body = "grant_type=client_credentials&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example";
    // Resources must be known to be granted (docs/decisions.md); test/conformance/resource-indicator.test.ts has the rest.
    await expectIssued(
      tokenRequest(body, { authorization: AUTHORIZATION }),
      {},
      {
        resources: ["https://a.example", "https://b.example"],
      },
    );
  });

  it("ignores unknown parameters (RFC 6749 §3.2)", async () => {
    const extra = { audience: "https://api.example", username: "u", password: "p", code: "c", foo: "bar" };
    await expectIssued(basicTokenRequest(extra));
  });
});

describe("grant_type (RFC 6749 §4.4.2, §5.2)", () => {
  it.each([
    ["omitted", {}],
    ["empty", { grant_type: "" }],
  ])("returns invalid_request (400) when grant_type is %s (RFC 6749 §4.4.2, §5.2)", async (_name, body) => {
    await expectRefusedBeforeGetClient(tokenRequest(body, { authorization: AUTHORIZATION }), "invalid_request");
  });

  it.each([
    "password",
    "authorization_code",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "CLIENT_CREDENTIALS",
    "client_credentials ",
  ])("returns unsupported_grant_type (400) for grant_type %j (RFC 6749 §5.2)", async (grantType) => {
    await expectRefusedBeforeGetClient(
      authorizedRequest(AUTHORIZATION, { grant_type: grantType }),
      "unsupported_grant_type",
    );
  });

  it.each([
    ["no client authentication", {}],
    ["a wrong Basic secret", { authorization: basic("service-a", "wrong") }],
  ])(
    "checks grant_type before client authentication: unsupported_grant_type with %s (RFC 6749 §5.2)",
    async (_name, headers) => {
      await expectRefusedBeforeGetClient(tokenRequest({ grant_type: "password" }, headers), "unsupported_grant_type");
    },
  );
});

describe("requireHttps (RFC 6749 §3.2, §2.3.1)", () => {
  const httpRequest = (url: string, headers: Record<string, string> = {}) =>
    tokenRequest(GRANT, { authorization: AUTHORIZATION, ...headers }, { url });

  it("returns invalid_request (400) for a token request over http to a non-loopback host (RFC 6749 §3.2)", async () => {
    await expectRefusedBeforeGetClient(httpRequest("http://as.example.com/token"), "invalid_request", {
      requireHttps: true,
    });
  });

  it.each([
    "https://as.example.com/token",
    "http://localhost/token",
    "http://127.0.0.1:8080/token",
    "http://[::1]/token",
  ])("accepts a token request to %s (RFC 6749 §3.2, loopback excepted)", async (url) => {
    await expectIssued(httpRequest(url), {}, { requireHttps: true });
  });

  it("accepts http when requireHttps is off (the default)", async () => {
    await expectIssued(httpRequest("http://as.example.com/token"));
  });

  const trusted = { requireHttps: true, trustForwardedHeaders: true };
  const forwardedHttps = [
    ["X-Forwarded-Proto: https", { "x-forwarded-proto": "https" }],
    ["Forwarded: proto=https", { forwarded: "for=192.0.2.1;proto=https" }],
  ] as const;

  it.each(forwardedHttps)("ignores %s unless trustForwardedHeaders is set (RFC 7239 §8)", async (_name, headers) => {
    const request = httpRequest("http://as.example.com/token", headers);
    await expectRefusedBeforeGetClient(request, "invalid_request", { requireHttps: true });
  });

  it.each(forwardedHttps)("believes %s with trustForwardedHeaders (RFC 7239 §5.4)", async (_name, headers) => {
    await expectIssued(httpRequest("http://as.example.com/token", headers), {}, trusted);
  });

  it("believes a trusted proxy reporting that the client used http (RFC 7239 §5.4)", async () => {
    const request = httpRequest("https://as.example.com/token", { "x-forwarded-proto": "http" });
    await expectRefusedBeforeGetClient(request, "invalid_request", trusted);
  });
});

import { describe, expect, it } from "vitest";
import { defaultStatusFor, isOAuth2Error, OAuth2Error, type OAuth2ErrorOptions } from "../../src/index.js";

const BRAND = Symbol.for("@saurbit/oauth2.OAuth2Error");

// Characters RFC 6749 §5.2 / Appendix A.7–A.8 leave out of error, error_description and error_uri.
const OUTSIDE_NQSCHAR: Array<[string, string]> = [
  ["a double quote", 'bad"value'],
  ["a backslash", "bad\\value"],
  ["a non-ASCII letter", "mauvais_é"],
  ["an emoji", "bad 🔑"],
  ["a line feed", "bad\nvalue"],
  ["a carriage return", "bad\rvalue"],
  ["a tab", "bad\tvalue"],
  ["a NUL", "bad\u0000value"],
  ["DEL", "bad\u007Fvalue"],
  ["nothing (empty)", ""],
];

describe("new OAuth2Error(code, options) character sets (RFC 6749 §5.2, Appendix A.7–A.8)", () => {
  it.each(OUTSIDE_NQSCHAR)("throws a TypeError for a code with %s (RFC 6749 §5.2 error)", (_, code) => {
    expect(() => new OAuth2Error(code)).toThrow(TypeError);
  });

  it.each(OUTSIDE_NQSCHAR)("throws a TypeError for a description with %s (RFC 6749 §5.2 error_description)", (_, d) => {
    expect(() => new OAuth2Error("invalid_request", { description: d })).toThrow(TypeError);
  });

  it.each([...OUTSIDE_NQSCHAR, ["a space", "https://example.com/a b"]])(
    "throws a TypeError for a uri with %s (RFC 6749 §5.2 error_uri)",
    (_, uri) => {
      expect(() => new OAuth2Error("invalid_request", { uri })).toThrow(TypeError);
    },
  );

  it.each([
    ["code", () => new OAuth2Error(42 as unknown as string)],
    ["description", () => new OAuth2Error("invalid_request", { description: 42 as unknown as string })],
    ["uri", () => new OAuth2Error("invalid_request", { uri: {} as unknown as string })],
  ])("throws a TypeError for a %s that is not a string", (_, make) => {
    expect(make).toThrow(TypeError);
  });

  it("accepts every boundary of the set in code and description: space ! # [ ] ~ (RFC 6749 §5.2)", () => {
    const edges = " !#[]~";
    const error = new OAuth2Error(edges, { description: edges });
    expect(error.toJSON()).toEqual({ error: edges, error_description: edges });
  });

  it("accepts every boundary of the uri set: ! # [ ] ~ (RFC 6749 §5.2, no space)", () => {
    const uri = "https://example.com/!#[]~";
    expect(new OAuth2Error("invalid_request", { uri }).uri).toBe(uri);
  });

  it.each([200, 302, 399, 600, 401.5, Number.NaN])("throws a TypeError for the status %s (not 400–599)", (status) => {
    expect(() => new OAuth2Error("invalid_request", { status })).toThrow(TypeError);
  });
});

describe("OAuth2Error status", () => {
  it.each([
    ["invalid_request", 400],
    ["invalid_client", 401],
    ["invalid_grant", 400],
    ["unauthorized_client", 400],
    ["unsupported_grant_type", 400],
    ["invalid_scope", 400],
    ["invalid_target", 400],
    ["invalid_token", 401],
    ["insufficient_scope", 403],
    ["server_error", 500],
    ["temporarily_unavailable", 503],
    ["a_custom_extension_error", 400],
  ])("defaults %s to %i (RFC 6749 §5.2, RFC 6750 §3.1)", (code, status) => {
    expect([new OAuth2Error(code).status, defaultStatusFor(code)]).toEqual([status, status]);
  });

  it("takes an explicit status over the default", () => {
    expect(new OAuth2Error("invalid_request", { status: 405 }).status).toBe(405);
  });
});

describe("OAuth2Error.toJSON() wire form (RFC 6749 §5.2)", () => {
  const uri = "https://docs.example.com/errors#scope";
  it.each<[string, OAuth2ErrorOptions, Record<string, string>]>([
    ["only the code", {}, { error: "invalid_scope" }],
    ["a description", { description: "Unknown scope" }, { error: "invalid_scope", error_description: "Unknown scope" }],
    ["a uri", { uri }, { error: "invalid_scope", error_uri: uri }],
    [
      "description and uri",
      { description: "Unknown scope", uri },
      { error: "invalid_scope", error_description: "Unknown scope", error_uri: uri },
    ],
    [
      "status, headers and cause, which stay off the wire",
      { status: 418, headers: { "x-a": "b" }, cause: "db" },
      { error: "invalid_scope" },
    ],
  ])("renders %s exactly", (_, options, expected) => {
    const error = new OAuth2Error("invalid_scope", options);
    expect(error.toJSON()).toStrictEqual(expected);
    expect(JSON.parse(JSON.stringify(error))).toStrictEqual(expected);
  });
});

/** Status, every header and the body text of `error.toResponse()`. */
async function rendered(error: OAuth2Error) {
  const response = error.toResponse();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

describe("OAuth2Error.toResponse() (RFC 6749 §5.2)", () => {
  it("renders status, JSON body, Content-Type, Cache-Control: no-store and Pragma: no-cache", async () => {
    expect(await rendered(new OAuth2Error("invalid_scope", { description: "Unknown scope" }))).toEqual({
      status: 400,
      headers: { "content-type": "application/json;charset=UTF-8", "cache-control": "no-store", pragma: "no-cache" },
      body: '{"error":"invalid_scope","error_description":"Unknown scope"}',
    });
  });

  it("adds the error's headers, e.g. WWW-Authenticate and Retry-After", () => {
    const headers = { "WWW-Authenticate": 'Basic realm="oauth2"', "Retry-After": "5" };
    const response = new OAuth2Error("invalid_client", { headers }).toResponse();
    expect(response.status).toBe(401);
    expect([response.headers.get("www-authenticate"), response.headers.get("retry-after")]).toEqual([
      'Basic realm="oauth2"',
      "5",
    ]);
  });

  it("keeps no-store, no-cache and the JSON Content-Type even when the error's headers say otherwise", () => {
    const headers = { "Cache-Control": "public, max-age=60", Pragma: "x", "Content-Type": "text/plain" };
    const response = new OAuth2Error("invalid_request", { headers }).toResponse();
    expect([
      response.headers.get("cache-control"),
      response.headers.get("pragma"),
      response.headers.get("content-type"),
    ]).toEqual(["no-store", "no-cache", "application/json;charset=UTF-8"]);
  });

  it("renders a fresh Response on every call", async () => {
    const error = new OAuth2Error("invalid_request");
    const [first, second] = [error.toResponse(), error.toResponse()];
    expect(first).not.toBe(second);
    expect([await first.json(), await second.json()]).toEqual([
      { error: "invalid_request" },
      { error: "invalid_request" },
    ]);
  });

  it("copies the headers it is given and does not add the rendering headers to error.headers", () => {
    const headers = new Headers({ "Retry-After": "5" });
    const error = new OAuth2Error("temporarily_unavailable", { headers });
    headers.set("Retry-After", "60");
    error.toResponse();
    expect(Object.fromEntries(error.headers)).toEqual({ "retry-after": "5" });
  });
});

describe("silent OAuth2Error (RFC 6750 §3.1: no error information)", () => {
  const headers = { "WWW-Authenticate": 'Bearer realm="oauth2"' };

  it("renders {} from toJSON()", () => {
    const error = new OAuth2Error("invalid_request", { description: "No token", status: 401, headers, silent: true });
    expect([error.silent, error.toJSON()]).toEqual([true, {}]);
  });

  it("renders an empty body without Content-Type, keeping status and headers", async () => {
    expect(await rendered(new OAuth2Error("invalid_request", { status: 401, headers, silent: true }))).toEqual({
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="oauth2"', "cache-control": "no-store", pragma: "no-cache" },
      body: "",
    });
  });

  it("is not silent by default", () => {
    expect(new OAuth2Error("invalid_request").silent).toBe(false);
  });
});

describe("OAuth2Error as an Error", () => {
  it("is an Error named OAuth2Error carrying code, description, uri, status and cause", () => {
    const cause = new Error("connection refused");
    const error = new OAuth2Error("server_error", { description: "Try later", uri: "https://e.example/x", cause });
    expect(error).toBeInstanceOf(Error);
    expect({
      name: error.name,
      code: error.code,
      description: error.description,
      uri: error.uri,
      status: error.status,
      cause: error.cause,
    }).toStrictEqual({
      name: "OAuth2Error",
      code: "server_error",
      description: "Try later",
      uri: "https://e.example/x",
      status: 500,
      cause,
    });
  });
});

describe("isOAuth2Error(x)", () => {
  class SubclassError extends OAuth2Error {}

  /** Stands in for the OAuth2Error class of another copy of the package: same brand, other class. */
  class ForeignOAuth2Error extends Error {
    readonly code = "invalid_request";
    readonly status = 400;
  }
  Object.defineProperty(ForeignOAuth2Error.prototype, BRAND, { value: true });

  it.each<[string, unknown]>([
    ["an OAuth2Error", new OAuth2Error("invalid_request")],
    ["a subclass instance", new SubclassError("invalid_request")],
    ["an error of another package copy (brand on its prototype)", new ForeignOAuth2Error()],
    ["a plain object carrying the brand", { [BRAND]: true, code: "invalid_request" }],
  ])("is true for %s", (_, value) => {
    expect(isOAuth2Error(value)).toBe(true);
  });

  it.each<[string, unknown]>([
    ["a plain Error", new Error("invalid_request")],
    ["a TypeError", new TypeError("x")],
    ["a look-alike object without the brand", { name: "OAuth2Error", code: "invalid_request", status: 400 }],
    ["an object with an unregistered symbol of the same description", { [Symbol(BRAND.description)]: true }],
    ["an object whose brand is not true", { [BRAND]: "true" }],
    ["a prototype-less object", Object.create(null)],
    ["null", null],
    ["undefined", undefined],
    ["a string", "invalid_request"],
    ["a number", 400],
  ])("is false for %s", (_, value) => {
    expect(isOAuth2Error(value)).toBe(false);
  });
});

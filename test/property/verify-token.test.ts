import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ClientCredentialsFlow, OAuth2Error, type VerifyTokenResult } from "../../src/index.js";
import { makeFlow, ORIGIN } from "../support/fixtures.js";
import {
  authorization,
  body,
  contentType,
  headers,
  method,
  NQSCHAR,
  PROPERTY_OPTIONS,
  type RequestSpec,
  toRequest,
  URI_CHARS,
} from "./arbitraries.js";

const SCOPES = ["read:data", "write:data"];
const READ_TOKEN = "read-token.A1~";
const BOTH_TOKEN = "both/token+B2==";
// RFC 6750 §2.1 b64token.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function flowWithIssuedTokens(...options: Parameters<typeof makeFlow>): ClientCredentialsFlow {
  const { flow, issued } = makeFlow(...options);
  issued.set(READ_TOKEN, { clientId: "service-a", scope: ["read:data"] });
  issued.set(BOTH_TOKEN, { clientId: "service-b", scope: SCOPES });
  return flow;
}

/** What the scripted handler does on its next call; set by each run before it calls the flow. */
let nextVerdict: () => unknown = () => ({ isValid: false });

const verdict: fc.Arbitrary<() => unknown> = fc.oneof(
  fc
    .oneof(fc.subarray(SCOPES), fc.constantFrom("read:data write:data", "write:data", ""), fc.anything())
    .map((scope) => () => ({ isValid: true, credentials: { app: { id: "x" }, scope } })),
  fc.option(fc.string({ unit: "binary" })).map((message) => () => ({ isValid: false, message })),
  fc.string().map((message) => () => {
    throw new Error(message);
  }),
  fc.constant(() => {
    throw new OAuth2Error("invalid_token", { description: "The token was revoked" });
  }),
  fc.anything().map((value) => () => value),
  fc.anything().map((value) => () => Promise.reject(value)),
);

const FLOWS = {
  registry: flowWithIssuedTokens(),
  everyLocation: flowWithIssuedTokens({ acceptQueryToken: true, acceptFormBodyToken: true }),
  scripted: makeFlow({}, (builder) => builder.verifyToken(() => nextVerdict() as never)).flow,
};

const realToken = fc.constantFrom(READ_TOKEN, BOTH_TOKEN);
const accessToken = fc.oneof(realToken, fc.base64String({ maxLength: 12 }), fc.string({ maxLength: 12 }));

const bearerAuthorization = fc.oneof(
  fc.tuple(fc.constantFrom("Bearer ", "bearer ", "BEARER  "), realToken).map(([scheme, token]) => scheme + token),
  fc.base64String({ minLength: 4, maxLength: 16 }).map((token) => `Bearer ${token}`),
  fc.constantFrom("Bearer", "Bearer ", "Bearer a b", `Bearer ${READ_TOKEN}, Bearer ${BOTH_TOKEN}`, "Bearer ä"),
  authorization,
);

const tokenParameters = fc
  .array(fc.tuple(fc.constantFrom("access_token", "other"), accessToken), { maxLength: 2 })
  .map((pairs) => new URLSearchParams(pairs).toString());

/** A request to a protected resource: any method, maybe a token in each of RFC 6750 §2's places. */
const resourceRequest: fc.Arbitrary<RequestSpec> = fc
  .record({
    method: fc.oneof(fc.constantFrom("GET", "POST"), method),
    query: tokenParameters,
    authorization: fc.option(bearerAuthorization, { freq: 3 }),
    contentType: fc.option(contentType),
    headers,
    body: fc.oneof(tokenParameters, body),
  })
  .map((r) => {
    const first: Array<[string, string]> = [];
    if (r.authorization !== null) first.push(["authorization", r.authorization]);
    if (r.contentType !== null) first.push(["content-type", r.contentType]);
    return {
      method: r.method,
      url: `${ORIGIN}/resource${r.query === "" ? "" : `?${r.query}`}`,
      headers: [...first, ...r.headers],
      body: r.body,
    };
  });

// RFC 6750 §3: Bearer realm="…" then auth-params as quoted strings.
const CHALLENGE = /^Bearer realm="oauth2"((?:, [a-z_]+="[\x20\x21\x23-\x5B\x5D-\x7E]*")*)$/;
const CHALLENGE_PARAMETER = /, ([a-z_]+)="([^"]*)"/g;

function challengeParameters(header: string | null): Record<string, string> {
  const match = CHALLENGE.exec(header ?? "");
  expect(match, `malformed challenge: ${header}`).not.toBeNull();
  const parameters: Record<string, string> = {};
  for (const [, name, value] of (match?.[1] ?? "").matchAll(CHALLENGE_PARAMETER)) {
    expect(parameters).not.toHaveProperty(name as string);
    parameters[name as string] = value as string;
  }
  expect(["error", "error_description", "error_uri", "scope"]).toEqual(expect.arrayContaining(Object.keys(parameters)));
  return parameters;
}

function grantedScopes(scope: unknown): unknown[] {
  if (Array.isArray(scope)) return scope;
  return typeof scope === "string" ? scope.split(" ") : [];
}

const EXPECTED_CODE: Record<number, string> = {
  400: "invalid_request",
  401: "invalid_token",
  403: "insufficient_scope",
};

async function checkVerdict(result: VerifyTokenResult, required: readonly string[], seen: Set<string>): Promise<void> {
  if (result.success) {
    seen.add("success");
    expect(result.token).toMatch(B64TOKEN);
    expect(grantedScopes(result.credentials.scope)).toEqual(expect.arrayContaining([...required]));
    return;
  }
  const response = result.toResponse();
  const text = await response.text();
  seen.add(String(response.status));
  expect([400, 401, 403, 500]).toContain(response.status);
  expect(result.error.status).toBe(response.status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const challenge = response.headers.get("www-authenticate");
  if (response.status === 500) {
    expect(challenge).toBeNull();
    expect(JSON.parse(text)).toEqual({
      error: "server_error",
      error_description: "The authorization server encountered an unexpected error",
    });
    return;
  }
  const parameters = challengeParameters(challenge);
  expect(parameters.scope).toBe(required.length > 0 ? required.join(" ") : undefined);
  if (result.error.silent) {
    // RFC 6750 §3.1: a request without credentials gets no error information.
    expect(response.status).toBe(401);
    expect(text).toBe("");
    expect(parameters.error).toBeUndefined();
    return;
  }
  const wire = JSON.parse(text) as Record<string, string>;
  expect(wire.error).toBe(EXPECTED_CODE[response.status]);
  expect(parameters.error).toBe(wire.error);
  expect(parameters.error_description).toBe(wire.error_description);
  if (wire.error_description !== undefined) expect(wire.error_description).toMatch(NQSCHAR);
  if (wire.error_uri !== undefined) expect(wire.error_uri).toMatch(URI_CHARS);
}

describe("flow.verifyToken() under arbitrary input", () => {
  it("never rejects for arbitrary requests and handler verdicts: success, or 400/401/403/500 with a well-formed Bearer challenge (RFC 6750 §3, §3.1)", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(FLOWS)),
        resourceRequest,
        fc.option(fc.subarray(SCOPES)),
        verdict,
        async (flow, spec, scopes, play) => {
          nextVerdict = play;
          const result = await flow.verifyToken(toRequest(spec), { scopes: scopes ?? undefined });
          await checkVerdict(result, scopes ?? [], seen);
        },
      ),
      PROPERTY_OPTIONS,
    );
    expect([...seen].sort()).toEqual(["400", "401", "403", "500", "success"]);
  });
});

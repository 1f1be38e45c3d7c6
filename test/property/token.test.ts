import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClientCredentialsFlow } from "../../src/index.js";
import { makeFlow } from "../support/fixtures.js";
import {
  arbitraryRequest,
  leaksSecret,
  mutatedTokenRequest,
  NQSCHAR,
  PROPERTY_OPTIONS,
  REGISTRY,
  type RequestSpec,
  toRequest,
  URI_CHARS,
} from "./arbitraries.js";

const FLOWS: readonly ClientCredentialsFlow[] = [
  makeFlow({}, undefined, REGISTRY).flow,
  makeFlow({ clientAuthenticationMethods: ["client_secret_basic"], realm: "api", maxBodySize: 96 }, undefined, REGISTRY)
    .flow,
  makeFlow({ clientAuthenticationMethods: ["client_secret_post"], scopes: {} }, undefined, REGISTRY).flow,
  makeFlow(
    {},
    (builder) =>
      builder.getClient(({ clientId, clientSecret }) => {
        throw new Error(`lookup failed for ${clientId}:${clientSecret}`);
      }),
    REGISTRY,
  ).flow,
];

const STATUSES = [200, 400, 401, 405, 413, 500];
const ERROR_MEMBERS = ["error", "error_description", "error_uri"];
const TOKEN_MEMBERS = ["access_token", "token_type", "expires_in", "scope"];

/** Sends one request and checks everything RFC 6749 §5.1/§5.2 and the no-leak rule ask of the answer. */
async function checkTokenAnswer(flow: ClientCredentialsFlow, spec: RequestSpec, seen: Set<number>): Promise<void> {
  const result = await flow.token(toRequest(spec));
  const response = result.toResponse();
  const text = await response.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  seen.add(response.status);

  expect(STATUSES).toContain(response.status);
  expect(result.success).toBe(response.status === 200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(leaksSecret(response, text)).toBe(false);
  if (response.status === 401) expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="[^"]+"/);
  if (response.status === 405) expect(response.headers.get("allow")).toBe("POST");
  if (result.success) {
    expect(TOKEN_MEMBERS).toEqual(expect.arrayContaining(Object.keys(body)));
    return;
  }
  expect(result.error.status).toBe(response.status);
  expect(ERROR_MEMBERS).toEqual(expect.arrayContaining(Object.keys(body)));
  expect(body.error).toBe(result.error.code);
  expect(body.error).toMatch(NQSCHAR);
  if ("error_description" in body) expect(body.error_description).toMatch(NQSCHAR);
  if ("error_uri" in body) expect(body.error_uri).toMatch(URI_CHARS);
  if (response.status === 500) {
    expect(body).toEqual({
      error: "server_error",
      error_description: "The authorization server encountered an unexpected error",
    });
  }
}

function tokenProperty(requests: fc.Arbitrary<RequestSpec>, seen: Set<number>) {
  return fc.asyncProperty(fc.constantFrom(...FLOWS), requests, (flow, spec) => checkTokenAnswer(flow, spec, seen));
}

describe("flow.token() under arbitrary input", () => {
  it("never rejects for arbitrary methods, headers and bodies, answering 200/400/401/405/413/500 with a JSON body whose error members stay in RFC 6749 §5.2's charset", async () => {
    const seen = new Set<number>();
    await fc.assert(tokenProperty(arbitraryRequest("/token"), seen), PROPERTY_OPTIONS);
    expect([...seen].sort()).toEqual(expect.arrayContaining([400, 401, 405, 413]));
  });

  it("never rejects for mutated real token requests (Basic or post credentials, repeated and empty parameters), never leaks a client secret and gives every 401 a WWW-Authenticate challenge (RFC 6749 §5.2)", async () => {
    const seen = new Set<number>();
    await fc.assert(tokenProperty(mutatedTokenRequest, seen), PROPERTY_OPTIONS);
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 401, 405, 500]));
  });
});

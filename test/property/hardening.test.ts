import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClientCredentialsFlow } from "../../src/index.js";
import { basic, FORM, makeFlow, ORIGIN } from "../support/fixtures.js";
import {
  arbitraryRequest,
  leaksSecret,
  mutatedTokenRequest,
  REGISTRY,
  type RequestSpec,
  SECRET_NEEDLES,
  toRequest,
} from "./arbitraries.js";

// ≥ 10,000 runs in CI (CI=true); fewer locally unless PROPERTY_RUNS says otherwise. Fixed seed.
const RUNS = Number(process.env.PROPERTY_RUNS ?? (process.env.CI === "true" ? 10_000 : 1_000));
const OPTIONS = { seed: 6749, numRuns: RUNS } as const;
const STATUSES = [200, 400, 401, 403, 405, 413, 429, 500];

/** Every event payload, to check that none carries a secret. */
const observed: unknown[] = [];
const events = {
  onTokenIssued: (event: unknown) => void observed.push(event),
  onClientAuthenticationFailed: (event: unknown) => void observed.push(event),
  onTokenRejected: (event: unknown) => void observed.push(event),
};

const FLOWS: readonly ClientCredentialsFlow[] = [
  makeFlow({ events }, undefined, REGISTRY).flow,
  // Tight limits and a rate limit that trips after two failures, keyed by a header.
  makeFlow(
    {
      events,
      maxBodySize: 512,
      maxParameters: 8,
      maxAuthorizationHeaderLength: 128,
      clientAuthenticationRateLimit: {
        maxFailures: 2,
        key: (request) => request.headers.get("forwarded") ?? undefined,
      },
    },
    undefined,
    REGISTRY,
  ).flow,
  makeFlow(
    { events },
    (builder) =>
      builder
        .getClient(() => Promise.reject(new Error("registry down")))
        .verifyToken(() => ({ isValid: "yes" }) as unknown as { isValid: boolean }),
    REGISTRY,
  ).flow,
];

// Hostile bodies: thousands of pairs, NUL and broken escapes, repeated names, a long run of one octet.
const hostileBody = fc.oneof(
  fc.nat({ max: 5_000 }).map((n) => "a=1&".repeat(n)),
  fc.constant("grant_type=client_credentials"),
  fc.constantFrom(
    "grant_type=client_credentials&client_id=service-a%00&client_secret=secret-a",
    "grant_type=client_credentials&client_id=%ED%A0%80&client_secret=x",
    "grant_type=client_credentials&grant_type=client_credentials",
    "grant_type=client_credentials&scope=&scope=&resource=&resource=https%3A%2F%2Fa",
    "%",
    "=&=&=",
  ),
  fc.nat({ max: 100_000 }).map((n) => new Uint8Array(n).fill(0x25)),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => new Uint8Array(bytes)),
);

const hostileRequest: fc.Arbitrary<RequestSpec> = fc.record({
  method: fc.constantFrom("POST", "GET", "PUT"),
  url: fc.constant(`${ORIGIN}/token`),
  headers: fc.constantFrom<Array<[string, string]>>(
    [["content-type", FORM]],
    [
      ["content-type", FORM],
      ["authorization", `Basic ${"QUFB".repeat(3_000)}`],
    ],
    [
      ["content-type", `${FORM}; charset=utf-8`],
      ["forwarded", "for=192.0.2.1"],
    ],
    [
      ["content-type", FORM],
      ["authorization", basic("service-a", "a-guess")],
    ],
  ),
  body: hostileBody,
});

async function checkAnswer(response: Response): Promise<void> {
  const text = await response.text();
  expect(STATUSES).toContain(response.status);
  if (text !== "") JSON.parse(text);
  expect(leaksSecret(response, text)).toBe(false);
}

describe(`hostile input under every limit (fast-check, seed 6749, ${RUNS} runs)`, () => {
  it("flow.token() never rejects for arbitrary, mutated-real or hostile requests, answers 200/400/401/405/413/429/500 with parsable JSON, and no response byte or event holds a fixture secret (RFC 6749 §5.2, §2.3.1)", async () => {
    const seen = new Set<number>();
    const requests = fc.oneof(arbitraryRequest("/token"), mutatedTokenRequest, {
      arbitrary: hostileRequest,
      weight: 2,
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FLOWS), requests, async (flow, spec) => {
        const response = (await flow.token(toRequest(spec))).toResponse();
        seen.add(response.status);
        await checkAnswer(response);
      }),
      OPTIONS,
    );
    expect([...seen]).toEqual(expect.arrayContaining([200, 400, 401, 413, 429, 500]));
    const events = JSON.stringify(observed);
    expect(SECRET_NEEDLES.some((secret) => events.includes(secret))).toBe(false);
  });

  it("flow.verifyToken() never rejects for arbitrary requests and answers 400/401/403/500 with an empty or parsable JSON body (RFC 6750 §3.1)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FLOWS), arbitraryRequest("/data"), async (flow, spec) => {
        const result = await flow.verifyToken(toRequest(spec), { scopes: ["read:data"] });
        await checkAnswer(result.success ? Response.json({}) : result.toResponse());
      }),
      { ...OPTIONS, numRuns: Math.ceil(RUNS / 4) },
    );
  });
});

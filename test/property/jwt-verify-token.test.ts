import fc from "fast-check";
import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientCredentialsFlow, JwtAccessTokens } from "../../src/index.js";
import { read } from "../support/fixtures.js";
import { base64urlJson, fixturePair, issue, jwtFlow } from "../support/jwt-fixtures.js";
import { PROPERTY_OPTIONS } from "./arbitraries.js";

const MESSAGES = ["The access token is invalid", "The access token expired"];

let tokens: JwtAccessTokens;
let flow: ClientCredentialsFlow;
let real: string;

beforeAll(async () => {
  tokens = await fixturePair("ES256");
  flow = jwtFlow(tokens);
  real = await issue(flow, { scope: "read:data" });
});

const base64urlChar = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
const segment = fc.string({ unit: base64urlChar, maxLength: 120 });

/** Headers a token could claim: real and wrong algorithms, kids (the real one too) and types. */
const headerWith = (kid: string) =>
  fc.record(
    {
      alg: fc.constantFrom("ES256", "EdDSA", "RS256", "PS256", "HS256", "none", "ES512", ""),
      kid: fc.oneof(fc.constant(kid), fc.string({ maxLength: 50 }), fc.integer()),
      typ: fc.constantFrom("at+jwt", "application/at+jwt", "JWT", "AT+JWT", ""),
      crit: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
      b64: fc.boolean(),
    },
    { requiredKeys: ["alg"] },
  );

/** Compact tokens that are wrong in every way a client can make them wrong, `real` mutated among them. */
const forgedFrom = (real: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.tuple(segment, segment, segment).map((parts) => parts.join(".")),
    fc
      .tuple(headerWith(String(decodeProtectedHeader(real).kid)), fc.jsonValue({ maxDepth: 3 }), segment)
      .map(([h, p, s]) => `${base64urlJson(h)}.${base64urlJson(p)}.${s}`),
    fc.tuple(fc.nat(), base64urlChar).map(([at, char]) => {
      const i = at % real.length;
      return `${real.slice(0, i)}${char}${real.slice(i + 1)}`;
    }),
    fc.nat().map((cut) => real.slice(0, cut % real.length)),
    fc.constantFrom(".", "..", "...", `${real}.`, `.${real}`, real.split(".").reverse().join(".")),
  );

describe("the pair's verifyToken under arbitrary tokens", () => {
  it("never rejects, and refuses everything but the real token with one of two fixed messages", async () => {
    await fc.assert(
      fc.asyncProperty(forgedFrom(real), async (token) => {
        const result = await tokens.verifyToken(token);
        if (token === real) return;
        expect(result.isValid).toBe(false);
        if (!result.isValid) expect(MESSAGES).toContain(result.message);
      }),
      PROPERTY_OPTIONS,
    );
  });

  it("makes flow.verifyToken answer 401 invalid_token or 400 invalid_request, never 500", async () => {
    await fc.assert(
      fc.asyncProperty(forgedFrom(real), async (token) => {
        const request = new Request("https://api.example.com/data", { headers: { authorization: `Bearer ${token}` } });
        const result = await flow.verifyToken(request);
        if (token === real) return;
        const { status } = await read(result.success ? new Response(null, { status: 200 }) : result.toResponse());
        expect([400, 401]).toContain(status);
      }),
      { ...PROPERTY_OPTIONS, numRuns: 300 },
    );
  });
});

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientCredentialsFlow } from "../../src/index.js";
import {
  assertionFlow,
  assertionRequest,
  HS256_SECRET,
  ISSUER,
  JWT_BEARER,
  type KeyPair,
  keyPair,
  mintAssertion,
} from "../support/client-assertion.js";
import { tokenRequest } from "../support/fixtures.js";
import { PROPERTY_OPTIONS } from "./arbitraries.js";

/** Every error_description an assertion request can get; nothing else may reach the client. */
const DESCRIPTIONS = new Set([
  `client_assertion_type must be ${JWT_BEARER}`,
  "client_assertion is required",
  "client_assertion must be one signed JWT in compact serialization",
  "The client assertion header is malformed",
  "The client assertion algorithm is not accepted for this method",
  "The client assertion must not have a crit header",
  "The client assertion typ is not accepted",
  "The client assertion claims are malformed",
  "iss and sub of the client assertion must both be the client_id",
  "client_id does not match the client assertion",
  "The audience of the client assertion is not this authorization server",
  "The client assertion must have a numeric exp",
  "The client assertion has expired",
  "The client assertion is valid for too long",
  "The client assertion is not valid yet",
  "The iat of the client assertion is out of range",
  "The client assertion must have a jti",
  "The client assertion has already been used",
  "Client authentication failed",
  "The client authentication method is not allowed",
  "The client is not registered for this authentication method",
  "Client authentication is required",
]);

const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "null").toString("base64url");

let flow: ClientCredentialsFlow;
let key: KeyPair;
let valid: string;

beforeAll(async () => {
  key = await keyPair("ES256", "k1");
  flow = assertionFlow({
    "key-client": { id: "key-client", jwks: { keys: [key.jwk] } },
    "secret-client": { id: "secret-client", secret: HS256_SECRET },
  }).flow;
  valid = await mintAssertion("key-client", "ES256", key.privateKey, { header: { kid: "k1" } });
});

const claimsArbitrary = fc.record(
  {
    iss: fc.oneof(fc.constant("key-client"), fc.constant("secret-client"), fc.jsonValue()),
    sub: fc.oneof(fc.constant("key-client"), fc.jsonValue()),
    aud: fc.oneof(fc.constant(ISSUER), fc.array(fc.string()), fc.jsonValue()),
    exp: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.double(), fc.jsonValue()),
    nbf: fc.jsonValue(),
    iat: fc.jsonValue(),
    jti: fc.oneof(fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

const headerArbitrary = fc.record(
  {
    alg: fc.oneof(fc.constantFrom("ES256", "HS256", "none", "RS256", "EdDSA"), fc.jsonValue()),
    kid: fc.oneof(fc.constant("k1"), fc.jsonValue()),
    typ: fc.jsonValue(),
    crit: fc.jsonValue(),
    jwk: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** client_assertion values: random text, random JWT-shaped values, and single-character mutations of a valid one. */
const assertionArbitrary = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(headerArbitrary, claimsArbitrary, fc.base64String({ maxLength: 120 }))
    .map(([header, claims, signature]) => `${encode(header)}.${encode(claims)}.${signature.replace(/=+$/, "")}`),
  fc.tuple(fc.nat(), fc.constantFrom(..."AZaz09-_.=+/ ")).map(([position, character]) => ({ position, character })),
);

describe("client assertions: arbitrary input (seeded)", () => {
  it("never rejects, never issues a token for a modified assertion, and only answers this library's descriptions", async () => {
    await fc.assert(
      fc.asyncProperty(assertionArbitrary, fc.boolean(), async (generated, withType) => {
        let assertion: string;
        if (typeof generated === "string") assertion = generated;
        else {
          const at = generated.position % valid.length;
          assertion = valid.slice(0, at) + generated.character + valid.slice(at + 1);
          fc.pre(assertion !== valid);
        }
        const request = withType
          ? assertionRequest(assertion)
          : tokenRequest({ grant_type: "client_credentials", client_assertion: assertion });
        const result = await flow.token(request);
        if (result.success) {
          // Only a change the signature does not cover may pass: none exists in a compact JWS.
          return expect.unreachable(`issued a token for ${assertion}`);
        }
        expect(["invalid_client", "invalid_request"]).toContain(result.error.code);
        if (result.error.code === "invalid_client") expect(DESCRIPTIONS).toContain(result.error.description);
      }),
      { ...PROPERTY_OPTIONS, numRuns: 300 },
    );
  });
});

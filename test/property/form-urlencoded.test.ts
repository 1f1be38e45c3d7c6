import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ClientCredentialsFlowBuilder,
  type ClientCredentialsTokenRequest,
  formUrlDecode,
  formUrlEncode,
} from "../../src/index.js";
import { base64Utf8, FORM, TOKEN_URL } from "../support/fixtures.js";
import { PROPERTY_OPTIONS } from "./arbitraries.js";

// Well-formed Unicode: whole grapheme clusters, and any code point outside the surrogate range.
const unicode = fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
const nonEmptyUnicode = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1 }),
  fc.string({ unit: "binary", minLength: 1 }),
);

// Client ids and secrets: well-formed Unicode without control characters, which the flow refuses
// (RFC 6749 Appendix A.1, A.2; see test/conformance/hardening-limits.test.ts).
const credential = nonEmptyUnicode.filter((value) => !/[\x00-\x1F\x7F]/.test(value));

// RFC 6749 Appendix B: unreserved octets stay, space is "+", every other octet is %XX.
const FORM_ENCODED = /^(?:[A-Za-z0-9*\-._+]|%[0-9A-F]{2})*$/;

/** Records what getClient receives and accepts whoever asked. */
function recordingFlow(received: ClientCredentialsTokenRequest[]) {
  return new ClientCredentialsFlowBuilder({
    clientAuthenticationMethods: ["client_secret_basic", "client_secret_post"],
  })
    .getClient((request) => {
      received.push(request);
      return { id: request.clientId };
    })
    .generateAccessToken(() => "token")
    .build();
}

type Encoder = (value: string) => string;

/** Basic credentials with each part encoded by `encode`: RFC 6749 §2.3.1. */
function basicWith(encode: Encoder, clientId: string, clientSecret: string): string {
  return `Basic ${base64Utf8(`${encode(clientId)}:${encode(clientSecret)}`)}`;
}

describe("application/x-www-form-urlencoded (RFC 6749 Appendix B)", () => {
  it("decodes whatever it encodes back to the same Unicode string (RFC 6749 Appendix B)", () => {
    fc.assert(
      fc.property(unicode, (value) => {
        expect(formUrlDecode(formUrlEncode(value))).toBe(value);
      }),
      PROPERTY_OPTIONS,
    );
  });

  it("encodes to unreserved characters, '+' and upper-case %XX escapes only (RFC 6749 Appendix B)", () => {
    fc.assert(
      fc.property(unicode, (value) => {
        expect(formUrlEncode(value)).toMatch(FORM_ENCODED);
      }),
      PROPERTY_OPTIONS,
    );
  });

  it.each([
    ["formUrlEncode", formUrlEncode],
    ["encodeURIComponent (space as %20, !'()~ left as they are)", encodeURIComponent],
  ])(
    "hands getClient exactly the id and secret a client put in Basic credentials encoded with %s (RFC 6749 §2.3.1)",
    async (_, encode: Encoder) => {
      const received: ClientCredentialsTokenRequest[] = [];
      const flow = recordingFlow(received);
      await fc.assert(
        fc.asyncProperty(credential, credential, async (clientId, clientSecret) => {
          received.length = 0;
          const request = new Request(TOKEN_URL, {
            method: "POST",
            headers: { "content-type": FORM, authorization: basicWith(encode, clientId, clientSecret) },
            body: "grant_type=client_credentials",
          });
          const result = await flow.token(request);
          expect(result.success).toBe(true);
          expect(received).toEqual([
            {
              clientId,
              clientSecret,
              grantType: "client_credentials",
              scope: undefined,
              authenticationMethod: "client_secret_basic",
            },
          ]);
        }),
        PROPERTY_OPTIONS,
      );
    },
  );

  it("hands getClient exactly the client_id and client_secret a client put in a form body (RFC 6749 §2.3.1, Appendix B)", async () => {
    const received: ClientCredentialsTokenRequest[] = [];
    const flow = recordingFlow(received);
    await fc.assert(
      fc.asyncProperty(credential, credential, async (clientId, clientSecret) => {
        received.length = 0;
        const body = new URLSearchParams({
          grant_type: "client_credentials",
          client_id: clientId,
          client_secret: clientSecret,
        });
        const result = await flow.token(new Request(TOKEN_URL, { method: "POST", body }));
        expect(result.success).toBe(true);
        expect(received.map(({ clientId, clientSecret }) => ({ clientId, clientSecret }))).toEqual([
          { clientId, clientSecret },
        ]);
      }),
      PROPERTY_OPTIONS,
    );
  });
});

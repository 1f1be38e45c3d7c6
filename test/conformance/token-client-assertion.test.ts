import { beforeAll, describe, expect, it } from "vitest";
import type { OAuth2Client } from "../../src/index.js";
import {
  assertionFlow,
  assertionRequest,
  HS256_SECRET,
  ISSUER,
  JWT_BEARER,
  type KeyPair,
  keyPair,
  type MintOptions,
  mintAssertion,
  secretKey,
  TOKEN_URL,
} from "../support/client-assertion.js";
import { basic, tokenRequest } from "../support/fixtures.js";
import { expectToken, expectTokenError, GRANT, INVALID_CLIENT_400 } from "./token-support.js";

let rsa: KeyPair;
let clients: Record<string, OAuth2Client>;

beforeAll(async () => {
  rsa = await keyPair("RS256", "rsa-1");
  clients = {
    "jwt-client": { id: "jwt-client", jwks: { keys: [rsa.jwk] }, tokenEndpointAuthMethod: "private_key_jwt" },
    "hmac-client": { id: "hmac-client", secret: HS256_SECRET, tokenEndpointAuthMethod: "client_secret_jwt" },
  };
});

const now = () => Math.floor(Date.now() / 1000);
const signed = (options: MintOptions = {}) => mintAssertion("jwt-client", "RS256", rsa.privateKey, options);

/** Sends an assertion request to a fresh assertion flow and asserts `invalid_client` (400) with `description`. */
async function expectRefused(request: Request, description: string, options = {}, clientAssertion = {}) {
  const { flow, getClient } = assertionFlow(clients, options, clientAssertion);
  await expectTokenError(await flow.token(request), {
    ...INVALID_CLIENT_400,
    body: { error: "invalid_client", error_description: description },
  });
  return getClient;
}

async function expectAccepted(request: Request, options = {}, clientAssertion = {}) {
  const { flow } = assertionFlow(clients, options, clientAssertion);
  await expectToken(await flow.token(request));
}

describe("client assertions: a token for a valid one (RFC 7523 §2.2, §3)", () => {
  it("issues a token for a private_key_jwt assertion and calls getClient with the client id from iss/sub and the method", async () => {
    const { flow, getClient } = assertionFlow(clients);
    const result = await flow.token(assertionRequest(await signed()));
    await expectToken(result);
    expect(getClient).toHaveBeenCalledTimes(1);
    expect(getClient.mock.calls[0]?.[0]).toEqual({
      clientId: "jwt-client",
      clientSecret: "",
      grantType: "client_credentials",
      scope: undefined,
      authenticationMethod: "private_key_jwt",
    });
    expect(result.success && result.client.id).toBe("jwt-client");
  });

  it("issues a token for a client_secret_jwt assertion (HS256), with authenticationMethod client_secret_jwt", async () => {
    const { flow, getClient } = assertionFlow(clients);
    const assertion = await mintAssertion("hmac-client", "HS256", secretKey(HS256_SECRET));
    await expectToken(await flow.token(assertionRequest(assertion)));
    expect(getClient.mock.calls[0]?.[0]).toMatchObject({
      clientId: "hmac-client",
      authenticationMethod: "client_secret_jwt",
    });
  });

  it("never takes the client id from aud: an aud naming another client changes nothing (RFC 7523 §3 items 2, 3)", async () => {
    const getClient = await expectRefused(
      assertionRequest(await signed({ claims: { aud: "hmac-client" } })),
      "The audience of the client assertion is not this authorization server",
    );
    expect(getClient).not.toHaveBeenCalled();
  });

  it("accepts a client_id parameter that names the same client (RFC 7521 §4.2)", async () => {
    await expectAccepted(assertionRequest(await signed(), { client_id: "jwt-client" }));
  });

  it("grants the requested scope as for any other method (RFC 6749 §3.3)", async () => {
    const { flow } = assertionFlow(clients);
    await expectToken(await flow.token(assertionRequest(await signed(), { scope: "read:data" })), {
      scope: "read:data",
    });
  });
});

describe("client assertion parameters (RFC 7521 §4.2, RFC 7523 §2.2)", () => {
  it("refuses a client_assertion without client_assertion_type, before getClient", async () => {
    const request = tokenRequest({ ...GRANT, client_assertion: await signed() });
    const getClient = await expectRefused(request, `client_assertion_type must be ${JWT_BEARER}`);
    expect(getClient).not.toHaveBeenCalled();
  });

  it("refuses any other client_assertion_type, compared exactly (SAML, different case)", async () => {
    for (const type of ["urn:ietf:params:oauth:client-assertion-type:saml2-bearer", JWT_BEARER.toUpperCase()]) {
      await expectRefused(
        assertionRequest(await signed(), { client_assertion_type: type }),
        `client_assertion_type must be ${JWT_BEARER}`,
      );
    }
  });

  it("refuses a client_assertion_type without client_assertion", async () => {
    await expectRefused(tokenRequest({ ...GRANT, client_assertion_type: JWT_BEARER }), "client_assertion is required");
  });

  it("refuses a client_assertion that is not exactly one signed compact JWT: two JWTs, a JWE, an unsigned JWT, garbage", async () => {
    const jwt = await signed();
    const [header, claims] = jwt.split(".");
    const cases = [
      `${jwt}.${jwt}`,
      `${jwt} ${jwt}`,
      `${jwt},${jwt}`,
      `${header}.${claims}.`,
      `${header}.${claims}`,
      "a.b.c.d.e",
      "not-a-jwt",
      ` ${jwt}`,
    ];
    for (const value of cases) {
      await expectRefused(assertionRequest(value), "client_assertion must be one signed JWT in compact serialization");
    }
  });

  it("refuses a signature in non-canonical base64url, which jose alone would accept (RFC 4648 §3.5)", async () => {
    const jwt = await signed();
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // RS256 signatures are 256 octets: the last base64url character carries 2 bits and 4 unused ones.
    const last = alphabet.indexOf(jwt.at(-1) ?? "");
    const sameBytes = `${jwt.slice(0, -1)}${alphabet[last ^ 1]}`;
    await expectRefused(
      assertionRequest(sameBytes),
      "client_assertion must be one signed JWT in compact serialization",
    );
  });

  it("answers invalid_request when client_assertion is sent twice (RFC 6749 §3.2: parameters MUST NOT repeat)", async () => {
    const jwt = await signed();
    const body = new URLSearchParams({ ...GRANT, client_assertion_type: JWT_BEARER, client_assertion: jwt });
    body.append("client_assertion", jwt);
    const { flow } = assertionFlow(clients);
    await expectTokenError(await flow.token(tokenRequest(body.toString())), { code: "invalid_request", status: 400 });
  });

  it("answers invalid_request for an assertion together with Basic credentials (RFC 6749 §2.3: one method per request)", async () => {
    const request = tokenRequest(
      { ...GRANT, client_assertion_type: JWT_BEARER, client_assertion: await signed() },
      { authorization: basic("jwt-client", "x") },
    );
    const { flow, getClient } = assertionFlow(clients);
    await expectTokenError(await flow.token(request), { code: "invalid_request", status: 400 });
    expect(getClient).not.toHaveBeenCalled();
  });

  it("answers invalid_request for an assertion together with client_secret (RFC 6749 §2.3)", async () => {
    const request = assertionRequest(await signed(), { client_id: "jwt-client", client_secret: "x" });
    const { flow } = assertionFlow(clients, { clientAuthenticationMethods: ["client_secret_post", "private_key_jwt"] });
    await expectTokenError(await flow.token(request), { code: "invalid_request", status: 400 });
  });

  it("refuses an assertion when the method it uses is not enabled, as invalid_client (RFC 6749 §2.3)", async () => {
    await expectRefused(assertionRequest(await signed()), "The client authentication method is not allowed", {
      clientAuthenticationMethods: ["client_secret_basic", "client_secret_jwt"],
    });
    const hmac = await mintAssertion("hmac-client", "HS256", secretKey(HS256_SECRET));
    await expectRefused(assertionRequest(hmac), "The client authentication method is not allowed", {
      clientAuthenticationMethods: ["private_key_jwt"],
    });
  });

  it("refuses an assertion from a client registered for another method (RFC 7591 §2)", async () => {
    const { flow } = assertionFlow({
      "jwt-client": { ...clients["jwt-client"], id: "jwt-client", tokenEndpointAuthMethod: "client_secret_basic" },
    });
    await expectTokenError(await flow.token(assertionRequest(await signed())), {
      ...INVALID_CLIENT_400,
      body: {
        error: "invalid_client",
        error_description: "The client is not registered for this authentication method",
      },
    });
  });

  it("answers invalid_client for a client getClient does not know (RFC 6749 §5.2)", async () => {
    await expectRefused(
      assertionRequest(await mintAssertion("nobody", "RS256", rsa.privateKey)),
      "Client authentication failed",
    );
  });
});

describe("client assertion claims (RFC 7523 §3)", () => {
  it("item 1 and 2.B: refuses a missing iss or sub, or iss different from sub, before getClient", async () => {
    for (const claims of [{ iss: undefined }, { sub: undefined }, { sub: "hmac-client" }, { iss: 42 }, { sub: "" }]) {
      const getClient = await expectRefused(
        assertionRequest(await signed({ claims })),
        "iss and sub of the client assertion must both be the client_id",
      );
      expect(getClient).not.toHaveBeenCalled();
    }
  });

  it("RFC 7521 §4.2: refuses a client_id parameter naming another client than the assertion", async () => {
    await expectRefused(
      assertionRequest(await signed(), { client_id: "hmac-client" }),
      "client_id does not match the client assertion",
    );
  });

  describe("item 3: aud", () => {
    const refusedAudience = "The audience of the client assertion is not this authorization server";

    it("accepts the issuer identifier as a string or as the one value of an array", async () => {
      await expectAccepted(assertionRequest(await signed({ claims: { aud: ISSUER } })));
      await expectAccepted(assertionRequest(await signed({ claims: { aud: [ISSUER] } })));
    });

    it("refuses the token endpoint URL by default (draft-ietf-oauth-rfc7523bis)", async () => {
      await expectRefused(assertionRequest(await signed({ claims: { aud: TOKEN_URL } })), refusedAudience);
    });

    it("refuses an aud that holds the issuer among other values, or is missing, empty or another string", async () => {
      for (const aud of [[ISSUER, "https://other.example"], undefined, [], "", `${ISSUER}/`, ISSUER.toUpperCase(), 1]) {
        await expectRefused(assertionRequest(await signed({ claims: { aud } })), refusedAudience);
      }
    });

    it("accepts the token endpoint URL, alone or in an array, only with acceptTokenEndpointAudience", async () => {
      const legacy = { acceptTokenEndpointAudience: true };
      await expectAccepted(assertionRequest(await signed({ claims: { aud: TOKEN_URL } })), {}, legacy);
      await expectAccepted(
        assertionRequest(await signed({ claims: { aud: ["https://other.example", TOKEN_URL] } })),
        {},
        legacy,
      );
      await expectAccepted(assertionRequest(await signed({ claims: { aud: ISSUER } })), {}, legacy);
      await expectRefused(
        assertionRequest(await signed({ claims: { aud: "https://other.example/token" } })),
        refusedAudience,
        {},
        legacy,
      );
    });

    it("resolves a token endpoint path against the request URL, and against trusted forwarded headers", async () => {
      const legacy = { acceptTokenEndpointAudience: true };
      const behindProxy = (aud: string) =>
        signed({ claims: { aud } }).then((jwt) =>
          tokenRequest(
            { ...GRANT, client_assertion_type: JWT_BEARER, client_assertion: jwt },
            { "x-forwarded-proto": "https", "x-forwarded-host": "public.example" },
            { url: "http://internal:8080/token" },
          ),
        );
      await expectAccepted(await behindProxy("http://internal:8080/token"), {}, legacy);
      await expectRefused(await behindProxy("https://public.example/token"), refusedAudience, {}, legacy);
      await expectAccepted(await behindProxy("https://public.example/token"), { trustForwardedHeaders: true }, legacy);
    });

    it("accepts the token endpoint as an audience without an issuer when acceptTokenEndpointAudience is set", async () => {
      const options = { issuer: undefined };
      const legacy = { acceptTokenEndpointAudience: true };
      await expectAccepted(assertionRequest(await signed({ claims: { aud: TOKEN_URL } })), options, legacy);
      await expectRefused(
        assertionRequest(await signed({ claims: { aud: ISSUER } })),
        refusedAudience,
        options,
        legacy,
      );
    });
  });

  describe("item 4: exp, with a bounded lifetime", () => {
    it("refuses an assertion without exp, or with a non-numeric one", async () => {
      for (const exp of [undefined, String(now() + 60), null]) {
        await expectRefused(
          assertionRequest(await signed({ claims: { exp } })),
          "The client assertion must have a numeric exp",
        );
      }
    });

    it("refuses an expired assertion beyond the clock skew (60 s by default), accepts one within it", async () => {
      await expectRefused(
        assertionRequest(await signed({ claims: { iat: now() - 120, exp: now() - 61 } })),
        "The client assertion has expired",
      );
      await expectAccepted(assertionRequest(await signed({ claims: { iat: now() - 100, exp: now() - 50 } })));
    });

    it("respects a configured clockSkew", async () => {
      const request = () =>
        signed({ claims: { iat: now() - 100, exp: now() - 50 } }).then((jwt) => assertionRequest(jwt));
      await expectRefused(await request(), "The client assertion has expired", {}, { clockSkew: 10 });
      await expectAccepted(await request(), {}, { clockSkew: 60 });
    });

    it("refuses an exp further ahead than maxLifetime (300 s) plus skew, also without iat", async () => {
      await expectRefused(
        assertionRequest(await signed({ claims: { iat: undefined, exp: now() + 400 } })),
        "The client assertion is valid for too long",
      );
      await expectAccepted(assertionRequest(await signed({ claims: { iat: undefined, exp: now() + 300 } })));
    });

    it("respects a configured maxLifetime", async () => {
      await expectRefused(
        assertionRequest(await signed({ claims: { exp: now() + 120 } })),
        "The client assertion is valid for too long",
        {},
        { maxLifetime: 30, clockSkew: 0 },
      );
    });
  });

  describe("items 5 and 6: nbf and iat", () => {
    it("refuses an assertion whose nbf is after now plus skew, accepts one within the skew", async () => {
      await expectRefused(
        assertionRequest(await signed({ claims: { nbf: now() + 90 } })),
        "The client assertion is not valid yet",
      );
      await expectRefused(
        assertionRequest(await signed({ claims: { nbf: "soon" } })),
        "The client assertion is not valid yet",
      );
      await expectAccepted(assertionRequest(await signed({ claims: { nbf: now() + 30 } })));
    });

    it("refuses an iat in the future beyond the skew, a non-numeric iat, and exp - iat above maxLifetime", async () => {
      const outOfRange = "The iat of the client assertion is out of range";
      await expectRefused(
        assertionRequest(await signed({ claims: { iat: now() + 90, exp: now() + 120 } })),
        outOfRange,
      );
      await expectRefused(assertionRequest(await signed({ claims: { iat: "now" } })), outOfRange);
      await expectRefused(
        assertionRequest(await signed({ claims: { iat: now() - 290, exp: now() + 20 } })),
        outOfRange,
      );
    });
  });

  describe("item 7: jti", () => {
    it("refuses an assertion without jti, or with an empty or non-string one (this library requires it)", async () => {
      for (const jti of [undefined, "", 7]) {
        await expectRefused(
          assertionRequest(await signed({ claims: { jti } })),
          "The client assertion must have a jti",
        );
      }
    });
  });

  it("refuses claims that are not a JSON object: an array, a string, not UTF-8, not base64url", async () => {
    const jwt = await signed();
    const [header, , signature] = jwt.split(".");
    const encode = (text: string) => Buffer.from(text).toString("base64url");
    for (const claims of [encode("[1,2]"), encode('"text"'), Buffer.from([0xff, 0xfe]).toString("base64url"), "e30x"]) {
      await expectRefused(
        assertionRequest(`${header}.${claims}.${signature}`),
        "The client assertion claims are malformed",
      );
    }
  });
});

describe("client assertion failures are answered like any body credentials (RFC 6749 §5.2)", () => {
  it("answers 400 without a challenge even when Basic is enabled, with Cache-Control: no-store", async () => {
    const { flow } = assertionFlow(clients);
    const result = await flow.token(assertionRequest(await signed({ claims: { jti: undefined } })));
    const { headers } = await expectTokenError(result, INVALID_CLIENT_400);
    expect(headers.get("www-authenticate")).toBeNull();
  });

  it("answers 401 with the Basic challenge when the request also has another Authorization scheme", async () => {
    const request = tokenRequest(
      { ...GRANT, client_assertion_type: JWT_BEARER, client_assertion: await signed({ claims: { jti: undefined } }) },
      { authorization: "Bearer abc" },
    );
    const { flow } = assertionFlow(clients);
    await expectTokenError(await flow.token(request), {
      code: "invalid_client",
      status: 401,
      challenge: 'Basic realm="oauth2"',
    });
  });
});

import { describe, expect, it } from "vitest";
import { type ClientCredentialsFlowOptions, OAuth2Error, type TokenResult } from "../../src/index.js";
import {
  base64Utf8,
  basic,
  basicTokenRequest,
  CLIENTS,
  makeFlow,
  read,
  type TestClient,
  tokenRequest,
} from "../support/fixtures.js";
import {
  authorizedRequest,
  callbackFlow,
  type ExpectedError,
  expectIssued,
  expectRefusedBeforeGetClient,
  expectToken,
  expectTokenError,
  GRANT,
  INVALID_CLIENT_400,
  INVALID_CLIENT_401,
  postTokenRequest,
  wrongSecretRequest,
} from "./token-support.js";

const basicOnly = { clientAuthenticationMethods: ["client_secret_basic"] } as const;
const postOnly = { clientAuthenticationMethods: ["client_secret_post"] } as const;

/** Sends `request` to a fresh callback flow and asserts the error; returns the flow's spies. */
async function expectRefusal(
  request: Request,
  expected: ExpectedError,
  options: Partial<ClientCredentialsFlowOptions> = {},
  clients: Record<string, TestClient> = CLIENTS,
) {
  const spies = callbackFlow(options, {}, clients);
  await expectTokenError(await spies.flow.token(request), expected);
  return spies;
}

function client(id: string, secret: string, extra: Partial<TestClient> = {}): Record<string, TestClient> {
  return { [id]: { id, secret, grants: ["client_credentials"], ...extra } };
}

const svc = client("svc", "s3cret");

describe("client_secret_basic (RFC 6749 §2.3.1, RFC 7617)", () => {
  it("issues a token for correct Basic credentials (RFC 6749 §2.3.1)", async () => {
    const { flow, getClient } = callbackFlow();
    await expectToken(await flow.token(basicTokenRequest()));
    expect(getClient.mock.calls[0]?.[0].authenticationMethod).toBe("client_secret_basic");
  });

  it.each([
    ["a wrong Basic secret", basic("service-a", "wrong")],
    ["an unknown client id", basic("service-x", "secret-a")],
  ])("returns invalid_client (401, WWW-Authenticate: Basic) for %s (RFC 6749 §2.3.1, §5.2)", async (_name, auth) => {
    await expectRefusal(authorizedRequest(auth), INVALID_CLIENT_401);
  });

  it("uses the configured realm in the Basic challenge (RFC 6749 §5.2, RFC 7617 §2)", async () => {
    const expected = { ...INVALID_CLIENT_401, challenge: 'Basic realm="token-service"' };
    await expectRefusal(wrongSecretRequest(), expected, { realm: "token-service" });
  });

  it.each(["basic", "BASIC", "bAsIc"])(
    "accepts the auth scheme written %j: schemes are case-insensitive (RFC 9110 §11.1)",
    async (scheme) => {
      const credentials = basic("service-a", "secret-a").slice("Basic ".length);
      await expectIssued(authorizedRequest(`${scheme} ${credentials}`));
    },
  );

  it.each([
    ["splits user-pass at the first colon, so the secret may hold ':'", "svc:se:cr:et", "svc", "se:cr:et"],
    ["decodes %3A in the client id to ':'", "a%3Ab:s3cret", "a:b", "s3cret"],
    ["decodes '+' as space in id and secret", "my+svc:pa+ss", "my svc", "pa ss"],
    ["decodes %XX octets as UTF-8 in id and secret", "svc%21%C3%A9:p%40ss%E2%82%AC", "svc!\u00e9", "p@ss\u20ac"],
    ["decodes %2B as '+' and %25 as '%'", "a%2Bb:c%25d", "a+b", "c%d"],
    [
      "accepts non-ASCII id and secret as raw UTF-8",
      "cl\u00efent-\u00fc:s\u00e9cret-\u20ac",
      "cl\u00efent-\u00fc",
      "s\u00e9cret-\u20ac",
    ],
  ])("%s (RFC 6749 §2.3.1, Appendix B)", async (_name, userPass, clientId, clientSecret) => {
    const { flow, getClient } = callbackFlow({}, {}, client(clientId, clientSecret));
    await expectToken(await flow.token(authorizedRequest(`Basic ${base64Utf8(userPass)}`)));
    expect(getClient.mock.calls[0]?.[0]).toMatchObject({ clientId, clientSecret });
  });

  it("round-trips non-ASCII id and secret form-encoded by the client (RFC 6749 §2.3.1, Appendix B)", async () => {
    const [id, secret] = ["cl\u00efent \u65e5\u672c", "s\u00e9cret+:%\u20ac"];
    const { flow, getClient } = callbackFlow({}, {}, client(id, secret));
    await expectToken(await flow.token(authorizedRequest(basic(id, secret))));
    expect(getClient.mock.calls[0]?.[0]).toMatchObject({ clientId: id, clientSecret: secret });
  });

  // btoa("svc:s3cret") === "c3ZjOnMzY3JldA=="
  it.each([
    ["padding removed", "Basic c3ZjOnMzY3JldA"],
    ["padding cut short", "Basic c3ZjOnMzY3JldA="],
    ["extra padding", "Basic c3ZjOnMzY3JldA==="],
    ["a character outside base64", "Basic c3Zj*nMzY3JldA=="],
    ["base64url characters", "Basic c3Zj-nMzY3Jl_A=="],
    ["a space inside the base64", "Basic c3ZjOnMz Y3JldA=="],
    ["a non-canonical last character", "Basic c3ZjOnMzY3JldB=="],
    ["user-pass that is not UTF-8", `Basic ${btoa("svc:s\u00e9cret")}`],
    ["no colon", `Basic ${btoa("svc")}`],
    ["an empty client id", `Basic ${btoa(":s3cret")}`],
    ["an empty secret", `Basic ${btoa("svc:")}`],
    ["a '%' without two hex digits", `Basic ${btoa("svc%:s3cret")}`],
    ["a non-hex %XX", `Basic ${btoa("svc:s3cret%ZZ")}`],
    ["%XX octets that are not UTF-8", `Basic ${btoa("svc%FF:s3cret")}`],
    ["the scheme without credentials", "Basic"],
  ])(
    "returns invalid_client (401, WWW-Authenticate: Basic) for Basic credentials with %s (RFC 7617 §2, RFC 4648 §4, §3.5, RFC 6749 §2.3.1)",
    async (_name, authorization) => {
      await expectRefusedBeforeGetClient(authorizedRequest(authorization), INVALID_CLIENT_401, {}, svc);
    },
  );

  it.each([
    ["two spaces", "Basic  c3ZjOnMzY3JldA=="],
    ["five spaces", "Basic     c3ZjOnMzY3JldA=="],
    ["two spaces, the scheme in lower case,", "basic  c3ZjOnMzY3JldA=="],
  ])(
    "accepts %s between the auth scheme and the credentials (RFC 9110 §11.4: credentials = auth-scheme [ 1*SP token68 ])",
    async (_name, authorization) => {
      const { flow, getClient } = callbackFlow({}, {}, svc);
      await expectToken(await flow.token(authorizedRequest(authorization)));
      expect(getClient.mock.calls[0]?.[0]).toMatchObject({ clientId: "svc", clientSecret: "s3cret" });
    },
  );

  it("accepts the well-formed Basic credentials the malformed cases are derived from (control)", async () => {
    await expectIssued(authorizedRequest("Basic c3ZjOnMzY3JldA=="), {}, {}, svc);
  });

  it("accepts a body client_id equal to the Basic client id (RFC 6749 §2.3.1)", async () => {
    await expectIssued(basicTokenRequest({ client_id: "service-a" }));
  });

  it("returns invalid_client (401, WWW-Authenticate: Basic) for a body client_id that differs from the Basic one (RFC 6749 §2.3.1, §5.2)", async () => {
    await expectRefusedBeforeGetClient(basicTokenRequest({ client_id: "service-b" }), INVALID_CLIENT_401);
  });
});

describe("client_secret_post (RFC 6749 §2.3.1)", () => {
  it("issues a token for client_id and client_secret in the body (RFC 6749 §2.3.1)", async () => {
    const { flow, getClient } = callbackFlow();
    await expectToken(await flow.token(postTokenRequest()));
    expect(getClient.mock.calls[0]?.[0].authenticationMethod).toBe("client_secret_post");
  });

  it("returns invalid_client (400, no WWW-Authenticate) for a wrong body secret (RFC 6749 §5.2)", async () => {
    await expectRefusal(postTokenRequest({ client_secret: "wrong" }), INVALID_CLIENT_400);
  });

  it("returns invalid_client (400, no WWW-Authenticate) for client_secret without client_id (RFC 6749 §2.3.1)", async () => {
    await expectRefusedBeforeGetClient(tokenRequest({ ...GRANT, client_secret: "secret-a" }), INVALID_CLIENT_400);
  });

  it("uses client_secret_post when Authorization carries another scheme such as Bearer (RFC 6749 §2.3)", async () => {
    const request = tokenRequest(
      { ...GRANT, client_id: "service-a", client_secret: "secret-a" },
      { authorization: "Bearer some-token" },
    );
    await expectIssued(request);
  });
});

describe("choice of client authentication method (RFC 6749 §2.3, §5.2)", () => {
  it("returns invalid_request (400) for Basic and client_secret_post in one request (RFC 6749 §2.3: MUST NOT use more than one)", async () => {
    const request = basicTokenRequest({ client_id: "service-a", client_secret: "secret-a" });
    await expectRefusedBeforeGetClient(request, "invalid_request");
  });

  it.each([
    ["no client authentication", {}],
    ["only a client_id", { client_id: "service-a" }],
  ])(
    "returns invalid_client (401, WWW-Authenticate: Basic) for a request with %s (RFC 6749 §5.2)",
    async (_name, extra) => {
      await expectRefusedBeforeGetClient(tokenRequest({ ...GRANT, ...extra }), INVALID_CLIENT_401);
    },
  );

  it("returns invalid_client (401, WWW-Authenticate: Basic) for an Authorization header of another scheme alone (RFC 6749 §5.2)", async () => {
    await expectRefusedBeforeGetClient(authorizedRequest("Bearer some-token"), INVALID_CLIENT_401);
  });

  it("returns invalid_client (400, no WWW-Authenticate) for client_secret_post when only Basic is enabled (RFC 6749 §2.3, §5.2)", async () => {
    await expectRefusedBeforeGetClient(postTokenRequest(), INVALID_CLIENT_400, basicOnly);
  });

  it.each([["no client authentication", () => tokenRequest(GRANT)]])(
    "returns invalid_client (400, no WWW-Authenticate) for %s when Basic is not enabled (RFC 6749 §2.3, §5.2)",
    async (_name, request) => {
      await expectRefusedBeforeGetClient(request(), INVALID_CLIENT_400, postOnly);
    },
  );

  it("returns invalid_client (401, WWW-Authenticate: Basic) for Basic credentials even when Basic is not enabled: the Authorization header was used (RFC 6749 §5.2)", async () => {
    await expectRefusedBeforeGetClient(basicTokenRequest(), INVALID_CLIENT_401, postOnly);
  });

  it.each([
    ["Basic", () => basicTokenRequest()],
    ["client_secret_post", () => postTokenRequest()],
  ])("issues a token for %s when it is the only enabled method (RFC 6749 §2.3)", async (name, request) => {
    await expectIssued(request(), {}, name === "Basic" ? basicOnly : postOnly);
  });
});

describe("registered client (RFC 7591 §2, RFC 6749 §5.2)", () => {
  const registered = (method: string) => client("service-a", "secret-a", { tokenEndpointAuthMethod: method });

  it.each([
    ["client_secret_basic", () => basicTokenRequest()],
    ["client_secret_post", () => postTokenRequest()],
  ])("issues a token when the request uses the registered method %s (RFC 7591 §2)", async (method, request) => {
    await expectIssued(request(), {}, {}, registered(method));
  });

  it("returns invalid_client (401, WWW-Authenticate: Basic) for Basic from a client registered for client_secret_post (RFC 7591 §2, RFC 6749 §5.2)", async () => {
    await expectRefusal(basicTokenRequest(), INVALID_CLIENT_401, {}, registered("client_secret_post"));
  });

  it("returns invalid_client (400, no WWW-Authenticate) for client_secret_post from a client registered for Basic (RFC 7591 §2, RFC 6749 §5.2)", async () => {
    await expectRefusal(postTokenRequest(), INVALID_CLIENT_400, {}, registered("client_secret_basic"));
  });

  it.each([
    ["other grants only", ["authorization_code", "refresh_token"]],
    ["an empty grants list", []],
  ])("returns unauthorized_client (400) for a client with %s (RFC 6749 §5.2)", async (_name, grants) => {
    const { generateAccessToken } = await expectRefusal(
      authorizedRequest(basic("svc", "s3cret")),
      { code: "unauthorized_client", status: 400 },
      {},
      client("svc", "s3cret", { grants }),
    );
    expect(generateAccessToken).not.toHaveBeenCalled();
  });

  it("issues a token for a client without a grants list (RFC 6749 §4.4)", async () => {
    await expectIssued(authorizedRequest(basic("svc", "s3cret")), {}, {}, { svc: { id: "svc", secret: "s3cret" } });
  });
});

describe("WWW-Authenticate on 401 (RFC 6749 §5.2, RFC 9110 §15.5.2)", () => {
  const invalidClient = () => {
    throw new OAuth2Error("invalid_client");
  };
  const cases: Array<[string, () => Promise<TokenResult>]> = [
    ["wrong Basic secret", () => makeFlow().flow.token(wrongSecretRequest())],
    ["unknown Basic client", () => makeFlow().flow.token(authorizedRequest(basic("nobody", "x")))],
    ["malformed Basic", () => makeFlow().flow.token(authorizedRequest("Basic !!!"))],
    ["Basic without credentials", () => makeFlow().flow.token(authorizedRequest("Basic"))],
    ["Basic with a differing client_id", () => makeFlow().flow.token(basicTokenRequest({ client_id: "service-b" }))],
    ["no client authentication", () => makeFlow().flow.token(tokenRequest(GRANT))],
    ["Bearer header only", () => makeFlow().flow.token(authorizedRequest("Bearer x"))],
    ["wrong post secret", () => makeFlow().flow.token(postTokenRequest({ client_secret: "wrong" }))],
    ["post without client_id", () => makeFlow().flow.token(tokenRequest({ ...GRANT, client_secret: "x" }))],
    ["Basic, only post enabled", () => makeFlow(postOnly).flow.token(basicTokenRequest())],
    ["custom realm", () => makeFlow({ realm: "r" }).flow.token(wrongSecretRequest())],
    [
      "getClient throws invalid_client",
      () => callbackFlow({}, { getClient: invalidClient }).flow.token(basicTokenRequest()),
    ],
    [
      "generateAccessToken throws invalid_client",
      () => callbackFlow({}, { generateAccessToken: invalidClient }).flow.token(basicTokenRequest()),
    ],
    [
      "registered for post, used Basic",
      () =>
        callbackFlow({}, {}, client("svc", "s", { tokenEndpointAuthMethod: "client_secret_post" })).flow.token(
          authorizedRequest(basic("svc", "s")),
        ),
    ],
  ];

  it("sends WWW-Authenticate with every 401 response of the token endpoint (RFC 6749 §5.2, RFC 9110 §15.5.2)", async () => {
    const unauthorized: string[] = [];
    const missing: string[] = [];
    for (const [name, run] of cases) {
      const { status, headers } = await read((await run()).toResponse());
      if (status !== 401) continue;
      unauthorized.push(name);
      if (!headers.has("www-authenticate")) missing.push(name);
    }
    expect(unauthorized.length).toBeGreaterThanOrEqual(10);
    expect(missing).toEqual([]);
  });
});

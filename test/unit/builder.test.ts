import { describe, expect, it, vi } from "vitest";
import {
  bearerTokenType,
  type ClientAuthenticationMethod,
  type ClientCredentialsFlow,
  ClientCredentialsFlowBuilder,
  type ClientCredentialsFlowOptions,
  clientSecretBasic,
  clientSecretPost,
  type GetClientHandler,
  OAuth2Error,
  verifyClientSecret,
} from "../../src/index.js";
import { basic, basicTokenRequest, CLIENTS, makeFlow, read, tokenRequest } from "../support/fixtures.js";

type Options = Partial<ClientCredentialsFlowOptions>;

/** Sets the two required callbacks. */
function withCallbacks(builder: ClientCredentialsFlowBuilder): ClientCredentialsFlowBuilder {
  return builder.getClient(() => undefined).generateAccessToken(() => "token");
}

/** Builds a flow from constructor params (possibly invalid on purpose) and the required callbacks. */
function buildWith(params: Record<string, unknown>): ClientCredentialsFlow {
  return withCallbacks(new ClientCredentialsFlowBuilder(params as Options)).build();
}

/** The TypeError `build` throws; fails the test when it throws something else or nothing. */
function buildError(build: () => unknown): TypeError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error("expected build() to throw a TypeError");
}

/** The option or callback each listed problem names (`- name.path: message` lines). */
function problemNames(error: TypeError): string[] {
  return [...error.message.matchAll(/^- ([A-Za-z]+)[.:]/gm)].map((match) => match[1] as string);
}

const methodNames = (flow: ClientCredentialsFlow) => flow.configuration.clientAuthenticationMethods.map((m) => m.name);

const postCredentials = { grant_type: "client_credentials", client_id: "service-a", client_secret: "secret-a" };

/** Reads a token result: status, WWW-Authenticate and the JSON body. */
async function tokenOutcome(flow: ClientCredentialsFlow, request: Request) {
  const { status, headers, body } = await read((await flow.token(request)).toResponse());
  return { status, challenge: headers.get("www-authenticate"), body };
}

/**
 * A custom client authentication method: id and secret in `X-Client-Id` / `X-Client-Secret`.
 * It proves the method interface is enough to add a method without touching the flow.
 */
const clientHeaderPair: ClientAuthenticationMethod = {
  name: "client_header_pair",
  isUsedBy: ({ request }) => request.headers.has("x-client-id") || request.headers.has("x-client-secret"),
  readCredentials: ({ request }) => {
    const clientId = request.headers.get("x-client-id");
    const clientSecret = request.headers.get("x-client-secret");
    if (!clientId || !clientSecret) {
      return new OAuth2Error("invalid_client", { description: "X-Client-Id and X-Client-Secret are both required" });
    }
    return { clientId, clientSecret };
  },
};

const headerPair = (clientId: string, clientSecret: string) => ({
  "x-client-id": clientId,
  "x-client-secret": clientSecret,
});

describe("ClientCredentialsFlowBuilder options", () => {
  it("applies every documented default", () => {
    const flow = withCallbacks(new ClientCredentialsFlowBuilder()).build();
    expect(flow.configuration).toStrictEqual({
      tokenEndpoint: "/token",
      accessTokenLifetime: 3600,
      securitySchemeName: "clientCredentials",
      description: undefined,
      scopes: {},
      defaultScopes: [],
      tokenType: bearerTokenType,
      issuer: undefined,
      clientAuthenticationMethods: [clientSecretBasic],
      tokenEndpointAuthSigningAlgValuesSupported: [],
      // Checked in detail by client-assertion-options.test.ts.
      clientAssertion: expect.objectContaining({ acceptTokenEndpointAudience: false, clockSkew: 60, maxLifetime: 300 }),
      realm: "oauth2",
      maxBodySize: 65_536,
      trustForwardedHeaders: false,
      requireHttps: false,
      acceptFormBodyToken: false,
      acceptQueryToken: false,
      resources: [],
      jwksUri: undefined,
      protectedResource: undefined,
      protectedResourceMetadataUrl: undefined,
      maxParameters: 64,
      maxAuthorizationHeaderLength: 8192,
      maxTokenLength: 4096,
      callbackTimeout: 10_000,
      clientAuthenticationRateLimit: undefined,
    });
  });

  it("collects the signing algorithms of the enabled methods, once each (RFC 8414 §2)", () => {
    const signed = (name: string, algs: string[]) => ({
      name,
      signingAlgValuesSupported: algs,
      isUsedBy: () => false,
      readCredentials: () => ({ clientId: "x" }),
    });
    const flow = buildWith({
      clientAuthenticationMethods: [
        signed("a_jwt", ["ES256", "RS256"]),
        signed("b_jwt", ["RS256", "HS256"]),
        "client_secret_basic",
      ],
    });
    expect(flow.configuration.tokenEndpointAuthSigningAlgValuesSupported).toEqual(["ES256", "RS256", "HS256"]);
  });

  const dpop = { name: "DPoP" };
  it.each<
    [
      Exclude<keyof ClientCredentialsFlowOptions, "events" | "clientAuthenticationRateLimit">,
      unknown,
      (builder: ClientCredentialsFlowBuilder) => unknown,
    ]
  >([
    [
      "tokenEndpoint",
      "https://as.example.com/oauth/token",
      (b) => b.setTokenEndpoint("https://as.example.com/oauth/token"),
    ],
    ["accessTokenLifetime", 900, (b) => b.setAccessTokenLifetime(900)],
    ["securitySchemeName", "serviceAuth", (b) => b.setSecuritySchemeName("serviceAuth")],
    ["description", "Service to service", (b) => b.setDescription("Service to service")],
    ["scopes", { "data:read": "Read data" }, (b) => b.setScopes({ "data:read": "Read data" })],
    ["defaultScopes", ["data:read"], (b) => b.setDefaultScopes(["data:read"])],
    ["issuer", "https://as.example.com", (b) => b.setIssuer("https://as.example.com")],
    ["tokenType", dpop, (b) => b.setTokenType(dpop)],
    ["realm", "api", (b) => b.setRealm("api")],
    ["maxBodySize", 1024, (b) => b.setMaxBodySize(1024)],
    ["trustForwardedHeaders", true, (b) => b.setTrustForwardedHeaders(true)],
    ["requireHttps", true, (b) => b.setRequireHttps(true)],
    ["maxParameters", 16, (b) => b.setMaxParameters(16)],
    ["maxAuthorizationHeaderLength", 2048, (b) => b.setMaxAuthorizationHeaderLength(2048)],
    ["maxTokenLength", 1024, (b) => b.setMaxTokenLength(1024)],
    ["callbackTimeout", 250, (b) => b.setCallbackTimeout(250)],
  ])("sets %s to the same value from the constructor and from its setter", (option, value, set) => {
    const viaConstructor = buildWith({ [option]: value }).configuration[option];
    const builder = new ClientCredentialsFlowBuilder();
    set(builder);
    const viaSetter = withCallbacks(builder).build().configuration[option];
    expect(viaConstructor).toEqual(value);
    expect(viaSetter).toEqual(value);
  });

  it.each(["acceptFormBodyToken", "acceptQueryToken"] as const)("takes %s: true from the constructor", (option) => {
    expect(buildWith({ [option]: true }).configuration[option]).toBe(true);
  });

  it('keeps "Bearer" passed to setTokenType as the Bearer token type', () => {
    const builder = withCallbacks(new ClientCredentialsFlowBuilder({ tokenType: dpop })).setTokenType("Bearer");
    expect(builder.build().configuration.tokenType).toStrictEqual(bearerTokenType);
  });

  it("takes clientAuthenticationMethods from the constructor and from addClientAuthenticationMethod alike", () => {
    const viaConstructor = buildWith({ clientAuthenticationMethods: ["client_secret_post"] });
    const viaSetter = withCallbacks(new ClientCredentialsFlowBuilder())
      .addClientAuthenticationMethod("client_secret_post")
      .build();
    expect(methodNames(viaConstructor)).toEqual(["client_secret_post"]);
    expect(methodNames(viaSetter)).toEqual(["client_secret_post"]);
  });

  it("adds methods after those passed to the constructor, each once", () => {
    const flow = withCallbacks(
      new ClientCredentialsFlowBuilder({ clientAuthenticationMethods: ["client_secret_post"] }),
    )
      .addClientAuthenticationMethod("client_secret_basic")
      .addClientAuthenticationMethod("client_secret_post")
      .build();
    expect(flow.configuration.clientAuthenticationMethods).toEqual([clientSecretPost, clientSecretBasic]);
  });

  it("collapses duplicate default scopes, order kept", () => {
    const flow = buildWith({ defaultScopes: ["b", "a", "b"] });
    expect(flow.configuration.defaultScopes).toEqual(["b", "a"]);
  });

  it("accepts any scope-token as a default scope when no scopes are configured (RFC 6749 §3.3)", () => {
    expect(buildWith({ defaultScopes: ["anything:goes"] }).configuration.defaultScopes).toEqual(["anything:goes"]);
  });
});

describe("ClientCredentialsFlowBuilder setters", () => {
  it.each<[string, (builder: ClientCredentialsFlowBuilder) => ClientCredentialsFlowBuilder]>([
    ["setTokenEndpoint", (b) => b.setTokenEndpoint("/oauth/token")],
    ["setAccessTokenLifetime", (b) => b.setAccessTokenLifetime(60)],
    ["setSecuritySchemeName", (b) => b.setSecuritySchemeName("auth")],
    ["setDescription", (b) => b.setDescription("text")],
    ["setScopes", (b) => b.setScopes({ read: "Read" })],
    ["setDefaultScopes", (b) => b.setDefaultScopes(["read"])],
    ["setIssuer", (b) => b.setIssuer("https://as.example.com")],
    ["setTokenType", (b) => b.setTokenType("Bearer")],
    ["setRealm", (b) => b.setRealm("api")],
    ["setMaxBodySize", (b) => b.setMaxBodySize(10)],
    ["setTrustForwardedHeaders", (b) => b.setTrustForwardedHeaders(true)],
    ["setRequireHttps", (b) => b.setRequireHttps(true)],
    ["addClientAuthenticationMethod", (b) => b.addClientAuthenticationMethod("client_secret_post")],
    ["removeClientAuthenticationMethod", (b) => b.removeClientAuthenticationMethod("client_secret_post")],
    ["getClient", (b) => b.getClient(() => undefined)],
    ["generateAccessToken", (b) => b.generateAccessToken(() => "token")],
    ["verifyToken", (b) => b.verifyToken(() => ({ isValid: false }))],
  ])("%s returns the builder itself", (_, call) => {
    const builder = new ClientCredentialsFlowBuilder();
    expect(call(builder)).toBe(builder);
  });

  it("works without chaining", () => {
    const builder = new ClientCredentialsFlowBuilder();
    builder.setTokenEndpoint("/oauth/token");
    builder.getClient(() => undefined);
    builder.generateAccessToken(() => "token");
    expect(builder.build().getTokenEndpoint()).toBe("/oauth/token");
  });

  it("does not validate in setters: the problem surfaces in build()", () => {
    const builder = withCallbacks(new ClientCredentialsFlowBuilder());
    expect(() => builder.setAccessTokenLifetime(-1).setRealm('"')).not.toThrow();
    expect(problemNames(buildError(() => builder.build()))).toEqual(["accessTokenLifetime", "realm"]);
  });
});

describe("ClientCredentialsFlowBuilder.build() validation", () => {
  it.each<[keyof ClientCredentialsFlowOptions, string, Record<string, unknown>]>([
    ["tokenEndpoint", "a relative path", { tokenEndpoint: "token" }],
    ["tokenEndpoint", "a network-path reference", { tokenEndpoint: "//evil.example/token" }],
    ["tokenEndpoint", "a URL with a fragment", { tokenEndpoint: "https://as.example.com/token#x" }],
    ["tokenEndpoint", "a non-http URL", { tokenEndpoint: "ftp://as.example.com/token" }],
    ["tokenEndpoint", "a number", { tokenEndpoint: 42 }],
    ["accessTokenLifetime", "zero", { accessTokenLifetime: 0 }],
    ["accessTokenLifetime", "a negative number", { accessTokenLifetime: -60 }],
    ["accessTokenLifetime", "a fraction", { accessTokenLifetime: 1.5 }],
    ["accessTokenLifetime", "a numeric string", { accessTokenLifetime: "3600" }],
    ["accessTokenLifetime", "NaN", { accessTokenLifetime: Number.NaN }],
    ["accessTokenLifetime", "Infinity", { accessTokenLifetime: Number.POSITIVE_INFINITY }],
    ["securitySchemeName", "an empty string", { securitySchemeName: "" }],
    ["description", "a number", { description: 42 }],
    ["scopes", "a key with a space", { scopes: { "read data": "Read" } }],
    ["scopes", "a key with a double quote", { scopes: { 'say"hi': "Say" } }],
    ["scopes", "a non-ASCII key", { scopes: { lesen: "Read", "schreiben:ä": "Write" } }],
    ["scopes", "a description that is not a string", { scopes: { read: 1 } }],
    ["scopes", "a string", { scopes: "read write" }],
    ["defaultScopes", "a scope that is not configured", { scopes: { read: "Read" }, defaultScopes: ["write"] }],
    ["defaultScopes", "a malformed scope", { defaultScopes: ["read data"] }],
    ["defaultScopes", "a string", { defaultScopes: "read" }],
    ["tokenType", "a lowercase bearer", { tokenType: "bearer" }],
    ["tokenType", "an object whose name is not an HTTP token", { tokenType: { name: "Bad Name" } }],
    ["tokenType", "an object without a name", { tokenType: {} }],
    ["clientAuthenticationMethods", "an unknown method name", { clientAuthenticationMethods: ["magic_link"] }],
    ["clientAuthenticationMethods", "an object without isUsedBy", { clientAuthenticationMethods: [{ name: "x" }] }],
    [
      "clientAuthenticationMethods",
      "a string instead of an array",
      { clientAuthenticationMethods: "client_secret_basic" },
    ],
    ["realm", "a double quote", { realm: 'a"b' }],
    ["realm", "a backslash", { realm: "a\\b" }],
    ["realm", "an empty string", { realm: "" }],
    ["realm", "a non-ASCII character", { realm: "réalm" }],
    ["maxBodySize", "zero", { maxBodySize: 0 }],
    ["maxBodySize", "a fraction", { maxBodySize: 1.5 }],
    ["trustForwardedHeaders", "a string", { trustForwardedHeaders: "true" }],
    ["requireHttps", "a number", { requireHttps: 1 }],
    ["acceptFormBodyToken", "null", { acceptFormBodyToken: null }],
    ["acceptQueryToken", "a string", { acceptQueryToken: "yes" }],
  ])("throws a TypeError naming only %s for %s", (option, _, params) => {
    expect(problemNames(buildError(() => buildWith(params)))).toEqual([option]);
  });

  it.each([
    ["http on a public host", "http://as.example.com"],
    ["a query", "https://as.example.com?tenant=1"],
    ["an empty query", "https://as.example.com/?"],
    ["a fragment", "https://as.example.com#top"],
    ["an empty fragment", "https://as.example.com/#"],
    ["a non-http scheme", "ftp://as.example.com"],
    ["a relative reference", "/issuer"],
    ["an empty string", ""],
  ])("rejects an issuer with %s (RFC 8414 §2)", (_, issuer) => {
    expect(problemNames(buildError(() => buildWith({ issuer })))).toEqual(["issuer"]);
  });

  it.each([
    "https://as.example.com",
    "https://as.example.com/",
    "https://as.example.com/tenants/42",
    "https://as.example.com:8443",
    "http://localhost",
    "http://localhost:8080/realms/dev",
    "http://127.0.0.1:3000",
    "http://[::1]:3000",
  ])("accepts the issuer %s (RFC 8414 §2; http only on loopback)", (issuer) => {
    expect(buildWith({ issuer }).configuration.issuer).toBe(issuer);
  });

  it("lists several problems, every invalid option and missing callback, in ONE TypeError", () => {
    const builder = new ClientCredentialsFlowBuilder({
      accessTokenLifetime: 0,
      realm: 'a"b',
      issuer: "http://as.example.com",
      scopes: { "bad scope": "Bad" },
    });
    const error = buildError(() => builder.build());
    expect(problemNames(error).sort()).toEqual(
      ["accessTokenLifetime", "generateAccessToken", "getClient", "issuer", "realm", "scopes"].sort(),
    );
  });

  it.each(["getClient", "generateAccessToken"] as const)("names the missing %s callback", (name) => {
    const builder = new ClientCredentialsFlowBuilder();
    if (name !== "getClient") builder.getClient(() => undefined);
    if (name !== "generateAccessToken") builder.generateAccessToken(() => "token");
    expect(problemNames(buildError(() => builder.build()))).toEqual([name]);
  });

  it.each(["getClient", "generateAccessToken", "verifyToken"] as const)(
    "names %s when it is not a function",
    (name) => {
      const builder = withCallbacks(new ClientCredentialsFlowBuilder());
      (builder[name] as (handler: unknown) => unknown)("not a function");
      expect(problemNames(buildError(() => builder.build()))).toEqual([name]);
    },
  );

  it("builds without a verifyToken handler: it is optional", () => {
    expect(() => withCallbacks(new ClientCredentialsFlowBuilder()).build()).not.toThrow();
  });

  it("names an unknown option key in the TypeError", () => {
    const error = buildError(() => buildWith({ tokenEndpont: "/token" }));
    expect(error.message).toContain("tokenEndpont");
  });

  it.each([null, "/token", 42])("throws a TypeError when the constructor gets %j instead of an object", (params) => {
    expect(() => new ClientCredentialsFlowBuilder(params as Options)).toThrow(TypeError);
  });
});

describe('ClientCredentialsFlowBuilder client authentication methods (RFC 6749 §2.3, "none")', () => {
  const noneObject = { name: "none" } as ClientAuthenticationMethod;

  it.each([
    ["string", "none"],
    ["object", noneObject],
  ] as const)('ignores "none" given as a %s: client_secret_basic stays the only method', (_, none) => {
    const flow = withCallbacks(new ClientCredentialsFlowBuilder()).addClientAuthenticationMethod(none).build();
    expect(methodNames(flow)).toEqual(["client_secret_basic"]);
  });

  it.each([
    ["string", "none"],
    ["object", noneObject],
  ] as const)('ignores "none" given as a %s beside client_secret_post', (_, none) => {
    const flow = buildWith({ clientAuthenticationMethods: [none, "client_secret_post"] });
    expect(methodNames(flow)).toEqual(["client_secret_post"]);
  });

  it('still answers a request with only client_id (a public client) with 401 invalid_client when "none" was added (RFC 6749 §4.4)', async () => {
    const getClient = vi.fn<GetClientHandler>(() => undefined);
    const { flow } = makeFlow({ clientAuthenticationMethods: ["none"] }, (builder) => builder.getClient(getClient));
    const request = tokenRequest({ grant_type: "client_credentials", client_id: "service-a" });
    expect(await tokenOutcome(flow, request)).toEqual({
      status: 401,
      challenge: 'Basic realm="oauth2"',
      body: { error: "invalid_client", error_description: "Client authentication is required" },
    });
    expect(getClient).not.toHaveBeenCalled();
  });

  it("uses client_secret_basic when no method was added: Basic credentials get a token (RFC 6749 §2.3.1)", async () => {
    const { flow } = makeFlow({ clientAuthenticationMethods: [] });
    expect((await tokenOutcome(flow, basicTokenRequest())).status).toBe(200);
  });

  it("rejects client_secret_post credentials with 400 invalid_client when no method was added (RFC 6749 §2.3.1, §5.2)", async () => {
    const { flow } = makeFlow({ clientAuthenticationMethods: [] });
    expect(await tokenOutcome(flow, tokenRequest(postCredentials))).toEqual({
      status: 400,
      challenge: null,
      body: { error: "invalid_client", error_description: "The client authentication method is not allowed" },
    });
  });

  it("removeClientAuthenticationMethod stops accepting the method: Basic then gets 401 invalid_client (RFC 6749 §5.2)", async () => {
    const { flow } = makeFlow({}, (builder) => builder.removeClientAuthenticationMethod("client_secret_basic"));
    expect(methodNames(flow)).toEqual(["client_secret_post"]);
    expect(await tokenOutcome(flow, basicTokenRequest())).toEqual({
      status: 401,
      challenge: 'Basic realm="oauth2"',
      body: { error: "invalid_client", error_description: "The client authentication method is not allowed" },
    });
    expect((await tokenOutcome(flow, tokenRequest(postCredentials))).status).toBe(200);
  });

  it("removeClientAuthenticationMethod removes a custom method object by its name", () => {
    const flow = withCallbacks(new ClientCredentialsFlowBuilder())
      .addClientAuthenticationMethod(clientHeaderPair)
      .addClientAuthenticationMethod("client_secret_post")
      .removeClientAuthenticationMethod("client_header_pair")
      .build();
    expect(methodNames(flow)).toEqual(["client_secret_post"]);
  });

  it("falls back to client_secret_basic when every method was removed", () => {
    const flow = buildWith({ clientAuthenticationMethods: ["client_secret_post"] });
    expect(methodNames(flow)).toEqual(["client_secret_post"]);
    const emptied = withCallbacks(
      new ClientCredentialsFlowBuilder({ clientAuthenticationMethods: ["client_secret_post"] }),
    )
      .removeClientAuthenticationMethod("client_secret_post")
      .build();
    expect(methodNames(emptied)).toEqual(["client_secret_basic"]);
  });

  it("ignores removing a method that was never added", () => {
    const { flow } = makeFlow({}, (builder) => builder.removeClientAuthenticationMethod("private_key_jwt"));
    expect(methodNames(flow)).toEqual(["client_secret_basic", "client_secret_post"]);
  });
});

describe("custom ClientAuthenticationMethod objects (RFC 6749 §2.3: other methods MAY be used)", () => {
  function headerPairFlow(methods: Options["clientAuthenticationMethods"] = [clientHeaderPair]) {
    const getClient = vi.fn<GetClientHandler>(async ({ clientId, clientSecret }) => {
      const client = CLIENTS[clientId];
      return client !== undefined && (await verifyClientSecret(clientSecret, client.secret)) ? client : undefined;
    });
    const { flow } = makeFlow({ clientAuthenticationMethods: methods }, (builder) => builder.getClient(getClient));
    return { flow, getClient };
  }
  const grant = { grant_type: "client_credentials" };

  it("accepts the custom method object and issues a token through it", async () => {
    const { flow, getClient } = headerPairFlow();
    expect(flow.configuration.clientAuthenticationMethods).toEqual([clientHeaderPair]);
    const outcome = await tokenOutcome(flow, tokenRequest(grant, headerPair("service-a", "secret-a")));
    expect(outcome.status).toBe(200);
    expect(getClient.mock.calls[0]?.[0]).toStrictEqual({
      clientId: "service-a",
      clientSecret: "secret-a",
      grantType: "client_credentials",
      scope: undefined,
      authenticationMethod: "client_header_pair",
    });
  });

  it("answers a wrong secret through the custom method with 400 invalid_client and no challenge (RFC 6749 §5.2)", async () => {
    const { flow } = headerPairFlow();
    expect(await tokenOutcome(flow, tokenRequest(grant, headerPair("service-a", "wrong")))).toEqual({
      status: 400,
      challenge: null,
      body: { error: "invalid_client", error_description: "Client authentication failed" },
    });
  });

  it("answers the method's own invalid_client (a missing X-Client-Secret) with 400 invalid_client", async () => {
    const { flow, getClient } = headerPairFlow();
    const outcome = await tokenOutcome(flow, tokenRequest(grant, { "x-client-id": "service-a" }));
    expect(outcome).toEqual({
      status: 400,
      challenge: null,
      body: { error: "invalid_client", error_description: "X-Client-Id and X-Client-Secret are both required" },
    });
    expect(getClient).not.toHaveBeenCalled();
  });

  it("answers the custom method together with Basic with 400 invalid_request (RFC 6749 §2.3: MUST NOT use more than one)", async () => {
    const { flow } = headerPairFlow([clientHeaderPair, "client_secret_basic"]);
    const headers = { ...headerPair("service-a", "secret-a"), authorization: basic("service-a", "secret-a") };
    const outcome = await tokenOutcome(flow, tokenRequest(grant, headers));
    expect(outcome.status).toBe(400);
    expect(outcome.body).toMatchObject({ error: "invalid_request" });
  });

  it("does not recognise the header pair on a flow without the method: 401 invalid_client, Basic challenge", async () => {
    const { flow } = headerPairFlow(["client_secret_basic"]);
    const outcome = await tokenOutcome(flow, tokenRequest(grant, headerPair("service-a", "secret-a")));
    expect(outcome).toEqual({
      status: 401,
      challenge: 'Basic realm="oauth2"',
      body: { error: "invalid_client", error_description: "Client authentication is required" },
    });
  });

  it("calls a custom method's verifyClient with the client and claim, and answers its error as invalid_client", async () => {
    const verifyClient = vi.fn(() => new OAuth2Error("invalid_client", { description: "Proof rejected" }));
    const { flow } = headerPairFlow([{ ...clientHeaderPair, verifyClient }]);
    const outcome = await tokenOutcome(flow, tokenRequest(grant, headerPair("service-a", "secret-a")));
    expect(outcome).toEqual({
      status: 400,
      challenge: null,
      body: { error: "invalid_client", error_description: "Proof rejected" },
    });
    expect(verifyClient).toHaveBeenCalledWith(
      CLIENTS["service-a"],
      { clientId: "service-a", clientSecret: "secret-a" },
      expect.objectContaining({ request: expect.any(Request) }),
    );
  });
});

describe("ClientCredentialsFlowBuilder.build() snapshot and frozen configuration", () => {
  it("keeps a built flow unchanged when the builder changes afterwards", async () => {
    const builder = withCallbacks(new ClientCredentialsFlowBuilder({ scopes: { read: "Read" } })).generateAccessToken(
      () => "first-token",
    );
    builder.getClient(({ clientId }) => CLIENTS[clientId]);
    const flow = builder.build();
    builder
      .setTokenEndpoint("/changed")
      .setScopes({ write: "Write" })
      .setAccessTokenLifetime(1)
      .setRealm("changed")
      .addClientAuthenticationMethod("client_secret_post")
      .getClient(() => undefined)
      .generateAccessToken(() => "second-token");

    expect(flow.getTokenEndpoint()).toBe("/token");
    expect(flow.configuration.scopes).toEqual({ read: "Read" });
    expect(flow.configuration.accessTokenLifetime).toBe(3600);
    expect(flow.configuration.realm).toBe("oauth2");
    expect(methodNames(flow)).toEqual(["client_secret_basic"]);
    const result = await flow.token(basicTokenRequest());
    expect(result.success ? result.tokenResponse.access_token : result.error.code).toBe("first-token");
  });

  it("builds independent flows from one builder", () => {
    const builder = withCallbacks(new ClientCredentialsFlowBuilder());
    const first = builder.build();
    const second = builder.setTokenEndpoint("/second").build();
    expect([first.getTokenEndpoint(), second.getTokenEndpoint()]).toEqual(["/token", "/second"]);
  });

  it("is not changed by mutating the scopes, defaultScopes and methods passed in", () => {
    const scopes: Record<string, string> = { read: "Read", write: "Write" };
    const defaultScopes = ["read"];
    const methods: Array<"client_secret_basic" | "client_secret_post"> = ["client_secret_basic"];
    const flow = buildWith({ scopes, defaultScopes, clientAuthenticationMethods: methods });

    scopes.read = "Changed";
    scopes.admin = "Admin";
    defaultScopes.push("write");
    methods.push("client_secret_post");

    expect(flow.configuration.scopes).toEqual({ read: "Read", write: "Write" });
    expect(flow.configuration.defaultScopes).toEqual(["read"]);
    expect(methodNames(flow)).toEqual(["client_secret_basic"]);
  });

  it("is not changed by mutating the methods array after passing it to the constructor", () => {
    const methods: Array<"client_secret_basic" | "client_secret_post"> = ["client_secret_post"];
    const builder = withCallbacks(new ClientCredentialsFlowBuilder({ clientAuthenticationMethods: methods }));
    methods.push("client_secret_basic");
    expect(methodNames(builder.build())).toEqual(["client_secret_post"]);
  });

  it("freezes the configuration, its scopes, defaultScopes and clientAuthenticationMethods, and the flow", () => {
    const { flow } = makeFlow({ defaultScopes: ["read:data"] });
    const { configuration } = flow;
    expect([
      Object.isFrozen(flow),
      Object.isFrozen(configuration),
      Object.isFrozen(configuration.scopes),
      Object.isFrozen(configuration.defaultScopes),
      Object.isFrozen(configuration.clientAuthenticationMethods),
    ]).toEqual([true, true, true, true, true]);
  });

  it("throws a TypeError on writes to the frozen configuration (ES modules are strict)", () => {
    const { configuration } = makeFlow().flow;
    const writable = configuration as { -readonly [K in keyof typeof configuration]: unknown };
    expect(() => {
      writable.realm = "changed";
    }).toThrow(TypeError);
    expect(() => {
      (configuration.scopes as Record<string, string>).admin = "Admin";
    }).toThrow(TypeError);
    expect(() => (configuration.defaultScopes as string[]).push("x")).toThrow(TypeError);
    expect(configuration.realm).toBe("oauth2");
  });

  it("freezes the built-in method objects shared by every flow", () => {
    expect([Object.isFrozen(clientSecretBasic), Object.isFrozen(clientSecretPost)]).toEqual([true, true]);
  });
});

describe("flow.getTokenEndpoint()", () => {
  it.each([
    [{}, "/token"],
    [{ tokenEndpoint: "/oauth2/token" }, "/oauth2/token"],
    [{ tokenEndpoint: "https://as.example.com/oauth2/token" }, "https://as.example.com/oauth2/token"],
  ])("returns the configured endpoint for %j", (params, expected) => {
    expect(buildWith(params).getTokenEndpoint()).toBe(expected);
  });
});

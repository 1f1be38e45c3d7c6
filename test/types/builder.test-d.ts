import { describe, expectTypeOf, it } from "vitest";
import {
  bearerTokenType,
  type ClientCredentialsFlow,
  ClientCredentialsFlowBuilder,
  type ClientCredentialsFlowOptions,
  type ClientCredentialsGrantContext,
  type ClientCredentialsTokenRequest,
  type OAuth2Client,
  type TokenType,
  type VerifyTokenHandlerContext,
  type VerifyTokenHandlerResult,
} from "../../src/index.js";

declare const builder: ClientCredentialsFlowBuilder;

describe("ClientCredentialsFlowBuilder options", () => {
  it("takes an optional Partial<ClientCredentialsFlowOptions> in its constructor", () => {
    expectTypeOf(ClientCredentialsFlowBuilder).constructorParameters.toEqualTypeOf<
      [params?: Partial<ClientCredentialsFlowOptions>]
    >();
    new ClientCredentialsFlowBuilder({ accessTokenLifetime: 60, scopes: { "read:data": "Read" } });
    // @ts-expect-error unknown option
    new ClientCredentialsFlowBuilder({ tokenEndpont: "/token" });
    // @ts-expect-error accessTokenLifetime is a number of seconds
    new ClientCredentialsFlowBuilder({ accessTokenLifetime: "3600" });
  });

  it('setTokenType takes "Bearer" or a TokenType, no other string', () => {
    expectTypeOf(builder.setTokenType).parameter(0).toEqualTypeOf<"Bearer" | TokenType>();
    builder.setTokenType("Bearer");
    builder.setTokenType(bearerTokenType);
    builder.setTokenType({ name: "DPoP" });
    // @ts-expect-error token type names are not free strings
    builder.setTokenType("DPoP");
    // @ts-expect-error "Bearer" is case-sensitive here
    builder.setTokenType("bearer");
  });

  it("addClientAuthenticationMethod takes the built-in method names, not others", () => {
    builder.addClientAuthenticationMethod("client_secret_basic").addClientAuthenticationMethod("client_secret_post");
    // @ts-expect-error not a built-in method name
    builder.addClientAuthenticationMethod("client_secret_jwt_typo");
  });
});

describe("ClientCredentialsFlowBuilder setters", () => {
  type Setter = Exclude<keyof ClientCredentialsFlowBuilder, "build">;

  it("are exactly the documented setters and callbacks besides build()", () => {
    expectTypeOf<Setter>().toEqualTypeOf<
      | "setTokenEndpoint"
      | "setAccessTokenLifetime"
      | "setSecuritySchemeName"
      | "setDescription"
      | "setScopes"
      | "setDefaultScopes"
      | "setIssuer"
      | "setResources"
      | "setJwksUri"
      | "setProtectedResource"
      | "setTokenType"
      | "setRealm"
      | "setMaxBodySize"
      | "setTrustForwardedHeaders"
      | "setRequireHttps"
      | "setMaxParameters"
      | "setMaxAuthorizationHeaderLength"
      | "setMaxTokenLength"
      | "setCallbackTimeout"
      | "setClientAuthenticationRateLimit"
      | "setEvents"
      | "addClientAuthenticationMethod"
      | "removeClientAuthenticationMethod"
      | "getClient"
      | "generateAccessToken"
      | "verifyToken"
      | "isResourceAllowed"
    >();
  });

  it("all return the builder type, so calls chain", () => {
    expectTypeOf<ReturnType<ClientCredentialsFlowBuilder[Setter]>>().toEqualTypeOf<ClientCredentialsFlowBuilder>();
    expectTypeOf(
      builder.setRealm("api").setMaxBodySize(1024).setRequireHttps(true),
    ).toEqualTypeOf<ClientCredentialsFlowBuilder>();
  });

  it("return the subclass type when the builder is extended (polymorphic this)", () => {
    class AppBuilder extends ClientCredentialsFlowBuilder {}
    expectTypeOf(new AppBuilder().setRealm("api").setScopes({})).toEqualTypeOf<AppBuilder>();
  });

  it("build() returns a ClientCredentialsFlow", () => {
    expectTypeOf(builder.build).returns.toEqualTypeOf<ClientCredentialsFlow>();
  });
});

describe("callback parameter types", () => {
  it("getClient receives the ClientCredentialsTokenRequest and the Request", () => {
    builder.getClient((tokenRequest, httpRequest) => {
      expectTypeOf(tokenRequest).toEqualTypeOf<ClientCredentialsTokenRequest>();
      expectTypeOf(tokenRequest.grantType).toEqualTypeOf<"client_credentials">();
      expectTypeOf(tokenRequest.scope).toEqualTypeOf<string[] | undefined>();
      expectTypeOf(httpRequest).toEqualTypeOf<Request>();
      return undefined;
    });
    builder.getClient(async ({ clientId }) => ({ id: clientId, scopes: ["read:data"] }));
    // @ts-expect-error a client needs a string id
    builder.getClient(() => ({ id: 1 }));
  });

  it("generateAccessToken receives the grant context and returns a token string or object", () => {
    builder.generateAccessToken((context) => {
      expectTypeOf(context).toEqualTypeOf<ClientCredentialsGrantContext>();
      expectTypeOf(context.client).toEqualTypeOf<OAuth2Client>();
      expectTypeOf(context.scope).toEqualTypeOf<string[]>();
      expectTypeOf(context.accessTokenLifetime).toEqualTypeOf<number>();
      expectTypeOf(context.request).toEqualTypeOf<Request>();
      return { accessToken: "t", expiresIn: 60, scope: context.scope };
    });
    builder.generateAccessToken(async () => "token");
    // @ts-expect-error a token is not a number
    builder.generateAccessToken(() => 42);
  });

  it("verifyToken's handler receives the token and its context and returns { isValid }", () => {
    builder.verifyToken((token, context) => {
      expectTypeOf(token).toEqualTypeOf<string>();
      expectTypeOf(context).toEqualTypeOf<VerifyTokenHandlerContext>();
      expectTypeOf(context.request).toEqualTypeOf<Request>();
      return { isValid: true, credentials: { app: { id: "service-a" }, scope: ["read:data"] } };
    });
    expectTypeOf<
      Awaited<ReturnType<Parameters<typeof builder.verifyToken>[0]>>
    >().toEqualTypeOf<VerifyTokenHandlerResult>();
    // @ts-expect-error isValid is required
    builder.verifyToken(() => ({ valid: true }));
  });
});

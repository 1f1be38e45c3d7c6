import type { JWK } from "jose";
import { describe, expectTypeOf, it } from "vitest";
import type {
  AccessTokenJwk,
  AuthorizationServerMetadata,
  ClientCredentialsFlow,
  GenerateAccessTokenHandler,
  Jwk,
  JwtAccessTokenCredentials,
  JwtAccessTokens,
  JwtVerifyTokenResult,
  ProtectedResourceMetadata,
  VerifyTokenHandler,
} from "../../src/index.js";

declare const tokens: JwtAccessTokens;
declare const flow: ClientCredentialsFlow;

describe("the jwtAccessTokens pair", () => {
  it("plugs into the builder: its handlers are the builder's handler types", () => {
    expectTypeOf(tokens.generateAccessToken).toExtend<GenerateAccessTokenHandler>();
    expectTypeOf(tokens.verifyToken).toExtend<VerifyTokenHandler>();
  });

  it("gives typed credentials: app.id, scope as an array, the claims", async () => {
    const result = await tokens.verifyToken("token");
    expectTypeOf(result).toEqualTypeOf<JwtVerifyTokenResult>();
    if (result.isValid) {
      expectTypeOf(result.credentials).toEqualTypeOf<JwtAccessTokenCredentials>();
      expectTypeOf(result.credentials.app.id).toEqualTypeOf<string>();
      expectTypeOf(result.credentials.scope).toEqualTypeOf<readonly string[]>();
      expectTypeOf(result.credentials.claims.client_id).toEqualTypeOf<string>();
    } else {
      expectTypeOf(result.message).toEqualTypeOf<string>();
    }
  });

  it("publishes keys whose kid and alg are always there", () => {
    expectTypeOf(tokens.jwks().keys).toEqualTypeOf<AccessTokenJwk[]>();
    expectTypeOf<AccessTokenJwk["kid"]>().toEqualTypeOf<string>();
  });

  it("takes and gives JWKs that fit jose's and the DOM's JWK types, both ways", () => {
    expectTypeOf<Jwk>().toExtend<JWK>();
    expectTypeOf<AccessTokenJwk>().toExtend<JsonWebKey>();
    expectTypeOf<JsonWebKey>().toExtend<Jwk>();
    expectTypeOf<Jwk>().toExtend<Record<string, unknown>>();
  });
});

describe("the metadata documents", () => {
  it("are plain objects with RFC 8414 and RFC 9728 member names", () => {
    expectTypeOf(flow.getMetadata()).toEqualTypeOf<AuthorizationServerMetadata>();
    expectTypeOf(flow.getProtectedResourceMetadata()).toEqualTypeOf<ProtectedResourceMetadata>();
    expectTypeOf<AuthorizationServerMetadata["issuer"]>().toEqualTypeOf<string>();
    expectTypeOf<AuthorizationServerMetadata["grant_types_supported"]>().toEqualTypeOf<string[]>();
    expectTypeOf<ProtectedResourceMetadata["resource"]>().toEqualTypeOf<string>();
  });
});

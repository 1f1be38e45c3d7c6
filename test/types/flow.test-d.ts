import { describe, expectTypeOf, it } from "vitest";
import type {
  AuthCredentials,
  ClientCredentialsFlow,
  OAuth2Client,
  OAuth2Error,
  OpenAPISecurityScheme,
  TokenResponseBody,
  TokenResult,
  VerifyTokenOptions,
  VerifyTokenResult,
} from "../../src/index.js";

declare const flow: ClientCredentialsFlow;
declare const request: Request;

describe("flow.token() result", () => {
  it("is a TokenResult promise", () => {
    expectTypeOf(flow.token).parameters.toEqualTypeOf<[Request]>();
    expectTypeOf(flow.token).returns.toEqualTypeOf<Promise<TokenResult>>();
  });

  it("narrows on success to tokenResponse, grantType and client, without error", () => {
    const result = {} as TokenResult;
    if (result.success) {
      expectTypeOf(result.tokenResponse).toEqualTypeOf<TokenResponseBody>();
      expectTypeOf(result.grantType).toEqualTypeOf<"client_credentials">();
      expectTypeOf(result.client).toEqualTypeOf<OAuth2Client>();
      expectTypeOf(result).not.toHaveProperty("error");
    }
  });

  it("narrows on failure to an OAuth2Error, without tokenResponse", () => {
    const result = {} as TokenResult;
    if (!result.success) {
      expectTypeOf(result.error).toEqualTypeOf<OAuth2Error>();
      expectTypeOf(result).not.toHaveProperty("tokenResponse");
    }
  });

  it("renders a Response either way", () => {
    expectTypeOf<TokenResult["toResponse"]>().returns.toEqualTypeOf<Response>();
  });

  it("has the RFC 6749 §5.1 body members, scope optional and no refresh_token", () => {
    expectTypeOf<TokenResponseBody>().toEqualTypeOf<{
      access_token: string;
      token_type: string;
      expires_in: number;
      scope?: string;
    }>();
  });
});

describe("flow.verifyToken()", () => {
  it("takes a Request and optional VerifyTokenOptions and resolves to a VerifyTokenResult", () => {
    expectTypeOf(flow.verifyToken).parameter(0).toEqualTypeOf<Request>();
    expectTypeOf(flow.verifyToken).parameter(1).toEqualTypeOf<VerifyTokenOptions | undefined>();
    expectTypeOf(flow.verifyToken).returns.toEqualTypeOf<Promise<VerifyTokenResult>>();
  });

  it("takes scopes as a string array, not a space-separated string", () => {
    expectTypeOf(flow.verifyToken(request, { scopes: ["read:data"] })).resolves.toEqualTypeOf<VerifyTokenResult>();
    // @ts-expect-error scopes is an array
    void flow.verifyToken(request, { scopes: "read:data" });
  });

  it("narrows on success to token and credentials, without toResponse", () => {
    const result = {} as VerifyTokenResult;
    if (result.success) {
      expectTypeOf(result.token).toEqualTypeOf<string>();
      expectTypeOf(result.credentials).toEqualTypeOf<AuthCredentials>();
      expectTypeOf(result).not.toHaveProperty("toResponse");
    } else {
      expectTypeOf(result.error).toEqualTypeOf<OAuth2Error>();
      expectTypeOf(result.toResponse).returns.toEqualTypeOf<Response>();
      expectTypeOf(result).not.toHaveProperty("credentials");
    }
  });
});

describe("flow.toOpenAPISecurityScheme()", () => {
  it("returns OpenAPI 3.1 OAuth2 security schemes keyed by name, with a clientCredentials flow", () => {
    expectTypeOf(flow.toOpenAPISecurityScheme).returns.toEqualTypeOf<Record<string, OpenAPISecurityScheme>>();
    expectTypeOf<OpenAPISecurityScheme>().toEqualTypeOf<{
      type: "oauth2";
      description?: string;
      flows: { clientCredentials: { scopes: Record<string, string>; tokenUrl: string } };
    }>();
  });
});

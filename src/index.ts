export { ClientCredentialsFlowBuilder } from "./builder.js";
export { clientSecretBasic } from "./client-auth/client-secret-basic.js";
export { clientSecretPost } from "./client-auth/client-secret-post.js";
export type {
  ClientAuthenticationInput,
  ClientAuthenticationMethod,
  ClientCredentialsClaim,
} from "./client-auth/method.js";
export {
  type ClientSecretHashAlgorithm,
  type HashClientSecretOptions,
  hashClientSecret,
  verifyClientSecret,
} from "./client-secret.js";
export {
  defaultStatusFor,
  isOAuth2Error,
  OAuth2Error,
  type OAuth2ErrorBody,
  type OAuth2ErrorCode,
  type OAuth2ErrorOptions,
} from "./errors.js";
export { ClientCredentialsFlow } from "./flow.js";
export type {
  OpenAPIComponents,
  OpenAPIOperationSecurity,
  OpenAPIPaths,
  OpenAPIReference,
  OpenAPISecurityRequirement,
  OpenAPISecurityScheme,
} from "./openapi/documents.js";
export type {
  ClientAuthenticationMethodName,
  ClientCredentialsFlowConfiguration,
  ClientCredentialsFlowOptions,
} from "./options.js";
export { formUrlDecode, formUrlEncode } from "./request/form-urlencoded.js";
export type { TokenRequestParameters } from "./request/parse-token-request.js";
export { bearerTokenType, type TokenType } from "./token-types/token-type.js";
export type {
  AuthCredentials,
  ClientCredentialsGrantContext,
  ClientCredentialsTokenRequest,
  GenerateAccessTokenHandler,
  GetClientHandler,
  JsonWebKeySet,
  OAuth2AccessTokenResult,
  OAuth2Client,
  OAuth2FlowTokenResponse,
  TokenResponseBody,
  TokenResult,
  VerifyTokenHandler,
  VerifyTokenHandlerContext,
  VerifyTokenHandlerResult,
  VerifyTokenOptions,
  VerifyTokenResult,
} from "./types.js";

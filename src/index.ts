export { ClientCredentialsFlowBuilder } from "./builder.js";
export { CallbackTimeoutError } from "./callback-timeout.js";
export type { ClientAssertionOptions, ResolvedClientAssertionOptions } from "./client-auth/client-assertion-options.js";
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
export type {
  ClientAuthenticationFailedEvent,
  ClientAuthenticationFailureReason,
  OAuth2FlowEvents,
  TokenIssuedEvent,
  TokenRejectedEvent,
  TokenRejectionReason,
} from "./events.js";
export { ClientCredentialsFlow } from "./flow.js";
export {
  type GenerateSigningKeyPairOptions,
  generateSigningKeyPair,
  type SigningKeyPair,
} from "./jwt/generate-key.js";
export type { AccessTokenJwk, Jwk, JwtAccessTokenAlgorithm, PublicJwkSet } from "./jwt/jwk.js";
export {
  type JwtAccessTokenContext,
  type JwtAccessTokens,
  type JwtAccessTokensOptions,
  jwtAccessTokens,
} from "./jwt/jwt-access-tokens.js";
export type { AccessTokenSigningKey } from "./jwt/key-set.js";
export type { JwtAccessTokenClaims } from "./jwt/sign-access-token.js";
export type { JwtAccessTokenCredentials, JwtVerifyTokenResult } from "./jwt/verify-access-token.js";
export type { AuthorizationServerMetadata } from "./metadata/authorization-server.js";
export type { ProtectedResourceMetadata } from "./metadata/protected-resource.js";
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
  ResolvedClientAuthenticationRateLimit,
} from "./options.js";
export { MemoryRateLimitStore, type MemoryRateLimitStoreOptions } from "./rate-limit/memory-rate-limit-store.js";
export type {
  ClientAuthenticationRateLimitOptions,
  RateLimitState,
  RateLimitStore,
} from "./rate-limit/rate-limit-store.js";
export { MemoryReplayStore, type MemoryReplayStoreOptions } from "./replay/memory-replay-store.js";
export type { ReplayStore } from "./replay/replay-store.js";
export { formUrlDecode, formUrlEncode } from "./request/form-urlencoded.js";
export type { TokenRequestParameters } from "./request/parse-token-request.js";
export { bearerTokenType, type TokenType } from "./token-types/token-type.js";
export type {
  AuthCredentials,
  CallbackOptions,
  ClientCredentialsGrantContext,
  ClientCredentialsTokenRequest,
  GenerateAccessTokenHandler,
  GetClientHandler,
  IsResourceAllowedHandler,
  JsonWebKeySet,
  OAuth2AccessTokenResult,
  OAuth2Client,
  OAuth2FlowTokenResponse,
  ResourceRequestContext,
  TokenResponseBody,
  TokenResult,
  VerifyTokenHandler,
  VerifyTokenHandlerContext,
  VerifyTokenHandlerResult,
  VerifyTokenOptions,
  VerifyTokenResult,
} from "./types.js";

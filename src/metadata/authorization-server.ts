import type { ClientCredentialsFlowConfiguration } from "../options.js";
import { endpointUrl } from "./well-known.js";

/**
 * An authorization server metadata document. Members the flow has nothing to say about are
 * absent. RFC 8414 §2.
 */
export interface AuthorizationServerMetadata {
  /** The issuer identifier. RFC 8414 §2. */
  issuer: string;
  /** The token endpoint, as an absolute URL. RFC 8414 §2. */
  token_endpoint: string;
  /** Where the JWK Set of the server's signing keys is published; present when configured. RFC 8414 §2. */
  jwks_uri?: string;
  /** The configured scopes; present when scopes are configured. RFC 8414 §2. */
  scopes_supported?: string[];
  /** Always `[]`: there is no authorization endpoint, so no `response_type` is supported. RFC 8414 §2. */
  response_types_supported: string[];
  /** Always `["client_credentials"]`. RFC 8414 §2. */
  grant_types_supported: string[];
  /** The enabled client authentication methods. RFC 8414 §2. */
  token_endpoint_auth_methods_supported: string[];
  /** JWS algorithms of the enabled JWT client authentication methods; present when there are some. RFC 8414 §2. */
  token_endpoint_auth_signing_alg_values_supported?: string[];
  /** JWS algorithms accepted in DPoP proofs; present when the token type is DPoP. RFC 9449 §5.1. */
  dpop_signing_alg_values_supported?: string[];
}

/**
 * The RFC 8414 §2 document of a flow, from its configuration: `token_endpoint` and `jwks_uri`
 * given as paths are resolved against the issuer. Throws `TypeError` without an issuer, which
 * the document requires.
 */
export function authorizationServerMetadata(c: ClientCredentialsFlowConfiguration): AuthorizationServerMetadata {
  const { issuer } = c;
  if (issuer === undefined) {
    throw new TypeError("getMetadata: the document needs an issuer (RFC 8414 §2); set it with setIssuer(url)");
  }
  const scopes = Object.keys(c.scopes);
  const authAlgorithms = c.tokenEndpointAuthSigningAlgValuesSupported;
  const dpopAlgorithms = c.tokenType.dpopSigningAlgValuesSupported ?? [];
  return {
    issuer,
    token_endpoint: endpointUrl(c.tokenEndpoint, issuer),
    ...(c.jwksUri !== undefined && { jwks_uri: endpointUrl(c.jwksUri, issuer) }),
    ...(scopes.length > 0 && { scopes_supported: scopes }),
    response_types_supported: [],
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: c.clientAuthenticationMethods.map((method) => method.name),
    ...(authAlgorithms.length > 0 && { token_endpoint_auth_signing_alg_values_supported: [...authAlgorithms] }),
    ...(dpopAlgorithms.length > 0 && { dpop_signing_alg_values_supported: [...dpopAlgorithms] }),
  };
}

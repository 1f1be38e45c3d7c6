import type { ClientCredentialsFlowConfiguration } from "../options.js";

/**
 * A protected resource metadata document. Members the flow has nothing to say about are
 * absent. RFC 9728 §2.
 */
export interface ProtectedResourceMetadata {
  /** The resource identifier, exactly as configured. RFC 9728 §2, §3.3. */
  resource: string;
  /** The flow's issuer; present when one is configured. RFC 9728 §2. */
  authorization_servers?: string[];
  /** The configured scopes; present when scopes are configured. RFC 9728 §2. */
  scopes_supported?: string[];
  /** Where a Bearer token may be sent: `"header"`, and `"body"`, `"query"` when enabled. RFC 9728 §2, RFC 6750 §2. */
  bearer_methods_supported?: string[];
  /** JWS algorithms accepted in DPoP proofs; present when the token type is DPoP. RFC 9728 §2. */
  dpop_signing_alg_values_supported?: string[];
}

/**
 * The RFC 9728 §2 document of the resource a flow protects, from its configuration. Throws
 * `TypeError` when no `protectedResource` is configured.
 */
export function protectedResourceMetadata(c: ClientCredentialsFlowConfiguration): ProtectedResourceMetadata {
  const resource = c.protectedResource;
  if (resource === undefined) {
    throw new TypeError(
      "getProtectedResourceMetadata: the document needs the resource identifier (RFC 9728 §2); set it with setProtectedResource(url)",
    );
  }
  const scopes = Object.keys(c.scopes);
  const dpopAlgorithms = c.tokenType.dpopSigningAlgValuesSupported ?? [];
  return {
    resource,
    ...(c.issuer !== undefined && { authorization_servers: [c.issuer] }),
    ...(scopes.length > 0 && { scopes_supported: scopes }),
    ...(c.tokenType.name === "Bearer" && { bearer_methods_supported: bearerMethods(c) }),
    ...(dpopAlgorithms.length > 0 && { dpop_signing_alg_values_supported: [...dpopAlgorithms] }),
  };
}

/** Where a Bearer token is looked for. RFC 6750 §2.1–§2.3. */
function bearerMethods(c: ClientCredentialsFlowConfiguration): string[] {
  const methods = ["header"];
  if (c.acceptFormBodyToken) methods.push("body");
  if (c.acceptQueryToken) methods.push("query");
  return methods;
}

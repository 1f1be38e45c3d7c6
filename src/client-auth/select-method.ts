import { OAuth2Error } from "../errors.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod } from "./method.js";

/**
 * Picks the one client authentication method a request uses. `known` are all methods the
 * flow can recognise; `enabled` the names the flow accepts.
 * - more than one method in use → `invalid_request` (RFC 6749 §2.3: "MUST NOT use more than one");
 * - none → `invalid_client` (RFC 6749 §5.2: "no client authentication included");
 * - one that is not enabled → `invalid_client`.
 */
export function selectClientAuthenticationMethod(
  input: ClientAuthenticationInput,
  known: readonly ClientAuthenticationMethod[],
  enabled: ReadonlySet<string>,
): ClientAuthenticationMethod | OAuth2Error {
  let used: ClientAuthenticationMethod | undefined;
  for (const method of known) {
    if (!method.isUsedBy(input)) continue;
    if (used !== undefined) {
      return new OAuth2Error("invalid_request", {
        description: "The request uses more than one client authentication method",
      });
    }
    used = method;
  }
  if (used === undefined) {
    return new OAuth2Error("invalid_client", { description: "Client authentication is required" });
  }
  if (!enabled.has(used.name)) {
    return new OAuth2Error("invalid_client", {
      description: "The client authentication method is not allowed",
    });
  }
  return used;
}

import { OAuth2Error } from "../errors.js";
import type { ClientAuthenticationFailureReason } from "../events.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod } from "./method.js";

/**
 * The method a request uses, or why none can be used: the error to answer, the reason to report,
 * and the method it tried, if any.
 */
export type ClientAuthenticationMethodSelection =
  | { readonly method: ClientAuthenticationMethod; readonly error?: undefined; readonly reason?: undefined }
  | {
      readonly method: ClientAuthenticationMethod | undefined;
      readonly error: OAuth2Error;
      readonly reason: ClientAuthenticationFailureReason;
    };

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
): ClientAuthenticationMethodSelection {
  let used: ClientAuthenticationMethod | undefined;
  for (const method of known) {
    if (!method.isUsedBy(input)) continue;
    if (used !== undefined) {
      const error = new OAuth2Error("invalid_request", {
        description: "The request uses more than one client authentication method",
      });
      return { method: undefined, error, reason: "multiple_methods" };
    }
    used = method;
  }
  if (used === undefined) {
    return {
      method: undefined,
      error: new OAuth2Error("invalid_client", { description: "Client authentication is required" }),
      reason: "missing_credentials",
    };
  }
  if (!enabled.has(used.name)) {
    const error = new OAuth2Error("invalid_client", { description: "The client authentication method is not allowed" });
    return { method: used, error, reason: "method_not_allowed" };
  }
  return { method: used };
}

import { OAuth2Error } from "../errors.js";
import type { OAuth2Client, ResourceRequestContext } from "../types.js";

// RFC 3986 §4.3 absolute-URI = scheme ":" hier-part [ "?" query ]: a scheme (§3.1), then only
// unreserved, reserved (§2.2, "#" excepted: RFC 8707 §2 forbids a fragment) and %XX characters.
const ABSOLUTE_URI_WITHOUT_FRAGMENT =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?[\]]|%[0-9A-Fa-f]{2})*$/;

/**
 * Whether `value` can be a resource indicator: an absolute URI without a fragment that a URL
 * parser accepts. A query is allowed (RFC 8707 §2 says SHOULD NOT, not MUST NOT). RFC 8707 §2.
 */
export function isResourceIndicator(value: unknown): value is string {
  return typeof value === "string" && ABSOLUTE_URI_WITHOUT_FRAGMENT.test(value) && URL.canParse(value);
}

/**
 * Checks the syntax of every `resource` of a token request and returns the distinct values in
 * order, or `invalid_target` for the first malformed one. RFC 8707 §2.
 */
export function parseResources(values: readonly string[]): string[] | OAuth2Error {
  if (values.length === 0) return [];
  for (const value of values) {
    if (!isResourceIndicator(value)) {
      return new OAuth2Error("invalid_target", {
        description: "Each resource must be an absolute URI without a fragment",
      });
    }
  }
  // A Set keeps the first occurrence of each, in order, in linear time (the body may hold thousands).
  return [...new Set(values)];
}

/** Who decides which resources a client may get a token for. */
export interface ResourcePolicy {
  /** The flow's resource indicators; empty: no flow-wide list. */
  readonly resources: readonly string[];
  /** The flow's callback, if any, already bound to its timeout and signal. */
  readonly isResourceAllowed: ((context: ResourceRequestContext) => boolean | Promise<boolean>) | undefined;
  /** The token request, for the callback. */
  readonly request: Request;
}

/**
 * The audience granted to a client: the requested resources when each one is in the flow's
 * `resources` (when configured), in the client's `resources` (when present) and accepted by
 * `isResourceAllowed` (when set), else `invalid_target`. With none of the three configured no
 * resource is known, so any requested one is refused. A request naming no resource gets an empty
 * audience: the token's default audience applies. RFC 8707 §2.
 */
export async function grantAudience(
  requested: readonly string[],
  client: OAuth2Client,
  policy: ResourcePolicy,
): Promise<string[] | OAuth2Error> {
  if (requested.length === 0) return [];
  const known = policy.resources;
  const allowed = Array.isArray(client.resources) ? client.resources : undefined;
  const decide = policy.isResourceAllowed;
  if (known.length === 0 && allowed === undefined && decide === undefined) return unknownResource();
  for (const resource of requested) {
    if (known.length > 0 && !known.includes(resource)) return unknownResource();
    if (allowed !== undefined && !allowed.includes(resource)) return resourceNotAllowed();
    if (decide !== undefined && (await decide({ client, resource, request: policy.request })) !== true) {
      return resourceNotAllowed();
    }
  }
  return [...requested];
}

function unknownResource(): OAuth2Error {
  return new OAuth2Error("invalid_target", { description: "The requested resource is unknown" });
}

function resourceNotAllowed(): OAuth2Error {
  return new OAuth2Error("invalid_target", { description: "The requested resource is not allowed for this client" });
}

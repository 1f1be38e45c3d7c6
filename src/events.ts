import { isThenable } from "./internal/thenable.js";

/**
 * Why a client authentication at the token endpoint failed. RFC 6749 §2.3, §5.2.
 * - `missing_credentials`: the request carried none;
 * - `multiple_methods`: it used more than one method (§2.3);
 * - `method_not_allowed`: the method it used is not enabled on the flow;
 * - `malformed_credentials`: the credentials could not be read, or hold control characters;
 * - `invalid_credentials`: `getClient` returned `undefined` (unknown client or wrong secret) or
 *   threw `invalid_client`;
 * - `method_not_registered`: the client registered another method (RFC 7591 §2);
 * - `invalid_assertion`: a client assertion was refused (RFC 7523 §3);
 * - `rate_limited`: too many failures for the client id or the caller's key (§2.3.1).
 */
export type ClientAuthenticationFailureReason =
  | "missing_credentials"
  | "multiple_methods"
  | "method_not_allowed"
  | "malformed_credentials"
  | "invalid_credentials"
  | "method_not_registered"
  | "invalid_assertion"
  | "rate_limited";

/** What `onTokenIssued` receives. Never the access token itself. RFC 6749 §5.1. */
export interface TokenIssuedEvent {
  /** The authenticated client's id. */
  readonly clientId: string;
  /** The client authentication method used, e.g. `"client_secret_basic"`. */
  readonly authenticationMethod: string;
  /** The granted scopes (RFC 6749 §3.3). */
  readonly scope: readonly string[];
  /** The granted resource indicators; empty for the default audience (RFC 8707 §2). */
  readonly audience: readonly string[];
  /** The token's lifetime in seconds (RFC 6749 §5.1 `expires_in`). */
  readonly expiresIn: number;
}

/**
 * What `onClientAuthenticationFailed` receives. Never the secret or the assertion, and never the
 * client id the request claimed: clients do send their secret as `client_id` by mistake. `clientId`
 * is set only once `getClient` returned the client (`method_not_registered`, `invalid_assertion`);
 * `getClient` itself sees every claimed id and knows which are registered. RFC 6749 §5.2.
 */
export interface ClientAuthenticationFailedEvent {
  /** Why it failed. */
  readonly reason: ClientAuthenticationFailureReason;
  /** The id of the client `getClient` returned, if it got that far; else `undefined`. */
  readonly clientId: string | undefined;
  /** The method the request used, when one could be told. */
  readonly authenticationMethod: string | undefined;
  /** The HTTP status of the answer (400, 401 or 429). */
  readonly status: number;
}

/** Why a protected-resource request was refused. RFC 6750 §3.1. */
export type TokenRejectionReason =
  | "missing_token"
  | "malformed_request"
  | "invalid_token"
  | "insufficient_scope"
  | "server_error";

/** What `onTokenRejected` receives. Never the token. RFC 6750 §3.1. */
export interface TokenRejectedEvent {
  /** Why the request was refused. */
  readonly reason: TokenRejectionReason;
  /** The wire `error` code, or `undefined` for a bare 401 (RFC 6750 §3.1). */
  readonly code: string | undefined;
  /** The HTTP status of the answer. */
  readonly status: number;
}

/**
 * Observers of what the flow does, for metrics and audit logs: the library itself never logs.
 * Each is called after the answer is decided and cannot change it; a throw or rejection is
 * ignored, and the flow does not wait for a returned promise. No event carries a client secret,
 * an assertion or an access token. Default: none.
 */
export interface OAuth2FlowEvents {
  /** A token was issued (RFC 6749 §4.4.3). */
  readonly onTokenIssued?: ((event: TokenIssuedEvent) => void | Promise<void>) | undefined;
  /** A client authentication failed at the token endpoint (RFC 6749 §2.3). */
  readonly onClientAuthenticationFailed?:
    | ((event: ClientAuthenticationFailedEvent) => void | Promise<void>)
    | undefined;
  /** A request to a protected resource was refused (RFC 6750 §3.1). */
  readonly onTokenRejected?: ((event: TokenRejectedEvent) => void | Promise<void>) | undefined;
}

/** Calls an event handler, if any, and swallows whatever it throws or rejects with. */
export function emit<E>(handler: ((event: E) => void | Promise<void>) | undefined, event: E): void {
  if (handler === undefined) return;
  try {
    const returned: unknown = handler(event);
    if (isThenable(returned)) returned.then(undefined, () => undefined);
  } catch {
    // An observer's failure must not change the answer.
  }
}

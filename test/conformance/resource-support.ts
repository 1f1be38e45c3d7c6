import type { VerifyTokenResult } from "../../src/index.js";
import { makeFlow, read } from "../support/fixtures.js";

export const RESOURCE_URL = "https://api.example.com/data";

/** The challenge of a request to a protected resource without credentials (RFC 6750 §3). */
export const NO_CREDENTIALS_CHALLENGE = 'Bearer realm="oauth2"';

/** The generic description of a 500 `server_error`. */
export const SERVER_ERROR_DESCRIPTION = "The authorization server encountered an unexpected error";

/** A request to a protected resource. */
export function resourceRequest(
  headers: HeadersInit = {},
  init: { url?: string; method?: string; body?: string } = {},
): Request {
  return new Request(init.url ?? RESOURCE_URL, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

/** `Authorization: Bearer <token>` (RFC 6750 §2.1). */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * A fixture flow with tokens already issued: `read-token` grants `read:data`,
 * `both-token` grants `read:data write:data`, `bare-token` no scope.
 */
export function resourceFlow(...args: Parameters<typeof makeFlow>): ReturnType<typeof makeFlow> {
  const fixture = makeFlow(...args);
  fixture.issued.set("read-token", { clientId: "service-a", scope: ["read:data"] });
  fixture.issued.set("both-token", { clientId: "service-a", scope: ["read:data", "write:data"] });
  fixture.issued.set("bare-token", { clientId: "service-a", scope: [] });
  return fixture;
}

/** What a failed verification says: error code and status, and the response it renders. */
export interface Rejection {
  code: string;
  status: number;
  challenge: string | null;
  body: unknown;
}

/** Reads a failed verification; fails the test when it succeeded or the response disagrees with the error. */
export async function rejection(result: VerifyTokenResult): Promise<Rejection> {
  if (result.success) throw new Error(`expected a failed verification, got token ${result.token}`);
  const response = await read(result.toResponse());
  if (response.status !== result.error.status) {
    throw new Error(`response status ${response.status} differs from error status ${result.error.status}`);
  }
  return {
    code: result.error.code,
    status: result.error.status,
    challenge: response.headers.get("www-authenticate"),
    body: response.body,
  };
}

/** An error with its challenge: `Bearer realm="oauth2", error=…, error_description=…[, scope=…]` (RFC 6750 §3). */
export function challenged(code: string, status: number, description: string, scope?: string): Rejection {
  const scopeAttribute = scope === undefined ? "" : `, scope="${scope}"`;
  return {
    code,
    status,
    challenge: `Bearer realm="oauth2", error="${code}", error_description="${description}"${scopeAttribute}`,
    body: { error: code, error_description: description },
  };
}

/** The rejection of a request carrying a malformed token or carrying it more than once (RFC 6750 §3.1). */
export function invalidRequest(description: string, scope?: string): Rejection {
  return challenged("invalid_request", 400, description, scope);
}

/** The rejection of a request without credentials: 401, a bare challenge, no body (RFC 6750 §3.1). */
export function noCredentials(challenge = NO_CREDENTIALS_CHALLENGE): Rejection {
  return { code: "invalid_request", status: 401, challenge, body: null };
}

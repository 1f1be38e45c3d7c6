import type { ClientCredentialsFlow } from "../flow.js";
import { errorResponseParts, type ResponseParts, tokenResponseParts } from "../response.js";
import type { AuthCredentials } from "../types.js";
import type { Responder } from "./exchange.js";
import { incomingRequest } from "./incoming-request.js";
import type { BodyState } from "./request-body.js";
import {
  type AdapterSettings,
  adapterSettings,
  type FlowMiddlewareOptions,
  type IncomingExchange,
  type ProtectOptions,
} from "./settings.js";

/**
 * What the protect middleware attaches to a request whose access token was accepted
 * (`req.oauth2` in Express and Fastify, `ctx.state.oauth2` in Koa). RFC 6750 §2.
 */
export interface VerifiedAccessToken {
  /** The access token as the client presented it. */
  readonly token: string;
  /** The credentials your `verifyToken` handler returned for it (`app`, `scope`, …). */
  readonly credentials: AuthCredentials;
}

/** The outcome of checking a protected request: the verified token, or the error response to send. */
export type ProtectOutcome = { readonly verified: VerifiedAccessToken } | { readonly response: ResponseParts };

/** Checks the access token of a Node exchange. */
export type Protector = (exchange: IncomingExchange, state: BodyState) => Promise<ProtectOutcome>;

/** Adapter settings of the flow middleware: the flow's body cap, the given origin. */
function flowSettings(flow: ClientCredentialsFlow, options: FlowMiddlewareOptions): AdapterSettings {
  if (typeof flow?.token !== "function") throw new TypeError("flow must be a built ClientCredentialsFlow");
  return adapterSettings({ origin: options.origin }, flow.configuration.maxBodySize);
}

/**
 * The token endpoint's answer to a Node exchange: what `flow.token()`'s `toResponse()` would
 * answer, as parts written straight to the socket; the body read up to the flow's
 * `maxBodySize`. RFC 6749 §4.4.2–§5.2.
 */
export function tokenResponder(flow: ClientCredentialsFlow, options: FlowMiddlewareOptions): Responder {
  const settings = flowSettings(flow, options);
  return async (exchange, state) => {
    const result = await flow.token(incomingRequest(exchange, settings, state));
    return result.success ? tokenResponseParts(result.tokenResponse) : errorResponseParts(result.error);
  };
}

/**
 * Checks the access token of a Node exchange with `flow.verifyToken()` (RFC 6750 §2–§3). The
 * scopes are checked now rather than on each request: an unknown scope throws `TypeError` (the
 * flow's own check, run through `toOpenAPIPathItem`, which applies the same rule).
 */
export function protector(flow: ClientCredentialsFlow, options: ProtectOptions): Protector {
  const settings = flowSettings(flow, options);
  const scopes = Object.freeze([...(options.scopes ?? [])]);
  flow.toOpenAPIPathItem(scopes);
  return async (exchange, state) => {
    const result = await flow.verifyToken(incomingRequest(exchange, settings, state), { scopes });
    if (!result.success) return { response: errorResponseParts(result.error) };
    return { verified: { token: result.token, credentials: result.credentials } };
  };
}

/** The path of the flow's token endpoint (its `tokenEndpoint` may be an absolute URL). */
export function tokenEndpointPath(flow: ClientCredentialsFlow): string {
  const endpoint = flow.getTokenEndpoint();
  return endpoint.startsWith("/") ? endpoint : new URL(endpoint).pathname;
}

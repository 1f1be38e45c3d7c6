import type { IncomingMessage, ServerResponse } from "node:http";

/** A Fetch handler, as `Deno.serve`, `Bun.serve`, Cloudflare Workers and Hono's `app.fetch` take. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Options of the handler adapters (`toNodeListener`, `expressHandler`, `fastifyHandler`, `koaHandler`). */
export interface NodeAdapterOptions {
  /**
   * Scheme and host of `request.url`, e.g. your public `https://api.example.com` when a proxy in
   * front terminates TLS. Default: `https` on a TLS connection, else `http`, and the `Host` header
   * (RFC 9112 §3.2). Only its origin is used; path and query always come from the request line.
   */
  origin?: string | undefined;
  /**
   * Largest request body read, in octets: a `Content-Length` above it is refused before any byte
   * is read, and a body that runs past it is cut after at most one more chunk. Default `1048576`
   * (1 MiB). The token and protect middleware use the flow's `maxBodySize` instead.
   */
  maxBodySize?: number | undefined;
  /**
   * Build a full undici `Request` per request instead of the lightweight one. Default `false`.
   * Only needed when your handler passes the request itself to Node's `fetch()` or
   * `new Request(request)`, which accept native requests only.
   */
  nativeRequest?: boolean | undefined;
}

/** Options of the flow middleware (`expressTokenHandler`, `fastifyProtect`, …). */
export interface FlowMiddlewareOptions {
  /** See {@link NodeAdapterOptions.origin}. Default: from the connection and the `Host` header. */
  origin?: string | undefined;
}

/** Options of the protect middleware (`expressProtect`, `fastifyProtect`, `koaProtect`). */
export interface ProtectOptions extends FlowMiddlewareOptions {
  /**
   * Scopes the route needs; every one must be granted, else 403 `insufficient_scope`.
   * Default `[]` (any valid token). Each must be one of the flow's scopes, else the middleware
   * factory throws `TypeError`. RFC 6750 §3.1.
   */
  scopes?: readonly string[] | undefined;
}

/** The adapter's settings, checked once when a handler is created. */
export interface AdapterSettings {
  /** `scheme://host`, or `undefined` to take it from each request. */
  readonly origin: string | undefined;
  readonly maxBodySize: number;
  readonly nativeRequest: boolean;
}

/** What a request is converted from: the Node request and response, and where the body is. */
export interface IncomingExchange {
  readonly incoming: IncomingMessage;
  readonly outgoing: ServerResponse;
  /** The request target as the client sent it (Express and Koa rewrite `url` under a mount path). */
  readonly target: string;
  /** A body a framework already parsed (`req.body`), read when the stream itself was consumed. */
  readonly parsedBody: unknown;
}

/** Default of {@link NodeAdapterOptions.maxBodySize}. */
export const DEFAULT_MAX_BODY_SIZE = 1_048_576;

/** Checks the options once; misuse throws `TypeError`. */
export function adapterSettings(options: NodeAdapterOptions, defaultMaxBodySize: number): AdapterSettings {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const maxBodySize = options.maxBodySize ?? defaultMaxBodySize;
  if (!Number.isSafeInteger(maxBodySize) || maxBodySize < 0) {
    throw new TypeError("maxBodySize must be a non-negative integer");
  }
  return {
    origin: options.origin === undefined ? undefined : originOf(options.origin),
    maxBodySize,
    nativeRequest: options.nativeRequest === true,
  };
}

function originOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`origin must be an absolute http or https URL, got "${String(value)}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`origin must be an absolute http or https URL, got "${value}"`);
  }
  return url.origin;
}

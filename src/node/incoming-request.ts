import type { IncomingMessage, ServerResponse } from "node:http";
import { incomingHeaders } from "./incoming-headers.js";
import { delegateToNative } from "./native-delegate.js";
import {
  type BodyState,
  cappedBodyStream,
  declaresTooLarge,
  readCappedBody,
  requestBodySource,
} from "./request-body.js";
import { requestOrigin, requestUrl } from "./request-url.js";
import type { AdapterSettings, IncomingExchange } from "./settings.js";

/**
 * A `Request` over a Node request that builds each part only when it is read: `method` is a
 * field, `url` is parsed on first use, `headers` read `rawHeaders` (see `incomingHeaders`), and
 * the body is a capped stream over the socket. Constructing an undici `Request` up front costs
 * several times more (URL parsing, header validation, an `AbortSignal`, a web stream) for parts
 * most handlers never read. Everything else a `Request` has is answered by a native `Request`
 * built on first use, and `instanceof Request` holds.
 */
class IncomingRequest {
  readonly #incoming: IncomingMessage;
  readonly #outgoing: ServerResponse;
  readonly #origin: string;
  readonly #target: string;
  readonly #state: BodyState;
  readonly #maxBodySize: number;
  readonly #parsedBody: unknown;
  #url: string | undefined;
  #headers: Headers | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;
  #abort: AbortController | undefined;
  #native: Request | undefined;

  constructor(exchange: IncomingExchange, settings: AdapterSettings, state: BodyState) {
    this.#incoming = exchange.incoming;
    this.#outgoing = exchange.outgoing;
    this.#target = exchange.target;
    this.#parsedBody = exchange.parsedBody;
    this.#origin = requestOrigin(exchange.incoming, exchange.target, settings.origin);
    this.#maxBodySize = settings.maxBodySize;
    this.#state = state;
    if (declaresTooLarge(exchange.incoming.headers["content-length"], settings.maxBodySize)) state.cut = true;
  }

  get method(): string {
    return this.#incoming.method ?? "GET";
  }

  get url(): string {
    this.#url ??= requestUrl(this.#origin, this.#target);
    return this.#url;
  }

  get headers(): Headers {
    this.#headers ??= incomingHeaders(this.#incoming.rawHeaders);
    return this.#headers;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined && this.#state.used) {
      // Read whole by text() or arrayBuffer(): what is left to read is nothing.
      this.#body = new ReadableStream({ start: (controller) => controller.close() });
    }
    if (this.#body === undefined) {
      const source = requestBodySource(this.#incoming, this.#parsedBody);
      this.#body =
        source === null
          ? null
          : cappedBodyStream(source, this.#incoming.headers["content-length"], this.#maxBodySize, this.#state);
    }
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#state.used;
  }

  /** Aborts when the client goes away before the response is finished. */
  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      const abort = new AbortController();
      const outgoing = this.#outgoing;
      outgoing.once("close", () => {
        if (!outgoing.writableFinished) abort.abort();
      });
      this.#abort = abort;
    }
    return this.#abort.signal;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#whole().then((bytes) =>
      bytes === undefined
        ? this.#consume().then((response) => response.arrayBuffer())
        : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer),
    );
  }

  blob(): Promise<Blob> {
    return this.#consume().then((response) => response.blob());
  }

  bytes(): Promise<Uint8Array> {
    return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }

  formData(): Promise<FormData> {
    return this.#consume().then((response) => response.formData());
  }

  json(): Promise<unknown> {
    return this.#consume().then((response) => response.json());
  }

  text(): Promise<string> {
    return this.#whole().then((bytes) =>
      bytes === undefined ? this.#consume().then((response) => response.text()) : utf8.decode(bytes),
    );
  }

  /**
   * The whole body read straight from the socket (or the parsed body), without the Web stream
   * `body` would build, when nothing has touched `body` yet; else `undefined`, and the body
   * methods read through the stream. Rejects like the stream would (cap, abort) and with
   * `TypeError` for a body already used.
   */
  async #whole(): Promise<Uint8Array | undefined> {
    if (this.#body !== undefined) return undefined;
    if (this.#state.used) throw new TypeError("Body is unusable: the body has already been read");
    const source = requestBodySource(this.#incoming, this.#parsedBody);
    if (source === null) {
      this.#body = null;
      return new Uint8Array(0);
    }
    return readCappedBody(source, this.#incoming.headers["content-length"], this.#maxBodySize, this.#state);
  }

  /** A native copy; the body is split with `tee()`, so both can be read. */
  clone(): Request {
    if (this.bodyUsed) throw new TypeError("Request.clone: the body has already been used");
    const init: RequestInit & { duplex?: "half" } = {
      method: this.method,
      headers: new Headers(this.headers),
      signal: this.signal,
    };
    const body = this.body;
    if (body !== null) {
      const [mine, theirs] = body.tee();
      this.#body = mine;
      init.body = theirs;
      init.duplex = "half";
    }
    return new Request(this.url, init);
  }

  /** The body read through a `Response`, which implements every body method of the Fetch spec. */
  async #consume(): Promise<Response> {
    const contentType = this.headers.get("content-type");
    return new Response(this.body, contentType === null ? undefined : { headers: { "content-type": contentType } });
  }

  /** A native request with the same method, URL and headers, for the rarely used properties. */
  #nativeRequest(): Request {
    this.#native ??= new Request(this.url, { method: this.method, headers: this.headers, signal: this.signal });
    return this.#native;
  }

  static {
    delegateToNative(IncomingRequest.prototype, Request.prototype, (self: IncomingRequest) => self.#nativeRequest());
  }
}

// Fetch's text(): UTF-8, a leading BOM dropped, malformed octets replaced.
const utf8 = new TextDecoder();

/**
 * The `Request` for a Node request. Throws `BadRequestError` for a missing or malformed `Host`.
 * With `settings.nativeRequest`, a full undici `Request` over the same capped body stream.
 */
export function incomingRequest(exchange: IncomingExchange, settings: AdapterSettings, state: BodyState): Request {
  const request = new IncomingRequest(exchange, settings, state) as unknown as Request;
  if (!settings.nativeRequest) return request;
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
  };
  const body = request.body;
  if (body !== null) {
    init.body = body;
    init.duplex = "half";
  }
  return new Request(request.url, init);
}

import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";

/** How far a request body was read; the response writer closes the connection after a cut body. */
export interface BodyState {
  /** Reading started, or the body was cancelled: `Request.bodyUsed`. */
  used: boolean;
  /**
   * The rest of the body stays on the wire: reading stopped early (cap reached, cancelled,
   * aborted), or will not start (declared larger than the cap).
   */
  cut: boolean;
  /** The body is larger than the cap (declared or counted). */
  tooLarge: boolean;
}

/** The body stream errors with this once the cap is passed; answered 413 (RFC 9110 §15.5.14). */
export class BodyTooLargeError extends RangeError {
  /** HTTP status, read by Express's and Koa's error handlers. */
  readonly status = 413;
  /** HTTP status, read by Fastify's error handler. */
  readonly statusCode = 413;
}

/**
 * Whether a request declares a body larger than `maxBytes` (RFC 9110 §8.6 `Content-Length`). Such
 * a body is never read; the response closes the connection instead of letting Node drain it.
 */
export function declaresTooLarge(declaredLength: string | undefined, maxBytes: number): boolean {
  return declaredLength !== undefined && Number(declaredLength) > maxBytes;
}

/** The next chunk of a body, or `null` at its end. */
type NextChunk = () => Promise<Uint8Array | null>;

/** Where a body is read from: a Node stream nobody has read yet, or the octets a parser left. */
export type BodySource = Readable | Uint8Array;

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

/**
 * Where a request's body is read from, or `null` for a request without one (RFC 9112 §6.3: no
 * `Content-Length` and no `Transfer-Encoding`, or GET/HEAD, which Fetch gives no body):
 * the Node stream while nobody has read it; else the stream a framework handed over in
 * `parsedBody` (Fastify's catch-all parser); else the octets or form fields a body parser left
 * there. Throws `TypeError` when a parser consumed the body into anything else.
 */
export function requestBodySource(incoming: IncomingMessage, parsedBody: unknown): BodySource | null {
  const { method, headers } = incoming;
  if (method === "GET" || method === "HEAD") return null;
  if (parsedBody instanceof Readable) return parsedBody;
  if (!incoming.readableDidRead) {
    if (headers["content-length"] === undefined && headers["transfer-encoding"] === undefined) return null;
    return incoming;
  }
  const bytes = parsedBodyBytes(parsedBody, headers["content-type"]);
  if (bytes === undefined) {
    throw new TypeError(
      "The request body was already read by a body parser into a value the adapter cannot send on; " +
        "mount the handler before the parser or exclude its route from it",
    );
  }
  return bytes;
}

/** A source read one chunk per call. */
function chunksOf(source: BodySource): NextChunk {
  if (source instanceof Readable) return nodeStreamChunks(source);
  let done = false;
  return async () => {
    if (done) return null;
    done = true;
    return source;
  };
}

/**
 * Octets a body parser left in `req.body`: a Buffer, a string (as UTF-8), or the fields of a form
 * body (string or string-array values, re-encoded in order, so a repeated parameter stays repeated).
 */
function parsedBodyBytes(parsed: unknown, contentType: string | undefined): Uint8Array | undefined {
  if (parsed instanceof Uint8Array) return parsed;
  if (typeof parsed === "string") return Buffer.from(parsed, "utf8");
  const isForm = contentType?.split(";")[0]?.trim().toLowerCase() === FORM_MEDIA_TYPE;
  if (!isForm || !isPlainObject(parsed)) return undefined;
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(parsed)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (typeof item !== "string") return undefined;
      form.append(name, item);
    }
  }
  return Buffer.from(form.toString(), "utf8");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Reads a Node stream one chunk per call, without putting it in flowing mode. */
function nodeStreamChunks(stream: Readable): NextChunk {
  return () => {
    const chunk: Buffer | null = stream.read();
    if (chunk !== null) return Promise.resolve(chunk);
    if (stream.readableEnded) return Promise.resolve(null);
    // Gone before this read: no event will come any more.
    if (stream.destroyed) return Promise.reject(stream.errored ?? new Error("The request was aborted"));
    return new Promise((resolve, reject) => {
      const onReadable = (): void => {
        const next: Buffer | null = stream.read();
        if (next !== null) settle(() => resolve(next));
      };
      const onEnd = (): void => settle(() => resolve(null));
      const onError = (error: unknown): void => settle(() => reject(error));
      const onClose = (): void =>
        settle(() => (stream.readableEnded ? resolve(null) : reject(new Error("The request was aborted"))));
      const settle = (finish: () => void): void => {
        stream.off("readable", onReadable);
        stream.off("end", onEnd);
        stream.off("error", onError);
        stream.off("close", onClose);
        finish();
      };
      stream.on("readable", onReadable);
      stream.on("end", onEnd);
      stream.on("error", onError);
      stream.on("close", onClose);
    });
  };
}

/**
 * The request body as a `ReadableStream` that reads from the source only when asked
 * (`highWaterMark` 0), so at most one chunk is held at a time. A declared `Content-Length` above
 * `maxBytes` fails the first read without reading; past `maxBytes` the chunk that crossed it is
 * still delivered (a reader counting octets sees the excess itself) and the next read fails with
 * {@link BodyTooLargeError}. Nothing more is read from the socket after that.
 */
export function cappedBodyStream(
  source: BodySource,
  declaredLength: string | undefined,
  maxBytes: number,
  state: BodyState,
): ReadableStream<Uint8Array> {
  let received = 0;
  const declaredTooLarge = declaresTooLarge(declaredLength, maxBytes);
  const next = chunksOf(source);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        state.used = true;
        if (state.tooLarge || declaredTooLarge) {
          state.tooLarge = true;
          state.cut = true;
          controller.error(new BodyTooLargeError(`The request body is larger than ${maxBytes} octets`));
          return;
        }
        let chunk: Uint8Array | null;
        try {
          chunk = await next();
        } catch (error) {
          state.cut = true;
          controller.error(error);
          return;
        }
        if (chunk === null) {
          controller.close();
          return;
        }
        received += chunk.byteLength;
        if (received > maxBytes) {
          state.tooLarge = true;
          state.cut = true;
        }
        controller.enqueue(chunk);
      },
      cancel() {
        state.used = true;
        state.cut = true;
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The whole request body, read straight from the source without a Web stream, under the same cap
 * as {@link cappedBodyStream}: a declared `Content-Length` above `maxBytes` fails before reading,
 * and a body that runs past it fails with {@link BodyTooLargeError} once it does; the stream is
 * not read further then.
 */
export function readCappedBody(
  source: BodySource,
  declaredLength: string | undefined,
  maxBytes: number,
  state: BodyState,
): Promise<Uint8Array> {
  state.used = true;
  if (state.tooLarge || declaresTooLarge(declaredLength, maxBytes)) {
    state.tooLarge = true;
    state.cut = true;
    return Promise.reject(new BodyTooLargeError(`The request body is larger than ${maxBytes} octets`));
  }
  if (!(source instanceof Readable)) {
    if (source.byteLength <= maxBytes) return Promise.resolve(source);
    state.tooLarge = true;
    return Promise.reject(new BodyTooLargeError(`The request body is larger than ${maxBytes} octets`));
  }
  return readWholeStream(source, maxBytes, state);
}

/** Collects a Node stream's chunks until its end, or fails once they pass `maxBytes`. */
function readWholeStream(stream: Readable, maxBytes: number, state: BodyState): Promise<Uint8Array> {
  if (stream.readableEnded) return Promise.resolve(new Uint8Array(0));
  if (stream.destroyed) return Promise.reject(stream.errored ?? new Error("The request was aborted"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        state.tooLarge = true;
        stop();
        stream.pause();
        reject(new BodyTooLargeError(`The request body is larger than ${maxBytes} octets`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: unknown): void => {
      stop();
      reject(error);
    };
    const onClose = (): void => {
      if (stream.readableEnded) return;
      stop();
      reject(new Error("The request was aborted"));
    };
    const stop = (): void => {
      if (!stream.readableEnded) state.cut = true;
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

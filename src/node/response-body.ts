import { Readable } from "node:stream";
import type { ResponseParts } from "../response.js";

/** A response body: read whole when it was ready at once, else still streaming. */
export type ResponseBody =
  | { readonly complete: true; readonly bytes: Uint8Array | null }
  | { readonly complete: false; readonly stream: Readable };

const PENDING = Symbol("pending");

/**
 * `promise`'s value if it settles within two microtask turns, else {@link PENDING}: long enough
 * for a body that is already there (undici enqueues a string or byte body when its stream
 * starts, a turn after the first read), never long enough to wait for I/O or a timer.
 */
function ifSettled<T>(promise: Promise<T>): Promise<T | typeof PENDING> {
  const pending = Promise.resolve()
    .then(() => undefined)
    .then((): typeof PENDING => PENDING);
  return Promise.race([promise, pending]);
}

// undici (Node's fetch) keeps what a body was made from next to its stream. The symbol is found
// once, on a response made here; on a runtime without it the fast path is simply never taken.
const STATE = Object.getOwnPropertySymbols(new Response("")).find((symbol) => symbol.description === "state");
const encoder = new TextEncoder();

/**
 * The whole body of a `Response` made from a string or bytes (every response of this library,
 * `Response.json()`, `new Response("…")`), read from what undici kept of it rather than through
 * its stream, which costs more than the rest of writing the response. `undefined` for any other
 * body, a body already read, or a runtime that keeps no source: then the stream is read.
 */
export function bodySource(response: Response): ResponseBody | undefined {
  if (STATE === undefined || response.bodyUsed) return undefined;
  const state = (response as unknown as Record<symbol, unknown>)[STATE] as
    | { body?: { source?: unknown; stream?: ReadableStream | null } | null }
    | undefined;
  const body = state?.body;
  if (body === null) return response.body === null ? { complete: true, bytes: null } : undefined;
  if (body === undefined || body.stream !== response.body || body.stream?.locked !== false) return undefined;
  if (typeof body.source === "string") return { complete: true, bytes: encoder.encode(body.source) };
  if (body.source instanceof Uint8Array) return { complete: true, bytes: body.source };
  return undefined;
}

/**
 * Reads a `Response` body without waiting for anything that is not there yet. A body made from
 * a string or bytes (every response of this library, `Response.json()`, …) is complete after at
 * most two reads, and is sent with a `Content-Length`. Anything slower (a stream still producing,
 * server-sent events) becomes a Node `Readable` that continues from where reading stopped, and
 * cancels the web stream when it is destroyed (the client went away).
 */
export async function readResponseBody(body: ReadableStream<Uint8Array> | null): Promise<ResponseBody> {
  if (body === null) return { complete: true, bytes: null };
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  for (let reads = 0; reads < 3; reads++) {
    const read = reader.read();
    const result = await ifSettled(read);
    if (result === PENDING) {
      pending = read;
      break;
    }
    if (result.done) return { complete: true, bytes: concat(head) };
    head.push(result.value);
  }
  return { complete: false, stream: Readable.from(remainingChunks(reader, head, pending)) };
}

async function* remainingChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  head: readonly Uint8Array[],
  pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined,
): AsyncGenerator<Uint8Array> {
  let finished = false;
  try {
    yield* head;
    let read = pending ?? reader.read();
    for (;;) {
      const { done, value } = await read;
      if (done) break;
      yield value;
      read = reader.read();
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  return Buffer.concat(chunks);
}

/** The headers of {@link ResponseParts} for Node, in a record of their own (the caller adds to it). */
export function partsHeaders(parts: ResponseParts): Record<string, string | string[]> {
  return parts.headers instanceof Headers ? responseHeaders(parts.headers) : { ...parts.headers };
}

/**
 * The headers of a `Response` for Node: one entry per name, `Set-Cookie` as a list of its
 * values, which are never joined (RFC 6265 §3; Fetch iterates them apart).
 */
export function responseHeaders(headers: Headers): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (name !== "set-cookie") record[name] = value;
    else if (Array.isArray(record[name])) record[name].push(value);
    else record[name] = [value];
  }
  return record;
}

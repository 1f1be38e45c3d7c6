import { Readable } from "node:stream";
import type { ResponseParts } from "../response.js";
import type { Answer } from "./exchange.js";

/**
 * A response body: whole when it was ready at once (octets, or the flow's text), else still
 * streaming.
 */
export type ResponseBody =
  | { readonly complete: true; readonly content: Uint8Array | string | null }
  | { readonly complete: false; readonly stream: Readable };

/** An answer as Node servers and frameworks take it. */
export interface NodeAnswer {
  readonly status: number;
  /** The reason phrase; `""` for the default one. */
  readonly statusText: string;
  /** One entry per name (see {@link responseHeaders}); the caller may add to it. */
  readonly headers: Record<string, string | string[]>;
  readonly body: ResponseBody;
}

/**
 * A `Response`, or the flow's {@link ResponseParts}, ready for Node. `closeConnection` adds
 * `Connection: close` (RFC 9112 §9.6), for a request whose body was left unread on the wire. The
 * flow's parts and a `Response` made from a string or bytes are ready at once; only a body that
 * has to be read from its stream is waited for.
 */
export function nodeAnswer(answer: Answer, closeConnection: boolean): NodeAnswer | Promise<NodeAnswer> {
  if (!(answer instanceof Response)) {
    const headers = answer.headers instanceof Headers ? responseHeaders(answer.headers) : { ...answer.headers };
    return ready(answer.status, "", headers, { complete: true, content: answer.body }, closeConnection);
  }
  const headers = responseHeaders(answer.headers);
  const source = bodySource(answer);
  if (source !== undefined) return ready(answer.status, answer.statusText, headers, source, closeConnection);
  return readResponseBody(answer.body).then((body) =>
    ready(answer.status, answer.statusText, headers, body, closeConnection),
  );
}

function ready(
  status: number,
  statusText: string,
  headers: Record<string, string | string[]>,
  body: ResponseBody,
  closeConnection: boolean,
): NodeAnswer {
  if (closeConnection) headers.connection = "close";
  return { status, statusText, headers, body };
}

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
function bodySource(response: Response): ResponseBody | undefined {
  if (STATE === undefined || response.bodyUsed) return undefined;
  const state = (response as unknown as Record<symbol, unknown>)[STATE] as
    | { body?: { source?: unknown; stream?: ReadableStream | null } | null }
    | undefined;
  const body = state?.body;
  if (body === null) return response.body === null ? { complete: true, content: null } : undefined;
  if (body === undefined || body.stream !== response.body || body.stream?.locked !== false) return undefined;
  if (typeof body.source === "string") return { complete: true, content: encoder.encode(body.source) };
  if (body.source instanceof Uint8Array) return { complete: true, content: body.source };
  return undefined;
}

/**
 * Reads a `Response` body without waiting for anything that is not there yet. A body made from
 * a string or bytes (every response of this library, `Response.json()`, …) is complete after at
 * most two reads, and is sent with a `Content-Length`. Anything slower (a stream still producing,
 * server-sent events) becomes a Node `Readable` that continues from where reading stopped, and
 * cancels the web stream when it is destroyed (the client went away).
 */
async function readResponseBody(body: ReadableStream<Uint8Array> | null): Promise<ResponseBody> {
  if (body === null) return { complete: true, content: null };
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
    if (result.done) return { complete: true, content: concat(head) };
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

/**
 * The headers of a `Response` for Node: one entry per name, `Set-Cookie` as a list of its
 * values, which are never joined (RFC 6265 §3; Fetch iterates them apart).
 */
function responseHeaders(headers: Headers): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (name !== "set-cookie") record[name] = value;
    else if (Array.isArray(record[name])) record[name].push(value);
    else record[name] = [value];
  }
  return record;
}

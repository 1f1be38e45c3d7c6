/** Why a body could not be read. */
export type ReadBodyFailure = "too_large" | "invalid_utf8" | "unreadable";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The length a fetched response's body will read as, for {@link readBodyText}: its
 * `Content-Length` (RFC 9110 §8.6), unless a content coding was applied (§8.4), which `fetch()`
 * decodes, so that the octets read are not the ones counted; then `null`. A server does not
 * decode request bodies: for a request, its `Content-Length` is the length read.
 */
export function fetchedBodyLength(response: Pick<Response, "headers">): string | null {
  return response.headers.has("content-encoding") ? null : response.headers.get("content-length");
}

// RFC 9110 §8.6: Content-Length = 1*DIGIT.
const DIGITS = /^[0-9]+$/;

/**
 * Reads a request (or response) body as UTF-8 text, at most `maxBytes` octets. `declared` is its
 * `Content-Length` header (RFC 9110 §8.6), `null` when absent or not the length of what reading
 * yields (see {@link fetchedBodyLength}). A declared length over the cap is
 * refused before reading. A body declared within the cap, as digits, is read whole with
 * `arrayBuffer()`, which servers answer without building a stream (an HTTP server frames the body
 * by that length, RFC 9112 §6.3); any other body is read as a stream that is cancelled once it
 * runs past the cap, so it is never buffered whole.
 */
export function readBodyText(
  request: Pick<Request, "body" | "bodyUsed" | "arrayBuffer">,
  declared: string | null,
  maxBytes: number,
): Promise<string | ReadBodyFailure> {
  if (declared !== null) {
    const length = Number(declared);
    if (Number.isFinite(length) && length > maxBytes) return Promise.resolve("too_large");
    if (DIGITS.test(declared)) return readDeclaredBody(request, maxBytes);
  }
  return readStreamedBody(request, maxBytes);
}

/** A body of unknown length, read chunk by chunk and cancelled once it runs past the cap. */
async function readStreamedBody(
  request: Pick<Request, "body" | "bodyUsed">,
  maxBytes: number,
): Promise<string | ReadBodyFailure> {
  const body = request.body;
  if (body === null) return "";
  if (request.bodyUsed) return "unreadable";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Not awaited: a cancel on one branch of a tee'd (cloned) body settles only when the
        // other branch is cancelled too.
        void reader.cancel().catch(() => undefined);
        return "too_large";
      }
      chunks.push(value);
    }
  } catch {
    return "unreadable";
  } finally {
    reader.releaseLock();
  }
  return decodeUtf8(chunks, total);
}

/**
 * A body whose `Content-Length` is within the cap, read whole. The length actually read is
 * checked too: a `Request` made in process may declare less than it carries.
 */
async function readDeclaredBody(
  request: Pick<Request, "arrayBuffer">,
  maxBytes: number,
): Promise<string | ReadBodyFailure> {
  let bytes: ArrayBuffer;
  try {
    // Rejects with TypeError for a body already used.
    bytes = await request.arrayBuffer();
  } catch {
    return "unreadable";
  }
  if (bytes.byteLength > maxBytes) return "too_large";
  try {
    return utf8.decode(bytes);
  } catch {
    return "invalid_utf8";
  }
}

function decodeUtf8(chunks: Uint8Array[], total: number): string | ReadBodyFailure {
  let bytes: Uint8Array;
  if (chunks.length === 1) {
    bytes = chunks[0] as Uint8Array;
  } else {
    bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return "invalid_utf8";
  }
}

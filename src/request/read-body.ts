/** Why a body could not be read. */
export type ReadBodyFailure = "too_large" | "invalid_utf8" | "unreadable";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads a request (or response) body as UTF-8 text, at most `maxBytes` octets. A declared
 * `Content-Length` over the cap is refused before reading; a stream that runs past it is
 * cancelled, so the body is never buffered whole.
 */
export async function readBodyText(
  request: Pick<Request, "headers" | "body" | "bodyUsed">,
  maxBytes: number,
): Promise<string | ReadBodyFailure> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    const length = Number(declared);
    if (Number.isFinite(length) && length > maxBytes) return "too_large";
  }
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

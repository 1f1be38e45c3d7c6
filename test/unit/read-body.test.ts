import { describe, expect, it } from "vitest";
import { fetchedBodyLength, readBodyText } from "../../src/request/read-body.js";

/** A body of `chunks` chunks of 32 octets, pulled one at a time, that records how far it was read. */
function meteredBody(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled += 1;
        controller.enqueue(new TextEncoder().encode("a".repeat(32)));
        if (state.pulled === chunks) controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe("the length a fetched body reads as (RFC 9110 §8.4, §8.6)", () => {
  it("is the Content-Length without a content coding, and unknown with one, which fetch() decodes", () => {
    expect(fetchedBodyLength(new Response("{}", { headers: { "content-length": "2" } }))).toBe("2");
    expect(
      fetchedBodyLength(new Response("{}", { headers: { "content-length": "2", "content-encoding": "gzip" } })),
    ).toBeNull();
  });

  it("keeps a decoded body that runs past the cap from being buffered whole: it is streamed and cancelled", async () => {
    const { stream, state } = meteredBody(1000);
    const response = new Response(stream, { headers: { "content-length": "10", "content-encoding": "gzip" } });
    expect(await readBodyText(response, fetchedBodyLength(response), 64)).toBe("too_large");
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(3);
  });
});

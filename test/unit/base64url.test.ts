import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url } from "../../src/internal/base64url.js";

const text = (value: string) => new TextEncoder().encode(value);

describe("base64url (RFC 4648 §5)", () => {
  it.each([
    ["", ""],
    ["f", "Zg"],
    ["fo", "Zm8"],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg"],
    ["fooba", "Zm9vYmE"],
    ["foobar", "Zm9vYmFy"],
  ])("encodes the RFC 4648 §10 test vector %j without padding as %j", (input, output) => {
    expect(encodeBase64Url(text(input))).toBe(output);
    expect(decodeBase64Url(output)).toEqual(text(input));
  });

  it("uses - and _ for the octets base64 writes as + and / (RFC 4648 §5, Table 2)", () => {
    expect(encodeBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
  });

  it("agrees with Node's base64url for every length up to 300 octets of seeded random data", () => {
    // xorshift32, fixed seed: the same octets on every run.
    let state = 6749;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    };
    for (let length = 0; length <= 300; length++) {
      const bytes = Uint8Array.from({ length }, next);
      const encoded = encodeBase64Url(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString("base64url"));
      expect(decodeBase64Url(encoded)).toEqual(bytes);
    }
  });
});

import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url, hasNoStrayBits } from "../../src/internal/base64url.js";

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

  it.each([
    ["Zg", true],
    ["Zh", false],
    ["Zm8", true],
    ["Zm9", false],
    ["Zm9v", true],
  ])("finds stray bits in the last character of %j: canonical %s (RFC 4648 §3.5)", (value, canonical) => {
    expect(hasNoStrayBits(value)).toBe(canonical);
    expect(decodeBase64Url(value) !== undefined).toBe(canonical);
  });

  it("reads both alphabets and a range: padded base64 and the last segment of a JWS (RFC 4648 §3.5, §4, §5)", () => {
    // "+" and "-" are 62 (low bits 10), "/" and "_" are 63 (low bits 11).
    expect(hasNoStrayBits("A+==", 0, 2)).toBe(false);
    expect(hasNoStrayBits("A-", 0, 2)).toBe(false);
    expect(hasNoStrayBits("AA/=", 0, 3)).toBe(false);
    expect(hasNoStrayBits("AAw=", 0, 3)).toBe(true);
    expect(hasNoStrayBits("AA_", 0, 3)).toBe(false);
    expect(hasNoStrayBits("e30.e30.Zh", 8)).toBe(false);
    expect(hasNoStrayBits("e30.e30.Zg", 8)).toBe(true);
  });
});

import { createHash, pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type HashClientSecretOptions, hashClientSecret, verifyClientSecret } from "../../src/index.js";

// PBKDF2 at its production cost (600 000 iterations) is slow; tests use a small count.
const FAST_PBKDF2 = { algorithm: "pbkdf2-sha256", iterations: 1000 } as const;
const SALT = "[A-Za-z0-9_-]{22}"; // 16 octets, base64url without padding
const SHA256_HASH = "[A-Za-z0-9_-]{43}"; // 32 octets

const FORMATS: Array<[string, HashClientSecretOptions, RegExp]> = [
  ["sha256 (default)", {}, new RegExp(`^\\$sha256\\$(${SALT})\\$(${SHA256_HASH})$`)],
  ["pbkdf2-sha256", FAST_PBKDF2, new RegExp(`^\\$pbkdf2-sha256\\$1000\\$(${SALT})\\$(${SHA256_HASH})$`)],
];

const fromBase64Url = (value: string) => Buffer.from(value, "base64url");

/** The salt and hash parts of a hashed secret. */
function parts(stored: string): { salt: string; hash: string } {
  const segments = stored.split("$");
  return { salt: segments.at(-2) ?? "", hash: segments.at(-1) ?? "" };
}

describe("hashClientSecret() formats", () => {
  it.each(FORMATS)("produces the documented %s format", async (_, options, format) => {
    expect(await hashClientSecret("s3cret", options)).toMatch(format);
  });

  it("stores base64url(SHA-256(salt ‖ UTF-8 secret)) in the sha256 format", async () => {
    const { salt, hash } = parts(await hashClientSecret("s3crét"));
    const expected = createHash("sha256")
      .update(Buffer.concat([fromBase64Url(salt), Buffer.from("s3crét", "utf8")]))
      .digest("base64url");
    expect(hash).toBe(expected);
  });

  it("stores base64url(PBKDF2-HMAC-SHA256(secret, salt, iterations, 32)) in the pbkdf2-sha256 format", async () => {
    const { salt, hash } = parts(await hashClientSecret("s3crét", FAST_PBKDF2));
    const expected = pbkdf2Sync(Buffer.from("s3crét", "utf8"), fromBase64Url(salt), 1000, 32, "sha256");
    expect(hash).toBe(expected.toString("base64url"));
  });

  it("uses 600000 PBKDF2 iterations by default", async () => {
    expect(await hashClientSecret("s3cret", { algorithm: "pbkdf2-sha256" })).toMatch(/^\$pbkdf2-sha256\$600000\$/);
  });

  it.each(FORMATS)("uses a different random salt on every call (%s)", async (_, options) => {
    const hashes = await Promise.all([1, 2, 3].map(() => hashClientSecret("same secret", options)));
    expect(new Set(hashes.map((stored) => parts(stored).salt)).size).toBe(3);
    expect(new Set(hashes).size).toBe(3);
  });

  it.each<[string, () => Promise<string>]>([
    ["an empty secret", () => hashClientSecret("")],
    ["a non-string secret", () => hashClientSecret(42 as unknown as string)],
    ["zero iterations", () => hashClientSecret("s", { algorithm: "pbkdf2-sha256", iterations: 0 })],
    ["fractional iterations", () => hashClientSecret("s", { algorithm: "pbkdf2-sha256", iterations: 1.5 })],
    ["an unknown algorithm", () => hashClientSecret("s", { algorithm: "md5" as "sha256" })],
  ])("rejects with TypeError for %s", async (_, hash) => {
    await expect(hash()).rejects.toThrow(TypeError);
  });
});

describe("verifyClientSecret() against hashed secrets", () => {
  it.each(FORMATS)("round-trips the %s format", async (_, options) => {
    expect(await verifyClientSecret("s3cret", await hashClientSecret("s3cret", options))).toBe(true);
  });

  it.each(FORMATS)("resolves false for a wrong secret (%s)", async (_, options) => {
    const stored = await hashClientSecret("s3cret", options);
    const verdicts = await Promise.all(
      ["s3cret ", "S3cret", "s3cre", "s3crett"].map((p) => verifyClientSecret(p, stored)),
    );
    expect(verdicts).toEqual([false, false, false, false]);
  });

  it.each(["pässwörd", "密码-秘密", "key 🔑 with emoji"])(
    "round-trips the non-ASCII secret %j in both formats",
    async (secret) => {
      const stored = await Promise.all([hashClientSecret(secret), hashClientSecret(secret, FAST_PBKDF2)]);
      expect(await Promise.all(stored.map((s) => verifyClientSecret(secret, s)))).toEqual([true, true]);
    },
  );

  it("compares UTF-8 octets without Unicode normalisation: é (NFC) is not e + U+0301 (NFD)", async () => {
    const stored = await hashClientSecret("caf\u00E9");
    expect(await verifyClientSecret("cafe\u0301", stored)).toBe(false);
  });

  it("resolves false when one character of the stored hash is changed", async () => {
    const stored = await hashClientSecret("s3cret");
    const first = stored.lastIndexOf("$") + 1;
    const changed = stored[first] === "A" ? "B" : "A";
    expect(await verifyClientSecret("s3cret", `${stored.slice(0, first)}${changed}${stored.slice(first + 1)}`)).toBe(
      false,
    );
  });

  it("throws TypeError for a stored hash whose last character carries stray bits (non-canonical base64url)", async () => {
    // 32 octets take 43 characters; the last one holds 4 bits, so its 2 low bits must be zero.
    const stored = "$sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB";
    await expect(verifyClientSecret("s3cret", stored)).rejects.toThrow(TypeError);
  });

  it("uses the iteration count stored in the hash: a changed count fails", async () => {
    const stored = await hashClientSecret("s3cret", FAST_PBKDF2);
    expect(await verifyClientSecret("s3cret", stored.replace("$1000$", "$1001$"))).toBe(false);
  });

  it("verifies a hash made outside the library in the documented sha256 format", async () => {
    const salt = Buffer.from("0123456789abcdef");
    const hash = createHash("sha256")
      .update(Buffer.concat([salt, Buffer.from("external")]))
      .digest("base64url");
    expect(await verifyClientSecret("external", `$sha256$${salt.toString("base64url")}$${hash}`)).toBe(true);
  });

  it.each([
    ["$sha256$", "no salt or hash"],
    ["$sha256$c2FsdA", "no hash"],
    ["$sha256$$aGFzaA", "an empty salt"],
    ["$sha256$c2FsdA$", "an empty hash"],
    ["$sha256$c2F*dA$aGFzaA", "a salt outside base64url"],
    ["$sha256$c2FsdA$aGFzaA$extra", "an extra part"],
    ["$pbkdf2-sha256$c2FsdA$aGFzaA", "no iteration count"],
    ["$pbkdf2-sha256$0$c2FsdA$aGFzaA", "zero iterations"],
    ["$pbkdf2-sha256$01000$c2FsdA$aGFzaA", "a leading zero in the count"],
    ["$pbkdf2-sha256$1e3$c2FsdA$aGFzaA", "a count in exponent notation"],
    ["$pbkdf2-sha256$1000$c2FsdA", "no hash"],
  ])("rejects with TypeError for the malformed stored hash %j (%s)", async (stored) => {
    await expect(verifyClientSecret("s3cret", stored)).rejects.toThrow(TypeError);
  });
});

describe("verifyClientSecret() against plain stored secrets", () => {
  it.each([
    ["the same secret", "secret-a", true],
    ["a different case", "Secret-a", false],
    ["a prefix", "secret", false],
    ["a longer secret", "secret-a-and-more", false],
    ["a non-ASCII look-alike", "sеcret-a", false],
  ])("compares %s: %s → %s", async (_, presented, expected) => {
    expect(await verifyClientSecret(presented, "secret-a")).toBe(expected);
  });

  it("treats a stored value without a hash prefix as plain, even when it contains $", async () => {
    expect(await verifyClientSecret("$argon2$x", "$argon2$x")).toBe(true);
  });
});

describe("verifyClientSecret() inputs", () => {
  it.each<[string, unknown]>([
    ["an empty string", ""],
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
  ])("resolves false for a presented secret that is %s", async (_, presented) => {
    const stored = ["secret-a", await hashClientSecret("secret-a")];
    const verdicts = await Promise.all(stored.map((s) => verifyClientSecret(presented as string, s)));
    expect(verdicts).toEqual([false, false]);
  });

  it.each<[string, unknown]>([
    ["empty", ""],
    ["undefined", undefined],
    ["a number", 42],
  ])("rejects with TypeError when the stored secret is %s", async (_, stored) => {
    await expect(verifyClientSecret("secret-a", stored as string)).rejects.toThrow(TypeError);
  });
});

import { delegateToNative } from "./native-delegate.js";

// RFC 9110 §5.1: field-name = token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5 / Fetch: leading and trailing whitespace is not part of a field value.
const SURROUNDING_WHITESPACE = /^[\t ]|[\t ]$/;

/**
 * Fetch `Headers` over a Node request's raw header list that answers `get()` and `has()` by
 * scanning that list, as Fetch would answer them (case-insensitive names, repeated fields joined
 * with ", " in order, values trimmed; RFC 9110 §5.2, §5.3), without building undici `Headers`,
 * which validates every name and value again. Anything else (iteration, `set`, `append`, …) is
 * answered by a native `Headers` built on first use, which then answers `get()` too.
 * `instanceof Headers` holds.
 */
class IncomingHeaders {
  readonly #raw: readonly string[];
  #native: Headers | undefined;

  constructor(rawHeaders: readonly string[]) {
    this.#raw = rawHeaders;
  }

  get(name: string): string | null {
    if (this.#native !== undefined || typeof name !== "string" || !TOKEN.test(name)) return this.#headers().get(name);
    const wanted = name.toLowerCase();
    const raw = this.#raw;
    let value: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const field = raw[i] as string;
      if (field.length !== wanted.length || field.toLowerCase() !== wanted) continue;
      const fieldValue = trim(raw[i + 1] as string);
      value = value === null ? fieldValue : `${value}, ${fieldValue}`;
    }
    return value;
  }

  has(name: string): boolean {
    if (this.#native !== undefined || typeof name !== "string" || !TOKEN.test(name)) return this.#headers().has(name);
    return this.get(name) !== null;
  }

  /** The native `Headers`, with every field but HTTP/2 pseudo-headers (`:path` …), in order. */
  #headers(): Headers {
    if (this.#native === undefined) {
      const headers = new Headers();
      const raw = this.#raw;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i] as string;
        if (name.charCodeAt(0) !== 58) headers.append(name, raw[i + 1] as string);
      }
      this.#native = headers;
    }
    return this.#native;
  }

  static {
    // Everything else (entries, forEach, set, getSetCookie, the iterator, …) is the native's.
    delegateToNative(IncomingHeaders.prototype, Headers.prototype, (self: IncomingHeaders) => self.#headers());
  }
}

function trim(value: string): string {
  return SURROUNDING_WHITESPACE.test(value) ? value.replace(/^[\t ]+|[\t ]+$/g, "") : value;
}

/** Fetch `Headers` over Node's raw header list (`IncomingMessage.rawHeaders`), read lazily. */
export function incomingHeaders(rawHeaders: readonly string[]): Headers {
  return new IncomingHeaders(rawHeaders) as unknown as Headers;
}

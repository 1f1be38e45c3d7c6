import { type CompactVerifyGetKey, createLocalJWKSet, createRemoteJWKSet, customFetch, type JSONWebKeySet } from "jose";
import { isHashedClientSecret } from "../client-secret.js";
import { fetchedBodyLength, readBodyText } from "../request/read-body.js";
import type { OAuth2Client } from "../types.js";
import { HMAC_KEY_OCTETS } from "./client-assertion-algorithms.js";
import type { ResolvedClientAssertionOptions } from "./client-assertion-options.js";

/** Finds a verification key for a JWS header, as jose's local and remote key sets do. */
export type ClientKeySet = CompactVerifyGetKey;

// Clients whose imported keys are kept; the least recently used are dropped beyond this.
const MAX_CACHED_CLIENTS = 1000;
// Formats of hashClientSecret: such a value is a hash, never an HMAC key.
const encoder = new TextEncoder();

/** A Map that keeps the `max` most recently used entries. */
class RecentlyUsed<V> {
  readonly #entries = new Map<string, V>();
  readonly #max: number;
  constructor(max: number) {
    this.#max = max;
  }
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break;
      this.#entries.delete(oldest);
    }
  }
}

/**
 * The verification keys of registered clients, imported once and cached per flow: HMAC keys
 * from `secret` (`client_secret_jwt`), key sets from `jwks` or `jwksUri` (`private_key_jwt`).
 * Keys come only from the registration, never from the assertion's header (RFC 8725 §3.10).
 * Each method throws an `Error` saying why the client has no usable key.
 */
export class ClientKeys {
  readonly #options: ResolvedClientAssertionOptions;
  readonly #hmac = new RecentlyUsed<{ secret: string; key: Promise<CryptoKey> }>(MAX_CACHED_CLIENTS);
  readonly #local = new RecentlyUsed<{ jwks: string; keySet: ClientKeySet }>(MAX_CACHED_CLIENTS);
  readonly #remote = new RecentlyUsed<ClientKeySet>(MAX_CACHED_CLIENTS);

  constructor(options: ResolvedClientAssertionOptions) {
    this.#options = options;
  }

  /** The HMAC key for `alg` made from the client's `secret`, refused when shorter than the hash (RFC 7518 §3.2). */
  hmacKey(client: OAuth2Client, alg: string): Promise<CryptoKey> {
    const { secret } = client;
    if (typeof secret !== "string" || secret === "") throw new Error("The client has no secret");
    if (isHashedClientSecret(secret)) {
      throw new Error("The client's secret is a hash; client_secret_jwt needs the secret itself");
    }
    const bytes = encoder.encode(secret);
    if (bytes.byteLength < (HMAC_KEY_OCTETS[alg] ?? Number.POSITIVE_INFINITY)) {
      throw new Error(`The client's secret is shorter than ${alg} requires`);
    }
    const cacheKey = `${client.id}\u0000${alg}`;
    const cached = this.#hmac.get(cacheKey);
    if (cached !== undefined && cached.secret === secret) return cached.key;
    const hash = `SHA-${alg.slice(2)}`;
    const key = crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash }, false, ["verify"]);
    this.#hmac.set(cacheKey, { secret, key });
    return key;
  }

  /** The client's public keys: `jwks` as registered, or `jwksUri` fetched (RFC 7591 §2). */
  publicKeySet(client: OAuth2Client): ClientKeySet {
    const { jwks, jwksUri } = client;
    if (jwks !== undefined && jwksUri !== undefined) {
      throw new Error("The client has both jwks and jwksUri; RFC 7591 §2 allows one");
    }
    if (jwks !== undefined) return this.#localKeySet(client.id, jwks);
    if (jwksUri !== undefined) return this.#remoteKeySet(jwksUri);
    throw new Error("The client has neither jwks nor jwksUri");
  }

  #localKeySet(clientId: string, jwks: unknown): ClientKeySet {
    const text = JSON.stringify(jwks);
    const cached = this.#local.get(clientId);
    if (cached !== undefined && cached.jwks === text) return cached.keySet;
    const keySet = createLocalJWKSet(jwks as JSONWebKeySet);
    this.#local.set(clientId, { jwks: text, keySet });
    return keySet;
  }

  #remoteKeySet(jwksUri: unknown): ClientKeySet {
    if (typeof jwksUri !== "string") throw new Error("The client's jwksUri is not a string");
    const url = new URL(jwksUri);
    const { allowHttpJwksUri, jwksUriTimeout, jwksUriMaxSize, jwksUriCacheMaxAge } = this.#options;
    if (url.protocol !== "https:" && !(allowHttpJwksUri && url.protocol === "http:")) {
      throw new Error("The client's jwksUri is not an https URL");
    }
    const cached = this.#remote.get(url.href);
    if (cached !== undefined) return cached;
    const keySet = createRemoteJWKSet(url, {
      timeoutDuration: jwksUriTimeout,
      cacheMaxAge: jwksUriCacheMaxAge,
      [customFetch]: (href, init) => fetchWithSizeLimit(href, init, jwksUriMaxSize),
    });
    this.#remote.set(url.href, keySet);
    return keySet;
  }
}

/** `fetch`, refusing a response body larger than `maxSize` octets without buffering it whole. */
async function fetchWithSizeLimit(href: string, init: RequestInit, maxSize: number): Promise<Response> {
  const response = await fetch(href, init);
  const text = await readBodyText(response, fetchedBodyLength(response), maxSize);
  if (text === "too_large") throw new Error(`The key set at jwksUri is larger than ${maxSize} octets`);
  if (text === "invalid_utf8" || text === "unreadable") throw new Error("The key set at jwksUri could not be read");
  return new Response(text, { status: response.status, headers: response.headers });
}

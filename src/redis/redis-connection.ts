/**
 * The one thing the Redis stores need of a Redis client: sending a raw command. Both common
 * clients fit as they are:
 * - `ioredis`: `new Redis(...)` (its `call(command, ...args)`);
 * - `redis` (node-redis): `createClient(...)` after `connect()` (its `sendCommand(args)`).
 *
 * When an object has both, `call` is used.
 */
export type RedisCommandClient =
  | { call(command: string, ...args: string[]): Promise<unknown> }
  | { sendCommand(args: string[]): Promise<unknown> };

/**
 * What the Redis stores share: a client, the prefix of their keys and how long to wait for a
 * reply, checked once. Misuse throws `TypeError` naming the store.
 */
export class RedisConnection {
  readonly #send: (args: string[]) => Promise<unknown>;
  readonly #keyPrefix: string;
  readonly #timeout: number;

  constructor(
    store: string,
    client: RedisCommandClient,
    options: { readonly keyPrefix?: unknown; readonly timeout?: unknown },
    defaultKeyPrefix: string,
  ) {
    this.#send = commandSender(store, client);
    const { keyPrefix = defaultKeyPrefix, timeout = 1000 } = options;
    if (typeof keyPrefix !== "string") throw new TypeError(`${store}: keyPrefix must be a string`);
    if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout <= 0) {
      throw new TypeError(`${store}: timeout must be a positive integer (milliseconds)`);
    }
    this.#keyPrefix = keyPrefix;
    this.#timeout = timeout;
  }

  /** The Redis key of a store key: the prefix, then the key. */
  key(key: string): string {
    return `${this.#keyPrefix}${key}`;
  }

  /** Sends a command; rejects when Redis has not replied within the timeout. */
  async send(args: string[]): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis: no reply within ${this.#timeout} ms`)), this.#timeout);
    });
    try {
      return await Promise.race([this.#send(args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function commandSender(store: string, client: RedisCommandClient): (args: string[]) => Promise<unknown> {
  if (typeof client === "object" && client !== null) {
    if ("call" in client && typeof client.call === "function") {
      return ([command, ...args]) => client.call(command as string, ...args);
    }
    if ("sendCommand" in client && typeof client.sendCommand === "function") {
      return (args) => client.sendCommand(args);
    }
  }
  throw new TypeError(`${store}: client must be an ioredis or node-redis client`);
}

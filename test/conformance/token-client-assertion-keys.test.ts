import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { exportJWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ClientAssertionOptions, OAuth2Client } from "../../src/index.js";
import {
  assertionFlow,
  assertionRequest,
  type KeyPair,
  keyPair,
  type MintOptions,
  mintAssertion,
} from "../support/client-assertion.js";
import { expectToken, expectTokenError, INVALID_CLIENT_400 } from "./token-support.js";

const FAILED = {
  ...INVALID_CLIENT_400,
  body: { error: "invalid_client", error_description: "Client authentication failed" },
};

let current: KeyPair;
let next: KeyPair;
let other: KeyPair;

beforeAll(async () => {
  [current, next, other] = await Promise.all([
    keyPair("ES256", "2024-01"),
    keyPair("ES256", "2025-01"),
    keyPair("ES256", "other"),
  ]);
});

const sign = (key: KeyPair, options: MintOptions = { header: { kid: key.jwk.kid } }) =>
  mintAssertion("key-client", "ES256", key.privateKey, options);

async function token(client: Omit<OAuth2Client, "id">, assertion: string, options: ClientAssertionOptions = {}) {
  const { flow } = assertionFlow({ "key-client": { id: "key-client", ...client } }, {}, options);
  return flow.token(assertionRequest(assertion));
}

describe("keys registered inline as jwks (RFC 7591 §2, RFC 7517 §5)", () => {
  it("accepts each key of a set during rotation, chosen by kid", async () => {
    const jwks = { keys: [current.jwk, next.jwk] };
    await expectToken(await token({ jwks }, await sign(current)));
    await expectToken(await token({ jwks }, await sign(next)));
  });

  it("tries every fitting key when the assertion has no kid, and refuses when none verifies", async () => {
    const withoutKids = {
      keys: [
        { ...other.jwk, kid: undefined },
        { ...current.jwk, kid: undefined },
      ],
    };
    await expectToken(await token({ jwks: withoutKids }, await sign(current, {})));
    await expectTokenError(await token({ jwks: { keys: [other.jwk] } }, await sign(current, {})), FAILED);
  });

  it("tries at most 10 fitting keys for one assertion", async () => {
    const decoys = Array.from({ length: 10 }, () => ({ ...other.jwk, kid: undefined }));
    const jwks = { keys: [...decoys, { ...current.jwk, kid: undefined }] };
    await expectTokenError(await token({ jwks }, await sign(current, {})), FAILED);
  });

  it("refuses a kid that is not in the client's set", async () => {
    await expectTokenError(await token({ jwks: { keys: [current.jwk] } }, await sign(next)), FAILED);
  });

  it("refuses, as invalid_client, a set with a private key, a malformed set, and a client with both jwks and jwksUri", async () => {
    const privateJwk = { ...(await exportJWK(current.privateKey)), kid: "2024-01", alg: "ES256" };
    const assertion = await sign(current);
    await expectTokenError(await token({ jwks: { keys: [privateJwk] } }, assertion), FAILED);
    await expectTokenError(await token({ jwks: { keys: "none" } as never }, assertion), FAILED);
    await expectTokenError(
      await token({ jwks: { keys: [current.jwk] }, jwksUri: "https://c.example/jwks" }, assertion),
      FAILED,
    );
  });

  it("uses the set the registry returns now: a key removed from jwks stops working at once", async () => {
    const client: OAuth2Client = { id: "key-client", jwks: { keys: [current.jwk, next.jwk] } };
    const { flow } = assertionFlow({ "key-client": client });
    await expectToken(await flow.token(assertionRequest(await sign(current))));
    client.jwks = { keys: [next.jwk] };
    await expectTokenError(await flow.token(assertionRequest(await sign(current))), FAILED);
    await expectToken(await flow.token(assertionRequest(await sign(next))));
  });
});

/** A JWKS host on 127.0.0.1 whose answer each test sets; it counts requests. */
interface KeyHost {
  readonly url: string;
  hits: number;
  respond: (req: IncomingMessage, res: ServerResponse) => void;
}

describe("keys published at jwksUri (RFC 7591 §2)", () => {
  let server: Server;
  const host: KeyHost = { url: "", hits: 0, respond: () => {} };
  const serveJson = (value: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(value));
  };
  const allowHttp: ClientAssertionOptions = { allowHttpJwksUri: true };

  beforeAll(async () => {
    server = createServer((req, res) => {
      host.hits++;
      host.respond(req, res);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    (host as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterEach(() => {
    host.hits = 0;
    vi.useRealTimers();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("fetches the set once and uses the cached keys for later assertions", async () => {
    host.respond = serveJson({ keys: [current.jwk] });
    const { flow } = assertionFlow({ "key-client": { id: "key-client", jwksUri: host.url } }, {}, allowHttp);
    await expectToken(await flow.token(assertionRequest(await sign(current))));
    await expectToken(await flow.token(assertionRequest(await sign(current))));
    expect(host.hits).toBe(1);
  });

  it("fetches again after jwksUriCacheMaxAge", async () => {
    host.respond = serveJson({ keys: [current.jwk] });
    const options = { ...allowHttp, jwksUriCacheMaxAge: 0 };
    const { flow } = assertionFlow({ "key-client": { id: "key-client", jwksUri: host.url } }, {}, options);
    await expectToken(await flow.token(assertionRequest(await sign(current))));
    await expectToken(await flow.token(assertionRequest(await sign(current))));
    expect(host.hits).toBe(2);
  });

  it("picks up a rotated key: an unknown kid fetches the set again, at most once per 30 seconds", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    host.respond = serveJson({ keys: [current.jwk] });
    const { flow } = assertionFlow({ "key-client": { id: "key-client", jwksUri: host.url } }, {}, allowHttp);
    await expectToken(await flow.token(assertionRequest(await sign(current))));
    host.respond = serveJson({ keys: [current.jwk, next.jwk] });
    await expectTokenError(await flow.token(assertionRequest(await sign(next))), FAILED);
    expect(host.hits).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await expectToken(await flow.token(assertionRequest(await sign(next))));
    expect(host.hits).toBe(2);
  });

  it("refuses an http jwksUri unless allowHttpJwksUri is set, without fetching it", async () => {
    host.respond = serveJson({ keys: [current.jwk] });
    await expectTokenError(await token({ jwksUri: host.url }, await sign(current)), FAILED);
    expect(host.hits).toBe(0);
    for (const jwksUri of ["ftp://127.0.0.1/jwks", "not a url", "/relative"]) {
      await expectTokenError(await token({ jwksUri }, await sign(current), allowHttp), FAILED);
    }
  });

  it("gives up after jwksUriTimeout when the host does not answer", async () => {
    host.respond = () => {};
    const started = Date.now();
    await expectTokenError(
      await token({ jwksUri: host.url }, await sign(current), { ...allowHttp, jwksUriTimeout: 200 }),
      FAILED,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a set larger than jwksUriMaxSize, by Content-Length or while streaming", async () => {
    const padded = JSON.stringify({ keys: [current.jwk], padding: "x".repeat(70_000) });
    host.respond = (_req, res) => res.end(padded);
    await expectTokenError(await token({ jwksUri: host.url }, await sign(current), allowHttp), FAILED);
    host.respond = (_req, res) => {
      res.setHeader("transfer-encoding", "chunked");
      for (let i = 0; i < 8; i++) res.write(padded.slice(i * 10_000, (i + 1) * 10_000));
      res.end();
    };
    await expectTokenError(await token({ jwksUri: host.url }, await sign(current), allowHttp), FAILED);
    await expectToken(
      await token({ jwksUri: host.url }, await sign(current), { ...allowHttp, jwksUriMaxSize: 100_000 }),
    );
  });

  it("counts a gzip-coded set by its decoded size, which its Content-Length does not give (RFC 9110 §8.4)", async () => {
    const gzipped = (value: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
      const body = gzipSync(JSON.stringify(value));
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": body.length,
      });
      res.end(body);
    };
    // 200 kB of padding compresses far below jwksUriMaxSize (64 KiB) but decodes far above it.
    host.respond = gzipped({ keys: [current.jwk], padding: "x".repeat(200_000) });
    await expectTokenError(await token({ jwksUri: host.url }, await sign(current), allowHttp), FAILED);
    host.respond = gzipped({ keys: [current.jwk] });
    await expectToken(await token({ jwksUri: host.url }, await sign(current), allowHttp));
  });

  it("refuses a non-200 answer, a redirect (not followed) and a body that is not a key set", async () => {
    const answers: Array<(req: IncomingMessage, res: ServerResponse) => void> = [
      (_req, res) => res.writeHead(404).end(),
      (_req, res) => res.writeHead(500).end(JSON.stringify({ keys: [current.jwk] })),
      (_req, res) => res.writeHead(302, { location: host.url }).end(),
      (_req, res) => res.end("{not json"),
      serveJson({ keys: "none" }),
    ];
    for (const answer of answers) {
      host.respond = answer;
      await expectTokenError(await token({ jwksUri: host.url }, await sign(current), allowHttp), FAILED);
    }
    expect(host.hits).toBe(answers.length);
  });
});

/**
 * Bounded soak run (issue 6): 200,000 token requests in process, 64 at a time, mixed valid and
 * invalid, capped at 120 s. Fails (exit 1) on any unexpected status, on a rejection, or when the
 * heap after a forced GC ends more than HEAP_BOUND above where it started. Run with
 * `npm run soak` (needs node --expose-gc). Not part of `npm test`.
 */
import { ClientCredentialsFlowBuilder, hashClientSecret, verifyClientSecret } from "../../src/index.js";

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 200_000);
const CONCURRENCY = 64;
const CAP_MS = 120_000;
const WARMUP = 5_000;
const HEAP_BOUND = 16 * 1024 * 1024;
const ORIGIN = "http://127.0.0.1/token";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const secretHash = await hashClientSecret("soak-secret");
const flow = new ClientCredentialsFlowBuilder({
  clientAuthenticationMethods: ["client_secret_basic", "client_secret_post"],
})
  .setScopes({ "read:data": "Read" })
  .setClientAuthenticationRateLimit({ maxFailures: 5, window: 3600 })
  .getClient(async ({ clientId, clientSecret }) => {
    if (clientId !== "soak-client" && clientId !== "locked-client") return undefined;
    return (await verifyClientSecret(clientSecret, secretHash)) ? { id: clientId } : undefined;
  })
  .generateAccessToken(() => ({ accessToken: crypto.randomUUID() }))
  .build();

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

/** Each kind of request and the statuses it may get. */
const KINDS: ReadonlyArray<{ name: string; expected: readonly number[]; make: () => Request }> = [
  {
    name: "valid basic",
    expected: [200],
    make: () =>
      new Request(ORIGIN, {
        method: "POST",
        headers: { ...FORM, authorization: basic("soak-client", "soak-secret") },
        body: "grant_type=client_credentials&scope=read%3Adata",
      }),
  },
  {
    name: "valid post",
    expected: [200],
    make: () =>
      new Request(ORIGIN, {
        method: "POST",
        headers: FORM,
        body: "grant_type=client_credentials&client_id=soak-client&client_secret=soak-secret",
      }),
  },
  {
    name: "wrong secret, locked client",
    expected: [401, 429],
    make: () =>
      new Request(ORIGIN, {
        method: "POST",
        headers: { ...FORM, authorization: basic("locked-client", "guess") },
        body: "grant_type=client_credentials",
      }),
  },
  {
    name: "unknown scope",
    expected: [400],
    make: () =>
      new Request(ORIGIN, {
        method: "POST",
        headers: { ...FORM, authorization: basic("soak-client", "soak-secret") },
        body: "grant_type=client_credentials&scope=admin",
      }),
  },
  { name: "GET", expected: [405], make: () => new Request(ORIGIN) },
  {
    name: "too large",
    expected: [413],
    make: () => new Request(ORIGIN, { method: "POST", headers: FORM, body: "a".repeat(70_000) }),
  },
  {
    name: "too many parameters",
    expected: [400],
    make: () => new Request(ORIGIN, { method: "POST", headers: FORM, body: "a=1&".repeat(200) }),
  },
  {
    name: "NUL in client id",
    expected: [400],
    make: () =>
      new Request(ORIGIN, {
        method: "POST",
        headers: FORM,
        body: "grant_type=client_credentials&client_id=soak%00&client_secret=x",
      }),
  },
];

const counts = new Map<string, number>();
let unexpected = 0;
let rejected = 0;
let sent = 0;

async function worker(limit: number, deadline: number): Promise<void> {
  while (sent < limit && Date.now() < deadline) {
    const kind = KINDS[sent++ % KINDS.length] as (typeof KINDS)[number];
    try {
      const response = (await flow.token(kind.make())).toResponse();
      await response.text();
      const key = `${kind.name} ${response.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (!kind.expected.includes(response.status)) unexpected += 1;
    } catch {
      rejected += 1;
    }
  }
}

async function run(limit: number, deadline: number): Promise<void> {
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(limit, deadline)));
}

const started = Date.now();
const deadline = started + CAP_MS;
await run(WARMUP, deadline);
gc();
const heapBefore = process.memoryUsage().heapUsed;
await run(WARMUP + TOTAL, deadline);
const duration = Date.now() - started;
gc();
await new Promise((resolve) => setTimeout(resolve, 50));
gc();
const heapAfter = process.memoryUsage().heapUsed;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
console.log(
  `soak: ${sent - WARMUP} requests after ${WARMUP} warm-up, in ${(duration / 1000).toFixed(1)} s, concurrency ${CONCURRENCY}`,
);
console.log(`soak: ${Math.round((sent / duration) * 1000)} requests/s`);
for (const [key, count] of [...counts].sort()) console.log(`soak:   ${key}: ${count}`);
console.log(`soak: unexpected statuses ${unexpected}, rejections ${rejected}`);
console.log(
  `soak: heap before ${mb(heapBefore)}, after ${mb(heapAfter)}, growth ${mb(heapAfter - heapBefore)} (bound ${mb(HEAP_BOUND)})`,
);

const problems: string[] = [];
if (sent < WARMUP + TOTAL) problems.push(`only ${sent - WARMUP} of ${TOTAL} requests within ${CAP_MS / 1000} s`);
if (unexpected > 0) problems.push(`${unexpected} unexpected statuses`);
if (rejected > 0) problems.push(`${rejected} rejections`);
if (heapAfter - heapBefore > HEAP_BOUND) problems.push("heap grew beyond the bound");
if (problems.length > 0) {
  console.error(`soak: FAILED: ${problems.join("; ")}`);
  process.exit(1);
}
console.log("soak: passed");

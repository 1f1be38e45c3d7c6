// Throughput of the JWT access token pair against raw jose doing the same work with a key imported
// beforehand: SignJWT with the same RFC 9068 header and claims, and jwtVerify with the same checks.
// Same process, same algorithm, interleaved rounds (the order flips every round), one warm-up round
// discarded. Not part of `npm test`: run it with `npm run bench:jwt`.
//
// Throughput is calls per second of wall-clock time, the figure the target is about. On a machine
// other work shares, the ratio by CPU time of this process is printed too: it hardly moves with the
// load of other processes.
//
//   BENCH_ROUNDS  measured rounds per algorithm (default 10)
//   BENCH_MS      length of one batch in milliseconds (default 200)
import { importJWK, jwtVerify, SignJWT } from "jose";
import { generateSigningKeyPair, type JwtAccessTokenAlgorithm, jwtAccessTokens } from "../../src/index.js";

const ISSUER = "https://as.example.com";
const AUDIENCE = "https://api.example.com";
const ALGORITHMS: readonly JwtAccessTokenAlgorithm[] = ["ES256", "EdDSA", "RS256"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BATCH_MS = Number(process.env.BENCH_MS ?? 200);
const MAX_OPS_PER_BATCH = 1_000_000;
const TARGET = 0.9;

type Operation = () => Promise<unknown>;

interface Rates {
  /** Calls per second of wall-clock time. */
  wall: number;
  /** Calls per second of CPU time of this process (every thread). */
  cpu: number;
}

/** Runs `operation` one call after another for about BATCH_MS. */
async function batch(operation: Operation): Promise<Rates> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let ops = 0;
  let elapsed = 0;
  while (elapsed < BATCH_MS && ops < MAX_OPS_PER_BATCH) {
    await operation();
    ops++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (ops * 1000) / elapsed, cpu: (ops * 1e6) / (cpu.user + cpu.system) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Comparison {
  /** Median wall-clock throughput of the pair and of raw jose. */
  pair: number;
  raw: number;
  /** Median of the per-round ratios pair / raw, by wall-clock and by CPU time. */
  ratio: number;
  cpuRatio: number;
}

async function compare(pair: Operation, raw: Operation): Promise<Comparison> {
  const pairRates: number[] = [];
  const rawRates: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    const pairFirst = round % 2 === 0;
    const first = await batch(pairFirst ? pair : raw);
    const second = await batch(pairFirst ? raw : pair);
    if (round < 0) continue; // warm-up
    const [pairRate, rawRate] = pairFirst ? [first, second] : [second, first];
    pairRates.push(pairRate.wall);
    rawRates.push(rawRate.wall);
    ratios.push(pairRate.wall / rawRate.wall);
    cpuRatios.push(pairRate.cpu / rawRate.cpu);
  }
  return { pair: median(pairRates), raw: median(rawRates), ratio: median(ratios), cpuRatio: median(cpuRatios) };
}

async function benchmark(alg: JwtAccessTokenAlgorithm) {
  const { privateJwk, publicJwk } = await generateSigningKeyPair(alg);
  const tokens = await jwtAccessTokens({ issuer: ISSUER, audience: AUDIENCE, keys: [{ privateJwk }] });
  const privateKey = await importJWK({ ...privateJwk }, alg);
  const publicKey = await importJWK({ ...publicJwk }, alg);
  const context = {
    client: { id: "service-a" },
    scope: ["read:data", "write:data"],
    accessTokenLifetime: 3600,
    audience: [],
  };

  const rawIssue = () => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: ISSUER,
      exp: iat + 3600,
      aud: AUDIENCE,
      sub: "service-a",
      client_id: "service-a",
      iat,
      jti: crypto.randomUUID(),
      scope: "read:data write:data",
    })
      .setProtectedHeader({ alg, kid: privateJwk.kid, typ: "at+jwt" })
      .sign(privateKey);
  };
  const pairIssue = () => tokens.generateAccessToken(context);

  const token = await rawIssue();
  const verifyOptions = {
    issuer: ISSUER,
    audience: AUDIENCE,
    typ: "at+jwt",
    algorithms: [alg],
    requiredClaims: ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
  };
  const rawVerify = () => jwtVerify(token, publicKey, verifyOptions);
  const pairVerify = async () => {
    const result = await tokens.verifyToken(token);
    if (!result.isValid) throw new Error("the pair refused a valid token");
  };
  await rawVerify();
  await pairVerify();

  return { issue: await compare(pairIssue, rawIssue), verify: await compare(pairVerify, rawVerify) };
}

const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`.padStart(10);
const ratio = (value: number) => `${value.toFixed(3)}x`.padStart(7);

console.log(`node ${process.version}, ${ROUNDS} rounds of ${BATCH_MS} ms batches per side, median per-round ratio`);
console.log("alg     op       pair        raw jose    pair/raw  by CPU time");
let below = 0;
for (const alg of ALGORITHMS) {
  const result = await benchmark(alg);
  for (const op of ["issue", "verify"] as const) {
    const { pair, raw, ratio: r, cpuRatio } = result[op];
    if (r < TARGET) below++;
    const flag = r < TARGET ? "  below target" : "";
    console.log(`${alg.padEnd(7)} ${op.padEnd(7)} ${rate(pair)}  ${rate(raw)}  ${ratio(r)}  ${ratio(cpuRatio)}${flag}`);
  }
}
console.log(below === 0 ? `every ratio is at least ${TARGET}x` : `${below} ratio(s) below ${TARGET}x`);

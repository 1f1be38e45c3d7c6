// Throughput of the JWT access token pair against raw jose doing the same work with a key imported
// beforehand (test/bench/jwt-pair.ts). Same process, same algorithm, interleaved rounds (the order
// rotates every round), one warm-up round discarded. Not part of `npm test`: run it with
// `npm run bench:jwt`; `npm run bench` runs the ES256 part of it too.
//
// Throughput is calls per second of wall-clock time, the figure the target is about. On a machine
// other work shares, the ratio by CPU time of this process is printed too: it hardly moves with the
// load of other processes.
//
//   BENCH_ROUNDS  measured rounds per algorithm (default 10)
//   BENCH_MS      length of one batch in milliseconds (default 200)
import type { JwtAccessTokenAlgorithm } from "../../src/index.js";
import { column, ratio } from "./harness.js";
import { compareJwt } from "./jwt-pair.js";

const ALGORITHMS: readonly JwtAccessTokenAlgorithm[] = ["ES256", "EdDSA", "RS256"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BATCH_MS = Number(process.env.BENCH_MS ?? 200);
const TARGET = 0.9;

const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`.padStart(10);
const times = (value: number) => `${value.toFixed(3)}x`.padStart(7);

console.log(`node ${process.version}, ${ROUNDS} rounds of ${BATCH_MS} ms batches per side, median per-round ratio`);
console.log("alg     op       pair        raw jose    pair/raw  by CPU time");
let below = 0;
for (const alg of ALGORITHMS) {
  const result = await compareJwt(alg, ROUNDS, BATCH_MS);
  for (const op of ["issue", "verify"] as const) {
    const { wall, cpu } = result[op];
    const r = ratio(wall, 0, 1).median;
    if (r < TARGET) below++;
    const flag = r < TARGET ? "  below target" : "";
    const line = [rate(column(wall, 0).median), rate(column(wall, 1).median), times(r), times(ratio(cpu, 0, 1).median)];
    console.log(`${alg.padEnd(7)} ${op.padEnd(7)} ${line.join("  ")}${flag}`);
  }
}
console.log(below === 0 ? `every ratio is at least ${TARGET}x` : `${below} ratio(s) below ${TARGET}x`);

/**
 * Engine throughput and organisation scale (issue 9 items 1 and 4), outside the test suite:
 *
 *   node --import tsx --expose-gc bench/engine-scale.ts [cases=20000] [employees=1000000] [organisation=employees]
 *
 * 1. `evaluateMany` on the realistic case (bench/engine-cases.ts) with a prepared evaluator, for
 *    each explanation level, interleaved runs, median and min–max in cases/s.
 * 2. `distribute` over compact results (id, grade, ratings) of `employees` employees: wall and
 *    CPU time, heap used by the records (bench/scale.ts).
 * 3. `evaluateOrganisation` of `organisation` realistic cases with `explain: "none"`, and of
 *    `cases` cases with `explain: "steps"`, each in a child process with the heap capped at
 *    1 GiB: whether it finishes, heap kept per employee, peak RSS (bench/scale.ts).
 */
import { evaluateMany, prepareEvaluator } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { realisticCases } from "./engine-cases";
import { distributeAtScale, organisationAtScale } from "./scale";

const CASES = Number(process.argv[2] ?? 20_000);
const EMPLOYEES = Number(process.argv[3] ?? 1_000_000);
const ORGANISATION = Number(process.argv[4] ?? EMPLOYEES);
const RUNS = 5;
const period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${Math.round(s[Math.floor(s.length / 2)] ?? 0)} (min ${Math.round(s[0] ?? 0)}, max ${Math.round(s.at(-1) ?? 0)})`;
};

const cases = [...realisticCases(CASES)];
const levels = ["full", "steps", "none"] as const;
const rates: Record<string, number[]> = { full: [], steps: [], none: [] };
for (let run = 0; run < RUNS; run += 1) {
  for (const explain of levels) {
    const evaluator = prepareEvaluator(permenpanrb6of2022, { period, explain });
    const started = performance.now();
    let n = 0;
    for await (const _ of evaluateMany(cases, evaluator)) n += 1;
    rates[explain]?.push(n / ((performance.now() - started) / 1000));
  }
}
for (const explain of levels) {
  console.log(
    `evaluateMany, explain ${explain}, ${CASES} realistic cases: ${stats(rates[explain] ?? [])} cases/s`,
  );
}

// Organisation scale (bench/scale.ts): distribute of compact results, then evaluateOrganisation
// in a child process with the heap capped at 1 GiB, explain "none" (the configuration of the
// ≤ 1 GB target) at full size, and explain "steps" on `cases` cases to show what a step costs.
const ms = (xs: number[]) => `${stats(xs)} ms`;
const d = distributeAtScale(EMPLOYEES, 3);
console.log(
  `distribute, ${EMPLOYEES} compact results (BAIK organisation, ${d.violations} violations, ${d.changes} changes proposed): wall ${ms(d.wallMs)}, CPU ${ms(d.cpuMs)}; records ${mb(d.recordsMiB * 2 ** 20)}`,
);
for (const [n, explain] of [
  [ORGANISATION, "none"],
  [CASES, "steps"],
] as const) {
  const o = await organisationAtScale(n, explain);
  console.log(
    o.finished
      ? `evaluateOrganisation, explain ${explain}, ${n} cases, prepared evaluator, heap capped at ${o.heapCapMiB} MiB: ${o.evaluateSeconds?.toFixed(1)} s; kept ${o.heapKeptMiB?.toFixed(0)} MiB (${Math.round(o.bytesPerEmployee ?? 0)} B per employee → ${((o.bytesPerEmployee ?? 0) / 1024).toFixed(2)} GiB per million); peak RSS ${o.peakRssMiB?.toFixed(0)} MiB; distribute of its results: wall ${o.distributeWallMs?.toFixed(0)} ms, CPU ${o.distributeCpuMs?.toFixed(0)} ms`
      : `evaluateOrganisation, explain ${explain}, ${n} cases, heap capped at ${o.heapCapMiB} MiB: did not finish (${o.error})`,
  );
}

/**
 * Engine throughput and organisation scale (issue 9 items 1 and 4), outside the test suite:
 *
 *   node --import tsx --expose-gc bench/engine-scale.ts [cases=20000] [employees=1000000]
 *
 * 1. `evaluateMany` on the realistic case (bench/engine-cases.ts) with a prepared evaluator, for
 *    each explanation level, interleaved runs, median and min–max in cases/s.
 * 2. `distribute` over compact records (id, grade, ratings) of `employees` employees: time and
 *    heap used by the records.
 * 3. `evaluateOrganisation` with `explain: "none"` on `cases` cases: heap kept per employee,
 *    extrapolated to 1M (said so in the output).
 */
import {
  distribute,
  type EvaluationResult,
  evaluateMany,
  evaluateOrganisation,
  prepareEvaluator,
} from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { realisticCases } from "./engine-cases";

const CASES = Number(process.argv[2] ?? 20_000);
const EMPLOYEES = Number(process.argv[3] ?? 1_000_000);
const RUNS = 5;
const period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
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

// Compact records: what a distribution reads.
const grades = permenpanrb6of2022.grades.map((g) => g.code);
const ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"];
const before = heap();
const records: EvaluationResult[] = new Array(EMPLOYEES);
for (let i = 0; i < EMPLOYEES; i += 1) {
  records[i] = {
    employeeId: `19900101${String(i).padStart(10, "0")}`,
    grade: grades[i % 5 === 0 ? 0 : 1] ?? "BAIK",
    score: null,
    ratings: {
      resultRating: ratings[i % 3] ?? null,
      behaviourRating: ratings[(i >> 1) % 3] ?? null,
      capaian: 100,
    },
    explanation: [],
    consequences: [],
    warnings: [],
  };
}
const used = heap() - before;
const times: number[] = [];
for (let run = 0; run < 3; run += 1) {
  const started = performance.now();
  distribute(records, permenpanrb6of2022, { organisation: { id: "nasional", predikat: "BAIK" } });
  times.push(performance.now() - started);
}
console.log(
  `distribute, ${EMPLOYEES} compact records: ${stats(times)} ms; records ${mb(used)} (${Math.round(used / EMPLOYEES)} B each); peak RSS ${mb(process.memoryUsage().rss)}`,
);

// evaluateOrganisation keeps every result: measure what one employee costs with explain none.
const orgBefore = heap();
const response = evaluateOrganisation(cases, permenpanrb6of2022, {
  period,
  explain: "none",
  organisation: { id: "disdik", predikat: "BAIK" },
});
const perEmployee = (heap() - orgBefore) / CASES;
console.log(
  `evaluateOrganisation, explain none, ${response.results.length} cases: ${Math.round(perEmployee)} B kept per employee → ${mb(perEmployee * 1_000_000)} for 1M (extrapolated)`,
);

import { type EvaluationCase, subPeriods } from "@kinerja/core";
import { arbitraryEvaluationCase, fairnessProperties } from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { TPP_PRESETS, tppRegional } from "../src/tpp-regional";

const minutes = fc.array(
  fc.oneof(fc.integer({ min: 0, max: 240 }), fc.double({ min: 0, max: 240, noNaN: true })),
  {
    maxLength: 6,
  },
);

const month = (subPeriod: string) =>
  fc.record(
    {
      subPeriod: fc.constant(subPeriod),
      lateArrivals: minutes,
      earlyLeaves: minutes,
      absentDays: fc.integer({ min: 0, max: 30 }),
      missedAssemblies: fc.integer({ min: 0, max: 5 }),
      noRecordDays: fc.integer({ min: 0, max: 5 }),
    },
    { requiredKeys: ["subPeriod", "lateArrivals", "earlyLeaves", "absentDays", "missedAssemblies"] },
  );

const YEAR = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);

/** Months inside the case's own period when it has one, else months of 2026. */
const months = (c: EvaluationCase) => {
  const keys = c.period ? subPeriods({ ...c.period, cadence: "MONTHLY" }).map((s) => s.key) : YEAR;
  return fc
    .shuffledSubarray(keys, { minLength: 1, maxLength: Math.min(4, keys.length) })
    .chain((ks) => fc.tuple(...ks.map(month)));
};

const performance = fc.option(
  fc.oneof(
    fc
      .constantFrom("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
      .map((grade) => ({ grade })),
    fc.double({ min: 0, max: 100, noNaN: true }).map((score) => ({ score })),
  ),
  { nil: undefined },
);

const basis = fc.option(fc.integer({ min: 0, max: 25_000_000 }), { nil: undefined });

/** Valid `tpp-regional` cases: the core's cases plus attendance, performance and an optional basis. */
const cases = arbitraryEvaluationCase().chain((c) =>
  fc
    .record({ attendance: months(c), performance, basis })
    .map(({ attendance, performance: p, basis: b }) => ({
      ...c,
      attendance,
      ...(p === undefined ? {} : { performance: p }),
      ...(b === undefined ? {} : { tpp: { basis: b } }),
    })),
);

const configs: [string, unknown][] = [
  ["default configuration", undefined],
  // The Tulang Bawang bands with monthly caps and a score-band table on top, to exercise both.
  [
    "preset tulangBawang with caps and score bands",
    {
      ...TPP_PRESETS.tulangBawang,
      caps: { lateArrival: 3, earlyLeave: 3, total: 20 },
      performance: {
        scoreBands: [
          { from: 0, percent: 0 },
          { from: 61, percent: 50 },
          { from: 76, percent: 90 },
          { from: 91, percent: 100 },
        ],
      },
    },
  ],
  ["preset permentan68", TPP_PRESETS.permentan68],
];

for (const [name, config] of configs) {
  describe(`tpp-regional fairness: ${name}`, () => {
    for (const p of fairnessProperties(tppRegional, { numRuns: runs(1000), cases, config }))
      test(p.name, p.run, 300_000);
  });
}

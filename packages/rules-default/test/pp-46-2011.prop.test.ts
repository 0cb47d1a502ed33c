import { type EvaluationCase, type Realization, type Result, subPeriods } from "@kinerja/core";
import { arbitraryEvaluationCase, fairnessProperties } from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { pp46of2011 } from "../src/pp-46-2011";

const BEHAVIOUR_ASPECTS = [
  "ORIENTASI_PELAYANAN",
  "INTEGRITAS",
  "KOMITMEN",
  "DISIPLIN",
  "KERJA_SAMA",
  "KEPEMIMPINAN",
];

/** A positive target: counts, quality scores, months, amounts. */
const target = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.double({ min: 0.5, max: 1000, noNaN: true }) },
);

/** A realisation as a share of the target (0–250 %), recorded inline, per sub-period, or missing. */
const measure = fc.record({
  target,
  pct: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 250 }) },
    fc.double({ min: 0, max: 250, noNaN: true }),
  ),
  mode: fc.oneof(
    { weight: 6, arbitrary: fc.constant("inline" as const) },
    { weight: 3, arbitrary: fc.constant("periods" as const) },
    { weight: 1, arbitrary: fc.constant("missing" as const) },
  ),
  slots: fc.uniqueArray(fc.nat({ max: 11 }), { minLength: 1, maxLength: 3 }),
});
type Measure = typeof measure extends fc.Arbitrary<infer T> ? T : never;

/** An activity: KUANTITAS, KUALITAS and WAKTU, and BIAYA (sometimes with a 0 "no cost" target) or not. */
const activity = fc.record({
  k: measure,
  q: measure,
  w: measure,
  b: fc.option(
    fc.oneof(
      { weight: 4, arbitrary: measure },
      { weight: 1, arbitrary: measure.map((m) => ({ ...m, target: 0 })) },
    ),
    { nil: undefined },
  ),
});

const cases = fc
  .record({
    base: arbitraryEvaluationCase({
      sources: ["SUPERVISOR", "PEER", "SELF"],
      behaviourAspects: BEHAVIOUR_ASPECTS,
      behaviourRange: { min: 0, max: 100 },
      maxResults: 1,
      maxIndicators: 1,
    }),
    activities: fc.array(activity, { minLength: 1, maxLength: 4 }),
    tasks: fc.nat({ max: 8 }),
    weighted: fc.boolean(),
    creativity: fc.constantFrom("NONE", "UNIT_KERJA", "INSTANSI", "NASIONAL"),
  })
  .map(({ base, activities, tasks, weighted, creativity }): EvaluationCase & { creativity: string } => {
    const keys = base.period ? subPeriods(base.period).map((s) => s.key) : [];
    const realizations: Realization[] = [];
    const indicator = (id: string, aspect: "KUANTITAS" | "KUALITAS" | "WAKTU" | "BIAYA", m: Measure) => {
      const total = (m.target * m.pct) / 100;
      const mode = m.mode === "periods" && keys.length === 0 ? "inline" : m.mode;
      if (mode === "periods") {
        const chosen = [...new Set(m.slots.map((s) => keys[s % keys.length] ?? ""))];
        for (const subPeriod of chosen) {
          // KUALITAS is averaged over sub-periods, the others are summed.
          const value = aspect === "KUALITAS" ? total : total / chosen.length;
          realizations.push({ indicatorId: id, subPeriod, value, evidence: [] });
        }
      }
      return { id, aspect, target: m.target, ...(mode === "inline" ? { realization: total } : {}) };
    };
    // Weights (ignored by PP 46/2011, with a warning) go to the main results only.
    const count = activities.length;
    const weight = (i: number) =>
      weighted ? { weight: Math.floor(100 / count) + (i === 0 ? 100 % count : 0) } : {};
    const results: Result[] = [
      ...activities.map((a, i) => ({
        id: `kegiatan-${i}`,
        kind: "UTAMA" as const,
        ...weight(i),
        indicators: [
          indicator(`k${i}-kuantitas`, "KUANTITAS", a.k),
          indicator(`k${i}-kualitas`, "KUALITAS", a.q),
          indicator(`k${i}-waktu`, "WAKTU", a.w),
          ...(a.b ? [indicator(`k${i}-biaya`, "BIAYA", a.b)] : []),
        ],
      })),
      ...Array.from({ length: tasks }, (_, t) => ({
        id: `tugas-tambahan-${t}`,
        kind: "TAMBAHAN" as const,
        indicators: [{ id: `t${t}`, aspect: "KUANTITAS" as const, target: 1, realization: 1 }],
      })),
    ];
    return { ...base, workPlan: { ...base.workPlan, results }, realizations, creativity };
  });

describe("pp-46-2011 fairness (default configuration)", () => {
  for (const p of fairnessProperties(pp46of2011, { numRuns: runs(1000), cases }))
    test(p.name, p.run, 300_000);
});

describe("pp-46-2011 fairness (kualitas capped, commonly cited task and creativity points)", () => {
  const config = {
    capKualitas: true,
    additionalTaskPoints: [
      { minTasks: 1, points: 1 },
      { minTasks: 4, points: 2 },
      { minTasks: 7, points: 3 },
    ],
    creativityPoints: { UNIT_KERJA: 3, INSTANSI: 6, NASIONAL: 12 },
  };
  for (const p of fairnessProperties(pp46of2011, { numRuns: runs(1000), cases, config }))
    test(p.name, p.run, 300_000);
});

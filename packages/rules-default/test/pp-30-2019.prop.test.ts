import type { EvaluationCase } from "@kinerja/core";
import { arbitraryEvaluationCase, fairnessProperties } from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { pp30of2019 } from "../src/pp-30-2019";

const BEHAVIOUR_ASPECTS = [
  "ORIENTASI_PELAYANAN",
  "KOMITMEN",
  "INISIATIF_KERJA",
  "KERJA_SAMA",
  "KEPEMIMPINAN",
];

/**
 * Valid PP 30/2019 cases: the kit's work plans (any aspect, direction, target or range,
 * realisations inline, per sub-period or missing) with at least one UTAMA result; the
 * supervisor's scores always, peers' and subordinates' sometimes (so both 70/30 and 60/40
 * occur), a self-assessment sometimes; and the innovation flag.
 */
const cases = fc
  .record({
    base: arbitraryEvaluationCase({
      sources: ["SUPERVISOR", "PEER", "SUBORDINATE", "SELF"],
      behaviourAspects: BEHAVIOUR_ASPECTS,
      behaviourRange: { min: 0, max: 120 },
    }),
    keep: fc.record({ PEER: fc.boolean(), SUBORDINATE: fc.boolean(), SELF: fc.boolean() }),
    innovation: fc.boolean(),
  })
  .map(({ base, keep, innovation }): EvaluationCase & { innovation: boolean } => {
    // The kit's plans have a UTAMA result already (and weights only on UTAMA results).
    const assessments = base.assessments.filter(
      (a) => a.source === "SUPERVISOR" || keep[a.source as keyof typeof keep],
    );
    return { ...base, assessments, innovation };
  });

describe("pp-30-2019 fairness (default configuration)", () => {
  for (const p of fairnessProperties(pp30of2019, { numRuns: runs(1000), cases }))
    test(p.name, p.run, 300_000);
});

describe("pp-30-2019 fairness (self-assessment counted, 101–110 % band 110 → 120, 60/40 fixed)", () => {
  const config = {
    nilaiBands: { above100From: 110, at110: 120 },
    raterWeights: { SUPERVISOR: 50, PEER: 20, SUBORDINATE: 20, SELF: 10 },
    weighting: "SKP_60",
  };
  for (const p of fairnessProperties(pp30of2019, { numRuns: runs(1000), cases, config }))
    test(p.name, p.run, 300_000);
});

import { BASE_SOURCES } from "@kinerja/core";
import { arbitraryAssessment, arbitraryEvaluationCase, fairnessProperties } from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { WEIGHTED_360_COMPONENTS, WEIGHTED_360_PRESETS, weighted360 } from "../src/weighted-360";

const behaviour = { behaviourAspects: WEIGHTED_360_COMPONENTS, behaviourRange: { min: 0, max: 100 } };

/**
 * Valid `weighted-360` cases: the core's cases scored on the package's components, with some
 * assessments removed and partial ones added, so that sources fall below and rise above their
 * rater minimums and some components go unscored.
 */
const cases = arbitraryEvaluationCase(behaviour).chain((c) =>
  fc
    .record({
      kept: fc.subarray(c.assessments),
      extra: fc.array(arbitraryAssessment({ ...behaviour, sources: BASE_SOURCES }), { maxLength: 8 }),
    })
    .map(({ kept, extra }) => ({ ...c, assessments: [...kept, ...extra] })),
);

const configs: [string, unknown][] = [
  ["default configuration", undefined],
  ["preset sibolga", WEIGHTED_360_PRESETS.sibolga],
  ["preset lhokseumawe", WEIGHTED_360_PRESETS.lhokseumawe],
];

for (const [name, config] of configs) {
  describe(`weighted-360 fairness: ${name}`, () => {
    for (const p of fairnessProperties(weighted360, { numRuns: runs(1000), cases, config }))
      test(p.name, p.run, 300_000);
  });
}

import { BASE_SOURCES, type EvaluationCase, RatingSchema } from "@kinerja/core";
import { arbitraryEvaluationCase, fairnessProperties } from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { permenpanrb6of2022 } from "../src/permenpanrb-6-2022";

const rating = fc.constantFrom(...RatingSchema.options);

/**
 * Valid cases for the package: the core's generated cases always carry one SUPERVISOR assessment
 * with both ratings; on top, the justification is sometimes blank (so departures warn), and the
 * SUPERVISOR's ratings are redrawn so that every matrix cell comes up often.
 */
const cases = fc
  .record({
    base: arbitraryEvaluationCase({ sources: BASE_SOURCES }),
    resultRating: rating,
    behaviourRating: rating,
    justification: fc.constantFrom("keep", "blank", "none"),
  })
  .map(
    ({ base, resultRating, behaviourRating, justification }): EvaluationCase => ({
      ...base,
      assessments: base.assessments.map((a) => {
        if (a.source !== "SUPERVISOR") return a;
        const { justification: given, ...rest } = a;
        const kept = justification === "keep" && given !== undefined ? { justification: given } : {};
        return {
          ...rest,
          resultRating,
          behaviourRating,
          ...(justification === "blank" ? { justification: " " } : kept),
        };
      }),
    }),
  );

describe("permenpanrb-6-2022 fairness kit", () => {
  for (const p of fairnessProperties(permenpanrb6of2022, { numRuns: runs(1000), cases }))
    test(p.name, p.run, 300_000);
});

describe("permenpanrb-6-2022 fairness kit, distribution as errors and rounding to the nearest head", () => {
  const config = { distribution: { severity: "ERROR", rounding: { atMost: "ROUND", atLeast: "ROUND" } } };
  for (const p of fairnessProperties(permenpanrb6of2022, {
    numRuns: runs(300),
    cases,
    config,
    organisation: true,
  })) {
    if (p.name.startsWith("pool") || p.name.startsWith("calibration")) test(p.name, p.run, 300_000);
  }
});

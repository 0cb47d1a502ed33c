import { BASE_SOURCES, type EvaluationCase, evaluate, isKinerjaError, RatingSchema } from "@kinerja/core";
import { arbitraryEvaluationCase, arbitraryOrganisation, arbitraryPeriod } from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { permenpanrb6of2022 } from "../src/permenpanrb-6-2022";

const rating = fc.constantFrom(...RatingSchema.options);

/** Valid cases with every matrix cell, blank justifications, unit heads and their organisation. */
const cases = fc
  .record({
    base: arbitraryEvaluationCase({ sources: BASE_SOURCES }),
    resultRating: rating,
    behaviourRating: rating,
    blank: fc.boolean(),
  })
  .map(
    ({ base, resultRating, behaviourRating, blank }): EvaluationCase => ({
      ...base,
      assessments: base.assessments.map((a) =>
        a.source === "SUPERVISOR"
          ? { ...a, resultRating, behaviourRating, ...(blank ? { justification: " " } : {}) }
          : a,
      ),
    }),
  );

/** The result, or the error's code and message: both must agree across explanation levels. */
function outcome(c: unknown, explain: "full" | "steps" | "none", context: object): unknown {
  try {
    return evaluate(c, permenpanrb6of2022, { ...context, explain });
  } catch (error) {
    if (isKinerjaError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

// The package skips the steps when the engine drops them (issue 9): nothing else may change.
describe("permenpanrb-6-2022 at every explanation level", () => {
  test("steps is full without titles, texts and catalogued steps' inputs, none is full without steps; the rest is the same", () => {
    fc.assert(
      fc.property(
        cases,
        fc.option(arbitraryPeriod(), { nil: undefined }),
        fc.option(arbitraryOrganisation(), { nil: undefined }),
        (c, period, organisation) => {
          const context = { ...(period ? { period } : {}), ...(organisation ? { organisation } : {}) };
          const full = outcome(c, "full", context) as { explanation?: Record<string, unknown>[] };
          const steps = outcome(c, "steps", context);
          const none = outcome(c, "none", context);
          if (full.explanation === undefined) {
            expect(steps).toEqual(full);
            expect(none).toEqual(full);
            return;
          }
          expect(JSON.stringify(none)).toBe(JSON.stringify({ ...full, explanation: [] }));
          // A catalogued step keeps its data without `inputs` (its params carry them).
          const data = full.explanation.map(({ title: _t, text: _x, ...rest }) => {
            if (rest.messageId === undefined) return rest;
            const { inputs: _i, ...kept } = rest;
            return kept;
          });
          expect(JSON.stringify(steps)).toBe(JSON.stringify({ ...full, explanation: data }));
        },
      ),
      { numRuns: runs(500) },
    );
  });
});

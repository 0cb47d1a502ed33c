import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseCase } from "../src/engine";
import { isKinerjaError } from "../src/errors";
import { arbitraryEvaluationCase, arbitraryWorkPlan } from "../src/testing/arbitraries";
import { type WorkPlan, WorkPlanSchema } from "../src/work-plan";
import { checkWorkPlan, workPlanProblems } from "../src/work-plan-check";
import { toy, toyCase } from "./engine-fixtures";

/** Whether the engine accepts the plan in an otherwise valid case. */
function engineAccepts(workPlan: WorkPlan): boolean {
  try {
    parseCase({ ...toyCase(), workPlan }, toy);
    return true;
  } catch (error) {
    if (isKinerjaError(error) && error.code === "VALIDATION_FAILED") return false;
    throw error;
  }
}

const indicator = (id: string, weight: number | undefined) => ({
  id,
  aspect: "KUANTITAS" as const,
  target: 10,
  ...(weight === undefined ? {} : { weight }),
});

/** A plan with weights and ids drawn so that every kind of weight and id problem shows up. */
const messyPlan = fc
  .array(
    fc.record({
      id: fc.constantFrom("r1", "r2", "r3"),
      kind: fc.constantFrom("UTAMA", "UTAMA", "TAMBAHAN"),
      weight: fc.option(fc.constantFrom(20, 30, 40, 50, 60, 100), { nil: undefined }),
      indicators: fc.array(
        fc.record({
          id: fc.constantFrom("i1", "i2", "i3", "i4"),
          weight: fc.option(fc.constantFrom(25, 50, 75, 100), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((results) =>
    WorkPlanSchema.parse({
      results: results.map((r) => ({
        id: r.id,
        kind: r.kind as "UTAMA" | "TAMBAHAN",
        ...(r.weight === undefined ? {} : { weight: r.weight }),
        indicators: r.indicators.map((i) => indicator(i.id, i.weight)),
      })),
    }),
  );

describe("checkWorkPlan and the engine agree", () => {
  fcTest.prop([messyPlan])("the engine accepts a plan exactly when checkWorkPlan finds no problem", (p) => {
    expect(engineAccepts(p)).toBe(checkWorkPlan(p).length === 0);
  });

  fcTest.prop([arbitraryWorkPlan()])("the work plan arbitrary draws plans without problems", (p) => {
    expect(checkWorkPlan(p)).toEqual([]);
  });

  fcTest.prop([arbitraryEvaluationCase()])(
    "the case arbitrary draws plans and realisations without problems",
    (c) => {
      const period = c.period ?? { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" as const };
      expect(checkWorkPlan(c.workPlan, { realizations: c.realizations, period })).toEqual([]);
    },
  );
});

/** A messy plan where some results name another result of the plan (or one outside it) as their parent. */
const messyPlanWithParents = fc
  .tuple(
    messyPlan,
    fc.array(fc.constantFrom("r1", "r2", "r3", "outside"), { minLength: 3, maxLength: 3 }),
    fc.nat(7),
  )
  .map(([plan, parents, mask]) => ({
    ...plan,
    results: plan.results.map((r, i) =>
      (mask >> i) & 1 ? { ...r, parentResultId: parents[i] as string } : r,
    ),
  }));

describe("checkWorkPlan's quick answer for clean plans (issue 9)", () => {
  fcTest.prop([fc.oneof(messyPlan, messyPlanWithParents, arbitraryWorkPlan())])(
    "finds exactly the problems of the full check",
    (p) => {
      expect(checkWorkPlan(p)).toEqual(workPlanProblems(p));
    },
  );
});

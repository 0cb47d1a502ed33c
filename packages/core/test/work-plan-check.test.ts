import { describe, expect, test } from "vitest";
import { parseCase } from "../src/engine";
import { isKinerjaError } from "../src/errors";
import { type WorkPlan, type WorkPlanInput, WorkPlanSchema } from "../src/work-plan";
import { assertWorkPlan, checkWorkPlan } from "../src/work-plan-check";
import { toy, toyCase } from "./engine-fixtures";

const indicator = (id: string, weight?: number) => ({
  id,
  aspect: "KUANTITAS" as const,
  target: 10,
  ...(weight === undefined ? {} : { weight }),
});
const plan = (results: WorkPlanInput["results"]): WorkPlan => WorkPlanSchema.parse({ results });
const codes = (p: WorkPlan) => checkWorkPlan(p).map((x) => [x.code, x.path]);

/** Whether the engine accepts the plan in an otherwise valid case. */
function engineAccepts(workPlan: unknown, extra: Record<string, unknown> = {}): boolean {
  try {
    parseCase({ ...toyCase(), workPlan, ...extra }, toy);
    return true;
  } catch (error) {
    if (isKinerjaError(error) && error.code === "VALIDATION_FAILED") return false;
    throw error;
  }
}

describe("checkWorkPlan: the plans of issue 7 that were approved and then jammed the period", () => {
  test.each([
    [
      "result weights 70 + 50",
      plan([
        { id: "r1", weight: 70, indicators: [indicator("i1")] },
        { id: "r2", weight: 50, indicators: [indicator("i2")] },
      ]),
      [["RESULT_WEIGHTS_SUM", ["results"]]],
      "UTAMA result weights add up to 120 (r1 70 + r2 50); they must add up to 100",
    ],
    [
      "weights on only some indicators",
      plan([{ id: "r1", indicators: [indicator("i1", 100), indicator("i2")] }]),
      [["INDICATOR_WEIGHTS_PARTIAL", ["results", 0, "indicators", 1, "weight"]]],
      "result r1: indicators i1 have a weight but i2 not; give every indicator a weight or none",
    ],
    [
      "a duplicate indicator id",
      plan([
        { id: "r1", indicators: [indicator("i1")] },
        { id: "r2", indicators: [indicator("i1")] },
      ]),
      [["DUPLICATE_INDICATOR_ID", ["results", 1, "indicators", 0, "id"]]],
      'indicator id "i1" is used twice (also in result r1); give each indicator its own id',
    ],
  ])("%s is a problem naming the field", (_name, p, expected, message) => {
    expect(codes(p)).toEqual(expected);
    expect(checkWorkPlan(p)[0]?.message).toBe(message);
    expect(engineAccepts(p)).toBe(false);
  });

  test("UTAMA 60/40 beside an unweighted TAMBAHAN result can be evaluated: weights are over the main results", () => {
    const p = plan([
      { id: "r1", weight: 60, indicators: [indicator("i1")] },
      { id: "r2", weight: 40, indicators: [indicator("i2")] },
      { id: "r3", kind: "TAMBAHAN", indicators: [indicator("i3")] },
    ]);
    expect(checkWorkPlan(p)).toEqual([]);
    expect(engineAccepts(p)).toBe(true);
  });

  test("a weight on a TAMBAHAN result is a problem: additional results are reported apart", () => {
    const p = plan([
      { id: "r1", weight: 60, indicators: [indicator("i1")] },
      { id: "r2", weight: 30, indicators: [indicator("i2")] },
      { id: "r3", kind: "TAMBAHAN", weight: 10, indicators: [indicator("i3")] },
    ]);
    expect(codes(p)).toEqual([
      ["RESULT_WEIGHTS_SUM", ["results"]],
      ["TAMBAHAN_WEIGHTED", ["results", 2, "weight"]],
    ]);
  });

  test("a plan without a UTAMA result, a duplicate result id and a result intervening its own plan", () => {
    expect(codes(plan([{ id: "r1", kind: "TAMBAHAN", indicators: [indicator("i1")] }]))).toEqual([
      ["NO_MAIN_RESULT", ["results"]],
    ]);
    expect(
      codes(
        plan([
          { id: "r1", indicators: [indicator("i1")] },
          { id: "r1", parentResultId: "r1", indicators: [indicator("i2")] },
        ]),
      ),
    ).toEqual([
      ["DUPLICATE_RESULT_ID", ["results", 1, "id"]],
      ["PARENT_IN_OWN_PLAN", ["results", 1, "parentResultId"]],
    ]);
  });

  test("realisations name an indicator of the plan, once per sub-period of the period, never beside an inline one", () => {
    const p = plan([{ id: "r1", indicators: [indicator("i1"), { ...indicator("i2"), realization: 3 }] }]);
    const period = { start: "2026-01-01", end: "2026-12-31", cadence: "SEMESTER" as const };
    const problems = checkWorkPlan(p, {
      period,
      realizations: [
        { indicatorId: "i1", subPeriod: "2026-S1" },
        { indicatorId: "i1", subPeriod: "2026-S1" },
        { indicatorId: "i9", subPeriod: "2026-S2" },
        { indicatorId: "i2", subPeriod: "2026-Q3" },
      ],
    });
    expect(problems.map((x) => [x.code, x.path])).toEqual([
      ["DUPLICATE_REALIZATION", ["realizations", 1]],
      ["REALIZATION_UNKNOWN_INDICATOR", ["realizations", 2, "indicatorId"]],
      ["REALIZATION_TWICE", ["realizations", 3]],
      ["REALIZATION_SUB_PERIOD", ["realizations", 3, "subPeriod"]],
    ]);
  });

  test("assertWorkPlan throws WORK_PLAN_INVALID naming every problem, with the list in details", () => {
    const p = plan([
      { id: "r1", weight: 70, indicators: [indicator("i1")] },
      { id: "r2", weight: 50, indicators: [indicator("i1")] },
    ]);
    expect(() => assertWorkPlan(p, { label: "work plan wp-1" })).toThrow(
      expect.objectContaining({
        code: "WORK_PLAN_INVALID",
        message:
          'work plan wp-1 cannot be evaluated: UTAMA result weights add up to 120 (r1 70 + r2 50); they must add up to 100; indicator id "i1" is used twice (also in result r1); give each indicator its own id',
        details: { problems: checkWorkPlan(p) },
      }),
    );
    expect(() => assertWorkPlan(plan([{ id: "r1", indicators: [indicator("i1")] }]))).not.toThrow();
  });
});

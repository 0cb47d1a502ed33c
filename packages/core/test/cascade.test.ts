import { describe, expect, test } from "vitest";
import { assertCascade, CASCADE_ISSUE_CODES, type CascadePlan, checkCascade, rollUp } from "../src/cascade";
import type { ReportingLine } from "../src/employee";
import { isKinerjaError } from "../src/errors";

type R = CascadePlan["results"][number];
const result = (id: string, extra: Partial<R> & { realization?: number } = {}): R => {
  const { realization, ...rest } = extra;
  return {
    id,
    kind: "UTAMA",
    indicators: [
      {
        id: `${id}-i`,
        aspect: "KUANTITAS",
        target: 10,
        ...(realization === undefined ? {} : { realization }),
      },
    ],
    ...rest,
  };
};
const plan = (id: string, employeeId: string, results: R[]): CascadePlan => ({ id, employeeId, results });

const lines: ReportingLine[] = [
  { employeeId: "kabid", supervisorId: "kadis" },
  { employeeId: "staf1", supervisorId: "kabid" },
  { employeeId: "staf2", supervisorId: "kabid" },
];

const valid = (): CascadePlan[] => [
  plan("p-kadis", "kadis", [result("k1"), result("k2", { realization: 10 })]),
  plan("p-kabid", "kabid", [
    result("b1", { parentResultId: "k1", weight: 60 }),
    result("b2", { parentResultId: "k1", weight: 40 }),
  ]),
  plan("p-staf1", "staf1", [result("s1", { parentResultId: "b1", weight: 70, realization: 8 })]),
  plan("p-staf2", "staf2", [
    result("s2", { parentResultId: "b1", weight: 30, realization: 12 }),
    result("s3", { kind: "TAMBAHAN" }),
  ]),
];

const codes = (plans: CascadePlan[], reporting: ReportingLine[] = lines) =>
  checkCascade(plans, reporting).map((i) => i.code);

describe("checkCascade", () => {
  test("a consistent cascade has no issues", () => {
    expect(checkCascade(valid(), lines)).toEqual([]);
    expect(() => assertCascade(valid(), lines)).not.toThrow();
  });

  test("a parent in the superior's superior's plan is refused: it must be the DIRECT superior", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [result("s1", { parentResultId: "k1" })]);
    const issues = checkCascade(plans, lines);
    expect(issues).toEqual([
      {
        code: "PARENT_NOT_IN_SUPERIOR_PLAN",
        message:
          "plan p-staf1 (employee staf1), result s1: intervenes k1 of kadis, but it must intervene a result of the direct superior kabid",
        path: ["plans", 2, "results", 0, "parentResultId"],
        planId: "p-staf1",
        employeeId: "staf1",
        resultId: "s1",
      },
    ]);
  });

  test("a parent in a peer's plan is refused", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [result("s1", { parentResultId: "s2" })]);
    expect(codes(plans)).toEqual(["PARENT_NOT_IN_SUPERIOR_PLAN"]);
  });

  test("an unknown parent is reported with the superior to look in", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [result("s1", { parentResultId: "nope" })]);
    const [issue] = checkCascade(plans, lines);
    expect(issue?.code).toBe("PARENT_NOT_FOUND");
    expect(issue?.message).toContain("it must be a result of kabid's plan");
  });

  test("a parent named by an employee without a superior is reported", () => {
    const plans = [...valid(), plan("p-lone", "lone", [result("l1", { parentResultId: "k1" })])];
    expect(codes(plans)).toEqual(["NO_SUPERIOR"]);
  });

  test("duplicate result ids across plans and within a plan are reported where they repeat", () => {
    const plans = valid();
    plans[3] = plan("p-staf2", "staf2", [result("s1", { parentResultId: "b1" }), result("s3"), result("s3")]);
    const issues = checkCascade(plans, lines);
    expect(issues.map((i) => [i.code, i.planId, i.resultId, i.path.join(".")])).toEqual([
      ["DUPLICATE_RESULT_ID", "p-staf2", "s1", "plans.3.results.0.id"],
      ["DUPLICATE_RESULT_ID", "p-staf2", "s3", "plans.3.results.2.id"],
    ]);
    expect(issues[0]?.message).toContain("also used in plan p-staf1");
    expect(issues[1]?.message).toContain("also used in the same plan");
  });

  test("missing and duplicate plan ids and a missing employee are reported", () => {
    const plans: CascadePlan[] = [
      { employeeId: "kadis", results: [result("k1")] },
      { id: "p", results: [result("x1")] },
      plan("p", "kabid", [result("b1", { parentResultId: "k1" })]),
    ];
    expect(codes(plans)).toEqual(["PLAN_ID_MISSING", "EMPLOYEE_MISSING", "DUPLICATE_PLAN_ID"]);
  });

  test("cycles in the reporting lines are reported once, and so is self-reporting", () => {
    const cyclic: ReportingLine[] = [
      { employeeId: "a", supervisorId: "b" },
      { employeeId: "b", supervisorId: "c" },
      { employeeId: "c", supervisorId: "a" },
      { employeeId: "d", supervisorId: "a" },
      { employeeId: "e", supervisorId: "e" },
    ];
    const issues = checkCascade([], cyclic);
    expect(issues.map((i) => i.message)).toEqual([
      "reporting lines form a cycle: a → b → c → a; remove one of these lines",
      "reporting lines form a cycle: e → e; remove one of these lines",
    ]);
    expect(issues.every((i) => i.code === "REPORTING_CYCLE")).toBe(true);
  });

  test("two different direct superiors for one employee are reported", () => {
    const issues = checkCascade([], [...lines, { employeeId: "staf1", supervisorId: "kadis" }]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: "MULTIPLE_SUPERVISORS",
        employeeId: "staf1",
        path: ["reportingLines", 3],
      }),
    ]);
    expect(checkCascade([], [...lines, { employeeId: "staf1", supervisorId: "kabid" }])).toEqual([]);
  });

  test("result parent cycles are reported, including a result that is its own parent", () => {
    const reporting: ReportingLine[] = [
      { employeeId: "a", supervisorId: "b" },
      { employeeId: "b", supervisorId: "a" },
    ];
    const plans = [
      plan("pa", "a", [result("ra", { parentResultId: "rb" })]),
      plan("pb", "b", [result("rb", { parentResultId: "ra" }), result("rs", { parentResultId: "rs" })]),
    ];
    const issues = checkCascade(plans, reporting);
    expect(issues.map((i) => i.code)).toEqual(["REPORTING_CYCLE", "PARENT_CYCLE", "PARENT_CYCLE"]);
    expect(issues[1]).toMatchObject({
      resultId: "rs",
      message: expect.stringContaining("cannot intervene itself"),
    });
    expect(issues[2]).toMatchObject({ resultId: "ra", message: expect.stringContaining("ra → rb → ra") });
  });

  test("requireParent reports main results that intervene nothing when the superior's plan is present", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [result("s1"), result("s4", { kind: "TAMBAHAN" })]);
    expect(checkCascade(plans, lines)).toEqual([]);
    const issues = checkCascade(plans, lines, { requireParent: true });
    expect(issues.map((i) => [i.code, i.resultId])).toEqual([["MISSING_PARENT", "s1"]]);
    expect(checkCascade(plans.slice(2, 3), lines, { requireParent: true })).toEqual([]);
  });

  test("every issue code is documented", () => {
    expect(Object.keys(CASCADE_ISSUE_CODES)).toHaveLength(11);
  });
});

describe("assertCascade", () => {
  test("throws CASCADE_INVALID with every issue in details", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [
      result("s1", { parentResultId: "k1" }),
      result("s9", { parentResultId: "x" }),
    ]);
    let error: unknown;
    try {
      assertCascade(plans, lines);
    } catch (e) {
      error = e;
    }
    expect(isKinerjaError(error)).toBe(true);
    if (!isKinerjaError(error)) return;
    expect(error.code).toBe("CASCADE_INVALID");
    expect(error.details.issues).toEqual(checkCascade(plans, lines));
    expect(error.details.issues).toHaveLength(2);
    expect(error.message).toMatch(
      /^work plan cascade: plan p-staf1 \(employee staf1\), result s1: intervenes k1/,
    );
  });
});

describe("rollUp", () => {
  const byId = (plans: CascadePlan[], realizations = {}) =>
    new Map(rollUp(plans, lines, realizations).map((r) => [r.resultId, r]));

  test("leaves use their own capaian; a parent without realisations takes the weighted mean of its children", () => {
    const rolled = byId(valid());
    expect(rolled.get("s1")).toMatchObject({
      own: 80,
      capaian: 80,
      basis: "OWN",
      children: [],
      childrenCapaian: null,
      weighted: null,
    });
    expect(rolled.get("s2")).toMatchObject({ own: 120, capaian: 120, basis: "OWN" });
    const b1 = rolled.get("b1");
    expect(b1).toMatchObject({
      own: null,
      weighted: true,
      basis: "CHILDREN",
      planId: "p-kabid",
      employeeId: "kabid",
    });
    expect(b1?.childrenCapaian).toBeCloseTo(0.7 * 80 + 0.3 * 120, 10);
    expect(b1?.capaian).toBeCloseTo(92, 10);
    expect(b1?.children).toEqual([
      { planId: "p-staf1", resultId: "s1", capaian: 80, weight: 70 },
      { planId: "p-staf2", resultId: "s2", capaian: 120, weight: 30 },
    ]);
  });

  test("results with no realisation anywhere below count as not carried out (0)", () => {
    const rolled = byId(valid());
    expect(rolled.get("b2")).toMatchObject({ own: null, childrenCapaian: null, capaian: 0, basis: "NONE" });
    expect(rolled.get("s3")).toMatchObject({ capaian: 0, basis: "NONE" });
  });

  test("the roll-up carries through levels, weighting by the children's weights", () => {
    const k1 = byId(valid()).get("k1");
    expect(k1?.weighted).toBe(true);
    expect(k1?.childrenCapaian).toBeCloseTo((60 * 92 + 40 * 0) / 100, 10);
  });

  test("a plain mean is used when some child has no weight", () => {
    const plans = valid();
    plans[3] = plan("p-staf2", "staf2", [result("s2", { parentResultId: "b1", realization: 12 })]);
    const b1 = byId(plans).get("b1");
    expect(b1?.weighted).toBe(false);
    expect(b1?.childrenCapaian).toBeCloseTo(100, 10);
  });

  test("own realisations win over the children's mean, which is still reported", () => {
    const plans = valid();
    plans[1] = plan("p-kabid", "kabid", [
      result("b1", { parentResultId: "k1", weight: 60, realization: 5 }),
      result("b2", { parentResultId: "k1", weight: 40 }),
    ]);
    const b1 = byId(plans).get("b1");
    expect(b1).toMatchObject({ own: 50, capaian: 50, basis: "OWN" });
    expect(b1?.childrenCapaian).toBeCloseTo(92, 10);
  });

  test("realisations per plan are aggregated by sub-period", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [result("s1", { parentResultId: "b1", weight: 70 })]);
    const rolled = byId(plans, {
      "p-staf1": [
        { indicatorId: "s1-i", subPeriod: "2026-Q1", value: 4, evidence: [] },
        { indicatorId: "s1-i", subPeriod: "2026-Q2", value: 5, evidence: [] },
      ],
      "p-staf2": [{ indicatorId: "s1-i", subPeriod: "2026-Q1", value: 100, evidence: [] }],
    });
    expect(rolled.get("s1")).toMatchObject({ own: 90, basis: "OWN" });
  });

  test("follows the order of plans and results", () => {
    expect(rollUp(valid(), lines).map((r) => r.resultId)).toEqual(["k1", "k2", "b1", "b2", "s1", "s2", "s3"]);
  });

  test("refuses an inconsistent cascade", () => {
    const plans = valid();
    plans[2] = plan("p-staf1", "staf1", [result("s1", { parentResultId: "k1" })]);
    expect(() => rollUp(plans, lines)).toThrow(expect.objectContaining({ code: "CASCADE_INVALID" }));
  });
});

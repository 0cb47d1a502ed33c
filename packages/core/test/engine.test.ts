import { describe, expect, test } from "vitest";
import {
  distribute,
  evaluate,
  evaluateMany,
  evaluateOrganisation,
  evaluateRequest,
  parseCase,
} from "../src/engine";
import { isKinerjaError, type KinerjaError } from "../src/errors";
import { createRegistry } from "../src/registry";
import { loadRulePackage } from "../src/rule-package";
import { toy, toyCase } from "./engine-fixtures";

const fail = (fn: () => unknown): KinerjaError => {
  try {
    fn();
  } catch (error) {
    if (isKinerjaError(error)) return error;
    throw error;
  }
  throw new Error("expected a KinerjaError");
};

describe("evaluate", () => {
  test("returns grade, score, ratings, explanation, consequences and warnings", () => {
    const result = evaluate(toyCase(), toy, {
      period: { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" },
    });
    expect(result).toMatchObject({
      employeeId: "199001012015031001",
      grade: "GOOD",
      score: 100,
      warnings: [],
    });
    expect(result.explanation[0]).toMatchObject({ rule: "toy/capaian", legalBasis: "Test fixture" });
    expect(result.consequences).toEqual([
      { kind: "RECOGNITION", legalBasis: "Test fixture", period: "2026-01-01" },
    ]);
  });

  test("applies the configuration with its defaults", () => {
    expect(evaluate(toyCase("1", 11), toy).grade).toBe("GOOD");
    expect(evaluate(toyCase("1", 11), toy, { config: { goodFrom: 95 } }).grade).toBe("POOR");
    expect(evaluate(toyCase("1", 11), loadRulePackage(toy, { goodFrom: 95 })).grade).toBe("POOR");
  });

  test("a bad configuration names the config field", () => {
    const e = fail(() => evaluate(toyCase(), toy, { config: { goodFrom: -1 } }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.message).toMatch(/^config\.goodFrom/);
  });

  test("package fields of the case are validated by the package's schema", () => {
    const e = fail(() => evaluate({ ...toyCase(), bonus: 11 }, toy));
    expect(e.message).toMatch(/^bonus:/);
    expect(evaluate({ ...toyCase("1", 6), bonus: 10 }, toy).score).toBe(60);
  });

  test.each([
    [
      "result weights that do not add up",
      {
        results: [
          { id: "r1", weight: 60, indicators: [{ id: "i1", aspect: "KUANTITAS", target: 1 }] },
          { id: "r2", weight: 30, indicators: [{ id: "i2", aspect: "KUANTITAS", target: 1 }] },
        ],
      },
      /workPlan\.results: UTAMA result weights add up to 90 \(r1 60 \+ r2 30\); they must add up to 100/,
    ],
    [
      "weights on some results only",
      {
        results: [
          { id: "r1", weight: 100, indicators: [{ id: "i1", aspect: "KUANTITAS", target: 1 }] },
          { id: "r2", indicators: [{ id: "i2", aspect: "KUANTITAS", target: 1 }] },
        ],
      },
      /workPlan\.results\[1\]\.weight/,
    ],
    [
      "indicator weights that do not add up",
      {
        results: [
          {
            id: "r1",
            indicators: [
              { id: "i1", aspect: "KUANTITAS", target: 1, weight: 50 },
              { id: "i2", aspect: "KUANTITAS", target: 1, weight: 40 },
            ],
          },
        ],
      },
      /indicator weights add up to 90/,
    ],
    [
      "a duplicate indicator id",
      {
        results: [
          {
            id: "r1",
            indicators: [
              { id: "i1", aspect: "KUANTITAS", target: 1 },
              { id: "i1", aspect: "KUALITAS", target: 1 },
            ],
          },
        ],
      },
      /results\[0\]\.indicators\[1\]\.id: indicator id "i1" is used twice/,
    ],
    [
      "an unknown aspect code",
      { results: [{ id: "r1", indicators: [{ id: "i1", aspect: "JUMLAH", target: 1 }] }] },
      /results\[0\]\.indicators\[0\]\.aspect/,
    ],
  ])("rejects %s, naming the field", (_name, workPlan, message) => {
    const e = fail(() => evaluate({ ...toyCase(), workPlan }, toy));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.message).toMatch(message);
  });

  test("rejects an unknown source, a realisation of a missing indicator and an unknown sub-period", () => {
    expect(
      fail(() => evaluate({ ...toyCase(), assessments: [{ source: "NEIGHBOUR" }] }, toy)).message,
    ).toMatch(/assessments\[0\]\.source: unknown source "NEIGHBOUR"/);
    const base = toyCase();
    const workPlan = { results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12 }] }] };
    expect(
      fail(() =>
        evaluate(
          { ...base, workPlan, realizations: [{ indicatorId: "zz", subPeriod: "2026", value: 1 }] },
          toy,
        ),
      ).message,
    ).toMatch(/realizations\[0\]\.indicatorId/);
    const period = { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" as const };
    expect(
      fail(() =>
        evaluate(
          { ...base, workPlan, realizations: [{ indicatorId: "i1", subPeriod: "2026-Q5", value: 1 }] },
          toy,
          { period },
        ),
      ).message,
    ).toMatch(/realizations\[0\]\.subPeriod: "2026-Q5" is not a sub-period/);
  });

  test("aggregates realisations over sub-periods", () => {
    const workPlan = { results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12 }] }] };
    const realizations = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((subPeriod) => ({
      indicatorId: "i1",
      subPeriod,
      value: 3,
    }));
    const c = {
      ...toyCase(),
      workPlan,
      realizations,
      period: { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
    };
    expect(evaluate(c, toy).score).toBe(100);
  });

  test("a case's own period wins over the request's", () => {
    const requestPeriod = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
    const own = { ...toyCase(), period: { start: "2026-07-01", end: "2026-12-31" } };
    expect(evaluate(own, toy, { period: requestPeriod }).consequences[0]?.period).toBe("2026-07-01");
    expect(evaluate(toyCase(), toy, { period: requestPeriod }).consequences[0]?.period).toBe("2026-01-01");
  });

  test("parseCase applies defaults", () => {
    const c = parseCase(toyCase(), toy);
    expect(c.employee.structural).toBe(false);
    expect(c.realizations).toEqual([]);
    expect(c.workPlan.results[0]?.kind).toBe("UTAMA");
  });
});

describe("evaluateMany", () => {
  test("streams results from a generator and reports progress", async () => {
    function* cases() {
      for (let i = 0; i < 5; i += 1) yield toyCase(String(i), 8 + i);
    }
    const seen: number[] = [];
    const out = [];
    for await (const r of evaluateMany(cases(), toy, { onProgress: (n) => seen.push(n) })) out.push(r.grade);
    expect(out).toEqual(["POOR", "POOR", "POOR", "GOOD", "GOOD"]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  test("accepts async iterables and names the failing case by index", async () => {
    async function* cases() {
      yield toyCase("1");
      yield { employee: { id: "2" } };
    }
    const results: string[] = [];
    await expect(async () => {
      for await (const r of evaluateMany(cases(), toy)) results.push(r.employeeId);
    }).rejects.toThrow(/cases\[1\]\.employee\.positionKind/);
    expect(results).toEqual(["1"]);
  });
});

describe("evaluateOrganisation and evaluateRequest", () => {
  test("adds the package's distribution", () => {
    const res = evaluateOrganisation([toyCase("1"), toyCase("2", 1)], toy, {
      organisation: { id: "org", predikat: "BAIK" },
    });
    expect(res.rules).toEqual({ id: "toy", version: "1.2.0" });
    expect(res.results.map((r) => r.grade)).toEqual(["GOOD", "POOR"]);
    expect(res.distribution.counts).toEqual({ GOOD: 1, POOR: 1 });
    expect(res.distribution.proposal?.order.en).toBe("BAIK");
  });

  test("runs a stateless request through the registry", () => {
    const registry = createRegistry([toy]);
    const res = evaluateRequest(
      { rules: "toy@^1", config: { goodFrom: 50 }, cases: [toyCase("1", 7)] },
      registry,
    );
    expect(res.results[0]?.grade).toBe("GOOD");
    expect(res.distribution).toEqual({ counts: { GOOD: 1, POOR: 0 }, violations: [] });
  });

  test("a request names the failing case's field", () => {
    const registry = createRegistry([toy]);
    const bad = toyCase();
    (bad.workPlan.results[0]!.indicators[0] as Record<string, unknown>).target = "twelve";
    expect(fail(() => evaluateRequest({ rules: "toy", cases: [toyCase(), bad] }, registry)).message).toMatch(
      /^cases\[1\]\.workPlan\.results\[0\]\.indicators\[0\]\.target: expected a target number or a range/,
    );
  });

  test("an unknown package lists the known ones", () => {
    const e = fail(() => evaluateRequest({ rules: "nope", cases: [] }, createRegistry([toy])));
    expect(e.code).toBe("RULE_PACKAGE_NOT_FOUND");
    expect(e.message).toBe('unknown rule package "nope"; known packages: toy');
  });
});

describe("issue 8 item 1: every argument is validated", () => {
  test("something that is not a rule package is VALIDATION_FAILED on rules", () => {
    const e = fail(() => evaluate(toyCase(), { id: "toy" } as never));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.message).toMatch(/^rules: expected a rule package/);
  });

  test("evaluateOrganisation without an organisation, or with cases that are not iterable", () => {
    expect(fail(() => evaluateOrganisation([toyCase()], toy, {} as never)).message).toMatch(
      /^organisation: an organisation/,
    );
    expect(
      fail(() => evaluateOrganisation(42 as never, toy, { organisation: { id: "o", predikat: "BAIK" } }))
        .message,
    ).toMatch(/^cases: expected an array/);
  });

  test("distribute names a result whose grade is not on the scale", () => {
    const e = fail(() =>
      distribute(
        [
          { employeeId: "1", grade: "GOOD" },
          { employeeId: "2", grade: "HEBAT" },
        ] as never,
        toy,
      ),
    );
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.message).toMatch(/^results\[1\]\.grade: expected a grade of toy \(GOOD, POOR\)/);
  });

  test("a period given without cadence reaches the package as ANNUAL", () => {
    const result = evaluate(toyCase(), toy, {
      period: { start: "2026-01-01", end: "2026-06-30" } as never,
    });
    expect(result.consequences[0]?.period).toBe("2026-01-01");
  });
});

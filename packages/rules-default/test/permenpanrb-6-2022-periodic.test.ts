import { formatPath, isKinerjaError, type KinerjaIssue, type Period, type Rating } from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { evaluatePeriodic, preparePeriodic } from "../src/index";

const A = "DI_ATAS_EKSPEKTASI";
const S = "SESUAI_EKSPEKTASI";
const B = "DI_BAWAH_EKSPEKTASI";
const YEAR: Period = { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" };
const QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] as const;

/** One quarter: the assessor's ratings for it and the quarter's realisation (target 25 per quarter). */
interface Quarter {
  result: Rating;
  behaviour: Rating;
  realization: number;
}

function yearCase(quarters: (Quarter | undefined)[], employee: Record<string, unknown> = {}) {
  return {
    employee: { id: "199001012015031001", positionKind: "JA", ...employee },
    workPlan: {
      results: [
        {
          id: "r1",
          kind: "UTAMA",
          indicators: [{ id: "i1", aspect: "KUANTITAS", target: 25, aggregation: "SUM" }],
        },
      ],
    },
    realizations: quarters.flatMap((q, i) =>
      q ? [{ indicatorId: "i1", subPeriod: QUARTERS[i], value: q.realization }] : [],
    ),
    periods: quarters.flatMap((q, i) =>
      q
        ? [
            {
              subPeriod: QUARTERS[i],
              assessments: [
                {
                  source: "SUPERVISOR",
                  resultRating: q.result,
                  behaviourRating: q.behaviour,
                  justification: "Sesuai catatan kinerja triwulan.",
                },
              ],
            },
          ]
        : [],
    ),
  };
}

function caught(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (error) {
    if (isKinerjaError(error)) {
      const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
      return { code: error.code, paths: issues.map((i) => formatPath(i.path)) };
    }
    throw error;
  }
  throw new Error("expected an error");
}

describe("issue 8 item 14: periodic evaluations and the annual one (PermenPAN-RB 6/2022)", () => {
  const year = yearCase([
    { result: A, behaviour: A, realization: 30 },
    { result: S, behaviour: S, realization: 25 },
    { result: B, behaviour: S, realization: 10 },
    { result: S, behaviour: A, realization: 26 },
  ]);

  test("each quarter's predikat comes from that quarter's realisation and ratings", () => {
    const { periodic } = evaluatePeriodic(year, { period: YEAR });
    expect(periodic.map((p) => [p.subPeriod, p.result.grade, p.result.ratings.capaian])).toEqual([
      ["2026-Q1", "SANGAT_BAIK", 120],
      ["2026-Q2", "BAIK", 100],
      ["2026-Q3", "BUTUH_PERBAIKAN", 40],
      ["2026-Q4", "BAIK", 104],
    ]);
    expect(periodic[0]?.label.id).toBe("Triwulan I 2026");
  });

  test("the annual predikat is the last period's (TW IV), with the periodic ones beside it", () => {
    const { annual, employeeId } = evaluatePeriodic(year, { period: YEAR });
    expect(employeeId).toBe("199001012015031001");
    expect(annual.grade).toBe("BAIK");
    const step = annual.explanation.find((s) => s.rule === "permenpanrb-6-2022/annual");
    expect(step?.output).toBe("BAIK");
    expect(step?.inputs).toEqual({
      aggregation: "LAST",
      periodic: [
        { subPeriod: "2026-Q1", grade: "SANGAT_BAIK" },
        { subPeriod: "2026-Q2", grade: "BAIK" },
        { subPeriod: "2026-Q3", grade: "BUTUH_PERBAIKAN" },
        { subPeriod: "2026-Q4", grade: "BAIK" },
      ],
    });
    expect(step?.text?.id).toBe(
      "Predikat tahunan Baik: evaluasi periode terakhir (Triwulan IV 2026). Predikat periodik: Triwulan I 2026 Sangat Baik; Triwulan II 2026 Baik; Triwulan III 2026 Butuh Perbaikan; Triwulan IV 2026 Baik.",
    );
  });

  test("the order of the periods given does not matter", () => {
    const shuffled = { ...year, periods: [...year.periods].reverse() };
    const a = evaluatePeriodic(year, { period: YEAR });
    const b = evaluatePeriodic(shuffled, { period: YEAR });
    expect(b.annual.grade).toBe(a.annual.grade);
    expect(b.periodic.map((p) => p.subPeriod)).toEqual([...QUARTERS]);
  });

  test("other aggregations are configurable: MEDIAN (of two middle ones, the worse) and WORST", () => {
    expect(evaluatePeriodic(year, { period: YEAR, aggregation: "MEDIAN" }).annual.grade).toBe("BAIK");
    const worst = evaluatePeriodic(year, { period: YEAR, aggregation: "WORST" }).annual;
    expect(worst.grade).toBe("BUTUH_PERBAIKAN");
    expect(worst.explanation.at(-1)?.legalBasis).toContain("(U)");
    expect(worst.consequences.map((c) => c.kind)).toEqual(["DEVELOPMENT", "DEVELOPMENT", "DEVELOPMENT"]);
  });

  test("angka kredit of the year follows the annual predikat over the whole period", () => {
    const jf = yearCase(
      [
        { result: S, behaviour: S, realization: 25 },
        { result: S, behaviour: S, realization: 25 },
        { result: S, behaviour: S, realization: 25 },
        { result: A, behaviour: A, realization: 30 },
      ],
      { positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
    );
    const { annual, periodic } = evaluatePeriodic(jf, { period: YEAR });
    expect(periodic[0]?.result.consequences[0]).toMatchObject({
      kind: "ANGKA_KREDIT",
      months: 3,
      value: 3.125,
    });
    expect(annual.grade).toBe("SANGAT_BAIK");
    expect(annual.consequences[0]).toMatchObject({ kind: "ANGKA_KREDIT", months: 12, value: 18.75 });
  });

  test("monthly periods work the same way; a missing period is a warning", () => {
    const months: Period = { start: "2026-01-01", end: "2026-03-31", cadence: "MONTHLY" };
    const input = {
      ...yearCase([]),
      realizations: [
        { indicatorId: "i1", subPeriod: "2026-01", value: 25 },
        { indicatorId: "i1", subPeriod: "2026-02", value: 5 },
      ],
      periods: [
        {
          subPeriod: "2026-01",
          assessments: [{ source: "SUPERVISOR", resultRating: S, behaviourRating: S }],
        },
        {
          subPeriod: "2026-02",
          assessments: [{ source: "SUPERVISOR", resultRating: B, behaviourRating: B }],
        },
      ],
    };
    const { annual, periodic } = evaluatePeriodic(input, { period: months });
    expect(periodic.map((p) => p.result.grade)).toEqual(["BAIK", "SANGAT_KURANG"]);
    expect(annual.grade).toBe("SANGAT_KURANG");
    expect(annual.warnings.map((w) => w.code)).toContain("PERIODIC_MISSING");
  });

  test("bad input is VALIDATION_FAILED naming the field", () => {
    expect(caught(() => evaluatePeriodic(year, { period: { ...YEAR, cadence: "ANNUAL" } })).paths).toEqual([
      "options.period.cadence",
    ]);
    const twice = { ...year, periods: [year.periods[0], year.periods[0]] };
    expect(caught(() => evaluatePeriodic(twice, { period: YEAR })).paths).toEqual(["periods[1].subPeriod"]);
    const outside = { ...year, periods: [{ ...year.periods[0], subPeriod: "2027-Q1" }] };
    expect(caught(() => evaluatePeriodic(outside, { period: YEAR })).paths).toEqual(["periods[0].subPeriod"]);
    const inline = {
      ...year,
      workPlan: {
        results: [
          {
            id: "r1",
            kind: "UTAMA",
            indicators: [{ id: "i1", aspect: "KUANTITAS", target: 25, realization: 3 }],
          },
        ],
      },
    };
    expect(caught(() => evaluatePeriodic(inline, { period: YEAR })).paths).toEqual([
      "workPlan.results[0].indicators[0].realization",
    ]);
    const noRating = {
      ...year,
      periods: [{ subPeriod: "2026-Q1", assessments: [{ source: "SUPERVISOR", behaviourRating: S }] }],
    };
    const e = caught(() => evaluatePeriodic(noRating, { period: YEAR }));
    expect(e).toEqual({ code: "VALIDATION_FAILED", paths: ["periods[0].assessments[0].resultRating"] });
    expect(caught(() => evaluatePeriodic({ ...year, assessments: [] }, { period: YEAR })).paths).toEqual([
      "assessments",
    ]);
  });
});

describe("preparePeriodic: prepared once for a whole request", () => {
  const cases = [
    yearCase([
      { result: A, behaviour: A, realization: 30 },
      { result: S, behaviour: S, realization: 25 },
    ]),
    yearCase(
      [undefined, { result: B, behaviour: S, realization: 10 }, { result: S, behaviour: A, realization: 26 }],
      { id: "199202022016032002", isUnitHead: true },
    ),
    yearCase([
      { result: S, behaviour: S, realization: 25 },
      { result: S, behaviour: S, realization: 25 },
      { result: A, behaviour: A, realization: 40 },
      { result: B, behaviour: B, realization: 5 },
    ]),
  ];
  const options = {
    period: YEAR,
    organisation: { id: "disdik", predikat: "BAIK" },
    aggregation: "MEDIAN" as const,
  };

  test("gives, case by case, what evaluatePeriodic gives", () => {
    const periodic = preparePeriodic(options);
    for (const c of cases) expect(periodic.evaluate(c)).toEqual(evaluatePeriodic(c, options));
    // Evaluating again with the same prepared evaluator changes nothing (nothing kept per case).
    expect(cases.map((c) => periodic.evaluate(c))).toEqual(cases.map((c) => evaluatePeriodic(c, options)));
  });

  test("the options are checked when preparing, before any case", () => {
    expect(caught(() => preparePeriodic({ ...options, period: { ...YEAR, cadence: "ANNUAL" } }))).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["options.period.cadence"],
    });
    expect(caught(() => preparePeriodic({ ...options, config: { missingJustification: "NO" } })).code).toBe(
      "VALIDATION_FAILED",
    );
  });
});

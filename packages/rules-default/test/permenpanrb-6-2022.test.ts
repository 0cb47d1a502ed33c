import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AssessmentInput,
  createRegistry,
  distribute,
  type EvaluationResult,
  evaluate,
  evaluateMany,
  evaluateOrganisation,
  evaluateRequest,
  formatPath,
  isKinerjaError,
  type KinerjaIssue,
  loadRulePackage,
  type Organisation,
  type OrganisationPredikat,
  type Period,
  type Rating,
} from "@kinerja/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Permenpanrb6of2022ConfigSchema, permenpanrb6of2022 } from "../src/permenpanrb-6-2022";

const A = "DI_ATAS_EKSPEKTASI";
const S = "SESUAI_EKSPEKTASI";
const B = "DI_BAWAH_EKSPEKTASI";
const GRADES = ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"] as const;
type Grade = (typeof GRADES)[number];
const YEAR: Period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" };

interface CaseOptions {
  id?: string;
  result?: Rating;
  behaviour?: Rating;
  /** Realisation of one KUANTITAS indicator with target 100: the capaian in percent. */
  capaian?: number;
  justification?: string;
  feedback?: AssessmentInput[];
  employee?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  supervisor?: Partial<AssessmentInput>;
}

function makeCase(o: CaseOptions = {}) {
  return {
    employee: { id: o.id ?? "199001012015031001", positionKind: "JA", ...o.employee },
    workPlan: {
      results: [
        {
          id: "r1",
          kind: "UTAMA",
          indicators: [{ id: "i1", aspect: "KUANTITAS", target: 100, realization: o.capaian ?? 100 }],
        },
      ],
    },
    assessments: [
      {
        source: "SUPERVISOR",
        raterId: "196801011990031002",
        resultRating: o.result ?? S,
        behaviourRating: o.behaviour ?? S,
        ...(o.justification === undefined ? {} : { justification: o.justification }),
        ...o.supervisor,
      },
      ...(o.feedback ?? []),
    ],
    ...o.extra,
  };
}

/** The ratings that give each predikat, with suggestions that match them (capaian and feedback). */
const RATINGS_FOR: Record<Grade, [Rating, Rating]> = {
  SANGAT_BAIK: [A, A],
  BAIK: [S, S],
  BUTUH_PERBAIKAN: [B, S],
  KURANG_MISCONDUCT: [S, B],
  SANGAT_KURANG: [B, B],
};

function caseFor(grade: Grade, capaian: number, id: string) {
  const [result, behaviour] = RATINGS_FOR[grade];
  return makeCase({
    id,
    result,
    behaviour,
    capaian,
    justification: "Sesuai catatan kinerja dan bukti dukung.",
  });
}

function caught(fn: () => unknown): { code: string; message: string; issues: KinerjaIssue[] } {
  try {
    fn();
  } catch (error) {
    if (isKinerjaError(error)) {
      return {
        code: error.code,
        message: error.message,
        issues: (error.details.issues as KinerjaIssue[] | undefined) ?? [],
      };
    }
    throw error;
  }
  throw new Error("expected an error");
}

const paths = (issues: KinerjaIssue[]) => issues.map((i) => formatPath(i.path));

describe("permenpanrb-6-2022: package shape", () => {
  test("grades best first with their labels; score is null", () => {
    expect(permenpanrb6of2022.grades.map((g) => g.code)).toEqual([...GRADES]);
    expect(permenpanrb6of2022.grades[3]?.label.id).toBe("Kurang/Misconduct");
    expect(permenpanrb6of2022.id).toBe("permenpanrb-6-2022");
    const r = evaluate(makeCase(), permenpanrb6of2022);
    expect(r.score).toBeNull();
  });

  test("the default configuration holds the documented defaults", () => {
    const c = permenpanrb6of2022.defaultConfig;
    expect(c.resultSuggestion).toEqual({ aboveFrom: 110, meetsFrom: 90 });
    expect(c.behaviourSuggestion).toEqual({ sources: "ALL", aboveFrom: 2.5, meetsFrom: 1.5 });
    expect(c.missingJustification).toBe("WARNING");
    expect(c.headOfUnit).toEqual({ ISTIMEWA: A, BAIK: S, BUTUH_PERBAIKAN: B, KURANG: B, SANGAT_KURANG: B });
    expect(c.angkaKredit.percentages).toEqual({
      SANGAT_BAIK: 150,
      BAIK: 100,
      BUTUH_PERBAIKAN: 75,
      KURANG_MISCONDUCT: 50,
      SANGAT_KURANG: 25,
    });
    expect(c.angkaKredit.coefficients).toMatchObject({
      AHLI_PERTAMA: 12.5,
      AHLI_MUDA: 25,
      AHLI_MADYA: 37.5,
      AHLI_UTAMA: 50,
      PEMULA: 3.75,
      TERAMPIL: 5,
      MAHIR: 12.5,
      PENYELIA: 25,
    });
    expect(c.distribution.severity).toBe("WARNING");
    expect(c.distribution.rounding).toEqual({ atMost: "FLOOR", atLeast: "CEIL" });
    expect(Object.keys(c.distribution.bounds)).toEqual([
      "ISTIMEWA",
      "BAIK",
      "BUTUH_PERBAIKAN",
      "KURANG",
      "SANGAT_KURANG",
    ]);
  });

  test("a partial configuration keeps the other defaults; unknown keys and bad values are rejected with their path", () => {
    const lp = loadRulePackage(permenpanrb6of2022, { angkaKredit: { coefficients: { AHLI_MADYA: 40 } } });
    expect(lp.config.angkaKredit.coefficients.AHLI_MADYA).toBe(40);
    expect(lp.config.angkaKredit.coefficients.AHLI_PERTAMA).toBe(12.5);
    expect(paths(caught(() => loadRulePackage(permenpanrb6of2022, { resultSugestion: {} })).issues)).toEqual([
      "config",
    ]);
    expect(
      paths(
        caught(() => loadRulePackage(permenpanrb6of2022, { resultSuggestion: { aboveFrom: 80 } })).issues,
      ),
    ).toEqual(["config.resultSuggestion.aboveFrom"]);
    const nonMonotone = caught(() => loadRulePackage(permenpanrb6of2022, { headOfUnit: { KURANG: A } }));
    expect(paths(nonMonotone.issues)).toEqual(["config.headOfUnit.KURANG"]);
    const gap = caught(() =>
      loadRulePackage(permenpanrb6of2022, {
        distribution: {
          bounds: {
            BAIK: [{ id: "odd", grades: ["SANGAT_BAIK", "BUTUH_PERBAIKAN"], kind: "AT_MOST", share: 0.5 }],
          },
        },
      }),
    );
    expect(paths(gap.issues)).toEqual(["config.distribution.bounds.BAIK[0].grades"]);
  });
});

describe("permenpanrb-6-2022: the results × behaviour matrix", () => {
  const cells: [Rating, Rating, Grade][] = [
    [A, B, "KURANG_MISCONDUCT"],
    [A, S, "BAIK"],
    [A, A, "SANGAT_BAIK"],
    [S, B, "KURANG_MISCONDUCT"],
    [S, S, "BAIK"],
    [S, A, "BAIK"],
    [B, B, "SANGAT_KURANG"],
    [B, S, "BUTUH_PERBAIKAN"],
    [B, A, "BUTUH_PERBAIKAN"],
  ];
  test.each(cells)("results %s × behaviour %s → %s", (result, behaviour, grade) => {
    const r = evaluate(makeCase({ result, behaviour }), permenpanrb6of2022);
    expect(r.grade).toBe(grade);
    expect(r.ratings).toMatchObject({ resultRating: result, behaviourRating: behaviour });
    const matrix = r.explanation.find((s) => s.rule === "permenpanrb-6-2022/matrix");
    expect(matrix?.inputs).toEqual({ resultRating: result, behaviourRating: behaviour });
    expect(matrix?.output).toBe(grade);
  });
});

describe("permenpanrb-6-2022: the SUPERVISOR assessment", () => {
  test("missing SUPERVISOR assessment → VALIDATION_FAILED naming assessments", () => {
    const input = { ...makeCase(), assessments: [{ source: "PEER", behaviourRating: S }] };
    const e = caught(() => evaluate(input, permenpanrb6of2022));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(paths(e.issues)).toEqual(["assessments"]);
    expect(e.message).toContain("SUPERVISOR");
  });

  test("a second SUPERVISOR assessment → VALIDATION_FAILED naming its source", () => {
    const input = makeCase({ feedback: [{ source: "SUPERVISOR", resultRating: A, behaviourRating: A }] });
    expect(paths(caught(() => evaluate(input, permenpanrb6of2022)).issues)).toEqual([
      "assessments[1].source",
    ]);
  });

  test("missing ratings → VALIDATION_FAILED naming each; inside a batch the case index comes first", async () => {
    const input = makeCase({ feedback: [{ source: "PEER", behaviourRating: A }] });
    const { resultRating: _r, behaviourRating: _b, ...supervisor } = input.assessments[0]!;
    const broken = {
      ...input,
      assessments: [{ ...supervisor, source: "SUPERVISOR" }, input.assessments[1]!],
    };
    expect(paths(caught(() => evaluate(broken, permenpanrb6of2022)).issues)).toEqual([
      "assessments[0].resultRating",
      "assessments[0].behaviourRating",
    ]);
    await expect(async () => {
      for await (const _ of evaluateMany([makeCase(), broken], permenpanrb6of2022)) {
        // consume
      }
    }).rejects.toThrow("cases[1].assessments[0].resultRating");
  });

  test("a unit head's SUPERVISOR assessment may leave out the results rating", () => {
    const input = makeCase({ employee: { isUnitHead: true } });
    const { resultRating: _r, ...supervisor } = input.assessments[0]!;
    const r = evaluate({ ...input, assessments: [supervisor] }, permenpanrb6of2022, {
      organisation: { id: "o", predikat: "BAIK" },
    });
    expect(r.grade).toBe("BAIK");
    expect(r.warnings).toEqual([]);
  });

  test("other sources' ratings never set the grade", () => {
    const input = makeCase({
      result: S,
      behaviour: S,
      justification: "x",
      feedback: [{ source: "PEER", resultRating: B, behaviourRating: B }],
    });
    expect(evaluate(input, permenpanrb6of2022).grade).toBe("BAIK");
  });
});

describe("permenpanrb-6-2022: suggested ratings and justification", () => {
  test.each([
    [120, A],
    [110, A],
    [109.99, S],
    [90, S],
    [89.99, B],
    [0, B],
  ] as const)("capaian %s suggests %s", (capaian, suggested) => {
    const r = evaluate(makeCase({ capaian, justification: "j" }), permenpanrb6of2022);
    expect(r.ratings.capaian).toBeCloseTo(capaian, 10);
    expect(r.ratings.suggestedResultRating).toBe(suggested);
  });

  test("thresholds are configurable", () => {
    const r = evaluate(makeCase({ capaian: 100, justification: "j" }), permenpanrb6of2022, {
      config: {
        resultSuggestion: { aboveFrom: 100, meetsFrom: 80 },
      },
    });
    expect(r.ratings.suggestedResultRating).toBe(A);
  });

  test("the capaian of the plan is the weighted mean of the main results; lower-is-better and additional results as the core computes them", () => {
    const input = {
      ...makeCase({ justification: "j" }),
      workPlan: {
        results: [
          {
            id: "r1",
            kind: "UTAMA",
            weight: 60,
            indicators: [{ id: "i1", aspect: "KUANTITAS", target: 10, realization: 12 }],
          },
          {
            id: "r2",
            kind: "UTAMA",
            weight: 40,
            indicators: [{ id: "i2", aspect: "WAKTU", target: 12, realization: 9 }],
          },
          {
            id: "r3",
            kind: "TAMBAHAN",
            indicators: [{ id: "i3", aspect: "KUANTITAS", target: 1, realization: 1 }],
          },
        ],
      },
    };
    const r = evaluate(input, permenpanrb6of2022);
    // r1: 120 %; r2: (1 + (1 − 9/12)) × 100 = 125 %; over the main results: (60 × 120 + 40 × 125) / 100 = 122 %.
    expect(r.ratings.capaian).toBeCloseTo((60 * 120 + 40 * 125) / 100, 10);
    expect(r.ratings.suggestedResultRating).toBe(A);
    const perResult = r.explanation.filter((s) => s.rule === "permenpanrb-6-2022/capaian/result");
    expect(perResult.map((s) => [s.inputs?.resultId, s.output])).toEqual([
      ["r1", 120],
      ["r2", 125],
      ["r3", 100],
    ]);
    const plan = r.explanation.find((s) => s.rule === "permenpanrb-6-2022/capaian/plan");
    expect(plan?.inputs?.additional).toBe(100);
  });

  test("the behaviour suggestion is the mean of every behaviour rating (3/2/1) against 2.5 and 1.5", () => {
    const feedback: AssessmentInput[] = [
      { source: "PEER", behaviourRating: A },
      { source: "PEER", behaviourRating: A },
      { source: "SUBORDINATE", behaviourRating: S },
    ];
    // (2 + 3 + 3 + 2) / 4 = 2.5 → DI_ATAS.
    const r = evaluate(makeCase({ behaviour: S, feedback, justification: "j" }), permenpanrb6of2022);
    expect(r.ratings.suggestedBehaviourRating).toBe(A);
    const step = r.explanation.find((s) => s.rule === "permenpanrb-6-2022/suggestion/behaviour");
    expect(step?.inputs?.mean).toBe(2.5);
    // (2 + 1 + 1) / 3 = 1.33 → DI_BAWAH.
    const low = evaluate(
      makeCase({
        behaviour: S,
        feedback: [
          { source: "PEER", behaviourRating: B },
          { source: "PUBLIC", behaviourRating: B },
        ],
        justification: "j",
      }),
      permenpanrb6of2022,
    );
    expect(low.ratings.suggestedBehaviourRating).toBe(B);
  });

  test("the sources of the behaviour suggestion are configurable; none given → no suggestion, nothing to justify", () => {
    const r = evaluate(makeCase({ behaviour: A }), permenpanrb6of2022, {
      config: {
        behaviourSuggestion: { sources: ["PEER"] },
      },
    });
    expect(r.ratings.suggestedBehaviourRating).toBeNull();
    expect(r.warnings).toEqual([]);
  });

  test("a departure without justification is a warning naming assessments[i].justification, by default", () => {
    const input = makeCase({
      capaian: 100,
      result: A,
      behaviour: S,
      feedback: [{ source: "PEER", behaviourRating: B }],
    });
    // Suggestions: results SESUAI (100 %), behaviour (2 + 1) / 2 = 1.5 → SESUAI; the assessor departs on results only.
    const r = evaluate(input, permenpanrb6of2022);
    expect(r.grade).toBe("BAIK");
    expect(r.warnings.map((w) => [w.code, formatPath(w.path ?? [])])).toEqual([
      ["JUSTIFICATION_MISSING", "assessments[0].justification"],
    ]);
    expect(r.warnings[0]?.message.en).toContain("Above expectations");
    const assessor = r.explanation.find((s) => s.rule === "permenpanrb-6-2022/assessor");
    expect(assessor?.inputs).toMatchObject({
      resultRating: A,
      behaviourRating: S,
      suggestedResultRating: S,
      suggestedBehaviourRating: S,
    });
    expect(r.explanation.find((s) => s.rule === "permenpanrb-6-2022/justification")?.output).toBe("MISSING");
  });

  test("a blank justification does not count; a written one clears the warning", () => {
    expect(evaluate(makeCase({ result: A, justification: "   " }), permenpanrb6of2022).warnings).toHaveLength(
      1,
    );
    const r = evaluate(
      makeCase({ result: A, justification: "Menyelesaikan dua laporan tambahan atas penugasan pimpinan." }),
      permenpanrb6of2022,
    );
    expect(r.warnings).toEqual([]);
    expect(r.explanation.find((s) => s.rule === "permenpanrb-6-2022/justification")?.output).toBe("PROVIDED");
  });

  test("following the suggestions needs no justification", () => {
    const r = evaluate(makeCase({ capaian: 115, result: A, behaviour: S }), permenpanrb6of2022);
    expect(r.warnings).toEqual([]);
    expect(r.explanation.find((s) => s.rule === "permenpanrb-6-2022/justification")?.output).toBe(
      "NOT_REQUIRED",
    );
  });

  test("with missingJustification ERROR a departure is VALIDATION_FAILED naming the justification", async () => {
    const config = { missingJustification: "ERROR" };
    // Suggestions: results SESUAI (100 %), behaviour (3 + 1) / 2 = 2 → SESUAI; the assessor departs on both.
    const input = makeCase({ result: B, behaviour: A, feedback: [{ source: "PEER", behaviourRating: B }] });
    const e = caught(() => evaluate(input, permenpanrb6of2022, { config: config }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(paths(e.issues)).toEqual(["assessments[0].justification", "assessments[0].justification"]);
    await expect(async () => {
      for await (const _ of evaluateMany([input], permenpanrb6of2022, { config })) {
        // consume
      }
    }).rejects.toThrow("cases[0].assessments[0].justification");
    const justified = makeCase({
      result: B,
      behaviour: A,
      justification: "j",
      feedback: [{ source: "PEER", behaviourRating: B }],
    });
    expect(evaluate(justified, permenpanrb6of2022, { config: config }).grade).toBe("BUTUH_PERBAIKAN");
  });
});

describe("permenpanrb-6-2022: head-of-unit rule", () => {
  const head = (predikat: OrganisationPredikat, supervisor: Partial<AssessmentInput> = {}) =>
    evaluate(makeCase({ employee: { isUnitHead: true }, behaviour: S, supervisor }), permenpanrb6of2022, {
      organisation: { id: "dinas", predikat },
    });

  test.each([
    ["ISTIMEWA", A, "BAIK"],
    ["BAIK", S, "BAIK"],
    ["BUTUH_PERBAIKAN", B, "BUTUH_PERBAIKAN"],
    ["KURANG", B, "BUTUH_PERBAIKAN"],
    ["SANGAT_KURANG", B, "BUTUH_PERBAIKAN"],
  ] as const)("organisation %s → results rating %s → %s (behaviour SESUAI)", (predikat, rating, grade) => {
    const r = head(predikat, { resultRating: rating });
    expect(r.ratings.resultRating).toBe(rating);
    expect(r.grade).toBe(grade);
    const step = r.explanation.find((s) => s.rule === "permenpanrb-6-2022/head-of-unit");
    expect(step?.inputs?.organisationPredikat).toBe(predikat);
    expect(step?.output).toBe(rating);
  });

  test("the organisation's result replaces the assessor's results rating, with a warning", () => {
    const r = head("ISTIMEWA", { resultRating: B, behaviourRating: A, justification: "j" });
    expect(r.grade).toBe("SANGAT_BAIK");
    expect(r.warnings.map((w) => [w.code, formatPath(w.path ?? [])])).toEqual([
      ["HEAD_OF_UNIT_RATING_REPLACED", "assessments[0].resultRating"],
    ]);
  });

  test("the organisation in the case (the unit the employee heads) comes before the request's", () => {
    const input = makeCase({
      employee: { isUnitHead: true },
      extra: { organisation: { id: "bidang", predikat: "ISTIMEWA" } },
    });
    const r = evaluate(input, permenpanrb6of2022, { organisation: { id: "dinas", predikat: "KURANG" } });
    expect(r.ratings.resultRating).toBe(A);
  });

  test("a unit head without an organisation → VALIDATION_FAILED naming organisation", async () => {
    const input = makeCase({ employee: { isUnitHead: true } });
    const e = caught(() => evaluate(input, permenpanrb6of2022));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(paths(e.issues)).toEqual(["organisation"]);
    await expect(async () => {
      for await (const _ of evaluateMany([makeCase(), input], permenpanrb6of2022)) {
        // consume
      }
    }).rejects.toThrow("cases[1].organisation");
  });

  test("the mapping is configurable", () => {
    const r = evaluate(makeCase({ employee: { isUnitHead: true } }), permenpanrb6of2022, {
      config: { headOfUnit: { BAIK: A } },
      organisation: { id: "o", predikat: "BAIK" },
    });
    expect(r.ratings.resultRating).toBe(A);
  });

  test("a non-head's results rating is the assessor's, whatever the organisation", () => {
    const r = evaluate(makeCase({ result: A, behaviour: A, capaian: 120 }), permenpanrb6of2022, {
      organisation: { id: "o", predikat: "SANGAT_KURANG" },
    });
    expect(r.grade).toBe("SANGAT_BAIK");
    expect(r.explanation.some((s) => s.rule === "permenpanrb-6-2022/head-of-unit")).toBe(false);
    expect(r.explanation.find((s) => s.rule === "permenpanrb-6-2022/result-rating")?.output).toBe(A);
  });
});

describe("permenpanrb-6-2022: angka kredit and development", () => {
  const jf = (level: string, grade: Grade, period?: Period, config: unknown = {}) =>
    evaluate(
      { ...caseFor(grade, 100, "1"), employee: { id: "1", positionKind: "JF", functionalLevel: level } },
      permenpanrb6of2022,
      { config: config, ...(period ? { period } : {}) },
    );
  const ak = (r: EvaluationResult) => r.consequences.find((c) => c.kind === "ANGKA_KREDIT");

  test("worked example (Perban BKN 3/2023): Ahli Pertama, BAIK, 1 Jan – 28 Feb → 2/12 × 100 % × 12.5 = 2.083…", () => {
    const r = jf("AHLI_PERTAMA", "BAIK", { start: "2026-01-01", end: "2026-02-28", cadence: "ANNUAL" });
    const c = ak(r);
    expect(c).toMatchObject({ kind: "ANGKA_KREDIT", percentage: 100, coefficient: 12.5, months: 2 });
    expect(c?.value).toBe(2.083);
    expect(c?.legalBasis).toContain("BKN No. 3 Tahun 2023");
    expect(c?.label?.id).toContain("2,083");
    expect(r.explanation.find((s) => s.rule === "permenpanrb-6-2022/angka-kredit")?.output).toBe(2.083);
  });

  test.each([
    ["SANGAT_BAIK", 150, 18.75],
    ["BAIK", 100, 12.5],
    ["BUTUH_PERBAIKAN", 75, 9.375],
    ["KURANG_MISCONDUCT", 50, 6.25],
    ["SANGAT_KURANG", 25, 3.125],
  ] as const)("a whole year as Ahli Pertama with %s: %s percent → %s", (grade, percentage, value) => {
    const c = ak(jf("AHLI_PERTAMA", grade, YEAR));
    expect(c).toMatchObject({ percentage, months: 12 });
    expect(c?.value).toBeCloseTo(value, 12);
  });

  test.each([
    ["AHLI_MUDA", 25],
    ["AHLI_MADYA", 37.5],
    ["AHLI_UTAMA", 50],
    ["PEMULA", 3.75],
    ["TERAMPIL", 5],
    ["MAHIR", 12.5],
    ["PENYELIA", 25],
  ] as const)("%s has the yearly coefficient %s", (level, coefficient) => {
    expect(ak(jf(level, "BAIK", YEAR))).toMatchObject({ coefficient, value: coefficient });
  });

  test.each([
    [{ start: "2026-01-01", end: "2026-02-28", cadence: "ANNUAL" }, 2],
    [{ start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" }, 12],
    [{ start: "2026-01-15", end: "2026-03-31", cadence: "ANNUAL" }, 2],
    [{ start: "2026-07-01", end: "2026-09-30", cadence: "QUARTERLY" }, 3],
    [{ start: "2026-03-02", end: "2026-03-30", cadence: "MONTHLY" }, 0],
  ] satisfies [Period, number][])("months are the whole months of the period %j: %s", (period, months) => {
    expect(ak(jf("AHLI_MUDA", "BAIK", period))).toMatchObject({
      months,
      value: Math.round((25 * months * 1000) / 12) / 1000,
    });
  });

  test("a case's own period comes before the request's", () => {
    const input = {
      ...caseFor("BAIK", 100, "1"),
      employee: { id: "1", positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
      period: { start: "2026-01-01", end: "2026-06-30" },
    };
    expect(
      ak(
        evaluate(input, permenpanrb6of2022, {
          period: { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" },
        }),
      )?.months,
    ).toBe(6);
  });

  test("without a period: 12 months with a warning, or VALIDATION_FAILED naming period when configured", () => {
    const r = jf("AHLI_PERTAMA", "BAIK");
    expect(ak(r)).toMatchObject({ months: 12, value: 12.5 });
    expect(ak(r)?.label?.en).toContain("12 months assumed");
    expect(r.warnings.map((w) => w.code)).toEqual(["ANGKA_KREDIT_FULL_YEAR_ASSUMED"]);
    const e = caught(() =>
      jf("AHLI_PERTAMA", "BAIK", undefined, { angkaKredit: { withoutPeriod: "ERROR" } }),
    );
    expect(paths(e.issues)).toEqual(["period"]);
  });

  test("coefficients and percentages are configurable", () => {
    const c = ak(
      jf("AHLI_MADYA", "SANGAT_BAIK", YEAR, {
        angkaKredit: { coefficients: { AHLI_MADYA: 40 }, percentages: { SANGAT_BAIK: 120 } },
      }),
    );
    expect(c).toMatchObject({ coefficient: 40, percentage: 120, value: 48 });
  });

  test("no angka kredit outside functional positions; a functional employee without a level gets a warning", () => {
    expect(ak(evaluate(caseFor("BAIK", 100, "1"), permenpanrb6of2022, { period: YEAR }))).toBeUndefined();
    const r = evaluate(
      { ...caseFor("BAIK", 100, "1"), employee: { id: "1", positionKind: "JF" } },
      permenpanrb6of2022,
      { period: YEAR },
    );
    expect(ak(r)).toBeUndefined();
    expect(r.warnings.map((w) => [w.code, formatPath(w.path ?? [])])).toEqual([
      ["FUNCTIONAL_LEVEL_MISSING", "employee.functionalLevel"],
    ]);
  });

  test.each([
    ["SANGAT_BAIK", ["RECOGNITION"]],
    ["BAIK", []],
    ["BUTUH_PERBAIKAN", ["COACHING", "TRAINING", "COUNSELLING"]],
    ["KURANG_MISCONDUCT", ["COACHING", "TRAINING", "COUNSELLING"]],
    ["SANGAT_KURANG", ["COACHING", "TRAINING", "COUNSELLING"]],
  ] as const)("development after %s: %j, each with its legal basis and label", (grade, actions) => {
    const r = evaluate(caseFor(grade, 100, "1"), permenpanrb6of2022);
    const dev = r.consequences.filter((c) => c.kind === "DEVELOPMENT");
    expect(dev.map((c) => c.action)).toEqual(actions);
    for (const c of dev) {
      expect(c.legalBasis).toContain("PermenPAN-RB No. 6 Tahun 2022");
      expect(c.label?.id).toBeTruthy();
      expect(c.label?.en).toBeTruthy();
    }
  });
});

describe("permenpanrb-6-2022: explanation", () => {
  test("every step names its rule, legal basis and text in both languages, in the order of the evaluation", () => {
    const r = evaluate(
      {
        ...makeCase({
          employee: { isUnitHead: true, positionKind: "JF", functionalLevel: "AHLI_MUDA" },
          justification: "j",
        }),
        period: YEAR,
      },
      permenpanrb6of2022,
      { organisation: { id: "o", predikat: "BAIK" } },
    );
    expect(r.explanation.map((s) => s.rule.replace("permenpanrb-6-2022/", ""))).toEqual([
      "capaian/result",
      "capaian/plan",
      "suggestion/result",
      "suggestion/behaviour",
      "assessor",
      "justification",
      "head-of-unit",
      "matrix",
      "angka-kredit",
      "development",
    ]);
    for (const s of r.explanation) {
      expect(s.legalBasis.length).toBeGreaterThan(10);
      expect(s.text?.id.length).toBeGreaterThan(10);
      expect(s.text?.en.length).toBeGreaterThan(10);
      expect(s.title?.id && s.title?.en).toBeTruthy();
    }
    expect(r.explanation[0]?.text?.id).toContain("100 %");
  });
});

// ---------------------------------------------------------------------------------------------
// Distribution (SE MenPAN-RB 3/2023) and calibration.

/** A pool from grade counts; capaian descends with the position so the evidence is distinct. */
function pool(
  counts: Partial<Record<Grade, number>>,
  capaianOf: (grade: Grade, i: number) => number = (_g, i) => 100 - i,
) {
  const cases: ReturnType<typeof makeCase>[] = [];
  for (const grade of GRADES) {
    for (let i = 0; i < (counts[grade] ?? 0); i += 1) {
      cases.push(caseFor(grade, capaianOf(grade, i), `${grade.toLowerCase()}-${i}`));
    }
  }
  return cases;
}

const org = (predikat: OrganisationPredikat): Organisation => ({ id: "dinas-pendidikan", predikat });

function check(cases: unknown[], predikat: OrganisationPredikat, config?: unknown) {
  return evaluateOrganisation(cases, permenpanrb6of2022, { organisation: org(predikat), config: config });
}

const ruleIds = (r: ReturnType<typeof check>) =>
  r.distribution.violations.map((v) => v.rule.replace(/^permenpanrb-6-2022\/distribution\//, ""));

/** Applies a proposal's changes to the results (as a person would after review). */
function applied(
  results: EvaluationResult[],
  changes: { employeeId: string; to: string }[],
): EvaluationResult[] {
  const to = new Map(changes.map((c) => [c.employeeId, c.to]));
  return results.map((r) => ({ ...r, grade: to.get(r.employeeId) ?? r.grade }));
}

describe("permenpanrb-6-2022: SE 3/2023 bounds", () => {
  test("ISTIMEWA: SANGAT_BAIK at most 70 %", () => {
    expect(ruleIds(check(pool({ SANGAT_BAIK: 7, BAIK: 3 }), "ISTIMEWA"))).toEqual([]);
    const r = check(pool({ SANGAT_BAIK: 8, BAIK: 2 }), "ISTIMEWA");
    expect(r.distribution.violations).toEqual([
      {
        rule: "permenpanrb-6-2022/distribution/ISTIMEWA/max-sangat-baik",
        grade: "SANGAT_BAIK",
        bound: { kind: "AT_MOST", share: 0.7, count: 7 },
        actual: { count: 8, share: 0.8 },
        severity: "WARNING",
        message: {
          id: "Organisasi berpredikat Istimewa: predikat Sangat Baik paling banyak 70 % (7 dari 10 pegawai), ditemukan 8 (80 %).",
          en: "Organisation rated Outstanding: at most 70 % (7 of 10 employees) may be Very good; found 8 (80 %).",
        },
      },
    ]);
  });

  test("BAIK: BAIK at most 70 %; at least one BUTUH_PERBAIKAN and/or KURANG_MISCONDUCT", () => {
    expect(ruleIds(check(pool({ SANGAT_BAIK: 2, BAIK: 7, KURANG_MISCONDUCT: 1 }), "BAIK"))).toEqual([]);
    expect(ruleIds(check(pool({ BAIK: 7, BUTUH_PERBAIKAN: 1, SANGAT_KURANG: 2 }), "BAIK"))).toEqual([]);
    expect(ruleIds(check(pool({ SANGAT_BAIK: 2, BAIK: 8 }), "BAIK"))).toEqual([
      "BAIK/max-baik",
      "BAIK/min-butuh-perbaikan-or-kurang",
    ]);
    const v = check(pool({ SANGAT_BAIK: 3, BAIK: 7 }), "BAIK").distribution.violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({
      grade: ["BUTUH_PERBAIKAN", "KURANG_MISCONDUCT"],
      bound: { kind: "AT_LEAST", share: 0, count: 1 },
      actual: { count: 0, share: 0 },
    });
  });

  test("BUTUH_PERBAIKAN: BUTUH_PERBAIKAN at least 60 %; SANGAT_BAIK at most 10 %", () => {
    expect(ruleIds(check(pool({ SANGAT_BAIK: 1, BAIK: 3, BUTUH_PERBAIKAN: 6 }), "BUTUH_PERBAIKAN"))).toEqual(
      [],
    );
    expect(ruleIds(check(pool({ SANGAT_BAIK: 2, BAIK: 3, BUTUH_PERBAIKAN: 5 }), "BUTUH_PERBAIKAN"))).toEqual([
      "BUTUH_PERBAIKAN/min-butuh-perbaikan",
      "BUTUH_PERBAIKAN/max-sangat-baik",
    ]);
  });

  test("KURANG: KURANG_MISCONDUCT at least 60 %; BUTUH_PERBAIKAN at least 10 %; SANGAT_BAIK at most 10 %", () => {
    expect(
      ruleIds(
        check(pool({ SANGAT_BAIK: 1, BUTUH_PERBAIKAN: 1, KURANG_MISCONDUCT: 6, SANGAT_KURANG: 2 }), "KURANG"),
      ),
    ).toEqual([]);
    expect(ruleIds(check(pool({ SANGAT_BAIK: 2, BAIK: 3, KURANG_MISCONDUCT: 5 }), "KURANG"))).toEqual([
      "KURANG/min-kurang",
      "KURANG/min-butuh-perbaikan",
      "KURANG/max-sangat-baik",
    ]);
  });

  test("SANGAT_KURANG: SANGAT_KURANG at least 60 %; KURANG_MISCONDUCT and/or BUTUH_PERBAIKAN at least 10 %; no SANGAT_BAIK", () => {
    expect(
      ruleIds(check(pool({ BAIK: 3, KURANG_MISCONDUCT: 1, SANGAT_KURANG: 6 }), "SANGAT_KURANG")),
    ).toEqual([]);
    expect(ruleIds(check(pool({ BUTUH_PERBAIKAN: 1, SANGAT_KURANG: 9 }), "SANGAT_KURANG"))).toEqual([]);
    expect(ruleIds(check(pool({ SANGAT_BAIK: 1, BAIK: 4, SANGAT_KURANG: 5 }), "SANGAT_KURANG"))).toEqual([
      "SANGAT_KURANG/min-sangat-kurang",
      "SANGAT_KURANG/min-kurang-or-butuh-perbaikan",
      "SANGAT_KURANG/no-sangat-baik",
    ]);
  });

  test("counts list every predikat; an empty pool has no violations", () => {
    const r = check(pool({ BAIK: 2 }), "ISTIMEWA");
    expect(r.distribution.counts).toEqual({
      SANGAT_BAIK: 0,
      BAIK: 2,
      BUTUH_PERBAIKAN: 0,
      KURANG_MISCONDUCT: 0,
      SANGAT_KURANG: 0,
    });
    expect(check([], "SANGAT_KURANG").distribution).toEqual({
      counts: { SANGAT_BAIK: 0, BAIK: 0, BUTUH_PERBAIKAN: 0, KURANG_MISCONDUCT: 0, SANGAT_KURANG: 0 },
      violations: [],
    });
  });

  test("severity ERROR by configuration; a violation stays a finding, the results stand", () => {
    const r = check(pool({ SANGAT_BAIK: 3 }), "ISTIMEWA", {
      distribution: { severity: "ERROR", minPoolSize: 0 },
    });
    expect(r.distribution.violations.map((v) => v.severity)).toEqual(["ERROR"]);
    expect(r.results.map((x) => x.grade)).toEqual(["SANGAT_BAIK", "SANGAT_BAIK", "SANGAT_BAIK"]);
  });

  test("small units: at most rounds down and at least rounds up by default; both are configurable", () => {
    // 3 × 70 % = 2.1: at most 2 by default, 3 when rounding up.
    expect(check(pool({ SANGAT_BAIK: 3 }), "ISTIMEWA").distribution.violations[0]?.bound.count).toBe(2);
    expect(
      ruleIds(
        check(pool({ SANGAT_BAIK: 3 }), "ISTIMEWA", { distribution: { rounding: { atMost: "CEIL" } } }),
      ),
    ).toEqual([]);
    // 5 × 10 % = 0.5: at least 1 by default; ROUND gives 1 (half up); FLOOR 0.
    const five = pool({ BAIK: 1, KURANG_MISCONDUCT: 3, SANGAT_KURANG: 1 });
    expect(ruleIds(check(five, "KURANG"))).toEqual(["KURANG/min-butuh-perbaikan"]);
    expect(ruleIds(check(five, "KURANG", { distribution: { rounding: { atLeast: "ROUND" } } }))).toEqual([
      "KURANG/min-butuh-perbaikan",
    ]);
    expect(ruleIds(check(five, "KURANG", { distribution: { rounding: { atLeast: "FLOOR" } } }))).toEqual([]);
    // 4 × 70 % = 2.8: FLOOR 2, ROUND 3.
    expect(check(pool({ BAIK: 4 }), "BAIK").distribution.violations[0]?.bound.count).toBe(2);
    expect(
      check(pool({ BAIK: 4 }), "BAIK", { distribution: { rounding: { atMost: "ROUND" } } }).distribution
        .violations[0]?.bound.count,
    ).toBe(3);
    // Floating point never moves a head: 30 × 10 % is exactly 3.
    const thirty = pool({ SANGAT_BAIK: 3, BUTUH_PERBAIKAN: 18, BAIK: 9 });
    expect(ruleIds(check(thirty, "BUTUH_PERBAIKAN"))).toEqual([]);
  });

  test("the bounds table is configurable, e.g. a minimum head count for small units", () => {
    const config = {
      distribution: {
        bounds: {
          ISTIMEWA: [
            { id: "max-sangat-baik", grades: ["SANGAT_BAIK"], kind: "AT_MOST", share: 0.7, minCount: 1 },
          ],
        },
      },
    };
    expect(ruleIds(check(pool({ SANGAT_BAIK: 1 }), "ISTIMEWA"))).toEqual(["ISTIMEWA/max-sangat-baik"]);
    expect(ruleIds(check(pool({ SANGAT_BAIK: 1 }), "ISTIMEWA", config))).toEqual([]);
  });
});

describe("permenpanrb-6-2022: calibration proposal", () => {
  test("no proposal when the bounds hold", () => {
    expect(check(pool({ SANGAT_BAIK: 7, BAIK: 3 }), "ISTIMEWA").distribution.proposal).toBeUndefined();
  });

  test("BAIK organisation, ten BAIK: the three weakest by capaian move to BUTUH_PERBAIKAN (fewest steps, bounds met)", () => {
    const r = check(pool({ BAIK: 10 }), "BAIK");
    const proposal = r.distribution.proposal;
    expect(proposal?.satisfiesBounds).toBe(true);
    expect(proposal?.changes.map((c) => [c.employeeId, c.from, c.to])).toEqual([
      ["baik-7", "BAIK", "BUTUH_PERBAIKAN"],
      ["baik-8", "BAIK", "BUTUH_PERBAIKAN"],
      ["baik-9", "BAIK", "BUTUH_PERBAIKAN"],
    ]);
    expect(proposal?.changes[0]?.reason.en).toContain(
      "Weakest evidence among employees rated Good (results rating Meets expectations, behaviour rating Meets expectations, capaian 93 %",
    );
    expect(proposal?.order.en).toContain("fewest grade steps");
    // Never applied on its own: the results keep their grades.
    expect(r.results.every((x) => x.grade === "BAIK")).toBe(true);
    expect(
      distribute(applied(r.results, proposal?.changes ?? []), permenpanrb6of2022, {
        organisation: org("BAIK"),
      }).violations,
    ).toEqual([]);
  });

  test("SANGAT_KURANG organisation: one step at a time, never past an employee with weaker evidence", () => {
    // 10 BAIK (capaian 100 … 91): 6 must reach SANGAT_KURANG, 1 must be BUTUH_PERBAIKAN or KURANG.
    const r = check(pool({ BAIK: 10 }), "SANGAT_KURANG");
    const proposal = r.distribution.proposal!;
    expect(proposal.satisfiesBounds).toBe(true);
    expect(proposal.changes.map((c) => [c.employeeId, c.to])).toEqual([
      ["baik-3", "BUTUH_PERBAIKAN"],
      ["baik-4", "SANGAT_KURANG"],
      ["baik-5", "SANGAT_KURANG"],
      ["baik-6", "SANGAT_KURANG"],
      ["baik-7", "SANGAT_KURANG"],
      ["baik-8", "SANGAT_KURANG"],
      ["baik-9", "SANGAT_KURANG"],
    ]);
  });

  test("a unit smaller than minPoolSize only warns: no one is proposed to move", () => {
    // One BAIK employee in a BAIK unit: FLOOR(70 % × 1) = 0 may be BAIK, yet nobody is moved.
    const one = check(pool({ BAIK: 1 }), "BAIK").distribution;
    expect(one.violations.map((v) => [v.rule, v.severity])).toEqual([
      ["permenpanrb-6-2022/distribution/BAIK/max-baik", "WARNING"],
      ["permenpanrb-6-2022/distribution/BAIK/min-butuh-perbaikan-or-kurang", "WARNING"],
    ]);
    expect(one.proposal).toBeUndefined();
    // Nine of ten: still small. At the minimum pool size the proposal comes back.
    expect(check(pool({ BAIK: 9 }), "BAIK").distribution.proposal).toBeUndefined();
    expect(
      check(pool({ BAIK: 9 }), "BAIK", { distribution: { minPoolSize: 9 } }).distribution.proposal,
    ).toBeDefined();
    expect(check(pool({ BAIK: 10 }), "BAIK").distribution.proposal?.changes.length).toBeGreaterThan(0);
  });

  test("an employee with stronger evidence is not pushed below a weaker one in a worse grade", () => {
    // ISTIMEWA-style cap on SANGAT_BAIK of 0 through configuration, with a BAIK colleague of weaker evidence:
    // the SANGAT_BAIK employee moves to BAIK, not further.
    const config = {
      distribution: {
        bounds: { ISTIMEWA: [{ id: "none", grades: ["SANGAT_BAIK"], kind: "AT_MOST", share: 0 }] },
        minPoolSize: 0,
      },
    };
    const cases = [caseFor("SANGAT_BAIK", 120, "strong"), caseFor("BAIK", 80, "weak")];
    const proposal = check(cases, "ISTIMEWA", config).distribution.proposal!;
    expect(proposal.changes.map((c) => [c.employeeId, c.from, c.to])).toEqual([
      ["strong", "SANGAT_BAIK", "BAIK"],
    ]);
  });

  test("KURANG organisation of one cannot meet both at-least bounds: the proposal says so", () => {
    const proposal = check(pool({ BAIK: 1 }), "KURANG", { distribution: { minPoolSize: 0 } }).distribution
      .proposal!;
    expect(proposal.satisfiesBounds).toBe(false);
    expect(proposal.changes).toHaveLength(1);
  });

  test("equal evidence: interchangeable employees, and the reason says so", () => {
    const cases = [caseFor("BAIK", 100, "x"), caseFor("BAIK", 100, "y"), caseFor("BAIK", 100, "z")];
    const proposal = check(cases, "BAIK", { distribution: { minPoolSize: 0 } }).distribution.proposal!;
    // 3 × 70 % = 2.1 → at most 2 BAIK, and at least one BUTUH_PERBAIKAN or KURANG_MISCONDUCT: one change.
    expect(proposal.changes).toHaveLength(1);
    expect(proposal.changes[0]?.reason.en).toContain("any of them may be chosen");
  });

  test("the proposal does not depend on input order", () => {
    const cases = pool(
      { SANGAT_BAIK: 4, BAIK: 5, BUTUH_PERBAIKAN: 1 },
      (g, i) => 90 + ((i * 7 + g.length) % 13),
    );
    const summary = (r: ReturnType<typeof check>) =>
      r.distribution.proposal?.changes.map((c) => `${c.employeeId}:${c.from}>${c.to}`).sort();
    const base = summary(check(cases, "KURANG"));
    expect(base?.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(cases, { minLength: cases.length, maxLength: cases.length }),
        (shuffled) => {
          expect(summary(check(shuffled, "KURANG"))).toEqual(base);
        },
      ),
      { numRuns: 50 },
    );
  });

  test("calibrationScore orders by the assessor's ratings, then capaian", () => {
    const r = evaluate(makeCase({ capaian: 87.5, justification: "j" }), permenpanrb6of2022);
    // SESUAI (2) × 4 + SESUAI (2) = 10, then capaian.
    expect(permenpanrb6of2022.calibrationScore?.(r)).toBe(10_000_087.5);
    const above = evaluate(makeCase({ result: A, capaian: 50, justification: "j" }), permenpanrb6of2022);
    expect(permenpanrb6of2022.calibrationScore?.(above)).toBeGreaterThan(
      permenpanrb6of2022.calibrationScore?.(r) ?? Number.POSITIVE_INFINITY,
    );
  });

  test("issue 8 item 10: a DI_ATAS-rated employee is not demoted as weakest evidence before a lower-rated one", () => {
    // Two BAIK employees in a BAIK organisation of ten: one rated DI_ATAS results (capaian 80), one
    // SESUAI × SESUAI (capaian 100). Eight SANGAT_BAIK colleagues; the bound "at least one
    // BUTUH_PERBAIKAN or KURANG_MISCONDUCT" moves one BAIK down: the lower-rated one.
    const cases = [
      ...pool({ SANGAT_BAIK: 8 }),
      makeCase({ id: "rated-above", result: A, behaviour: S, capaian: 80, justification: "j" }),
      makeCase({ id: "rated-meets", result: S, behaviour: S, capaian: 100 }),
    ];
    const proposal = check(cases, "BAIK").distribution.proposal!;
    const down = proposal.changes.filter((c) => c.from === "BAIK");
    expect(down.map((c) => [c.employeeId, c.to])).toEqual([["rated-meets", "BUTUH_PERBAIKAN"]]);
    expect(down[0]?.reason.en).toContain("results rating Meets expectations");
    // Equal ratings: capaian breaks the tie.
    const tied = [
      ...pool({ SANGAT_BAIK: 8 }),
      makeCase({ id: "low", capaian: 80, justification: "j" }),
      makeCase({ id: "high", capaian: 100 }),
    ];
    const p2 = check(tied, "BAIK").distribution.proposal!;
    expect(p2.changes.filter((c) => c.from === "BAIK").map((c) => c.employeeId)).toEqual(["low"]);
  });

  test("property: on small pools the proposal has the fewest grade steps among assignments that keep the evidence order, and meets the bounds whenever any of them does", () => {
    const member = fc.record({
      grade: fc.constantFrom(...GRADES),
      capaian: fc.integer({ min: 50, max: 130 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(member, { minLength: 1, maxLength: 5, selector: (m) => m.capaian }),
        fc.constantFrom<OrganisationPredikat>(
          "ISTIMEWA",
          "BAIK",
          "BUTUH_PERBAIKAN",
          "KURANG",
          "SANGAT_KURANG",
        ),
        (members, predikat) => {
          const cases = members.map((m, i) => caseFor(m.grade, m.capaian, `e${i}`));
          const r = check(cases, predikat, { distribution: { minPoolSize: 0 } });
          const rank = (g: string) => GRADES.indexOf(g as Grade);
          const before = r.results.map((x) => rank(x.grade));
          const score = r.results.map((x) => x.ratings.capaian as number);
          const meets = (ranks: number[]) =>
            distribute(
              r.results.map((x, i) => ({ ...x, grade: GRADES[ranks[i]!]! })),
              permenpanrb6of2022,
              { organisation: org(predikat) },
            ).violations.length === 0;
          const keepsOrder = (ranks: number[]) =>
            ranks.every((ra, a) =>
              ranks.every((rb, b) => !(score[a]! > score[b]! && before[a]! <= before[b]! && ra > rb)),
            );
          let best = Number.POSITIVE_INFINITY;
          let feasible = false;
          const n = cases.length;
          for (let code = 0; code < 5 ** n; code += 1) {
            const ranks = Array.from({ length: n }, (_, i) => Math.floor(code / 5 ** i) % 5);
            if (!keepsOrder(ranks) || !meets(ranks)) continue;
            feasible = true;
            best = Math.min(
              best,
              ranks.reduce((s, x, i) => s + Math.abs(x - before[i]!), 0),
            );
          }
          const proposal = r.distribution.proposal;
          if (!proposal) {
            expect(meets(before)).toBe(true);
            return;
          }
          const to = new Map(proposal.changes.map((c) => [c.employeeId, rank(c.to)]));
          const after = r.results.map((x, i) => to.get(x.employeeId) ?? before[i]!);
          expect(proposal.satisfiesBounds).toBe(feasible);
          expect(meets(after)).toBe(proposal.satisfiesBounds);
          expect(keepsOrder(after)).toBe(true);
          if (feasible) expect(after.reduce((s, x, i) => s + Math.abs(x - before[i]!), 0)).toBe(best);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe("permenpanrb-6-2022: the documentation page", () => {
  const doc = readFileSync(
    fileURLToPath(new URL("../../../docs/rules/permenpanrb-6-2022.md", import.meta.url)),
    "utf8",
  );
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1] ?? "null") as Record<string, unknown>,
  );
  const block = (has: string) => blocks.find((b) => has in b);

  test("the command-line request gives the response the page shows", () => {
    const out = evaluateRequest(block("rules"), createRegistry([permenpanrb6of2022]));
    const shown = block("results") as { results: unknown[]; distribution: Record<string, unknown> };
    expect(
      out.results.map((r) => ({
        employeeId: r.employeeId,
        grade: r.grade,
        ratings: r.ratings,
        consequences: r.consequences,
      })),
    ).toEqual(shown.results);
    expect(out.results.every((r) => r.score === null && r.warnings.length === 0)).toBe(true);
    expect(out.distribution).toMatchObject(shown.distribution);
    // A proposal the page does not show is a difference too (toMatchObject ignores extra keys).
    expect(Object.keys(out.distribution).sort()).toEqual(Object.keys(shown.distribution).sort());
  });

  test("the angka kredit worked example is what the package returns", () => {
    const r = evaluate(
      {
        ...caseFor("BAIK", 100, "1"),
        employee: { id: "1", positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
      },
      permenpanrb6of2022,
      { period: { start: "2026-01-01", end: "2026-02-28", cadence: "ANNUAL" } },
    );
    expect(r.consequences.find((c) => c.kind === "ANGKA_KREDIT")).toEqual(block("kind"));
  });

  test("the configuration example is valid", () => {
    const lp = loadRulePackage(
      permenpanrb6of2022,
      blocks.find((b) => "distribution" in b && !("rules" in b)),
    );
    expect(lp.config.distribution.severity).toBe("ERROR");
  });

  test("the TypeScript example does what its comments say", () => {
    const skp = {
      employee: { id: "199001012015031001", positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
      workPlan: {
        results: [
          {
            id: "r1",
            kind: "UTAMA",
            indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 13, unit: "laporan" }],
          },
        ],
      },
      assessments: [
        { source: "SUPERVISOR", resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" },
      ],
    };
    const result = evaluate(skp, permenpanrb6of2022, {
      period: { start: "2026-01-01", end: "2026-02-28", cadence: "ANNUAL" },
    });
    expect(result.grade).toBe("BAIK");
    expect(result.ratings.suggestedResultRating).toBe(S);
    expect(result.consequences[0]).toMatchObject({
      kind: "ANGKA_KREDIT",
      value: 2.083,
      months: 2,
    });
    const { distribution } = evaluateOrganisation([skp], permenpanrb6of2022, {
      organisation: { id: "disdik", predikat: "BAIK" },
    });
    expect(distribution.violations.map((v) => v.rule)).toEqual([
      "permenpanrb-6-2022/distribution/BAIK/max-baik",
      "permenpanrb-6-2022/distribution/BAIK/min-butuh-perbaikan-or-kurang",
    ]);
    expect(distribution.violations.map((v) => v.severity)).toEqual(["WARNING", "WARNING"]);
    expect(distribution.proposal).toBeUndefined();
  });

  test("the configuration table names every option and its default", () => {
    const defaults = Permenpanrb6of2022ConfigSchema.parse({});
    for (const value of [
      defaults.resultSuggestion.aboveFrom,
      defaults.resultSuggestion.meetsFrom,
      defaults.behaviourSuggestion.aboveFrom,
      defaults.behaviourSuggestion.meetsFrom,
    ]) {
      expect(doc).toContain(`\`${value}\``);
    }
    for (const key of [
      "resultSuggestion",
      "behaviourSuggestion",
      "missingJustification",
      "headOfUnit",
      "angkaKredit",
      "withoutPeriod",
      "distribution.severity",
      "rounding.atMost",
      "rounding.atLeast",
      "distribution.bounds",
    ]) {
      expect(doc).toContain(key);
    }
  });
});

describe("permenpanrb-6-2022: issue 8 item 8, 'sebagian besar (maksimal 70 %)' is also a floor", () => {
  test("an ISTIMEWA unit of ten SANGAT_KURANG breaks the floor of SANGAT_BAIK, as a warning", () => {
    const r = check(pool({ SANGAT_KURANG: 10 }), "ISTIMEWA", { distribution: { severity: "ERROR" } });
    const v = r.distribution.violations.find((x) => x.rule.endsWith("ISTIMEWA/most-sangat-baik"));
    expect(v).toMatchObject({
      grade: "SANGAT_BAIK",
      bound: { kind: "AT_LEAST", share: 0.5, count: 6 },
      actual: { count: 0, share: 0 },
      severity: "WARNING",
    });
    expect(v?.message.id).toContain("sebagian besar pegawai berpredikat Sangat Baik, lebih dari 50 %");
  });

  test("a BAIK unit with 9 SANGAT_BAIK and 1 BUTUH_PERBAIKAN breaks the floor of BAIK (U)", () => {
    expect(ruleIds(check(pool({ SANGAT_BAIK: 9, BUTUH_PERBAIKAN: 1 }), "BAIK"))).toEqual(["BAIK/most-baik"]);
  });

  test("more than half: 5 of 10 is not enough, 6 is; an odd pool needs the strict majority", () => {
    expect(ruleIds(check(pool({ SANGAT_BAIK: 5, BAIK: 5 }), "ISTIMEWA"))).toEqual([
      "ISTIMEWA/most-sangat-baik",
    ]);
    expect(ruleIds(check(pool({ SANGAT_BAIK: 6, BAIK: 4 }), "ISTIMEWA"))).toEqual([]);
    expect(check(pool({ SANGAT_BAIK: 5, BAIK: 6 }), "ISTIMEWA").distribution.violations[0]?.bound.count).toBe(
      6,
    );
  });

  test("the floor is configurable: its share and severity, or dropped", () => {
    const bounds = (most: unknown[]) => ({
      distribution: {
        severity: "WARNING",
        bounds: {
          ISTIMEWA: [
            { id: "max-sangat-baik", grades: ["SANGAT_BAIK"], kind: "AT_MOST", share: 0.7 },
            ...most,
          ],
        },
      },
    });
    const ten = pool({ SANGAT_BAIK: 6, BAIK: 4 });
    const stricter = check(
      ten,
      "ISTIMEWA",
      bounds([
        {
          id: "most-sangat-baik",
          grades: ["SANGAT_BAIK"],
          kind: "AT_LEAST",
          share: 0.6,
          exceedShare: true,
          severity: "ERROR",
        },
      ]),
    );
    expect(stricter.distribution.violations.map((v) => [v.bound.count, v.severity])).toEqual([[7, "ERROR"]]);
    expect(ruleIds(check(pool({ BAIK: 10 }), "ISTIMEWA", bounds([])))).toEqual([]);
    expect(
      caught(() =>
        loadRulePackage(
          permenpanrb6of2022,
          bounds([{ id: "x", grades: ["BAIK"], kind: "AT_MOST", share: 0.5, exceedShare: true }]),
        ),
      ).code,
    ).toBe("VALIDATION_FAILED");
  });
});

describe("permenpanrb-6-2022: issue 8 item 9, small units only warn", () => {
  test("below minPoolSize (default 10) every violation is a WARNING, whatever the severity, and says why", () => {
    const one = check(pool({ SANGAT_BAIK: 1 }), "ISTIMEWA", { distribution: { severity: "ERROR" } });
    expect(one.distribution.violations.map((v) => [v.rule, v.severity])).toEqual([
      ["permenpanrb-6-2022/distribution/ISTIMEWA/max-sangat-baik", "WARNING"],
    ]);
    expect(one.distribution.violations[0]?.message.id).toContain("Unit kecil (1 pegawai, kurang dari 10)");
    const nine = check(pool({ BAIK: 9 }), "BAIK", { distribution: { severity: "ERROR" } });
    expect(nine.distribution.violations.every((v) => v.severity === "WARNING")).toBe(true);
    const ten = check(pool({ BAIK: 10 }), "BAIK", { distribution: { severity: "ERROR" } });
    expect(ten.distribution.violations.map((v) => v.severity)).toEqual(["ERROR", "ERROR"]);
    expect(ten.distribution.violations[0]?.message.id).not.toContain("Unit kecil");
  });

  test("minPoolSize is configurable; 0 makes every pool bind as configured", () => {
    const r = check(pool({ KURANG_MISCONDUCT: 2 }), "KURANG", {
      distribution: { severity: "ERROR", minPoolSize: 0 },
    });
    expect(r.distribution.violations.map((v) => v.severity)).toEqual(["ERROR"]);
    expect(permenpanrb6of2022.defaultConfig.distribution.minPoolSize).toBe(10);
  });
});

describe("permenpanrb-6-2022: issue 8 item 11, angka kredit months and rounding", () => {
  const jf = (period: Period, config: unknown = {}) =>
    evaluate(
      {
        ...caseFor("BAIK", 100, "1"),
        employee: { id: "1", positionKind: "JF", functionalLevel: "AHLI_MUDA" },
      },
      permenpanrb6of2022,
      { config: config, period },
    ).consequences.find((c) => c.kind === "ANGKA_KREDIT");
  const almostYear: Period = { start: "2026-01-01", end: "2026-12-30", cadence: "ANNUAL" };

  test.each([
    ["WHOLE_MONTHS", 11, 22.917],
    ["MONTHS_BEGUN", 12, 25],
    ["DAYS_365", (364 / 365) * 12, 24.932],
  ] as const)("1 Jan – 30 Dec counted as %s: %s months → %s", (months, counted, value) => {
    const c = jf(almostYear, { angkaKredit: { months } });
    expect(c).toMatchObject({ value });
    expect((c as unknown as { months: number }).months).toBeCloseTo(counted, 9);
  });

  test("WHOLE_MONTHS is the default; 15 Jan – 31 Mar gives 2, 3 or 2.499 months", () => {
    expect(permenpanrb6of2022.defaultConfig.angkaKredit.months).toBe("WHOLE_MONTHS");
    const q: Period = { start: "2026-01-15", end: "2026-03-31", cadence: "ANNUAL" };
    expect(jf(q)).toMatchObject({ months: 2 });
    expect(jf(q, { angkaKredit: { months: "MONTHS_BEGUN" } })).toMatchObject({ months: 3 });
    expect(
      (jf(q, { angkaKredit: { months: "DAYS_365" } }) as unknown as { months: number }).months,
    ).toBeCloseTo((76 / 365) * 12, 9);
  });

  test("a leap year counts at most 12 months by days", () => {
    expect(
      jf(
        { start: "2028-01-01", end: "2028-12-31", cadence: "ANNUAL" },
        { angkaKredit: { months: "DAYS_365" } },
      ),
    ).toMatchObject({ months: 12, value: 25 });
  });

  test("a period longer than a year is refused with VALIDATION_FAILED naming period.end", () => {
    const e = caught(() => jf({ start: "2026-01-01", end: "2027-01-01", cadence: "ANNUAL" }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(paths(e.issues)).toEqual(["period.end"]);
    expect(jf({ start: "2026-03-15", end: "2027-03-14", cadence: "ANNUAL" })).toBeDefined();
  });

  test("the value is rounded to 3 decimals", () => {
    const c = jf({ start: "2026-01-01", end: "2026-01-31", cadence: "MONTHLY" });
    expect(c).toMatchObject({ months: 1, value: 2.083 });
    expect(c?.label?.id).toContain("Angka kredit 2,083 ");
  });
});

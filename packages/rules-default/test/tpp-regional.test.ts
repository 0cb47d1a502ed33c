import {
  createRegistry,
  type EvaluationResult,
  evaluate,
  evaluateRequest,
  formatPath,
  isKinerjaError,
  type KinerjaIssue,
  loadRulePackage,
} from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { TPP_PRESETS, TppRegionalConfigSchema, tppRegional } from "../src/tpp-regional";

interface Month {
  subPeriod: string;
  lateArrivals?: number[];
  earlyLeaves?: number[];
  absentDays?: number;
  missedAssemblies?: number;
  noRecordDays?: number;
}

function makeCase(
  options: {
    attendance?: Month[];
    performance?: unknown;
    basis?: number;
    extra?: Record<string, unknown>;
  } = {},
) {
  return {
    employee: { id: "199001012015031001", positionKind: "JF" },
    workPlan: {
      results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 12 }] }],
    },
    attendance: options.attendance ?? [{ subPeriod: "2026-03" }],
    ...(options.performance === undefined ? {} : { performance: options.performance }),
    ...(options.basis === undefined ? {} : { tpp: { basis: options.basis } }),
    ...options.extra,
  };
}

function tppOf(result: EvaluationResult) {
  const tpp = result.consequences.find((c) => c.kind === "TPP");
  if (!tpp) throw new Error("no TPP consequence");
  return tpp as typeof tpp & {
    amount: number | null;
    percent: number;
    basis: number | null;
    breakdown: {
      weights: { performance: number; discipline: number };
      performance: { source: string; factor: number; component: number };
      discipline: { factor: number; component: number };
      deductions: {
        subPeriod: string;
        lateArrival: {
          bands: { code: string; count: number; deduction: number }[];
          uncapped: number;
          deduction: number;
        };
        earlyLeave: { bands: { code: string; count: number; deduction: number }[]; deduction: number };
        absence: { deduction: number };
        assembly: { deduction: number };
        noRecord: { deduction: number };
        uncapped: number;
        total: number;
        discipline: number;
        percent: number;
        amount: number | null;
      }[];
    };
  };
}

function issuesOf(run: () => unknown): { code: string; message: string; paths: string[] } {
  try {
    run();
  } catch (error) {
    if (!isKinerjaError(error)) throw error;
    const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
    return { code: error.code, message: error.message, paths: issues.map((i) => formatPath(i.path)) };
  }
  throw new Error("expected an error");
}

describe("tpp-regional: default configuration (60/40, Permentan-style bands)", () => {
  test("a month with every kind of deduction", () => {
    // Late 10, 45, 95 min → TL1 0.5 + TL2 1 + TL4 2 = 3.5 %; early 20 min → PSW1 0.5 %;
    // 1 day absent → 4 %; 1 missed apel → 2 %; 1 missing record → 2 %. Σ = 12 %.
    // Discipline factor = 100 − 12 = 88 %. Performance BAIK → 100 %.
    // Paid = 60 % × 100 % + 40 % × 88 % = 60 + 35.2 = 95.2 % of Rp 5 000 000 = Rp 4 760 000.
    const result = evaluate(
      makeCase({
        attendance: [
          {
            subPeriod: "2026-03",
            lateArrivals: [10, 45, 95],
            earlyLeaves: [20],
            absentDays: 1,
            missedAssemblies: 1,
            noRecordDays: 1,
          },
        ],
        performance: { grade: "BAIK" },
        basis: 5_000_000,
      }),
      tppRegional,
    );
    expect(result.score).toBeCloseTo(95.2, 12);
    expect(result.grade).toBe("REDUCED");
    expect(result.ratings.performanceFactor).toBe(100);
    expect(result.ratings.disciplineFactor).toBe(88);
    expect(result.ratings.deductions).toBe(12);
    const tpp = tppOf(result);
    expect(tpp.amount).toBeCloseTo(4_760_000, 6);
    expect(tpp.legalBasis).toContain("PP 12/2019 Pasal 58");
    const month = tpp.breakdown.deductions[0]!;
    expect(month.lateArrival.bands.map((b) => [b.code, b.count])).toEqual([
      ["TL1", 1],
      ["TL2", 1],
      ["TL3", 0],
      ["TL4", 1],
    ]);
    expect(month.lateArrival.deduction).toBe(3.5);
    expect(month.earlyLeave.deduction).toBe(0.5);
    expect([month.absence.deduction, month.assembly.deduction, month.noRecord.deduction]).toEqual([4, 2, 2]);
    expect(month.total).toBe(12);
    expect(result.warnings).toEqual([]);
  });

  test("perfect attendance and SANGAT_BAIK is paid in full", () => {
    // 60 × 100 + 40 × 100 = 100 %.
    const result = evaluate(
      makeCase({ performance: { grade: "SANGAT_BAIK" }, basis: 7_500_000 }),
      tppRegional,
    );
    expect(result.score).toBe(100);
    expect(result.grade).toBe("FULL");
    expect(tppOf(result).amount).toBe(7_500_000);
  });

  test("deductions beyond 100 % leave the discipline component at zero, never below", () => {
    // 30 days absent × 4 % = 120 % → discipline max(0, 100 − 100) = 0 (the total cap is 100).
    // SANGAT_KURANG → 25 % (default table). Paid = 60 × 25 / 100 + 0 = 15 %.
    const result = evaluate(
      makeCase({
        attendance: [{ subPeriod: "2026-03", absentDays: 30 }],
        performance: { grade: "SANGAT_KURANG" },
        basis: 4_000_000,
      }),
      tppRegional,
    );
    expect(result.ratings.disciplineFactor).toBe(0);
    expect(result.score).toBe(15);
    expect(result.grade).toBe("HEAVILY_REDUCED");
    expect(tppOf(result).amount).toBe(600_000);
  });

  test("nothing is paid when both components are zero", () => {
    // Score 0 → factor 0; 25 days absent → 100 % deducted. Paid 0 %.
    const result = evaluate(
      makeCase({ attendance: [{ subPeriod: "2026-03", absentDays: 25 }], performance: { score: 0 } }),
      tppRegional,
    );
    expect(result.score).toBe(0);
    expect(result.grade).toBe("NOT_PAID");
  });

  test("several months: the score is the mean share paid, the amount the sum", () => {
    // Jan: 2 × 45 min late → 2 × TL2 1 % = 2 % → discipline 98 → 60 × 0.8 + 40 × 0.98 = 48 + 39.2 = 87.2 %.
    // Feb: clean → 48 + 40 = 88 %.   (Performance score 80 → factor 80, the score itself by default.)
    // Score = (87.2 + 88) / 2 = 87.6 %. Amount = 3 000 000 × (0.872 + 0.88) = 5 256 000.
    const result = evaluate(
      makeCase({
        attendance: [{ subPeriod: "2026-02" }, { subPeriod: "2026-01", lateArrivals: [45, 45] }],
        performance: { score: 80 },
        basis: 3_000_000,
      }),
      tppRegional,
    );
    expect(result.score).toBeCloseTo(87.6, 12);
    expect(result.ratings.months).toBe(2);
    const tpp = tppOf(result);
    expect(tpp.amount).toBeCloseTo(5_256_000, 6);
    expect(tpp.breakdown.deductions.map((d) => d.subPeriod)).toEqual(["2026-01", "2026-02"]);
    expect(tpp.breakdown.deductions.map((d) => d.percent)).toEqual([
      expect.closeTo(87.2, 12),
      expect.closeTo(88, 12),
    ]);
  });

  test("order of months and of occurrences does not matter", () => {
    const a = evaluate(
      makeCase({
        attendance: [
          { subPeriod: "2026-01", lateArrivals: [5, 95, 40], earlyLeaves: [70, 10] },
          { subPeriod: "2026-02", absentDays: 2 },
        ],
        performance: { grade: "BAIK" },
        basis: 1_000_000,
      }),
      tppRegional,
    );
    const b = evaluate(
      makeCase({
        attendance: [
          { subPeriod: "2026-02", absentDays: 2 },
          { subPeriod: "2026-01", lateArrivals: [40, 5, 95], earlyLeaves: [10, 70] },
        ],
        performance: { grade: "BAIK" },
        basis: 1_000_000,
      }),
      tppRegional,
    );
    expect(b.score).toBe(a.score);
    expect(b.consequences).toEqual(a.consequences);
    expect(b.explanation).toEqual(a.explanation);
  });

  test("a score band table maps the performance score", () => {
    // Bands: 0 → 0 %, 60 → 50 %, 80 → 100 %. Score 79.9 → 50 %; 80 → 100 %.
    // 79.9: 60 × 50 / 100 + 40 = 70 %.  80: 60 + 40 = 100 %.
    const config = {
      performance: {
        scoreBands: [
          { from: 0, percent: 0 },
          { from: 60, percent: 50 },
          { from: 80, percent: 100 },
        ],
      },
    };
    expect(evaluate(makeCase({ performance: { score: 79.9 } }), tppRegional, { config: config }).score).toBe(
      70,
    );
    expect(evaluate(makeCase({ performance: { score: 80 } }), tppRegional, { config: config }).score).toBe(
      100,
    );
  });

  test("monthly caps per kind and in total", () => {
    // Caps: lateness 5 %, total 8 %. 10 × 95 min late → 10 × TL4 2 % = 20 % → capped 5 %;
    // 2 days absent → 8 %. Σ = 13 % → total cap 8 % → discipline 92 %.
    // Weights 0/100 → paid 92 %.
    const config = { weights: { performance: 0, discipline: 100 }, caps: { lateArrival: 5, total: 8 } };
    const result = evaluate(
      makeCase({ attendance: [{ subPeriod: "2026-03", lateArrivals: Array(10).fill(95), absentDays: 2 }] }),
      tppRegional,
      { config: config },
    );
    expect(result.score).toBe(92);
    const month = tppOf(result).breakdown.deductions[0]!;
    expect(month.lateArrival.uncapped).toBe(20);
    expect(month.lateArrival.deduction).toBe(5);
    expect(month.uncapped).toBe(13);
    expect(month.total).toBe(8);
    const step = result.explanation.find((s) => s.rule === "tpp-regional/deduction/lateArrival")!;
    expect(step.text?.en).toContain("capped at 5 %");
    expect(step.text?.id).toContain("dibatasi 5 %");
  });

  test("the basis may come from the configuration; the case's basis wins", () => {
    // Clean month, grade BAIK → 100 %.
    const fromConfig = evaluate(makeCase({ performance: { grade: "BAIK" } }), tppRegional, {
      config: {
        basis: 2_000_000,
      },
    });
    expect(tppOf(fromConfig).amount).toBe(2_000_000);
    const fromCase = evaluate(makeCase({ performance: { grade: "BAIK" }, basis: 3_000_000 }), tppRegional, {
      config: {
        basis: 2_000_000,
      },
    });
    expect(tppOf(fromCase).amount).toBe(3_000_000);
  });

  test("without a basis the share is computed and the amount is null, with a warning", () => {
    const result = evaluate(makeCase({ performance: { grade: "BAIK" } }), tppRegional);
    expect(result.score).toBe(100);
    expect(tppOf(result).amount).toBeNull();
    expect(result.warnings.map((w) => w.code)).toEqual(["TPP_BASIS_MISSING"]);
    expect(result.ratings.amount).toBeNull();
  });

  test("missing performance pays only the discipline component, with a warning", () => {
    // Kepahiang's rule in the default weights: 0 × 60 + 100 × 40 → 40 %.
    const result = evaluate(makeCase({ basis: 1_000_000 }), tppRegional);
    expect(result.score).toBe(40);
    expect(result.warnings.map((w) => w.code)).toContain("PERFORMANCE_MISSING");
  });

  test("months of the period without attendance are reported", () => {
    const result = evaluate(
      makeCase({ performance: { grade: "BAIK" }, basis: 1, attendance: [{ subPeriod: "2026-01" }] }),
      tppRegional,
      { period: { start: "2026-01-01", end: "2026-03-31", cadence: "QUARTERLY" } },
    );
    const warning = result.warnings.find((w) => w.code === "ATTENDANCE_MONTH_MISSING");
    expect(warning?.message.en).toContain("2026-02, 2026-03");
    expect(result.score).toBe(100);
  });
});

describe("tpp-regional: presets", () => {
  test("every preset parses with the schema", () => {
    for (const [name, preset] of Object.entries(TPP_PRESETS)) {
      const parsed = TppRegionalConfigSchema.safeParse(preset);
      expect(parsed.success, name).toBe(true);
    }
  });

  test("Kepahiang: present but unproductive staff get only the 40 %", () => {
    // Score 0 (nothing produced), perfect attendance: 60 × 0 + 40 × 100 = 40 % of Rp 6 000 000 = Rp 2 400 000.
    const idle = evaluate(makeCase({ performance: { score: 0 }, basis: 6_000_000 }), tppRegional, {
      config: TPP_PRESETS.kepahiang,
    });
    expect(idle.score).toBe(40);
    expect(idle.grade).toBe("HEAVILY_REDUCED");
    expect(tppOf(idle).amount).toBe(2_400_000);
    expect(tppOf(idle).legalBasis).toContain("Kepahiang");
    // Score 85, one 35-minute lateness (TL2 1 %): 60 × 0.85 + 40 × 0.99 = 51 + 39.6 = 90.6 %.
    const working = evaluate(
      makeCase({
        attendance: [{ subPeriod: "2026-03", lateArrivals: [35] }],
        performance: { score: 85 },
        basis: 6_000_000,
      }),
      tppRegional,
      { config: TPP_PRESETS.kepahiang },
    );
    expect(working.score).toBeCloseTo(90.6, 12);
    expect(tppOf(working).amount).toBeCloseTo(5_436_000, 6);
  });

  test("Tulang Bawang: 0.5 / 1 / 1.25 / 1.5 % lateness bands and 2 % per missed Monday assembly", () => {
    // Late 15 → TL1 0.5; 31 → TL2 1; 61 → TL3 1.25; 91 → TL4 1.5; 120 → TL4 1.5: Σ 5.75 %.
    // 2 missed assemblies → 4 %; 1 missing record → 1.5 %. Σ = 11.25 % → discipline 88.75 %.
    // Performance score 90: 60 × 0.9 + 40 × 0.8875 = 54 + 35.5 = 89.5 %.
    const result = evaluate(
      makeCase({
        attendance: [
          { subPeriod: "2026-04", lateArrivals: [15, 31, 61, 91, 120], missedAssemblies: 2, noRecordDays: 1 },
        ],
        performance: { score: 90 },
        basis: 4_000_000,
      }),
      tppRegional,
      { config: TPP_PRESETS.tulangBawang },
    );
    expect(result.ratings.deductions).toBe(11.25);
    expect(result.ratings.disciplineFactor).toBe(88.75);
    expect(result.score).toBe(89.5);
    expect(tppOf(result).amount).toBe(3_580_000);
  });

  test("Tulang Bawang band edges: 30 → TL1, 31 → TL2, 60 → TL2, 90 → TL3, 91 → TL4", () => {
    const month = (minutes: number) =>
      tppOf(
        evaluate(
          makeCase({
            attendance: [{ subPeriod: "2026-04", lateArrivals: [minutes] }],
            performance: { score: 100 },
          }),
          tppRegional,
          { config: TPP_PRESETS.tulangBawang },
        ),
      ).breakdown.deductions[0]!.lateArrival.deduction;
    expect([0, 0.5, 1, 30, 31, 60, 61, 90, 91, 600].map(month)).toEqual([
      0, 0, 0.5, 0.5, 1, 1, 1.25, 1.25, 1.5, 1.5,
    ]);
  });

  test("Permentan 68/2012: TL/PSW bands and 4 % per day absent, of the whole allowance, summed per month", () => {
    // March: late 5, 35, 65, 100 → 0.5 + 1 + 1.5 + 2 = 5 %; early 10, 100 → PSW1 0.5 + PSW4 2 = 2.5 %;
    //        2 days absent → 8 %. Σ = 15.5 % → 84.5 % paid (weights 0 / 100).
    // April: clean → 100 %. Score = (84.5 + 100) / 2 = 92.25 %.
    // Amount = 10 000 000 × 0.845 + 10 000 000 = 18 450 000.
    const result = evaluate(
      makeCase({
        attendance: [
          { subPeriod: "2026-03", lateArrivals: [5, 35, 65, 100], earlyLeaves: [10, 100], absentDays: 2 },
          { subPeriod: "2026-04" },
        ],
        basis: 10_000_000,
      }),
      tppRegional,
      { config: TPP_PRESETS.permentan68 },
    );
    expect(result.score).toBe(92.25);
    expect(tppOf(result).amount).toBe(18_450_000);
    expect(tppOf(result).breakdown.deductions[0]!.earlyLeave.bands.map((b) => [b.code, b.count])).toEqual([
      ["PSW1", 1],
      ["PSW2", 0],
      ["PSW3", 0],
      ["PSW4", 1],
    ]);
    // The performance weight is 0, so missing performance is not worth a warning.
    expect(result.warnings).toEqual([]);
  });
});

describe("tpp-regional: explanation", () => {
  test("every computation is a step with the package's rule id, a legal basis and both languages", () => {
    const result = evaluate(
      makeCase({
        attendance: [
          {
            subPeriod: "2026-05",
            lateArrivals: [45],
            earlyLeaves: [95],
            absentDays: 1,
            missedAssemblies: 1,
            noRecordDays: 1,
          },
        ],
        performance: { grade: "BUTUH_PERBAIKAN" },
        basis: 2_000_000,
      }),
      tppRegional,
    );
    expect(result.explanation.map((s) => s.rule)).toEqual([
      "tpp-regional/performance",
      "tpp-regional/deduction/lateArrival",
      "tpp-regional/deduction/earlyLeave",
      "tpp-regional/deduction/absence",
      "tpp-regional/deduction/assembly",
      "tpp-regional/deduction/noRecord",
      "tpp-regional/discipline",
      "tpp-regional/month",
      "tpp-regional/score",
      "tpp-regional/amount",
      "tpp-regional/grade",
    ]);
    for (const step of result.explanation) {
      expect(step.legalBasis).toContain("PP 12/2019 Pasal 58");
      expect(step.text?.id.length).toBeGreaterThan(0);
      expect(step.text?.en.length).toBeGreaterThan(0);
    }
    // Σ = 1 + 2 + 4 + 2 + 2 = 11 % → 89 %; BUTUH_PERBAIKAN 75 %: 60 × 0.75 + 40 × 0.89 = 45 + 35.6 = 80.6 %.
    const month = result.explanation.find((s) => s.rule === "tpp-regional/month")!;
    expect(month.text?.en).toBe("60 % × 75 % + 40 % × 89 % = 80.6 % of the basis = Rp 1,612,000.");
    expect(month.text?.id).toBe("60 % × 75 % + 40 % × 89 % = 80,6 % dari pagu = Rp 1.612.000.");
  });
});

describe("tpp-regional: purity", () => {
  test("changing a result never changes the configuration behind later results", () => {
    const input = makeCase({
      performance: { grade: "KURANG" },
      attendance: [{ subPeriod: "2026-03", lateArrivals: [45] }],
    });
    const first = evaluate(input, tppRegional);
    const table = first.explanation[0]!.inputs?.table as { grade: string; percent: number }[];
    for (const row of table) row.percent = 0;
    const breakdown = tppOf(first).breakdown;
    breakdown.weights.performance = 0;
    const again = evaluate(input, tppRegional);
    expect(again.score).toBe(first.score);
    expect(again.explanation[0]!.inputs?.table).toEqual(tppRegional.defaultConfig.performance.grades);
    expect(tppRegional.defaultConfig.performance.grades[3]).toEqual({ grade: "KURANG", percent: 50 });
  });
});

describe("tpp-regional: validation", () => {
  test("weights that do not add up to 100 name config.weights and the sum", () => {
    const e = issuesOf(() => loadRulePackage(tppRegional, { weights: { performance: 70, discipline: 40 } }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.paths).toContain("config.weights");
    expect(e.message).toContain("config.weights: weights add up to 110");
  });

  test("band tables must rise: later bands start later and never deduct less", () => {
    const e = issuesOf(() =>
      loadRulePackage(tppRegional, {
        deductions: {
          lateArrival: [
            { from: 1, percent: 1 },
            { from: 1, percent: 0.5 },
          ],
        },
      }),
    );
    expect(e.paths).toEqual([
      "config.deductions.lateArrival[1].from",
      "config.deductions.lateArrival[1].percent",
    ]);
  });

  test("the grade table must pay better grades at least as much", () => {
    const e = issuesOf(() =>
      loadRulePackage(tppRegional, {
        performance: {
          grades: [
            { grade: "BAIK", percent: 80 },
            { grade: "CUKUP", percent: 90 },
          ],
        },
      }),
    );
    expect(e.paths).toEqual(["config.performance.grades[1].percent"]);
  });

  test("unknown keys are refused, so a misspelt option or field never passes silently", () => {
    expect(
      issuesOf(() => loadRulePackage(tppRegional, { weight: { performance: 60, discipline: 40 } })).paths,
    ).toEqual(["config"]);
    expect(issuesOf(() => loadRulePackage(tppRegional, { deductions: { absentDays: 3 } })).paths).toEqual([
      "config.deductions",
    ]);
    expect(
      issuesOf(() =>
        evaluate(
          makeCase({ attendance: [{ subPeriod: "2026-01", lateArrival: [5] } as Month] }),
          tppRegional,
        ),
      ).paths,
    ).toEqual(["attendance[0]"]);
  });

  test("a case needs attendance, each month once and inside the period", () => {
    expect(issuesOf(() => evaluate({ ...makeCase(), attendance: [] }, tppRegional)).paths).toEqual([
      "attendance",
    ]);
    expect(issuesOf(() => evaluate({ ...makeCase(), attendance: undefined }, tppRegional)).paths).toEqual([
      "attendance",
    ]);
    expect(
      issuesOf(() =>
        evaluate(makeCase({ attendance: [{ subPeriod: "2026-01" }, { subPeriod: "2026-01" }] }), tppRegional),
      ).paths,
    ).toEqual(["attendance[1].subPeriod"]);
    expect(
      issuesOf(() => evaluate(makeCase({ attendance: [{ subPeriod: "2026-Q1" }] }), tppRegional)).paths,
    ).toEqual(["attendance[0].subPeriod"]);
    const outside = issuesOf(() =>
      evaluate(makeCase({ attendance: [{ subPeriod: "2026-04" }] }), tppRegional, {
        period: { start: "2026-01-01", end: "2026-03-31", cadence: "ANNUAL" },
      }),
    );
    expect(outside.paths).toEqual(["attendance[0].subPeriod"]);
    expect(outside.message).toContain("outside the period");
    expect(
      issuesOf(() =>
        evaluate(makeCase({ attendance: [{ subPeriod: "2026-01", lateArrivals: [-5] }] }), tppRegional),
      ).paths,
    ).toEqual(["attendance[0].lateArrivals[0]"]);
  });

  test("performance is a known grade or a score 0–100, exactly one", () => {
    const unknown = issuesOf(() => evaluate(makeCase({ performance: { grade: "ISTIMEWA" } }), tppRegional));
    expect(unknown.code).toBe("VALIDATION_FAILED");
    expect(unknown.paths).toEqual(["performance.grade"]);
    expect(unknown.message).toContain("SANGAT_BAIK, BAIK");
    expect(
      issuesOf(() => evaluate(makeCase({ performance: { grade: "BAIK", score: 80 } }), tppRegional)).paths,
    ).toEqual(["performance"]);
    expect(issuesOf(() => evaluate(makeCase({ performance: { score: 120 } }), tppRegional)).paths).toEqual([
      "performance.score",
    ]);
  });
});

describe("tpp-regional: the stateless contract", () => {
  test("the request of docs/rules/tpp-regional.md", () => {
    // March: late 12, 47 → TL1 0.5 + TL2 1; 1 missed apel 2 %. Σ 3.5 % → discipline 96.5 %.
    // Performance score 85: 60 × 0.85 + 40 × 0.965 = 51 + 38.6 = 89.6 % of Rp 4 500 000 = Rp 4 032 000.
    const request = {
      rules: "tpp-regional@^1",
      config: {
        regulation: "Perbup Kepahiang on TPP, as reported (M)",
        weights: { performance: 60, discipline: 40 },
      },
      period: { start: "2026-03-01", end: "2026-03-31", cadence: "MONTHLY" },
      cases: [
        {
          employee: { id: "199001012015031001", positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
          workPlan: {
            results: [
              {
                id: "r1",
                indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 12, unit: "laporan" }],
              },
            ],
          },
          attendance: [
            {
              subPeriod: "2026-03",
              lateArrivals: [12, 47],
              earlyLeaves: [],
              absentDays: 0,
              missedAssemblies: 1,
            },
          ],
          performance: { score: 85 },
          tpp: { basis: 4_500_000 },
        },
      ],
    };
    const response = evaluateRequest(request, createRegistry([tppRegional]));
    const result = response.results[0]!;
    expect(result.score).toBeCloseTo(89.6, 12);
    expect(result.grade).toBe("REDUCED");
    expect(tppOf(result).amount).toBeCloseTo(4_032_000, 6);
    expect(response.rules).toEqual({ id: "tpp-regional", version: tppRegional.version });
    expect(response.distribution.counts).toEqual({ FULL: 0, REDUCED: 1, HEAVILY_REDUCED: 0, NOT_PAID: 0 });
    expect(tppOf(result).label).toEqual({
      id: "TPP Rp 4.032.000 (89,6 % dari pagu)",
      en: "TPP Rp 4,032,000 (89.6 % of the basis)",
    });
  });
});

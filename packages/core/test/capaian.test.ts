import { describe, expect, test } from "vitest";
import {
  capaianHigherIsBetter,
  capaianLowerIsBetter,
  efficiencyScore,
  indicatorCapaian,
  indicatorRealization,
  nilaiFromCapaian,
  planCapaian,
  resultCapaian,
  weightedMean,
} from "../src/capaian";
import { WorkPlanSchema } from "../src/work-plan";

describe("indicator capaian (PermenPAN-RB 8/2021)", () => {
  test("higher is better: R / T × 100", () => {
    expect(capaianHigherIsBetter(13, 12)).toBeCloseTo(108.333, 3);
    expect(capaianHigherIsBetter(6, 12)).toBe(50);
  });

  test("lower is better: (1 + (1 − R/T)) × 100, never below 0", () => {
    expect(capaianLowerIsBetter(8, 10)).toBeCloseTo(120, 10);
    expect(capaianLowerIsBetter(12, 10)).toBeCloseTo(80, 10);
    expect(capaianLowerIsBetter(30, 10)).toBe(0);
  });

  test("a zero target counts as met or not", () => {
    expect(capaianLowerIsBetter(0, 0)).toBe(100);
    expect(capaianLowerIsBetter(1, 0)).toBe(0);
    expect(capaianHigherIsBetter(0, 0)).toBe(100);
  });

  test("range targets: 100 inside, the upper bound above, the lower bound below", () => {
    const ind = { aspect: "KUALITAS" as const, target: { min: 80, max: 90 } };
    expect(indicatorCapaian(ind, 85)).toBe(100);
    expect(indicatorCapaian(ind, 99)).toBeCloseTo(110, 10);
    expect(indicatorCapaian(ind, 72)).toBeCloseTo(90, 10);
    const lower = { ...ind, direction: "LOWER_IS_BETTER" as const };
    expect(indicatorCapaian(lower, 72)).toBeCloseTo(110, 10);
    expect(indicatorCapaian(lower, 99)).toBeCloseTo(90, 10);
  });

  test("direction defaults by aspect: WAKTU and BIAYA are lower-is-better", () => {
    expect(indicatorCapaian({ aspect: "WAKTU", target: 10 }, 8)).toBeCloseTo(120, 10);
    expect(indicatorCapaian({ aspect: "KUANTITAS", target: 10 }, 8)).toBeCloseTo(80, 10);
  });

  test("a missing realisation counts as not carried out", () => {
    expect(indicatorCapaian({ aspect: "KUANTITAS", target: 10 }, undefined)).toBe(0);
  });
});

describe("realisations over sub-periods", () => {
  const r = (value: number, subPeriod: string) => ({ indicatorId: "i1", subPeriod, value, evidence: [] });
  test("KUANTITAS sums, KUALITAS averages, LAST takes the latest sub-period", () => {
    const rs = [r(5, "2026-Q2"), r(3, "2026-Q1"), r(4, "2026-Q3")];
    expect(indicatorRealization({ id: "i1", aspect: "KUANTITAS" }, rs)).toBe(12);
    expect(indicatorRealization({ id: "i1", aspect: "KUALITAS" }, rs)).toBe(4);
    expect(indicatorRealization({ id: "i1", aspect: "KUANTITAS", aggregation: "LAST" }, rs)).toBe(4);
  });

  test("falls back to the inline realisation", () => {
    expect(indicatorRealization({ id: "i1", aspect: "KUANTITAS", realization: 7 }, [])).toBe(7);
    expect(indicatorRealization({ id: "i1", aspect: "KUANTITAS" }, [])).toBeUndefined();
  });
});

describe("PP 46/2011 efficiency (waktu, biaya)", () => {
  const regulation = (T: number, R: number) => {
    const e = 100 - (R / T) * 100;
    const base = ((1.76 * T - R) / T) * 100;
    return e <= 24 ? base : 76 - (base - 100);
  };
  test("both branches match the regulation's formula", () => {
    for (const [T, R] of [
      [12, 12],
      [12, 10],
      [12, 9.12],
      [12, 9],
      [12, 6],
      [12, 1],
      [10, 15],
    ] as const) {
      expect(efficiencyScore(T, R)).toBeCloseTo(regulation(T, R), 9);
    }
  });

  test("on target scores 76; a quarter early scores 100; far ahead scores less", () => {
    expect(efficiencyScore(12, 12)).toBe(76);
    expect(efficiencyScore(100, 76)).toBeCloseTo(100, 9);
    expect(efficiencyScore(12, 6)).toBeCloseTo(50, 9);
  });

  test("not carried out (R = 0) and far too late score 0", () => {
    expect(efficiencyScore(12, 0)).toBe(0);
    expect(efficiencyScore(12, 30)).toBe(0);
  });
});

describe("nilai from capaian (PermenPAN-RB 8/2021 bands)", () => {
  test("the bands and the worked example", () => {
    expect(nilaiFromCapaian(0)).toBe(0);
    expect(nilaiFromCapaian(59)).toBeCloseTo(49, 10);
    expect(nilaiFromCapaian(60)).toBe(50);
    expect(nilaiFromCapaian(79)).toBe(69);
    expect(nilaiFromCapaian(80)).toBe(70);
    expect(nilaiFromCapaian(99)).toBe(89);
    expect(nilaiFromCapaian(100)).toBe(109);
    expect(nilaiFromCapaian(111)).toBe(120);
  });

  test("the unverified 101–110 % band is configurable", () => {
    expect(nilaiFromCapaian(105)).toBeCloseTo(114.5, 10);
    expect(nilaiFromCapaian(105, { above100From: 110, at110: 120 })).toBeCloseTo(115, 10);
    expect(nilaiFromCapaian(110)).toBe(120);
  });
});

describe("result and plan capaian", () => {
  const plan = WorkPlanSchema.parse({
    results: [
      {
        id: "r1",
        weight: 60,
        indicators: [
          { id: "a", aspect: "KUANTITAS", target: 10, realization: 10, weight: 50 },
          { id: "b", aspect: "KUALITAS", target: 100, realization: 80, weight: 50 },
        ],
      },
      { id: "r2", weight: 40, indicators: [{ id: "c", aspect: "KUANTITAS", target: 4, realization: 2 }] },
      {
        id: "t1",
        kind: "TAMBAHAN",
        weight: 0.5,
        indicators: [{ id: "d", aspect: "KUANTITAS", target: 1, realization: 1 }],
      },
    ],
  });

  test("a result is the weighted mean of its indicators", () => {
    expect(resultCapaian(plan.results[0]!).capaian).toBeCloseTo(90, 10);
  });

  test("a plan is the weighted mean of its UTAMA results; TAMBAHAN reported apart", () => {
    const pc = planCapaian(plan);
    expect(pc.capaian).toBeCloseTo(0.6 * 90 + 0.4 * 50, 10);
    expect(pc.additional).toBe(100);
    expect(pc.results.map((r) => r.resultId)).toEqual(["r1", "r2", "t1"]);
  });

  test("weightedMean of nothing is 0", () => {
    expect(weightedMean([])).toBe(0);
  });
});

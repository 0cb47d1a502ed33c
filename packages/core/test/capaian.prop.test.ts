import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import {
  efficiencyScore,
  indicatorCapaian,
  nilaiFromCapaian,
  planCapaian,
  planCapaianValue,
  sortedSum,
  weightedMean,
} from "../src/capaian";
import { arbitraryEvaluationCase, arbitraryWorkPlan } from "../src/testing/arbitraries";

const positive = fc.double({ min: 0.01, max: 1e6, noNaN: true });
const value = fc.double({ min: 0, max: 1e6, noNaN: true });

test.prop([positive, value, value])(
  "capaian never decreases as realisation improves (higher is better)",
  (target, a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const ind = { aspect: "KUANTITAS" as const, target };
    expect(indicatorCapaian(ind, hi)).toBeGreaterThanOrEqual(indicatorCapaian(ind, lo));
  },
);

test.prop([positive, value, value])(
  "capaian never decreases as realisation falls (lower is better)",
  (target, a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const ind = { aspect: "BIAYA" as const, target };
    expect(indicatorCapaian(ind, lo)).toBeGreaterThanOrEqual(indicatorCapaian(ind, hi));
  },
);

test.prop([positive, positive, value, value])(
  "range targets are monotone in their direction",
  (x, width, a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const ind = { aspect: "KUALITAS" as const, target: { min: x, max: x + width } };
    expect(indicatorCapaian(ind, hi)).toBeGreaterThanOrEqual(indicatorCapaian(ind, lo));
  },
);

test.prop([positive, value])("capaian is never negative", (target, r) => {
  expect(indicatorCapaian({ aspect: "WAKTU", target }, r)).toBeGreaterThanOrEqual(0);
  expect(indicatorCapaian({ aspect: "KUANTITAS", target }, r)).toBeGreaterThanOrEqual(0);
});

test.prop([fc.double({ min: -50, max: 500, noNaN: true }), fc.double({ min: -50, max: 500, noNaN: true })])(
  "nilai from capaian is monotone and stays within 0–120",
  (a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    expect(nilaiFromCapaian(hi)).toBeGreaterThanOrEqual(nilaiFromCapaian(lo));
    expect(nilaiFromCapaian(lo)).toBeGreaterThanOrEqual(0);
    expect(nilaiFromCapaian(hi)).toBeLessThanOrEqual(120);
  },
);

test.prop([positive, value])("efficiency stays within 0–100", (target, r) => {
  const e = efficiencyScore(target, r);
  expect(e).toBeGreaterThanOrEqual(0);
  expect(e).toBeLessThanOrEqual(100 + 1e-9);
});

const pairs = fc.array(
  fc.tuple(fc.double({ min: 0, max: 200, noNaN: true }), fc.integer({ min: 1, max: 100 })),
  {
    minLength: 1,
    maxLength: 12,
  },
);

test.prop([pairs, fc.nat()])("a weighted mean does not depend on the order of its terms", (ps, seed) => {
  const shuffled = [...ps].sort((x, y) => ((x[0] * 31 + x[1] + seed) % 7) - ((y[0] * 31 + y[1] + seed) % 7));
  expect(weightedMean(shuffled)).toBe(weightedMean(ps));
});

test.prop([pairs])("a weighted mean lies between the smallest and largest value", (ps) => {
  const values = ps.map(([v]) => v);
  const m = weightedMean(ps);
  expect(m).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
  expect(m).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
});

/** The definition of sortedSum before it sorted short lists in place: a sorted copy, added up. */
const sortThenAdd = (values: number[]) => [...values].sort((a, b) => a - b).reduce((s, v) => s + v, 0);

test.prop([
  fc.array(
    fc.oneof(
      fc.double(),
      fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308),
      fc.integer({ min: -3, max: 3 }),
    ),
    { maxLength: 40 },
  ),
])("sortedSum adds in ascending order: the same number as a sorted copy added up (issue 9)", (values) => {
  expect(Object.is(sortedSum(values), sortThenAdd(values))).toBe(true);
});

const plans = fc.oneof(
  arbitraryWorkPlan(),
  arbitraryEvaluationCase().map((c) => c.workPlan),
);
test.prop([
  fc.oneof(
    plans.map((p) => ({ plan: p, realizations: [] })),
    arbitraryEvaluationCase().map((c) => ({ plan: c.workPlan, realizations: c.realizations })),
  ),
])(
  "planCapaianValue gives planCapaian's capaian and additional capaian, to the bit (issue 9)",
  ({ plan, realizations }) => {
    const full = planCapaian(plan, realizations);
    const value = planCapaianValue(plan, realizations);
    expect(Object.is(value.capaian, full.capaian)).toBe(true);
    expect(Object.is(value.additional, full.additional)).toBe(true);
  },
);

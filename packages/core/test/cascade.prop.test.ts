import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { type CascadePlan, checkCascade, type RolledUpResult, rollUp } from "../src/cascade";
import type { ReportingLine } from "../src/employee";

interface Cascade {
  plans: CascadePlan[];
  lines: ReportingLine[];
}

const resultShape = fc.record({
  weight: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  parentPick: fc.option(fc.nat(), { nil: undefined }),
  indicators: fc.array(
    fc.record({
      target: fc.integer({ min: 1, max: 50 }),
      realization: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
      lowerIsBetter: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

/** A consistent cascade: a reporting tree, one plan per employee, parents picked among the direct superior's results. */
const cascadeArb: fc.Arbitrary<Cascade> = fc
  .array(
    fc.record({ supervisorPick: fc.nat(), results: fc.array(resultShape, { minLength: 1, maxLength: 3 }) }),
    {
      minLength: 1,
      maxLength: 7,
    },
  )
  .map((employees) => {
    const lines: ReportingLine[] = [];
    const plans: CascadePlan[] = [];
    employees.forEach((e, i) => {
      const supervisor = i === 0 ? undefined : e.supervisorPick % i;
      if (supervisor !== undefined) lines.push({ employeeId: `e${i}`, supervisorId: `e${supervisor}` });
      const superiorResults = supervisor === undefined ? [] : (plans[supervisor]?.results ?? []);
      plans.push({
        id: `p${i}`,
        employeeId: `e${i}`,
        results: e.results.map((r, j) => {
          const parent =
            r.parentPick === undefined || superiorResults.length === 0
              ? undefined
              : superiorResults[r.parentPick % superiorResults.length]?.id;
          return {
            id: `r${i}-${j}`,
            kind: "UTAMA" as const,
            ...(parent === undefined ? {} : { parentResultId: parent }),
            ...(r.weight === undefined ? {} : { weight: r.weight }),
            indicators: r.indicators.map((ind, k) => ({
              id: `i${i}-${j}-${k}`,
              aspect: ind.lowerIsBetter ? ("WAKTU" as const) : ("KUANTITAS" as const),
              target: ind.target,
              ...(ind.realization === undefined ? {} : { realization: ind.realization }),
            })),
          };
        }),
      });
    });
    return { plans, lines };
  });

const numbers = (rolled: RolledUpResult[]) =>
  new Map(
    rolled.map((r) => [
      r.resultId,
      { own: r.own, childrenCapaian: r.childrenCapaian, capaian: r.capaian, basis: r.basis },
    ]),
  );

const shuffled = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

/** The cascade with plans, results in each plan and reporting lines in another order. */
const permutedArb = cascadeArb.chain((cascade) =>
  fc
    .tuple(
      shuffled(cascade.plans.map((p) => p.id ?? "")),
      fc.tuple(...cascade.plans.map((p) => shuffled(p.results))),
      shuffled(cascade.lines),
    )
    .map(([planOrder, results, lines]) => {
      const permuted = cascade.plans.map((p, i) => ({ ...p, results: results[i] ?? [] }));
      const plans = planOrder.map((id) => permuted.find((p) => p.id === id)).filter((p) => p !== undefined);
      return { cascade, permuted: { plans, lines } };
    }),
);

test.prop([cascadeArb])("a cascade built along the reporting lines has no issues", ({ plans, lines }) => {
  expect(checkCascade(plans, lines)).toEqual([]);
});

test.prop([permutedArb])(
  "the roll-up does not depend on the order of plans, results or lines",
  ({ cascade, permuted }) => {
    expect(numbers(rollUp(permuted.plans, permuted.lines))).toEqual(
      numbers(rollUp(cascade.plans, cascade.lines)),
    );
  },
);

test.prop([cascadeArb])(
  "a rolled-up children's mean lies between the smallest and largest child",
  ({ plans, lines }) => {
    for (const r of rollUp(plans, lines)) {
      if (r.childrenCapaian === null) continue;
      const values = r.children.map((c) => c.capaian);
      const tolerance = 1e-9 * Math.max(1, ...values);
      expect(r.childrenCapaian).toBeGreaterThanOrEqual(Math.min(...values) - tolerance);
      expect(r.childrenCapaian).toBeLessThanOrEqual(Math.max(...values) + tolerance);
      if (r.basis === "CHILDREN") expect(r.capaian).toBe(r.childrenCapaian);
    }
  },
);

test.prop([cascadeArb])("renaming every id consistently leaves the roll-up unchanged", ({ plans, lines }) => {
  const rename = (id: string) => `x-${[...id].reverse().join("")}-renamed`;
  const renamedPlans: CascadePlan[] = plans.map((p) => ({
    id: rename(p.id ?? ""),
    employeeId: rename(p.employeeId ?? ""),
    results: p.results.map((r) => ({
      ...r,
      id: rename(r.id),
      ...(r.parentResultId === undefined ? {} : { parentResultId: rename(r.parentResultId) }),
      indicators: r.indicators.map((i) => ({ ...i, id: rename(i.id) })),
    })),
  }));
  const renamedLines = lines.map((l) => ({
    employeeId: rename(l.employeeId),
    supervisorId: rename(l.supervisorId),
  }));
  const original = numbers(rollUp(plans, lines));
  const renamed = numbers(rollUp(renamedPlans, renamedLines));
  expect(renamed).toEqual(new Map([...original].map(([id, value]) => [rename(id), value])));
});

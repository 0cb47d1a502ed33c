import { fc, test } from "@fast-check/vitest";
import { eachMonthOfInterval, endOfMonth, format, parseISO } from "date-fns";
import { expect } from "vitest";
import { type Period, periodFacts, subPeriods, wholeMonths } from "../src/period";

const day = (d: Date) => format(d, "yyyy-MM-dd");
const date = fc
  .date({ min: new Date(2000, 0, 1), max: new Date(2040, 11, 31), noInvalidDate: true })
  .map((d) => day(d));
const period = fc
  .record({ a: date, b: date, cadence: fc.constantFrom("MONTHLY", "QUARTERLY", "SEMESTER", "ANNUAL") })
  .map(({ a, b, cadence }): Period => {
    const [start = a, end = b] = [a, b].sort();
    return { start, end, cadence };
  });

test.prop([period])(
  "wholeMonths counts the calendar months lying entirely inside the period (month arithmetic agrees with date-fns)",
  (p) => {
    const inside = eachMonthOfInterval({ start: parseISO(p.start), end: parseISO(p.end) }).filter(
      (m) => day(m) >= p.start && day(endOfMonth(m)) <= p.end,
    );
    expect(wholeMonths(p)).toBe(inside.length);
  },
);

test.prop([period])("periodFacts are the period's sub-periods, month keys and whole months", (p) => {
  const facts = periodFacts(p);
  expect(facts.subPeriodKeys).toEqual(subPeriods(p).map((s) => s.key));
  expect(facts.monthKeys).toEqual(subPeriods({ ...p, cadence: "MONTHLY" }).map((s) => s.key));
  expect(facts.wholeMonths).toBe(wholeMonths(p));
});

test.prop([period], { numRuns: 100 })(
  "periodFacts of an equal period are computed once and shared, frozen, with the caller's period",
  (p) => {
    const first = periodFacts(p);
    const copy = { ...p };
    const again = periodFacts(copy);
    // Same facts (computed once per period, not per request), the period object given back.
    expect(again.subPeriods).toBe(first.subPeriods);
    expect(again.monthKeys).toBe(first.monthKeys);
    expect(again.period).toBe(copy);
    expect(again.subPeriods).toEqual(subPeriods(p));
    // Shared, so nobody can change them for the next caller.
    expect(Object.isFrozen(again.subPeriods)).toBe(true);
    expect(Object.isFrozen(again.subPeriods[0])).toBe(true);
    expect(Object.isFrozen(again.monthKeys)).toBe(true);
  },
);

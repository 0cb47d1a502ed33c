import { describe, expect, test } from "vitest";
import { isInPeriod, PeriodSchema, subPeriods, wholeMonths } from "../src/period";

const period = (start: string, end: string, cadence?: "MONTHLY" | "QUARTERLY" | "SEMESTER" | "ANNUAL") =>
  PeriodSchema.parse({ start, end, ...(cadence ? { cadence } : {}) });

describe("PeriodSchema", () => {
  test("defaults to an annual cadence", () => {
    expect(period("2026-01-01", "2026-12-31").cadence).toBe("ANNUAL");
  });

  test("rejects an end before the start, naming the end", () => {
    const parsed = PeriodSchema.safeParse({ start: "2026-12-31", end: "2026-01-01" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["end"]);
  });

  test("rejects dates that are not YYYY-MM-DD", () => {
    expect(PeriodSchema.safeParse({ start: "2026-13-01", end: "2026-12-31" }).success).toBe(false);
    expect(PeriodSchema.safeParse({ start: "01/01/2026", end: "2026-12-31" }).success).toBe(false);
  });
});

describe("subPeriods", () => {
  test("quarters are labelled Triwulan I–IV and Q1–Q4", () => {
    const qs = subPeriods(period("2026-01-01", "2026-12-31", "QUARTERLY"));
    expect(qs.map((q) => q.key)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(qs[0]?.label).toEqual({ id: "Triwulan I 2026", en: "Q1 2026" });
    expect(qs[3]?.label).toEqual({ id: "Triwulan IV 2026", en: "Q4 2026" });
    expect(qs[1]).toMatchObject({ start: "2026-04-01", end: "2026-06-30" });
  });

  test("months are labelled with Indonesian and English month names", () => {
    const ms = subPeriods(period("2026-01-01", "2026-03-31", "MONTHLY"));
    expect(ms.map((m) => m.label.id)).toEqual(["Januari 2026", "Februari 2026", "Maret 2026"]);
    expect(ms.map((m) => m.label.en)).toEqual(["January 2026", "February 2026", "March 2026"]);
    expect(ms[1]).toMatchObject({ key: "2026-02", start: "2026-02-01", end: "2026-02-28" });
  });

  test("sub-periods are clipped to the period", () => {
    const ss = subPeriods(period("2026-02-10", "2026-09-30", "SEMESTER"));
    expect(ss).toEqual([
      {
        key: "2026-S1",
        start: "2026-02-10",
        end: "2026-06-30",
        label: { id: "Semester I 2026", en: "H1 2026" },
      },
      {
        key: "2026-S2",
        start: "2026-07-01",
        end: "2026-09-30",
        label: { id: "Semester II 2026", en: "H2 2026" },
      },
    ]);
  });

  test("a period across years has one annual sub-period per year", () => {
    expect(subPeriods(period("2025-07-01", "2026-06-30")).map((s) => [s.key, s.start, s.end])).toEqual([
      ["2025", "2025-07-01", "2025-12-31"],
      ["2026", "2026-01-01", "2026-06-30"],
    ]);
  });

  test("sub-periods tile the period without gaps or overlaps", () => {
    for (const cadence of ["MONTHLY", "QUARTERLY", "SEMESTER", "ANNUAL"] as const) {
      const p = period("2025-11-15", "2027-02-03", cadence);
      const subs = subPeriods(p);
      expect(subs[0]?.start).toBe(p.start);
      expect(subs.at(-1)?.end).toBe(p.end);
      for (let i = 1; i < subs.length; i += 1) {
        const prevEnd = new Date(`${subs[i - 1]?.end}T00:00:00Z`);
        const next = new Date(`${subs[i]?.start}T00:00:00Z`);
        expect(next.getTime() - prevEnd.getTime()).toBe(86_400_000);
      }
    }
  });
});

describe("wholeMonths", () => {
  test("counts the whole calendar months inside the period", () => {
    expect(wholeMonths({ start: "2026-01-01", end: "2026-02-28" })).toBe(2);
    expect(wholeMonths({ start: "2026-01-01", end: "2026-12-31" })).toBe(12);
    expect(wholeMonths({ start: "2026-01-15", end: "2026-03-31" })).toBe(2);
    expect(wholeMonths({ start: "2026-01-02", end: "2026-01-31" })).toBe(0);
    expect(wholeMonths({ start: "2024-02-01", end: "2024-02-29" })).toBe(1);
  });

  test("isInPeriod is inclusive", () => {
    expect(isInPeriod({ start: "2026-01-01", end: "2026-01-31" }, "2026-01-31")).toBe(true);
    expect(isInPeriod({ start: "2026-01-01", end: "2026-01-31" }, "2026-02-01")).toBe(false);
  });
});

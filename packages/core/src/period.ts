import {
  eachMonthOfInterval,
  eachQuarterOfInterval,
  eachYearOfInterval,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  format,
  getMonth,
  getQuarter,
  getYear,
  max as maxDate,
  min as minDate,
  parseISO,
  startOfMonth,
} from "date-fns";
import { enUS, id as idLocale } from "date-fns/locale";
import { z } from "zod";
import type { LocalizedText } from "./text";

/** How often a period is assessed (PermenPAN-RB 6/2022 Pasal 5: monthly or quarterly, then annual). */
export const CadenceSchema = z.enum(["MONTHLY", "QUARTERLY", "SEMESTER", "ANNUAL"]);
/** A cadence. */
export type Cadence = z.infer<typeof CadenceSchema>;

/** A calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z.iso.date({ error: "expected a date as YYYY-MM-DD" });

/** An assessment period: start and end dates (inclusive) and a cadence for its sub-periods. */
export const PeriodSchema = z
  .strictObject({
    /** First day, `YYYY-MM-DD`. */
    start: IsoDateSchema,
    /** Last day (inclusive), `YYYY-MM-DD`. */
    end: IsoDateSchema,
    /** Cadence of the periodic assessments; ANNUAL when not given. */
    cadence: CadenceSchema.default("ANNUAL"),
  })
  .superRefine((p, ctx) => {
    if (p.end < p.start) {
      ctx.addIssue({ code: "custom", path: ["end"], message: `end ${p.end} is before start ${p.start}` });
    }
  });
/** A period. */
export type Period = z.infer<typeof PeriodSchema>;
/** A period as written by a caller. */
export type PeriodInput = z.input<typeof PeriodSchema>;

/** One sub-period of a period: a month, quarter, semester or year, clipped to the period. */
export interface SubPeriod {
  /** Stable key: `2026-01`, `2026-Q1`, `2026-S1` or `2026`. */
  key: string;
  /** First day inside the period. */
  start: string;
  /** Last day inside the period (inclusive). */
  end: string;
  /** "Triwulan I 2026" / "Q1 2026". */
  label: LocalizedText;
}

const ROMAN = ["I", "II", "III", "IV"] as const;
const day = (d: Date) => format(d, "yyyy-MM-dd");

function bucket(cadence: Cadence, d: Date): { key: string; label: LocalizedText; from: Date; to: Date } {
  const y = getYear(d);
  switch (cadence) {
    case "MONTHLY":
      return {
        key: format(d, "yyyy-MM"),
        label: {
          id: format(d, "LLLL yyyy", { locale: idLocale }),
          en: format(d, "LLLL yyyy", { locale: enUS }),
        },
        from: startOfMonth(d),
        to: endOfMonth(d),
      };
    case "QUARTERLY": {
      const q = getQuarter(d);
      return {
        key: `${y}-Q${q}`,
        label: { id: `Triwulan ${ROMAN[q - 1]} ${y}`, en: `Q${q} ${y}` },
        from: new Date(y, (q - 1) * 3, 1),
        to: endOfQuarter(d),
      };
    }
    case "SEMESTER": {
      const s = getMonth(d) < 6 ? 1 : 2;
      return {
        key: `${y}-S${s}`,
        label: { id: `Semester ${ROMAN[s - 1]} ${y}`, en: `H${s} ${y}` },
        from: new Date(y, s === 1 ? 0 : 6, 1),
        to: s === 1 ? new Date(y, 5, 30) : endOfYear(d),
      };
    }
    case "ANNUAL":
      return {
        key: `${y}`,
        label: { id: `Tahunan ${y}`, en: `Annual ${y}` },
        from: new Date(y, 0, 1),
        to: endOfYear(d),
      };
  }
}

/**
 * The sub-periods of a period for its cadence, clipped to the period, computed with date-fns
 * and labelled in Indonesian and English.
 *
 * @example
 * subPeriods({ start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" })[0].label
 * // { id: "Triwulan I 2026", en: "Q1 2026" }
 */
export function subPeriods(period: Period): SubPeriod[] {
  const start = parseISO(period.start);
  const end = parseISO(period.end);
  const interval = { start, end };
  const anchors =
    period.cadence === "MONTHLY"
      ? eachMonthOfInterval(interval)
      : period.cadence === "QUARTERLY"
        ? eachQuarterOfInterval(interval)
        : period.cadence === "ANNUAL"
          ? eachYearOfInterval(interval)
          : eachMonthOfInterval(interval).filter((m, i) => i === 0 || getMonth(m) === 0 || getMonth(m) === 6);
  return anchors.map((anchor) => {
    const b = bucket(period.cadence, maxDate([anchor, start]));
    return {
      key: b.key,
      start: day(maxDate([b.from, start])),
      end: day(minDate([b.to, end])),
      label: b.label,
    };
  });
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The number of whole calendar months inside a period: 1 Jan – 28 Feb 2026 → 2,
 * 1 Jan – 31 Dec → 12, 15 Jan – 31 Mar → 2. Used for prorating yearly coefficients
 * (Perban BKN 3/2023). Month arithmetic on the ISO dates (no date formatting: it runs per case).
 */
export function wholeMonths(period: Pick<Period, "start" | "end">): number {
  const [sy = 0, sm = 1, sd = 1] = period.start.split("-").map(Number);
  const [ey = 0, em = 1, ed = 1] = period.end.split("-").map(Number);
  const first = sy * 12 + (sm - 1) + (sd === 1 ? 0 : 1);
  const last = ey * 12 + (em - 1) - (ed === daysInMonth(ey, em) ? 0 : 1);
  return Math.max(0, last - first + 1);
}

/** What a prepared evaluator knows about a period once, instead of once per case. */
export interface PeriodFacts {
  /** The period. */
  readonly period: Period;
  /** Its sub-periods for its cadence ({@link subPeriods}). */
  readonly subPeriods: readonly SubPeriod[];
  /** Their keys, e.g. `2026-Q1`. */
  readonly subPeriodKeys: readonly string[];
  /** The keys of its months, e.g. `2026-03`, whatever the cadence. */
  readonly monthKeys: readonly string[];
  /** Whole calendar months inside it ({@link wholeMonths}). */
  readonly wholeMonths: number;
}

/**
 * The facts of a period computed once (sub-periods, their keys, month keys, whole months), for
 * code that evaluates many cases of the same period.
 *
 * @example periodFacts({ start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" }).subPeriodKeys
 * // ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
 */
export function periodFacts(period: Period): PeriodFacts {
  // The same period comes back with every request of a service: its facts are computed once
  // (they cost as much as evaluating a case) and shared, frozen, for at most FACTS_KEPT periods.
  const key = `${period.start}/${period.end}/${period.cadence}`;
  let facts = FACTS.get(key);
  if (facts === undefined) {
    const subs = subPeriods(period);
    const months = period.cadence === "MONTHLY" ? subs : subPeriods({ ...period, cadence: "MONTHLY" });
    facts = Object.freeze({
      subPeriods: Object.freeze(
        subs.map((s) => Object.freeze({ ...s, label: Object.freeze({ ...s.label }) })),
      ),
      subPeriodKeys: Object.freeze(subs.map((s) => s.key)),
      monthKeys: Object.freeze(months.map((s) => s.key)),
      wholeMonths: wholeMonths(period),
    });
    if (FACTS.size >= FACTS_KEPT) FACTS.delete(FACTS.keys().next().value as string);
    FACTS.set(key, facts);
  }
  return { period, ...facts };
}

/** How many periods' facts {@link periodFacts} keeps. */
const FACTS_KEPT = 64;
const FACTS = new Map<string, Omit<PeriodFacts, "period">>();

/** Whether a date `YYYY-MM-DD` lies inside the period (inclusive). */
export function isInPeriod(period: Pick<Period, "start" | "end">, date: string): boolean {
  return date >= period.start && date <= period.end;
}

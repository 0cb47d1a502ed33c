import {
  AssessmentSchema,
  type Consequence,
  type EvaluationContext,
  type EvaluationResult,
  explainer,
  isKinerjaError,
  type KinerjaIssue,
  type LoadedRulePackage,
  type LocalizedText,
  label,
  loadRulePackage,
  type Organisation,
  PeriodSchema,
  type PreparedEvaluator,
  periodFacts,
  prepareEvaluator,
  subPeriods,
  validationError,
  type Warning,
} from "@kinerja/core";
import { z } from "zod";
import {
  PERMENPANRB_6_2022_ID,
  Permenpanrb6of2022CaseSchema,
  permenpanrb6of2022,
} from "./permenpanrb-6-2022";
import type { PermenpanrbRatings } from "./ratings";

const LB_ANNUAL =
  "PermenPAN-RB No. 6 Tahun 2022 Pasal 5 (evaluasi kinerja periodik bulanan/triwulanan; evaluasi kinerja tahunan pada periode terakhir)";

const GRADES = permenpanrb6of2022.grades.map((g) => g.code);

/**
 * How the annual predikat follows from the periodic ones. `LAST` (default): the annual evaluation
 * is the last period's (TW IV/annual), PermenPAN-RB 6/2022. `MEDIAN` (the middle predikat; of two,
 * the worse) and `WORST` are choices an agency may make, unverified (U).
 */
export const PeriodicAggregationSchema = z.enum(["LAST", "MEDIAN", "WORST"]);
/** An aggregation of periodic predikat into the annual one. */
export type PeriodicAggregation = z.output<typeof PeriodicAggregationSchema>;

/** One periodic evaluation: the sub-period and the assessments (the SUPERVISOR's ratings) given for it. */
export const PeriodicAssessmentsSchema = z.strictObject({
  /** The sub-period key of the period (`2026-Q1`, `2026-03`; see `subPeriods`). */
  subPeriod: z.string().min(1).max(16),
  /** That sub-period's assessments: exactly one SUPERVISOR assessment with both ratings, and any feedback. */
  assessments: z.array(AssessmentSchema).min(1),
});

/** Options of {@link evaluatePeriodic}. */
export const PeriodicOptionsSchema = z.strictObject({
  /** The year (or other period) with a MONTHLY or QUARTERLY cadence. */
  period: PeriodSchema,
  /** The configuration of `permenpanrb-6-2022`, used for every periodic evaluation. */
  config: z.unknown().optional(),
  /** The unit (for the head-of-unit rule), as in `evaluate`'s context. */
  organisation: z.object({ id: z.string(), predikat: z.string() }).loose().optional(),
  /** How the annual predikat follows from the periodic ones (default LAST). */
  aggregation: PeriodicAggregationSchema.default("LAST"),
});
/** Options of {@link evaluatePeriodic}, as written by a caller. */
export type PeriodicOptions = z.input<typeof PeriodicOptionsSchema>;

/** One periodic result beside the annual one. */
export interface PeriodicResult {
  /** The sub-period key. */
  subPeriod: string;
  /** "Triwulan I 2026" / "Q1 2026". */
  label: LocalizedText;
  /** The evaluation of that sub-period: its realisations and its ratings only. */
  result: EvaluationResult<PermenpanrbRatings>;
}

/** The periodic evaluations of one employee and the annual evaluation that follows from them. */
export interface PeriodicEvaluation {
  /** The employee. */
  employeeId: string;
  /**
   * The annual evaluation: the last periodic result with the annual predikat (under LAST the same),
   * an `annual` step naming the periodic ones, and the year's consequences (angka kredit over the
   * whole period at the annual predikat, follow-up).
   */
  annual: EvaluationResult<PermenpanrbRatings>;
  /** Every periodic result, in sub-period order. */
  periodic: PeriodicResult[];
}

const CaseWithPeriodsSchema = z
  .object({
    /** The periodic assessments, one entry per evaluated sub-period. */
    periods: z.array(PeriodicAssessmentsSchema).min(1, "give at least one periodic evaluation"),
    /** Must not be given: the assessments belong to their sub-period. */
    assessments: z
      .undefined({ error: "give the assessments per sub-period in periods[].assessments" })
      .optional(),
    /** Must not be given: the period is `options.period`. */
    period: z.undefined({ error: "the period of a periodic evaluation is options.period" }).optional(),
  })
  .loose();

const predikatLabel = (code: string): LocalizedText => label("predikat", code) ?? { id: code, en: code };
const rankOf = (code: string) => GRADES.indexOf(code);

function aggregate(grades: readonly string[], aggregation: PeriodicAggregation): string {
  if (aggregation === "LAST") return grades.at(-1)!;
  const ranks = grades.map(rankOf).sort((a, b) => a - b);
  const rank = aggregation === "WORST" ? ranks.at(-1)! : ranks[Math.floor(ranks.length / 2)]!;
  return GRADES[rank]!;
}

/**
 * Periodic evaluations under PermenPAN-RB 6/2022 and the annual one: each sub-period (month or
 * quarter) gets its own predikat from that sub-period's realisations and the assessor's ratings
 * for it; the annual predikat is the last period's (TW IV/annual), with the periodic ones shown
 * beside it. Other aggregations (`MEDIAN`, `WORST`) are an agency's choice, unverified (U).
 *
 * The case is a `permenpanrb-6-2022` case whose `assessments` move into `periods[]`
 * (`{ subPeriod, assessments }`) and whose realisations are given per sub-period
 * (`realizations[]` with `subPeriod`); an indicator's inline `realization` is refused because it
 * belongs to no sub-period.
 *
 * @example
 * const { annual, periodic } = evaluatePeriodic(
 *   { employee, workPlan, realizations, periods: [{ subPeriod: "2026-Q1", assessments }, …] },
 *   { period: { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" } },
 * );
 * annual.grade; // the TW IV predikat
 */
export function evaluatePeriodic(input: unknown, options: PeriodicOptions): PeriodicEvaluation {
  return preparePeriodic(options).evaluate(input);
}

/** {@link evaluatePeriodic} prepared for many cases of one request: see {@link preparePeriodic}. */
export interface PeriodicEvaluator {
  /** Evaluates one case (VALIDATION_FAILED naming its path, as {@link evaluatePeriodic}). */
  evaluate(input: unknown): PeriodicEvaluation;
}

/**
 * Prepares periodic evaluations for many cases with the same options: the options are parsed,
 * the configuration loaded and the period's facts computed once, and one prepared evaluator is
 * made per sub-period on first use — not once per case and sub-period.
 *
 * @example
 * const periodic = preparePeriodic({ period: { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" } });
 * const results = cases.map((c) => periodic.evaluate(c));
 */
export function preparePeriodic(options: PeriodicOptions): PeriodicEvaluator {
  const parsedOptions = PeriodicOptionsSchema.safeParse(options);
  if (!parsedOptions.success) throw validationError(parsedOptions.error.issues, { prefix: ["options"] });
  const { period, config, organisation, aggregation } = parsedOptions.data;
  if (period.cadence !== "MONTHLY" && period.cadence !== "QUARTERLY") {
    throw validationError([
      {
        path: ["options", "period", "cadence"],
        message: `periodic evaluations are MONTHLY or QUARTERLY (PermenPAN-RB 6/2022), got ${period.cadence}`,
        code: "invalid_value",
      },
    ]);
  }
  const loaded = loadRulePackage(permenpanrb6of2022, config);
  const org = organisation === undefined ? {} : { organisation: organisation as Organisation };
  const keys = subPeriods(period);
  const byKey = new Map(keys.map((k) => [k.key, k]));
  const position = new Map(keys.map((k, i) => [k.key, i]));
  const evaluators = new Map<string, PreparedEvaluator<typeof permenpanrb6of2022>>();
  const evaluatorFor = (key: string) => {
    let evaluator = evaluators.get(key);
    if (evaluator === undefined) {
      const sub = byKey.get(key)!;
      evaluator = prepareEvaluator(loaded, {
        period: { start: sub.start, end: sub.end, cadence: period.cadence },
        ...org,
      });
      evaluators.set(key, evaluator);
    }
    return evaluator;
  };
  const annualContext: EvaluationContext = { period, facts: periodFacts(period), ...org };
  const settings: Settings = { keys, byKey, position, aggregation, loaded, evaluatorFor, annualContext };
  return { evaluate: (input) => evaluateOne(input, settings) };
}

/** What {@link preparePeriodic} computes once for every case. */
interface Settings {
  keys: ReturnType<typeof subPeriods>;
  byKey: Map<string, ReturnType<typeof subPeriods>[number]>;
  position: Map<string, number>;
  aggregation: PeriodicAggregation;
  loaded: LoadedRulePackage<typeof permenpanrb6of2022>;
  evaluatorFor: (key: string) => PreparedEvaluator<typeof permenpanrb6of2022>;
  annualContext: EvaluationContext;
}

function evaluateOne(input: unknown, settings: Settings): PeriodicEvaluation {
  const { keys, byKey, position, aggregation, loaded, evaluatorFor, annualContext } = settings;
  const parsed = CaseWithPeriodsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { periods, assessments: _assessments, period: _period, ...rest } = parsed.data;

  const issues: KinerjaIssue[] = [];
  const workPlan = rest.workPlan as { results?: { indicators?: { realization?: unknown }[] }[] } | undefined;
  for (const [ri, r] of (workPlan?.results ?? []).entries()) {
    for (const [ii, ind] of (r.indicators ?? []).entries()) {
      if (ind.realization !== undefined) {
        issues.push({
          path: ["workPlan", "results", ri, "indicators", ii, "realization"],
          message:
            "a periodic evaluation reads the realisations of each sub-period: give realizations[] with a subPeriod instead of an inline realization",
          code: "invalid_value",
        });
      }
    }
  }
  const seen = new Map<string, number>();
  periods.forEach((p, i) => {
    if (!byKey.has(p.subPeriod)) {
      issues.push({
        path: ["periods", i, "subPeriod"],
        message: `"${p.subPeriod}" is not a sub-period of the period (expected one of ${keys.map((k) => k.key).join(", ")})`,
        code: "invalid_value",
      });
    }
    const first = seen.get(p.subPeriod);
    if (first !== undefined) {
      issues.push({
        path: ["periods", i, "subPeriod"],
        message: `${p.subPeriod} is evaluated twice; periods[${first}] is the first`,
        code: "duplicate",
      });
    }
    seen.set(p.subPeriod, i);
  });
  if (issues.length > 0) throw validationError(issues);

  const realizations = Array.isArray(rest.realizations)
    ? (rest.realizations as { subPeriod?: unknown }[])
    : [];
  const ordered = periods
    .map((p, index) => ({ ...p, index }))
    .sort((a, b) => position.get(a.subPeriod)! - position.get(b.subPeriod)!);

  const periodic: PeriodicResult[] = ordered.map((p) => {
    const sub = byKey.get(p.subPeriod)!;
    try {
      const result = evaluatorFor(p.subPeriod).evaluate({
        ...rest,
        assessments: p.assessments,
        realizations: realizations.filter((r) => r.subPeriod === p.subPeriod),
      });
      return { subPeriod: p.subPeriod, label: sub.label, result };
    } catch (error) {
      if (isKinerjaError(error) && error.code === "VALIDATION_FAILED") {
        const inner = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
        throw validationError(
          inner.map((i) =>
            i.path[0] === "assessments" ? { ...i, path: ["periods", p.index, ...i.path] } : i,
          ),
          { cause: error, context: `periodic evaluation ${p.subPeriod}` },
        );
      }
      throw error;
    }
  });

  const last = periodic.at(-1)!;
  const grades = periodic.map((p) => p.result.grade);
  const grade = aggregate(grades, aggregation);
  const missing = keys.filter((k) => !seen.has(k.key));
  const warnings: Warning[] = [...last.result.warnings];
  if (missing.length > 0) {
    warnings.push({
      code: "PERIODIC_MISSING",
      path: ["periods"],
      message: {
        id: `Evaluasi periodik belum ada untuk ${missing.map((k) => k.label.id).join(", ")}: predikat tahunan dari periode yang ada.`,
        en: `No periodic evaluation yet for ${missing.map((k) => k.label.en).join(", ")}: the annual predikat comes from the periods given.`,
      },
    });
  }
  const ex = explainer(PERMENPANRB_6_2022_ID);
  const beside = (lang: "id" | "en") =>
    periodic.map((p) => `${p.label[lang]} ${predikatLabel(p.result.grade)[lang]}`).join("; ");
  const how: Record<PeriodicAggregation, LocalizedText> = {
    LAST: {
      id: `evaluasi periode terakhir (${last.label.id})`,
      en: `the last period's evaluation (${last.label.en})`,
    },
    MEDIAN: {
      id: "nilai tengah predikat periodik (konfigurasi instansi)",
      en: "the median periodic predikat (agency configuration)",
    },
    WORST: {
      id: "predikat periodik terendah (konfigurasi instansi)",
      en: "the worst periodic predikat (agency configuration)",
    },
  };
  ex.step({
    rule: "annual",
    legalBasis:
      aggregation === "LAST"
        ? LB_ANNUAL
        : `${LB_ANNUAL}; agregasi ${aggregation}: pilihan instansi, belum terverifikasi (U)`,
    title: { id: "Predikat kinerja tahunan", en: "Annual predikat" },
    inputs: {
      aggregation,
      periodic: periodic.map((p) => ({ subPeriod: p.subPeriod, grade: p.result.grade })),
    },
    output: grade,
    text: {
      id: `Predikat tahunan ${predikatLabel(grade).id}: ${how[aggregation].id}. Predikat periodik: ${beside("id")}.`,
      en: `Annual predikat ${predikatLabel(grade).en}: ${how[aggregation].en}. Periodic predikat: ${beside("en")}.`,
    },
  });
  // The consequences of the year follow the annual predikat: angka kredit over the whole period
  // (Perban BKN 3/2023) and the follow-up of PermenPAN-RB 6/2022 Pasal 5.
  const annualCase = Permenpanrb6of2022CaseSchema.parse({
    ...rest,
    assessments: ordered.at(-1)!.assessments,
    realizations: [],
  });
  const consequences: Consequence[] =
    permenpanrb6of2022.consequences?.({ ...last.result, grade }, annualCase, loaded.config, annualContext) ??
    [];
  return {
    employeeId: last.result.employeeId,
    annual: {
      ...last.result,
      grade,
      explanation: [...last.result.explanation, ...ex.steps],
      consequences,
      warnings,
    },
    periodic,
  };
}

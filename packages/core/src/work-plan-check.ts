import { KinerjaError } from "./errors";
import { type Period, subPeriods } from "./period";
import type { Realization } from "./realization";
import type { Result } from "./work-plan";

/** The kinds of problem {@link checkWorkPlan} reports, each with what it means. */
export const WORK_PLAN_PROBLEM_CODES = {
  /** The plan has no UTAMA result: its capaian (the mean of the main results) is undefined. */
  NO_MAIN_RESULT: "a work plan needs at least one UTAMA (main) result",
  /** Some UTAMA results have a weight and others not. */
  RESULT_WEIGHTS_PARTIAL: "either every UTAMA result has a weight or none has",
  /** The weights of the UTAMA results do not add up to 100. */
  RESULT_WEIGHTS_SUM: "the weights of the UTAMA results must add up to 100",
  /** A TAMBAHAN result has a weight; additional results are reported apart, unweighted. */
  TAMBAHAN_WEIGHTED: "a TAMBAHAN (additional) result carries no weight",
  /** Some indicators of a result have a weight and others not. */
  INDICATOR_WEIGHTS_PARTIAL: "either every indicator of a result has a weight or none has",
  /** The weights of a result's indicators do not add up to 100. */
  INDICATOR_WEIGHTS_SUM: "the weights of a result's indicators must add up to 100",
  /** Two results share an id. */
  DUPLICATE_RESULT_ID: "result ids must be unique in the plan",
  /** Two indicators (in the same or different results) share an id. */
  DUPLICATE_INDICATOR_ID: "indicator ids must be unique in the plan",
  /** A result names itself or another result of the same plan as the result it intervenes. */
  PARENT_IN_OWN_PLAN: "a result intervenes a result of the direct superior's plan, not one of its own plan",
  /** A realisation names an indicator the plan does not have. */
  REALIZATION_UNKNOWN_INDICATOR: "a realisation must name an indicator of the plan",
  /** An indicator has an inline `realization` and realisations per sub-period. */
  REALIZATION_TWICE: "an indicator has an inline realization or realisations per sub-period, not both",
  /** A realisation's sub-period is not a sub-period of the period. */
  REALIZATION_SUB_PERIOD: "a realisation's sub-period must be a sub-period of the period",
  /** Two realisations of the same indicator and sub-period. */
  DUPLICATE_REALIZATION: "one realisation per indicator and sub-period",
} as const;

/** A work plan problem code (see {@link WORK_PLAN_PROBLEM_CODES}). */
export type WorkPlanProblemCode = keyof typeof WORK_PLAN_PROBLEM_CODES;

/** One reason a work plan cannot be evaluated as it stands. */
export interface WorkPlanProblem {
  /**
   * Where: from the plan (`["results", 1, "weight"]`), or for a problem with a realisation given
   * in the options, from the realisations (`["realizations", 3, "indicatorId"]`).
   */
  path: (string | number)[];
  /** What kind of problem. */
  code: WorkPlanProblemCode;
  /** What is wrong, where, and what to do, e.g. `UTAMA result weights add up to 120 (r1 70 + r2 50); they must add up to 100`. */
  message: string;
}

/** What {@link checkWorkPlan} also checks the plan against. */
export interface CheckWorkPlanOptions {
  /** Realisations recorded per indicator and sub-period: each must name an indicator of the plan, once per sub-period. */
  realizations?: readonly Pick<Realization, "indicatorId" | "subPeriod">[];
  /** The period: realisations must fall in its sub-periods. */
  period?: Period;
  /** The period's sub-period keys when already known (saves computing them per plan). */
  subPeriodKeys?: readonly string[];
}

/** A work plan as {@link checkWorkPlan} reads it: its results (kind defaulted to UTAMA). */
export type CheckedWorkPlan = {
  /** The results (RHK) with their indicators. */
  results: readonly Pick<Result, "id" | "kind" | "weight" | "parentResultId" | "indicators">[];
};

const EPSILON = 1e-9;
const terms = (items: readonly { id: string; weight?: number | undefined }[]): string =>
  items.map((i) => `${i.id} ${i.weight ?? 0}`).join(" + ");
const sum = (items: readonly { weight?: number | undefined }[]): number =>
  items.reduce((s, i) => s + (i.weight ?? 0), 0);
const round = (n: number): number => Math.round(n * 1e6) / 1e6;

function weightProblems(
  items: readonly { id: string; weight?: number | undefined }[],
  where: (string | number)[],
  indexOf: (item: { id: string; weight?: number | undefined }) => number,
  what: { partial: WorkPlanProblemCode; sum: WorkPlanProblemCode; label: string; owner: string },
): WorkPlanProblem[] {
  const weighted = items.filter((i) => i.weight !== undefined);
  if (weighted.length === 0) return [];
  if (weighted.length < items.length) {
    const missing = items.filter((i) => i.weight === undefined);
    const first = missing[0];
    return [
      {
        path: first === undefined ? where : [...where, indexOf(first), "weight"],
        code: what.partial,
        message: `${what.owner}${what.label}s ${weighted.map((i) => i.id).join(", ")} have a weight but ${missing.map((i) => i.id).join(", ")} not; give every ${what.label} a weight or none`,
      },
    ];
  }
  const total = sum(weighted);
  if (Math.abs(total - 100) <= EPSILON) return [];
  return [
    {
      path: where,
      code: what.sum,
      message: `${what.owner}${what.label} weights add up to ${round(total)} (${terms(weighted)}); they must add up to 100`,
    },
  ];
}

/**
 * Whether a work plan can be evaluated, as the list of its problems (empty when it can): at
 * least one UTAMA result; UTAMA result weights all or none and adding up to 100 (TAMBAHAN results
 * carry no weight: their capaian is reported apart); indicator weights all or none per result
 * and adding up to 100; result ids and indicator ids unique in the plan; no result intervening a
 * result of its own plan; and, when given, realisations that name an indicator of the plan, once
 * per sub-period of the period, and not beside an inline `realization`. Shapes (targets, aspects,
 * ranges) are the schema's job ({@link WorkPlanSchema}); links across plans are
 * {@link checkCascade}'s. The engine refuses exactly the plans this function finds problems in,
 * so a service that checks plans with it when they are written never holds one the engine
 * refuses.
 *
 * @example
 * checkWorkPlan({ results: [r1WithWeight70, r2WithWeight50] });
 * // [{ path: ["results"], code: "RESULT_WEIGHTS_SUM",
 * //    message: "UTAMA result weights add up to 120 (r1 70 + r2 50); they must add up to 100" }]
 */
export function checkWorkPlan(plan: CheckedWorkPlan, options: CheckWorkPlanOptions = {}): WorkPlanProblem[] {
  if ((options.realizations === undefined || options.realizations.length === 0) && isCleanPlan(plan)) {
    return [];
  }
  return workPlanProblems(plan, options);
}

/** {@link checkWorkPlan} without its quick answer for clean plans (every check, every time). @internal */
export function workPlanProblems(
  plan: CheckedWorkPlan,
  options: CheckWorkPlanOptions = {},
): WorkPlanProblem[] {
  const problems: WorkPlanProblem[] = [];
  const results = plan.results;
  const main = results.filter((r) => r.kind !== "TAMBAHAN");
  if (main.length === 0) {
    problems.push({
      path: ["results"],
      code: "NO_MAIN_RESULT",
      message: "the plan has no UTAMA result; add at least one main result (kind UTAMA)",
    });
  }
  problems.push(
    ...weightProblems(main, ["results"], (r) => results.indexOf(r as (typeof results)[number]), {
      partial: "RESULT_WEIGHTS_PARTIAL",
      sum: "RESULT_WEIGHTS_SUM",
      label: "UTAMA result",
      owner: "",
    }),
  );
  const resultIds = new Map<string, number>();
  const indicatorIds = new Map<string, string>();
  results.forEach((r, ri) => {
    if (r.kind === "TAMBAHAN" && r.weight !== undefined) {
      problems.push({
        path: ["results", ri, "weight"],
        code: "TAMBAHAN_WEIGHTED",
        message: `result ${r.id} is TAMBAHAN and has weight ${r.weight}; additional results carry no weight (their capaian is reported apart), remove it`,
      });
    }
    const earlier = resultIds.get(r.id);
    if (earlier !== undefined) {
      problems.push({
        path: ["results", ri, "id"],
        code: "DUPLICATE_RESULT_ID",
        message: `result id "${r.id}" is also used by results[${earlier}]; give each result its own id`,
      });
    } else {
      resultIds.set(r.id, ri);
    }
    problems.push(
      ...weightProblems(
        r.indicators,
        ["results", ri, "indicators"],
        (i) => r.indicators.indexOf(i as never),
        {
          partial: "INDICATOR_WEIGHTS_PARTIAL",
          sum: "INDICATOR_WEIGHTS_SUM",
          label: "indicator",
          owner: `result ${r.id}: `,
        },
      ),
    );
    r.indicators.forEach((indicator, ii) => {
      const owner = indicatorIds.get(indicator.id);
      if (owner !== undefined) {
        problems.push({
          path: ["results", ri, "indicators", ii, "id"],
          code: "DUPLICATE_INDICATOR_ID",
          message: `indicator id "${indicator.id}" is used twice (also in result ${owner}); give each indicator its own id`,
        });
      } else {
        indicatorIds.set(indicator.id, r.id);
      }
    });
  });
  results.forEach((r, ri) => {
    if (r.parentResultId !== undefined && resultIds.has(r.parentResultId)) {
      problems.push({
        path: ["results", ri, "parentResultId"],
        code: "PARENT_IN_OWN_PLAN",
        message: `result ${r.id} intervenes ${r.parentResultId}, a result of its own plan; name a result of the direct superior's plan`,
      });
    }
  });
  problems.push(...realizationProblems(plan, indicatorIds, options));
  return problems;
}

/** Whether weights are all absent, or all present and adding up to 100 (as {@link weightProblems} adds them). */
function weightsFine(items: readonly { weight?: number | undefined }[], skipTambahan: boolean): boolean {
  let count = 0;
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i] as { weight?: number | undefined; kind?: string };
    if (skipTambahan && item.kind === "TAMBAHAN") continue;
    count += 1;
    if (item.weight !== undefined) {
      weighted += 1;
      total += item.weight;
    }
  }
  return weighted === 0 || (weighted === count && Math.abs(total - 100) <= EPSILON);
}

/**
 * The common case answered without building anything: a plan of a few results in which
 * {@link checkWorkPlan} would find no problem (ids compared pairwise, so larger plans and any
 * doubt go to the full check, which names the problems). `true` only when the full check finds
 * none.
 */
function isCleanPlan(plan: CheckedWorkPlan): boolean {
  const results = plan.results;
  if (results.length > 16) return false;
  let main = 0;
  let indicators = 0;
  for (let ri = 0; ri < results.length; ri += 1) {
    const r = results[ri] as CheckedWorkPlan["results"][number];
    if (r.kind === "TAMBAHAN") {
      if (r.weight !== undefined) return false;
    } else {
      main += 1;
    }
    for (let rj = 0; rj < ri; rj += 1) if ((results[rj] as typeof r).id === r.id) return false;
    if (!weightsFine(r.indicators, false)) return false;
    indicators += r.indicators.length;
  }
  if (main === 0 || indicators > 64 || !weightsFine(results, true)) return false;
  for (let ri = 0; ri < results.length; ri += 1) {
    const r = results[ri] as CheckedWorkPlan["results"][number];
    if (r.parentResultId !== undefined) {
      for (const other of results) if (other.id === r.parentResultId) return false;
    }
    for (let ii = 0; ii < r.indicators.length; ii += 1) {
      const id = (r.indicators[ii] as { id: string }).id;
      for (let rj = 0; rj <= ri; rj += 1) {
        const inds = (results[rj] as typeof r).indicators;
        const end = rj === ri ? ii : inds.length;
        for (let ij = 0; ij < end; ij += 1) if ((inds[ij] as { id: string }).id === id) return false;
      }
    }
  }
  return true;
}

function realizationProblems(
  plan: CheckedWorkPlan,
  indicatorIds: ReadonlyMap<string, string>,
  options: CheckWorkPlanOptions,
): WorkPlanProblem[] {
  const problems: WorkPlanProblem[] = [];
  const keys =
    options.subPeriodKeys ?? (options.period ? subPeriods(options.period).map((s) => s.key) : undefined);
  const inline = new Set(
    plan.results.flatMap((r) => r.indicators.filter((i) => i.realization !== undefined).map((i) => i.id)),
  );
  const seen = new Set<string>();
  (options.realizations ?? []).forEach((r, i) => {
    if (!indicatorIds.has(r.indicatorId)) {
      problems.push({
        path: ["realizations", i, "indicatorId"],
        code: "REALIZATION_UNKNOWN_INDICATOR",
        message: `a realisation for ${r.subPeriod} names indicator "${r.indicatorId}", which the plan does not have`,
      });
    }
    if (inline.has(r.indicatorId)) {
      problems.push({
        path: ["realizations", i],
        code: "REALIZATION_TWICE",
        message: `indicator "${r.indicatorId}" has an inline realization and a realisation for ${r.subPeriod}; give one or the other`,
      });
    }
    if (keys !== undefined && !keys.includes(r.subPeriod)) {
      problems.push({
        path: ["realizations", i, "subPeriod"],
        code: "REALIZATION_SUB_PERIOD",
        message: `"${r.subPeriod}" is not a sub-period of the period (expected one of ${keys.join(", ")})`,
      });
    }
    const key = `${r.indicatorId}\u0000${r.subPeriod}`;
    if (seen.has(key)) {
      problems.push({
        path: ["realizations", i],
        code: "DUPLICATE_REALIZATION",
        message: `a second realisation of "${r.indicatorId}" for ${r.subPeriod}`,
      });
    }
    seen.add(key);
  });
  return problems;
}

/**
 * Throws WORK_PLAN_INVALID naming every problem {@link checkWorkPlan} finds, with the problems
 * in `details.problems`; returns nothing when the plan can be evaluated. `options.label` names
 * the plan in the message (default `work plan`), e.g. `work plan wp-7`.
 */
export function assertWorkPlan(
  plan: CheckedWorkPlan,
  options: CheckWorkPlanOptions & { label?: string } = {},
): void {
  const problems = checkWorkPlan(plan, options);
  if (problems.length === 0) return;
  throw new KinerjaError(
    "WORK_PLAN_INVALID",
    `${options.label ?? "work plan"} cannot be evaluated: ${problems.map((p) => p.message).join("; ")}`,
    { details: { problems } },
  );
}

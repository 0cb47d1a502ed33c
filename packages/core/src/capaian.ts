import type { Realization } from "./realization";
import {
  defaultAggregation,
  defaultDirection,
  type Indicator,
  type Result,
  type Target,
  type WorkPlan,
} from "./work-plan";

/**
 * Capaian of a higher-is-better indicator, in percent: `R / T × 100`.
 * PermenPAN-RB 8/2021. A target of 0 or less counts as met (100) when R ≥ T, else 0.
 */
export function capaianHigherIsBetter(realization: number, target: number): number {
  if (target <= 0) return realization >= target ? 100 : 0;
  return Math.max(0, (realization / target) * 100);
}

/**
 * Capaian of a lower-is-better indicator, in percent: `(1 + (1 − R / T)) × 100`, never below 0.
 * PermenPAN-RB 8/2021. A target of 0 or less counts as met (100) when R ≤ T, else 0.
 */
export function capaianLowerIsBetter(realization: number, target: number): number {
  if (target <= 0) return realization <= target ? 100 : 0;
  return Math.max(0, (1 + (1 - realization / target)) * 100);
}

/**
 * Capaian of one indicator for a realisation, in percent, by its direction and target.
 * A range target gives 100 inside the range, and compares against the upper bound when above
 * and the lower bound when below (PermenPAN-RB 8/2021). A missing realisation counts as not
 * carried out: 0.
 */
export function indicatorCapaian(
  indicator: Pick<Indicator, "aspect" | "target" | "direction">,
  realization: number | undefined,
): number {
  if (realization === undefined) return 0;
  const direction = indicator.direction ?? defaultDirection(indicator.aspect);
  const formula = direction === "HIGHER_IS_BETTER" ? capaianHigherIsBetter : capaianLowerIsBetter;
  const target: Target = indicator.target;
  if (typeof target === "number") return formula(realization, target);
  if (realization >= target.min && realization <= target.max) return 100;
  return formula(realization, realization > target.max ? target.max : target.min);
}

/**
 * The realisation of an indicator over the period: the sub-period realisations aggregated by the
 * indicator's aggregation (SUM, MEAN, or LAST by sub-period key), or else `indicator.realization`;
 * `undefined` when neither exists.
 */
export function indicatorRealization(
  indicator: Pick<Indicator, "id" | "aspect" | "aggregation" | "realization">,
  realizations: readonly Realization[] = [],
): number | undefined {
  if (realizations.length === 0) return indicator.realization;
  const own = realizations.filter((r) => r.indicatorId === indicator.id);
  if (own.length === 0) return indicator.realization;
  const aggregation = indicator.aggregation ?? defaultAggregation(indicator.aspect);
  if (aggregation === "LAST") {
    return own.reduce((last, r) => (r.subPeriod > last.subPeriod ? r : last)).value;
  }
  const sum = sortedSum(own.map((r) => r.value));
  return aggregation === "SUM" ? sum : sum / own.length;
}

/** Efficiency score for time (waktu) or cost (biaya), PP 46/2011 with Perka BKN 1/2013:
 * `e = 100 − R/T × 100`; if `e ≤ 24`: `(1.76T − R)/T × 100`; else `76 − ((1.76T − R)/T × 100 − 100)`.
 * Finishing far ahead of the target scores lower by law (not monotone). Never below 0.
 * An activity not carried out (R = 0) scores 0.
 *
 * @example efficiencyScore(12, 12) // 76
 */
export function efficiencyScore(target: number, realization: number): number {
  if (target <= 0 || realization <= 0) return 0;
  // The regulation's two branches simplify to: R/T ≥ 0.76 → 176 − 100·R/T, else 100·R/T
  // (computed in this form so that R = T gives exactly 76).
  const ratio = realization / target;
  const efficiency = 100 - ratio * 100;
  return Math.max(0, efficiency <= 24 ? 176 - ratio * 100 : ratio * 100);
}

/** Options for {@link nilaiFromCapaian}: the unverified 101–110 % band. */
export interface NilaiBandOptions {
  /** Value just above 100 % capaian (default 109, continuing the 100 % → 109 example). */
  above100From?: number;
  /** Value at 110 % capaian (default 120). Values between are interpolated linearly. */
  at110?: number;
}

/**
 * Nilai (0–120) of an IKI capaian, PermenPAN-RB 8/2021: 0–59 % → c/59 × 49; 60–79 % → 50 + (c − 60);
 * 80–99 % → 70 + (c − 80); 100 % → 109; above 110 % → 120. The 101–110 % band is unverified:
 * interpolated between `above100From` and `at110` (see {@link NilaiBandOptions}).
 */
export function nilaiFromCapaian(capaian: number, options: NilaiBandOptions = {}): number {
  const c = Math.max(0, capaian);
  if (c < 60) return Math.min(49, (c / 59) * 49);
  if (c < 80) return 50 + (c - 60);
  if (c < 100) return 70 + (c - 80);
  if (c === 100) return 109;
  if (c > 110) return 120;
  const from = options.above100From ?? 109;
  const to = options.at110 ?? 120;
  return from + ((c - 100) / 10) * (to - from);
}

/** Capaian of one indicator with the realisation it was computed from. */
export interface IndicatorCapaian {
  /** Indicator id. */
  indicatorId: string;
  /** The realisation used (undefined when missing). */
  realization: number | undefined;
  /** Capaian in percent. */
  capaian: number;
  /** Its weight in the result (equal weights when none are given). */
  weight: number;
}

/** Capaian of one result. */
export interface ResultCapaian {
  /** Result id. */
  resultId: string;
  /** UTAMA or TAMBAHAN. */
  kind: Result["kind"];
  /** Weighted mean of the indicators' capaian (plain mean when no weights are given). */
  capaian: number;
  /** Its weight in the plan. */
  weight: number;
  /** Per indicator. */
  indicators: IndicatorCapaian[];
}

/** Capaian of a whole work plan. */
export interface PlanCapaian {
  /** Weighted mean of the UTAMA results' capaian (plain mean when no weights are given). */
  capaian: number;
  /** Mean capaian of the TAMBAHAN results, `null` when there are none. */
  additional: number | null;
  /** Per result. */
  results: ResultCapaian[];
}

/** Capaian of a result: the weighted mean of its indicators' capaian (a plain mean without weights). */
export function resultCapaian(
  result: Pick<Result, "id" | "kind" | "weight" | "indicators">,
  realizations: readonly Realization[] = [],
): ResultCapaian {
  const n = result.indicators.length;
  const indicators: IndicatorCapaian[] = new Array(n);
  const weights: number[] = new Array(n);
  const weighted: number[] = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const indicator = result.indicators[i] as Indicator;
    const realization = indicatorRealization(indicator, realizations);
    const capaian = indicatorCapaian(indicator, realization);
    const weight = indicator.weight ?? 1;
    indicators[i] = { indicatorId: indicator.id, realization, capaian, weight };
    weights[i] = weight;
    weighted[i] = capaian * weight;
  }
  const total = sortedSum(weights);
  return {
    resultId: result.id,
    kind: result.kind,
    capaian: total === 0 ? 0 : sortedSum(weighted) / total,
    weight: result.weight ?? 1,
    indicators,
  };
}

/**
 * Capaian of a plan: per result, the weighted mean over the UTAMA results, and the mean over
 * the TAMBAHAN results reported apart. Realisations are aggregated over sub-periods first.
 */
export function planCapaian(
  plan: Pick<WorkPlan, "results">,
  realizations: readonly Realization[] = [],
): PlanCapaian {
  const results = plan.results.map((r) => resultCapaian(r, realizations));
  // The weighted means of weightedMean, without its pairs: weights and weighted values apart.
  const weights: number[] = [];
  const weighted: number[] = [];
  const extra: number[] = [];
  for (const r of results) {
    if (r.kind === "UTAMA") {
      weights.push(r.weight);
      weighted.push(r.capaian * r.weight);
    } else if (r.kind === "TAMBAHAN") {
      extra.push(r.capaian);
    }
  }
  const total = sortedSum(weights);
  return {
    capaian: weights.length === 0 || total === 0 ? 0 : sortedSum(weighted) / total,
    // TAMBAHAN results weigh 1 each: their sum of weights is their count.
    additional: extra.length === 0 ? null : sortedSum(extra) / extra.length,
    results,
  };
}

// Scratch arrays of planCapaianValue (filled and summed before anything else uses them).
const INDICATOR_WEIGHTS: number[] = [];
const INDICATOR_WEIGHTED: number[] = [];
const RESULT_WEIGHTS: number[] = [];
const RESULT_WEIGHTED: number[] = [];
const ADDITIONAL: number[] = [];

/** {@link resultCapaian}'s capaian, computed the same way, without its breakdown. */
function resultCapaianValue(
  result: Pick<Result, "indicators">,
  realizations: readonly Realization[],
): number {
  const n = result.indicators.length;
  for (let i = 0; i < n; i += 1) {
    const indicator = result.indicators[i] as Indicator;
    const capaian = indicatorCapaian(indicator, indicatorRealization(indicator, realizations));
    const weight = indicator.weight ?? 1;
    INDICATOR_WEIGHTS[i] = weight;
    INDICATOR_WEIGHTED[i] = capaian * weight;
  }
  const total = sortedSumOf(INDICATOR_WEIGHTS, n);
  return total === 0 ? 0 : sortedSumOf(INDICATOR_WEIGHTED, n) / total;
}

/**
 * The capaian and additional capaian of {@link planCapaian}, the same numbers, without the
 * per-result and per-indicator breakdown (nothing is built: for evaluations that do not explain).
 */
export function planCapaianValue(
  plan: Pick<WorkPlan, "results">,
  realizations: readonly Realization[] = [],
): Pick<PlanCapaian, "capaian" | "additional"> {
  let main = 0;
  let extra = 0;
  for (const r of plan.results) {
    const capaian = resultCapaianValue(r, realizations);
    if (r.kind === "UTAMA") {
      const weight = r.weight ?? 1;
      RESULT_WEIGHTS[main] = weight;
      RESULT_WEIGHTED[main] = capaian * weight;
      main += 1;
    } else if (r.kind === "TAMBAHAN") {
      ADDITIONAL[extra] = capaian;
      extra += 1;
    }
  }
  const total = sortedSumOf(RESULT_WEIGHTS, main);
  return {
    capaian: main === 0 || total === 0 ? 0 : sortedSumOf(RESULT_WEIGHTED, main) / total,
    additional: extra === 0 ? null : sortedSumOf(ADDITIONAL, extra) / extra,
  };
}

/**
 * A weighted mean of `[value, weight]` pairs, summed in sorted order so that the result does not
 * depend on the order of the pairs. 0 for no pairs.
 */
export function weightedMean(pairs: readonly (readonly [number, number])[]): number {
  const total = sortedSum(pairs.map(([, w]) => w));
  if (total === 0) return 0;
  return sortedSum(pairs.map(([v, w]) => v * w)) / total;
}

/** Where {@link sortedSum} sorts short lists (it calls nothing while it uses it). */
const SCRATCH: number[] = [];

/** A sum that does not depend on the order of its terms (sorted before adding). */
export function sortedSum(values: readonly number[]): number {
  return sortedSumOf(values, values.length);
}

/** {@link sortedSum} of the first `n` values (scratch arrays longer than what they hold). */
function sortedSumOf(values: readonly number[], n: number): number {
  if (n <= 2) {
    if (n === 0) return 0;
    const a = values[0] as number;
    if (n === 1) return 0 + a;
    const b = values[1] as number;
    return a > b ? 0 + b + a : 0 + a + b;
  }
  if (n > 32) {
    const copy: number[] = new Array(n);
    for (let i = 0; i < n; i += 1) copy[i] = values[i] as number;
    return copy.sort((a, b) => a - b).reduce((s, v) => s + v, 0);
  }
  // Insertion sort of a short list: the same ascending order as the sort above (equal values,
  // e.g. 0 and -0, add up the same in either order; a NaN makes the sum NaN in any order).
  const sorted = SCRATCH;
  for (let i = 0; i < n; i += 1) {
    const v = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (sorted[j] as number) > v) {
      sorted[j + 1] = sorted[j] as number;
      j -= 1;
    }
    sorted[j + 1] = v;
  }
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += sorted[i] as number;
  return sum;
}

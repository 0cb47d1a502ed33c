import { planCapaian, type Realization } from "@kinerja/core";
import type { PlanLike } from "./plan-form";

/** The capaian of a plan after each sub-period (realisations up to and including it). */
export interface ProgressPoint {
  /** The sub-period key, e.g. `2026-Q2`. */
  subPeriod: string;
  /** The plan's capaian (percent) from the realisations recorded up to this sub-period. */
  capaian: number;
  /** Per result id, its capaian. */
  results: Record<string, number>;
}

/**
 * The plan's progress over the sub-periods, computed with `@kinerja/core`'s `planCapaian`: for
 * each sub-period, the realisations of it and every earlier one.
 */
export function progressOver(
  plan: PlanLike,
  realizations: readonly Pick<Realization, "indicatorId" | "subPeriod" | "value">[],
  subPeriods: readonly string[],
): ProgressPoint[] {
  const results = plan.results.map((r) => ({ ...r, kind: r.kind ?? ("UTAMA" as const) }));
  return subPeriods.map((key, index) => {
    const upTo = new Set(subPeriods.slice(0, index + 1));
    const seen = realizations.filter((r) => upTo.has(r.subPeriod)).map((r) => ({ ...r, evidence: [] }));
    const capaian = planCapaian({ results }, seen);
    return {
      subPeriod: key,
      capaian: round(capaian.capaian),
      results: Object.fromEntries(capaian.results.map((r) => [r.resultId, round(r.capaian)])),
    };
  });
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Counts of each grade, in the order given (the curve's order), for the distribution chart. */
export function gradeCounts(
  grades: readonly (string | null)[],
  order: readonly string[],
): { grade: string; count: number }[] {
  return order.map((grade) => ({ grade, count: grades.filter((g) => g === grade).length }));
}

/**
 * The straightforward distribution of `permenpanrb-6-2022` as it was before the compact pool
 * (per-member key arrays, comparator sorts, string group keys): the reference the compact one is
 * proven equal to. Kept as it was, apart from the messages (the package's own are compared) and
 * the reason text (the tie count it was built from is returned instead).
 */
import type { EvaluationResult, OrganisationPredikat } from "@kinerja/core";
import {
  type CalibrationMember,
  compareKeys,
  headCount,
  planCalibration,
  type RankBound,
} from "../../src/_internal/distribution";
import type { Permenpanrb6of2022Config } from "../../src/permenpanrb-6-2022";

const GRADE_CODES = ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"] as const;
const RATING_VALUE: Record<string, number> = {
  DI_ATAS_EKSPEKTASI: 3,
  SESUAI_EKSPEKTASI: 2,
  DI_BAWAH_EKSPEKTASI: 1,
};
const ratingOf = (value: unknown): number =>
  typeof value === "string" && value in RATING_VALUE ? (RATING_VALUE[value] ?? 0) : 0;
const capaianOf = (result: EvaluationResult): number =>
  typeof result.ratings.capaian === "number" ? result.ratings.capaian : 0;

function evidenceKey(result: EvaluationResult): number[] {
  const r = result.ratings;
  return [
    ratingOf(r.resultRating),
    ratingOf(r.behaviourRating),
    capaianOf(result),
    ratingOf(r.suggestedResultRating),
    ratingOf(r.suggestedBehaviourRating),
  ];
}

/** What the reference finds: counts, violations (without their message) and the changes with their tie counts. */
export interface ReferenceDistribution {
  counts: Record<string, number>;
  violations: {
    rule: string;
    grade: string | string[];
    bound: { kind: string; share: number; count: number };
    actual: { count: number; share: number };
    severity: string;
  }[];
  proposal?: {
    changes: { employeeId: string; from: string; to: string; tied: number }[];
    satisfiesBounds: boolean;
  };
}

/** The reference distribution; `proposeBelowMinPoolSize` keeps the old behaviour of proposing in small units. */
export function referenceDistribute(
  results: readonly EvaluationResult[],
  predikat: OrganisationPredikat,
  config: Permenpanrb6of2022Config,
  proposeBelowMinPoolSize = false,
): ReferenceDistribution {
  const n = results.length;
  const ranks = results.map((r) => GRADE_CODES.indexOf(r.grade as (typeof GRADE_CODES)[number]));
  const counts: Record<string, number> = Object.fromEntries(GRADE_CODES.map((g) => [g, 0]));
  for (const r of ranks) counts[GRADE_CODES[r]!] = (counts[GRADE_CODES[r]!] ?? 0) + 1;
  if (n === 0) return { counts, violations: [] };

  const rules = config.distribution.bounds[predikat];
  const { atMost, atLeast } = config.distribution.rounding;
  const bounds: RankBound[] = rules.map((b) => {
    const rs = b.grades.map((g) => GRADE_CODES.indexOf(g));
    return {
      lo: Math.min(...rs),
      hi: Math.max(...rs),
      kind: b.kind,
      count: b.exceedShare
        ? Math.max(b.minCount, headCount(b.share, n, "FLOOR") + 1)
        : headCount(b.share, n, b.kind === "AT_MOST" ? atMost : atLeast, b.minCount),
    };
  });
  const small = n < config.distribution.minPoolSize;
  const violations: ReferenceDistribution["violations"] = [];
  rules.forEach((b, i) => {
    const bound = bounds[i]!;
    const actual = b.grades.reduce((s, g) => s + (counts[g] ?? 0), 0);
    const violated = bound.kind === "AT_MOST" ? actual > bound.count : actual < bound.count;
    if (!violated) return;
    violations.push({
      rule: `permenpanrb-6-2022/distribution/${predikat}/${b.id}`,
      grade: b.grades.length === 1 ? b.grades[0]! : [...b.grades],
      bound: { kind: b.kind, share: b.share, count: bound.count },
      actual: { count: actual, share: actual / n },
      severity: small ? "WARNING" : (b.severity ?? config.distribution.severity),
    });
  });
  const distribution: ReferenceDistribution = { counts, violations };
  if (violations.length === 0 || (small && !proposeBelowMinPoolSize)) return distribution;

  const members: CalibrationMember[] = results.map((r, i) => ({ rank: ranks[i]!, key: evidenceKey(r) }));
  const plan = planCalibration(members, bounds, GRADE_CODES.length);
  const changed = plan.ranks.flatMap((to, i) => (to === members[i]!.rank ? [] : [i]));
  changed.sort(
    (x, y) =>
      members[x]!.rank - members[y]!.rank ||
      plan.ranks[x]! - plan.ranks[y]! ||
      compareKeys(members[y]!.key, members[x]!.key) ||
      x - y,
  );
  const groupOf = (i: number) => `${members[i]!.rank}|${members[i]!.key.join(",")}`;
  const ends = new Map<string, Map<number, number>>();
  members.forEach((_, i) => {
    const group = ends.get(groupOf(i)) ?? new Map<number, number>();
    group.set(plan.ranks[i]!, (group.get(plan.ranks[i]!) ?? 0) + 1);
    ends.set(groupOf(i), group);
  });
  const changes = changed.map((i) => {
    const group = ends.get(groupOf(i)) ?? new Map<number, number>();
    const tied = [...group].reduce((sum, [end, count]) => sum + (end === plan.ranks[i] ? 0 : count), 0);
    return {
      employeeId: results[i]!.employeeId,
      from: GRADE_CODES[members[i]!.rank]!,
      to: GRADE_CODES[plan.ranks[i]!]!,
      tied,
    };
  });
  distribution.proposal = { changes, satisfiesBounds: plan.shortfall === 0 };
  return distribution;
}

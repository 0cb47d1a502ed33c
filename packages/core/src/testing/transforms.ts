import { RATINGS_BEST_FIRST, type Rating } from "../assessment";
import type { Employee } from "../employee";
import type { EvaluationCase } from "../evaluation";
import { type Organisation, OrganisationPredikatSchema } from "../organisation";
import { type Period, subPeriods } from "../period";
import type { InputDeclaration } from "../rule-package";
import { defaultDirection } from "../work-plan";

// Pure transformations of parsed cases used by the fairness properties. None mutates its input.

/** A deep copy of plain data (structuredClone when the runtime has it). @internal */
export function clone<T>(value: T): T {
  const sc = (globalThis as { structuredClone?: <U>(v: U) => U }).structuredClone;
  if (sc) return sc(value);
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * New identity values for one case (identity = everything no rule may read). Optional fields
 * keep their presence: a value present in the case is replaced, an absent one stays absent.
 * @internal
 */
export interface IdentityChange {
  /** New employee id. */
  id: string;
  /** New name. */
  name: string;
  /** New HR attributes (gender, religion, ethnicity, …). */
  attributes: Employee["attributes"];
  /** New unit id. */
  unitId: string;
  /** New unit name. */
  unitName: string;
  /** New supervisor id. */
  supervisorId: string;
  /** New work plan id. */
  workPlanId: string;
  /** Rater ids, used in turn for the assessments that name their rater. */
  raterIds: string[];
  /** Comments, used in turn for the assessments that have comments. */
  comments: string[];
}

/**
 * The case with its identity replaced: employee id, name, attributes, unit id and name,
 * supervisor id, work plan id (and owner), rater ids and comments — except the employee fields
 * in `keep` (fields the package declares it reads). @internal
 */
export function withIdentity(
  input: EvaluationCase,
  change: IdentityChange,
  keep: ReadonlySet<string>,
): EvaluationCase {
  const c = clone(input);
  const e = c.employee;
  const oldId = e.id;
  if (!keep.has("id")) e.id = change.id;
  if (!keep.has("name") && e.name !== undefined) e.name = change.name;
  if (!keep.has("attributes")) e.attributes = change.attributes;
  if (!keep.has("unitId") && e.unitId !== undefined) e.unitId = change.unitId;
  if (!keep.has("unitName") && e.unitName !== undefined) e.unitName = change.unitName;
  if (!keep.has("supervisorId") && e.supervisorId !== undefined) e.supervisorId = change.supervisorId;
  if (c.workPlan.id !== undefined) c.workPlan.id = change.workPlanId;
  if (c.workPlan.employeeId === oldId) c.workPlan.employeeId = e.id;
  c.assessments.forEach((a, i) => {
    if (a.raterId !== undefined) a.raterId = change.raterIds[i % change.raterIds.length] ?? a.raterId;
    if (a.comments !== undefined) a.comments = change.comments[i % change.comments.length] ?? a.comments;
  });
  return c;
}

/** Every place where an indicator's realisation can be made better. @internal */
export interface RealizationTarget {
  /** Indicator id. */
  indicatorId: string;
  /** Whether it is better when higher. */
  higher: boolean;
}

/** The indicators of a case whose realisation a declaration covers and that have one. @internal */
export function realizationTargets(c: EvaluationCase, decl: InputDeclaration): RealizationTarget[] {
  const out: RealizationTarget[] = [];
  for (const r of c.workPlan.results) {
    for (const ind of r.indicators) {
      if (decl.aspects && !decl.aspects.includes(ind.aspect)) continue;
      const higher = (ind.direction ?? defaultDirection(ind.aspect)) === "HIGHER_IS_BETTER";
      const values =
        ind.realization !== undefined
          ? [ind.realization]
          : c.realizations.filter((x) => x.indicatorId === ind.id).map((x) => x.value);
      if (values.some((v) => (higher ? true : v !== 0))) out.push({ indicatorId: ind.id, higher });
    }
  }
  return out;
}

/**
 * The case with one indicator's realisation moved in its better direction by a positive amount
 * (inline, or every sub-period value): higher-is-better values grow by `step × max(1, |value|,
 * |target|)`; lower-is-better values shrink by `step × |value|` (0 stays 0). @internal
 */
export function improveRealization(
  input: EvaluationCase,
  target: RealizationTarget,
  step: number,
): EvaluationCase {
  const c = clone(input);
  const indicator = c.workPlan.results.flatMap((r) => r.indicators).find((i) => i.id === target.indicatorId);
  if (!indicator) return c;
  const t =
    typeof indicator.target === "number" ? Math.abs(indicator.target) : Math.abs(indicator.target.max);
  const better = (v: number) =>
    target.higher ? v + step * Math.max(1, Math.abs(v), t) : v - step * Math.abs(v);
  if (indicator.realization !== undefined) indicator.realization = better(indicator.realization);
  for (const r of c.realizations) if (r.indicatorId === target.indicatorId) r.value = better(r.value);
  return c;
}

/** A rating field of an assessment that can be moved one step better. @internal */
export interface RatingTarget {
  /** Index in `assessments`. */
  index: number;
  /** `resultRating` or `behaviourRating`. */
  field: "resultRating" | "behaviourRating";
}

/** The ratings a RATING declaration covers that are not yet the best. @internal */
export function ratingTargets(
  c: EvaluationCase,
  decl: InputDeclaration,
  sources: readonly string[],
): RatingTarget[] {
  const fields = (decl.fields ?? ["resultRating", "behaviourRating"]).filter(
    (f): f is RatingTarget["field"] => f === "resultRating" || f === "behaviourRating",
  );
  const declared = decl.sources ?? sources;
  const out: RatingTarget[] = [];
  c.assessments.forEach((a, index) => {
    if (!declared.includes(a.source)) return;
    for (const field of fields) {
      const v = a[field];
      if (v !== undefined && RATINGS_BEST_FIRST.indexOf(v) > 0) out.push({ index, field });
    }
  });
  return out;
}

/** The case with one rating moved one step better. @internal */
export function improveRating(input: EvaluationCase, target: RatingTarget): EvaluationCase {
  const c = clone(input);
  const a = c.assessments[target.index];
  const v = a?.[target.field];
  if (a && v !== undefined)
    a[target.field] = RATINGS_BEST_FIRST[Math.max(0, RATINGS_BEST_FIRST.indexOf(v) - 1)] as Rating;
  return c;
}

/** A behaviour score that can be raised. @internal */
export interface ScoreTarget {
  /** Index in `assessments`. */
  index: number;
  /** The aspect code. */
  aspect: string;
}

/** The behaviour scores a BEHAVIOUR_SCORE declaration covers that are below the top of its range. @internal */
export function scoreTargets(
  c: EvaluationCase,
  decl: InputDeclaration,
  sources: readonly string[],
): ScoreTarget[] {
  const declared = decl.sources ?? sources;
  const out: ScoreTarget[] = [];
  c.assessments.forEach((a, index) => {
    if (!declared.includes(a.source)) return;
    for (const [aspect, v] of Object.entries(a.behaviour)) {
      if (decl.fields && !decl.fields.includes(aspect)) continue;
      if (decl.range && v >= decl.range.max) continue;
      out.push({ index, aspect });
    }
  });
  return out;
}

/** The case with one behaviour score raised by `step` of the way to the top of the range (or by `step × max(1, |v|)`). @internal */
export function improveScore(
  input: EvaluationCase,
  target: ScoreTarget,
  step: number,
  range: InputDeclaration["range"],
): EvaluationCase {
  const c = clone(input);
  const a = c.assessments[target.index];
  const v = a?.behaviour[target.aspect];
  if (a && v !== undefined)
    a.behaviour[target.aspect] = range ? v + step * (range.max - v) : v + step * Math.max(1, Math.abs(v));
  return c;
}

/** The organisation one predikat better, or `undefined` when it is already ISTIMEWA. @internal */
export function betterOrganisation(org: Organisation): Organisation | undefined {
  const order = OrganisationPredikatSchema.options;
  const i = order.indexOf(org.predikat);
  const better = order[i - 1];
  return i > 0 && better ? { ...org, predikat: better } : undefined;
}

/** The invalid mutations every package must reject with VALIDATION_FAILED. @internal */
export const MUTATIONS = [
  "remove employee",
  "unknown aspect code",
  "string target",
  "weight sum not 100",
  "unknown source",
  "realisation for a missing indicator",
] as const;

/** One of {@link MUTATIONS}. @internal */
export type Mutation = (typeof MUTATIONS)[number];

function fresh(taken: ReadonlySet<string>, base: string): string {
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
  return name;
}

/** The case made invalid by one mutation (a plain object, no longer a valid case). @internal */
export function mutate(
  input: EvaluationCase,
  mutation: Mutation,
  sources: readonly string[],
  period: Period | undefined,
): Record<string, unknown> {
  const c = clone(input) as EvaluationCase & Record<string, unknown>;
  const firstResult = c.workPlan.results[0];
  const firstIndicator = firstResult?.indicators[0];
  switch (mutation) {
    case "remove employee":
      delete (c as Record<string, unknown>).employee;
      break;
    case "unknown aspect code":
      if (firstIndicator) (firstIndicator as Record<string, unknown>).aspect = "KECEPATAN";
      break;
    case "string target":
      if (firstIndicator)
        (firstIndicator as Record<string, unknown>).target = String(
          typeof firstIndicator.target === "number" ? firstIndicator.target : firstIndicator.target.min,
        );
      break;
    case "weight sum not 100": {
      const results = c.workPlan.results;
      if (results.every((r) => r.weight !== undefined) && firstResult?.weight !== undefined) {
        firstResult.weight = firstResult.weight < 100 ? firstResult.weight + 1 : firstResult.weight - 1;
      } else {
        results.forEach((r, i) => {
          r.weight = i === 0 && results.length === 100 ? 2 : 1;
        });
      }
      break;
    }
    case "unknown source":
      c.assessments.push({ source: fresh(new Set(sources), "UNKNOWN_SOURCE"), behaviour: {} });
      break;
    case "realisation for a missing indicator": {
      const ids = new Set(c.workPlan.results.flatMap((r) => r.indicators.map((i) => i.id)));
      const p = c.period ?? period;
      const key = p ? subPeriods(p)[0]?.key : undefined;
      c.realizations.push({
        indicatorId: fresh(ids, "missing-indicator"),
        subPeriod: key ?? "2026",
        value: 1,
        evidence: [],
      });
      break;
    }
  }
  return c;
}

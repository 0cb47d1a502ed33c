import {
  type Aspect,
  checkWorkPlan,
  EvidenceSchema,
  IndicatorSchema,
  type ResultKind,
  ResultSchema,
} from "@kinerja/core";

/** An indicator as the form edits it (the target as typed). */
export interface IndicatorDraft {
  id: string;
  description: string;
  aspect: Aspect;
  target: string;
  unit: string;
}

/** A result as the form edits it. */
export interface ResultDraft {
  id: string;
  description: string;
  kind: ResultKind;
  parentResultId: string;
  indicators: IndicatorDraft[];
}

/** A plan as it comes from the service (the parts the form edits). */
export interface PlanLike {
  results: {
    id: string;
    description?: string;
    kind?: ResultKind;
    parentResultId?: string;
    indicators: {
      id: string;
      description?: string;
      aspect: Aspect;
      target: number | { min: number; max: number };
      unit?: string;
    }[];
  }[];
}

/** A problem of the form, with the field it belongs to (`results.0.indicators.1.target`). */
export interface FormProblem {
  field: string;
  message: string;
}

/** The form's model of a stored plan. */
export function draftsOf(plan: PlanLike): ResultDraft[] {
  return plan.results.map((r) => ({
    id: r.id,
    description: r.description ?? "",
    kind: r.kind ?? "UTAMA",
    parentResultId: r.parentResultId ?? "",
    indicators: r.indicators.map((i) => ({
      id: i.id,
      description: i.description ?? "",
      aspect: i.aspect,
      target: typeof i.target === "number" ? String(i.target) : `${i.target.min}-${i.target.max}`,
      unit: i.unit ?? "",
    })),
  }));
}

/** Parses a typed target: `12`, `12,5` (Indonesian decimal comma) or a range `80-90`. */
export function parseTarget(text: string): number | { min: number; max: number } | undefined {
  const clean = text.trim().replace(",", ".");
  const range = /^(-?\d+(?:\.\d+)?)\s*[-–]\s*(-?\d+(?:\.\d+)?)$/.exec(clean);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (clean === "" || !/^-?\d+(?:\.\d+)?$/.test(clean)) return undefined;
  return Number(clean);
}

/** A fresh id that no result or indicator of the form uses yet (`prefix` + number). */
export function freshId(results: ResultDraft[], prefix: string, stem: string): string {
  const used = new Set(results.flatMap((r) => [r.id, ...r.indicators.map((i) => i.id)]));
  for (let n = 1; ; n += 1) {
    const candidate = `${stem}-${prefix}${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * The plan the service stores, and the problems of the form: each field checked with
 * `@kinerja/core`'s schemas (a result and its indicators), then the whole plan with
 * `checkWorkPlan` (a main result, weights, duplicate ids). A draft may be saved with problems;
 * they must be fixed before it can be submitted.
 */
export function planFromDrafts(results: ResultDraft[]): {
  plan: { approach: "KUANTITATIF"; results: PlanLike["results"] };
  problems: FormProblem[];
} {
  const problems: FormProblem[] = [];
  const out: PlanLike["results"] = results.map((r, ri) => {
    const indicators = r.indicators.map((i, ii) => {
      const field = `results.${ri}.indicators.${ii}`;
      const target = parseTarget(i.target);
      const candidate = {
        id: i.id,
        aspect: i.aspect,
        target: target ?? Number.NaN,
        ...(i.description.trim() ? { description: i.description.trim() } : {}),
        ...(i.unit.trim() ? { unit: i.unit.trim() } : {}),
      };
      const parsed = IndicatorSchema.safeParse(candidate);
      if (target === undefined) {
        problems.push({
          field: `${field}.target`,
          message: "target: a number such as 12 or a range such as 80-90",
        });
      } else if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({
            field: `${field}.${issue.path.join(".")}`,
            message: `${issue.path.join(".")}: ${issue.message}`,
          });
        }
      }
      return { ...candidate, target: target ?? 0 };
    });
    const result = {
      id: r.id,
      kind: r.kind,
      indicators,
      ...(r.description.trim() ? { description: r.description.trim() } : {}),
      ...(r.parentResultId ? { parentResultId: r.parentResultId } : {}),
    };
    const parsed = ResultSchema.safeParse(result);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.filter(
        (i) => i.path[0] !== "indicators" || i.path.length === 1,
      )) {
        problems.push({ field: `results.${ri}.${issue.path.join(".")}`, message: issue.message });
      }
    }
    return result;
  });
  for (const problem of checkWorkPlan({ results: out.map((r) => ({ ...r, kind: r.kind ?? "UTAMA" })) })) {
    problems.push({ field: problem.path.join("."), message: problem.message });
  }
  return { plan: { approach: "KUANTITATIF", results: out }, problems };
}

/** Checks a piece of evidence with `@kinerja/core`'s schema: the message, or null when fine. */
export function evidenceProblem(url: string, description: string): string | null {
  const parsed = EvidenceSchema.safeParse({
    kind: "LINK",
    url: url.trim(),
    ...(description.trim() ? { description: description.trim() } : {}),
  });
  return parsed.success
    ? null
    : parsed.error.issues.map((i) => `${i.path.join(".") || "url"}: ${i.message}`).join("; ");
}

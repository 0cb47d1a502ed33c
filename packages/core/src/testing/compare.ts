import type { EvaluationResult } from "../evaluation";

/** How {@link firstDifference} compares. @internal */
export interface CompareOptions {
  /** Relative tolerance for numbers: `|a − b| ≤ tolerance × max(1, |a|, |b|)`; exact when absent. */
  tolerance?: number;
  /** Compare arrays as multisets (element order ignored). */
  unordered?: boolean;
}

/** The relative tolerance used for numbers computed by floating sums. @internal */
export const TOLERANCE = 1e-9;

/** Whether two numbers are equal up to the relative tolerance (NaN equals NaN). @internal */
export function closeTo(a: number, b: number, tolerance = TOLERANCE): boolean {
  if (Object.is(a, b) || a === b) return true;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A short, printable form of a value for failure messages. @internal */
export function show(value: unknown, max = 200): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The first difference between two JSON-like values, as `path: a ≠ b`, or `undefined` when they
 * are equal. Keys holding `undefined` count as absent. @internal
 */
export function firstDifference(
  a: unknown,
  b: unknown,
  options: CompareOptions = {},
  path = "$",
): string | undefined {
  if (typeof a === "number" && typeof b === "number") {
    const same = options.tolerance === undefined ? Object.is(a, b) : closeTo(a, b, options.tolerance);
    return same ? undefined : `${path}: ${a} ≠ ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} elements ≠ ${b.length} elements`;
    if (!options.unordered) {
      for (let i = 0; i < a.length; i += 1) {
        const d = firstDifference(a[i], b[i], options, `${path}[${i}]`);
        if (d) return d;
      }
      return undefined;
    }
    const used = new Set<number>();
    for (let i = 0; i < a.length; i += 1) {
      const j = b.findIndex((y, k) => !used.has(k) && firstDifference(a[i], y, options) === undefined);
      if (j < 0) return `${path}: element ${show(a[i])} has no counterpart in ${show(b)}`;
      used.add(j);
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      const d = firstDifference(a[key], b[key], options, `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${show(a)} ≠ ${show(b)}`;
}

/** The parts of a result that must not change under permutations and identity changes. @internal */
export function resultCore(
  r: EvaluationResult,
): Pick<EvaluationResult, "grade" | "score" | "ratings" | "consequences"> {
  return { grade: r.grade, score: r.score, ratings: r.ratings, consequences: r.consequences };
}

/**
 * The first difference between the grade, score, ratings and consequences of two results
 * (numbers up to {@link TOLERANCE}, consequences in any order). @internal
 */
export function coreDifference(a: EvaluationResult, b: EvaluationResult): string | undefined {
  return firstDifference(resultCore(a), resultCore(b), { tolerance: TOLERANCE, unordered: true });
}

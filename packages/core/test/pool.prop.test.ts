import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { poolOf } from "../src/engine";
import { isKinerjaError, type KinerjaIssue, validationError } from "../src/errors";

type Member = { employeeId: string; segment?: string };

/** The pool as it was found before the sort by id hash: one map entry per employee, in input order. */
function referencePoolOf(results: readonly Member[], path = "results"): Member[] {
  const kept = new Map<string, number>();
  const dropped = new Set<number>();
  const issues: KinerjaIssue[] = [];
  results.forEach((r, i) => {
    const at = kept.get(r.employeeId);
    if (at === undefined) {
      kept.set(r.employeeId, i);
      return;
    }
    const other = results[at] as Member;
    if (r.segment === undefined || other.segment === undefined) {
      issues.push({
        path: [path, i, "employee", "id"],
        message: `employee "${r.employeeId}" is also ${path}[${at}]; an employee is counted once in a pool (give each part of a split year its own "segment")`,
        code: "DUPLICATE_EMPLOYEE",
      });
    } else if (other.segment === r.segment) {
      issues.push({
        path: [path, i, "segment"],
        message: `segment "${r.segment}" of employee "${r.employeeId}" is given twice (also ${path}[${at}])`,
        code: "DUPLICATE_EMPLOYEE",
      });
    } else {
      dropped.add(at);
      kept.set(r.employeeId, i);
    }
  });
  if (issues.length > 0) throw validationError(issues);
  return results.filter((_, i) => !dropped.has(i));
}

const outcome = (run: () => Member[]) => {
  try {
    return { pool: run() };
  } catch (error) {
    if (!isKinerjaError(error)) throw error;
    return { error: { message: error.message, issues: error.details.issues } };
  }
};

// "emp-922457" and "emp-1014810" have the same 32-bit FNV-1a hash: a collision must not make
// two employees one.
const ids = fc.constantFrom("a", "b", "c", "d", "emp-922457", "emp-1014810", "");
const member = fc.record(
  { employeeId: ids, segment: fc.constantFrom("S1", "S2", "S3") },
  { requiredKeys: ["employeeId"] },
);

describe("poolOf", () => {
  test.prop([fc.array(member, { maxLength: 30 }), fc.constantFrom("results", "cases")])(
    "the same pool, or the same issues in the same order, as one map entry per employee",
    (results, path) => {
      expect(outcome(() => poolOf(results, path))).toEqual(outcome(() => referencePoolOf(results, path)));
    },
  );

  test.prop([fc.uniqueArray(fc.string(), { minLength: 2, maxLength: 200 })])(
    "distinct ids (colliding hashes included) are all kept, in input order",
    (distinct) => {
      const results = [...distinct, "emp-922457", "emp-1014810"]
        .filter((id, i, all) => all.indexOf(id) === i)
        .map((employeeId) => ({ employeeId }));
      expect(poolOf(results)).toBe(results);
    },
  );
});

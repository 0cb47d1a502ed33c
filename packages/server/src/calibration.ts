import {
  type AnyRulePackage,
  gradeRank,
  KinerjaError,
  type KinerjaIssue,
  validationError,
} from "@kinerja/core";
import { z } from "zod";

/** One calibration change asked for: an employee's new grade and why. */
export const CalibrationChangeRequestSchema = z.strictObject({
  /** The employee (NIP). */
  employeeId: z.string().trim().min(1).max(64),
  /** The new grade, a grade code of the period's rule package. */
  to: z.string().trim().min(1).max(64),
  /** Why (required; recorded in the calibration history and the audit log). */
  reason: z.string().trim().min(1, "a reason is required for every calibration change").max(4000),
  /** The assessment version the change is based on (optimistic concurrency). */
  version: z.number().int().min(1).optional(),
});
/** A calibration change request. */
export type CalibrationChangeRequest = z.infer<typeof CalibrationChangeRequestSchema>;

/** One member of a calibration pool: a finalised assessment and its current grade. */
export interface CalibrationPoolMember {
  /** The employee. */
  employeeId: string;
  /** The assessment id. */
  assessmentId: string;
  /** The grade now (calibrated when it was calibrated before). */
  grade: string;
  /** Whether the assessment is FINAL (only final results are calibrated). */
  final: boolean;
  /** The assessment's version. */
  version: number;
}

/** A change checked against the pool, ready to store. */
export interface PlannedCalibrationChange {
  /** The employee. */
  employeeId: string;
  /** The assessment id. */
  assessmentId: string;
  /** The grade before. */
  from: string;
  /** The grade after. */
  to: string;
  /** Why. */
  reason: string;
  /** The assessment version the change is based on. */
  version: number;
}

/**
 * Checks calibration changes against a pool and the package's grade scale: each employee is in
 * the pool once, has a FINAL assessment, and gets a grade on the scale different from the one
 * they have. Bad input is VALIDATION_FAILED naming `changes[i].field`; a non-final assessment
 * or a stale version is a CONFLICT. The changes are returned in the order given.
 */
export function planCalibration(
  pool: readonly CalibrationPoolMember[],
  changes: readonly CalibrationChangeRequest[],
  pkg: Pick<AnyRulePackage, "grades" | "id">,
): PlannedCalibrationChange[] {
  const members = new Map(pool.map((m) => [m.employeeId, m]));
  const seen = new Set<string>();
  const issues: KinerjaIssue[] = [];
  const planned: PlannedCalibrationChange[] = [];
  changes.forEach((change, i) => {
    const member = members.get(change.employeeId);
    if (member === undefined) {
      issues.push({
        path: ["changes", i, "employeeId"],
        message: `${change.employeeId} is not in this calibration pool`,
        code: "reference",
      });
      return;
    }
    if (seen.has(change.employeeId)) {
      issues.push({
        path: ["changes", i, "employeeId"],
        message: `${change.employeeId} is changed twice`,
        code: "duplicate",
      });
      return;
    }
    seen.add(change.employeeId);
    if (gradeRank(pkg, change.to) < 0) {
      issues.push({
        path: ["changes", i, "to"],
        message: `"${change.to}" is not a grade of ${pkg.id}; expected one of ${pkg.grades.map((g) => g.code).join(", ")}`,
        code: "invalid_value",
      });
      return;
    }
    if (change.to === member.grade) {
      issues.push({
        path: ["changes", i, "to"],
        message: `${change.employeeId} already has grade ${change.to}`,
        code: "unchanged",
      });
      return;
    }
    planned.push({
      employeeId: change.employeeId,
      assessmentId: member.assessmentId,
      from: member.grade,
      to: change.to,
      reason: change.reason,
      version: member.version,
    });
  });
  if (issues.length > 0) throw validationError(issues);
  for (const change of changes) {
    const member = members.get(change.employeeId)!;
    if (!member.final) {
      throw new KinerjaError(
        "CONFLICT",
        `the assessment of ${change.employeeId} is not final; finalise it before calibrating`,
        {
          details: { employeeId: change.employeeId },
        },
      );
    }
    if (change.version !== undefined && change.version !== member.version) {
      throw new KinerjaError(
        "CONFLICT",
        `assessment of ${change.employeeId} was changed meanwhile: you sent version ${change.version}, it is at version ${member.version}; reload and retry`,
        {
          details: {
            entity: "assessment",
            id: member.assessmentId,
            expected: change.version,
            current: member.version,
          },
        },
      );
    }
  }
  return planned;
}

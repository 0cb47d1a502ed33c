import { type Assessment, RatingSchema } from "@kinerja/core";
import type { Kysely, Selectable } from "kysely";
import { z } from "zod";
import { storedRatings } from "./assessment-rows";
import type { DB, JsonColumn, LoadOptions, Timestamp, Tx } from "./storage";

/** `self_assessments`: the employee's own assessment (source SELF) for a period. */
export interface SelfAssessmentsTable {
  /** Self-assessment id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** The employee, who is also the rater. */
  employee_id: string;
  /** Rating hasil kerja the employee gives themselves. */
  result_rating: string | null;
  /** Rating perilaku kerja the employee gives themselves. */
  behaviour_rating: string | null;
  /** Behaviour scores by aspect. */
  behaviour: JsonColumn<Record<string, number>>;
  /** Comments (never part of the evaluation). */
  comments: string | null;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `periodic_feedback`: one entry of the superior's feedback to an employee for a sub-period. */
export interface PeriodicFeedbackTable {
  /** Entry id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** The employee the feedback is for. */
  employee_id: string;
  /** The sub-period key (`2026-03`, `2026-Q1`, `2026-S1`, `2026`). */
  sub_period: string;
  /** The superior who wrote it. */
  author_id: string;
  /** The feedback. */
  text: string;
  /** A results rating noted for the sub-period, if any. */
  result_rating: string | null;
  /** A behaviour rating noted for the sub-period, if any. */
  behaviour_rating: string | null;
  /** When the employee acknowledged it (null until then; fixed afterwards). */
  acknowledged_at: Timestamp | null;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** The tables of migration 0004, for `db.withTables<SelfPeriodicTables>()`. */
export type SelfPeriodicTables = {
  /** Self-assessments. */
  self_assessments: SelfAssessmentsTable;
  /** Periodic feedback entries. */
  periodic_feedback: PeriodicFeedbackTable;
};

/** A selected self-assessment row. */
export type SelfAssessmentRow = Selectable<SelfAssessmentsTable>;
/** A selected periodic feedback row. */
export type PeriodicFeedbackRow = Selectable<PeriodicFeedbackTable>;

const withSelfPeriodic = (db: Kysely<DB>) => db.withTables<SelfPeriodicTables>();
/** The query builder (or a transaction) over the tables of migration 0004. */
export type SelfPeriodicDb = ReturnType<typeof withSelfPeriodic>;

/** Reaches the tables of migration 0004 from a query builder or transaction. */
export function selfPeriodicDb(db: Kysely<DB>): SelfPeriodicDb {
  return withSelfPeriodic(db);
}

/** The employee's self-assessment for a period, if any. */
export async function findSelfAssessment(
  tx: Tx,
  agencyId: string,
  periodId: string,
  employeeId: string,
  options: LoadOptions = {},
): Promise<SelfAssessmentRow | undefined> {
  let query = selfPeriodicDb(tx)
    .selectFrom("self_assessments")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("period_id", "=", periodId)
    .where("employee_id", "=", employeeId);
  if (options.forUpdate === true) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * The self-assessment as a core assessment of source SELF, identified (the employee is the
 * rater); the comments stay out of the case, as the supervisor's do.
 */
export function selfAssessment(row: SelfAssessmentRow): Assessment {
  return {
    source: "SELF",
    raterId: row.employee_id,
    ...storedRatings(row),
  };
}

const Iso = z.string().describe("ISO 8601 timestamp");
const isoOf = (value: Date | string): string => new Date(value).toISOString();

/** A self-assessment as the API shows it. */
export const SelfAssessmentViewSchema = z
  .object({
    /** Self-assessment id. */
    id: z.string(),
    /** Period id. */
    periodId: z.string(),
    /** The employee (also the rater). */
    employeeId: z.string(),
    /** Always SELF. */
    source: z.literal("SELF"),
    /** Rating hasil kerja the employee gives themselves. */
    resultRating: RatingSchema.nullable(),
    /** Rating perilaku kerja the employee gives themselves. */
    behaviourRating: RatingSchema.nullable(),
    /** Behaviour scores by aspect (the rule package's aspect codes). */
    behaviour: z.record(z.string(), z.number()),
    /** Comments (not part of the evaluation). */
    comments: z.string().nullable(),
    /** Optimistic-concurrency version (send it back as If-Match). */
    version: z.number().int(),
    /** When created. */
    createdAt: Iso,
    /** When last changed. */
    updatedAt: Iso,
  })
  .meta({ id: "SelfAssessment" });
/** A self-assessment view. */
export type SelfAssessmentView = z.infer<typeof SelfAssessmentViewSchema>;

/** The API view of a self-assessment row. */
export function selfAssessmentView(row: SelfAssessmentRow): SelfAssessmentView {
  return {
    id: row.id,
    periodId: row.period_id,
    employeeId: row.employee_id,
    source: "SELF",
    resultRating: row.result_rating === null ? null : RatingSchema.parse(row.result_rating),
    behaviourRating: row.behaviour_rating === null ? null : RatingSchema.parse(row.behaviour_rating),
    behaviour: row.behaviour ?? {},
    comments: row.comments,
    version: row.version,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  };
}

/** A periodic feedback entry as the API shows it. */
export const PeriodicFeedbackViewSchema = z
  .object({
    /** Entry id. */
    id: z.string(),
    /** Period id. */
    periodId: z.string(),
    /** The employee the feedback is for. */
    employeeId: z.string(),
    /** The sub-period key (`2026-03`, `2026-Q1`, `2026-S1`, `2026`). */
    subPeriod: z.string(),
    /** The superior who wrote it. */
    authorId: z.string(),
    /** The feedback. */
    text: z.string(),
    /** A results rating noted for the sub-period (not part of the annual evaluation). */
    resultRating: RatingSchema.nullable(),
    /** A behaviour rating noted for the sub-period (not part of the annual evaluation). */
    behaviourRating: RatingSchema.nullable(),
    /** When the employee acknowledged it; null until then. Acknowledged entries never change. */
    acknowledgedAt: Iso.nullable(),
    /** Optimistic-concurrency version (send it back as If-Match). */
    version: z.number().int(),
    /** When written. */
    createdAt: Iso,
    /** When last changed. */
    updatedAt: Iso,
  })
  .meta({ id: "PeriodicFeedback" });
/** A periodic feedback view. */
export type PeriodicFeedbackView = z.infer<typeof PeriodicFeedbackViewSchema>;

/** The API view of a periodic feedback row. */
export function periodicFeedbackView(row: PeriodicFeedbackRow): PeriodicFeedbackView {
  return {
    id: row.id,
    periodId: row.period_id,
    employeeId: row.employee_id,
    subPeriod: row.sub_period,
    authorId: row.author_id,
    text: row.text,
    resultRating: row.result_rating === null ? null : RatingSchema.parse(row.result_rating),
    behaviourRating: row.behaviour_rating === null ? null : RatingSchema.parse(row.behaviour_rating),
    acknowledgedAt: row.acknowledged_at === null ? null : isoOf(row.acknowledged_at),
    version: row.version,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  };
}

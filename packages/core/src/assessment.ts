import { z } from "zod";
import { EmployeeIdSchema } from "./employee";

/** The assessment sources every package knows; a package may declare others. */
export const BASE_SOURCES = ["SELF", "SUPERVISOR", "PEER", "SUBORDINATE", "PUBLIC"] as const;

/** A feedback source code: one of {@link BASE_SOURCES} or one a package declares (UPPER_SNAKE). */
export const SourceSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "expected a source code such as SUPERVISOR, PEER or PUBLIC");
/** A source code. */
export type Source = z.infer<typeof SourceSchema>;

/** A rating against expectations. PermenPAN-RB 6/2022. */
export const RatingSchema = z.enum(["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]);
/** A rating. */
export type Rating = z.infer<typeof RatingSchema>;

/** Ratings ordered best first. */
export const RATINGS_BEST_FIRST: readonly Rating[] = [
  "DI_ATAS_EKSPEKTASI",
  "SESUAI_EKSPEKTASI",
  "DI_BAWAH_EKSPEKTASI",
];

/**
 * An assessment or feedback from one source about one employee. Which fields count is up to
 * the rule package (e.g. PermenPAN-RB 6/2022 uses the SUPERVISOR's two ratings; PP 46/2011
 * the SUPERVISOR's behaviour scores).
 */
export const AssessmentSchema = z.object({
  /** Who gives it: SELF, SUPERVISOR, PEER, SUBORDINATE, PUBLIC or a package's own source. */
  source: SourceSchema,
  /** The rater's id; absent for anonymous feedback. Never used by a rule. */
  raterId: EmployeeIdSchema.optional(),
  /** Rating hasil kerja (results). */
  resultRating: RatingSchema.optional(),
  /** Rating perilaku kerja (behaviour). */
  behaviourRating: RatingSchema.optional(),
  /** Per-aspect behaviour or component scores, keyed by the package's aspect codes. */
  behaviour: z
    .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, "expected an aspect code"), z.number().finite())
    .default({}),
  /** Why the assessor departs from the suggested rating. */
  justification: z.string().max(4000).optional(),
  /** Free comments; never used by a rule. */
  comments: z.string().max(4000).optional(),
});
/** An assessment. */
export type Assessment = z.infer<typeof AssessmentSchema>;
/** An assessment as written by a caller. */
export type AssessmentInput = z.input<typeof AssessmentSchema>;

import { z } from "zod";
import { AssessmentSchema } from "./assessment";
import { EmployeeSchema } from "./employee";
import { OrganisationSchema } from "./organisation";
import { PeriodSchema } from "./period";
import { RealizationSchema } from "./realization";
import { LocalizedTextSchema } from "./text";
import { WorkPlanSchema } from "./work-plan";

/**
 * One employee's case: the employee, their work plan (with realisations inline or per
 * sub-period), and the assessments/feedback about them. Packages may require more fields
 * (attendance, an innovation flag, …): they declare them in their `caseSchema`, and the core
 * keeps unknown keys for them.
 */
export const EvaluationCaseSchema = z.looseObject({
  /** The employee. */
  employee: EmployeeSchema,
  /** The work plan (SKP). */
  workPlan: WorkPlanSchema,
  /** Realisations per indicator and sub-period (an alternative to `indicator.realization`). */
  realizations: z.array(RealizationSchema).default([]),
  /** Assessments and feedback from every source. */
  assessments: z.array(AssessmentSchema).default([]),
  /** The case's period, when it differs from the request's. */
  period: PeriodSchema.optional(),
  /**
   * Which part of the employee's year this case is, when the year is split (e.g. `"before
   * promotion"` / `"after promotion"`, each with its own `period`): cases of the same employee
   * in one pool must each name a different segment, and the distribution counts the last one given.
   */
  segment: z.string().min(1).max(64).optional(),
});
/** An evaluation case. */
export type EvaluationCase = z.infer<typeof EvaluationCaseSchema>;
/** An evaluation case as written by a caller. */
export type EvaluationCaseInput = z.input<typeof EvaluationCaseSchema>;

/** The stateless evaluation request (command line and `POST /v1/evaluate`). */
export const EvaluationRequestSchema = z.strictObject({
  /** Rule package as `ID` or `ID@VERSION-RANGE`, e.g. `permenpanrb-6-2022@^2`. */
  rules: z.string().min(1, "a rule package id is required").max(100),
  /** The package's configuration (validated by the package's schema; defaults apply). */
  config: z.record(z.string(), z.unknown()).default({}),
  /** The period evaluated. */
  period: PeriodSchema.optional(),
  /** The organisation and its predikat (distribution checks, head-of-unit rule). */
  organisation: OrganisationSchema.optional(),
  /** The cases. */
  cases: z
    .array(z.unknown())
    .max(100_000, "at most 100 000 cases per request; stream larger batches as NDJSON"),
  /** How much explanation each result carries (`full` by default). */
  explain: z.lazy(() => ExplainLevelSchema).default("full"),
  /** What a bad case does: `fail` the request (default) or `report` it in `failures` and go on. */
  onError: z.lazy(() => OnErrorSchema).default("fail"),
});
/** An evaluation request. */
export type EvaluationRequest = z.infer<typeof EvaluationRequestSchema>;

/**
 * How much explanation results carry: `full` (every step with its title and text in Indonesian
 * and English), `steps` (rule, legal basis, inputs and output of each step, no text) or `none`.
 */
export const ExplainLevelSchema = z.enum(["full", "steps", "none"]);
/** An explanation level. */
export type ExplainLevel = z.infer<typeof ExplainLevelSchema>;

/** What a bad case does in a batch: `fail` the whole batch (default) or `report` it and go on. */
export const OnErrorSchema = z.enum(["fail", "report"]);
/** A batch error policy. */
export type OnError = z.infer<typeof OnErrorSchema>;

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON value (what explanation inputs and outputs may hold); one named schema, so OpenAPI can refer to it. */
export const JsonSchema: z.ZodType<Json> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(JsonSchema),
      z.record(z.string(), JsonSchema),
    ]),
  )
  .meta({ id: "JsonValue" });

/** One step of an explanation: what was computed, from which inputs, by which rule and legal basis. */
export const ExplanationStepSchema = z.object({
  /** Rule id, `package-id/rule`, e.g. `permenpanrb-6-2022/matrix`. */
  rule: z.string(),
  /** The legal basis of the rule, e.g. "PermenPAN-RB 6/2022 Lampiran II". */
  legalBasis: z.string(),
  /** The key of the step's message in its package's catalogue (`messages`), when the package has one. */
  messageId: z.string().optional(),
  /** The values the message is rendered with, e.g. `{ capaian: 108.33 }`. */
  params: z.record(z.string(), JsonSchema).optional(),
  /** What was computed (absent with `explain: "steps"`). */
  title: LocalizedTextSchema.optional(),
  /** The inputs used (absent with `explain: "steps"` when the step has a `messageId`: its `params` carry the data). */
  inputs: z.record(z.string(), JsonSchema).optional(),
  /** The value computed. */
  output: JsonSchema,
  /** A sentence a person can check by hand (absent with `explain: "steps"`). */
  text: LocalizedTextSchema.optional(),
});
/** An explanation step. */
export type ExplanationStep = z.infer<typeof ExplanationStepSchema>;

/** A warning about a result (not an error: the result stands). */
export const WarningSchema = z.object({
  /** Machine-readable code, e.g. `JUSTIFICATION_MISSING`. */
  code: z.string(),
  /** What it means. */
  message: LocalizedTextSchema,
  /** Where in the case it applies. */
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
/** A warning. */
export type Warning = z.infer<typeof WarningSchema>;

const consequenceBase = {
  /** The legal basis. */
  legalBasis: z.string().optional(),
  /** What it means for a person. */
  label: LocalizedTextSchema.optional(),
};

/** Angka kredit earned for the period (Perban BKN 3/2023). */
export const AngkaKreditConsequenceSchema = z.looseObject({
  kind: z.literal("ANGKA_KREDIT"),
  ...consequenceBase,
  /** The angka kredit earned. */
  value: z.number(),
  /** The percentage of the yearly coefficient for the predikat. */
  percentage: z.number(),
  /** The yearly coefficient of the functional level. */
  coefficient: z.number(),
  /** The months counted. */
  months: z.number(),
});

/** A performance allowance (tambahan penghasilan pegawai). */
export const TppConsequenceSchema = z.looseObject({
  kind: z.literal("TPP"),
  ...consequenceBase,
  /** The amount paid, `null` when no basis amount was given. */
  amount: z.number().nullable(),
  /** The share of the basis paid, in percent. */
  percent: z.number(),
  /** The breakdown (weights, components, deductions). */
  breakdown: z.record(z.string(), z.unknown()).optional(),
});

/** A development action (coaching, training, counselling). */
export const DevelopmentConsequenceSchema = z.looseObject({
  kind: z.literal("DEVELOPMENT"),
  ...consequenceBase,
  /** The action, e.g. `COACHING`. */
  action: z.string(),
});

/** A recognition of an outstanding result. */
export const RecognitionConsequenceSchema = z.looseObject({
  kind: z.literal("RECOGNITION"),
  ...consequenceBase,
});

/** A package's own consequence: its kind is prefixed with the package id, e.g. `tpp-kota-x/BONUS`. */
export const PackageConsequenceSchema = z.looseObject({
  kind: z.templateLiteral([z.string().min(1), "/", z.string().min(1)]),
  ...consequenceBase,
});

/**
 * A consequence of a result, a union discriminated by `kind`: `ANGKA_KREDIT` (value, months, …),
 * `TPP` (amount, percent, breakdown), `DEVELOPMENT` (action), `RECOGNITION`, or a package's own
 * `package-id/KIND`. Each names its legal basis.
 */
export const ConsequenceSchema = z.union([
  z.discriminatedUnion("kind", [
    AngkaKreditConsequenceSchema,
    TppConsequenceSchema,
    DevelopmentConsequenceSchema,
    RecognitionConsequenceSchema,
  ]),
  PackageConsequenceSchema,
]);
/** A consequence; narrow it by `kind`. */
export type Consequence = z.infer<typeof ConsequenceSchema>;

/** Rating and component values a package reports (results rating, behaviour rating, SKP value, …). */
export const RatingsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** The result of evaluating one case. */
export const EvaluationResultSchema = z.object({
  /** The employee's id. */
  employeeId: z.string(),
  /** The case's segment of the employee's year, when the year is split. */
  segment: z.string().optional(),
  /** A grade code on the package's scale (for `permenpanrb-6-2022`, the predikat). */
  grade: z.string(),
  /** A number for numeric schemes (full precision), `null` otherwise. */
  score: z.number().nullable(),
  /** Ratings and component values. */
  ratings: RatingsSchema,
  /** How the result was reached, step by step. */
  explanation: z.array(ExplanationStepSchema),
  /** Consequences (angka kredit, TPP, development). */
  consequences: z.array(ConsequenceSchema),
  /** Warnings. */
  warnings: z.array(WarningSchema),
});
/** Rating and component values: the shape every package's `ratings` has. */
export type Ratings = z.infer<typeof RatingsSchema>;

/**
 * An evaluation result. `TRatings` is the package's own ratings type (its `ratingsSchema`):
 * `evaluate(input, permenpanrb6of2022).ratings.resultRating` is typed
 * `"DI_ATAS_EKSPEKTASI" | "SESUAI_EKSPEKTASI" | "DI_BAWAH_EKSPEKTASI"`; without a typed package it
 * is {@link Ratings}.
 */
export type EvaluationResult<TRatings extends Ratings = Ratings> = Omit<
  z.infer<typeof EvaluationResultSchema>,
  "ratings"
> & {
  /** Ratings and component values, typed by the package. */
  ratings: TRatings;
};

/** A bound of a distribution rule. */
export const BoundSchema = z.object({
  /** AT_MOST or AT_LEAST a share of the employees. */
  kind: z.enum(["AT_MOST", "AT_LEAST"]),
  /** The share, 0–1. */
  share: z.number().min(0).max(1),
  /** The share turned into a head count for this pool, after rounding. */
  count: z.number().int().min(0),
});

/** A violation of a distribution bound: a finding, not a failure. */
export const ViolationSchema = z.object({
  /** Rule id, e.g. `permenpanrb-6-2022/distribution/BAIK/max-baik`. */
  rule: z.string(),
  /** The grade, or the grades counted together. */
  grade: z.union([z.string(), z.array(z.string())]),
  /** The bound. */
  bound: BoundSchema,
  /** What was found. */
  actual: z.object({ count: z.number().int().min(0), share: z.number().min(0).max(1) }),
  /** WARNING or ERROR, by configuration. */
  severity: z.enum(["WARNING", "ERROR"]),
  /** What is wrong, in both languages. */
  message: LocalizedTextSchema,
});
/** A distribution violation. */
export type Violation = z.infer<typeof ViolationSchema>;

/** One proposed grade change of a calibration proposal. */
export const CalibrationChangeSchema = z.object({
  /** The employee. */
  employeeId: z.string(),
  /** Current grade. */
  from: z.string(),
  /** Proposed grade. */
  to: z.string(),
  /** Why this employee (by the evidence, never identity). */
  reason: LocalizedTextSchema,
});
/** A calibration change. */
export type CalibrationChange = z.infer<typeof CalibrationChangeSchema>;

/** A proposal (never applied on its own) of the fewest grade changes that meet the bounds. */
export const CalibrationProposalSchema = z.object({
  /** The proposed changes. */
  changes: z.array(CalibrationChangeSchema),
  /** Whether the changes meet every bound. */
  satisfiesBounds: z.boolean(),
  /** The documented order used to pick employees. */
  order: LocalizedTextSchema,
});
/** A calibration proposal. */
export type CalibrationProposal = z.infer<typeof CalibrationProposalSchema>;

/** The distribution of grades in a pool and its findings. */
export const DistributionSchema = z.object({
  /** Employees per grade (every grade of the scale present, zeros included). */
  counts: z.record(z.string(), z.number().int().min(0)),
  /** Violated bounds; empty when the bounds hold. */
  violations: z.array(ViolationSchema),
  /** A calibration proposal when there are violations and the package makes one. */
  proposal: CalibrationProposalSchema.optional(),
});
/** A distribution. */
export type Distribution = z.infer<typeof DistributionSchema>;

/** A case that could not be evaluated, under `onError: "report"`. */
export const EvaluationFailureSchema = z.object({
  /** The case's index in the batch (0-based). */
  index: z.number().int().min(0),
  /** The employee's id, when the case has a readable one. */
  employeeId: z.string().optional(),
  /** The error, as `KinerjaError.toJSON()` gives it (paths under `cases[index]`). */
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});
/** A failed case. */
export type EvaluationFailure = z.infer<typeof EvaluationFailureSchema>;

/** The response of a stateless evaluation. */
export const EvaluationResponseSchema = z.object({
  /** The package used. */
  rules: z.object({ id: z.string(), version: z.string() }),
  /** One result per evaluated case, in input order (failed cases are in `failures`). */
  results: z.array(EvaluationResultSchema),
  /** Counts and violations. */
  distribution: DistributionSchema,
  /** With `onError: "report"`: the cases that could not be evaluated, with their index. */
  failures: z.array(EvaluationFailureSchema).optional(),
  /** With `onError: "report"`: how many cases were evaluated and how many failed. */
  summary: z.object({ evaluated: z.number().int().min(0), failed: z.number().int().min(0) }).optional(),
});
/** An evaluation response; its results' `ratings` typed by the package (`TRatings`). */
export type EvaluationResponse<TRatings extends Ratings = Ratings> = Omit<
  z.infer<typeof EvaluationResponseSchema>,
  "results"
> & {
  /** One result per evaluated case, in input order (failed cases are in `failures`). */
  results: EvaluationResult<TRatings>[];
};

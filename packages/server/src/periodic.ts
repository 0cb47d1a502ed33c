import {
  EvaluationResultSchema,
  isKinerjaError,
  type KinerjaIssue,
  LocalizedTextSchema,
  OrganisationSchema,
  PeriodSchema,
  parseOrThrow,
  type RulePackageRegistry,
  validationError,
} from "@kinerja/core";
import {
  PERMENPANRB_6_2022_ID,
  PeriodicAggregationSchema,
  permenpanrb6of2022,
  preparePeriodic,
} from "@kinerja/rules-default";
import { z } from "zod";

/**
 * A periodic evaluation request (`kinerja evaluate --periodic`, `POST /v1/evaluate/periodic`):
 * PermenPAN-RB 6/2022 cases whose assessments are given per sub-period (`periods[]`), and a
 * MONTHLY or QUARTERLY period.
 */
export const PeriodicEvaluationRequestSchema = z
  .strictObject({
    /** `permenpanrb-6-2022` (default), optionally with a version range its current version satisfies. */
    rules: z.string().min(1).max(100).optional(),
    /** The package configuration. */
    config: z.record(z.string(), z.unknown()).optional(),
    /** The period, with a MONTHLY or QUARTERLY cadence. */
    period: PeriodSchema,
    /** The unit and its predikat (head-of-unit rule). */
    organisation: OrganisationSchema.optional(),
    /** How the annual predikat follows from the periodic ones: LAST (default, PermenPAN-RB 6/2022), MEDIAN or WORST (U). */
    aggregation: PeriodicAggregationSchema.optional(),
    /** Each case: employee, work plan, realisations with their subPeriod, and `periods: [{ subPeriod, assessments }]`. */
    cases: z.array(z.record(z.string(), z.unknown())).min(1, "give at least one case"),
  })
  .meta({ id: "PeriodicEvaluationRequest" });
/** A periodic evaluation request. */
export type PeriodicEvaluationRequest = z.infer<typeof PeriodicEvaluationRequestSchema>;

/** One employee's periodic results and the annual result that follows from them. */
export const PeriodicEvaluationSchema = z
  .object({
    /** The employee. */
    employeeId: z.string(),
    /** The annual evaluation: the last period's (TW IV/annual) predikat under LAST, with the year's consequences. */
    annual: EvaluationResultSchema,
    /** Every periodic result, in sub-period order. */
    periodic: z.array(
      z.object({ subPeriod: z.string(), label: LocalizedTextSchema, result: EvaluationResultSchema }),
    ),
  })
  .meta({ id: "PeriodicEvaluation" });

/** The response: the package used and one periodic evaluation per case. */
export const PeriodicEvaluationResponseSchema = z
  .object({
    rules: z.object({ id: z.string(), version: z.string() }),
    results: z.array(PeriodicEvaluationSchema),
  })
  .meta({ id: "PeriodicEvaluationResponse" });
/** A periodic evaluation response. */
export type PeriodicEvaluationResponse = z.infer<typeof PeriodicEvaluationResponseSchema>;

/**
 * Evaluates a periodic request with `evaluatePeriodic` of `@kinerja/rules-default` (the current
 * `permenpanrb-6-2022`): VALIDATION_FAILED naming `rules` for another package or a version range
 * the current version does not satisfy, and `cases[i]…` for a bad case.
 */
export function evaluatePeriodicRequest(
  input: unknown,
  registry: RulePackageRegistry,
): PeriodicEvaluationResponse {
  const request = parseOrThrow(PeriodicEvaluationRequestSchema, input);
  const spec = request.rules ?? PERMENPANRB_6_2022_ID;
  const pkg = registry.resolveSpec(spec);
  if (pkg.id !== PERMENPANRB_6_2022_ID || pkg.version !== permenpanrb6of2022.version) {
    throw validationError([
      {
        path: ["rules"],
        message: `periodic evaluations use ${PERMENPANRB_6_2022_ID}@${permenpanrb6of2022.version} (PermenPAN-RB 6/2022 Pasal 5); "${spec}" resolves to ${pkg.id}@${pkg.version}`,
        code: "invalid_value",
      },
    ]);
  }
  // Options parsed, configuration loaded and one evaluator per sub-period prepared once.
  const periodic = optionsChecked(() =>
    preparePeriodic({
      period: request.period,
      ...(request.config === undefined ? {} : { config: request.config }),
      ...(request.organisation === undefined ? {} : { organisation: request.organisation }),
      ...(request.aggregation === undefined ? {} : { aggregation: request.aggregation }),
    }),
  );
  const results = request.cases.map((c, i) => {
    try {
      return periodic.evaluate(c);
    } catch (error) {
      if (!isKinerjaError(error) || error.code !== "VALIDATION_FAILED") throw error;
      const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
      // Options belong to the request (period, config, organisation), the rest to the case.
      throw validationError(
        issues.map((issue) =>
          issue.path[0] === "options"
            ? { ...issue, path: issue.path.slice(1) }
            : { ...issue, path: ["cases", i, ...issue.path] },
        ),
        { cause: error },
      );
    }
  });
  return { rules: { id: pkg.id, version: pkg.version }, results };
}

/** Runs `prepare`, naming a bad option by its path in the request (`period.cadence`, `config.…`). */
function optionsChecked<T>(prepare: () => T): T {
  try {
    return prepare();
  } catch (error) {
    if (!isKinerjaError(error) || error.code !== "VALIDATION_FAILED") throw error;
    const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
    throw validationError(
      issues.map((issue) => (issue.path[0] === "options" ? { ...issue, path: issue.path.slice(1) } : issue)),
      { cause: error },
    );
  }
}

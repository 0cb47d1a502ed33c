import { z } from "zod";
import { KinerjaError, type KinerjaIssue, parseOrThrow, validationError } from "./errors";
import {
  type Distribution,
  type EvaluationCase,
  EvaluationCaseSchema,
  type EvaluationRequest,
  EvaluationRequestSchema,
  type EvaluationResponse,
  type EvaluationResult,
} from "./evaluation";
import { type Organisation, OrganisationSchema } from "./organisation";
import { type Period, PeriodSchema } from "./period";
import type { RulePackageRegistry } from "./registry";
import {
  type AnyRulePackage,
  type EvaluationContext,
  isLoadedRulePackage,
  type LoadedRulePackage,
  loadRulePackage,
} from "./rule-package";
import { checkWorkPlan } from "./work-plan-check";

type PackageOrLoaded = AnyRulePackage | LoadedRulePackage;

function isRulePackage(value: unknown): value is AnyRulePackage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kinerja.rule-package"
  );
}

function loaded(pkg: PackageOrLoaded, config?: unknown): LoadedRulePackage {
  if (!isRulePackage(pkg) && !isLoadedRulePackage(pkg)) {
    throw validationError([
      {
        path: ["rules"],
        message: "expected a rule package (from defineRulePackage) or a loaded one (from loadRulePackage)",
        code: "invalid_type",
      },
    ]);
  }
  if (isLoadedRulePackage(pkg)) {
    return config === undefined ? pkg : loadRulePackage(pkg.package, config);
  }
  return loadRulePackage(pkg, config);
}

/**
 * The problems of a parsed case: those of its work plan and realisations, by the same
 * {@link checkWorkPlan} a service runs when plans are written (paths under `workPlan`, or
 * `realizations`), then assessment sources the package does not know.
 */
function consistencyIssues(
  c: EvaluationCase,
  pkg: AnyRulePackage,
  period: Period | undefined,
): KinerjaIssue[] {
  const issues: KinerjaIssue[] = checkWorkPlan(c.workPlan, {
    realizations: c.realizations,
    ...(period ? { period } : {}),
  }).map((problem) => ({
    ...problem,
    path: problem.path[0] === "realizations" ? problem.path : ["workPlan", ...problem.path],
  }));
  c.assessments.forEach((a, i) => {
    if (!pkg.sources.includes(a.source)) {
      issues.push({
        path: ["assessments", i, "source"],
        message: `unknown source "${a.source}"; expected one of ${pkg.sources.join(", ")}`,
        code: "invalid_value",
      });
    }
  });
  return issues;
}

/**
 * Validates a case for a package: the package's case schema (or the core's), then the work plan
 * and realisations by {@link checkWorkPlan}, and the sources. Throws VALIDATION_FAILED naming the field path under `prefix`.
 */
export function parseCase(
  input: unknown,
  pkg: AnyRulePackage,
  options: { prefix?: readonly PropertyKey[]; period?: Period } = {},
): EvaluationCase {
  const schema: z.ZodType<EvaluationCase, unknown> = pkg.caseSchema ?? EvaluationCaseSchema;
  const parsed = parseOrThrow(schema, input, options.prefix ? { prefix: options.prefix } : {});
  const issues = consistencyIssues(parsed, pkg, parsed.period ?? options.period);
  if (issues.length > 0) throw validationError(issues, options.prefix ? { prefix: options.prefix } : {});
  return parsed;
}

/** The context a caller may give: a period (cadence ANNUAL when absent) and an organisation. */
const ContextSchema = z.object({
  period: PeriodSchema.optional(),
  organisation: OrganisationSchema.optional(),
});

/**
 * The validated context with only the fields that are set (options objects carry others, e.g.
 * `config`): a period without cadence gets ANNUAL, a period ending before it starts or an
 * unknown organisation predikat is VALIDATION_FAILED naming `period.end` or `organisation.predikat`.
 */
function contextOf(options: { period?: unknown; organisation?: unknown }): EvaluationContext {
  if (typeof options !== "object" || options === null) {
    throw validationError([
      { path: [], message: "expected an object with period and organisation", code: "invalid_type" },
    ]);
  }
  const parsed = parseOrThrow(ContextSchema, { period: options.period, organisation: options.organisation });
  return {
    ...(parsed.period ? { period: parsed.period } : {}),
    ...(parsed.organisation ? { organisation: parsed.organisation } : {}),
  };
}

function withPeriod(context: EvaluationContext, period: Period | undefined): EvaluationContext {
  return period === undefined || period === context.period ? context : { ...context, period };
}

/** Whether a value can be iterated with `for await`; otherwise VALIDATION_FAILED on `cases`. */
function checkIterable(cases: unknown): void {
  const ok =
    typeof cases === "object" &&
    cases !== null &&
    (Symbol.iterator in cases || Symbol.asyncIterator in cases);
  if (!ok) {
    throw validationError([
      {
        path: ["cases"],
        message: "expected an array, an iterable or an async iterable of cases",
        code: "invalid_type",
      },
    ]);
  }
}

function run(
  input: unknown,
  lp: LoadedRulePackage,
  context: EvaluationContext,
  prefix?: readonly PropertyKey[],
): EvaluationResult {
  const pkg = lp.package;
  const c = parseCase(input, pkg, {
    ...(prefix ? { prefix } : {}),
    ...(context.period ? { period: context.period } : {}),
  });
  const ctx = withPeriod(context, c.period ?? context.period);
  let outcome: ReturnType<AnyRulePackage["evaluate"]>;
  try {
    outcome = pkg.evaluate(c, lp.config, ctx);
  } catch (error) {
    if (error instanceof KinerjaError && error.code === "VALIDATION_FAILED" && prefix) {
      const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
      throw validationError(issues.length > 0 ? issues : [{ path: [], message: error.message }], {
        prefix,
        cause: error,
      });
    }
    throw error;
  }
  if (!pkg.grades.some((g: { code: string }) => g.code === outcome.grade)) {
    throw new KinerjaError(
      "RULE_PACKAGE_INVALID",
      `rule package ${pkg.id} returned grade "${outcome.grade}", which is not on its scale`,
      {
        details: { grade: outcome.grade },
      },
    );
  }
  const result: EvaluationResult = {
    employeeId: c.employee.id,
    grade: outcome.grade,
    score: outcome.score,
    ratings: outcome.ratings,
    explanation: outcome.explanation,
    consequences: [],
    warnings: outcome.warnings ?? [],
  };
  if (pkg.consequences) result.consequences = pkg.consequences(result, c, lp.config, ctx);
  return result;
}

/**
 * Evaluates one case with a rule package: validates it (VALIDATION_FAILED naming the field),
 * applies the package and its consequences, and returns the result with its explanation.
 *
 * @param input The case, as received (validated here).
 * @param pkg A package, or a package loaded with {@link loadRulePackage} (its config parsed once).
 * @param config The package's configuration, when not loaded; defaults apply.
 * @param context The period and organisation.
 */
export function evaluate(
  input: unknown,
  pkg: PackageOrLoaded,
  config?: unknown,
  context: EvaluationContext = {},
): EvaluationResult {
  return run(input, loaded(pkg, config), contextOf(context));
}

/** Options for {@link evaluateMany}. */
export interface EvaluateManyOptions extends EvaluationContext {
  /** The package's configuration, when not loaded. */
  config?: unknown;
  /** Called after each case with the number done so far (for progress reports). */
  onProgress?: (done: number) => void;
}

/**
 * Evaluates cases one at a time from an array, iterable or async iterable, yielding each
 * result as it is ready: memory stays constant whatever the number of cases. An invalid case
 * throws VALIDATION_FAILED with its index in the path (`cases[41].employee.id`).
 */
export async function* evaluateMany(
  cases: Iterable<unknown> | AsyncIterable<unknown>,
  pkg: PackageOrLoaded,
  options: EvaluateManyOptions = {},
): AsyncGenerator<EvaluationResult, void, undefined> {
  const lp = loaded(pkg, options.config);
  const context = contextOf(options);
  checkIterable(cases);
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw validationError([{ path: ["onProgress"], message: "expected a function", code: "invalid_type" }]);
  }
  let index = 0;
  for await (const input of cases) {
    yield run(input, lp, context, ["cases", index]);
    index += 1;
    options.onProgress?.(index);
  }
}

/** Counts results per grade, every grade of the scale present. */
export function countGrades(
  results: Iterable<Pick<EvaluationResult, "grade">>,
  pkg: Pick<AnyRulePackage, "grades">,
): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(pkg.grades.map((g) => [g.code, 0]));
  for (const r of results) counts[r.grade] = (counts[r.grade] ?? 0) + 1;
  return counts;
}

/**
 * The package's distribution check for a pool of results (counts, violations, calibration
 * proposal); only counts when the package has no `distribute` or no organisation is given.
 */
export function distribute(
  results: readonly EvaluationResult[],
  organisation: Organisation | undefined,
  pkg: PackageOrLoaded,
  config?: unknown,
): Distribution {
  const lp = loaded(pkg, config);
  const ctx = contextOf({ organisation });
  if (!Array.isArray(results)) {
    throw validationError([
      { path: ["results"], message: "expected an array of results", code: "invalid_type" },
    ]);
  }
  results.forEach((r: unknown, i) => {
    const grade = (r as { grade?: unknown } | null)?.grade;
    if (typeof grade !== "string" || !lp.package.grades.some((g: { code: string }) => g.code === grade)) {
      throw validationError([
        {
          path: ["results", i, "grade"],
          message: `expected a grade of ${lp.package.id} (${lp.package.grades.map((g: { code: string }) => g.code).join(", ")})`,
          code: "invalid_value",
        },
      ]);
    }
  });
  if (ctx.organisation && lp.package.distribute)
    return lp.package.distribute(results, ctx.organisation, lp.config);
  return { counts: countGrades(results, lp.package), violations: [] };
}

/**
 * Evaluates the cases of one organisation and adds the package's distribution check.
 *
 * @example
 * const { results, distribution } = evaluateOrganisation(cases, { id: "disdik", predikat: "BAIK" }, pkg);
 */
export function evaluateOrganisation(
  cases: Iterable<unknown>,
  organisation: Organisation,
  pkg: PackageOrLoaded,
  config?: unknown,
  context: Omit<EvaluationContext, "organisation"> = {},
): EvaluationResponse {
  const lp = loaded(pkg, config);
  if (organisation === undefined) {
    throw validationError([
      {
        path: ["organisation"],
        message: "an organisation with its predikat is required",
        code: "invalid_type",
      },
    ]);
  }
  const ctx = contextOf({ ...context, organisation });
  checkIterable(cases);
  const results: EvaluationResult[] = [];
  let index = 0;
  for (const input of cases) {
    results.push(run(input, lp, ctx, ["cases", index]));
    index += 1;
  }
  return {
    rules: { id: lp.package.id, version: lp.package.version },
    results,
    distribution: distribute(results, ctx.organisation, lp),
  };
}

/**
 * Runs a stateless evaluation request (the contract of `kinerja evaluate` and
 * `POST /v1/evaluate`): resolves the package from the registry, parses its configuration,
 * evaluates every case and checks the distribution.
 */
export function evaluateRequest(request: unknown, registry: RulePackageRegistry): EvaluationResponse {
  const req: EvaluationRequest = parseOrThrow(EvaluationRequestSchema, request);
  const pkg = registry.resolveSpec(req.rules);
  const lp = loadRulePackage(pkg, req.config);
  const context = contextOf(req);
  const results = req.cases.map((c, i) => run(c, lp, context, ["cases", i]));
  return {
    rules: { id: pkg.id, version: pkg.version },
    results,
    distribution: distribute(results, req.organisation, lp),
  };
}

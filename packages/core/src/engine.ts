import type { z } from "zod";
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
import type { Organisation } from "./organisation";
import type { Period } from "./period";
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

function loaded(pkg: PackageOrLoaded, config?: unknown): LoadedRulePackage {
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

/** The context with only the fields that are set (options objects carry others, e.g. `config`). */
function contextOf(
  options: { period?: Period | undefined; organisation?: Organisation | undefined },
  period = options.period,
): EvaluationContext {
  return {
    ...(period ? { period } : {}),
    ...(options.organisation ? { organisation: options.organisation } : {}),
  };
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
  const ctx = contextOf(context, c.period ?? context.period);
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
  return run(input, loaded(pkg, config), context);
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
  if (organisation && lp.package.distribute) return lp.package.distribute(results, organisation, lp.config);
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
  const ctx = { ...contextOf(context), organisation };
  const results: EvaluationResult[] = [];
  let index = 0;
  for (const input of cases) {
    results.push(run(input, lp, ctx, ["cases", index]));
    index += 1;
  }
  return {
    rules: { id: lp.package.id, version: lp.package.version },
    results,
    distribution: distribute(results, organisation, lp),
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

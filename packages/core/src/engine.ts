import { z } from "zod";
import { isKinerjaError, KinerjaError, type KinerjaIssue, parseOrThrow, validationError } from "./errors";
import {
  type Consequence,
  ConsequenceSchema,
  type Distribution,
  type EvaluationCase,
  EvaluationCaseSchema,
  type EvaluationFailure,
  type EvaluationRequest,
  EvaluationRequestSchema,
  type EvaluationResponse,
  type EvaluationResult,
  type ExplainLevel,
  ExplainLevelSchema,
  type ExplanationStep,
  type OnError,
  OnErrorSchema,
} from "./evaluation";
import { type MessageCatalogue, missingMessages, renderStep } from "./explanation";
import { compiledSchema } from "./fast-validate";
import { type Organisation, OrganisationSchema } from "./organisation";
import { type Period, type PeriodFacts, type PeriodInput, PeriodSchema, periodFacts } from "./period";
import type { RulePackageRegistry } from "./registry";
import {
  type AnyRulePackage,
  type EvaluationContext,
  isLoadedRulePackage,
  type LoadedRulePackage,
  loadRulePackage,
  type RatingsOf,
} from "./rule-package";
import { type CheckWorkPlanOptions, checkWorkPlan } from "./work-plan-check";

/**
 * What every entry point is given besides its data and its rules: the package configuration,
 * the period, the organisation and how much explanation to return.
 */
export interface EvaluationOptions {
  /** The package's configuration (validated by its schema, defaults applied); ignored for a prepared evaluator. */
  config?: unknown;
  /** The period evaluated (cadence ANNUAL when absent); a case's own period wins. */
  period?: PeriodInput | undefined;
  /** The organisation and its predikat (distribution checks, head-of-unit rule). */
  organisation?: Organisation | undefined;
  /**
   * `full` (default): every step with its title and text; `steps`: the steps without their text
   * (rule, legal basis, inputs, output); `none`: no explanation.
   */
  explain?: ExplainLevel;
}

/** Options of the batch entry points. */
export interface BatchOptions extends EvaluationOptions {
  /**
   * `fail` (default): the first bad case throws, naming `cases[i]`. `report`: a bad case yields
   * an {@link EvaluationFailure} with its index, employee id and error, and the run continues.
   */
  onError?: OnError;
}

/** Options for {@link evaluateMany}. */
export interface EvaluateManyOptions extends BatchOptions {
  /** Called after each case with the number done so far (for progress reports). */
  onProgress?: (done: number) => void;
}

/**
 * A package prepared for many cases: configuration parsed, context validated and the period's
 * facts (sub-periods, whole months) computed once. Every entry point accepts one in place of a
 * package; {@link prepareEvaluator} makes it.
 */
export interface PreparedEvaluator<TPackage extends AnyRulePackage = AnyRulePackage> {
  /** The package. */
  readonly package: TPackage;
  /** The parsed configuration. */
  readonly config: LoadedRulePackage<TPackage>["config"];
  /** The validated context (period with cadence, organisation). */
  readonly context: EvaluationContext;
  /** How much explanation results carry. */
  readonly explain: ExplainLevel;
  /**
   * Evaluates one case; a validation error names its path under `cases[index]` when an index is
   * given.
   */
  evaluate(input: unknown, index?: number): EvaluationResult<RatingsOf<TPackage>>;
  /** Brand. @internal */
  readonly kind: "kinerja.prepared-evaluator";
}

/** A package, a loaded package (config parsed) or a prepared evaluator: what every entry point takes. */
export type Rules = AnyRulePackage | LoadedRulePackage | PreparedEvaluator;

function isRulePackage(value: unknown): value is AnyRulePackage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kinerja.rule-package"
  );
}

/** Whether a value is a {@link PreparedEvaluator}. */
export function isPreparedEvaluator(value: unknown): value is PreparedEvaluator {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kinerja.prepared-evaluator"
  );
}

function loaded(pkg: AnyRulePackage | LoadedRulePackage, config?: unknown): LoadedRulePackage {
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
  facts: PeriodFacts | undefined,
): KinerjaIssue[] {
  const options: CheckWorkPlanOptions = { realizations: c.realizations };
  if (period) options.period = period;
  if (facts && facts.period === period) options.subPeriodKeys = facts.subPeriodKeys;
  const problems = checkWorkPlan(c.workPlan, options);
  const issues: KinerjaIssue[] =
    problems.length === 0
      ? []
      : problems.map((problem) => ({
          ...problem,
          path: problem.path[0] === "realizations" ? problem.path : ["workPlan", ...problem.path],
        }));
  for (let i = 0; i < c.assessments.length; i += 1) {
    const a = c.assessments[i] as EvaluationCase["assessments"][number];
    if (!pkg.sources.includes(a.source)) {
      issues.push({
        path: ["assessments", i, "source"],
        message: `unknown source "${a.source}"; expected one of ${pkg.sources.join(", ")}`,
        code: "invalid_value",
      });
    }
  }
  return issues;
}

/** The path prefix of case `at` of a batch (`cases[at]`), or the prefix given. */
const prefixOf = (at: readonly PropertyKey[] | number | undefined): readonly PropertyKey[] | undefined =>
  typeof at === "number" ? ["cases", at] : at;

function parseWith(
  input: unknown,
  pkg: AnyRulePackage,
  at: readonly PropertyKey[] | number | undefined,
  period: Period | undefined,
  facts: PeriodFacts | undefined,
): EvaluationCase {
  const schema: z.ZodType<EvaluationCase, unknown> = pkg.caseSchema ?? EvaluationCaseSchema;
  const parsed = compiledSchema(schema).safeParse(input);
  if (!parsed.success) {
    const prefix = prefixOf(at);
    throw validationError(parsed.error.issues, { ...(prefix ? { prefix } : {}), cause: parsed.error });
  }
  const c = parsed.data;
  const issues = consistencyIssues(c, pkg, c.period ?? period, facts);
  if (issues.length > 0) {
    const prefix = prefixOf(at);
    throw validationError(issues, prefix ? { prefix } : {});
  }
  return c;
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
  return parseWith(input, pkg, options.prefix, options.period, undefined);
}

/** The context a caller may give: a period (cadence ANNUAL when absent) and an organisation. */
const ContextSchema = z.object({
  period: PeriodSchema.optional(),
  organisation: OrganisationSchema.optional(),
  explain: ExplainLevelSchema.default("full"),
  onError: OnErrorSchema.default("fail"),
});

/**
 * The validated options: a period without cadence gets ANNUAL, a period ending before it starts,
 * an unknown organisation predikat or explain level is VALIDATION_FAILED naming
 * `period.end`, `organisation.predikat` or `explain`.
 */
/** Every key an entry point's options may have: anything else is a mistake (e.g. a configuration passed without `config`). */
const OPTION_KEYS: readonly string[] = [
  "config",
  "period",
  "organisation",
  "explain",
  "onError",
  "onProgress",
];

function parseOptions(options: unknown): z.output<typeof ContextSchema> {
  if (typeof options !== "object" || options === null) {
    throw validationError([
      {
        path: [],
        message: "expected an options object ({ config, period, organisation })",
        code: "invalid_type",
      },
    ]);
  }
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).filter((key) => !OPTION_KEYS.includes(key));
  if (unknown.length > 0) {
    throw validationError(
      unknown.map((key) => ({
        path: [key],
        message: `unknown option; the options are ${OPTION_KEYS.join(", ")} (a package's configuration goes under "config")`,
        code: "unrecognized_keys",
      })),
    );
  }
  return parseOrThrow(ContextSchema, {
    period: o.period,
    organisation: o.organisation,
    explain: o.explain,
    onError: o.onError,
  });
}

/** Whether a value can be iterated with `for await`; otherwise VALIDATION_FAILED on `cases`. */
function checkIterable(cases: unknown, path: string): void {
  const ok =
    typeof cases === "object" &&
    cases !== null &&
    (Symbol.iterator in cases || Symbol.asyncIterator in cases);
  if (!ok) {
    throw validationError([
      {
        path: [path],
        message: `expected an array, an iterable or an async iterable of ${path}`,
        code: "invalid_type",
      },
    ]);
  }
}

/**
 * A step's data (`explain: "steps"`): rule, legal basis, message key and params, output. A
 * catalogued step drops its `inputs` (its params are what the text is rendered from, and the
 * inputs mostly repeat them: a third of a steps result); a step without a message keeps them.
 */
function dataOf(step: ExplanationStep): ExplanationStep {
  const { rule, legalBasis, messageId, params, inputs, output } = step;
  if (messageId === undefined) {
    return params === undefined
      ? { rule, legalBasis, inputs, output }
      : { rule, legalBasis, params, inputs, output };
  }
  return params === undefined
    ? { rule, legalBasis, messageId, output }
    : { rule, legalBasis, messageId, params, output };
}

/**
 * The explanation at the asked level: `full` renders catalogue messages into titles and texts
 * (a step whose message is missing is RULE_PACKAGE_INVALID), `steps` keeps the data only (rule,
 * legal basis, message key and params, inputs, output), `none` drops it.
 */
function explanationAt(
  result: EvaluationResult,
  explain: ExplainLevel,
  pkg: AnyRulePackage,
  checked: Set<string>,
): EvaluationResult {
  if (explain === "none") {
    // The result is this evaluation's own object: its explanation is replaced in place.
    result.explanation = [];
    return result;
  }
  if (explain === "steps") {
    const steps = result.explanation;
    const kept: ExplanationStep[] = new Array(steps.length);
    for (let i = 0; i < steps.length; i += 1) kept[i] = dataOf(steps[i] as ExplanationStep);
    result.explanation = kept;
    return result;
  }
  const catalogue: MessageCatalogue | undefined = pkg.messages;
  if (!result.explanation.some((s) => s.messageId !== undefined && s.text === undefined)) return result;
  result.explanation = result.explanation.map((step) => {
    if (step.messageId === undefined || step.text !== undefined) return step;
    if (checked.has(step.messageId)) return renderStep(step, catalogue);
    const missing = catalogue ? missingMessages(catalogue, step.messageId) : ["messages"];
    if (missing.length > 0) {
      throw new KinerjaError(
        "RULE_PACKAGE_INVALID",
        `rule package ${pkg.id}: step ${step.rule} uses message "${step.messageId}", missing ${missing.join(", ")}`,
        { details: { messageId: step.messageId, missing } },
      );
    }
    checked.add(step.messageId);
    return renderStep(step, catalogue);
  });
  return result;
}

/**
 * Prepares a package for many cases: parses its configuration, validates the period and the
 * organisation, and computes the period's facts (sub-periods, whole months) once. Every entry
 * point uses one; prepare it yourself to evaluate many batches of the same context.
 *
 * @example
 * const evaluator = prepareEvaluator(permenpanrb6of2022, { period: { start: "2026-01-01", end: "2026-12-31" } });
 * const results = cases.map((c, i) => evaluator.evaluate(c, i));
 */
export function prepareEvaluator<TPackage extends AnyRulePackage>(
  rules: TPackage | LoadedRulePackage<TPackage>,
  options: EvaluationOptions = {},
): PreparedEvaluator<TPackage> {
  if (!isRulePackage(rules) && !isLoadedRulePackage(rules)) {
    throw validationError([
      {
        path: ["rules"],
        message:
          "expected a rule package (defineRulePackage), a loaded one (loadRulePackage) or a prepared evaluator",
        code: "invalid_type",
      },
    ]);
  }
  const parsed = parseOptions(options);
  const lp = loaded(rules, options.config) as LoadedRulePackage<TPackage>;
  const pkg = lp.package;
  const context: EvaluationContext = {
    ...(parsed.period ? { period: parsed.period, facts: periodFacts(parsed.period) } : {}),
    ...(parsed.organisation ? { organisation: parsed.organisation } : {}),
  };
  const explain = parsed.explain;
  // What packages are given: the context and the explanation level (a package skips the steps
  // the engine would drop).
  const shared: EvaluationContext = { ...context, explain };
  // The facts of the periods cases bring themselves, computed once per distinct period.
  const own = new Map<string, EvaluationContext>();
  const sharedKey = context.period
    ? `${context.period.start}/${context.period.end}/${context.period.cadence}`
    : undefined;
  const contextFor = (period: Period | undefined): EvaluationContext => {
    if (period === undefined || period === context.period) return shared;
    const key = `${period.start}/${period.end}/${period.cadence}`;
    if (key === sharedKey) return shared;
    let ctx = own.get(key);
    if (ctx === undefined) {
      ctx = { ...shared, period, facts: periodFacts(period) };
      if (own.size < 64) own.set(key, ctx);
    }
    return ctx;
  };
  const grades = new Set(pkg.grades.map((g: { code: string }) => g.code));
  // The message keys found in the package's catalogue: each is looked up once, not once a case.
  const checked = new Set<string>();
  // Frozen consequences (with frozen labels) this package returned and that were found valid:
  // packages share them between results, so each is checked once a batch.
  const validConsequences = new WeakSet<object>();
  return {
    package: pkg,
    config: lp.config,
    context,
    explain,
    kind: "kinerja.prepared-evaluator",
    evaluate(input, index) {
      const c = parseWith(input, pkg, index, context.period, context.facts);
      const ctx = contextFor(c.period);
      let outcome: ReturnType<AnyRulePackage["evaluate"]>;
      try {
        outcome = pkg.evaluate(c, lp.config, ctx);
      } catch (error) {
        if (isKinerjaError(error) && error.code === "VALIDATION_FAILED" && index !== undefined) {
          const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
          throw validationError(issues.length > 0 ? issues : [{ path: [], message: error.message }], {
            prefix: ["cases", index],
            cause: error,
          });
        }
        throw error;
      }
      if (!grades.has(outcome.grade)) {
        throw new KinerjaError(
          "RULE_PACKAGE_INVALID",
          `rule package ${pkg.id} returned grade "${outcome.grade}", which is not on its scale`,
          { details: { grade: outcome.grade } },
        );
      }
      // Built key by key in the order of the contract (a spread per case costs more).
      const result: EvaluationResult =
        c.segment === undefined
          ? {
              employeeId: c.employee.id,
              grade: outcome.grade,
              score: outcome.score,
              ratings: outcome.ratings,
              explanation: outcome.explanation,
              consequences: [],
              warnings: outcome.warnings ?? [],
            }
          : {
              employeeId: c.employee.id,
              segment: c.segment,
              grade: outcome.grade,
              score: outcome.score,
              ratings: outcome.ratings,
              explanation: outcome.explanation,
              consequences: [],
              warnings: outcome.warnings ?? [],
            };
      if (pkg.consequences) {
        result.consequences = pkg.consequences(result, c, lp.config, ctx);
        const consequences = result.consequences;
        for (let i = 0; i < consequences.length; i += 1) {
          const consequence = consequences[i] as Consequence;
          // A frozen consequence checked once is not checked again (packages share them).
          if (validConsequences.has(consequence)) continue;
          const checked = ConsequenceSchema.safeParse(consequence);
          if (!checked.success) {
            const issue = checked.error.issues[0];
            throw new KinerjaError(
              "RULE_PACKAGE_INVALID",
              `rule package ${pkg.id} returned consequence ${i} of kind "${String(consequence.kind)}" that is not a known kind with its fields (${issue?.path.join(".") || "kind"}: ${issue?.message ?? "invalid"}); a package's own kinds are spelled "${pkg.id}/KIND"`,
              { details: { consequence: i, issues: checked.error.issues } },
            );
          }
          const kind = String(consequence.kind);
          if (kind.includes("/") && !kind.startsWith(`${pkg.id}/`)) {
            throw new KinerjaError(
              "RULE_PACKAGE_INVALID",
              `rule package ${pkg.id} returned consequence ${i} of kind "${kind}", another package's kind; its own kinds are spelled "${pkg.id}/KIND"`,
              { details: { consequence: i } },
            );
          }
          if (Object.isFrozen(consequence) && Object.isFrozen(consequence.label ?? consequence)) {
            validConsequences.add(consequence);
          }
        }
      }
      // The package's own outcome: its ratings are of its ratingsSchema's type.
      return explanationAt(result, explain, pkg, checked) as EvaluationResult<RatingsOf<TPackage>>;
    },
  };
}

/**
 * The evaluator for `rules` and `options`: a prepared evaluator as it is (its options win;
 * passing other context is VALIDATION_FAILED), otherwise a new one.
 */
function evaluatorOf(rules: Rules, options: EvaluationOptions): PreparedEvaluator {
  if (!isPreparedEvaluator(rules)) return prepareEvaluator(rules, options);
  const extra = (["config", "period", "organisation", "explain"] as const).filter(
    (k) => options[k] !== undefined,
  );
  if (extra.length > 0) {
    throw validationError(
      extra.map((k) => ({
        path: [k],
        message: "already fixed by the prepared evaluator; prepare another one to change it",
        code: "unrecognized_keys",
      })),
    );
  }
  return rules;
}

/**
 * Evaluates one case with a rule package: validates it (VALIDATION_FAILED naming the field),
 * applies the package and its consequences, and returns the result with its explanation.
 *
 * @param input The case, as received (validated here).
 * @param rules A package, a loaded package or a prepared evaluator.
 * @param options The configuration, period, organisation and explanation level.
 * @example
 * const result = evaluate(input, permenpanrb6of2022, { config: {}, period: { start: "2026-01-01", end: "2026-12-31" } });
 */
export function evaluate<R extends Rules>(
  input: unknown,
  rules: R,
  options: EvaluationOptions = {},
): EvaluationResult<RatingsOf<R>> {
  return evaluatorOf(rules, options).evaluate(input) as EvaluationResult<RatingsOf<R>>;
}

/** The failure of one case under `onError: "report"`: its index, employee id if readable, and the error. */
function failureOf(input: unknown, index: number, error: unknown): EvaluationFailure {
  if (!isKinerjaError(error) || error.code !== "VALIDATION_FAILED") throw error;
  const employee = (input as { employee?: { id?: unknown } } | null | undefined)?.employee;
  const id = typeof employee?.id === "string" ? employee.id : undefined;
  return {
    index,
    ...(id === undefined ? {} : { employeeId: id }),
    error: { code: error.code, message: error.message, details: error.details },
  };
}

/**
 * Evaluates cases one at a time from an array, iterable or async iterable, yielding each
 * result as it is ready: memory stays constant whatever the number of cases. An invalid case
 * throws VALIDATION_FAILED with its index in the path (`cases[41].employee.id`), or, with
 * `onError: "report"`, yields an {@link EvaluationFailure} and goes on.
 */
export function evaluateMany<R extends Rules>(
  cases: Iterable<unknown> | AsyncIterable<unknown>,
  rules: R,
  options: EvaluateManyOptions & { onError: "report" },
): AsyncGenerator<EvaluationResult<RatingsOf<R>> | EvaluationFailure, void, undefined>;
export function evaluateMany<R extends Rules>(
  cases: Iterable<unknown> | AsyncIterable<unknown>,
  rules: R,
  options?: EvaluateManyOptions & { onError?: "fail" },
): AsyncGenerator<EvaluationResult<RatingsOf<R>>, void, undefined>;
export function evaluateMany<R extends Rules>(
  cases: Iterable<unknown> | AsyncIterable<unknown>,
  rules: R,
  options?: EvaluateManyOptions,
): AsyncGenerator<EvaluationResult<RatingsOf<R>> | EvaluationFailure, void, undefined>;
export async function* evaluateMany(
  cases: Iterable<unknown> | AsyncIterable<unknown>,
  rules: Rules,
  options: EvaluateManyOptions = {},
): AsyncGenerator<EvaluationResult | EvaluationFailure, void, undefined> {
  const { onProgress, onError, ...rest } = options;
  const evaluator = evaluatorOf(rules, rest);
  const report = parseOptions({ onError }).onError === "report";
  checkIterable(cases, "cases");
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw validationError([{ path: ["onProgress"], message: "expected a function", code: "invalid_type" }]);
  }
  // Evaluated inside the try, yielded outside it: an error thrown into the generator by its
  // consumer is not reported as this case's failure.
  const one = (input: unknown, index: number): EvaluationResult | EvaluationFailure => {
    if (!report) return evaluator.evaluate(input, index);
    try {
      return evaluator.evaluate(input, index);
    } catch (error) {
      return failureOf(input, index, error);
    }
  };
  let index = 0;
  if (!(Symbol.asyncIterator in cases)) {
    // A plain iterable (an array) is read as it is: `for await` would wait a turn for every
    // case; only a case that is a promise is awaited, as `for await` does.
    for (const item of cases) {
      const input = typeof (item as { then?: unknown } | null)?.then === "function" ? await item : item;
      yield one(input, index);
      index += 1;
      onProgress?.(index);
    }
    return;
  }
  for await (const input of cases) {
    yield one(input, index);
    index += 1;
    onProgress?.(index);
  }
}

/** Whether an item of a batch is an {@link EvaluationFailure} (`onError: "report"`). */
export function isEvaluationFailure<T extends EvaluationResult>(
  value: T | EvaluationFailure,
): value is EvaluationFailure {
  return "error" in value && "index" in value;
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
 * The results a distribution counts: one per employee. Two results of the same employee are an
 * error naming both indexes, unless both are segments of one employee's year (each with its own
 * `segment`, e.g. before and after a mid-year promotion): then the last segment given counts.
 */
export function poolOf<T extends Pick<EvaluationResult, "employeeId" | "segment">>(
  results: readonly T[],
  path = "results",
): T[] {
  const n = results.length;
  if (n < 2) return results as T[];
  // Results with the same employee id are found by sorting (hash of the id, index) packed into
  // one number: one native sort of a typed array instead of a map entry per employee.
  const indexBits = Math.ceil(Math.log2(n));
  const hashBits = Math.min(32, 53 - indexBits);
  const indexSpan = 2 ** indexBits;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const id = (results[i] as T).employeeId;
    let h = 0x811c9dc5;
    for (let c = 0; c < id.length; c += 1) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
    keys[i] = Math.floor((h >>> 0) / 2 ** (32 - hashBits)) * indexSpan + i;
  }
  keys.sort();
  let dropped: Uint8Array | undefined;
  const issues: { index: number; issue: KinerjaIssue }[] = [];
  let start = 0;
  while (start < n) {
    const hash = Math.floor((keys[start] as number) / indexSpan);
    let end = start + 1;
    while (end < n && Math.floor((keys[end] as number) / indexSpan) === hash) end += 1;
    if (end - start > 1) {
      // Same hash, in input order: the same employee (or, rarely, a hash collision).
      const kept = new Map<string, number>();
      for (let k = start; k < end; k += 1) {
        const i = (keys[k] as number) % indexSpan;
        const r = results[i] as T;
        const at = kept.get(r.employeeId);
        if (at === undefined) {
          kept.set(r.employeeId, i);
          continue;
        }
        const other = results[at] as T;
        if (r.segment === undefined || other.segment === undefined) {
          issues.push({
            index: i,
            issue: {
              path: [path, i, "employee", "id"],
              message: `employee "${r.employeeId}" is also ${path}[${at}]; an employee is counted once in a pool (give each part of a split year its own "segment")`,
              code: "DUPLICATE_EMPLOYEE",
            },
          });
        } else if (other.segment === r.segment) {
          issues.push({
            index: i,
            issue: {
              path: [path, i, "segment"],
              message: `segment "${r.segment}" of employee "${r.employeeId}" is given twice (also ${path}[${at}])`,
              code: "DUPLICATE_EMPLOYEE",
            },
          });
        } else {
          dropped ??= new Uint8Array(n);
          dropped[at] = 1;
          kept.set(r.employeeId, i);
        }
      }
    }
    start = end;
  }
  if (issues.length > 0) throw validationError(issues.sort((a, b) => a.index - b.index).map((x) => x.issue));
  if (dropped === undefined) return results as T[];
  const out = dropped;
  return results.filter((_, i) => out[i] === 0);
}

/**
 * The package's distribution check for a pool of results (counts, violations, calibration
 * proposal); only counts when the package has no `distribute` or no organisation is given. Each
 * employee counts once (see {@link poolOf}).
 *
 * @example
 * const distribution = distribute(results, permenpanrb6of2022, { organisation: { id: "disdik", predikat: "BAIK" } });
 */
export function distribute(
  results: readonly EvaluationResult[],
  rules: Rules,
  options: Omit<EvaluationOptions, "explain" | "period"> = {},
): Distribution {
  const evaluator = evaluatorOf(
    rules,
    isPreparedEvaluator(rules) ? { ...options, organisation: undefined } : options,
  );
  const organisation = isPreparedEvaluator(rules)
    ? ((options.organisation === undefined
        ? undefined
        : parseOptions({ organisation: options.organisation }).organisation) ??
      evaluator.context.organisation)
    : evaluator.context.organisation;
  const pkg = evaluator.package;
  if (!Array.isArray(results)) {
    throw validationError([
      { path: ["results"], message: "expected an array of results", code: "invalid_type" },
    ]);
  }
  const scale = new Set(pkg.grades.map((g: { code: string }) => g.code));
  for (let i = 0; i < results.length; i += 1) {
    const result = results[i] as { grade?: unknown; employeeId?: unknown } | null;
    const grade = result?.grade;
    if (typeof grade !== "string" || !scale.has(grade)) {
      throw validationError([
        {
          path: ["results", i, "grade"],
          message: `expected a grade of ${pkg.id} (${pkg.grades.map((g: { code: string }) => g.code).join(", ")})`,
          code: "invalid_value",
        },
      ]);
    }
    if (typeof result?.employeeId !== "string") {
      throw validationError([
        { path: ["results", i, "employeeId"], message: "expected an employee id", code: "invalid_type" },
      ]);
    }
  }
  const pool = poolOf(results);
  if (organisation && pkg.distribute) return pkg.distribute(pool, organisation, evaluator.config);
  return { counts: countGrades(pool, pkg), violations: [] };
}

/** The result of {@link evaluateOrganisation} and {@link evaluateRequest}. */
export type { EvaluationResponse };

/**
 * Evaluates the cases of one organisation and adds the package's distribution check. Each
 * employee counts once in the distribution (see {@link poolOf}). Cases are read one at a time
 * (an iterable or generator keeps only the results in memory); with a prepared evaluator the
 * organisation is the evaluator's, and only `onError` may be given.
 *
 * @example
 * const { results, distribution } = evaluateOrganisation(cases, pkg, { organisation: { id: "disdik", predikat: "BAIK" } });
 * const evaluator = prepareEvaluator(pkg, { organisation, period, explain: "none" });
 * const large = evaluateOrganisation(casesFromFile(), evaluator);
 */
export function evaluateOrganisation<R extends PreparedEvaluator>(
  cases: Iterable<unknown>,
  rules: R,
  options?: Pick<BatchOptions, "onError">,
): EvaluationResponse<RatingsOf<R>>;
export function evaluateOrganisation<R extends AnyRulePackage | LoadedRulePackage>(
  cases: Iterable<unknown>,
  rules: R,
  options: BatchOptions & { organisation: Organisation },
): EvaluationResponse<RatingsOf<R>>;
export function evaluateOrganisation<R extends Rules>(
  cases: Iterable<unknown>,
  rules: R,
  options?: BatchOptions,
): EvaluationResponse<RatingsOf<R>>;
export function evaluateOrganisation<R extends Rules>(
  cases: Iterable<unknown>,
  rules: R,
  options: BatchOptions = {},
): EvaluationResponse<RatingsOf<R>> {
  const { onError, ...rest } = options ?? ({} as BatchOptions);
  const evaluator = evaluatorOf(rules, rest);
  const organisation = evaluator.context.organisation;
  if (organisation === undefined) {
    throw validationError([
      {
        path: ["organisation"],
        message:
          "an organisation with its predikat is required (in the options, or, with a prepared evaluator, in prepareEvaluator's options)",
        code: "invalid_type",
      },
    ]);
  }
  checkIterable(cases, "cases");
  return runBatch(cases, evaluator, parseOptions({ onError }).onError, organisation) as EvaluationResponse<
    RatingsOf<R>
  >;
}

function runBatch(
  cases: Iterable<unknown>,
  evaluator: PreparedEvaluator,
  onError: OnError,
  organisation: Organisation | undefined,
): EvaluationResponse {
  const results: EvaluationResult[] = [];
  const failures: EvaluationFailure[] = [];
  let index = 0;
  for (const input of cases) {
    if (onError === "report") {
      try {
        results.push(evaluator.evaluate(input, index));
      } catch (error) {
        failures.push(failureOf(input, index, error));
      }
    } else {
      results.push(evaluator.evaluate(input, index));
    }
    index += 1;
  }
  const pool = poolOfCases(results, failures);
  const pkg = evaluator.package;
  const distribution =
    organisation && pkg.distribute
      ? pkg.distribute(pool, organisation, evaluator.config)
      : { counts: countGrades(pool, pkg), violations: [] };
  return {
    rules: { id: pkg.id, version: pkg.version },
    results,
    distribution,
    ...(onError === "report"
      ? { failures, summary: { evaluated: results.length, failed: failures.length } }
      : {}),
  };
}

/** {@link poolOf} with paths that name the cases' indexes (results skip failed cases). */
function poolOfCases(results: EvaluationResult[], failures: EvaluationFailure[]): EvaluationResult[] {
  if (failures.length === 0) return poolOf(results, "cases");
  const failed = new Set(failures.map((f) => f.index));
  const indexes: number[] = [];
  for (let i = 0; indexes.length < results.length; i += 1) if (!failed.has(i)) indexes.push(i);
  try {
    return poolOf(results, "cases");
  } catch (error) {
    if (!isKinerjaError(error)) throw error;
    // Re-number: result i is case indexes[i].
    const issues = ((error.details.issues as KinerjaIssue[]) ?? []).map((issue) => {
      const at: PropertyKey = indexes[issue.path[1] as number] ?? issue.path[1] ?? 0;
      return {
        ...issue,
        path: ["cases", at, ...issue.path.slice(2)],
        message: issue.message.replace(/cases\[(\d+)\]/g, (_, n) => `cases[${indexes[Number(n)] ?? n}]`),
      };
    });
    throw validationError(issues);
  }
}

/**
 * Evaluates a batch of cases with a prepared evaluator, as {@link evaluateRequest} does once it
 * has prepared one: the results in input order, and the distribution (the package's checks when
 * the evaluator has an organisation, else the counts per grade). Lets a caller that answers many
 * requests with the same package, configuration and period prepare the evaluator once.
 *
 * @example
 * const evaluator = prepareEvaluator(pkg, { config: {}, period, explain: "steps" });
 * const { results, distribution } = evaluateBatch(cases, evaluator);
 */
export function evaluateBatch<R extends PreparedEvaluator>(
  cases: Iterable<unknown>,
  evaluator: R,
  options: Pick<BatchOptions, "onError"> = {},
): EvaluationResponse<RatingsOf<R>> {
  if (!isPreparedEvaluator(evaluator)) {
    throw validationError([
      { path: ["evaluator"], message: "expected a prepared evaluator", code: "invalid_type" },
    ]);
  }
  checkIterable(cases, "cases");
  return runBatch(
    cases,
    evaluator,
    parseOptions({ onError: options.onError }).onError,
    evaluator.context.organisation,
  ) as EvaluationResponse<RatingsOf<R>>;
}

/**
 * Runs a stateless evaluation request (the contract of `kinerja evaluate` and
 * `POST /v1/evaluate`): resolves the package from the registry, prepares it with the request's
 * configuration, period and organisation, evaluates every case (`onError` decides what a bad
 * case does) and checks the distribution.
 */
export function evaluateRequest(request: unknown, registry: RulePackageRegistry): EvaluationResponse {
  const req: EvaluationRequest = parseOrThrow(EvaluationRequestSchema, request);
  const pkg = registry.resolveSpec(req.rules);
  const evaluator = prepareEvaluator(pkg, {
    config: req.config,
    ...(req.period ? { period: req.period } : {}),
    ...(req.organisation ? { organisation: req.organisation } : {}),
    explain: req.explain,
  });
  return runBatch(req.cases, evaluator, req.onError, req.organisation);
}

import type { z } from "zod";
import { BASE_SOURCES } from "./assessment";
import { KinerjaError, parseOrThrow } from "./errors";
import type {
  Consequence,
  Distribution,
  EvaluationCase,
  EvaluationResult,
  ExplainLevel,
  ExplanationStep,
  Ratings,
  Warning,
} from "./evaluation";
import { type MessageCatalogue, unknownFormats } from "./explanation";
import type { Organisation } from "./organisation";
import type { Period, PeriodFacts } from "./period";
import { refusedEmployeeField } from "./protected-attributes";
import type { LocalizedText } from "./text";
import type { Aspect } from "./work-plan";

/** A grade on a package's scale. */
export interface GradeDefinition {
  /** Grade code, e.g. `SANGAT_BAIK`. */
  code: string;
  /** Its label in both languages. */
  label: LocalizedText;
}

/** Where an input of a package lives in a case; the fairness kit knows how to vary each kind. */
export type InputKind =
  /** `workPlan.results[].indicators[].realization` (and per-sub-period realisations). */
  | "INDICATOR_REALIZATION"
  /** `assessments[].resultRating` / `behaviourRating` of the given sources. */
  | "RATING"
  /** `assessments[].behaviour[ASPECT]` scores of the given sources. */
  | "BEHAVIOUR_SCORE"
  /** The organisation's predikat (context). */
  | "ORGANISATION_PREDIKAT"
  /** A field of the employee that a rule may legitimately read (structural, functionalLevel, isUnitHead, positionKind). */
  | "EMPLOYEE"
  /** A package-specific field of the case (attendance, innovation, …). */
  | "CASE";

/**
 * One input a package reads, and whether a better value can never give a worse grade or a lower
 * score. A non-monotone input must say why, with its legal basis.
 */
export interface InputDeclaration {
  /** Stable name, e.g. `realization`, `SUPERVISOR.resultRating`, `attendance`. */
  name: string;
  /** Which kind of input. */
  kind: InputKind;
  /** What it is. */
  description: LocalizedText;
  /** Whether improving it never worsens the result. */
  monotone: boolean;
  /** Why it is not monotone (required when `monotone` is false), with the legal basis. */
  reason?: string;
  /** INDICATOR_REALIZATION: the aspects covered (all when absent). BEHAVIOUR_SCORE: see `fields`. */
  aspects?: readonly Aspect[];
  /** RATING and BEHAVIOUR_SCORE: the sources read. */
  sources?: readonly string[];
  /** RATING: `resultRating` / `behaviourRating`; BEHAVIOUR_SCORE: aspect codes; EMPLOYEE: field names; CASE: top-level keys. */
  fields?: readonly string[];
  /** BEHAVIOUR_SCORE: the valid range of the scores. */
  range?: { min: number; max: number };
  /**
   * CASE inputs: returns the case with this input made better by `step` (0 < step ≤ 1), or
   * `undefined` when it cannot be improved. Used by the fairness kit's monotonicity property.
   */
  improve?: (input: EvaluationCase, step: number) => EvaluationCase | undefined;
}

/** What a package knows when evaluating a case besides the case. */
export interface EvaluationContext {
  /** The period evaluated (from the case, else the request). */
  period?: Period;
  /** The organisation and its predikat. */
  organisation?: Organisation;
  /**
   * The period's facts (sub-periods, month keys, whole months), computed once per batch by the
   * engine for `period`; use them rather than recomputing per case.
   */
  facts?: PeriodFacts;
  /**
   * How much of the explanation the engine keeps (`full` when absent): with `none` it drops the
   * steps, so a package may skip building them.
   */
  explain?: ExplainLevel;
}

/** What a package's `evaluate` returns; the engine adds the employee id and consequences. */
export interface PackageOutcome<TRatings extends Ratings = Ratings> {
  /** A grade code on the package's scale. */
  grade: string;
  /** A number for numeric schemes, `null` otherwise. */
  score: number | null;
  /** Ratings and component values, of the package's `ratingsSchema` shape. */
  ratings: TRatings;
  /** The steps, in order. */
  explanation: ExplanationStep[];
  /** Warnings. */
  warnings?: Warning[];
}

/** A rule package: data plus pure functions behind one interface. Define it with {@link defineRulePackage}. */
export interface RulePackageDefinition<
  TConfigSchema extends z.ZodType = z.ZodType,
  TCase extends EvaluationCase = EvaluationCase,
  TRatings extends Ratings = Ratings,
> {
  /** Package id, e.g. `permenpanrb-6-2022`. */
  id: string;
  /** Semver version. */
  version: string;
  /** Titles in Indonesian and English. */
  title: LocalizedText;
  /** What the package does, in both languages. */
  description?: LocalizedText;
  /** The legal basis, one entry per instrument. */
  legalBasis: readonly string[];
  /** The configuration schema; every field has a documented default. */
  configSchema: TConfigSchema;
  /** The case schema: the core's `EvaluationCaseSchema`, extended with what the package needs. */
  caseSchema?: z.ZodType<TCase, unknown>;
  /** Assessment sources accepted (defaults to {@link BASE_SOURCES}). */
  sources?: readonly string[];
  /**
   * `employee.attributes` keys protected in this package's region besides
   * {@link PROTECTED_ATTRIBUTES} (e.g. `marga`): refused as inputs, varied by the fairness kit.
   */
  protectedAttributes?: readonly string[];
  /** The inputs the package reads. */
  inputs: readonly InputDeclaration[];
  /** The grade scale, best first. */
  grades: readonly GradeDefinition[];
  /**
   * The package's messages: the prose of steps emitted with a `messageId`, rendered only when
   * `explain: "full"` is asked for. Both languages must have the same keys.
   */
  messages?: MessageCatalogue;
  /**
   * The schema of the `ratings` the package returns: it types every result's `ratings`
   * (`EvaluationResult<TRatings>`), documents each value, is published by the service with the
   * package, and `checkRulePackage` checks every result against it.
   */
  ratingsSchema?: z.ZodType<TRatings>;
  /** Evaluates one validated case. Must be pure and deterministic. */
  evaluate(
    input: TCase,
    config: z.output<TConfigSchema>,
    context: EvaluationContext,
  ): PackageOutcome<NoInfer<TRatings>>;
  /** Consequences of a result (angka kredit, allowance, development). */
  consequences?(
    result: EvaluationResult<TRatings>,
    input: TCase,
    config: z.output<TConfigSchema>,
    context: EvaluationContext,
  ): Consequence[];
  /** Distribution check and calibration proposal for a pool of results. */
  distribute?(
    results: readonly EvaluationResult<Ratings>[],
    organisation: Organisation,
    config: z.output<TConfigSchema>,
  ): Distribution;
  /**
   * The evidence value used to order employees for calibration (higher is better), from a result.
   * Defaults to `score`. Must not depend on identity.
   */
  calibrationScore?(result: EvaluationResult<Ratings>): number;
}

/** A defined rule package: its definition plus the parsed default configuration. */
export interface RulePackage<
  TConfigSchema extends z.ZodType = z.ZodType,
  TCase extends EvaluationCase = EvaluationCase,
  TRatings extends Ratings = Ratings,
> extends RulePackageDefinition<TConfigSchema, TCase, TRatings> {
  /** Accepted sources (never empty). */
  sources: readonly string[];
  /** The configuration with every default applied, parsed once at definition. */
  defaultConfig: z.output<TConfigSchema>;
  /** Brand for recognising packages across installed copies. @internal */
  readonly kind: "kinerja.rule-package";
}

/** Any rule package. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds packages of every config and case type.
export type AnyRulePackage = RulePackage<any, any, any>;

/**
 * The ratings type of a package, a loaded package or a prepared evaluator (its `ratingsSchema`);
 * {@link Ratings} when it declares none.
 */
export type RatingsOf<T> = T extends { package: infer P }
  ? RatingsOf<P>
  : T extends { evaluate(...args: never[]): { ratings: infer R extends Ratings } }
    ? R
    : Ratings;

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Defines a rule package: checks the definition, parses the default configuration once and
 * returns the package.
 *
 * @example
 * const pkg = defineRulePackage({
 *   id: "toy", version: "1.0.0", title: { id: "Contoh", en: "Toy" }, legalBasis: ["none"],
 *   configSchema: z.object({}), inputs: [], grades: [{ code: "OK", label: { id: "Baik", en: "Good" } }],
 *   evaluate: () => ({ grade: "OK", score: null, ratings: {}, explanation: [] }),
 * });
 */
export function defineRulePackage<
  TConfigSchema extends z.ZodType,
  TCase extends EvaluationCase = EvaluationCase,
  TRatings extends Ratings = Ratings,
>(
  definition: RulePackageDefinition<TConfigSchema, TCase, TRatings>,
): RulePackage<TConfigSchema, TCase, TRatings> {
  const problems: string[] = [];
  if (!ID.test(definition.id))
    problems.push(`id "${definition.id}" must be lower-case letters, digits and dashes`);
  if (!SEMVER.test(definition.version))
    problems.push(`version "${definition.version}" is not a semver version`);
  if (definition.legalBasis.length === 0) problems.push("legalBasis must name at least one instrument");
  if (definition.grades.length === 0) problems.push("grades must list at least one grade");
  const codes = new Set(definition.grades.map((g) => g.code));
  if (codes.size !== definition.grades.length) problems.push("grade codes must be unique");
  for (const input of definition.inputs) {
    if (input.kind === "EMPLOYEE") {
      for (const field of input.fields ?? []) {
        const refused = refusedEmployeeField(field, definition.protectedAttributes);
        if (refused) problems.push(`input "${input.name}" may not read ${refused}`);
      }
    }
    if (input.kind === "CASE" && (input.fields ?? []).includes("employee"))
      problems.push(`input "${input.name}" may not read the whole employee; declare EMPLOYEE fields`);
    if (!input.monotone && !input.reason)
      problems.push(`input "${input.name}" is not monotone and must give a reason`);
    if (input.kind === "CASE" && input.monotone && !input.improve) {
      problems.push(`CASE input "${input.name}" is declared monotone and needs an improve() function`);
    }
  }
  if (definition.messages) {
    const id = Object.keys(definition.messages.id);
    const en = new Set(Object.keys(definition.messages.en));
    const onlyId = id.filter((k) => !en.has(k));
    const onlyEn = [...en].filter((k) => !Object.hasOwn(definition.messages?.id ?? {}, k));
    if (onlyId.length > 0) problems.push(`messages ${onlyId.join(", ")} have no English text`);
    if (onlyEn.length > 0) problems.push(`messages ${onlyEn.join(", ")} have no Indonesian text`);
    const unknown = unknownFormats(definition.messages);
    if (unknown.length > 0) {
      problems.push(
        `${unknown.join(", ")}: neither messages.formats nor a glossary category has that format`,
      );
    }
  }
  if (problems.length > 0) {
    throw new KinerjaError("RULE_PACKAGE_INVALID", `rule package ${definition.id}: ${problems.join("; ")}`, {
      details: { problems },
    });
  }
  const defaultConfig = parseOrThrow(
    definition.configSchema,
    {},
    {
      context: `rule package ${definition.id}: default configuration`,
    },
  );
  return {
    ...definition,
    sources: definition.sources ?? BASE_SOURCES,
    defaultConfig,
    kind: "kinerja.rule-package",
  };
}

/** A package with a configuration parsed against its schema, ready to evaluate many cases. */
export interface LoadedRulePackage<TPackage extends AnyRulePackage = AnyRulePackage> {
  /** The package. */
  package: TPackage;
  /** The parsed configuration (defaults applied). */
  config: z.output<TPackage["configSchema"]>;
  /** Brand. @internal */
  readonly kind: "kinerja.loaded-rule-package";
}

/**
 * Parses a configuration for a package once (defaults applied), so that many cases can be
 * evaluated without parsing it again. Throws VALIDATION_FAILED naming the `config` field.
 */
export function loadRulePackage<TPackage extends AnyRulePackage>(
  pkg: TPackage,
  config?: unknown,
): LoadedRulePackage<TPackage> {
  const parsed =
    config === undefined ? pkg.defaultConfig : parseOrThrow(pkg.configSchema, config, { prefix: ["config"] });
  return { package: pkg, config: parsed, kind: "kinerja.loaded-rule-package" };
}

/** Whether a value is a {@link LoadedRulePackage}. */
export function isLoadedRulePackage(value: unknown): value is LoadedRulePackage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kinerja.loaded-rule-package"
  );
}

/** The position of a grade on a package's scale (0 = best); -1 when not on the scale. */
export function gradeRank(pkg: Pick<AnyRulePackage, "grades">, grade: string): number {
  return pkg.grades.findIndex((g) => g.code === grade);
}

import fc from "fast-check";
import { RATINGS_BEST_FIRST } from "../assessment";
import { FunctionalLevelSchema, PositionKindSchema } from "../employee";
import { evaluate, evaluateOrganisation, parseCase } from "../engine";
import { isKinerjaError } from "../errors";
import type { EvaluationCase, EvaluationResponse, EvaluationResult } from "../evaluation";
import type { Organisation } from "../organisation";
import type { Period } from "../period";
import { refusedEmployeeField } from "../protected-attributes";
import {
  type AnyRulePackage,
  type EvaluationContext,
  gradeRank,
  type InputDeclaration,
  loadRulePackage,
} from "../rule-package";
import {
  arbitraryEmployeeAttributes,
  arbitraryEmployeeId,
  arbitraryEvaluationCase,
  arbitraryOrganisation,
  type EvaluationCaseArbitraryOptions,
} from "./arbitraries";
import { closeTo, coreDifference, firstDifference, show, TOLERANCE } from "./compare";
import {
  betterOrganisation,
  clone,
  type IdentityChange,
  improveRating,
  improveRealization,
  improveScore,
  MUTATIONS,
  mutate,
  ratingTargets,
  realizationTargets,
  scoreTargets,
  withIdentity,
} from "./transforms";

/** Options of {@link fairnessProperties} and {@link checkRulePackage}. */
export interface FairnessOptions {
  /** The package's configuration (defaults apply). */
  config?: unknown;
  /**
   * Valid case inputs for this package. Defaults to {@link arbitraryEvaluationCase} with the
   * package's sources and the aspects and range of its BEHAVIOUR_SCORE inputs; packages whose
   * cases need more fields must pass their own (e.g. `arbitraryEvaluationCase().map(…)`).
   */
  cases?: fc.Arbitrary<unknown>;
  /** The period in the evaluation context. */
  period?: Period;
  /** Run the pool and calibration properties (default: when the package has `distribute`). */
  organisation?: boolean;
  /** Runs per property (default: fast-check's global `numRuns`, else 1000). */
  numRuns?: number;
  /** At most this many cases in a pool (default 12, at most 20 recommended). */
  poolSize?: number;
}

/** One fairness property of a package: a name and a function that throws (with fast-check's seed and counterexample) when it fails. */
export interface FairnessProperty {
  /** What the property states, e.g. `identity invariance`. */
  name: string;
  /** Runs the property; throws an Error with fast-check's report when it fails. */
  run(): void;
}

/** Where a property's predicate reports that a run exercised it (for never-exercised checks). */
interface Tracker {
  exercised: number;
}

// Values drawn inside predicates go through fc.gen with stable builders and small arguments:
// fc.gen caches one arbitrary per (builder, arguments) and replays them when shrinking.

/** Random sort keys for a permutation of `n` items. */
const permutationKeys = (n: number) => fc.array(fc.nat({ max: 1_000_000 }), { minLength: n, maxLength: n });

/** A permutation of `items` drawn with `g`, and the original positions in their new order. */
function shuffle<T>(g: fc.GeneratorValue, items: readonly T[]): { items: T[]; order: number[] } {
  const keys = g(permutationKeys, items.length);
  const order = items.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
  return { items: order.map((i) => items[i] as T), order };
}

const REPLAY =
  "To replay, run again with fast-check's global seed set to the seed above (fc.configureGlobal({ seed })); " +
  "leave out the path, which cannot replay values drawn inside a property.";

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The evidence value calibration orders by: the package's `calibrationScore`, else the score, else minus the grade rank. */
function calibrationScoreOf(pkg: AnyRulePackage, result: EvaluationResult): number {
  return pkg.calibrationScore?.(result) ?? result.score ?? -gradeRank(pkg, result.grade);
}

/** The proposal as a sorted multiset of (from, to, calibration score), plus whether it meets the bounds. */
function proposalSummary(pkg: AnyRulePackage, response: EvaluationResponse) {
  const proposal = response.distribution.proposal;
  if (!proposal) return undefined;
  const byId = new Map(response.results.map((r) => [r.employeeId, r]));
  const changes = proposal.changes
    .map((c) => {
      const result = byId.get(c.employeeId);
      return {
        from: c.from,
        to: c.to,
        calibrationScore: result ? calibrationScoreOf(pkg, result) : Number.NaN,
      };
    })
    .sort(
      (a, b) =>
        a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.calibrationScore - b.calibrationScore,
    );
  return { satisfiesBounds: proposal.satisfiesBounds, changes };
}

/** The first difference between two distributions of the same pool: counts, violations, proposal multiset. */
function distributionDifference(
  pkg: AnyRulePackage,
  x: EvaluationResponse,
  y: EvaluationResponse,
): string | undefined {
  const counts = firstDifference(x.distribution.counts, y.distribution.counts);
  if (counts) return `counts differ: ${counts}`;
  const violations = firstDifference(x.distribution.violations, y.distribution.violations, {
    tolerance: TOLERANCE,
    unordered: true,
  });
  if (violations) return `violations differ: ${violations}`;
  const proposal = firstDifference(proposalSummary(pkg, x), proposalSummary(pkg, y), {
    tolerance: TOLERANCE,
  });
  if (proposal)
    return `calibration proposals differ (as multisets of from, to, calibration score): ${proposal}`;
  return undefined;
}

function defaultCases(pkg: AnyRulePackage, period: Period | undefined): fc.Arbitrary<unknown> {
  const behaviour = pkg.inputs.filter((i: InputDeclaration) => i.kind === "BEHAVIOUR_SCORE");
  const aspects = [...new Set(behaviour.flatMap((i: InputDeclaration) => i.fields ?? []))];
  const range = behaviour.find((i: InputDeclaration) => i.range)?.range;
  const options: EvaluationCaseArbitraryOptions = {
    sources: pkg.sources,
    ...(aspects.length > 0 ? { behaviourAspects: aspects } : {}),
    ...(range ? { behaviourRange: range } : {}),
    ...(period ? { period } : {}),
  };
  return arbitraryEvaluationCase(options);
}

function identityChangeArbitrary(extra: readonly string[] = []): fc.Arbitrary<IdentityChange> {
  const text = fc.string({ maxLength: 40 });
  const id = fc.string({
    unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split("")),
    minLength: 1,
    maxLength: 10,
  });
  return fc.record({
    id: arbitraryEmployeeId(),
    name: text,
    attributes: arbitraryEmployeeAttributes(extra),
    unitId: id.map((s) => `unit-${s}`),
    unitName: text,
    supervisorId: arbitraryEmployeeId(),
    workPlanId: id.map((s) => `skp-${s}`),
    raterIds: fc.array(arbitraryEmployeeId(), { minLength: 1, maxLength: 4 }),
    comments: fc.array(text, { minLength: 1, maxLength: 4 }),
  });
}

const IDENTITY_CHANGE = identityChangeArbitrary();
/** `n` identity changes. */
const identityChanges = (n: number) => fc.array(IDENTITY_CHANGE, { minLength: n, maxLength: n });
/** `n` distinct employee ids. */
const distinctIds = (n: number) => fc.uniqueArray(arbitraryEmployeeId(), { minLength: n, maxLength: n });
/** A step of improvement in (0, max]. */
const improvementStep = (max: number) => fc.double({ min: 0.001, max, noNaN: true });

const RATING_FIELDS = ["resultRating", "behaviourRating"] as const;
const EMPLOYEE_FIELDS = ["positionKind", "structural", "functionalLevel", "isUnitHead"] as const;
const anyRating = () => fc.constantFrom(...RATINGS_BEST_FIRST);
const anyValue = () => fc.double({ min: 0, max: 1000, noNaN: true });
const anyScore = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const anyPositionKind = () => fc.constantFrom(...PositionKindSchema.options);
const anyFunctionalLevel = () => fc.constantFrom(...FunctionalLevelSchema.options);

/**
 * A function giving the case with every field the package does not declare as an input given
 * other values: realisations of aspects no INDICATOR_REALIZATION input covers, ratings and
 * behaviour scores of sources and fields no RATING / BEHAVIOUR_SCORE input covers, and the
 * employee's position fields no EMPLOYEE input names. `what` lists what changed.
 */
function undeclaredVariation(pkg: AnyRulePackage) {
  const inputs = pkg.inputs as readonly InputDeclaration[];
  const of = (kind: InputDeclaration["kind"]) => inputs.filter((i) => i.kind === kind);
  const realisations = of("INDICATOR_REALIZATION");
  const realised = (aspect: string) =>
    realisations.some((i) => !i.aspects || i.aspects.includes(aspect as never));
  const covers = (kind: "RATING" | "BEHAVIOUR_SCORE", source: string, field: string) =>
    of(kind).some(
      (i) => (i.sources ?? pkg.sources).includes(source) && (!i.fields || i.fields.includes(field)),
    );
  const employeeFields = new Set(of("EMPLOYEE").flatMap((i) => i.fields ?? []));
  const range = of("BEHAVIOUR_SCORE").find((i) => i.range)?.range ?? { min: 0, max: 100 };
  return (input: EvaluationCase, g: fc.GeneratorValue): { varied: EvaluationCase; what: string[] } => {
    const c = clone(input);
    const what = new Set<string>();
    for (const indicator of c.workPlan.results.flatMap((r) => r.indicators)) {
      if (realised(indicator.aspect)) continue;
      if (indicator.realization !== undefined) indicator.realization = g(anyValue);
      for (const r of c.realizations) if (r.indicatorId === indicator.id) r.value = g(anyValue);
      what.add(`realisations of ${indicator.aspect}`);
    }
    for (const a of c.assessments) {
      for (const field of RATING_FIELDS) {
        if (a[field] === undefined || covers("RATING", a.source, field)) continue;
        a[field] = g(anyRating);
        what.add(`${a.source}.${field}`);
      }
      for (const aspect of Object.keys(a.behaviour)) {
        if (covers("BEHAVIOUR_SCORE", a.source, aspect)) continue;
        a.behaviour[aspect] = g(anyScore, range.min, range.max);
        what.add(`${a.source} behaviour scores`);
      }
    }
    const e = c.employee;
    if (!employeeFields.has("positionKind")) e.positionKind = g(anyPositionKind);
    if (!employeeFields.has("structural")) e.structural = g(fc.boolean);
    if (!employeeFields.has("isUnitHead")) e.isUnitHead = g(fc.boolean);
    if (!employeeFields.has("functionalLevel") && e.functionalLevel !== undefined)
      e.functionalLevel = g(anyFunctionalLevel);
    for (const field of EMPLOYEE_FIELDS) if (!employeeFields.has(field)) what.add(`employee.${field}`);
    return { varied: c, what: [...what] };
  };
}

/** Throws when `after` (the better input) has a worse grade or a lower score than `before`. */
function assertNotWorse(
  pkg: AnyRulePackage,
  before: EvaluationResult,
  after: EvaluationResult,
  what: string,
): void {
  const rb = gradeRank(pkg, before.grade);
  const ra = gradeRank(pkg, after.grade);
  if (ra > rb) throw new Error(`${what} worsened the grade from ${before.grade} to ${after.grade}`);
  if (
    before.score !== null &&
    after.score !== null &&
    after.score < before.score &&
    !closeTo(after.score, before.score)
  ) {
    throw new Error(`${what} lowered the score from ${before.score} to ${after.score}`);
  }
}

/**
 * The fairness properties of a rule package, each a named function that runs it with fast-check:
 * determinism; invariance under permutations of results, indicators, realisations and
 * assessments; invariance under identity changes (id, name, gender, religion, ethnicity, unit,
 * supervisor, raters, comments, plan id) except declared EMPLOYEE fields; monotonicity of every
 * input declared monotone; grades on the scale and finite scores; valid cases accepted and
 * invalid ones rejected with VALIDATION_FAILED; and, for packages with `distribute`, pool
 * permutation and identity invariance (ties broken without identity) and a calibration that
 * never ranks a better-scored employee below a worse-scored one.
 *
 * @example
 * for (const p of fairnessProperties(pkg, { numRuns: 500 })) test(p.name, p.run, 120_000);
 */
export function fairnessProperties(pkg: AnyRulePackage, options: FairnessOptions = {}): FairnessProperty[] {
  const lp = loadRulePackage(pkg, options.config);
  const cases = options.cases ?? defaultCases(pkg, options.period);
  const declaresOrganisation = pkg.inputs.some((i: InputDeclaration) => i.kind === "ORGANISATION_PREDIKAT");
  const organisations: fc.Arbitrary<Organisation | undefined> = declaresOrganisation
    ? arbitraryOrganisation()
    : fc.option(arbitraryOrganisation(), { nil: undefined });
  const sources: readonly string[] = pkg.sources;
  // Identity is varied whatever the package declares: id (NIP), name and protected attributes
  // are never inputs (defineRulePackage refuses them; a hand-made package object may not have).
  const keep = new Set<string>(
    pkg.inputs
      .filter((i: InputDeclaration) => i.kind === "EMPLOYEE")
      .flatMap((i: InputDeclaration) => i.fields ?? [])
      .filter((field) => refusedEmployeeField(field, pkg.protectedAttributes) === undefined),
  );
  const vary = undeclaredVariation(pkg);
  const changeOfIdentity = identityChangeArbitrary(pkg.protectedAttributes);
  const identityChange = () => changeOfIdentity;
  const otherOrganisation = () => arbitraryOrganisation();
  const declaresOrganisationInput = declaresOrganisation;
  const periodContext: EvaluationContext = options.period ? { period: options.period } : {};
  const context = (organisation: Organisation | undefined): EvaluationContext => ({
    ...periodContext,
    ...(organisation ? { organisation } : {}),
  });
  const run = (input: unknown, organisation: Organisation | undefined) =>
    evaluate(input, lp, context(organisation));
  const parse = (input: unknown): EvaluationCase =>
    parseCase(input, pkg, options.period ? { period: options.period } : {});
  const label = `${pkg.id}@${pkg.version}`;

  const define = <T>(
    name: string,
    build: (tracker: Tracker) => fc.IProperty<T>,
    mustExercise?: string,
  ): FairnessProperty => ({
    name,
    run() {
      const numRuns = options.numRuns ?? fc.readConfigureGlobal().numRuns ?? 1000;
      const tracker: Tracker = { exercised: 0 };
      try {
        fc.assert(build(tracker), { numRuns, includeErrorInReport: true });
      } catch (error) {
        throw new Error(`${label}: fairness property "${name}" failed.\n${errorMessage(error)}\n${REPLAY}`, {
          cause: error,
        });
      }
      if (mustExercise && tracker.exercised === 0) {
        throw new Error(
          `${label}: fairness property "${name}" was never exercised in ${numRuns} runs: ${mustExercise}`,
        );
      }
    },
  });

  const single = (
    name: string,
    check: (
      input: unknown,
      organisation: Organisation | undefined,
      g: fc.GeneratorValue,
      tracker: Tracker,
    ) => void,
    orgs: fc.Arbitrary<Organisation | undefined> = organisations,
    mustExercise?: string,
  ) =>
    define(
      name,
      (tracker) =>
        fc.property(cases, orgs, fc.gen(), (input, organisation, g) =>
          check(input, organisation, g, tracker),
        ),
      mustExercise,
    );

  const properties: FairnessProperty[] = [];

  properties.push(
    single("determinism", (input, organisation) => {
      const a = run(input, organisation);
      const again = firstDifference(a, run(input, organisation));
      if (again) throw new Error(`evaluating the same case twice gave different results: ${again}`);
      const copy = firstDifference(a, run(clone(input), organisation));
      if (copy) throw new Error(`evaluating a structuredClone of the case gave a different result: ${copy}`);
    }),
  );

  const ratingsSchema = pkg.ratingsSchema;
  if (ratingsSchema !== undefined) {
    properties.push(
      single("ratings match ratingsSchema", (input, organisation) => {
        const { ratings } = run(input, organisation);
        const checked = ratingsSchema.safeParse(ratings);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          throw new Error(
            `the result's ratings ${show(ratings)} do not match the package's ratingsSchema (${issue?.path.join(".") || "ratings"}: ${issue?.message ?? "invalid"})`,
          );
        }
        const extra = Object.keys(ratings).filter((k) => !Object.hasOwn(checked.data as object, k));
        if (extra.length > 0) {
          throw new Error(
            `the result's ratings have keys the ratingsSchema does not declare: ${extra.join(", ")}`,
          );
        }
      }),
    );
  }

  const permutation = (
    what: string,
    permuteCase: (
      c: EvaluationCase,
      g: fc.GeneratorValue,
    ) => { permuted: EvaluationCase; order: unknown } | undefined,
  ) =>
    single(`permutation invariance: ${what}`, (input, organisation, g, tracker) => {
      const c = parse(input);
      const p = permuteCase(c, g);
      if (!p) return;
      tracker.exercised += 1;
      const d = coreDifference(run(c, organisation), run(p.permuted, organisation));
      if (d)
        throw new Error(
          `reordering the ${what} (new order of the original positions: ${show(p.order)}) changed the result: ${d}`,
        );
    });

  properties.push(
    permutation("results", (c, g) => {
      if (c.workPlan.results.length < 2) return undefined;
      const p = clone(c);
      const s = shuffle(g, p.workPlan.results);
      p.workPlan.results = s.items;
      return { permuted: p, order: s.order };
    }),
    permutation("indicators", (c, g) => {
      if (!c.workPlan.results.some((r) => r.indicators.length > 1)) return undefined;
      const p = clone(c);
      const order = p.workPlan.results.map((r) => {
        const s = shuffle(g, r.indicators);
        r.indicators = s.items;
        return s.order;
      });
      return { permuted: p, order };
    }),
    permutation("realizations", (c, g) => {
      if (c.realizations.length < 2) return undefined;
      const p = clone(c);
      const s = shuffle(g, p.realizations);
      p.realizations = s.items;
      return { permuted: p, order: s.order };
    }),
    permutation("assessments", (c, g) => {
      if (c.assessments.length < 2) return undefined;
      const p = clone(c);
      const s = shuffle(g, p.assessments);
      p.assessments = s.items;
      return { permuted: p, order: s.order };
    }),
  );

  properties.push(
    single("identity invariance", (input, organisation, g) => {
      // Identity (id, name, every protected attribute, unit, raters, comments) and every field
      // the package does not declare as an input change together; the result may not.
      const c = parse(input);
      const change = g(identityChange);
      const before = run(c, organisation);
      const { varied, what } = vary(c, g);
      const other = declaresOrganisationInput || !organisation ? organisation : g(otherOrganisation);
      if (other !== organisation) what.push("the organisation predikat");
      let after: EvaluationResult;
      let changed: string[] = what;
      try {
        after = run(withIdentity(varied, change, keep), other);
      } catch (error) {
        // The package validates an undeclared field (values it does not accept): identity alone.
        if (!isKinerjaError(error) || error.code !== "VALIDATION_FAILED") throw error;
        after = run(withIdentity(c, change, keep), organisation);
        changed = [];
      }
      const d = coreDifference(before, after);
      if (d)
        throw new Error(
          `changing identity fields (${[...keep].length > 0 ? `declared inputs kept: ${[...keep].join(", ")}` : "none declared as inputs"})${changed.length > 0 ? ` and fields not declared as inputs (${changed.join(", ")})` : ""} changed the result: ${d}`,
        );
    }),
  );

  for (const decl of pkg.inputs as readonly InputDeclaration[]) {
    if (!decl.monotone) continue;
    const name = `monotonicity: ${decl.name} (${decl.kind})`;
    const never = `no generated case has an improvable ${decl.kind} input "${decl.name}"; pass \`cases\` that contain it`;
    switch (decl.kind) {
      case "INDICATOR_REALIZATION":
        properties.push(
          single(
            name,
            (input, organisation, g, tracker) => {
              const c = parse(input);
              const targets = realizationTargets(c, decl);
              if (targets.length === 0) return;
              tracker.exercised += 1;
              const target = targets[g(fc.nat, { max: targets.length - 1 })] ?? targets[0]!;
              const step = g(improvementStep, 0.9);
              assertNotWorse(
                pkg,
                run(c, organisation),
                run(improveRealization(c, target, step), organisation),
                `a better realisation of indicator ${target.indicatorId} (${target.higher ? "higher" : "lower"} is better, step ${step})`,
              );
            },
            organisations,
            never,
          ),
        );
        break;
      case "RATING":
        properties.push(
          single(
            name,
            (input, organisation, g, tracker) => {
              const c = parse(input);
              const targets = ratingTargets(c, decl, sources);
              if (targets.length === 0) return;
              tracker.exercised += 1;
              const target = targets[g(fc.nat, { max: targets.length - 1 })] ?? targets[0]!;
              const a = c.assessments[target.index];
              assertNotWorse(
                pkg,
                run(c, organisation),
                run(improveRating(c, target), organisation),
                `a ${target.field} of ${a?.source} one step better than ${a?.[target.field]}`,
              );
            },
            organisations,
            never,
          ),
        );
        break;
      case "BEHAVIOUR_SCORE":
        properties.push(
          single(
            name,
            (input, organisation, g, tracker) => {
              const c = parse(input);
              const targets = scoreTargets(c, decl, sources);
              if (targets.length === 0) return;
              tracker.exercised += 1;
              const target = targets[g(fc.nat, { max: targets.length - 1 })] ?? targets[0]!;
              const step = g(improvementStep, 0.9);
              const a = c.assessments[target.index];
              assertNotWorse(
                pkg,
                run(c, organisation),
                run(improveScore(c, target, step, decl.range), organisation),
                `a higher ${target.aspect} score from ${a?.source} (was ${a?.behaviour[target.aspect]}, step ${step})`,
              );
            },
            organisations,
            never,
          ),
        );
        break;
      case "ORGANISATION_PREDIKAT":
        properties.push(
          single(
            name,
            (input, organisation, _g, tracker) => {
              const better = organisation ? betterOrganisation(organisation) : undefined;
              if (!organisation || !better) return;
              tracker.exercised += 1;
              assertNotWorse(
                pkg,
                run(input, organisation),
                run(input, better),
                `an organisation predikat of ${better.predikat} instead of ${organisation.predikat}`,
              );
            },
            arbitraryOrganisation(),
            never,
          ),
        );
        break;
      case "CASE": {
        const improve = decl.improve;
        if (!improve) break;
        properties.push(
          single(
            name,
            (input, organisation, g, tracker) => {
              const c = parse(input);
              const step = g(improvementStep, 1);
              const improved = improve(clone(c), step);
              if (!improved) return;
              tracker.exercised += 1;
              assertNotWorse(
                pkg,
                run(c, organisation),
                run(improved, organisation),
                `improving ${decl.name} (step ${step})`,
              );
            },
            organisations,
            never,
          ),
        );
        break;
      }
      default:
        break;
    }
  }

  properties.push(
    single("grades on the scale, scores finite or null", (input, organisation) => {
      const r = run(input, organisation);
      if (gradeRank(pkg, r.grade) < 0)
        throw new Error(
          `grade ${show(r.grade)} is not on the scale ${pkg.grades.map((x: { code: string }) => x.code).join(", ")}`,
        );
      if (r.score !== null && !Number.isFinite(r.score))
        throw new Error(`score ${r.score} is neither finite nor null`);
    }),
    single("valid cases are accepted", (input, organisation) => {
      try {
        run(input, organisation);
      } catch (error) {
        throw new Error(`a valid case was rejected: ${errorMessage(error)}`, { cause: error });
      }
    }),
    single("invalid cases are rejected with VALIDATION_FAILED", (input, organisation, g) => {
      const c = parse(input);
      const mutation = g(fc.constantFrom, ...MUTATIONS);
      const invalid = mutate(c, mutation, sources, options.period);
      let thrown: unknown;
      try {
        run(invalid, organisation);
      } catch (error) {
        thrown = error;
      }
      if (thrown === undefined) throw new Error(`a case with "${mutation}" was accepted`);
      if (!isKinerjaError(thrown) || thrown.code !== "VALIDATION_FAILED") {
        throw new Error(
          `a case with "${mutation}" threw ${isKinerjaError(thrown) ? thrown.code : errorMessage(thrown)} instead of VALIDATION_FAILED`,
          {
            cause: thrown,
          },
        );
      }
    }),
  );

  if (options.organisation ?? pkg.distribute !== undefined) properties.push(...poolProperties());
  return properties;

  function poolProperties(): FairnessProperty[] {
    const size = Math.max(1, options.poolSize ?? 12);
    // Some cases come two or three times (renamed): ties in the evidence, and pools crowded in one grade.
    // Cases do not shrink inside a pool (shrinking removes cases instead), which keeps shrinking short.
    const pools = fc
      .array(
        fc.record({
          input: fc.noShrink(cases),
          copies: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 3 })),
        }),
        {
          minLength: 1,
          maxLength: size,
        },
      )
      .map((entries) =>
        entries.flatMap(({ input, copies }) => Array.from({ length: copies }, () => input)).slice(0, size),
      );
    /** Parses the pool's cases and makes their employee ids unique (renaming repeats). */
    const preparePool = (inputs: readonly unknown[]): EvaluationCase[] => {
      const seen = new Set<string>();
      return inputs.map((input) => {
        const c = parse(input);
        let id = c.employee.id;
        for (let n = 2; seen.has(id); n += 1) id = `${c.employee.id}~${n}`;
        seen.add(id);
        if (id === c.employee.id) return c;
        const renamed = clone(c);
        renamed.employee.id = id;
        if (renamed.workPlan.employeeId === c.employee.id) renamed.workPlan.employeeId = id;
        return renamed;
      });
    };
    const evaluatePool = (pool: readonly EvaluationCase[], organisation: Organisation) =>
      evaluateOrganisation(pool, lp, { ...periodContext, organisation });
    const pool = (
      name: string,
      check: (
        inputs: EvaluationCase[],
        organisation: Organisation,
        g: fc.GeneratorValue,
        tracker: Tracker,
      ) => void,
    ) =>
      define(name, (tracker) =>
        fc.property(pools, arbitraryOrganisation(), fc.gen(), (inputs, organisation, g) =>
          check(preparePool(inputs), organisation, g, tracker),
        ),
      );

    return [
      pool("pool permutation invariance", (cs, organisation, g) => {
        if (cs.length < 2) return;
        const x = evaluatePool(cs, organisation);
        const y = evaluatePool(shuffle(g, cs).items, organisation);
        const byId = new Map(y.results.map((r) => [r.employeeId, r]));
        for (const r of x.results) {
          const other = byId.get(r.employeeId);
          if (!other) throw new Error(`employee ${r.employeeId} has no result after reordering the pool`);
          const d = coreDifference(r, other);
          if (d) throw new Error(`reordering the pool changed employee ${r.employeeId}'s result: ${d}`);
        }
        const d = distributionDifference(pkg, x, y);
        if (d) throw new Error(`reordering the pool changed its distribution: ${d}`);
      }),
      pool("calibration order", (cs, organisation) => {
        const response = evaluatePool(cs, organisation);
        const proposal = response.distribution.proposal;
        if (!proposal || proposal.changes.length === 0) return;
        const results = new Map(response.results.map((r) => [r.employeeId, r]));
        const proposed = new Map<string, string>();
        for (const change of proposal.changes) {
          const r = results.get(change.employeeId);
          if (!r) throw new Error(`the proposal changes ${change.employeeId}, who is not in the pool`);
          if (r.grade !== change.from)
            throw new Error(
              `the proposal changes ${change.employeeId} from ${change.from}, but their grade is ${r.grade}`,
            );
          if (gradeRank(pkg, change.to) < 0)
            throw new Error(
              `the proposal gives ${change.employeeId} grade ${change.to}, which is not on the scale`,
            );
          if (proposed.has(change.employeeId))
            throw new Error(`the proposal changes ${change.employeeId} twice`);
          proposed.set(change.employeeId, change.to);
        }
        const rows = response.results.map((r) => ({
          id: r.employeeId,
          score: calibrationScoreOf(pkg, r),
          before: gradeRank(pkg, r.grade),
          after: gradeRank(pkg, proposed.get(r.employeeId) ?? r.grade),
          changed: proposed.has(r.employeeId),
        }));
        for (const a of rows) {
          for (const b of rows) {
            if (!(a.changed || b.changed)) continue;
            if (!(a.score > b.score) || closeTo(a.score, b.score)) continue;
            if (a.after > b.after && !(a.before > b.before)) {
              throw new Error(
                `calibration ranks ${a.id} (calibration score ${a.score}, ${pkg.grades[a.before]?.code} → ${pkg.grades[a.after]?.code}) below ${b.id} (calibration score ${b.score}, ${pkg.grades[b.before]?.code} → ${pkg.grades[b.after]?.code})`,
              );
            }
          }
        }
      }),
      pool("pool identity invariance", (cs, organisation, g) => {
        const ids = g(distinctIds, cs.length);
        const changes = g(identityChanges, cs.length);
        const renamed = cs.map((c, i) =>
          withIdentity(c, { ...(changes[i] as IdentityChange), id: ids[i] ?? `e${i}` }, keep),
        );
        const otherOrg = g(arbitraryOrganisation);
        const x = evaluatePool(cs, organisation);
        const y = evaluatePool(renamed, { ...otherOrg, predikat: organisation.predikat });
        const d = distributionDifference(pkg, x, y);
        if (d) throw new Error(`changing identities in the pool changed its distribution: ${d}`);
        const positions = (r: EvaluationResponse) => {
          const index = new Map(r.results.map((res, i) => [res.employeeId, i]));
          return (r.distribution.proposal?.changes ?? [])
            .map((c) => ({ position: index.get(c.employeeId) ?? -1, from: c.from, to: c.to }))
            .sort((p, q) => p.position - q.position);
        };
        const before = positions(x);
        const after = positions(y);
        if (firstDifference(before, after)) {
          throw new Error(
            `changing identities changed which employees the proposal picks (ties must break without identity): pool positions ${show(before, 400)} before, ${show(after, 400)} after`,
          );
        }
      }),
    ];
  }
}

/**
 * Runs every {@link fairnessProperties} property of a package and throws one Error listing each
 * failure with fast-check's seed and counterexample report.
 *
 * @example
 * checkRulePackage(pkg, { config: { distribution: { severity: "ERROR" } } });
 */
export function checkRulePackage(pkg: AnyRulePackage, options: FairnessOptions = {}): void {
  const failures: { name: string; message: string }[] = [];
  for (const property of fairnessProperties(pkg, options)) {
    try {
      property.run();
    } catch (error) {
      failures.push({ name: property.name, message: errorMessage(error) });
    }
  }
  if (failures.length > 0) {
    const list = failures.map((f) => `- ${f.name}\n${f.message}`).join("\n\n");
    throw new Error(
      `${pkg.id}@${pkg.version} fails ${failures.length} fairness ${failures.length === 1 ? "property" : "properties"}: ${failures.map((f) => f.name).join(", ")}\n\n${list}`,
    );
  }
}

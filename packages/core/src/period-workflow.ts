import semver from "semver";
import { z } from "zod";
import {
  eventBase,
  eventsFrom,
  illegalTransition,
  type Machine,
  nextState,
  ReasonSchema,
} from "./_internal/workflow";
import { parseOrThrow } from "./errors";

/**
 * The states of an assessment period, in the order of the cycle of PermenPAN-RB 6/2022 Pasal 5
 * (perencanaan, pelaksanaan, penilaian, then calibration against SE MenPAN-RB 3/2023 and
 * closing), plus REOPENED for a closed period opened again with a recorded reason.
 * Codes match `GLOSSARY.periodState`.
 */
export const PERIOD_STATES = [
  "DRAFT",
  "PLANNING",
  "EXECUTION",
  "ASSESSMENT",
  "CALIBRATION",
  "CLOSED",
  "REOPENED",
] as const;

/** A period state code (see {@link PERIOD_STATES}). */
export const PeriodStateSchema = z.enum(PERIOD_STATES);
/** A period state. */
export type PeriodState = z.infer<typeof PeriodStateSchema>;

/** The event types of the period workflow. */
export const PERIOD_EVENT_TYPES = [
  "START_PLANNING",
  "START_EXECUTION",
  "START_ASSESSMENT",
  "START_CALIBRATION",
  "CLOSE",
  "REOPEN",
] as const;

/** A period event type code (see {@link PERIOD_EVENT_TYPES}). */
export const PeriodEventTypeSchema = z.enum(PERIOD_EVENT_TYPES);
/** A period event type. */
export type PeriodEventType = z.infer<typeof PeriodEventTypeSchema>;

const CountSchema = z.number().int().nonnegative();

/** The rule package a period pins when planning starts, so the period is re-evaluated exactly as it was. */
export const PinnedRulePackageSchema = z.object({
  /** Rule package id, e.g. `permenpanrb-6-2022`. */
  id: z.string().trim().min(1, "a rule package id is required").max(100),
  /** The exact semver version (`1.0.0`, never a range such as `^1`). */
  version: z
    .string()
    .trim()
    .min(1, "a rule package version is required")
    .max(50)
    .refine((v) => semver.valid(v) === v, {
      message: "must be an exact semver version such as 1.0.0, not a range such as ^1",
    }),
  /** The package configuration in force for the period. */
  config: z.record(z.string(), z.unknown()).default({}),
});
/** A pinned rule package. */
export type PinnedRulePackage = z.infer<typeof PinnedRulePackageSchema>;

/**
 * An event of the period workflow. Counts (`unapprovedPlans`, `openAssessments`,
 * `blockingViolations`) are facts the caller knows from its store; when given, the guards check
 * them, when omitted the guards do not apply.
 */
export const PeriodEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("START_PLANNING"),
    ...eventBase,
    /** The rule package, version and configuration to pin for the whole period. */
    rulePackage: PinnedRulePackageSchema,
  }),
  z.object({
    type: z.literal("START_EXECUTION"),
    ...eventBase,
    /** How many work plans of the period are not yet APPROVED; the guard requires 0 when given. */
    unapprovedPlans: CountSchema.optional(),
  }),
  z.object({ type: z.literal("START_ASSESSMENT"), ...eventBase }),
  z.object({
    type: z.literal("START_CALIBRATION"),
    ...eventBase,
    /** How many assessments are not yet final; the guard requires 0 when given. */
    openAssessments: CountSchema.optional(),
  }),
  z.object({
    type: z.literal("CLOSE"),
    ...eventBase,
    /** How many assessments are not yet final; the guard requires 0 when given. */
    openAssessments: CountSchema.optional(),
    /** How many distribution violations of severity ERROR remain; the guard requires 0 when given. */
    blockingViolations: CountSchema.optional(),
  }),
  z.object({
    type: z.literal("REOPEN"),
    ...eventBase,
    /** Why the closed period is opened again (required, recorded). */
    reason: ReasonSchema,
  }),
]);
/** A period event. */
export type PeriodEvent = z.infer<typeof PeriodEventSchema>;

/** One row of the period transition table. */
export interface PeriodTransition {
  /** The state the transition leaves. */
  readonly from: PeriodState;
  /** The event that causes it. */
  readonly event: PeriodEventType;
  /** The state it enters. */
  readonly to: PeriodState;
}

/**
 * The period transition table, as data. The cycle runs DRAFT → PLANNING → EXECUTION →
 * ASSESSMENT → CALIBRATION → CLOSED. CLOSE is also allowed straight from ASSESSMENT, for rule
 * packages without a distribution check (e.g. `pp-46-2011`). A CLOSED period may be REOPENED
 * (with a reason, e.g. an upheld objection); a REOPENED period goes back to ASSESSMENT
 * (START_ASSESSMENT) or to CALIBRATION (START_CALIBRATION) and is then CLOSED again. The rule
 * package pinned at START_PLANNING stays pinned through reopening.
 */
export const PERIOD_TRANSITIONS: readonly PeriodTransition[] = [
  { from: "DRAFT", event: "START_PLANNING", to: "PLANNING" },
  { from: "PLANNING", event: "START_EXECUTION", to: "EXECUTION" },
  { from: "EXECUTION", event: "START_ASSESSMENT", to: "ASSESSMENT" },
  { from: "ASSESSMENT", event: "START_CALIBRATION", to: "CALIBRATION" },
  { from: "ASSESSMENT", event: "CLOSE", to: "CLOSED" },
  { from: "CALIBRATION", event: "CLOSE", to: "CLOSED" },
  { from: "CLOSED", event: "REOPEN", to: "REOPENED" },
  { from: "REOPENED", event: "START_ASSESSMENT", to: "ASSESSMENT" },
  { from: "REOPENED", event: "START_CALIBRATION", to: "CALIBRATION" },
];

/**
 * A side effect the period workflow asks for, as data; the caller runs it.
 * - `PIN_RULE_PACKAGE`: store the rule package, version and configuration on the period.
 * - `OPEN_REALIZATIONS`: realisations may now be recorded.
 * - `OPEN_ASSESSMENTS`: assessors may now rate.
 * - `CHECK_DISTRIBUTION`: run the package's distribution check and calibration proposal.
 * - `FREEZE_RESULTS`: results become final and read-only.
 * - `RECORD_REOPENING`: record who reopened the period, when and why.
 * - `UNFREEZE_RESULTS`: results may change again (until the period is closed again).
 */
export const PeriodEffectSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("PIN_RULE_PACKAGE"), rulePackage: PinnedRulePackageSchema }),
  z.object({ type: z.literal("OPEN_REALIZATIONS") }),
  z.object({ type: z.literal("OPEN_ASSESSMENTS") }),
  z.object({ type: z.literal("CHECK_DISTRIBUTION") }),
  z.object({ type: z.literal("FREEZE_RESULTS") }),
  z.object({ type: z.literal("RECORD_REOPENING"), reason: ReasonSchema, ...eventBase }),
  z.object({ type: z.literal("UNFREEZE_RESULTS") }),
]);
/** A period effect. */
export type PeriodEffect = z.infer<typeof PeriodEffectSchema>;

/** The outcome of a period transition: the next state and the effects to run. */
export interface PeriodTransitionResult {
  /** The next state. */
  state: PeriodState;
  /** Effects for the caller to run, in order. */
  effects: PeriodEffect[];
}

/** The event types allowed in a state, in table order (for a server listing what a user may do next). */
export function allowedPeriodEvents(state: PeriodState): PeriodEventType[] {
  return eventsFrom(PERIOD, state);
}

const PERIOD: Machine<PeriodState, PeriodEventType> = {
  id: "period",
  label: "period",
  table: PERIOD_TRANSITIONS,
};

function requireZero(
  count: number | undefined,
  from: PeriodState,
  event: PeriodEventType,
  guard: string,
  what: string,
): void {
  if (count !== undefined && count > 0) {
    throw illegalTransition(
      PERIOD,
      from,
      event,
      `cannot ${event} from ${from} while ${count} ${what}`,
      guard,
    );
  }
}

function checkGuards(state: PeriodState, event: PeriodEvent): void {
  switch (event.type) {
    case "START_EXECUTION":
      requireZero(
        event.unapprovedPlans,
        state,
        event.type,
        "PLANS_NOT_APPROVED",
        "work plan(s) are not approved",
      );
      return;
    case "START_CALIBRATION":
      requireZero(
        event.openAssessments,
        state,
        event.type,
        "ASSESSMENTS_OPEN",
        "assessment(s) are not final",
      );
      return;
    case "CLOSE":
      requireZero(
        event.openAssessments,
        state,
        event.type,
        "ASSESSMENTS_OPEN",
        "assessment(s) are not final",
      );
      requireZero(
        event.blockingViolations,
        state,
        event.type,
        "DISTRIBUTION_VIOLATIONS",
        "distribution violation(s) of severity ERROR remain",
      );
      return;
    default:
      return;
  }
}

function effectsOf(state: PeriodState, event: PeriodEvent): PeriodEffect[] {
  switch (event.type) {
    case "START_PLANNING":
      return [{ type: "PIN_RULE_PACKAGE", rulePackage: event.rulePackage }];
    case "START_EXECUTION":
      return [{ type: "OPEN_REALIZATIONS" }];
    case "START_ASSESSMENT":
      return [{ type: "OPEN_ASSESSMENTS" }];
    case "START_CALIBRATION":
      return [{ type: "CHECK_DISTRIBUTION" }];
    case "CLOSE":
      return [{ type: "FREEZE_RESULTS" }];
    case "REOPEN":
      return [
        { type: "RECORD_REOPENING", reason: event.reason, actorId: event.actorId, at: event.at },
        { type: "UNFREEZE_RESULTS" },
      ];
    default:
      throw illegalTransition(PERIOD, state, String((event as { type?: unknown }).type), "unknown event");
  }
}

/**
 * The pure period transition: the next state and the effects to run. The state and the event are
 * validated first by {@link PeriodStateSchema} and {@link PeriodEventSchema}: a missing or
 * malformed field (no `at`, `at: "yesterday"`, a blank REOPEN `reason`, an unknown type) is
 * VALIDATION_FAILED naming it (`event.at`). Then a KinerjaError ILLEGAL_TRANSITION (details
 * `{ machine: "period", from, event, guard? }`) when the table has no row for the state and
 * event, or a guard fails:
 * - START_EXECUTION: `unapprovedPlans` must be 0 when given (PLANS_NOT_APPROVED);
 * - START_CALIBRATION and CLOSE: `openAssessments` must be 0 when given (ASSESSMENTS_OPEN);
 * - CLOSE: `blockingViolations` must be 0 when given (DISTRIBUTION_VIOLATIONS).
 * Runs no effect and reads no clock.
 *
 * @example transitionPeriod("DRAFT", { type: "START_PLANNING", actorId: "hr-1", at: "2026-01-02T08:00:00Z",
 *   rulePackage: { id: "permenpanrb-6-2022", version: "1.0.0", config: {} } })
 * // { state: "PLANNING", effects: [{ type: "PIN_RULE_PACKAGE", rulePackage: { ... } }] }
 */
export function transitionPeriod(state: PeriodState, input: PeriodEvent): PeriodTransitionResult {
  parseOrThrow(PeriodStateSchema, state, { prefix: ["state"] });
  const event = parseOrThrow(PeriodEventSchema, input, { prefix: ["event"] });
  const to = nextState(PERIOD, state, event.type);
  checkGuards(state, event);
  return { state: to, effects: effectsOf(state, event) };
}

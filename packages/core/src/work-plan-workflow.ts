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
 * The states of a work plan (SKP): drafted by the employee, submitted to the direct superior
 * (pejabat penilai kinerja), who approves it, asks for a revision or rejects it (PermenPAN-RB
 * 6/2022, as run in BKN's e-Kinerja). Codes match `GLOSSARY.workPlanState`.
 */
export const WORK_PLAN_STATES = ["DRAFT", "SUBMITTED", "APPROVED", "REVISION_REQUESTED", "REJECTED"] as const;

/** A work plan state code (see {@link WORK_PLAN_STATES}). */
export const WorkPlanStateSchema = z.enum(WORK_PLAN_STATES);
/** A work plan state. */
export type WorkPlanState = z.infer<typeof WorkPlanStateSchema>;

/** The event types of the work plan workflow. */
export const WORK_PLAN_EVENT_TYPES = [
  "EDIT",
  "SUBMIT",
  "APPROVE",
  "REQUEST_REVISION",
  "REJECT",
  "AMEND",
] as const;

/** A work plan event type code (see {@link WORK_PLAN_EVENT_TYPES}). */
export const WorkPlanEventTypeSchema = z.enum(WORK_PLAN_EVENT_TYPES);
/** A work plan event type. */
export type WorkPlanEventType = z.infer<typeof WorkPlanEventTypeSchema>;

/** An event of the work plan workflow. */
export const WorkPlanEventSchema = z.discriminatedUnion("type", [
  /** The plan's content changed (only while DRAFT or REVISION_REQUESTED). */
  z.object({ type: z.literal("EDIT"), ...eventBase }),
  z.object({
    type: z.literal("SUBMIT"),
    ...eventBase,
    /**
     * Whether the plan changed since the revision was requested; when `false` a resubmission
     * from REVISION_REQUESTED is refused (EDITS_REQUIRED). Omit when unknown.
     */
    changed: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("APPROVE"),
    ...eventBase,
    /** An optional note from the approver. */
    comment: z.string().max(4000).optional(),
  }),
  z.object({
    type: z.literal("REQUEST_REVISION"),
    ...eventBase,
    /** What must change (required, shown to the employee). */
    reason: ReasonSchema,
  }),
  z.object({
    type: z.literal("REJECT"),
    ...eventBase,
    /** Why the plan is rejected (required, shown to the employee). */
    reason: ReasonSchema,
  }),
  z.object({
    type: z.literal("AMEND"),
    ...eventBase,
    /** Why an approved plan changes (required, recorded with the amendment). */
    reason: ReasonSchema,
  }),
]);
/** A work plan event. */
export type WorkPlanEvent = z.infer<typeof WorkPlanEventSchema>;

/** One row of the work plan transition table. */
export interface WorkPlanTransition {
  /** The state the transition leaves. */
  readonly from: WorkPlanState;
  /** The event that causes it. */
  readonly event: WorkPlanEventType;
  /** The state it enters. */
  readonly to: WorkPlanState;
}

/**
 * The work plan transition table, as data. DRAFT and REVISION_REQUESTED are the only editable
 * states (EDIT keeps the state). SUBMITTED ends in APPROVED, REVISION_REQUESTED or REJECTED;
 * REJECTED is final (the employee drafts a new plan, the rejected one stays on record). An
 * APPROVED plan changes only through AMEND, which records the amendment and sends the plan back
 * to SUBMITTED, so the superior approves the amended plan again: every change of an approved
 * plan is both recorded and approved. The number of amendments is the number of
 * RECORD_AMENDMENT effects the caller stored.
 */
export const WORK_PLAN_TRANSITIONS: readonly WorkPlanTransition[] = [
  { from: "DRAFT", event: "EDIT", to: "DRAFT" },
  { from: "DRAFT", event: "SUBMIT", to: "SUBMITTED" },
  { from: "SUBMITTED", event: "APPROVE", to: "APPROVED" },
  { from: "SUBMITTED", event: "REQUEST_REVISION", to: "REVISION_REQUESTED" },
  { from: "SUBMITTED", event: "REJECT", to: "REJECTED" },
  { from: "REVISION_REQUESTED", event: "EDIT", to: "REVISION_REQUESTED" },
  { from: "REVISION_REQUESTED", event: "SUBMIT", to: "SUBMITTED" },
  { from: "APPROVED", event: "AMEND", to: "SUBMITTED" },
];

/** Who a notification effect is for: the plan's employee or their direct superior. */
export const NotificationRecipientSchema = z.enum(["EMPLOYEE", "SUPERVISOR"]);

/**
 * A side effect the work plan workflow asks for, as data; the caller runs it.
 * - `NOTIFY`: tell the employee or the superior that `event` happened.
 * - `RECORD_REVIEW`: store the superior's decision with its `reason` (revision, rejection) or the
 *   approver's `comment`, under the names the events use.
 * - `LOCK_PLAN` / `UNLOCK_PLAN`: the plan's content becomes read-only / editable by amendment.
 * - `RECORD_AMENDMENT`: store who amended the approved plan, when and why.
 */
export const WorkPlanEffectSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("NOTIFY"),
    recipient: NotificationRecipientSchema,
    event: WorkPlanEventTypeSchema,
  }),
  z.object({
    type: z.literal("RECORD_REVIEW"),
    decision: z.enum(["APPROVED", "REVISION_REQUESTED", "REJECTED"]),
    /** Why a revision was requested or the plan rejected. */
    reason: z.string().max(4000).optional(),
    /** The approver's note, when an approval has one. */
    comment: z.string().max(4000).optional(),
    ...eventBase,
  }),
  z.object({ type: z.literal("LOCK_PLAN") }),
  z.object({ type: z.literal("UNLOCK_PLAN") }),
  z.object({ type: z.literal("RECORD_AMENDMENT"), reason: ReasonSchema, ...eventBase }),
]);
/** A work plan effect. */
export type WorkPlanEffect = z.infer<typeof WorkPlanEffectSchema>;

/** The outcome of a work plan transition: the next state and the effects to run. */
export interface WorkPlanTransitionResult {
  /** The next state. */
  state: WorkPlanState;
  /** Effects for the caller to run, in order. */
  effects: WorkPlanEffect[];
}

/** The event types allowed in a state, in table order (for a server listing what a user may do next). */
export function allowedWorkPlanEvents(state: WorkPlanState): WorkPlanEventType[] {
  return eventsFrom(WORK_PLAN, state);
}

const WORK_PLAN: Machine<WorkPlanState, WorkPlanEventType> = {
  id: "workPlan",
  label: "work plan",
  table: WORK_PLAN_TRANSITIONS,
};

function effectsOf(state: WorkPlanState, event: WorkPlanEvent): WorkPlanEffect[] {
  const who = { actorId: event.actorId, at: event.at };
  switch (event.type) {
    case "EDIT":
      return [];
    case "SUBMIT":
      if (state === "REVISION_REQUESTED" && event.changed === false) {
        throw illegalTransition(
          WORK_PLAN,
          state,
          event.type,
          "edit the plan before submitting it again (a revision was requested)",
          "EDITS_REQUIRED",
        );
      }
      return [{ type: "NOTIFY", recipient: "SUPERVISOR", event: event.type }];
    case "APPROVE":
      return [
        {
          type: "RECORD_REVIEW",
          decision: "APPROVED",
          ...(event.comment === undefined || event.comment.trim() === ""
            ? {}
            : { comment: event.comment.trim() }),
          ...who,
        },
        { type: "LOCK_PLAN" },
        { type: "NOTIFY", recipient: "EMPLOYEE", event: event.type },
      ];
    case "REQUEST_REVISION":
      return [
        {
          type: "RECORD_REVIEW",
          decision: "REVISION_REQUESTED",
          reason: event.reason,
          ...who,
        },
        { type: "NOTIFY", recipient: "EMPLOYEE", event: event.type },
      ];
    case "REJECT":
      return [
        {
          type: "RECORD_REVIEW",
          decision: "REJECTED",
          reason: event.reason,
          ...who,
        },
        { type: "NOTIFY", recipient: "EMPLOYEE", event: event.type },
      ];
    case "AMEND":
      return [
        { type: "RECORD_AMENDMENT", reason: event.reason, ...who },
        { type: "UNLOCK_PLAN" },
        { type: "NOTIFY", recipient: "SUPERVISOR", event: event.type },
      ];
    default:
      throw illegalTransition(WORK_PLAN, state, String((event as { type?: unknown }).type), "unknown event");
  }
}

/**
 * The pure work plan transition: the next state and the effects to run. The state and the event
 * are validated first by {@link WorkPlanStateSchema} and {@link WorkPlanEventSchema}: APPROVE
 * without `at` or with `at: "yesterday"`, or REQUEST_REVISION, REJECT and AMEND without a
 * non-blank `reason`, are VALIDATION_FAILED naming the field (`event.reason`). Then a KinerjaError
 * ILLEGAL_TRANSITION (details `{ machine: "workPlan", from, event, guard? }`) when the table has
 * no row for the state and event, or when SUBMIT from REVISION_REQUESTED has `changed: false`
 * (guard EDITS_REQUIRED).
 * Whether the actor may do it (the owner submits, only the direct superior approves, nobody
 * approves their own plan) is decided by the policy (`authorize`), not here.
 *
 * @example transitionWorkPlan("DRAFT", { type: "SUBMIT", actorId: "199001012015031001", at: "2026-01-10T09:00:00Z" })
 * // { state: "SUBMITTED", effects: [{ type: "NOTIFY", recipient: "SUPERVISOR", event: "SUBMIT" }] }
 */
export function transitionWorkPlan(state: WorkPlanState, input: WorkPlanEvent): WorkPlanTransitionResult {
  parseOrThrow(WorkPlanStateSchema, state, { prefix: ["state"] });
  const event = parseOrThrow(WorkPlanEventSchema, input, { prefix: ["event"] });
  const to = nextState(WORK_PLAN, state, event.type);
  return { state: to, effects: effectsOf(state, event) };
}

import mitt, { type Emitter, type Handler } from "mitt";
import {
  allowedPeriodEvents,
  type PeriodEffect,
  type PeriodEvent,
  type PeriodEventType,
  type PeriodState,
  transitionPeriod,
} from "./period-workflow";
import {
  allowedWorkPlanEvents,
  transitionWorkPlan,
  type WorkPlanEffect,
  type WorkPlanEvent,
  type WorkPlanEventType,
  type WorkPlanState,
} from "./work-plan-workflow";

/** The payload of every domain event: what changed, why, and the effects the caller must run. */
export interface TransitionPayload<TState extends string, TEvent, TEffect> {
  /** The id of the period or plan the runtime holds, when given. */
  id?: string;
  /** The state before. */
  from: TState;
  /** The state after. */
  to: TState;
  /** The event applied. */
  event: TEvent;
  /** The effects returned by the pure transition (not run by the runtime). */
  effects: TEffect[];
}

/** The domain event emitted for each period event type, besides `period.transitioned`. */
export const PERIOD_DOMAIN_EVENTS = {
  START_PLANNING: "period.planningStarted",
  START_EXECUTION: "period.executionStarted",
  START_ASSESSMENT: "period.assessmentStarted",
  START_CALIBRATION: "period.calibrationStarted",
  CLOSE: "period.closed",
  REOPEN: "period.reopened",
} as const satisfies Record<PeriodEventType, string>;

/** The domain event emitted for each work plan event type, besides `workPlan.transitioned`. */
export const WORK_PLAN_DOMAIN_EVENTS = {
  EDIT: "workPlan.edited",
  SUBMIT: "workPlan.submitted",
  APPROVE: "workPlan.approved",
  REQUEST_REVISION: "workPlan.revisionRequested",
  REJECT: "workPlan.rejected",
  AMEND: "workPlan.amended",
} as const satisfies Record<WorkPlanEventType, string>;

/** The payload of period domain events. */
export type PeriodTransitionPayload = TransitionPayload<PeriodState, PeriodEvent, PeriodEffect>;
/** The payload of work plan domain events. */
export type WorkPlanTransitionPayload = TransitionPayload<WorkPlanState, WorkPlanEvent, WorkPlanEffect>;

/** Typed period domain events: `period.transitioned` for every transition, and one per event type. */
export type PeriodDomainEvents = {
  [K in "period.transitioned" | (typeof PERIOD_DOMAIN_EVENTS)[PeriodEventType]]: PeriodTransitionPayload;
};
/** Typed work plan domain events: `workPlan.transitioned` for every transition, and one per event type. */
export type WorkPlanDomainEvents = {
  [K in
    | "workPlan.transitioned"
    | (typeof WORK_PLAN_DOMAIN_EVENTS)[WorkPlanEventType]]: WorkPlanTransitionPayload;
};

/** What a runtime holds: the current state and how many transitions it applied. */
export interface WorkflowSnapshot<TState extends string> {
  /** The id of the period or plan, when given. */
  id?: string;
  /** The current state. */
  state: TState;
  /** Transitions applied since the runtime started (for optimistic concurrency by the caller). */
  version: number;
}

/** A small stateful runtime around a pure workflow: holds a snapshot, applies events, emits domain events. */
export interface WorkflowRuntime<
  TState extends string,
  TEventType extends string,
  TEvent,
  TEffect,
  TEvents extends Record<string, unknown>,
> {
  /** The current snapshot (a copy). */
  snapshot(): WorkflowSnapshot<TState>;
  /** The event types allowed in the current state. */
  allowedEvents(): TEventType[];
  /**
   * Applies an event through the pure transition, updates the snapshot and emits the domain
   * events; throws the transition's KinerjaError (ILLEGAL_TRANSITION) and leaves the snapshot
   * unchanged when the event is not allowed. Returns the payload emitted.
   */
  send(event: TEvent): TransitionPayload<TState, TEvent, TEffect>;
  /** Subscribes to a domain event (`"*"` for all). */
  on: Emitter<TEvents>["on"];
  /** Unsubscribes. */
  off: Emitter<TEvents>["off"];
}

/** Options of a runtime: the entity id and the state to start from. */
export interface WorkflowRuntimeOptions<TState extends string> {
  /** The id of the period or plan (copied into every payload). */
  id?: string;
  /** The state to start from (default DRAFT). */
  state?: TState;
}

/** A period runtime. */
export type PeriodRuntime = WorkflowRuntime<
  PeriodState,
  PeriodEventType,
  PeriodEvent,
  PeriodEffect,
  PeriodDomainEvents
>;
/** A work plan runtime. */
export type WorkPlanRuntime = WorkflowRuntime<
  WorkPlanState,
  WorkPlanEventType,
  WorkPlanEvent,
  WorkPlanEffect,
  WorkPlanDomainEvents
>;

interface Machine<
  TState extends string,
  TEventType extends string,
  TEvent extends { type: TEventType },
  TEffect,
> {
  transitioned: string;
  names: Record<TEventType, string>;
  transition(state: TState, event: TEvent): { state: TState; effects: TEffect[] };
  allowed(state: TState): TEventType[];
}

function createRuntime<
  TState extends string,
  TEventType extends string,
  TEvent extends { type: TEventType },
  TEffect,
  TEvents extends Record<string, TransitionPayload<TState, TEvent, TEffect>>,
>(
  machine: Machine<TState, TEventType, TEvent, TEffect>,
  initial: TState,
  options: WorkflowRuntimeOptions<TState>,
): WorkflowRuntime<TState, TEventType, TEvent, TEffect, TEvents> {
  type Payload = TransitionPayload<TState, TEvent, TEffect>;
  const emitter = mitt<Record<string, Payload>>();
  let state = options.state ?? initial;
  let version = 0;
  const idPart = options.id === undefined ? {} : { id: options.id };
  return {
    snapshot: () => ({ ...idPart, state, version }),
    allowedEvents: () => machine.allowed(state),
    send(event) {
      const result = machine.transition(state, event);
      const payload: Payload = {
        ...idPart,
        from: state,
        to: result.state,
        event,
        effects: result.effects,
      };
      state = result.state;
      version += 1;
      emitter.emit(machine.transitioned, payload);
      emitter.emit(machine.names[event.type], payload);
      return payload;
    },
    on: emitter.on as unknown as Emitter<TEvents>["on"],
    off: emitter.off as unknown as Emitter<TEvents>["off"],
  };
}

/**
 * A period runtime: holds the period's state, applies events with {@link transitionPeriod} and
 * emits `period.transitioned` plus the event's own domain event (e.g. `period.closed`).
 *
 * @example
 * const period = createPeriodRuntime({ id: "2026" });
 * period.on("period.closed", ({ effects }) => store(effects));
 * period.send({ type: "START_PLANNING", actorId: "hr-1", at: "2026-01-02T08:00:00Z", rulePackage });
 */
export function createPeriodRuntime(options: WorkflowRuntimeOptions<PeriodState> = {}): PeriodRuntime {
  return createRuntime<PeriodState, PeriodEventType, PeriodEvent, PeriodEffect, PeriodDomainEvents>(
    {
      transitioned: "period.transitioned",
      names: PERIOD_DOMAIN_EVENTS,
      transition: transitionPeriod,
      allowed: allowedPeriodEvents,
    },
    "DRAFT",
    options,
  );
}

/**
 * A work plan runtime: holds the plan's state, applies events with {@link transitionWorkPlan}
 * and emits `workPlan.transitioned` plus the event's own domain event (e.g. `workPlan.approved`).
 */
export function createWorkPlanRuntime(options: WorkflowRuntimeOptions<WorkPlanState> = {}): WorkPlanRuntime {
  return createRuntime<WorkPlanState, WorkPlanEventType, WorkPlanEvent, WorkPlanEffect, WorkPlanDomainEvents>(
    {
      transitioned: "workPlan.transitioned",
      names: WORK_PLAN_DOMAIN_EVENTS,
      transition: transitionWorkPlan,
      allowed: allowedWorkPlanEvents,
    },
    "DRAFT",
    options,
  );
}

/** A typed handler of a period domain event. */
export type PeriodEventHandler = Handler<PeriodTransitionPayload>;
/** A typed handler of a work plan domain event. */
export type WorkPlanEventHandler = Handler<WorkPlanTransitionPayload>;

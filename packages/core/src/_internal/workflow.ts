import { z } from "zod";
import { KinerjaError } from "../errors";

/** Who causes an event (employee id or the embedding system's user id). */
const ActorIdSchema = z.string().trim().min(1, "an actor id is required").max(64);

/** When an event happens: an ISO 8601 timestamp passed in by the caller (the core reads no clock). */
const TimestampSchema = z.iso.datetime({
  offset: true,
  error: "expected an ISO 8601 timestamp such as 2026-01-05T08:00:00Z",
});

/** A required, recorded reason. */
export const ReasonSchema = z.string().trim().min(1, "a reason is required").max(4000);

/** The fields every workflow event carries. */
export const eventBase = {
  /** Who causes the event (employee id or the embedding system's user id). */
  actorId: ActorIdSchema,
  /** When it happens, as an ISO 8601 timestamp passed in by the caller (the core never reads a clock). */
  at: TimestampSchema,
};

/** A row of a transition table. */
interface Row<TState extends string, TEvent extends string> {
  readonly from: TState;
  readonly event: TEvent;
  readonly to: TState;
}

/** A workflow: its name in error details, its name in messages, and its transition table. */
export interface Machine<TState extends string, TEvent extends string> {
  readonly id: "period" | "workPlan";
  readonly label: string;
  readonly table: readonly Row<TState, TEvent>[];
}

/** An ILLEGAL_TRANSITION error with details `{ machine, from, event, guard? }`. */
export function illegalTransition(
  machine: Machine<string, string>,
  from: string,
  event: string,
  message: string,
  guard?: string,
): KinerjaError {
  return new KinerjaError("ILLEGAL_TRANSITION", `${machine.label}: ${message}`, {
    details: { machine: machine.id, from, event, ...(guard === undefined ? {} : { guard }) },
  });
}

/** The event types allowed in a state, in table order. */
export function eventsFrom<TState extends string, TEvent extends string>(
  machine: Machine<TState, TEvent>,
  state: TState,
): TEvent[] {
  return machine.table.filter((t) => t.from === state).map((t) => t.event);
}

/** The state an event leads to from `state`, or ILLEGAL_TRANSITION listing what is allowed. */
export function nextState<TState extends string, TEvent extends string>(
  machine: Machine<TState, TEvent>,
  state: TState,
  event: TEvent,
): TState {
  const row = machine.table.find((t) => t.from === state && t.event === event);
  if (row !== undefined) return row.to;
  const allowed = eventsFrom(machine, state);
  throw illegalTransition(
    machine,
    state,
    String(event),
    `event ${String(event)} is not allowed in state ${state} (allowed: ${allowed.length === 0 ? "none" : allowed.join(", ")})`,
  );
}

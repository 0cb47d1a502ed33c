import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { isKinerjaError } from "../src/errors";
import {
  transitionWorkPlan,
  WORK_PLAN_STATES,
  WORK_PLAN_TRANSITIONS,
  type WorkPlanEvent,
  type WorkPlanState,
} from "../src/work-plan-workflow";

const who = { actorId: fc.constantFrom("emp-1", "sup-1"), at: fc.constant("2026-02-01T08:00:00Z") };
const reason = fc.constantFrom("", "  ", "perbaiki target", "penugasan baru");

const workPlanEvent: fc.Arbitrary<WorkPlanEvent> = fc.oneof(
  fc.record({ type: fc.constant("EDIT" as const), ...who }),
  fc
    .record({
      type: fc.constant("SUBMIT" as const),
      ...who,
      changed: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ changed, ...rest }) => (changed === undefined ? rest : { ...rest, changed })),
  fc.record({ type: fc.constant("APPROVE" as const), ...who }),
  fc.record({ type: fc.constant("REQUEST_REVISION" as const), ...who, reason }),
  fc.record({ type: fc.constant("REJECT" as const), ...who, reason }),
  fc.record({ type: fc.constant("AMEND" as const), ...who, reason }),
);

const startState = fc.constantFrom<WorkPlanState>(...WORK_PLAN_STATES);

function run(start: WorkPlanState, events: readonly WorkPlanEvent[]) {
  let state = start;
  const steps: { from: WorkPlanState; event: WorkPlanEvent["type"]; to: WorkPlanState; effects: string[] }[] =
    [];
  for (const event of events) {
    try {
      const result = transitionWorkPlan(state, event);
      steps.push({
        from: state,
        event: event.type,
        to: result.state,
        effects: result.effects.map((e) => e.type),
      });
      state = result.state;
    } catch (error) {
      // A refused step: not allowed (ILLEGAL_TRANSITION) or malformed, e.g. a blank reason (VALIDATION_FAILED).
      if (!isKinerjaError(error) || !["ILLEGAL_TRANSITION", "VALIDATION_FAILED"].includes(error.code))
        throw error;
    }
  }
  return { state, steps };
}

test.prop([startState, fc.array(workPlanEvent, { maxLength: 40 })])(
  "no event sequence reaches a state outside the declared work plan states",
  (start, events) => {
    const { state, steps } = run(start, events);
    expect(WORK_PLAN_STATES).toContain(state);
    for (const step of steps) expect(WORK_PLAN_STATES).toContain(step.to);
  },
);

test.prop([startState, fc.array(workPlanEvent, { maxLength: 40 })])(
  "every applied work plan step is a row of the transition table",
  (start, events) => {
    const { steps } = run(start, events);
    for (const { from, event, to } of steps)
      expect(WORK_PLAN_TRANSITIONS).toContainEqual({ from, event, to });
  },
);

test.prop([fc.array(workPlanEvent, { maxLength: 40 })])(
  "an approved plan is only ever left with a recorded amendment",
  (events) => {
    const { steps } = run("APPROVED", events);
    for (const step of steps.filter((s) => s.from === "APPROVED"))
      expect(step.effects).toContain("RECORD_AMENDMENT");
  },
);

test.prop([fc.array(workPlanEvent, { maxLength: 40 })])("a rejected plan never changes state", (events) => {
  const { state, steps } = run("REJECTED", events);
  expect(state).toBe("REJECTED");
  expect(steps).toEqual([]);
});

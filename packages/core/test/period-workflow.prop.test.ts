import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { isKinerjaError } from "../src/errors";
import {
  PERIOD_STATES,
  PERIOD_TRANSITIONS,
  type PeriodEvent,
  PeriodEventSchema,
  type PeriodState,
  transitionPeriod,
} from "../src/period-workflow";

const who = { actorId: fc.constantFrom("hr-1", "hr-2"), at: fc.constant("2026-03-01T00:00:00Z") };
const count = fc.option(fc.nat({ max: 3 }), { nil: undefined });
const withOptional = <T extends Record<string, unknown>>(record: T) =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

const periodEvent: fc.Arbitrary<PeriodEvent> = fc.oneof(
  fc.record({
    type: fc.constant("START_PLANNING" as const),
    ...who,
    rulePackage: fc.record({
      id: fc.constant("permenpanrb-6-2022"),
      version: fc.constant("1.0.0"),
      config: fc.constant({}),
    }),
  }),
  fc
    .record({ type: fc.constant("START_EXECUTION" as const), ...who, unapprovedPlans: count })
    .map(withOptional),
  fc.record({ type: fc.constant("START_ASSESSMENT" as const), ...who }),
  fc
    .record({ type: fc.constant("START_CALIBRATION" as const), ...who, openAssessments: count })
    .map(withOptional),
  fc
    .record({
      type: fc.constant("CLOSE" as const),
      ...who,
      openAssessments: count,
      blockingViolations: count,
    })
    .map(withOptional),
  fc.record({
    type: fc.constant("REOPEN" as const),
    ...who,
    reason: fc.constantFrom("", " ", "banding", "koreksi data"),
  }),
);

const startState = fc.constantFrom<PeriodState>(...PERIOD_STATES);

/** Applies events, skipping rejected ones; returns every applied step. */
function run(start: PeriodState, events: readonly PeriodEvent[]) {
  let state = start;
  const steps: { from: PeriodState; event: PeriodEvent["type"]; to: PeriodState }[] = [];
  for (const event of events) {
    try {
      const next = transitionPeriod(state, event).state;
      steps.push({ from: state, event: event.type, to: next });
      state = next;
    } catch (error) {
      // A refused step: not allowed (ILLEGAL_TRANSITION) or malformed, e.g. a blank reason (VALIDATION_FAILED).
      if (!isKinerjaError(error) || !["ILLEGAL_TRANSITION", "VALIDATION_FAILED"].includes(error.code))
        throw error;
    }
  }
  return { state, steps };
}

test.prop([startState, fc.array(periodEvent, { maxLength: 40 })])(
  "no event sequence reaches a state outside the declared period states",
  (start, events) => {
    const { state, steps } = run(start, events);
    expect(PERIOD_STATES).toContain(state);
    for (const step of steps) expect(PERIOD_STATES).toContain(step.to);
  },
);

test.prop([startState, fc.array(periodEvent, { maxLength: 40 })])(
  "every applied period step is a row of the transition table",
  (start, events) => {
    const { steps } = run(start, events);
    for (const step of steps) expect(PERIOD_TRANSITIONS).toContainEqual(step);
  },
);

test.prop([startState, periodEvent])(
  "a well-formed event without a table row from the state is always rejected as ILLEGAL_TRANSITION",
  (state, event) => {
    fc.pre(!PERIOD_TRANSITIONS.some((t) => t.from === state && t.event === event.type));
    fc.pre(PeriodEventSchema.safeParse(event).success);
    expect(() => transitionPeriod(state, event)).toThrow(
      expect.objectContaining({ code: "ILLEGAL_TRANSITION" }),
    );
  },
);

test.prop([fc.array(periodEvent, { maxLength: 40 })])(
  "a CLOSED period is only ever left through REOPEN with a non-blank reason",
  (events) => {
    let state: PeriodState = "CLOSED";
    for (const event of events) {
      try {
        const next: PeriodState = transitionPeriod(state, event).state;
        if (state === "CLOSED") {
          expect(event.type).toBe("REOPEN");
          expect(event.type === "REOPEN" && event.reason.trim() !== "").toBe(true);
        }
        state = next;
      } catch (error) {
        if (!isKinerjaError(error)) throw error;
      }
    }
  },
);

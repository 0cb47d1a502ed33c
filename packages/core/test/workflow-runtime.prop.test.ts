import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { isKinerjaError } from "../src/errors";
import { WORK_PLAN_EVENT_TYPES, type WorkPlanEvent } from "../src/work-plan-workflow";
import { createWorkPlanRuntime, type WorkPlanTransitionPayload } from "../src/workflow-runtime";

const workPlanEvent: fc.Arbitrary<WorkPlanEvent> = fc
  .record({ type: fc.constantFrom(...WORK_PLAN_EVENT_TYPES), reason: fc.constantFrom("", "alasan") })
  .map(({ type, reason }) => {
    const who = { actorId: "emp-1", at: "2026-02-01T08:00:00Z" };
    return type === "REQUEST_REVISION" || type === "REJECT" || type === "AMEND"
      ? { type, ...who, reason }
      : { type, ...who };
  });

test.prop([fc.array(workPlanEvent, { maxLength: 30 })])(
  "the emitted transitions chain from state to state and the version counts them",
  (events) => {
    const plan = createWorkPlanRuntime();
    const emitted: WorkPlanTransitionPayload[] = [];
    plan.on("workPlan.transitioned", (p) => emitted.push(p));
    for (const event of events) {
      try {
        plan.send(event);
      } catch (error) {
        // A refused step: not allowed (ILLEGAL_TRANSITION) or malformed, e.g. a blank reason (VALIDATION_FAILED).
        if (!isKinerjaError(error) || !["ILLEGAL_TRANSITION", "VALIDATION_FAILED"].includes(error.code))
          throw error;
      }
    }
    let state = "DRAFT";
    for (const payload of emitted) {
      expect(payload.from).toBe(state);
      state = payload.to;
    }
    expect(plan.snapshot()).toEqual({ state, version: emitted.length });
  },
);

import { describe, expect, test } from "vitest";
import { isKinerjaError } from "../src/errors";
import { GLOSSARY } from "../src/glossary";
import {
  allowedWorkPlanEvents,
  transitionWorkPlan,
  WORK_PLAN_EVENT_TYPES,
  WORK_PLAN_STATES,
  WORK_PLAN_TRANSITIONS,
  type WorkPlanEvent,
  WorkPlanEventSchema,
  type WorkPlanState,
  WorkPlanStateSchema,
} from "../src/work-plan-workflow";

const employee = { actorId: "199001012015031001", at: "2026-01-10T09:00:00Z" };
const superior = { actorId: "196801011990031002", at: "2026-01-12T10:00:00+07:00" };

const events = {
  EDIT: { type: "EDIT", ...employee },
  SUBMIT: { type: "SUBMIT", ...employee },
  APPROVE: { type: "APPROVE", ...superior },
  REQUEST_REVISION: { type: "REQUEST_REVISION", ...superior, reason: "IKI 2 belum terukur" },
  REJECT: { type: "REJECT", ...superior, reason: "RHK tidak sesuai jabatan" },
  AMEND: { type: "AMEND", ...employee, reason: "penugasan baru dari pimpinan" },
} satisfies Record<(typeof WORK_PLAN_EVENT_TYPES)[number], WorkPlanEvent>;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("work plan states", () => {
  test("state codes are the glossary's workPlanState codes", () => {
    expect([...WORK_PLAN_STATES].sort()).toEqual(Object.keys(GLOSSARY.workPlanState).sort());
    expect(WorkPlanStateSchema.options).toEqual([...WORK_PLAN_STATES]);
  });

  test("the table only names declared states and events", () => {
    for (const t of WORK_PLAN_TRANSITIONS) {
      expect(WORK_PLAN_STATES).toContain(t.from);
      expect(WORK_PLAN_STATES).toContain(t.to);
      expect(WORK_PLAN_EVENT_TYPES).toContain(t.event);
    }
  });
});

describe("transitionWorkPlan happy paths", () => {
  test("draft, edit, submit and approve", () => {
    expect(transitionWorkPlan("DRAFT", events.EDIT)).toEqual({ state: "DRAFT", effects: [] });
    expect(transitionWorkPlan("DRAFT", events.SUBMIT)).toEqual({
      state: "SUBMITTED",
      effects: [{ type: "NOTIFY", recipient: "SUPERVISOR", event: "SUBMIT" }],
    });
    expect(transitionWorkPlan("SUBMITTED", { ...events.APPROVE, comment: " bagus " })).toEqual({
      state: "APPROVED",
      effects: [
        { type: "RECORD_REVIEW", decision: "APPROVED", comment: "bagus", ...superior },
        { type: "LOCK_PLAN" },
        { type: "NOTIFY", recipient: "EMPLOYEE", event: "APPROVE" },
      ],
    });
  });

  test("approval without a comment records no comment", () => {
    const [review] = transitionWorkPlan("SUBMITTED", events.APPROVE).effects;
    expect(review).toEqual({ type: "RECORD_REVIEW", decision: "APPROVED", ...superior });
  });

  test("revision requested, edited and resubmitted", () => {
    const revision = transitionWorkPlan("SUBMITTED", events.REQUEST_REVISION);
    expect(revision).toEqual({
      state: "REVISION_REQUESTED",
      effects: [
        { type: "RECORD_REVIEW", decision: "REVISION_REQUESTED", reason: "IKI 2 belum terukur", ...superior },
        { type: "NOTIFY", recipient: "EMPLOYEE", event: "REQUEST_REVISION" },
      ],
    });
    expect(transitionWorkPlan("REVISION_REQUESTED", events.EDIT).state).toBe("REVISION_REQUESTED");
    expect(transitionWorkPlan("REVISION_REQUESTED", { ...events.SUBMIT, changed: true }).state).toBe(
      "SUBMITTED",
    );
    expect(transitionWorkPlan("REVISION_REQUESTED", events.SUBMIT).state).toBe("SUBMITTED");
  });

  test("rejection is recorded with its reason and is final", () => {
    const result = transitionWorkPlan("SUBMITTED", events.REJECT);
    expect(result.state).toBe("REJECTED");
    expect(result.effects[0]).toEqual({
      type: "RECORD_REVIEW",
      decision: "REJECTED",
      reason: "RHK tidak sesuai jabatan",
      ...superior,
    });
    expect(allowedWorkPlanEvents("REJECTED")).toEqual([]);
  });

  test("an approved plan changes only through a recorded amendment, then is approved again", () => {
    expect(allowedWorkPlanEvents("APPROVED")).toEqual(["AMEND"]);
    const amended = transitionWorkPlan("APPROVED", events.AMEND);
    expect(amended).toEqual({
      state: "SUBMITTED",
      effects: [
        { type: "RECORD_AMENDMENT", reason: "penugasan baru dari pimpinan", ...employee },
        { type: "UNLOCK_PLAN" },
        { type: "NOTIFY", recipient: "SUPERVISOR", event: "AMEND" },
      ],
    });
    expect(transitionWorkPlan(amended.state, events.APPROVE).state).toBe("APPROVED");
  });

  test("two amendments give two RECORD_AMENDMENT effects", () => {
    let state: WorkPlanState = "APPROVED";
    let amendments = 0;
    for (const event of [events.AMEND, events.APPROVE, events.AMEND, events.APPROVE]) {
      const result = transitionWorkPlan(state, event);
      amendments += result.effects.filter((e) => e.type === "RECORD_AMENDMENT").length;
      state = result.state;
    }
    expect(state).toBe("APPROVED");
    expect(amendments).toBe(2);
  });
});

describe("allowedWorkPlanEvents", () => {
  test("lists the table's events per state", () => {
    expect(allowedWorkPlanEvents("DRAFT")).toEqual(["EDIT", "SUBMIT"]);
    expect(allowedWorkPlanEvents("SUBMITTED")).toEqual(["APPROVE", "REQUEST_REVISION", "REJECT"]);
    expect(allowedWorkPlanEvents("REVISION_REQUESTED")).toEqual(["EDIT", "SUBMIT"]);
  });
});

describe("illegal work plan transitions", () => {
  test("every (state, event) pair outside the table throws ILLEGAL_TRANSITION with details", () => {
    let checked = 0;
    for (const state of WORK_PLAN_STATES) {
      for (const type of WORK_PLAN_EVENT_TYPES) {
        if (allowedWorkPlanEvents(state).includes(type)) continue;
        const error = thrown(() => transitionWorkPlan(state, events[type]));
        expect(isKinerjaError(error)).toBe(true);
        if (!isKinerjaError(error)) continue;
        expect(error.code).toBe("ILLEGAL_TRANSITION");
        expect(error.details).toEqual({ machine: "workPlan", from: state, event: type });
        checked += 1;
      }
    }
    expect(checked).toBe(
      WORK_PLAN_STATES.length * WORK_PLAN_EVENT_TYPES.length - WORK_PLAN_TRANSITIONS.length,
    );
  });

  test("an approved plan cannot be edited directly", () => {
    expect(() => transitionWorkPlan("APPROVED", events.EDIT)).toThrow(
      /EDIT is not allowed in state APPROVED \(allowed: AMEND\)/,
    );
  });

  test("a submitted plan cannot be edited or approved twice", () => {
    expect(() => transitionWorkPlan("SUBMITTED", events.EDIT)).toThrow(/not allowed/);
    expect(() => transitionWorkPlan("APPROVED", events.APPROVE)).toThrow(/not allowed/);
  });

  test("revision, rejection and amendment without a reason are VALIDATION_FAILED on event.reason (issue 8 item 6)", () => {
    for (const [from, event] of [
      ["SUBMITTED", { ...events.REQUEST_REVISION, reason: " " }],
      ["SUBMITTED", { ...events.REJECT, reason: "" }],
      ["APPROVED", { ...events.AMEND, reason: "\t" }],
      ["APPROVED", { type: "AMEND", ...employee } as unknown as WorkPlanEvent],
    ] as const) {
      const error = thrown(() => transitionWorkPlan(from, event));
      expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
      expect((error as Error).message).toMatch(/^event\.reason: /);
    }
  });

  test('APPROVE without `at`, or with `at: "yesterday"`, is refused naming event.at (issue 8 item 6)', () => {
    const { at: _at, ...noTime } = events.APPROVE;
    for (const event of [
      noTime,
      { ...events.APPROVE, at: "yesterday" },
      { ...events.APPROVE, at: "2026-13-01" },
    ]) {
      const error = thrown(() => transitionWorkPlan("SUBMITTED", event as WorkPlanEvent));
      expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
      expect((error as Error).message).toMatch(/^event\.at: expected an ISO 8601 timestamp/);
    }
  });

  test("an unknown state or event type is VALIDATION_FAILED, not a table lookup", () => {
    const state = thrown(() => transitionWorkPlan("LOST" as WorkPlanState, events.EDIT));
    expect((state as Error).message).toMatch(/^state: /);
    const type = thrown(() => transitionWorkPlan("DRAFT", { ...events.EDIT, type: "PUBLISH" } as never));
    expect(isKinerjaError(type) && type.code).toBe("VALIDATION_FAILED");
    expect((type as Error).message).toMatch(/^event\.type: /);
  });

  test("resubmitting an unchanged plan after a revision request fails its guard", () => {
    const error = thrown(() =>
      transitionWorkPlan("REVISION_REQUESTED", { ...events.SUBMIT, changed: false }),
    );
    expect(isKinerjaError(error) && error.details.guard).toBe("EDITS_REQUIRED");
  });

  test("the changed flag does not block a first submission", () => {
    expect(transitionWorkPlan("DRAFT", { ...events.SUBMIT, changed: false }).state).toBe("SUBMITTED");
  });
});

describe("WorkPlanEventSchema", () => {
  test("accepts every event", () => {
    for (const event of Object.values(events))
      expect(WorkPlanEventSchema.safeParse(event).success).toBe(true);
  });

  test("rejects a blank amendment reason and an unknown type, naming the field", () => {
    const blank = WorkPlanEventSchema.safeParse({ ...events.AMEND, reason: "" });
    expect(blank.error?.issues[0]?.path).toEqual(["reason"]);
    const unknown = WorkPlanEventSchema.safeParse({ type: "PUBLISH", ...employee });
    expect(unknown.success).toBe(false);
    const noTime = WorkPlanEventSchema.safeParse({ type: "SUBMIT", actorId: "x" });
    expect(noTime.error?.issues[0]?.path).toEqual(["at"]);
  });
});

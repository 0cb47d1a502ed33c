import { describe, expect, test } from "vitest";
import { isKinerjaError } from "../src/errors";
import { GLOSSARY } from "../src/glossary";
import {
  allowedPeriodEvents,
  PERIOD_EVENT_TYPES,
  PERIOD_STATES,
  PERIOD_TRANSITIONS,
  type PeriodEvent,
  PeriodEventSchema,
  type PeriodState,
  PeriodStateSchema,
  PinnedRulePackageSchema,
  transitionPeriod,
} from "../src/period-workflow";

const who = { actorId: "hr-1", at: "2026-01-02T08:00:00Z" };
const rulePackage = { id: "permenpanrb-6-2022", version: "1.0.0", config: { strictCurve: true } };

const events = {
  START_PLANNING: { type: "START_PLANNING", ...who, rulePackage },
  START_EXECUTION: { type: "START_EXECUTION", ...who },
  START_ASSESSMENT: { type: "START_ASSESSMENT", ...who },
  START_CALIBRATION: { type: "START_CALIBRATION", ...who },
  CLOSE: { type: "CLOSE", ...who },
  REOPEN: { type: "REOPEN", ...who, reason: "keberatan pegawai dikabulkan" },
} satisfies Record<(typeof PERIOD_EVENT_TYPES)[number], PeriodEvent>;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("period states", () => {
  test("state codes are the glossary's periodState codes", () => {
    expect([...PERIOD_STATES].sort()).toEqual(Object.keys(GLOSSARY.periodState).sort());
    expect(PeriodStateSchema.options).toEqual([...PERIOD_STATES]);
  });

  test("the table only names declared states and events", () => {
    for (const t of PERIOD_TRANSITIONS) {
      expect(PERIOD_STATES).toContain(t.from);
      expect(PERIOD_STATES).toContain(t.to);
      expect(PERIOD_EVENT_TYPES).toContain(t.event);
    }
  });
});

describe("transitionPeriod happy path", () => {
  test("runs the full cycle with its effects", () => {
    let state: PeriodState = "DRAFT";
    const seen: string[] = [];
    for (const type of [
      "START_PLANNING",
      "START_EXECUTION",
      "START_ASSESSMENT",
      "START_CALIBRATION",
      "CLOSE",
    ] as const) {
      const result = transitionPeriod(state, events[type]);
      seen.push(`${state}->${result.state}:${result.effects.map((e) => e.type).join(",")}`);
      state = result.state;
    }
    expect(seen).toEqual([
      "DRAFT->PLANNING:PIN_RULE_PACKAGE",
      "PLANNING->EXECUTION:OPEN_REALIZATIONS",
      "EXECUTION->ASSESSMENT:OPEN_ASSESSMENTS",
      "ASSESSMENT->CALIBRATION:CHECK_DISTRIBUTION",
      "CALIBRATION->CLOSED:FREEZE_RESULTS",
    ]);
  });

  test("START_PLANNING pins the rule package from the event", () => {
    expect(transitionPeriod("DRAFT", events.START_PLANNING)).toEqual({
      state: "PLANNING",
      effects: [{ type: "PIN_RULE_PACKAGE", rulePackage }],
    });
  });

  test("CLOSE is allowed straight from ASSESSMENT (packages without calibration)", () => {
    expect(transitionPeriod("ASSESSMENT", events.CLOSE).state).toBe("CLOSED");
  });

  test("REOPEN records the trimmed reason, actor and time and unfreezes results", () => {
    const result = transitionPeriod("CLOSED", { ...events.REOPEN, reason: "  banding  " });
    expect(result).toEqual({
      state: "REOPENED",
      effects: [
        { type: "RECORD_REOPENING", reason: "banding", actorId: "hr-1", at: "2026-01-02T08:00:00Z" },
        { type: "UNFREEZE_RESULTS" },
      ],
    });
  });

  test("a REOPENED period goes back to ASSESSMENT or CALIBRATION, then closes again", () => {
    const viaAssessment = transitionPeriod("REOPENED", events.START_ASSESSMENT);
    expect(viaAssessment.state).toBe("ASSESSMENT");
    expect(transitionPeriod(viaAssessment.state, events.CLOSE).state).toBe("CLOSED");
    const viaCalibration = transitionPeriod("REOPENED", events.START_CALIBRATION);
    expect(viaCalibration.state).toBe("CALIBRATION");
    expect(transitionPeriod(viaCalibration.state, events.CLOSE).state).toBe("CLOSED");
  });

  test("guards pass when the counts are zero", () => {
    expect(transitionPeriod("PLANNING", { ...events.START_EXECUTION, unapprovedPlans: 0 }).state).toBe(
      "EXECUTION",
    );
    expect(transitionPeriod("ASSESSMENT", { ...events.START_CALIBRATION, openAssessments: 0 }).state).toBe(
      "CALIBRATION",
    );
    expect(
      transitionPeriod("CALIBRATION", { ...events.CLOSE, openAssessments: 0, blockingViolations: 0 }).state,
    ).toBe("CLOSED");
  });

  test("the transition does not change its inputs", () => {
    const event = structuredClone(events.START_PLANNING);
    transitionPeriod("DRAFT", event);
    expect(event).toEqual(events.START_PLANNING);
  });
});

describe("allowedPeriodEvents", () => {
  test("lists the table's events per state", () => {
    expect(allowedPeriodEvents("DRAFT")).toEqual(["START_PLANNING"]);
    expect(allowedPeriodEvents("ASSESSMENT")).toEqual(["START_CALIBRATION", "CLOSE"]);
    expect(allowedPeriodEvents("CLOSED")).toEqual(["REOPEN"]);
    expect(allowedPeriodEvents("REOPENED")).toEqual(["START_ASSESSMENT", "START_CALIBRATION"]);
  });

  test("every state has at least one way out", () => {
    for (const state of PERIOD_STATES) expect(allowedPeriodEvents(state).length).toBeGreaterThan(0);
  });
});

describe("illegal period transitions", () => {
  test("every (state, event) pair outside the table throws ILLEGAL_TRANSITION with details", () => {
    let checked = 0;
    for (const state of PERIOD_STATES) {
      for (const type of PERIOD_EVENT_TYPES) {
        if (allowedPeriodEvents(state).includes(type)) continue;
        const error = thrown(() => transitionPeriod(state, events[type]));
        expect(isKinerjaError(error)).toBe(true);
        if (!isKinerjaError(error)) continue;
        expect(error.code).toBe("ILLEGAL_TRANSITION");
        expect(error.details).toEqual({ machine: "period", from: state, event: type });
        expect(error.message).toContain(state);
        checked += 1;
      }
    }
    expect(checked).toBe(PERIOD_STATES.length * PERIOD_EVENT_TYPES.length - PERIOD_TRANSITIONS.length);
  });

  test("skipping a stage is illegal (DRAFT cannot close, PLANNING cannot assess)", () => {
    expect(() => transitionPeriod("DRAFT", events.CLOSE)).toThrow(/not allowed in state DRAFT/);
    expect(() => transitionPeriod("PLANNING", events.START_ASSESSMENT)).toThrow(/allowed: START_EXECUTION/);
  });

  test("START_EXECUTION with unapproved plans fails its guard", () => {
    const error = thrown(() =>
      transitionPeriod("PLANNING", { ...events.START_EXECUTION, unapprovedPlans: 2 }),
    );
    expect(isKinerjaError(error) && error.details).toEqual({
      machine: "period",
      from: "PLANNING",
      event: "START_EXECUTION",
      guard: "PLANS_NOT_APPROVED",
    });
  });

  test("START_CALIBRATION and CLOSE with open assessments fail their guard", () => {
    for (const [from, event] of [
      ["ASSESSMENT", { ...events.START_CALIBRATION, openAssessments: 1 }],
      ["CALIBRATION", { ...events.CLOSE, openAssessments: 3 }],
      ["ASSESSMENT", { ...events.CLOSE, openAssessments: 1 }],
    ] as const) {
      const error = thrown(() => transitionPeriod(from, event));
      expect(isKinerjaError(error) && error.code).toBe("ILLEGAL_TRANSITION");
      expect(isKinerjaError(error) && error.details.guard).toBe("ASSESSMENTS_OPEN");
    }
  });

  test("CLOSE with blocking distribution violations fails its guard", () => {
    const error = thrown(() => transitionPeriod("CALIBRATION", { ...events.CLOSE, blockingViolations: 1 }));
    expect(isKinerjaError(error) && error.details.guard).toBe("DISTRIBUTION_VIOLATIONS");
  });

  test("REOPEN without a reason is VALIDATION_FAILED on event.reason (issue 8 item 6)", () => {
    for (const reason of ["", "   ", undefined]) {
      const error = thrown(() => transitionPeriod("CLOSED", { ...events.REOPEN, reason } as PeriodEvent));
      expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
      expect((error as Error).message).toMatch(/^event\.reason: /);
    }
  });

  test('an event without `at`, or with `at: "yesterday"`, is VALIDATION_FAILED on event.at', () => {
    for (const at of [undefined, "yesterday"]) {
      const error = thrown(() =>
        transitionPeriod("PLANNING", { ...events.START_EXECUTION, at } as PeriodEvent),
      );
      expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
      expect((error as Error).message).toMatch(/^event\.at: /);
    }
  });

  test("an unknown event type is VALIDATION_FAILED naming event.type", () => {
    const error = thrown(() =>
      transitionPeriod("DRAFT", { type: "PUBLISH", ...who } as unknown as PeriodEvent),
    );
    expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
    expect((error as Error).message).toMatch(/^event\.type: /);
  });
});

describe("PeriodEventSchema", () => {
  test("accepts the events and applies the rule package config default", () => {
    const parsed = PeriodEventSchema.parse({
      type: "START_PLANNING",
      ...who,
      rulePackage: { id: "pp-46-2011", version: "2.0.0" },
    });
    expect(parsed).toEqual({
      type: "START_PLANNING",
      ...who,
      rulePackage: { id: "pp-46-2011", version: "2.0.0", config: {} },
    });
    for (const event of Object.values(events)) expect(PeriodEventSchema.safeParse(event).success).toBe(true);
  });

  test("a pinned rule package names an exact version: a range such as ^1 is refused on rulePackage.version", () => {
    for (const version of ["^1", "1", "1.x", ">=1.0.0", "~1.0.0", "*", "v1.0.0"]) {
      const result = PinnedRulePackageSchema.safeParse({ id: "pp-46-2011", version });
      expect(result.success, version).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["version"]);
    }
    for (const version of ["1.0.0", "2.10.3", "1.0.0-rc.1"])
      expect(PinnedRulePackageSchema.safeParse({ id: "pp-46-2011", version }).success, version).toBe(true);
  });

  test("rejects a blank reopen reason, a missing actor, a bad timestamp and negative counts, naming the field", () => {
    const cases: [unknown, string][] = [
      [{ ...events.REOPEN, reason: "  " }, "reason"],
      [{ type: "CLOSE", at: who.at }, "actorId"],
      [{ type: "CLOSE", actorId: "a", at: "yesterday" }, "at"],
      [{ ...events.CLOSE, openAssessments: -1 }, "openAssessments"],
      [{ type: "START_PLANNING", ...who }, "rulePackage"],
    ];
    for (const [input, field] of cases) {
      const result = PeriodEventSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toContain(field);
    }
  });
});

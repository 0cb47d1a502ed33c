import { describe, expect, test } from "vitest";
import { isKinerjaError } from "../src/errors";
import {
  createPeriodRuntime,
  createWorkPlanRuntime,
  PERIOD_DOMAIN_EVENTS,
  type PeriodTransitionPayload,
  WORK_PLAN_DOMAIN_EVENTS,
  type WorkPlanTransitionPayload,
} from "../src/workflow-runtime";

const hr = { actorId: "hr-1", at: "2026-01-02T08:00:00Z" };
const rulePackage = { id: "permenpanrb-6-2022", version: "1.0.0", config: {} };

describe("createPeriodRuntime", () => {
  test("starts in DRAFT with version 0 and lists the allowed events", () => {
    const period = createPeriodRuntime({ id: "2026" });
    expect(period.snapshot()).toEqual({ id: "2026", state: "DRAFT", version: 0 });
    expect(period.allowedEvents()).toEqual(["START_PLANNING"]);
  });

  test("applies events, updates the snapshot and emits the generic and the specific domain event", () => {
    const period = createPeriodRuntime({ id: "2026" });
    const all: PeriodTransitionPayload[] = [];
    const started: PeriodTransitionPayload[] = [];
    period.on("period.transitioned", (p) => all.push(p));
    period.on("period.planningStarted", (p) => started.push(p));
    const event = { type: "START_PLANNING" as const, ...hr, rulePackage };
    const payload = period.send(event);
    const expected = {
      id: "2026",
      from: "DRAFT",
      to: "PLANNING",
      event,
      effects: [{ type: "PIN_RULE_PACKAGE", rulePackage }],
    };
    expect(payload).toEqual(expected);
    expect(all).toEqual([expected]);
    expect(started).toEqual([expected]);
    expect(period.snapshot()).toEqual({ id: "2026", state: "PLANNING", version: 1 });
  });

  test("the wildcard handler sees every domain event name in order", () => {
    const period = createPeriodRuntime({ state: "CALIBRATION" });
    const names: string[] = [];
    period.on("*", (type) => names.push(String(type)));
    period.send({ type: "CLOSE", ...hr });
    period.send({ type: "REOPEN", ...hr, reason: "koreksi" });
    expect(names).toEqual(["period.transitioned", "period.closed", "period.transitioned", "period.reopened"]);
  });

  test("an illegal event throws, emits nothing and leaves the snapshot unchanged", () => {
    const period = createPeriodRuntime({ state: "EXECUTION" });
    const seen: unknown[] = [];
    period.on("*", (type) => seen.push(type));
    let error: unknown;
    try {
      period.send({ type: "CLOSE", ...hr });
    } catch (e) {
      error = e;
    }
    expect(isKinerjaError(error) && error.code).toBe("ILLEGAL_TRANSITION");
    expect(seen).toEqual([]);
    expect(period.snapshot()).toEqual({ state: "EXECUTION", version: 0 });
  });

  test("off removes a handler", () => {
    const period = createPeriodRuntime();
    const seen: unknown[] = [];
    const handler = (p: PeriodTransitionPayload) => seen.push(p);
    period.on("period.transitioned", handler);
    period.off("period.transitioned", handler);
    period.send({ type: "START_PLANNING", ...hr, rulePackage });
    expect(seen).toEqual([]);
  });

  test("each period event type has its own domain event name", () => {
    expect(new Set(Object.values(PERIOD_DOMAIN_EVENTS)).size).toBe(Object.keys(PERIOD_DOMAIN_EVENTS).length);
  });
});

describe("createWorkPlanRuntime", () => {
  test("emits workPlan.approved with from, to, event and effects", () => {
    const plan = createWorkPlanRuntime({ id: "wp-1", state: "SUBMITTED" });
    const approved: WorkPlanTransitionPayload[] = [];
    plan.on("workPlan.approved", (p) => approved.push(p));
    const event = { type: "APPROVE" as const, actorId: "sup-1", at: "2026-01-12T10:00:00Z" };
    plan.send(event);
    expect(approved).toEqual([
      {
        id: "wp-1",
        from: "SUBMITTED",
        to: "APPROVED",
        event,
        effects: [
          { type: "RECORD_REVIEW", decision: "APPROVED", actorId: "sup-1", at: "2026-01-12T10:00:00Z" },
          { type: "LOCK_PLAN" },
          { type: "NOTIFY", recipient: "EMPLOYEE", event: "APPROVE" },
        ],
      },
    ]);
    expect(plan.allowedEvents()).toEqual(["AMEND"]);
  });

  test("counts transitions in the snapshot version across a revision loop", () => {
    const plan = createWorkPlanRuntime();
    const names: string[] = [];
    plan.on("*", (type) => names.push(String(type)));
    const emp = { actorId: "emp-1", at: "2026-01-10T09:00:00Z" };
    const sup = { actorId: "sup-1", at: "2026-01-11T09:00:00Z" };
    plan.send({ type: "SUBMIT", ...emp });
    plan.send({ type: "REQUEST_REVISION", ...sup, reason: "target terlalu rendah" });
    plan.send({ type: "EDIT", ...emp });
    plan.send({ type: "SUBMIT", ...emp, changed: true });
    plan.send({ type: "APPROVE", ...sup });
    plan.send({ type: "AMEND", ...emp, reason: "mutasi tugas" });
    expect(plan.snapshot()).toEqual({ state: "SUBMITTED", version: 6 });
    expect(names.filter((n) => n !== "workPlan.transitioned")).toEqual([
      "workPlan.submitted",
      "workPlan.revisionRequested",
      "workPlan.edited",
      "workPlan.submitted",
      "workPlan.approved",
      "workPlan.amended",
    ]);
  });

  test("each work plan event type has its own domain event name", () => {
    expect(new Set(Object.values(WORK_PLAN_DOMAIN_EVENTS)).size).toBe(
      Object.keys(WORK_PLAN_DOMAIN_EVENTS).length,
    );
  });

  test("two runtimes do not share state or handlers", () => {
    const a = createWorkPlanRuntime();
    const b = createWorkPlanRuntime();
    const seen: unknown[] = [];
    b.on("*", (type) => seen.push(type));
    a.send({ type: "SUBMIT", actorId: "emp-1", at: "2026-01-10T09:00:00Z" });
    expect(b.snapshot().state).toBe("DRAFT");
    expect(seen).toEqual([]);
  });
});

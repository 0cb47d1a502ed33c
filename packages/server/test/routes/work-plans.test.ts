import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, NIP, planFor, toyRegistry } from "../helpers/records";

describeEachDatabase("work plan routes", (dbs) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({
      database: await dbs.fresh(),
      registry: toyRegistry(),
      clock: () => new Date("2026-01-05T08:00:00Z"),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function planningPeriod(agency: string) {
    const c = client(t, agency);
    await c.setup();
    const periodId = await c.period();
    expect((await c.transition(periodId, "START_PLANNING")).statusCode).toBe(200);
    return { c, periodId };
  }

  test("draft → edit → submit → revision → edit → submit → approve, each with audit and outbox", async () => {
    const { c, periodId } = await planningPeriod("w-flow");
    const drafted = await c.draft(periodId, NIP.staff1, planFor("s1"));
    expect(drafted.statusCode).toBe(201);
    const plan = drafted.json();
    expect(plan).toMatchObject({
      periodId,
      employeeId: NIP.staff1,
      state: "DRAFT",
      version: 1,
      review: null,
      allowedEvents: ["EDIT", "SUBMIT"],
    });
    expect(plan.plan).toMatchObject({
      id: plan.id,
      employeeId: NIP.staff1,
      approach: "KUANTITATIF",
      behaviours: [],
    });
    const edit = (ifMatch: string, target: number) =>
      t.app.inject({
        method: "PUT",
        url: `/v1/work-plans/${plan.id}`,
        headers: { ...c.as(NIP.staff1), "if-match": ifMatch },
        payload: {
          plan: {
            ...planFor("s1"),
            results: [
              { ...planFor("s1").results[0], indicators: [{ id: "s1-i1", aspect: "KUANTITAS", target }] },
            ],
          },
        },
      });
    const edited = await edit('"1"', 20);
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).toBe('"2"');
    expect(edited.json().plan.results[0].indicators[0].target).toBe(20);
    expect((await edit('"1"', 30)).statusCode).toBe(409);
    expect((await c.step(plan.id, "submit", NIP.staff1, { version: 2 })).json().state).toBe("SUBMITTED");
    expect((await edit('"3"', 25)).json().code).toBe("ILLEGAL_TRANSITION");
    const noReason = await c.step(plan.id, "request-revision", NIP.chief, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.issues[0].path).toEqual(["reason"]);
    const revision = await c.step(plan.id, "request-revision", NIP.chief, {
      reason: "target terlalu rendah",
    });
    expect(revision.json()).toMatchObject({
      state: "REVISION_REQUESTED",
      review: { decision: "REVISION_REQUESTED", reason: "target terlalu rendah", actorId: NIP.chief },
    });
    const unchanged = await c.step(plan.id, "submit", NIP.staff1);
    expect(unchanged.statusCode).toBe(409);
    expect(unchanged.json().details.guard).toBe("EDITS_REQUIRED");
    expect((await edit('"4"', 24)).statusCode).toBe(200);
    expect((await c.step(plan.id, "submit", NIP.staff1)).json().state).toBe("SUBMITTED");
    const approved = await c.step(plan.id, "approve", NIP.chief, { comment: "ok" });
    expect(approved.json()).toMatchObject({
      state: "APPROVED",
      allowedEvents: ["AMEND"],
      review: { decision: "APPROVED", reason: "ok" },
    });
    const audit = await t.app.inject({
      method: "GET",
      url: `/v1/audit?entityType=work_plan&entityId=${plan.id}`,
      headers: c.hr,
    });
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual([
      "work_plan.draft",
      "work_plan.edit",
      "work_plan.submit",
      "work_plan.request_revision",
      "work_plan.edit",
      "work_plan.submit",
      "work_plan.approve",
    ]);
    const events = await t.database.db
      .selectFrom("outbox")
      .select("type")
      .where("entity_id", "=", plan.id)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      "workPlan.drafted",
      "workPlan.edited",
      "workPlan.submitted",
      "workPlan.revisionRequested",
      "workPlan.edited",
      "workPlan.submitted",
      "workPlan.approved",
    ]);
  });

  test("only the employee drafts and submits; only the direct superior reviews", async () => {
    const { c, periodId } = await planningPeriod("w-auth");
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/work-plans",
          headers: c.as(NIP.chief),
          payload: { periodId, employeeId: NIP.staff1, plan: planFor("x") },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/work-plans",
          headers: c.hr,
          payload: { periodId, employeeId: NIP.staff1, plan: planFor("x") },
        })
      ).statusCode,
    ).toBe(403);
    const drafted = await c.draft(periodId, NIP.staff1, planFor("s1"));
    const id = drafted.json().id as string;
    expect((await c.step(id, "submit", NIP.chief)).statusCode).toBe(403);
    expect((await c.step(id, "submit", NIP.staff1)).statusCode).toBe(200);
    expect((await c.step(id, "approve", NIP.staff1)).statusCode).toBe(403);
    expect((await c.step(id, "approve", NIP.head)).statusCode).toBe(403);
    expect((await c.step(id, "approve", NIP.staff2)).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `/v1/work-plans/${id}/approve`,
          headers: c.hr,
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    expect((await c.step(id, "reject", NIP.chief, { reason: "di luar tugas" })).json().state).toBe(
      "REJECTED",
    );
    const again = await c.draft(periodId, NIP.staff1, planFor("s1"));
    expect(again.statusCode).toBe(201);
    const duplicate = await c.draft(periodId, NIP.staff1, planFor("s1"));
    expect(duplicate.statusCode).toBe(409);
    const read = (who: Record<string, string>) =>
      t.app.inject({ method: "GET", url: `/v1/work-plans/${id}`, headers: who });
    expect((await read(c.as(NIP.staff1))).statusCode).toBe(200);
    expect((await read(c.as(NIP.chief))).statusCode).toBe(200);
    expect((await read(c.as(NIP.head))).statusCode).toBe(200);
    expect((await read(c.auditor)).statusCode).toBe(200);
    expect((await read(c.as(NIP.staff2))).statusCode).toBe(403);
    expect((await read(client(t, "w-flow").hr)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/work-plans/nope", headers: c.hr })).statusCode,
    ).toBe(404);
    const mine = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans?employeeId=${NIP.staff1}&periodId=${periodId}`,
      headers: c.as(NIP.staff1),
    });
    expect(
      mine
        .json()
        .items.map((p: { state: string }) => p.state)
        .sort(),
    ).toEqual(["DRAFT", "REJECTED"]);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/work-plans", headers: c.as(NIP.staff1) })).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/work-plans?state=REJECTED", headers: c.hr })).json()
        .items,
    ).toHaveLength(1);
    expect((await t.app.inject({ method: "GET", url: "/v1/work-plans" })).statusCode).toBe(401);
  });

  test("bad plans are a 400 naming the field; plans wait for an open period", async () => {
    const c = client(t, "w-bad");
    await c.setup();
    const periodId = await c.period();
    const empty = await t.app.inject({
      method: "POST",
      url: "/v1/work-plans",
      headers: c.as(NIP.staff1),
      payload: { periodId, plan: { results: [] } },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details.issues[0].path).toEqual(["plan", "results"]);
    const badAspect = await t.app.inject({
      method: "POST",
      url: "/v1/work-plans",
      headers: c.as(NIP.staff1),
      payload: {
        periodId,
        plan: {
          results: [{ id: "r", kind: "UTAMA", indicators: [{ id: "i", aspect: "SPEED", target: 1 }] }],
        },
      },
    });
    expect(badAspect.json().details.issues[0].path).toEqual([
      "plan",
      "results",
      0,
      "indicators",
      0,
      "aspect",
    ]);
    const wrongOwner = await t.app.inject({
      method: "POST",
      url: "/v1/work-plans",
      headers: c.as(NIP.staff1),
      payload: { periodId, plan: { ...planFor("a"), employeeId: NIP.staff2 } },
    });
    expect(wrongOwner.json().details.issues[0].path).toEqual(["plan", "employeeId"]);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/work-plans",
          headers: c.as(NIP.staff1),
          payload: { periodId: "nope", plan: planFor("a") },
        })
      ).statusCode,
    ).toBe(404);
    expect((await c.draft(periodId, NIP.staff1, planFor("a"))).statusCode).toBe(201);
    expect((await c.transition(periodId, "START_PLANNING")).statusCode).toBe(200);
    expect((await c.transition(periodId, "START_EXECUTION")).json().details.guard).toBe("PLANS_NOT_APPROVED");
    const later = await c.period("2026 bis");
    for (const event of ["START_PLANNING", "START_EXECUTION", "START_ASSESSMENT"])
      expect((await c.transition(later, event)).statusCode).toBe(200);
    const tooLate = await c.draft(later, NIP.staff1, planFor("b"));
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().details.guard).toBe("PERIOD_NOT_OPEN_FOR_PLANS");
  });

  test("the cascade check follows the superior's plan; a wrong parent blocks submission with 422", async () => {
    const { c, periodId } = await planningPeriod("w-cascade");
    const chiefPlan = await c.approvedPlan(periodId, NIP.chief, NIP.head, planFor("chief"));
    const good = await c.draft(periodId, NIP.staff1, planFor("s1", "chief-r1"));
    const cascade = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${good.json().id}/cascade`,
      headers: c.as(NIP.staff1),
    });
    expect(cascade.json()).toEqual({
      workPlanId: good.json().id,
      superiorId: NIP.chief,
      superiorPlanId: chiefPlan,
      consistent: true,
      issues: [],
    });
    expect((await c.step(good.json().id, "submit", NIP.staff1)).statusCode).toBe(200);
    const bad = await c.draft(periodId, NIP.staff2, planFor("s2", "nowhere-r9"));
    const report = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${bad.json().id}/cascade`,
      headers: c.as(NIP.chief),
    });
    expect(report.json().consistent).toBe(false);
    expect(report.json().issues[0]).toMatchObject({ code: "PARENT_NOT_FOUND", planId: bad.json().id });
    const blocked = await c.step(bad.json().id, "submit", NIP.staff2);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json()).toMatchObject({
      code: "CASCADE_INVALID",
      details: { issues: [{ code: "PARENT_NOT_FOUND" }] },
    });
    const unlinked = await c.draft(periodId, NIP.outsider, planFor("out"));
    const strict = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${unlinked.json().id}/cascade?requireParent=true`,
      headers: c.hr,
    });
    expect(strict.json()).toMatchObject({ superiorId: null, superiorPlanId: null, consistent: true });
  });

  test("an approved plan changes only by a recorded amendment that goes back to the superior", async () => {
    const { c, periodId } = await planningPeriod("w-amend");
    const id = await c.approvedPlan(periodId, NIP.staff1, NIP.chief, planFor("s1"));
    const edit = await t.app.inject({
      method: "PUT",
      url: `/v1/work-plans/${id}`,
      headers: c.as(NIP.staff1),
      payload: { plan: planFor("s1b") },
    });
    expect(edit.statusCode).toBe(409);
    const amend = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: "POST",
        url: `/v1/work-plans/${id}/amendments`,
        headers: c.as(NIP.staff1),
        payload,
      });
    const noReason = await amend({ plan: planFor("s1b") });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.issues[0].path).toEqual(["reason"]);
    const amended = await amend({ plan: planFor("s1b"), reason: "tugas tambahan dari pimpinan", version: 3 });
    expect(amended.statusCode).toBe(200);
    expect(amended.json()).toMatchObject({ state: "SUBMITTED", plan: { results: [{ id: "s1b-r1" }] } });
    const amendments = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${id}/amendments`,
      headers: c.as(NIP.chief),
    });
    expect(amendments.json().items).toHaveLength(1);
    expect(amendments.json().items[0]).toMatchObject({
      actorId: NIP.staff1,
      reason: "tugas tambahan dari pimpinan",
      before: { results: [{ id: "s1-r1" }] },
      after: { results: [{ id: "s1b-r1" }] },
    });
    expect((await c.step(id, "approve", NIP.chief)).json().state).toBe("APPROVED");
  });

  test("an Idempotency-Key replays the draft", async () => {
    const { c, periodId } = await planningPeriod("w-idem");
    const draft = () =>
      t.app.inject({
        method: "POST",
        url: "/v1/work-plans",
        headers: { ...c.as(NIP.staff2), "idempotency-key": "draft-1" },
        payload: { periodId, plan: planFor("s2") },
      });
    const first = await draft();
    const second = await draft();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers["idempotent-replayed"]).toBe("true");
  });
});

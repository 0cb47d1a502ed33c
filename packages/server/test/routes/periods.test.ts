import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, NIP, planFor, toyRegistry } from "../helpers/records";

describeEachDatabase("period routes", (dbs) => {
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

  test("HR creates a period with a cadence; members read it with its sub-periods", async () => {
    const c = client(t, "p-create");
    await c.setup();
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/periods",
      headers: c.hr,
      payload: { name: "Penilaian 2026", start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
    });
    expect(res.statusCode).toBe(201);
    const period = res.json();
    expect(period).toMatchObject({
      name: "Penilaian 2026",
      state: "DRAFT",
      cadence: "QUARTERLY",
      rulePackage: null,
      version: 1,
      allowedEvents: ["START_PLANNING"],
    });
    expect(period.subPeriods.map((s: { key: string }) => s.key)).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
      "2026-Q4",
    ]);
    expect(period.subPeriods[0].label).toEqual({ id: "Triwulan I 2026", en: "Q1 2026" });
    const read = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${period.id}`,
      headers: c.as(NIP.staff1),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(period);
    const list = await t.app.inject({ method: "GET", url: "/v1/periods", headers: c.auditor });
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([period.id]);
  });

  test("bad dates are a 400 naming the field; only HR creates; other agencies see 404", async () => {
    const c = client(t, "p-bad");
    await c.setup();
    const reversed = await t.app.inject({
      method: "POST",
      url: "/v1/periods",
      headers: c.hr,
      payload: { start: "2026-12-31", end: "2026-01-01" },
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().details.issues[0].path).toEqual(["end"]);
    const badDate = await t.app.inject({
      method: "POST",
      url: "/v1/periods",
      headers: c.hr,
      payload: { start: "2026-13-01", end: "2026-12-31" },
    });
    expect(badDate.json().details.issues[0].path).toEqual(["start"]);
    const badCadence = await t.app.inject({
      method: "POST",
      url: "/v1/periods",
      headers: c.hr,
      payload: { start: "2026-01-01", end: "2026-12-31", cadence: "WEEKLY" },
    });
    expect(badCadence.json().details.issues[0].path).toEqual(["cadence"]);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/periods",
          headers: c.as(NIP.head),
          payload: { start: "2026-01-01", end: "2026-12-31" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/periods",
          payload: { start: "2026-01-01", end: "2026-12-31" },
        })
      ).statusCode,
    ).toBe(401);
    const id = await c.period();
    const other = client(t, "p-create");
    expect(
      (await t.app.inject({ method: "GET", url: `/v1/periods/${id}`, headers: other.hr })).statusCode,
    ).toBe(404);
    expect((await other.transition(id, "START_PLANNING")).statusCode).toBe(404);
  });

  test("the workflow pins the rule package at START_PLANNING and keeps it through reopening", async () => {
    const c = client(t, "p-flow");
    await c.setup();
    const id = await c.period();
    const planning = await c.transition(id, "START_PLANNING");
    expect(planning.statusCode).toBe(200);
    expect(planning.json()).toMatchObject({
      state: "PLANNING",
      version: 2,
      rulePackage: { id: "toy-rules", version: "1.0.0", config: { threshold: 40, label: "toy" } },
    });
    const reconfigure = await t.app.inject({
      method: "PUT",
      url: "/v1/agencies/p-flow/rule-package",
      headers: c.hr,
      payload: { id: "toy-rules", config: { threshold: 90 } },
    });
    expect(reconfigure.statusCode).toBe(200);
    expect((await c.transition(id, "START_EXECUTION")).json().state).toBe("EXECUTION");
    expect((await c.transition(id, "START_ASSESSMENT")).json().state).toBe("ASSESSMENT");
    expect((await c.transition(id, "CLOSE")).json().state).toBe("CLOSED");
    const noReason = await c.transition(id, "REOPEN");
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.issues[0].path).toEqual(["reason"]);
    const reopened = await c.transition(id, "REOPEN", { reason: "keberatan pegawai dikabulkan" });
    expect(reopened.json()).toMatchObject({
      state: "REOPENED",
      rulePackage: { version: "1.0.0", config: { threshold: 40 } },
      allowedEvents: ["START_ASSESSMENT", "START_CALIBRATION"],
    });
    const audit = await t.app.inject({
      method: "GET",
      url: `/v1/audit?entityType=period&entityId=${id}`,
      headers: c.auditor,
    });
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual([
      "period.create",
      "period.start_planning",
      "period.start_execution",
      "period.start_assessment",
      "period.close",
      "period.reopen",
    ]);
    expect(audit.json().items[5]).toMatchObject({
      before: { state: "CLOSED" },
      after: { state: "REOPENED" },
      details: { reason: "keberatan pegawai dikabulkan" },
    });
  });

  test("illegal transitions and failed guards are 409; a stale version is 409", async () => {
    const c = client(t, "p-guard");
    await c.setup({ rulePackage: null });
    const id = await c.period();
    const skip = await c.transition(id, "CLOSE");
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({
      code: "ILLEGAL_TRANSITION",
      details: { from: "DRAFT", event: "CLOSE" },
    });
    const unconfigured = await c.transition(id, "START_PLANNING");
    expect(unconfigured.statusCode).toBe(409);
    expect(unconfigured.json().details.guard).toBe("RULE_PACKAGE_NOT_CHOSEN");
    await t.app.inject({
      method: "PUT",
      url: "/v1/agencies/p-guard/rule-package",
      headers: c.hr,
      payload: { id: "toy-rules" },
    });
    expect((await c.transition(id, "START_PLANNING", { version: 1 })).statusCode).toBe(200);
    const stale = await c.transition(id, "START_EXECUTION", { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("CONFLICT");
    const drafted = await c.draft(id, NIP.staff1, planFor("s1"));
    expect(drafted.statusCode).toBe(201);
    const blocked = await c.transition(id, "START_EXECUTION");
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().details.guard).toBe("PLANS_NOT_APPROVED");
    expect((await c.step(drafted.json().id, "submit", NIP.staff1)).statusCode).toBe(200);
    expect((await c.step(drafted.json().id, "approve", NIP.chief)).statusCode).toBe(200);
    const started = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${id}/transitions`,
      headers: { ...c.hr, "if-match": '"2"' },
      payload: { event: "START_EXECUTION" },
    });
    expect(started.statusCode).toBe(200);
    expect(started.json().state).toBe("EXECUTION");
    const unknownEvent = await c.transition(id, "FINISH");
    expect(unknownEvent.statusCode).toBe(400);
    expect(unknownEvent.json().details.issues[0].path).toEqual(["event"]);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `/v1/periods/${id}/transitions`,
          headers: c.as(NIP.head),
          payload: { event: "START_ASSESSMENT" },
        })
      ).statusCode,
    ).toBe(403);
  });

  test("an Idempotency-Key replays the creation instead of creating a second period", async () => {
    const c = client(t, "p-idem");
    await c.setup();
    const create = () =>
      t.app.inject({
        method: "POST",
        url: "/v1/periods",
        headers: { ...c.hr, "idempotency-key": "period-2026" },
        payload: { start: "2026-01-01", end: "2026-12-31" },
      });
    const first = await create();
    const second = await create();
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json().id).toBe(first.json().id);
    const list = await t.app.inject({ method: "GET", url: "/v1/periods", headers: c.hr });
    expect(list.json().items).toHaveLength(1);
    const badKey = await t.app.inject({
      method: "POST",
      url: "/v1/periods",
      headers: { ...c.hr, "idempotency-key": "" },
      payload: { start: "2026-01-01", end: "2026-12-31" },
    });
    expect(badKey.statusCode).toBe(400);
  });
});

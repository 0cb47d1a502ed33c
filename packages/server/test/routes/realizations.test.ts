import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, NIP, planFor, toyRegistry } from "../helpers/records";

describeEachDatabase("realisation routes", (dbs) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({
      database: await dbs.fresh(),
      registry: toyRegistry(),
      clock: () => new Date("2026-04-02T08:00:00Z"),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function executing(agency: string) {
    const c = client(t, agency);
    return { c, ...(await c.approvedStaffPlan(planFor("s1"))) };
  }

  const evidence = [
    {
      kind: "DOCUMENT",
      url: "https://arsip.example.go.id/laporan-q1.pdf",
      description: "Laporan triwulan I",
    },
  ];

  test("the employee records a realisation per indicator and sub-period with evidence, then replaces it with If-Match", async () => {
    const { c, periodId, planId } = await executing("r-flow");
    const record = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: "POST",
        url: `/v1/work-plans/${planId}/realizations`,
        headers: { ...c.as(NIP.staff1), ...headers },
        payload,
      });
    expect((await record({ indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 3 })).statusCode).toBe(409);
    expect((await c.transition(periodId, "START_EXECUTION")).statusCode).toBe(200);
    const created = await record({ indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 3, evidence });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      workPlanId: planId,
      indicatorId: "s1-i1",
      subPeriod: "2026-Q1",
      value: 3,
      evidence,
      version: 1,
    });
    expect(created.headers.etag).toBe('"1"');
    const replaced = await record(
      { indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 4, evidence },
      { "if-match": '"1"' },
    );
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ id: created.json().id, value: 4, version: 2 });
    const stale = await record(
      { indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 5 },
      { "if-match": '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("CONFLICT");
    expect((await record({ indicatorId: "s1-i2", subPeriod: "2026-Q2", value: 9 })).statusCode).toBe(201);
    const list = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${planId}/realizations`,
      headers: c.as(NIP.chief),
    });
    expect(
      list
        .json()
        .items.map((r: { indicatorId: string; subPeriod: string; value: number }) => [
          r.indicatorId,
          r.subPeriod,
          r.value,
        ]),
    ).toEqual([
      ["s1-i1", "2026-Q1", 4],
      ["s1-i2", "2026-Q2", 9],
    ]);
    const filtered = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${planId}/realizations?subPeriod=2026-Q2`,
      headers: c.auditor,
    });
    expect(filtered.json().items).toHaveLength(1);
    const audit = await t.app.inject({
      method: "GET",
      url: `/v1/audit?entityType=realization&entityId=${created.json().id}`,
      headers: c.hr,
    });
    expect(
      audit
        .json()
        .items.map((i: { action: string; before: unknown }) => [
          i.action,
          (i.before as { value?: number } | null)?.value ?? null,
        ]),
    ).toEqual([
      ["realization.create", null],
      ["realization.update", 3],
    ]);
  });

  test("indicator and sub-period are checked against the plan and the period; evidence against its schema", async () => {
    const { c, periodId, planId } = await executing("r-bad");
    await c.transition(periodId, "START_EXECUTION");
    const record = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: "POST",
        url: `/v1/work-plans/${planId}/realizations`,
        headers: c.as(NIP.staff1),
        payload,
      });
    const unknownIndicator = await record({ indicatorId: "zz", subPeriod: "2026-Q1", value: 1 });
    expect(unknownIndicator.statusCode).toBe(400);
    expect(unknownIndicator.json().details.issues[0].path).toEqual(["indicatorId"]);
    const monthly = await record({ indicatorId: "s1-i1", subPeriod: "2026-01", value: 1 });
    expect(monthly.statusCode).toBe(400);
    expect(monthly.json().details.issues[0].path).toEqual(["subPeriod"]);
    const noEvidenceRef = await record({
      indicatorId: "s1-i1",
      subPeriod: "2026-Q1",
      value: 1,
      evidence: [{ kind: "DOCUMENT" }],
    });
    expect(noEvidenceRef.statusCode).toBe(400);
    expect(noEvidenceRef.json().details.issues[0].path).toEqual(["evidence", 0, "url"]);
    const notNumber = await record({ indicatorId: "s1-i1", subPeriod: "2026-Q1", value: "tiga" });
    expect(notNumber.json().details.issues[0].path).toEqual(["value"]);
    const versionOnCreate = await t.app.inject({
      method: "POST",
      url: `/v1/work-plans/${planId}/realizations`,
      headers: { ...c.as(NIP.staff1), "if-match": '"4"' },
      payload: { indicatorId: "s1-i1", subPeriod: "2026-Q3", value: 1 },
    });
    expect(versionOnCreate.statusCode).toBe(409);
    const list = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${planId}/realizations`,
      headers: c.as(NIP.staff1),
    });
    expect(list.json().items).toEqual([]);
  });

  test("only the employee records; superiors, HR and auditors read; other agencies see 404", async () => {
    const { c, periodId, planId } = await executing("r-auth");
    await c.transition(periodId, "START_EXECUTION");
    const payload = { indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 1 };
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: "POST", url: `/v1/work-plans/${planId}/realizations`, headers, payload });
    expect((await post(c.as(NIP.chief))).statusCode).toBe(403);
    expect((await post(c.hr)).statusCode).toBe(403);
    expect((await post(c.auditor)).statusCode).toBe(403);
    expect((await post({})).statusCode).toBe(401);
    expect((await post(client(t, "r-flow").as(NIP.staff1))).statusCode).toBe(404);
    const read = (headers: Record<string, string>) =>
      t.app.inject({ method: "GET", url: `/v1/work-plans/${planId}/realizations`, headers });
    expect((await read(c.as(NIP.staff2))).statusCode).toBe(403);
    expect((await read(c.as(NIP.head))).statusCode).toBe(200);
    expect((await read(client(t, "r-flow").hr)).statusCode).toBe(404);
  });

  test("a draft plan takes no realisation; an Idempotency-Key replays the recording", async () => {
    const { c, periodId, planId } = await executing("r-idem");
    const draft = await c.draft(periodId, NIP.staff2, planFor("s2"));
    await c.step(draft.json().id, "submit", NIP.staff2);
    await c.step(draft.json().id, "approve", NIP.chief);
    await c.transition(periodId, "START_EXECUTION");
    const fresh = await c.draft(periodId, NIP.outsider, planFor("out"));
    const unapproved = await t.app.inject({
      method: "POST",
      url: `/v1/work-plans/${fresh.json().id}/realizations`,
      headers: c.as(NIP.outsider),
      payload: { indicatorId: "out-i1", subPeriod: "2026-Q1", value: 1 },
    });
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json().details.guard).toBe("PLAN_NOT_APPROVED");
    const record = () =>
      t.app.inject({
        method: "POST",
        url: `/v1/work-plans/${planId}/realizations`,
        headers: { ...c.as(NIP.staff1), "idempotency-key": "q1-i1" },
        payload: { indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 2 },
      });
    const first = await record();
    const second = await record();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
  });
});

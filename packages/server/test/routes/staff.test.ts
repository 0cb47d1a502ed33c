import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, NIP, orgChart, toyRegistry } from "../helpers/records";

const CSV_HEADER =
  "nip,name,positionKind,structural,functionalLevel,isUnitHead,unitId,unitName,supervisorId,attr.gender";

describeEachDatabase("staff routes", (dbs) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ database: await dbs.fresh(), registry: toyRegistry() });
  });
  afterAll(async () => {
    await t.close();
  });

  async function agency(id: string) {
    const c = client(t, id);
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: { id, name: id },
    });
    expect(res.statusCode).toBe(201);
    return c;
  }

  const importJson = (
    c: ReturnType<typeof client>,
    employees: unknown[],
    query = "",
    extra: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: "POST",
      url: `/v1/staff/import${query}`,
      headers: { ...c.hr, ...extra },
      payload: { employees },
    });
  const importCsv = (c: ReturnType<typeof client>, csv: string, query = "") =>
    t.app.inject({
      method: "POST",
      url: `/v1/staff/import${query}`,
      headers: { ...c.hr, "content-type": "text/csv" },
      payload: csv,
    });
  const staffCount = async (c: ReturnType<typeof client>) =>
    (await t.app.inject({ method: "GET", url: "/v1/staff?limit=500", headers: c.hr })).json().items.length;

  test("a JSON import creates employees, units and reporting lines; re-importing changes nothing", async () => {
    const c = await agency("a-json");
    const first = await importJson(c, orgChart());
    expect(first.statusCode).toBe(200);
    const report = first.json();
    expect(report).toMatchObject({
      mode: "all-or-nothing",
      applied: true,
      rejected: [],
      unitsCreated: ["u-root", "u-bid"],
    });
    expect(report.accepted.map((a: { action: string }) => a.action)).toEqual([
      "created",
      "created",
      "created",
      "created",
      "created",
    ]);
    const again = await importJson(c, orgChart());
    expect(again.json().accepted.map((a: { action: string }) => a.action)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    const changed = orgChart();
    changed[3] = { ...changed[3], supervisorId: NIP.head, functionalLevel: "AHLI_MADYA" };
    const third = await importJson(c, changed);
    expect(third.json().accepted[3]).toEqual({ row: 4, nip: NIP.staff2, action: "updated" });
    const staff2 = await t.app.inject({ method: "GET", url: `/v1/staff/${NIP.staff2}`, headers: c.hr });
    expect(staff2.json()).toMatchObject({
      id: NIP.staff2,
      supervisorId: NIP.head,
      functionalLevel: "AHLI_MADYA",
      version: 2,
      unitName: "Bidang",
    });
    const head = await t.app.inject({ method: "GET", url: `/v1/staff/${NIP.head}`, headers: c.hr });
    expect(head.json().directReports).toEqual([NIP.chief, NIP.staff2]);
    const audit = await t.app.inject({
      method: "GET",
      url: `/v1/audit?entityType=employee&entityId=${NIP.staff2}`,
      headers: c.hr,
    });
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual([
      "employee.create",
      "employee.update",
    ]);
    expect(audit.json().items[1].before).toMatchObject({
      supervisorId: NIP.chief,
      functionalLevel: "AHLI_MUDA",
    });
  });

  test("a CSV import with a bad row writes nothing and reports every row (all-or-nothing)", async () => {
    const c = await agency("a-csv");
    const csv = [
      CSV_HEADER,
      `${NIP.head},Kepala,JPT,true,,ya,u-root,Dinas,,`,
      `${NIP.chief},Kabid,JA,true,,true,u-bid,Bidang,${NIP.head},M`,
      `${NIP.staff1},Staf,JX,,,,u-bid,,${NIP.chief},F`,
      `${NIP.staff2},Staf Dua,JF,,AHLI_MUDA,,u-bid,,${NIP.staff1},`,
    ].join("\n");
    const res = await importCsv(c, csv);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.details.issues[0].path).toEqual(["employees", 2, "positionKind"]);
    expect(body.details.report.applied).toBe(false);
    expect(body.details.report.rejected).toEqual([
      { row: 3, line: 4, nip: NIP.staff1, reasons: [{ path: "positionKind", message: expect.any(String) }] },
      {
        row: 4,
        line: 5,
        nip: NIP.staff2,
        reasons: [{ path: "supervisorId", message: expect.stringContaining(NIP.staff1) }],
      },
    ]);
    expect(await staffCount(c)).toBe(0);
    const units = await t.app.inject({ method: "GET", url: "/v1/agencies/a-csv", headers: c.hr });
    expect(units.json().units).toEqual([]);

    const accepted = await importCsv(c, csv, "?mode=accept-valid");
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ mode: "accept-valid", applied: true });
    expect(accepted.json().accepted.map((a: { nip: string }) => a.nip)).toEqual([NIP.head, NIP.chief]);
    expect(accepted.json().rejected.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect(await staffCount(c)).toBe(2);
    const chief = await t.app.inject({ method: "GET", url: `/v1/staff/${NIP.chief}`, headers: c.hr });
    expect(chief.json()).toMatchObject({
      structural: true,
      isUnitHead: true,
      supervisorId: NIP.head,
      attributes: { gender: "M" },
    });
  });

  test("a dry run reports without writing", async () => {
    const c = await agency("a-dry");
    const res = await importJson(c, orgChart(), "?dryRun=true");
    expect(res.json()).toMatchObject({ dryRun: true, applied: false, rejected: [] });
    expect(res.json().accepted).toHaveLength(5);
    expect(await staffCount(c)).toBe(0);
  });

  test("reporting lines must not form a cycle, also through stored staff", async () => {
    const c = await agency("a-cycle");
    expect((await importJson(c, orgChart())).statusCode).toBe(200);
    const res = await importJson(c, [{ id: NIP.head, positionKind: "JPT", supervisorId: NIP.staff1 }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0]).toMatchObject({
      path: ["employees", 0, "supervisorId"],
      message: expect.stringContaining("cycle"),
    });
    const self = await importJson(c, [{ id: "x1", positionKind: "JF", supervisorId: "x1" }]);
    expect(self.statusCode).toBe(400);
    const dup = await importJson(c, [
      { id: "d1", positionKind: "JF" },
      { id: "d1", positionKind: "JA" },
    ]);
    expect(dup.json().details.report.rejected.map((r: { row: number }) => r.row)).toEqual([1, 2]);
    expect(await staffCount(c)).toBe(5);
  });

  test("malformed files are a 400 naming the problem", async () => {
    const c = await agency("a-bad");
    const unknownColumn = await importCsv(c, "nip,positionKind,salary\n1,JF,100\n");
    expect(unknownColumn.statusCode).toBe(400);
    expect(unknownColumn.json().details.issues[0].path).toEqual(["body", "columns", "salary"]);
    const ragged = await importCsv(c, "nip,positionKind\n1,JF,extra\n");
    expect(ragged.statusCode).toBe(400);
    const missing = await importCsv(c, "nip,name\n1,A\n");
    expect(missing.json().details.issues[0].path).toEqual(["body", "columns", "positionKind"]);
    const notArray = await t.app.inject({
      method: "POST",
      url: "/v1/staff/import",
      headers: c.hr,
      payload: { employees: "nope" },
    });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().details.issues[0].path).toEqual(["employees"]);
    const badMode = await importJson(c, orgChart(), "?mode=sometimes");
    expect(badMode.statusCode).toBe(400);
    expect(await staffCount(c)).toBe(0);
  });

  test("only HR_ADMIN imports; staff reads follow the reporting lines; other agencies see 404", async () => {
    const c = await agency("a-auth");
    expect((await importJson(c, orgChart())).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/staff/import",
          headers: c.as(NIP.head),
          payload: { employees: orgChart() },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/staff/import",
          headers: c.auditor,
          payload: { employees: orgChart() },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: "POST", url: "/v1/staff/import", payload: { employees: orgChart() } }))
        .statusCode,
    ).toBe(401);
    const read = (who: Record<string, string>, nip: string) =>
      t.app.inject({ method: "GET", url: `/v1/staff/${nip}`, headers: who });
    expect((await read(c.as(NIP.staff1), NIP.staff1)).statusCode).toBe(200);
    expect((await read(c.as(NIP.chief), NIP.staff1)).statusCode).toBe(200);
    expect((await read(c.as(NIP.head), NIP.staff1)).statusCode).toBe(200);
    expect((await read(c.as(NIP.staff2), NIP.staff1)).statusCode).toBe(403);
    expect((await read(c.auditor, NIP.staff1)).statusCode).toBe(200);
    expect((await read(c.hr, "nobody")).statusCode).toBe(404);
    expect((await read(client(t, "a-json").hr, NIP.outsider)).statusCode).toBe(200);
    const other = client(t, "elsewhere");
    expect((await read(other.hr, NIP.staff1)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/staff", headers: c.as(NIP.head) })).statusCode,
    ).toBe(403);
    const page1 = await t.app.inject({ method: "GET", url: "/v1/staff?limit=2", headers: c.auditor });
    expect(page1.json().items).toHaveLength(2);
    const page2 = await t.app.inject({
      method: "GET",
      url: `/v1/staff?limit=10&cursor=${page1.json().nextCursor}`,
      headers: c.auditor,
    });
    expect(page2.json().items).toHaveLength(3);
    expect(page2.json().nextCursor).toBeNull();
    const team = await t.app.inject({
      method: "GET",
      url: `/v1/staff?supervisorId=${NIP.chief}`,
      headers: c.hr,
    });
    expect(team.json().items.map((e: { id: string }) => e.id)).toEqual([NIP.staff1, NIP.staff2]);
  });

  test("an Idempotency-Key replays the import report", async () => {
    const c = await agency("a-idem");
    const first = await importJson(c, orgChart(), "", { "idempotency-key": "import-1" });
    const second = await importJson(c, orgChart(), "", { "idempotency-key": "import-1" });
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    const reused = await importJson(c, orgChart().slice(0, 1), "", { "idempotency-key": "import-1" });
    expect(reused.statusCode).toBe(409);
    const audit = await t.app.inject({ method: "GET", url: "/v1/audit?action=staff.import", headers: c.hr });
    expect(audit.json().items).toHaveLength(1);
  });
});

import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-12-20T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;
let ids = 0;

const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "ag1") =>
  t.authHeader({ sub, roles, agency });
const HR = () => as("hr-admin", ["HR_ADMIN"]);
const base = () => `/v1/periods/${a.periodId}/units/${a.unitId}`;
const setState = (state: string) =>
  database.db.updateTable("periods").set({ state }).where("id", "=", a.periodId).execute();

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, {
    agencyId: "ag1",
    state: "ASSESSMENT",
    staffCount: 5,
    capaian: [10, 11, 12, 13, 9],
  });
  await seedAgency(database, { agencyId: "ag2", state: "ASSESSMENT" });
  t = await testApp({
    database,
    registry: fixtureRegistry(),
    clock: () => NOW,
    newId: () => {
      ids += 1;
      return `cal-${String(ids).padStart(5, "0")}`;
    },
  });
  for (const s of a.staff.slice(0, 4)) {
    const put = await t.app.inject({
      method: "PUT",
      url: `/v1/periods/${a.periodId}/assessments/${s}`,
      headers: as(a.supervisor),
      payload: { resultRating: "DI_ATAS_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" },
    });
    expect(put.statusCode, put.body).toBe(201);
    const fin = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/assessments/${s}/finalise`,
      headers: as(a.supervisor),
    });
    expect(fin.statusCode, fin.body).toBe(200);
  }
});

afterAll(async () => {
  await t.close();
  await database.close();
});

describe("organisation result", () => {
  test("HR sets it with versions; others may not; the predikat is validated", async () => {
    const put = (headers: Record<string, string>, payload: object) =>
      t.app.inject({ method: "PUT", url: `${base()}/organisation-result`, headers, payload });
    expect((await put(as(a.head), { predikat: "BAIK" })).statusCode).toBe(403);
    const bad = await put(HR(), { predikat: "LUAR_BIASA" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toEqual(["predikat"]);
    const created = await put(HR(), { predikat: "ISTIMEWA" });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ predikat: "ISTIMEWA", version: 1, setBy: "hr-admin" });
    expect((await put(HR(), { predikat: "BAIK", version: 5 })).statusCode).toBe(409);
    const updated = await put({ ...HR(), "if-match": '"1"' }, { predikat: "BAIK" });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ predikat: "BAIK", version: 2 });
    expect((await put(as("x", ["HR_ADMIN"], "ag2"), { predikat: "BAIK" })).statusCode).toBe(404);
    const unknownUnit = await t.app.inject({
      method: "PUT",
      url: `/v1/periods/${a.periodId}/units/nope/organisation-result`,
      headers: HR(),
      payload: { predikat: "BAIK" },
    });
    expect(unknownUnit.statusCode).toBe(404);
  });
});

describe("distribution and calibration", () => {
  test("counts, violations and the package's proposal over final and previewed results", async () => {
    expect(
      (await t.app.inject({ method: "GET", url: `${base()}/calibration`, headers: as(a.supervisor) }))
        .statusCode,
    ).toBe(403);
    const response = await t.app.inject({
      method: "GET",
      url: `${base()}/calibration`,
      headers: as("aud", ["AUDITOR"]),
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.organisation).toMatchObject({ id: "u1", predikat: "BAIK" });
    expect(body.counts).toEqual({
      SANGAT_BAIK: 4,
      BAIK: 0,
      BUTUH_PERBAIKAN: 0,
      KURANG_MISCONDUCT: 0,
      SANGAT_KURANG: 0,
    });
    expect(body.members.map((m: { employeeId: string; basis: string }) => [m.employeeId, m.basis])).toEqual(
      a.staff.slice(0, 4).map((s) => [s, "FINAL"]),
    );
    expect(body.notEvaluated).toEqual([
      { employeeId: a.staff[4], reason: expect.stringContaining("assessments") },
    ]);
    expect(body.violations).toEqual([
      expect.objectContaining({ rule: "server-fixture/distribution/max-top" }),
    ]);
    expect(
      body.proposal.changes.map((c: { employeeId: string; to: string }) => [c.employeeId, c.to]),
    ).toEqual([
      [a.staff[0], "BAIK"],
      [a.staff[1], "BAIK"],
    ]);
  });

  test("changes apply only during calibration, each with a reason, on final results, all or nothing", async () => {
    const apply = (payload: object, headers: Record<string, string> = HR()) =>
      t.app.inject({ method: "POST", url: `${base()}/calibration/changes`, headers, payload });
    const good = {
      changes: [
        { employeeId: a.staff[0], to: "BAIK", reason: "capaian terendah di unit" },
        { employeeId: a.staff[1], to: "BAIK", reason: "kurva SE 3/2023" },
      ],
    };
    expect((await apply(good)).statusCode).toBe(409);
    await setState("CALIBRATION");
    expect((await apply(good, as(a.supervisor))).statusCode).toBe(403);
    const noReason = await apply({ changes: [{ employeeId: a.staff[0], to: "BAIK" }] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.issues[0].path).toEqual(["changes", 0, "reason"]);
    const badGrade = await apply({ changes: [{ employeeId: a.staff[0], to: "EXCELLENT", reason: "r" }] });
    expect(badGrade.statusCode).toBe(400);
    expect(badGrade.json().details.issues[0].path).toEqual(["changes", 0, "to"]);
    const mixed = await apply({
      changes: [...good.changes, { employeeId: a.staff[4], to: "BAIK", reason: "r" }],
    });
    expect(mixed.statusCode).toBe(409);

    const applied = await apply(good, { ...HR(), "idempotency-key": "calibrate-u1" });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().counts).toMatchObject({ SANGAT_BAIK: 2, BAIK: 2 });
    expect(applied.json().violations).toEqual([]);
    const replay = await apply(good, { ...HR(), "idempotency-key": "calibrate-u1" });
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json()).toEqual(applied.json());

    const assessment = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${a.periodId}/assessments/${a.staff[0]}`,
      headers: as(a.staff[0]!),
    });
    expect(assessment.json()).toMatchObject({
      grade: "BAIK",
      evaluatedGrade: "SANGAT_BAIK",
      result: { grade: "BAIK" },
    });
    expect(assessment.json().result.consequences[0].grade).toBe("BAIK");

    const explanation = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${a.periodId}/assessments/${a.staff[0]}/explanation`,
      headers: as(a.staff[0]!),
    });
    expect(explanation.json().calibration).toEqual([
      expect.objectContaining({
        from: "SANGAT_BAIK",
        to: "BAIK",
        reason: "capaian terendah di unit",
        actorId: "hr-admin",
      }),
    ]);

    const history = await t.app.inject({
      method: "GET",
      url: `${base()}/calibration/changes`,
      headers: as("aud", ["AUDITOR"]),
    });
    expect(
      history.json().items.map((i: { employeeId: string; reason: string }) => [i.employeeId, i.reason]),
    ).toEqual([
      [a.staff[0], "capaian terendah di unit"],
      [a.staff[1], "kurva SE 3/2023"],
    ]);
    const audit = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "assessment.calibrate")
      .execute();
    expect(audit.map((e) => (e.details as { reason?: string }).reason)).toEqual([
      "capaian terendah di unit",
      "kurva SE 3/2023",
    ]);

    const unchanged = await apply({ changes: [{ employeeId: a.staff[0], to: "BAIK", reason: "again" }] });
    expect(unchanged.statusCode).toBe(400);
    const view = await t.app.inject({ method: "GET", url: `${base()}/calibration`, headers: HR() });
    expect(view.json().violations).toEqual([]);
  });

  test("another agency's unit or period is 404", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `${base()}/calibration`,
      headers: as("x", ["HR_ADMIN"], "ag2"),
    });
    expect(response.statusCode).toBe(404);
  });
});

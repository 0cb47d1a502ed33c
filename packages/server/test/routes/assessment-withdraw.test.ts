import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CycleTables } from "../../src/cycle-tables";
import { type Database, json } from "../../src/storage/index";
import type { TestApp } from "../helpers/app";
import { fixtureApp, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { describeEachDatabase } from "../helpers/databases";

/**
 * The way back for a draft assessment: the direct superior withdraws it (DELETE, with the
 * version), so that a draft that cannot be finalised no longer holds the period in ASSESSMENT.
 */
describeEachDatabase("withdrawing a draft assessment", (dbs) => {
  const NOW = new Date("2026-12-15T08:00:00Z");

  let database: Database;
  let t: TestApp;
  let a: SeededAgency;

  const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "wd1") =>
    t.authHeader({ sub, roles, agency });
  const HR = () => as("hr-admin", ["HR_ADMIN"]);
  const url = (employeeId: string, suffix = "") =>
    `/v1/periods/${a.periodId}/assessments/${employeeId}${suffix}`;
  const cycle = () => database.db.withTables<CycleTables>();

  async function draft(employeeId: string) {
    const response = await t.app.inject({
      method: "PUT",
      url: url(employeeId),
      headers: as(a.supervisor),
      payload: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json() as { id: string; version: number };
  }

  const withdraw = (
    employeeId: string,
    options: { headers?: Record<string, string>; query?: string; payload?: unknown } = {},
  ) =>
    t.app.inject({
      method: "DELETE",
      url: `${url(employeeId)}${options.query ?? ""}`,
      headers: options.headers ?? as(a.supervisor),
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
    });

  async function transition(event: string) {
    const period = await database.db
      .selectFrom("periods")
      .select("version")
      .where("id", "=", a.periodId)
      .executeTakeFirstOrThrow();
    return t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/transitions`,
      headers: HR(),
      payload: { event, version: period.version },
    });
  }

  beforeAll(async () => {
    database = await dbs.fresh();
    a = await seedAgency(database, { agencyId: "wd1", state: "ASSESSMENT", staffCount: 4 });
    await seedAgency(database, { agencyId: "wd2", state: "ASSESSMENT" });
    t = await fixtureApp(database, { prefix: "wd", now: NOW });
  });

  afterAll(async () => {
    await t.close();
  });

  describe("withdrawing a draft assessment", () => {
    test("only the direct superior withdraws, with the version; the draft leaves an audit row and an event", async () => {
      const s = a.staff[0]!;
      const { id, version } = await draft(s);
      const v = { "if-match": `"${version}"` };
      expect((await withdraw(s, { headers: { ...as(s), ...v } })).statusCode).toBe(403);
      expect((await withdraw(s, { headers: { ...as(a.head), ...v } })).statusCode).toBe(403);
      expect((await withdraw(s, { headers: { ...HR(), ...v } })).statusCode).toBe(403);
      expect((await withdraw(s, { headers: { ...as("x", ["HR_ADMIN"], "wd2"), ...v } })).statusCode).toBe(
        404,
      );
      const noVersion = await withdraw(s);
      expect(noVersion.statusCode).toBe(409);
      expect(noVersion.json().message).toContain("If-Match");
      expect((await withdraw(s, { query: `?version=${version + 1}` })).statusCode).toBe(409);

      const done = await withdraw(s, {
        headers: { ...as(a.supervisor), ...v },
        query: "?reason=salah%20pegawai",
      });
      expect(done.statusCode, done.body).toBe(204);
      expect(done.body).toBe("");
      const row = await cycle()
        .selectFrom("assessments")
        .select("id")
        .where("id", "=", id)
        .executeTakeFirst();
      expect(row).toBeUndefined();
      const audit = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("entity_id", "=", id)
        .orderBy("seq")
        .execute();
      expect(audit.map((e) => e.action)).toEqual(["assessment.draft", "assessment.withdraw"]);
      expect(audit[1]).toMatchObject({
        actor_id: a.supervisor,
        after: null,
        details: { reason: "salah pegawai" },
        before: expect.objectContaining({ status: "DRAFT", resultRating: "SESUAI_EKSPEKTASI" }),
      });
      const events = await database.db
        .selectFrom("outbox")
        .select(["type", "payload"])
        .where("entity_id", "=", id)
        .orderBy("seq")
        .execute();
      expect(events.at(-1)).toMatchObject({
        type: "assessment.withdrawn",
        payload: { assessmentId: id, employeeId: s, version },
      });
      expect((await withdraw(s, { headers: { ...as(a.supervisor), ...v } })).statusCode).toBe(404);
      expect((await t.app.inject({ method: "GET", url: url(s), headers: HR() })).statusCode).toBe(404);
    });

    test("bad input is a 400 naming the field: unknown keys in body or query, two different reasons", async () => {
      const s = a.staff[1]!;
      const { version } = await draft(s);
      const unknownBody = await withdraw(s, { payload: { version, why: "x" } });
      expect(unknownBody.statusCode).toBe(400);
      expect(unknownBody.body).toContain("why");
      const unknownQuery = await withdraw(s, { query: `?version=${version}&because=x` });
      expect(unknownQuery.statusCode).toBe(400);
      expect(unknownQuery.body).toContain("because");
      const twoReasons = await withdraw(s, { query: "?reason=a", payload: { version, reason: "b" } });
      expect(twoReasons.statusCode).toBe(400);
      expect(twoReasons.json().details.issues[0].path).toEqual(["reason"]);
      const viaBody = await withdraw(s, { payload: { version, reason: "dobel" } });
      expect(viaBody.statusCode, viaBody.body).toBe(204);
    });

    test("a FINAL assessment is not withdrawn (it is reopened), nor a draft outside ASSESSMENT, CALIBRATION or REOPENED, nor one with calibration history", async () => {
      const s = a.staff[2]!;
      await draft(s);
      const fin = await t.app.inject({
        method: "POST",
        url: url(s, "/finalise"),
        headers: as(a.supervisor),
        payload: {},
      });
      expect(fin.statusCode, fin.body).toBe(200);
      const refused = await withdraw(s, { query: `?version=${fin.json().version}` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toContain("reopened");
      const reopened = await t.app.inject({
        method: "POST",
        url: url(s, "/reopen"),
        headers: HR(),
        payload: { reason: "koreksi" },
      });
      expect(reopened.statusCode, reopened.body).toBe(200);
      await database.db
        .updateTable("periods")
        .set({ state: "EXECUTION" })
        .where("id", "=", a.periodId)
        .execute();
      try {
        const early = await withdraw(s, { query: `?version=${reopened.json().version}` });
        expect(early.statusCode).toBe(409);
        expect(early.json().details).toMatchObject({ state: "EXECUTION" });
      } finally {
        await database.db
          .updateTable("periods")
          .set({ state: "ASSESSMENT" })
          .where("id", "=", a.periodId)
          .execute();
      }
      await cycle()
        .insertInto("calibration_changes")
        .values({
          id: "wd-calibrated",
          agency_id: "wd1",
          period_id: a.periodId,
          unit_id: a.unitId,
          assessment_id: fin.json().id,
          employee_id: s,
          from_grade: "BAIK",
          to_grade: "BUTUH_PERBAIKAN",
          reason: "kalibrasi sebelum keberatan",
          actor_id: "hr-admin",
          created_at: NOW,
        })
        .execute();
      const history = await withdraw(s, { query: `?version=${reopened.json().version}` });
      expect(history.statusCode).toBe(409);
      expect(history.json().details).toMatchObject({ guard: "CALIBRATION_HISTORY" });
      const again = await t.app.inject({
        method: "POST",
        url: url(s, "/finalise"),
        headers: as(a.supervisor),
        payload: {},
      });
      expect(again.statusCode, again.body).toBe(200);
    });

    test("a period stuck on a draft whose case cannot be evaluated moves on once the draft is withdrawn", async () => {
      const s = a.staff[3]!;
      await database.db
        .updateTable("work_plans")
        .set({
          plan: json({
            approach: "KUANTITATIF",
            results: [
              {
                id: "r1",
                kind: "UTAMA",
                weight: 70,
                indicators: [{ id: "i1", aspect: "KUANTITAS", target: 10, unit: "laporan" }],
              },
              {
                id: "r2",
                kind: "UTAMA",
                weight: 50,
                indicators: [{ id: "i2", aspect: "KUANTITAS", target: 5, unit: "laporan" }],
              },
            ],
          }),
        })
        .where("id", "=", `${s}-plan`)
        .execute();
      const { version } = await draft(s);
      const finalise = await t.app.inject({
        method: "POST",
        url: url(s, "/finalise"),
        headers: as(a.supervisor),
        payload: {},
      });
      expect(finalise.statusCode, finalise.body).toBeGreaterThanOrEqual(400);
      expect(finalise.statusCode).toBeLessThan(500);
      const stuck = await transition("START_CALIBRATION");
      expect(stuck.statusCode, stuck.body).toBe(409);
      expect(stuck.json().details).toMatchObject({ guard: "ASSESSMENTS_OPEN" });

      const done = await withdraw(s, {
        headers: { ...as(a.supervisor), "if-match": `"${version}"` },
        payload: { reason: "rencana kerja tidak dapat dinilai; dinilai setelah perubahan SKP" },
      });
      expect(done.statusCode, done.body).toBe(204);
      const moved = await transition("START_CALIBRATION");
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().state).toBe("CALIBRATION");
      const closed = await transition("CLOSE");
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json().state).toBe("CLOSED");
    });
  });
});

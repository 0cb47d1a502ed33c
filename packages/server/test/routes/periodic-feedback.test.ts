import type { Role } from "@kinerja/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { describeEachDatabase } from "../helpers/databases";

describeEachDatabase("periodic feedback", (dbs) => {
  let now = new Date("2026-12-15T08:00:00Z");

  let database: Database;
  let t: TestApp;
  let a: SeededAgency;
  let ids = 0;

  const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "pf1") =>
    t.authHeader({ sub, roles, agency });
  const HR = () => as("hr-admin", ["HR_ADMIN"]);
  const base = (employeeId: string) => `/v1/periods/${a.periodId}/employees/${employeeId}/periodic-feedback`;

  const give = (employeeId: string, payload: unknown, headers: Record<string, string> = as(a.supervisor)) =>
    t.app.inject({ method: "POST", url: base(employeeId), headers, payload: payload as object });
  const list = (employeeId: string, headers: Record<string, string>, query = "") =>
    t.app.inject({ method: "GET", url: `${base(employeeId)}${query}`, headers });
  const correct = (
    employeeId: string,
    id: string,
    payload: unknown,
    headers: Record<string, string> = as(a.supervisor),
  ) => t.app.inject({ method: "PUT", url: `${base(employeeId)}/${id}`, headers, payload: payload as object });
  const acknowledge = (
    employeeId: string,
    id: string,
    headers: Record<string, string> = as(employeeId),
    payload: unknown = {},
  ) =>
    t.app.inject({
      method: "POST",
      url: `${base(employeeId)}/${id}/acknowledge`,
      headers,
      payload: payload as object,
    });

  async function setPeriodState(state: string) {
    await database.db.updateTable("periods").set({ state }).where("id", "=", a.periodId).execute();
  }

  beforeAll(async () => {
    database = await dbs.fresh();
    a = await seedAgency(database, { agencyId: "pf1", state: "EXECUTION", staffCount: 4 });
    await database.db
      .updateTable("periods")
      .set({ cadence: "MONTHLY" })
      .where("id", "=", a.periodId)
      .execute();
    await seedAgency(database, { agencyId: "pf2", state: "EXECUTION" });
    t = await testApp({
      database,
      registry: fixtureRegistry(),
      clock: () => now,
      newId: () => {
        ids += 1;
        return `pf-${String(ids).padStart(5, "0")}`;
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  describe("giving periodic feedback", () => {
    test("the direct superior writes entries for a sub-period, several per sub-period, each audited with an event", async () => {
      const s = a.staff[0]!;
      const first = await give(s, {
        subPeriod: "2026-03",
        text: "Laporan Maret lengkap; percepat rekap absensi.",
        resultRating: "SESUAI_EKSPEKTASI",
      });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.headers.etag).toBe('"1"');
      expect(first.json()).toMatchObject({
        employeeId: s,
        subPeriod: "2026-03",
        authorId: a.supervisor,
        resultRating: "SESUAI_EKSPEKTASI",
        behaviourRating: null,
        acknowledgedAt: null,
        version: 1,
      });
      const second = await give(s, { subPeriod: "2026-03", text: "Tindak lanjut rapat koordinasi." });
      expect(second.statusCode, second.body).toBe(201);
      const id = first.json().id as string;
      const audit = await database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("entity_id", "=", id)
        .execute();
      expect(audit).toEqual([
        expect.objectContaining({
          action: "periodicFeedback.create",
          entity_type: "periodic_feedback",
          actor_id: a.supervisor,
        }),
      ]);
      const events = await database.db.selectFrom("outbox").selectAll().where("entity_id", "=", id).execute();
      expect(events).toEqual([
        expect.objectContaining({
          type: "periodicFeedback.given",
          payload: { feedbackId: id, periodId: a.periodId, employeeId: s, subPeriod: "2026-03" },
        }),
      ]);
    });

    test("an Idempotency-Key replays the stored answer instead of writing twice", async () => {
      const s = a.staff[3]!;
      const headers = { ...as(a.supervisor), "idempotency-key": "pf-once" };
      const body = { subPeriod: "2026-05", text: "Sekali saja." };
      const one = await give(s, body, headers);
      const two = await give(s, body, headers);
      expect(one.statusCode, one.body).toBe(201);
      expect(two.statusCode).toBe(201);
      expect(two.headers["idempotent-replayed"]).toBe("true");
      expect(two.json().id).toBe(one.json().id);
    });

    test("the sub-period must be one of the period's MONTHLY keys and have begun: otherwise a 400 naming subPeriod", async () => {
      const s = a.staff[1]!;
      for (const subPeriod of ["2026-Q1", "2025-12", "2026-13", "2026"]) {
        const response = await give(s, { subPeriod, text: "x" });
        expect(response.statusCode, subPeriod).toBe(400);
        expect(response.json().details.issues[0].path).toEqual(["subPeriod"]);
        expect(response.json().message).toContain("2026-01");
      }
      now = new Date("2026-03-10T08:00:00Z");
      try {
        const future = await give(s, { subPeriod: "2026-04", text: "belum" });
        expect(future.statusCode).toBe(400);
        expect(future.json().message).toContain("has not begun");
        expect((await give(s, { subPeriod: "2026-03", text: "berjalan" })).statusCode).toBe(201);
      } finally {
        now = new Date("2026-12-15T08:00:00Z");
      }
    });

    test("bad bodies are 400s naming the field: an unknown key, empty text, a bad rating", async () => {
      const s = a.staff[1]!;
      const unknown = await give(s, { subPeriod: "2026-03", text: "x", rating: "SESUAI_EKSPEKTASI" });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().details.issues[0]).toMatchObject({ code: "unrecognized_keys", path: ["rating"] });
      expect(unknown.body).toContain("rating");
      const empty = await give(s, { subPeriod: "2026-03", text: "   " });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().details.issues[0].path).toEqual(["text"]);
      const rating = await give(s, { subPeriod: "2026-03", text: "x", behaviourRating: "BAIK" });
      expect(rating.statusCode).toBe(400);
      expect(rating.json().details.issues[0].path).toEqual(["behaviourRating"]);
      const missing = await give(s, { text: "x" });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().details.issues[0].path).toEqual(["subPeriod"]);
    });

    test("only the direct superior gives it: the employee, the superior's superior, HR and a colleague get 403; another agency 404", async () => {
      const s = a.staff[1]!;
      const body = { subPeriod: "2026-03", text: "x" };
      expect((await give(s, body, as(s))).statusCode).toBe(403);
      expect((await give(s, body, as(a.head))).statusCode).toBe(403);
      expect((await give(s, body, HR())).statusCode).toBe(403);
      expect((await give(s, body, as(a.staff[2]!))).statusCode).toBe(403);
      expect((await give(s, body, as("x", ["HR_ADMIN"], "pf2"))).statusCode).toBe(404);
      expect((await give(a.supervisor, body, as(a.head))).statusCode).toBe(201);
    });

    test("only while the period is EXECUTION or ASSESSMENT", async () => {
      const s = a.staff[1]!;
      try {
        for (const state of ["PLANNING", "CALIBRATION", "CLOSED"]) {
          await setPeriodState(state);
          const refused = await give(s, { subPeriod: "2026-03", text: "x" });
          expect(refused.statusCode, state).toBe(409);
          expect(refused.json().details).toMatchObject({ state });
        }
        await setPeriodState("ASSESSMENT");
        expect((await give(s, { subPeriod: "2026-12", text: "Desember" })).statusCode).toBe(201);
      } finally {
        await setPeriodState("EXECUTION");
      }
    });
  });

  describe("reading periodic feedback", () => {
    test("the employee, the superior chain, HR and auditors list it by sub-period; a colleague may not", async () => {
      const s = a.staff[2]!;
      for (const [subPeriod, text] of [
        ["2026-06", "Juni"],
        ["2026-02", "Februari"],
      ] as const) {
        expect((await give(s, { subPeriod, text })).statusCode).toBe(201);
      }
      for (const headers of [as(s), as(a.supervisor), as(a.head), HR(), as("auditor", ["AUDITOR"])]) {
        const response = await list(s, headers);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().items.map((i: { text: string }) => i.text)).toEqual(["Februari", "Juni"]);
      }
      const filtered = await list(s, as(s), "?subPeriod=2026-06");
      expect(filtered.json().items).toHaveLength(1);
      expect((await list(s, as(a.staff[0]!))).statusCode).toBe(403);
      expect((await list(s, as(a.others[0]!))).statusCode).toBe(403);
      expect((await list(s, as("x", ["AUDITOR"], "pf2"))).statusCode).toBe(404);
      expect((await list(s, as(s), "?sub=2026-06")).statusCode).toBe(400);
    });
  });

  describe("correcting and acknowledging", () => {
    test("the author corrects with the version until the employee acknowledges; afterwards the entry never changes", async () => {
      const s = a.staff[3]!;
      const created = await give(s, { subPeriod: "2026-04", text: "Draf" });
      const id = created.json().id as string;
      const corrected = await correct(s, id, {
        subPeriod: "2026-04",
        text: "Target April tercapai",
        behaviourRating: "DI_ATAS_EKSPEKTASI",
        version: 1,
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect(corrected.json()).toMatchObject({ text: "Target April tercapai", version: 2 });
      const stale = await correct(
        s,
        id,
        { subPeriod: "2026-04", text: "lama" },
        {
          ...as(a.supervisor),
          "if-match": '"1"',
        },
      );
      expect(stale.statusCode).toBe(409);
      const wrongKey = await correct(s, id, { subPeriod: "2026-04", text: "x", versi: 2 });
      expect(wrongKey.statusCode).toBe(400);
      expect(wrongKey.body).toContain("versi");

      expect((await acknowledge(s, id, as(a.supervisor))).statusCode).toBe(403);
      expect((await acknowledge(s, id, HR())).statusCode).toBe(403);
      expect((await acknowledge(s, id, as(s), { version: 1 })).statusCode).toBe(409);
      expect((await acknowledge(s, id, as(s), { seen: true })).statusCode).toBe(400);
      const acknowledged = await acknowledge(s, id, as(s), { version: 2 });
      expect(acknowledged.statusCode, acknowledged.body).toBe(200);
      expect(acknowledged.json()).toMatchObject({ acknowledgedAt: now.toISOString(), version: 3 });
      expect(acknowledged.headers.etag).toBe('"3"');
      const events = await database.db
        .selectFrom("outbox")
        .select("type")
        .where("entity_id", "=", id)
        .orderBy("seq")
        .execute();
      expect(events.map((e) => e.type)).toEqual([
        "periodicFeedback.given",
        "periodicFeedback.edited",
        "periodicFeedback.acknowledged",
      ]);

      const again = await acknowledge(s, id);
      expect(again.statusCode).toBe(409);
      const late = await correct(s, id, { subPeriod: "2026-04", text: "diubah", version: 3 });
      expect(late.statusCode).toBe(409);
      expect(late.json().message).toContain("acknowledged");
      await expect(
        sql`update periodic_feedback set text = 'diam-diam' where id = ${id}`.execute(database.db),
      ).rejects.toThrow(/acknowledged/);
    });

    test("only the author corrects; an unknown entry is a 404; the employee acknowledges in any period state", async () => {
      const s = a.staff[0]!;
      const created = await give(s, { subPeriod: "2026-07", text: "Juli" });
      const id = created.json().id as string;
      await database.db.updateTable("employees").set({ supervisor_id: a.head }).where("id", "=", s).execute();
      try {
        const byNewSuperior = await correct(s, id, { subPeriod: "2026-07", text: "ganti" }, as(a.head));
        expect(byNewSuperior.statusCode).toBe(403);
        expect(byNewSuperior.json().message).toContain("Only the author of periodic feedback");
      } finally {
        await database.db
          .updateTable("employees")
          .set({ supervisor_id: a.supervisor })
          .where("id", "=", s)
          .execute();
      }
      expect((await correct(s, "no-such-entry", { subPeriod: "2026-07", text: "x" })).statusCode).toBe(404);
      expect((await acknowledge(a.staff[1]!, id, as(a.staff[1]!))).statusCode).toBe(404);
      try {
        await setPeriodState("CLOSED");
        expect((await correct(s, id, { subPeriod: "2026-07", text: "x" })).statusCode).toBe(409);
        expect((await acknowledge(s, id)).statusCode).toBe(200);
      } finally {
        await setPeriodState("EXECUTION");
      }
    });
  });
});

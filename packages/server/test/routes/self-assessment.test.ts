import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultRegistry } from "../../src/registry";
import { type Database, json } from "../../src/storage/index";
import type { TestApp } from "../helpers/app";
import { fixtureApp, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-12-15T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;

const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "sa1") =>
  t.authHeader({ sub, roles, agency });
const url = (employeeId: string, periodId = a.periodId) =>
  `/v1/periods/${periodId}/employees/${employeeId}/self-assessment`;

const put = (employeeId: string, payload: unknown, headers: Record<string, string> = as(employeeId)) =>
  t.app.inject({ method: "PUT", url: url(employeeId), headers, payload: payload as object });

async function setPeriodState(state: string) {
  await database.db.updateTable("periods").set({ state }).where("id", "=", a.periodId).execute();
}

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, { agencyId: "sa1", state: "ASSESSMENT", staffCount: 5 });
  await seedAgency(database, { agencyId: "sa2", state: "ASSESSMENT" });
  t = await fixtureApp(database, { prefix: "sa", now: NOW });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

describe("writing the self-assessment", () => {
  test("the employee creates it (201), then replaces it with the version (200); a stale version is a 409", async () => {
    const s = a.staff[0]!;
    const created = await put(s, {
      resultRating: "SESUAI_EKSPEKTASI",
      behaviourRating: "DI_ATAS_EKSPEKTASI",
      behaviour: { BERORIENTASI_PELAYANAN: 90 },
      comments: "Semua laporan tepat waktu",
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      employeeId: s,
      source: "SELF",
      resultRating: "SESUAI_EKSPEKTASI",
      behaviourRating: "DI_ATAS_EKSPEKTASI",
      behaviour: { BERORIENTASI_PELAYANAN: 90 },
      comments: "Semua laporan tepat waktu",
      version: 1,
    });
    const updated = await put(s, { behaviourRating: "SESUAI_EKSPEKTASI" }, { ...as(s), "if-match": '"1"' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      resultRating: null,
      behaviourRating: "SESUAI_EKSPEKTASI",
      behaviour: {},
      comments: null,
      version: 2,
    });
    const stale = await put(s, { behaviourRating: "DI_BAWAH_EKSPEKTASI", version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().details).toMatchObject({ expected: 1, current: 2 });
  });

  test("creating with a version is a 409: there is nothing to base it on", async () => {
    const response = await put(a.staff[4]!, { behaviourRating: "SESUAI_EKSPEKTASI", version: 3 });
    expect(response.statusCode).toBe(409);
  });

  test("each write leaves an audit row and a selfAssessment.recorded event without the comments", async () => {
    const s = a.staff[1]!;
    const response = await put(s, { behaviourRating: "SESUAI_EKSPEKTASI", comments: "rahasia kecil" });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as string;
    const audit = await database.db.selectFrom("audit_log").selectAll().where("entity_id", "=", id).execute();
    expect(audit).toEqual([
      expect.objectContaining({
        action: "selfAssessment.create",
        entity_type: "self_assessment",
        actor_id: s,
      }),
    ]);
    const events = await database.db.selectFrom("outbox").selectAll().where("entity_id", "=", id).execute();
    expect(events).toEqual([expect.objectContaining({ type: "selfAssessment.recorded" })]);
    expect(JSON.stringify(events[0]!.payload)).not.toContain("rahasia");
  });

  test("only the employee writes their own: the superior, HR and a colleague get 403, another agency 404", async () => {
    const s = a.staff[2]!;
    const body = { behaviourRating: "DI_ATAS_EKSPEKTASI" };
    expect((await put(s, body, as(a.supervisor))).statusCode).toBe(403);
    expect((await put(s, body, as(a.head))).statusCode).toBe(403);
    expect((await put(s, body, as("hr-admin", ["HR_ADMIN", "EMPLOYEE"]))).statusCode).toBe(403);
    expect((await put(s, body, as(a.staff[3]!))).statusCode).toBe(403);
    expect((await put(s, body, as("x", ["HR_ADMIN"], "sa2"))).statusCode).toBe(404);
    expect((await t.app.inject({ method: "PUT", url: url(s), payload: body })).statusCode).toBe(401);
  });

  test("bad bodies are 400s naming the field: an unknown key, an empty assessment, a bad rating", async () => {
    const s = a.staff[3]!;
    const unknown = await put(s, { behaviourRating: "SESUAI_EKSPEKTASI", rating: "SESUAI_EKSPEKTASI" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.issues[0]).toMatchObject({ code: "unrecognized_keys", path: ["rating"] });
    expect(unknown.body).toContain("rating");
    const empty = await put(s, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details.issues[0].path).toEqual(["behaviourRating"]);
    const rating = await put(s, { resultRating: "BAGUS" });
    expect(rating.statusCode).toBe(400);
    expect(rating.json().details.issues[0].path).toEqual(["resultRating"]);
    const aspect = await put(s, { behaviour: { "not a code": 3 } });
    expect(aspect.statusCode).toBe(400);
    expect(aspect.json().details.issues[0].path[0]).toBe("behaviour");
  });

  test("only while the period is EXECUTION or ASSESSMENT", async () => {
    const s = a.staff[3]!;
    const body = { behaviourRating: "SESUAI_EKSPEKTASI" };
    try {
      for (const state of ["PLANNING", "CALIBRATION", "CLOSED"]) {
        await setPeriodState(state);
        const refused = await put(s, body);
        expect(refused.statusCode, state).toBe(409);
        expect(refused.json().details).toMatchObject({ state, allowed: ["EXECUTION", "ASSESSMENT"] });
      }
      await setPeriodState("EXECUTION");
      expect((await put(s, body)).statusCode).toBe(201);
    } finally {
      await setPeriodState("ASSESSMENT");
    }
  });

  test("frozen once the superior's assessment is final, writable again after it is reopened", async () => {
    const s = a.staff[4]!;
    const assess = await t.app.inject({
      method: "PUT",
      url: `/v1/periods/${a.periodId}/assessments/${s}`,
      headers: as(a.supervisor),
      payload: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
    });
    expect(assess.statusCode, assess.body).toBe(201);
    const finalise = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/assessments/${s}/finalise`,
      headers: as(a.supervisor),
      payload: {},
    });
    expect(finalise.statusCode, finalise.body).toBe(200);
    const refused = await put(s, { behaviourRating: "DI_ATAS_EKSPEKTASI" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain("reopened");
    const reopen = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/assessments/${s}/reopen`,
      headers: as("hr-admin", ["HR_ADMIN"]),
      payload: { reason: "keberatan pegawai" },
    });
    expect(reopen.statusCode, reopen.body).toBe(200);
    expect((await put(s, { behaviourRating: "DI_ATAS_EKSPEKTASI" })).statusCode).toBe(201);
  });
});

describe("reading the self-assessment", () => {
  test("the employee, the superior chain, HR and auditors read it; a colleague may not; none yet is a 404", async () => {
    const s = a.staff[0]!;
    const get = (headers: Record<string, string>, who = s) =>
      t.app.inject({ method: "GET", url: url(who), headers });
    for (const headers of [
      as(s),
      as(a.supervisor),
      as(a.head),
      as("hr-admin", ["HR_ADMIN"]),
      as("auditor", ["AUDITOR"]),
    ]) {
      const response = await get(headers);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ employeeId: s, source: "SELF", version: 2 });
      expect(response.headers.etag).toBe('"2"');
    }
    expect((await get(as(a.staff[1]!))).statusCode).toBe(403);
    expect((await get(as(a.others[0]!))).statusCode).toBe(403);
    expect((await get(as("x", ["AUDITOR"], "sa2"))).statusCode).toBe(404);
    expect((await get(as(a.supervisor), a.others[1]!)).statusCode).toBe(403);
    expect((await get(as("hr-admin", ["HR_ADMIN"]), a.others[1]!)).statusCode).toBe(404);
  });
});

describe("the self-assessment in the evaluation", () => {
  test("it enters the case as an identified SELF assessment: permenpanrb-6-2022 counts its behaviour rating in the suggestion", async () => {
    const pkg = defaultRegistry().resolve("permenpanrb-6-2022");
    await database.db
      .updateTable("periods")
      .set({ rule_package_id: pkg.id, rule_package_version: pkg.version })
      .where("id", "=", a.periodId)
      .execute();
    try {
      const s = a.staff[2]!;
      const assess = await t.app.inject({
        method: "PUT",
        url: `/v1/periods/${a.periodId}/assessments/${s}`,
        headers: as(a.supervisor),
        payload: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
      });
      expect(assess.statusCode, assess.body).toBe(201);
      const suggestion = async () => {
        const response = await t.app.inject({
          method: "GET",
          url: `/v1/periods/${a.periodId}/assessments/${s}/explanation`,
          headers: as(a.supervisor),
        });
        expect(response.statusCode, response.body).toBe(200);
        const steps = response.json().explanation as { rule: string; inputs: unknown; output: unknown }[];
        return steps.find((step) => step.rule.endsWith("suggestion/behaviour"))!;
      };
      const before = await suggestion();
      expect(before.output).toBe("SESUAI_EKSPEKTASI");
      expect(JSON.stringify(before.inputs)).not.toContain("SELF");

      expect((await put(s, { behaviourRating: "DI_ATAS_EKSPEKTASI" })).statusCode).toBe(201);
      const after = await suggestion();
      expect(after.inputs).toMatchObject({
        feedback: expect.arrayContaining([{ source: "SELF", rating: "DI_ATAS_EKSPEKTASI", value: 3 }]),
        mean: 2.5,
      });
      expect(after.output).toBe("DI_ATAS_EKSPEKTASI");

      const preview = await t.app.inject({
        method: "POST",
        url: `/v1/periods/${a.periodId}/assessments/${s}/preview`,
        headers: as(a.supervisor),
      });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json().result.ratings).toMatchObject({ suggestedBehaviourRating: "DI_ATAS_EKSPEKTASI" });
    } finally {
      await database.db
        .updateTable("periods")
        .set({ rule_package_id: "server-fixture", rule_package_version: "1.0.0" })
        .where("id", "=", a.periodId)
        .execute();
    }
  });
});

describe("the self-assessment under weighted-360", () => {
  test("its component scores count with the SELF weight (default 10 of 100, renormalised over the sources present)", async () => {
    const pkg = defaultRegistry().resolve("weighted-360");
    await database.db
      .updateTable("periods")
      .set({ rule_package_id: pkg.id, rule_package_version: pkg.version, rule_package_config: json({}) })
      .where("id", "=", a.periodId)
      .execute();
    try {
      const s = a.staff[1]!;
      const components = (score: number) =>
        Object.fromEntries(
          [
            "TARGET_ACHIEVEMENT",
            "WORK_QUALITY",
            "DISCIPLINE",
            "ATTENDANCE",
            "INITIATIVE",
            "COLLABORATION",
            "SERVICE_SPEED_ACCURACY",
            "TEAM_CONTRIBUTION",
          ].map((c) => [c, score]),
        );
      const assess = await t.app.inject({
        method: "PUT",
        url: `/v1/periods/${a.periodId}/assessments/${s}`,
        headers: as(a.supervisor),
        payload: { behaviour: components(80) },
      });
      expect(assess.statusCode, assess.body).toBe(201);
      const score = async () => {
        const response = await t.app.inject({
          method: "POST",
          url: `/v1/periods/${a.periodId}/assessments/${s}/preview`,
          headers: as(a.supervisor),
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json().result.score as number;
      };
      const current = await t.app.inject({ method: "GET", url: url(s), headers: as(s) });
      const replaced = await put(
        s,
        { behaviour: components(100) },
        { ...as(s), "if-match": `"${current.json().version}"` },
      );
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(await score()).toBeCloseTo((60 * 80 + 10 * 100) / 70, 6);
    } finally {
      await database.db
        .updateTable("periods")
        .set({ rule_package_id: "server-fixture", rule_package_version: "1.0.0" })
        .where("id", "=", a.periodId)
        .execute();
    }
  });
});

describe("the OpenAPI document", () => {
  test("lists the self-assessment, periodic feedback and withdrawal routes", async () => {
    const response = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(response.statusCode, response.body).toBe(200);
    const paths = response.json().paths as Record<string, Record<string, unknown>>;
    const methods = (path: string) => Object.keys(paths[path] ?? {}).sort();
    expect(methods("/v1/periods/{periodId}/employees/{employeeId}/self-assessment")).toEqual(["get", "put"]);
    expect(methods("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback")).toEqual([
      "get",
      "post",
    ]);
    expect(methods("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback/{feedbackId}")).toEqual([
      "put",
    ]);
    expect(
      methods("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback/{feedbackId}/acknowledge"),
    ).toEqual(["post"]);
    expect(methods("/v1/periods/{periodId}/assessments/{employeeId}")).toContain("delete");
  });
});

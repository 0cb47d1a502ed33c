import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CycleTables } from "../../src/cycle-tables";
import { type Database, json } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-12-15T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;
let ids = 0;

const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "ag1") =>
  t.authHeader({ sub, roles, agency });
const HR = () => as("hr-admin", ["HR_ADMIN"]);
const cycle = () => database.db.withTables<CycleTables>();
const url = (employeeId: string, suffix = "") =>
  `/v1/periods/${a.periodId}/assessments/${employeeId}${suffix}`;

async function write(employeeId: string, payload: Record<string, unknown>) {
  const response = await t.app.inject({
    method: "PUT",
    url: url(employeeId),
    headers: as(a.supervisor),
    payload,
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

async function counts() {
  const audit = await database.db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const outbox = await database.db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { audit: Number(audit.n), outbox: Number(outbox.n) };
}

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, { agencyId: "ag1", state: "ASSESSMENT", staffCount: 4 });
  await seedAgency(database, { agencyId: "ag2", state: "ASSESSMENT" });
  t = await testApp({
    database,
    registry: fixtureRegistry(),
    clock: () => NOW,
    newId: () => {
      ids += 1;
      return `as-${String(ids).padStart(5, "0")}`;
    },
  });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

describe("preview", () => {
  test("evaluates with the period's pinned package and writes nothing", async () => {
    const s = a.staff[0]!;
    await write(s, { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" });
    await database.db
      .updateTable("agencies")
      .set({ rule_package_id: "no-such-package", rule_package_version: "9.9.9" })
      .where("id", "=", "ag1")
      .execute();
    const before = await counts();
    const response = await t.app.inject({
      method: "POST",
      url: url(s, "/preview"),
      headers: as(a.supervisor),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      employeeId: s,
      rulePackage: { id: "server-fixture", version: "1.0.0" },
      result: { employeeId: s, grade: "BAIK", ratings: { capaian: 100 } },
    });
    expect(await counts()).toEqual(before);
    const row = await cycle()
      .selectFrom("assessments")
      .selectAll()
      .where("employee_id", "=", s)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "DRAFT", result: null, version: 1 });
  });

  test("who may preview: the superior, their superior and HR; not the employee; other agencies see 404", async () => {
    const s = a.staff[0]!;
    const preview = (headers?: Record<string, string>) =>
      t.app.inject({ method: "POST", url: url(s, "/preview"), ...(headers ? { headers } : {}) });
    expect((await preview()).statusCode).toBe(401);
    expect((await preview(as(s))).statusCode).toBe(403);
    expect((await preview(as(a.staff[1]!))).statusCode).toBe(403);
    expect((await preview(as(a.head))).statusCode).toBe(200);
    expect((await preview(HR())).statusCode).toBe(200);
    expect((await preview(as("x", ["HR_ADMIN"], "ag2"))).statusCode).toBe(404);
  });

  test("a case the package cannot evaluate is a 400 naming the field", async () => {
    const response = await t.app.inject({ method: "POST", url: url(a.staff[3]!, "/preview"), headers: HR() });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].path).toEqual(["assessments"]);
  });

  test("anonymous feedback reaches the case only when its round is released (closed with k answers)", async () => {
    const s = a.staff[2]!;
    await write(s, { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" });
    const round = async (count: number, state: "OPEN" | "CLOSED") => {
      const answers = Array.from({ length: count }, () => ({
        behaviourRating: "DI_ATAS_EKSPEKTASI",
        behaviour: {},
      }));
      await cycle()
        .insertInto("feedback_rounds")
        .values({
          agency_id: "ag1",
          period_id: a.periodId,
          employee_id: s,
          source: "PEER",
          state,
          answers: json(answers),
          answer_count: count,
          released: state === "CLOSED" && count >= 3,
        })
        .onConflict((oc) =>
          oc.columns(["agency_id", "period_id", "employee_id", "source"]).doUpdateSet({
            state,
            answers: json(answers),
            answer_count: count,
            released: state === "CLOSED" && count >= 3,
          }),
        )
        .execute();
    };
    const preview = async () =>
      (await t.app.inject({ method: "POST", url: url(s, "/preview"), headers: as(a.supervisor) })).json()
        .result;
    await round(4, "OPEN");
    const open = await preview();
    expect(open.ratings.peerAnswers).toBe(0);
    expect(open.warnings).toEqual([expect.objectContaining({ code: "FEEDBACK_ROUND_OPEN" })]);
    expect(JSON.stringify(open.warnings)).not.toMatch(/4/);
    await round(2, "CLOSED");
    const two = await preview();
    expect(two.ratings.peerAnswers).toBe(0);
    expect(two.warnings).toEqual([expect.objectContaining({ code: "FEEDBACK_BELOW_ANONYMITY_THRESHOLD" })]);
    await round(3, "CLOSED");
    const three = await preview();
    expect(three.ratings.peerAnswers).toBe(3);
    expect(three.warnings).toEqual([]);
  });
});

describe("refusals", () => {
  test("an employee writing their own assessment is told, in plain words, who may and who to sign in as", async () => {
    const s = a.staff[2]!;
    const res = await t.app.inject({
      method: "PUT",
      url: url(s),
      headers: as(s),
      payload: { resultRating: "DI_ATAS_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" },
    });
    expect(res.statusCode).toBe(403);
    const body = res.json();
    expect(body.message).toBe(
      `Only the employee's direct superior may record or finalise the assessment of ${s}; you are the employee it is about (on your own record you act only as the employee). Sign in as ${a.supervisor}, the direct superior.`,
    );
    expect(body.message).not.toContain("assessment.finalise");
    expect(body.details).toMatchObject({ action: "assessment.finalise", roles: ["EMPLOYEE"] });
  });
});

describe("finalise, immutability and reopen", () => {
  test("the superior finalises; the stored result cannot change until HR reopens it with a reason", async () => {
    const s = a.staff[1]!;
    const draft = await write(s, {
      resultRating: "DI_ATAS_EKSPEKTASI",
      behaviourRating: "DI_ATAS_EKSPEKTASI",
      comments: "rajin",
    });
    const finalise = (headers: Record<string, string>, payload?: object) =>
      t.app.inject({ method: "POST", url: url(s, "/finalise"), headers, ...(payload ? { payload } : {}) });
    expect((await finalise(HR())).statusCode).toBe(403);
    expect((await finalise(as(a.supervisor), { version: draft.version + 1 })).statusCode).toBe(409);
    const final = await finalise({ ...as(a.supervisor), "if-match": `"${draft.version}"` });
    expect(final.statusCode, final.body).toBe(200);
    expect(final.json()).toMatchObject({
      status: "FINAL",
      grade: "SANGAT_BAIK",
      evaluatedGrade: "SANGAT_BAIK",
      finalisedBy: a.supervisor,
      rulePackage: { id: "server-fixture", version: "1.0.0" },
      result: { grade: "SANGAT_BAIK", consequences: [expect.objectContaining({ kind: "DEVELOPMENT" })] },
    });
    expect(final.headers.etag).toBe(`"${draft.version + 1}"`);

    expect((await finalise(as(a.supervisor))).statusCode).toBe(409);
    const edit = await t.app.inject({
      method: "PUT",
      url: url(s),
      headers: as(a.supervisor),
      payload: { resultRating: "DI_BAWAH_EKSPEKTASI", behaviourRating: "DI_BAWAH_EKSPEKTASI" },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toMatch(/reopen/);
    await expect(
      cycle()
        .updateTable("assessments")
        .set({ result_rating: "DI_BAWAH_EKSPEKTASI" })
        .where("employee_id", "=", s)
        .execute(),
    ).rejects.toThrow(/final/);

    const own = await t.app.inject({ method: "GET", url: url(s), headers: as(s) });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ status: "FINAL", grade: "SANGAT_BAIK", comments: "rajin" });
    expect((await t.app.inject({ method: "GET", url: url(s), headers: as(a.staff[0]!) })).statusCode).toBe(
      403,
    );

    const explanation = await t.app.inject({ method: "GET", url: url(s, "/explanation"), headers: as(s) });
    expect(explanation.statusCode).toBe(200);
    expect(explanation.json()).toMatchObject({
      basis: "FINAL",
      grade: "SANGAT_BAIK",
      explanation: [
        expect.objectContaining({ rule: "server-fixture/matrix", legalBasis: "PermenPAN-RB 6/2022" }),
      ],
      calibration: [],
    });

    const reopen = (headers: Record<string, string>, payload: object) =>
      t.app.inject({ method: "POST", url: url(s, "/reopen"), headers, payload });
    expect((await reopen(as(s), { reason: "keberatan" })).statusCode).toBe(403);
    expect((await reopen(as(a.supervisor), { reason: "keberatan" })).statusCode).toBe(403);
    const noReason = await reopen(HR(), { reason: "  " });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.issues[0].path).toEqual(["reason"]);
    const reopened = await reopen(HR(), { reason: "keberatan diterima" });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({
      status: "DRAFT",
      grade: null,
      reopenReason: "keberatan diterima",
      reopenedBy: "hr-admin",
    });
    const audit = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "assessment.reopen")
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ reason: "keberatan diterima" });
    expect(JSON.stringify(audit.before)).toContain("SANGAT_BAIK");

    const preview = await t.app.inject({ method: "GET", url: url(s, "/explanation"), headers: as(s) });
    expect(preview.json().basis).toBe("PREVIEW");
    expect(
      (await write(s, { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" })).status,
    ).toBe("DRAFT");
  });

  test("a closed period freezes results: no finalising or reopening", async () => {
    const s = a.staff[2]!;
    await database.db.updateTable("periods").set({ state: "CLOSED" }).where("id", "=", a.periodId).execute();
    try {
      expect(
        (await t.app.inject({ method: "POST", url: url(s, "/finalise"), headers: as(a.supervisor) }))
          .statusCode,
      ).toBe(409);
    } finally {
      await database.db
        .updateTable("periods")
        .set({ state: "ASSESSMENT" })
        .where("id", "=", a.periodId)
        .execute();
    }
  });

  test("the list holds only the assessments the caller may read", async () => {
    const list = (headers: Record<string, string>) =>
      t.app.inject({ method: "GET", url: `/v1/periods/${a.periodId}/assessments`, headers });
    const all = (await list(as(a.supervisor))).json().items.map((i: { employeeId: string }) => i.employeeId);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(
      (await list(as(a.staff[0]!))).json().items.map((i: { employeeId: string }) => i.employeeId),
    ).toEqual([a.staff[0]]);
    expect((await list(as("x", ["HR_ADMIN"], "ag2"))).statusCode).toBe(404);
  });
});

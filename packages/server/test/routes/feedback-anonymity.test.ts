/**
 * The unmasking and stuffing attacks reported against anonymous feedback (issue 7), each
 * reproduced through the API and the tables: none may link an answer to its rater, and the
 * employee the feedback is about controls none of it.
 */
import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CycleTables } from "../../src/cycle-tables";
import type { Database } from "../../src/storage/index";
import type { TestApp } from "../helpers/app";
import { fixtureApp, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-06-01T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;

const as = (sub: string, roles: Role[] = ["EMPLOYEE"]) => t.authHeader({ sub, roles, agency: "ag1" });
const HR = () => as("hr-admin", ["HR_ADMIN"]);
const cycle = () => database.db.withTables<CycleTables>();

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, { agencyId: "ag1", state: "EXECUTION", staffCount: 6 });
  t = await fixtureApp(database, { prefix: "an", now: NOW });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

const post = (url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method: "POST", url, headers, ...(payload === undefined ? {} : { payload }) });

async function askPeers(subject: string, raters: string[]) {
  const res = await post(`/v1/periods/${a.periodId}/feedback-requests`, as(a.supervisor), {
    employeeId: subject,
    source: "PEER",
    raterIds: raters,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().requests as { id: string; raterId: string; version: number }[];
}

const answer = (requestId: string, rater: string, body: object, extra: Record<string, string> = {}) =>
  post(`/v1/feedback-requests/${requestId}/answers`, { ...as(rater), ...extra }, body);

describe("raters cannot be unmasked", () => {
  test("no audit entry, event or idempotency record of an answer names its rater or request", async () => {
    const subject = a.staff[0]!;
    const raters = [a.staff[1]!, a.staff[2]!, a.staff[3]!];
    const requests = await askPeers(subject, raters);
    const auditBefore = await database.db.selectFrom("audit_log").select("seq").execute();
    const outboxBefore = await database.db.selectFrom("outbox").select("seq").execute();
    for (const [i, r] of requests.entries()) {
      const res = await answer(
        r.id,
        r.raterId,
        { behaviourRating: "DI_ATAS_EKSPEKTASI" },
        {
          "idempotency-key": `answer-${i}`,
        },
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    const audit = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", auditBefore.length === 0 ? 0 : Math.max(...auditBefore.map((r) => Number(r.seq))))
      .execute();
    expect(audit).toEqual([]);
    const events = await database.db
      .selectFrom("outbox")
      .selectAll()
      .where("seq", ">", outboxBefore.length === 0 ? 0 : Math.max(...outboxBefore.map((r) => Number(r.seq))))
      .execute();
    expect(events).toEqual([]);
    const replays = await database.db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("route", "like", "%answers%")
      .execute();
    expect(replays).toEqual([]);
    const creation = await database.db
      .selectFrom("outbox")
      .select(["type", "payload"])
      .where("type", "=", "feedback.requested")
      .execute();
    for (const event of creation)
      for (const rater of raters) expect(JSON.stringify(event)).not.toContain(rater);
  });

  test("the aggregate does not move answer by answer: differencing at 3 and 4 answers learns nothing", async () => {
    const subject = a.staff[1]!;
    const raters = [a.staff[0]!, a.staff[2]!, a.staff[3]!, a.staff[4]!];
    const requests = await askPeers(subject, raters);
    const read = () =>
      t.app.inject({
        method: "GET",
        url: `/v1/periods/${a.periodId}/employees/${subject}/feedback/PEER`,
        headers: HR(),
      });
    const overview = () =>
      t.app.inject({
        method: "GET",
        url: `/v1/periods/${a.periodId}/employees/${subject}/feedback`,
        headers: as(a.supervisor),
      });
    const seen: string[] = [];
    for (const [i, r] of requests.entries()) {
      const rating = i === 3 ? "DI_BAWAH_EKSPEKTASI" : "DI_ATAS_EKSPEKTASI";
      expect((await answer(r.id, r.raterId, { behaviourRating: rating })).statusCode).toBe(201);
      const aggregate = await read();
      expect(aggregate.statusCode).toBe(409);
      seen.push(aggregate.body, (await overview()).body);
    }
    // Every read while the round is open answers the same, whoever answered.
    expect(new Set(seen.filter((_, i) => i % 2 === 0)).size).toBe(1);
    expect(new Set(seen.filter((_, i) => i % 2 === 1)).size).toBe(1);
  });

  test("an explanation uses only released rounds", async () => {
    const subject = a.staff[2]!;
    const raters = [a.staff[0]!, a.staff[1]!, a.staff[3]!];
    const requests = await askPeers(subject, raters);
    for (const r of requests) await answer(r.id, r.raterId, { behaviourRating: "DI_ATAS_EKSPEKTASI" });
    await database.db
      .updateTable("periods")
      .set({ state: "ASSESSMENT" })
      .where("id", "=", a.periodId)
      .execute();
    try {
      const write = await t.app.inject({
        method: "PUT",
        url: `/v1/periods/${a.periodId}/assessments/${subject}`,
        headers: as(a.supervisor),
        payload: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
      });
      expect(write.statusCode, write.body).toBe(201);
      const preview = async () =>
        (await post(`/v1/periods/${a.periodId}/assessments/${subject}/preview`, as(a.supervisor))).json()
          .result;
      const open = await preview();
      expect(open.ratings.peerAnswers).toBe(0);
      expect(JSON.stringify(open.explanation)).not.toContain("PEER");
      const closed = await post(
        `/v1/periods/${a.periodId}/employees/${subject}/feedback/PEER/close`,
        as(a.supervisor),
      );
      expect(closed.json()).toMatchObject({ released: true, answers: 3 });
      expect((await preview()).ratings.peerAnswers).toBe(3);
    } finally {
      await database.db
        .updateTable("periods")
        .set({ state: "EXECUTION" })
        .where("id", "=", a.periodId)
        .execute();
    }
  });

  test("closing with a wrong If-Match tells nothing about whether the named rater answered", async () => {
    const subject = a.staff[3]!;
    const [answered, silent] = await askPeers(subject, [a.staff[0]!, a.staff[1]!]);
    await answer(answered!.id, answered!.raterId, { behaviourRating: "SESUAI_EKSPEKTASI" });
    const close = (id: string, version: string) =>
      post(`/v1/feedback-requests/${id}/close`, { ...as(a.supervisor), "if-match": `"${version}"` });
    const a409 = await close(answered!.id, "9");
    const s409 = await close(silent!.id, "9");
    expect(a409.statusCode).toBe(409);
    expect(s409.statusCode).toBe(409);
    expect(a409.body.replaceAll(answered!.id, "ID")).toBe(s409.body.replaceAll(silent!.id, "ID"));
    const a200 = await close(answered!.id, "1");
    const s200 = await close(silent!.id, "1");
    expect(a200.statusCode, a200.body).toBe(200);
    expect(s200.statusCode).toBe(200);
    const strip = (body: string, id: string, rater: string) =>
      body.replaceAll(id, "ID").replaceAll(rater, "RATER");
    expect(strip(a200.body, answered!.id, answered!.raterId)).toBe(
      strip(s200.body, silent!.id, silent!.raterId),
    );
    expect(a200.json().answered).toBeNull();
    // The rater sees their own participation.
    const raterView = await t.app.inject({
      method: "GET",
      url: "/v1/feedback-requests/assigned",
      headers: as(answered!.raterId),
    });
    expect(raterView.json().items.find((r: { id: string }) => r.id === answered!.id).answered).toBe(true);
  });

  test("the stored round shows content in content order only: no rater, request, time or arrival order", async () => {
    const subject = a.staff[4]!;
    const raters = [a.staff[0]!, a.staff[1]!, a.staff[2]!];
    const requests = await askPeers(subject, raters);
    const ratings = ["SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"];
    for (const [i, r] of requests.entries()) await answer(r.id, r.raterId, { behaviourRating: ratings[i] });
    const round = await cycle()
      .selectFrom("feedback_rounds")
      .selectAll()
      .where("employee_id", "=", subject)
      .executeTakeFirstOrThrow();
    expect(Object.keys(round).sort()).toEqual(
      [
        "agency_id",
        "answer_count",
        "answers",
        "employee_id",
        "period_id",
        "released",
        "source",
        "state",
      ].sort(),
    );
    const stored = (round.answers as { behaviourRating: string }[]).map((x) => x.behaviourRating);
    expect(stored).toEqual([...ratings].sort());
    const rows = await cycle()
      .selectFrom("feedback_requests")
      .selectAll()
      .where("employee_id", "=", subject)
      .execute();
    for (const row of rows) {
      expect(row.version).toBe(1);
      expect(new Date(row.updated_at).getTime()).toBe(new Date(row.created_at).getTime());
    }
  });
});

describe("the rated employee controls none of their feedback", () => {
  test("they cannot open, close, answer or issue links for feedback about themselves", async () => {
    const me = a.staff[5]!;
    const open = await post(`/v1/periods/${a.periodId}/feedback-requests`, as(me), {
      employeeId: me,
      source: "PUBLIC",
    });
    expect(open.statusCode).toBe(403);
    const byBoss = await post(`/v1/periods/${a.periodId}/feedback-requests`, as(a.supervisor), {
      employeeId: me,
      source: "PUBLIC",
    });
    const publicId = byBoss.json().requests[0].id as string;
    expect((await post(`/v1/feedback-requests/${publicId}/links`, as(me), { count: 10 })).statusCode).toBe(
      403,
    );
    expect((await post(`/v1/feedback-requests/${publicId}/close`, as(me))).statusCode).toBe(403);
    expect(
      (await post(`/v1/periods/${a.periodId}/employees/${me}/feedback/PUBLIC/close`, as(me))).statusCode,
    ).toBe(403);
    const [peer] = await askPeers(me, [a.staff[0]!]);
    expect((await answer(peer!.id, me, { behaviourRating: "DI_ATAS_EKSPEKTASI" })).statusCode).toBe(403);
    // Holding HR_ADMIN changes nothing on one's own record.
    const asHr = as(me, ["HR_ADMIN", "EMPLOYEE"]);
    expect((await post(`/v1/feedback-requests/${publicId}/links`, asHr, { count: 10 })).statusCode).toBe(403);
    expect(
      (await post(`/v1/periods/${a.periodId}/feedback-requests`, asHr, { employeeId: me, source: "PUBLIC" }))
        .statusCode,
    ).toBe(403);
  });

  test("whoever issued links cannot tell which one was used by reading them", async () => {
    const subject = a.staff[0]!;
    const created = await post(`/v1/periods/${a.periodId}/feedback-requests`, as(a.supervisor), {
      employeeId: subject,
      source: "PUBLIC",
    });
    const requestId = created.json().requests[0].id as string;
    const issued = await post(`/v1/feedback-requests/${requestId}/links`, as(a.supervisor), { count: 3 });
    const links = issued.json().links as { path: string }[];
    expect((await post(links[1]!.path, {}, { behaviourRating: "DI_ATAS_EKSPEKTASI" })).statusCode).toBe(201);
    const reads = await Promise.all(links.map((l) => t.app.inject({ method: "GET", url: l.path })));
    expect(reads.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(reads.map((r) => r.body)).size).toBe(1);
  });
});

import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CycleTables } from "../../src/cycle-tables";
import type { Database } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-06-01T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;
let other: SeededAgency;
let ids = 0;

const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "ag1") =>
  t.authHeader({ sub, roles, agency });
const HR = () => as("hr-admin", ["HR_ADMIN"]);

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, { agencyId: "ag1", state: "EXECUTION", staffCount: 5 });
  other = await seedAgency(database, { agencyId: "ag2", state: "EXECUTION" });
  t = await testApp({
    database,
    registry: fixtureRegistry(),
    clock: () => NOW,
    newId: () => {
      ids += 1;
      return `fb-${String(ids).padStart(5, "0")}`;
    },
  });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

const cycle = () => database.db.withTables<CycleTables>();

async function requestPeers(subject: string, raterIds: string[], headers = as(a.supervisor)) {
  const response = await t.app.inject({
    method: "POST",
    url: `/v1/periods/${a.periodId}/feedback-requests`,
    headers,
    payload: { employeeId: subject, source: "PEER", raterIds },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().requests as { id: string; raterId: string }[];
}

describe("feedback requests", () => {
  test("the superior asks peers; each named rater sees their request; bad input names the field", async () => {
    const [s1, , s3, s4] = a.staff as [string, string, string, string];
    const requests = await requestPeers(s1, [s3, s4]);
    expect(requests.map((r) => r.raterId)).toEqual([s3, s4]);
    expect(requests[0]).toMatchObject({
      source: "PEER",
      employeeId: s1,
      requestedBy: a.supervisor,
      state: "OPEN",
      answered: null,
    });

    const assigned = await t.app.inject({
      method: "GET",
      url: "/v1/feedback-requests/assigned",
      headers: as(s3),
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().items).toEqual([
      expect.objectContaining({ id: requests[0]!.id, state: "OPEN", answered: false }),
    ]);

    const missing = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/feedback-requests`,
      headers: as(a.supervisor),
      payload: { employeeId: s1, source: "PEER" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details.issues[0].path).toEqual(["raterIds"]);

    const self = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/feedback-requests`,
      headers: as(a.supervisor),
      payload: { employeeId: s1, source: "PEER", raterIds: [s1] },
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().details.issues[0].path).toEqual(["raterIds", 0]);

    const superior = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/feedback-requests`,
      headers: as(a.supervisor),
      payload: { employeeId: s1, source: "SUBORDINATE", raterIds: [a.supervisor] },
    });
    expect(superior.statusCode).toBe(400);
  });

  test("401 without a token, 403 for the employee and for others, 404 for another agency", async () => {
    const [s1, s2] = a.staff as [string, string];
    const url = `/v1/periods/${a.periodId}/feedback-requests`;
    const payload = { employeeId: s1, source: "PUBLIC" };
    expect((await t.app.inject({ method: "POST", url, payload })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "POST", url, payload, headers: as(s2) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: "POST", url, payload, headers: as(s1) })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "POST", url, payload, headers: as("x", ["HR_ADMIN"], "ag2") }))
        .statusCode,
    ).toBe(404);
    const ownPeriodOtherEmployee = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${other.periodId}/feedback-requests`,
      payload,
      headers: HR(),
    });
    expect(ownPeriodOtherEmployee.statusCode).toBe(404);
    expect((await t.app.inject({ method: "POST", url, payload, headers: as(a.supervisor) })).statusCode).toBe(
      201,
    );
  });

  test("Idempotency-Key replays the same requests instead of creating new ones", async () => {
    const [, s2, s3] = a.staff as [string, string, string];
    const send = () =>
      t.app.inject({
        method: "POST",
        url: `/v1/periods/${a.periodId}/feedback-requests`,
        headers: { ...as(a.supervisor), "idempotency-key": "ask-peers-1" },
        payload: { employeeId: s2, source: "PEER", raterIds: [s3] },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    const rows = await cycle()
      .selectFrom("feedback_requests")
      .select("id")
      .where("employee_id", "=", s2)
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe("anonymous answers and aggregates", () => {
  test("answers keep no rater; the aggregate is released once, at close, from k answers", async () => {
    const subject = a.staff[4]!;
    const raters = [a.staff[0]!, a.staff[1]!, a.staff[2]!, ...a.others];
    const requests = await requestPeers(subject, raters);
    const answer = (i: number, body: object, headers = as(raters[i]!)) =>
      t.app.inject({
        method: "POST",
        url: `/v1/feedback-requests/${requests[i]!.id}/answers`,
        headers,
        payload: body,
      });

    expect(
      (
        await answer(
          0,
          { resultRating: "DI_ATAS_EKSPEKTASI", behaviour: { KOLABORATIF: 80 } },
          as(raters[1]!),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (await answer(0, { resultRating: "DI_ATAS_EKSPEKTASI", behaviour: { KOLABORATIF: 80 } }, as(subject)))
        .statusCode,
    ).toBe(403);
    const smuggled = await answer(0, { resultRating: "DI_ATAS_EKSPEKTASI", raterId: raters[0] });
    expect(smuggled.statusCode).toBe(400);
    expect(smuggled.json().details.issues[0]).toMatchObject({ code: "unrecognized_keys" });
    expect((await answer(0, {})).statusCode).toBe(400);

    const first = await answer(0, {
      resultRating: "DI_ATAS_EKSPEKTASI",
      behaviour: { KOLABORATIF: 80, ADAPTIF: 70 },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ requestId: requests[0]!.id, answered: true });
    expect((await answer(0, { resultRating: "SESUAI_EKSPEKTASI" })).statusCode).toBe(409);

    const aggregate = (headers = as(subject)) =>
      t.app.inject({
        method: "GET",
        url: `/v1/periods/${a.periodId}/employees/${subject}/feedback/PEER`,
        headers,
      });
    expect(
      (await answer(1, { resultRating: "SESUAI_EKSPEKTASI", behaviour: { KOLABORATIF: 60 } })).statusCode,
    ).toBe(201);
    expect(
      (await answer(2, { resultRating: "DI_ATAS_EKSPEKTASI", behaviour: { KOLABORATIF: 100 } })).statusCode,
    ).toBe(201);
    const open = await aggregate();
    expect(open.statusCode).toBe(409);
    expect(open.json().message).toMatch(/still open/);
    expect(open.body).not.toMatch(/\b3\b answers so far/);

    const closeRound = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/employees/${subject}/feedback/PEER/close`,
      headers: as(a.supervisor),
    });
    expect(closeRound.statusCode, closeRound.body).toBe(200);
    expect(closeRound.json()).toMatchObject({ state: "CLOSED", answers: 3, released: true, threshold: 3 });

    const shown = await aggregate();
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({
      periodId: a.periodId,
      employeeId: subject,
      source: "PEER",
      answers: 3,
      threshold: 3,
      resultRating: { DI_ATAS_EKSPEKTASI: 2, SESUAI_EKSPEKTASI: 1, DI_BAWAH_EKSPEKTASI: 0 },
      behaviourRating: { DI_ATAS_EKSPEKTASI: 0, SESUAI_EKSPEKTASI: 0, DI_BAWAH_EKSPEKTASI: 0 },
      behaviour: { KOLABORATIF: { mean: 80, answers: 3 } },
    });
    for (const rater of raters) expect(shown.body).not.toContain(rater);
    expect((await answer(3, { resultRating: "DI_BAWAH_EKSPEKTASI" })).statusCode).toBe(409);
    expect((await aggregate()).json()).toEqual(shown.json());

    const round = await cycle()
      .selectFrom("feedback_rounds")
      .selectAll()
      .where("employee_id", "=", subject)
      .executeTakeFirstOrThrow();
    expect(round).toMatchObject({ state: "CLOSED", answer_count: 3, released: true });
    for (const rater of raters) expect(JSON.stringify(round)).not.toContain(rater);

    const overview = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${a.periodId}/employees/${subject}/feedback`,
      headers: as(a.supervisor),
    });
    expect(overview.json().sources).toEqual([
      { source: "PEER", requests: 5, openRequests: 0, state: "CLOSED", answers: 3, released: true },
    ]);
    expect((await aggregate(as(raters[0]!))).statusCode).toBe(403);
    expect((await aggregate(as("aud", ["AUDITOR"]))).statusCode).toBe(200);
  });
});

describe("public one-time links", () => {
  test("each link takes exactly one answer; tokens are stored hashed; unknown links are 404", async () => {
    const subject = a.staff[3]!;
    const created = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/feedback-requests`,
      headers: as(a.supervisor),
      payload: { employeeId: subject, source: "PUBLIC" },
    });
    const requestId = created.json().requests[0].id as string;
    const issued = await t.app.inject({
      method: "POST",
      url: `/v1/feedback-requests/${requestId}/links`,
      headers: as(a.supervisor),
      payload: { count: 2, expiresInDays: 7 },
    });
    expect(issued.statusCode).toBe(201);
    const [link1, link2] = issued.json().links as { token: string; path: string; expiresAt: string }[];
    expect(link1!.expiresAt).toBe("2026-06-08T08:00:00.000Z");

    const stored = await cycle()
      .selectFrom("public_link_tokens")
      .select("token_hash")
      .where("request_id", "=", requestId)
      .execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.token_hash).not.toBe(link1!.token);
    expect(JSON.stringify(stored)).not.toContain(link1!.token);

    const info = await t.app.inject({ method: "GET", url: link1!.path });
    expect(info.statusCode).toBe(200);
    const infoBody = info.json();
    expect(infoBody).toEqual({
      employee: { name: `Name of ${subject}`, unitName: "Bidang Satu" },
      period: { start: "2026-01-01", end: "2026-12-31" },
      expiresAt: link1!.expiresAt,
    });

    const submit = (path: string, payload: object = { behaviourRating: "DI_ATAS_EKSPEKTASI" }) =>
      t.app.inject({ method: "POST", url: path, payload });
    expect((await submit(link1!.path)).statusCode).toBe(201);
    const usedInfo = await t.app.inject({ method: "GET", url: link1!.path });
    expect(usedInfo.statusCode).toBe(200);
    expect(usedInfo.json()).toEqual(infoBody);
    const again = await submit(link1!.path);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already used/);
    expect((await submit(link2!.path, { behaviourRating: "NOT_A_RATING" })).statusCode).toBe(400);
    expect((await submit(`/v1/public/feedback/${"A".repeat(43)}`)).statusCode).toBe(404);
    expect((await submit("/v1/public/feedback/short")).statusCode).toBe(400);

    const round = await cycle()
      .selectFrom("feedback_rounds")
      .selectAll()
      .where("source", "=", "PUBLIC")
      .where("employee_id", "=", subject)
      .executeTakeFirstOrThrow();
    expect(round).toMatchObject({ answer_count: 1, state: "OPEN" });
    expect(JSON.stringify(round)).not.toContain(requestId);

    const closed = await t.app.inject({
      method: "POST",
      url: `/v1/feedback-requests/${requestId}/close`,
      headers: { ...as(a.supervisor), "if-match": '"1"' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe("CLOSED");
    expect((await submit(link2!.path)).statusCode).toBe(409);
  });

  test("links are only for PUBLIC requests", async () => {
    const [req] = await requestPeers(a.staff[0]!, [a.others[0]!]);
    const response = await t.app.inject({
      method: "POST",
      url: `/v1/feedback-requests/${req!.id}/links`,
      headers: as(a.supervisor),
      payload: {},
    });
    expect(response.statusCode).toBe(409);
  });
});

describe("supervisor assessment", () => {
  test("only the direct superior writes it; it needs the ASSESSMENT state; versions are checked", async () => {
    const url = `/v1/periods/${a.periodId}/assessments/${a.staff[0]}`;
    const payload = {
      resultRating: "SESUAI_EKSPEKTASI",
      behaviourRating: "DI_ATAS_EKSPEKTASI",
      justification: "ok",
    };
    expect((await t.app.inject({ method: "PUT", url, payload, headers: as(a.supervisor) })).statusCode).toBe(
      409,
    );
    await database.db
      .updateTable("periods")
      .set({ state: "ASSESSMENT" })
      .where("id", "=", a.periodId)
      .execute();
    try {
      expect((await t.app.inject({ method: "PUT", url, payload, headers: as(a.staff[0]!) })).statusCode).toBe(
        403,
      );
      expect((await t.app.inject({ method: "PUT", url, payload, headers: HR() })).statusCode).toBe(403);
      const bad = await t.app.inject({
        method: "PUT",
        url,
        payload: { resultRating: "GOOD" },
        headers: as(a.supervisor),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.issues[0].path).toEqual(["resultRating"]);
      // "result" instead of "resultRating" was silently dropped (201 with resultRating: null).
      const misnamed = await t.app.inject({
        method: "PUT",
        url,
        payload: { result: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
        headers: as(a.supervisor),
      });
      expect(misnamed.statusCode).toBe(400);
      expect(misnamed.json().details.issues[0]).toMatchObject({
        path: ["result"],
        code: "unrecognized_keys",
      });
      expect(misnamed.json().message).toMatch(/resultRating/);
      const created = await t.app.inject({ method: "PUT", url, payload, headers: as(a.supervisor) });
      expect(created.statusCode).toBe(201);
      expect(created.headers.etag).toBe('"1"');
      expect(created.json()).toMatchObject({
        status: "DRAFT",
        raterId: a.supervisor,
        resultRating: "SESUAI_EKSPEKTASI",
        version: 1,
      });
      const stale = await t.app.inject({
        method: "PUT",
        url,
        payload: { ...payload, version: 7 },
        headers: as(a.supervisor),
      });
      expect(stale.statusCode).toBe(409);
      const updated = await t.app.inject({
        method: "PUT",
        url,
        payload: { ...payload, resultRating: "DI_ATAS_EKSPEKTASI" },
        headers: { ...as(a.supervisor), "if-match": '"1"' },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ resultRating: "DI_ATAS_EKSPEKTASI", version: 2 });
    } finally {
      await database.db
        .updateTable("periods")
        .set({ state: "EXECUTION" })
        .where("id", "=", a.periodId)
        .execute();
    }
  });
});

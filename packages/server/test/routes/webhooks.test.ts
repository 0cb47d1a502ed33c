import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../../src/storage/index";
import { createWebhookDispatcher, verifyWebhookSignature } from "../../src/webhooks";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-12-20T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;
let ids = 0;
const newId = () => {
  ids += 1;
  return `wh-${String(ids).padStart(5, "0")}`;
};

const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "ag1") =>
  t.authHeader({ sub, roles, agency });
const HR = () => as("hr-admin", ["HR_ADMIN"]);

interface Received {
  url: string;
  body: string;
  signature: string | undefined;
}

function receiver(statuses: number[]) {
  const received: Received[] = [];
  const fetch: typeof globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    received.push({ url: String(url), body: String(init?.body), signature: headers["kinerja-signature"] });
    return new Response(null, {
      status: statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200,
    });
  }) as typeof globalThis.fetch;
  return { fetch, received };
}

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, { agencyId: "ag1", state: "ASSESSMENT", staffCount: 2 });
  await seedAgency(database, { agencyId: "ag2", state: "ASSESSMENT" });
  t = await testApp({ database, registry: fixtureRegistry(), clock: () => NOW, newId });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

describe("webhook subscriptions", () => {
  test("HR subscribes; the secret is shown once; input is validated field by field", async () => {
    const create = (payload: object, headers = HR()) =>
      t.app.inject({ method: "POST", url: "/v1/webhooks", headers, payload });
    expect(
      (await create({ url: "https://hooks.example/x", eventTypes: ["*"] }, as(a.supervisor))).statusCode,
    ).toBe(403);
    const badUrl = await create({ url: "ftp://hooks.example/x", eventTypes: ["*"] });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().details.issues[0].path).toEqual(["url"]);
    const badType = await create({ url: "https://hooks.example/x", eventTypes: ["assessment..x"] });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().details.issues[0].path).toEqual(["eventTypes", 0]);

    const created = await create({
      url: "https://hooks.example/x",
      eventTypes: ["assessment.*"],
      description: "HRIS",
    });
    expect(created.statusCode).toBe(201);
    const sub = created.json();
    expect(sub).toMatchObject({
      url: "https://hooks.example/x",
      eventTypes: ["assessment.*"],
      active: true,
      version: 1,
    });
    expect(sub.secret).toMatch(/^whsec_/);
    const list = await t.app.inject({ method: "GET", url: "/v1/webhooks", headers: HR() });
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain(sub.secret);
    const one = await t.app.inject({ method: "GET", url: `/v1/webhooks/${sub.id}`, headers: HR() });
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(sub.secret);
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: `/v1/webhooks/${sub.id}`,
          headers: as("x", ["HR_ADMIN"], "ag2"),
        })
      ).statusCode,
    ).toBe(404);

    const stale = await t.app.inject({
      method: "PATCH",
      url: `/v1/webhooks/${sub.id}`,
      headers: { ...HR(), "if-match": '"9"' },
      payload: { active: false },
    });
    expect(stale.statusCode).toBe(409);
    const empty = await t.app.inject({
      method: "PATCH",
      url: `/v1/webhooks/${sub.id}`,
      headers: HR(),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const rotated = await t.app.inject({
      method: "POST",
      url: `/v1/webhooks/${sub.id}/rotate-secret`,
      headers: HR(),
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).not.toBe(sub.secret);
    const removed = await t.app.inject({
      method: "DELETE",
      url: `/v1/webhooks/${sub.id}?version=2`,
      headers: HR(),
    });
    expect(removed.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: "GET", url: `/v1/webhooks/${sub.id}`, headers: HR() })).statusCode,
    ).toBe(404);
  });

  test("a change's event is delivered signed with the subscription's secret, retried, and retried again on demand", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: HR(),
      payload: { url: "https://hooks.example/hris", eventTypes: ["assessment.drafted"] },
    });
    const sub = created.json();
    const hook = receiver([500, 200]);
    const dispatcher = createWebhookDispatcher({ database, newId, fetch: hook.fetch, maxAttempts: 1 });
    await dispatcher.deliverDue(NOW);
    const put = await t.app.inject({
      method: "PUT",
      url: `/v1/periods/${a.periodId}/assessments/${a.staff[0]}`,
      headers: as(a.supervisor),
      payload: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
    });
    expect(put.statusCode).toBe(201);

    expect(await dispatcher.deliverDue(NOW)).toMatchObject({ failed: 1 });
    expect(hook.received).toHaveLength(1);
    const first = hook.received[0]!;
    expect(JSON.parse(first.body)).toMatchObject({
      type: "assessment.drafted",
      agencyId: "ag1",
      data: { employeeId: a.staff[0], periodId: a.periodId, status: "DRAFT" },
    });
    expect(verifyWebhookSignature(first.signature, first.body, sub.secret, { now: NOW })).toBe(true);

    const deliveries = await t.app.inject({
      method: "GET",
      url: `/v1/webhooks/${sub.id}/deliveries`,
      headers: HR(),
    });
    const [failed] = deliveries.json().items;
    expect(failed).toMatchObject({ status: "FAILED", attempt: 1, lastStatusCode: 500 });
    const retried = await t.app.inject({
      method: "POST",
      url: `/v1/webhooks/${sub.id}/deliveries/${failed.id}/retry`,
      headers: HR(),
    });
    expect(retried.json()).toMatchObject({ status: "PENDING", attempt: 0 });
    expect(await dispatcher.deliverDue(NOW)).toMatchObject({ delivered: 1 });
    expect(hook.received.map((r) => JSON.parse(r.body).id)).toEqual([
      JSON.parse(first.body).id,
      JSON.parse(first.body).id,
    ]);
    const again = await t.app.inject({
      method: "POST",
      url: `/v1/webhooks/${sub.id}/deliveries/${failed.id}/retry`,
      headers: HR(),
    });
    expect(again.statusCode).toBe(409);
  });
});

describe("webhook deliveries list", () => {
  test("pages newest first with ?cursor=, every delivery once, even when they share a time", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: HR(),
      payload: { url: "https://pages.example/hook", eventTypes: ["webhook.*"] },
    });
    const sub = created.json();
    // Each change publishes a webhook.* event; fanned out at one instant, the deliveries tie on time.
    let version = sub.version as number;
    for (const description of ["a", "b", "c", "d"]) {
      const patched = await t.app.inject({
        method: "PATCH",
        url: `/v1/webhooks/${sub.id}`,
        headers: HR(),
        payload: { description, version },
      });
      version = patched.json().version;
    }
    await createWebhookDispatcher({ database, newId }).fanOut(NOW);
    const list = (query: string) =>
      t.app.inject({ method: "GET", url: `/v1/webhooks/${sub.id}/deliveries?${query}`, headers: HR() });
    const all = (await list("limit=100")).json();
    expect(all.items).toHaveLength(5);
    expect(all.nextCursor).toBeNull();
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all.items.map((d: { id: string }) => d.id));
    const bad = await list("cursor=yesterday");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toEqual(["cursor"]);
  });
});

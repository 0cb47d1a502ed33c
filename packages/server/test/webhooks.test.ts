import { fc, test as fcTest } from "@fast-check/vitest";
import Fastify from "fastify";
import { describe, expect, test } from "vitest";
import type { CycleTables } from "../src/cycle-tables";
import { type Database, enqueueEvent, inTransaction, json } from "../src/storage/index";
import {
  createWebhookDispatcher,
  signWebhook,
  startWebhookWorker,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  webhookRetryDelayMs,
  webhookWorkerPlugin,
} from "../src/webhooks";
import { describeEachDatabase } from "./helpers/databases";

const SECRET = "whsec_test_secret_0123456789abcdef";
const T0 = new Date("2026-03-01T08:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("webhook signature", () => {
  test("a signature verifies for the same body and secret and has the documented format", () => {
    const body = JSON.stringify({ id: "e1", type: "assessment.finalised" });
    const header = signWebhook(SECRET, body, T0.getTime() / 1000);
    expect(header).toMatch(/^t=\d+, v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(header, body, SECRET, { now: T0 })).toBe(true);
  });

  test("a changed body, another secret, an old timestamp or a malformed header do not verify", () => {
    const body = '{"id":"e1"}';
    const header = signWebhook(SECRET, body, T0.getTime() / 1000);
    expect(verifyWebhookSignature(header, '{"id":"e2"}', SECRET, { now: T0 })).toBe(false);
    expect(verifyWebhookSignature(header, body, `${SECRET}x`, { now: T0 })).toBe(false);
    expect(verifyWebhookSignature(header, body, SECRET, { now: at(301_000) })).toBe(false);
    expect(verifyWebhookSignature(header, body, SECRET, { now: at(301_000), toleranceSeconds: 600 })).toBe(
      true,
    );
    expect(verifyWebhookSignature(undefined, body, SECRET, { now: T0 })).toBe(false);
    expect(verifyWebhookSignature("v1=abc", body, SECRET, { now: T0 })).toBe(false);
    expect(verifyWebhookSignature(header.replace(/v1=./, "v1=x"), body, SECRET, { now: T0 })).toBe(false);
  });

  fcTest.prop([fc.string(), fc.string({ minLength: 16 }), fc.integer({ min: 0, max: 4_000_000_000 })])(
    "every signed body verifies at its own time",
    (body, secret, t) => {
      expect(
        verifyWebhookSignature(signWebhook(secret, body, t), body, secret, { now: new Date(t * 1000) }),
      ).toBe(true);
    },
  );
});

describe("retry schedule", () => {
  test("doubles from 30 seconds and stops growing at 6 hours", () => {
    expect([1, 2, 3, 4, 5].map((n) => webhookRetryDelayMs(n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ]);
    expect(webhookRetryDelayMs(40)).toBe(6 * 60 * 60 * 1000);
    expect(webhookRetryDelayMs(3, { baseMs: 1000, factor: 3, maxMs: 5000 })).toBe(5000);
  });

  fcTest.prop([fc.integer({ min: 1, max: 200 })])(
    "never shrinks from one failure to the next, never exceeds the cap",
    (n) => {
      expect(webhookRetryDelayMs(n + 1)).toBeGreaterThanOrEqual(webhookRetryDelayMs(n));
      expect(webhookRetryDelayMs(n)).toBeLessThanOrEqual(6 * 60 * 60 * 1000);
    },
  );
});

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function fakeFetch(statuses: (number | Error)[]) {
  const calls: Call[] = [];
  let i = 0;
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    calls.push({ url: String(url), headers, body: String(init?.body) });
    const next = statuses[Math.min(i, statuses.length - 1)] ?? 200;
    i += 1;
    if (next instanceof Error) throw next;
    return new Response(null, { status: next });
  }) as typeof fetch;
  return { fetch: fn, calls };
}

let ids = 0;
const newId = () => {
  ids += 1;
  return `id-${String(ids).padStart(6, "0")}`;
};

async function seed(database: Database) {
  await inTransaction(database, async (tx) => {
    for (const id of ["ag1", "ag2"]) {
      await tx
        .insertInto("agencies")
        .values({ id, name: id, rule_package_config: json({}), version: 1, created_at: T0, updated_at: T0 })
        .execute();
    }
  });
}

async function subscribe(
  database: Database,
  agencyId: string,
  eventTypes: string[],
  url = "https://hooks.example/a",
) {
  const id = newId();
  await database.db
    .withTables<CycleTables>()
    .insertInto("webhook_subscriptions")
    .values({
      id,
      agency_id: agencyId,
      url,
      secret: SECRET,
      event_types: json(eventTypes),
      active: true,
      description: null,
      version: 1,
      created_at: T0,
      updated_at: T0,
    })
    .execute();
  return id;
}

async function emit(
  database: Database,
  agencyId: string,
  type: string,
  payload: Record<string, unknown> = {},
) {
  const id = newId();
  await inTransaction(database, (tx) =>
    enqueueEvent(tx, { id, agencyId, type, entityType: "assessment", entityId: "as-1", payload, at: T0 }),
  );
  return id;
}

async function deliveries(database: Database) {
  return database.db
    .withTables<CycleTables>()
    .selectFrom("webhook_deliveries")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

describeEachDatabase("webhook delivery", (dbs) => {
  test("delivers each event once, signed, to the subscriptions of its agency that want its type", async () => {
    const database = await dbs.fresh();
    await seed(database);
    await subscribe(database, "ag1", ["assessment.*"]);
    await subscribe(database, "ag2", ["*"], "https://hooks.example/other");
    const fake = fakeFetch([204]);
    const dispatcher = createWebhookDispatcher({ database, newId, fetch: fake.fetch });
    const e1 = await emit(database, "ag1", "assessment.finalised", { periodId: "p1" });
    await emit(database, "ag1", "feedback.answered");

    const report = await dispatcher.deliverDue(T0);
    expect(report).toEqual({ fannedOut: 2, delivered: 1, retrying: 0, failed: 0 });
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.url).toBe("https://hooks.example/a");
    expect(JSON.parse(call.body)).toMatchObject({
      id: e1,
      type: "assessment.finalised",
      agencyId: "ag1",
      data: { periodId: "p1" },
    });
    const signature = call.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
    expect(verifyWebhookSignature(signature, call.body, SECRET, { now: T0 })).toBe(true);
    expect(call.headers["kinerja-event-id"]).toBe(e1);

    expect(await dispatcher.deliverDue(at(60_000))).toEqual({
      fannedOut: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    expect(fake.calls).toHaveLength(1);
    const rows = await deliveries(database);
    expect(rows.map((r) => [r.status, r.attempt])).toEqual([["DELIVERED", 1]]);
  });

  test("retries failures with exponential backoff, then gives up after maxAttempts", async () => {
    const database = await dbs.fresh();
    await seed(database);
    await subscribe(database, "ag1", ["*"]);
    const fake = fakeFetch([500, new Error("connect ECONNREFUSED"), 503]);
    const dispatcher = createWebhookDispatcher({ database, newId, fetch: fake.fetch, maxAttempts: 3 });
    const eventId = await emit(database, "ag1", "period.closed");

    expect(await dispatcher.deliverDue(T0)).toMatchObject({ delivered: 0, retrying: 1, failed: 0 });
    let [row] = await deliveries(database);
    expect(row).toMatchObject({ status: "PENDING", attempt: 1, last_status_code: 500 });
    expect(row!.next_attempt_at.getTime()).toBe(at(30_000).getTime());

    expect(await dispatcher.deliverDue(at(29_999))).toMatchObject({ delivered: 0, retrying: 0, failed: 0 });
    expect(fake.calls).toHaveLength(1);

    expect(await dispatcher.deliverDue(at(30_000))).toMatchObject({ retrying: 1 });
    [row] = await deliveries(database);
    expect(row).toMatchObject({ status: "PENDING", attempt: 2, last_status_code: null });
    expect(row!.last_error).toContain("ECONNREFUSED");
    expect(row!.next_attempt_at.getTime()).toBe(at(30_000 + 60_000).getTime());

    expect(await dispatcher.deliverDue(at(90_000))).toMatchObject({ failed: 1 });
    [row] = await deliveries(database);
    expect(row).toMatchObject({ status: "FAILED", attempt: 3, last_status_code: 503 });
    expect(await dispatcher.deliverDue(at(10 * 3_600_000))).toMatchObject({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });

    expect(fake.calls.map((c) => JSON.parse(c.body).id)).toEqual([eventId, eventId, eventId]);
    expect(fake.calls.map((c) => c.headers["kinerja-delivery-attempt"])).toEqual(["1", "2", "3"]);
  });

  test("an inactive subscription gets nothing; a redirect is a failure", async () => {
    const database = await dbs.fresh();
    await seed(database);
    const inactive = await subscribe(database, "ag1", ["*"]);
    const db = database.db.withTables<CycleTables>();
    await db.updateTable("webhook_subscriptions").set({ active: false }).where("id", "=", inactive).execute();
    await subscribe(database, "ag1", ["*"], "https://hooks.example/redirects");
    const fake = fakeFetch([302]);
    const dispatcher = createWebhookDispatcher({ database, newId, fetch: fake.fetch });
    await emit(database, "ag1", "period.closed");
    expect(await dispatcher.deliverDue(T0)).toMatchObject({ fannedOut: 1, delivered: 0, retrying: 1 });
    expect(fake.calls.map((c) => c.url)).toEqual(["https://hooks.example/redirects"]);
  });

  test("a delivery claimed by a worker is not attempted again by another before its lease ends", async () => {
    const database = await dbs.fresh();
    await seed(database);
    await subscribe(database, "ag1", ["*"]);
    let release: () => void = () => undefined;
    const calls: string[] = [];
    const slowFetch = (async (url: string | URL | Request) => {
      calls.push(String(url));
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const a = createWebhookDispatcher({ database, newId, fetch: slowFetch });
    const b = createWebhookDispatcher({ database, newId, fetch: slowFetch });
    await emit(database, "ag1", "period.closed");
    const first = a.deliverDue(T0);
    await expect.poll(() => calls.length).toBe(1);
    expect(await b.deliverDue(at(1000))).toMatchObject({ delivered: 0 });
    release();
    expect(await first).toMatchObject({ delivered: 1 });
    expect(calls).toHaveLength(1);
  });

  test("the worker runs on its timer and stops cleanly", async () => {
    const database = await dbs.fresh();
    await seed(database);
    await subscribe(database, "ag1", ["*"]);
    const fake = fakeFetch([200]);
    const worker = startWebhookWorker({
      database,
      newId,
      fetch: fake.fetch,
      clock: () => T0,
      intervalMs: 10,
    });
    await emit(database, "ag1", "period.closed");
    await expect.poll(() => fake.calls.length, { timeout: 5000 }).toBe(1);
    await worker.stop();
    await worker.stop();
    await emit(database, "ag1", "period.reopened");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls).toHaveLength(1);
  });

  test("the server plugin starts the worker when the app is ready and stops it when it closes", async () => {
    const database = await dbs.fresh();
    await seed(database);
    await subscribe(database, "ag1", ["*"]);
    const fake = fakeFetch([200]);
    const app = Fastify();
    await app.register(webhookWorkerPlugin, {
      database,
      newId,
      fetch: fake.fetch,
      clock: () => T0,
      intervalMs: 10,
    });
    await emit(database, "ag1", "period.closed");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls).toHaveLength(0);
    await app.ready();
    await expect.poll(() => fake.calls.length, { timeout: 5000 }).toBe(1);
    await app.close();
    await emit(database, "ag1", "period.reopened");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls).toHaveLength(1);
  });
});

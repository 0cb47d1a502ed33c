import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CycleTables } from "../src/cycle-tables";
import { type Database, json } from "../src/storage/index";
import { parseWebhookAllowList, webhookUrlProblem } from "../src/webhook-targets";
import { createWebhookDispatcher, WEBHOOK_EVENT_TYPES } from "../src/webhooks";
import { type TestApp, testApp } from "./helpers/app";
import { freshPglite } from "./helpers/pglite";

/** A receiver on the loopback interface that records what reaches it. */
async function receiver(answer: (request: IncomingMessage) => { status: number; location?: string }) {
  const received: { url: string; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ url: request.url ?? "", body });
      const { status, location } = answer(request);
      response.writeHead(status, location === undefined ? {} : { location });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const REFUSED = [
  "http://169.254.169.254/latest/meta-data/",
  "http://metadata.google.internal/computeMetadata/v1/",
  "http://10.0.0.1/hook",
  "http://192.168.1.1/hook",
  "http://172.16.5.4/hook",
  "http://localhost:5432/",
  "http://[::1]/hook",
  "http://2130706433/hook",
  "http://0x7f000001/hook",
  "http://127.1/hook",
  "http://user:pass@127.0.0.1/hook",
  "https://user:pass@hooks.example.go.id/hook",
  "http://[fd00::1]/hook",
  "http://[fe80::1]/hook",
  "http://[::ffff:127.0.0.1]/hook",
  "http://0.0.0.0/hook",
  "http://100.64.0.1/hook",
  "http://app.localhost/hook",
];

describe("webhook target rules", () => {
  test.each(REFUSED)("%s is refused", (url) => {
    expect(webhookUrlProblem(url)).toEqual(expect.any(String));
  });

  test("public hosts and addresses pass; an operator's allow-list lets named local targets through", () => {
    expect(webhookUrlProblem("https://hooks.example.go.id/kinerja")).toBeUndefined();
    expect(webhookUrlProblem("http://1.1.1.1:8080/x")).toBeUndefined();
    const allow = parseWebhookAllowList("127.0.0.1:8080, hooks.internal, 10.1.0.0/16");
    expect(webhookUrlProblem("http://127.0.0.1:8080/x", allow)).toBeUndefined();
    expect(webhookUrlProblem("http://127.0.0.1:8081/x", allow)).toEqual(expect.any(String));
    expect(webhookUrlProblem("http://hooks.internal/x", allow)).toBeUndefined();
    expect(webhookUrlProblem("http://10.1.2.3/x", allow)).toBeUndefined();
    expect(webhookUrlProblem("http://10.2.0.1/x", allow)).toEqual(expect.any(String));
    // Credentials stay refused whatever the allow-list says.
    expect(webhookUrlProblem("http://u:p@127.0.0.1:8080/x", allow)).toEqual(expect.any(String));
    expect(() => parseWebhookAllowList("not a host!")).toThrow(/KINERJA_WEBHOOK_ALLOW/);
  });
});

describe("documentation and configuration", () => {
  test("docs/server.md lists every published event type", () => {
    const docs = readFileSync(new URL("../../../docs/server.md", import.meta.url), "utf8");
    for (const type of WEBHOOK_EVENT_TYPES) expect(docs).toContain(`\`${type}\``);
  });

  test("KINERJA_WEBHOOK_ALLOW lets an operator's local receiver be saved", async () => {
    const previous = process.env.KINERJA_WEBHOOK_ALLOW;
    process.env.KINERJA_WEBHOOK_ALLOW = "127.0.0.1:8089";
    try {
      const t = await testApp();
      try {
        const headers = t.authHeader({ sub: "hr", roles: ["HR_ADMIN"], agency: "env-ag" });
        const agency = await t.app.inject({
          method: "POST",
          url: "/v1/agencies",
          headers,
          payload: { id: "env-ag", name: "env-ag" },
        });
        expect(agency.statusCode).toBe(201);
        const create = (url: string) =>
          t.app.inject({ method: "POST", url: "/v1/webhooks", headers, payload: { url, eventTypes: ["*"] } });
        expect((await create("http://127.0.0.1:8090/x")).statusCode).toBe(400);
        expect((await create("http://127.0.0.1:8089/x")).statusCode).toBe(201);
      } finally {
        await t.close();
      }
    } finally {
      if (previous === undefined) delete process.env.KINERJA_WEBHOOK_ALLOW;
      else process.env.KINERJA_WEBHOOK_ALLOW = previous;
    }
  });
});

describe("webhook subscriptions and deliveries", () => {
  const NOW = new Date("2026-06-01T08:00:00Z");
  let ids = 0;
  const newId = () => {
    ids += 1;
    return `ws-${String(ids).padStart(5, "0")}`;
  };
  let database: Database;
  let t: TestApp;
  const HR = (roles: ("HR_ADMIN" | "EMPLOYEE")[] = ["HR_ADMIN"]) =>
    t.authHeader({ sub: "hr-1", roles, agency: "ag1" });

  beforeAll(async () => {
    database = await freshPglite();
    await database.db
      .insertInto("agencies")
      .values({
        id: "ag1",
        name: "ag1",
        rule_package_config: json({}),
        version: 1,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    t = await testApp({ database, clock: () => NOW, newId, webhook: { allow: [] } });
  });
  afterAll(async () => {
    await t.close();
    await database.close();
  });

  const subscribeRow = async (url: string, eventTypes = ["*"]) => {
    const id = newId();
    await database.db
      .withTables<CycleTables>()
      .insertInto("webhook_subscriptions")
      .values({
        id,
        agency_id: "ag1",
        url,
        secret: "s".repeat(32),
        event_types: json(eventTypes),
        active: true,
        description: null,
        version: 1,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    return id;
  };
  const emit = async () => {
    const id = newId();
    await database.db
      .insertInto("outbox")
      .values({
        id,
        agency_id: "ag1",
        type: "assessment.finalised",
        entity_type: "assessment",
        entity_id: "x",
        payload: json({ assessmentId: "x" }),
        occurred_at: NOW,
        dispatched_at: null,
      })
      .execute();
    return id;
  };
  const deactivateAll = () =>
    database.db
      .withTables<CycleTables>()
      .updateTable("webhook_subscriptions")
      .set({ active: false })
      .execute();

  test.each(REFUSED)("saving %s is a 400 naming url", async (url) => {
    const response = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: HR(),
      payload: { url, eventTypes: ["*"] },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().details.issues).toEqual([expect.objectContaining({ path: ["url"], in: "body" })]);
  });

  test("an unknown event type is a 400 naming eventTypes; published types and their prefixes are accepted", async () => {
    const create = (eventTypes: string[]) =>
      t.app.inject({
        method: "POST",
        url: "/v1/webhooks",
        headers: HR(),
        payload: { url: "https://hooks.example.go.id/k", eventTypes },
      });
    const bad = await create(["assessment.deleted", "nothing.*"]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: unknown }) => i.path)).toEqual([
      ["eventTypes", 0],
      ["eventTypes", 1],
    ]);
    expect(WEBHOOK_EVENT_TYPES).toContain("period.closed");
    const good = await create(["assessment.finalised", "workPlan.*", "period.closed"]);
    expect(good.statusCode, good.body).toBe(201);
    await deactivateAll();
  });

  test("PATCH refuses a local URL too", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: HR(),
      payload: { url: "https://hooks.example.go.id/k", eventTypes: ["*"], active: false },
    });
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/v1/webhooks/${created.json().id}`,
      headers: HR(),
      payload: { url: "http://192.168.0.10/" },
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().details.issues[0].path).toEqual(["url"]);
  });

  test("at delivery: a stored loopback URL and a name that resolves to loopback receive nothing; redirects are not followed", async () => {
    const hits = await receiver(() => ({ status: 200 }));
    const redirecting = await receiver(() => ({
      status: 302,
      location: `http://127.0.0.1:${hits.port}/moved`,
    }));
    try {
      await deactivateAll();
      await database.db.updateTable("outbox").set({ dispatched_at: NOW }).execute();
      // A row stored before the rules existed, pointing at the service's own network.
      await subscribeRow(`http://127.0.0.1:${hits.port}/direct`);
      // A public-looking name whose DNS answer is a loopback address (rebinding).
      await subscribeRow(`http://rebind.example.com:${hits.port}/rebound`);
      await emit();
      const resolver = async () => [{ address: "127.0.0.1", family: 4 }];
      const guarded = createWebhookDispatcher({ database, newId, resolver, maxAttempts: 1 });
      const report = await guarded.deliverDue(NOW);
      expect(report).toMatchObject({ delivered: 0, failed: 2 });
      expect(hits.received).toEqual([]);
      const errors = await database.db
        .withTables<CycleTables>()
        .selectFrom("webhook_deliveries")
        .select(["last_error", "last_status_code"])
        .where("status", "=", "FAILED")
        .execute();
      expect(errors.map((e) => e.last_error)).toEqual([
        expect.stringMatching(/refused/),
        expect.stringMatching(/refused/),
      ]);
      expect(errors.map((e) => e.last_status_code)).toEqual([null, null]);

      // The operator allows the loopback receiver: delivered through the real network stack.
      await deactivateAll();
      await subscribeRow(`http://127.0.0.1:${hits.port}/allowed`);
      await subscribeRow(`http://127.0.0.1:${redirecting.port}/redirect`);
      await emit();
      const allowed = createWebhookDispatcher({
        database,
        newId,
        maxAttempts: 1,
        allow: parseWebhookAllowList(`127.0.0.1:${hits.port} 127.0.0.1:${redirecting.port}`),
      });
      const second = await allowed.deliverDue(NOW);
      expect(second).toMatchObject({ delivered: 1, failed: 1 });
      expect(hits.received.map((r) => r.url)).toEqual(["/allowed"]);
      expect(redirecting.received.map((r) => r.url)).toEqual(["/redirect"]);
    } finally {
      await hits.close();
      await redirecting.close();
    }
  });

  test("a subscription gets only the events that happened after it was created", async () => {
    await deactivateAll();
    const before = await emit();
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: HR(),
      payload: { url: "https://hooks.example.go.id/late", eventTypes: ["assessment.*"] },
    });
    expect(created.statusCode).toBe(201);
    const after = await emit();
    const sent: string[] = [];
    const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(JSON.parse(String(init?.body)).id);
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    await createWebhookDispatcher({ database, newId, fetch }).deliverDue(NOW);
    expect(sent).toEqual([after]);
    expect(sent).not.toContain(before);
  });

  test("an Idempotency-Key replay checks the actor's rights first and never carries the signing secret", async () => {
    const payload = { url: "https://hooks.example.go.id/idem", eventTypes: ["*"], active: false };
    const headers = { ...HR(["HR_ADMIN", "EMPLOYEE"]), "idempotency-key": "create-hook-1" };
    const first = await t.app.inject({ method: "POST", url: "/v1/webhooks", headers, payload });
    expect(first.statusCode).toBe(201);
    expect(first.json().secret).toMatch(/^whsec_/);
    const stored = await database.db.selectFrom("idempotency_keys").select("response").execute();
    expect(JSON.stringify(stored)).not.toContain(first.json().secret);

    const fewerRoles = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: { ...HR(["EMPLOYEE"]), "idempotency-key": "create-hook-1" },
      payload,
    });
    expect(fewerRoles.statusCode).toBe(403);
    expect(fewerRoles.body).not.toContain("whsec_");

    const replay = await t.app.inject({ method: "POST", url: "/v1/webhooks", headers, payload });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json()).toMatchObject({ id: first.json().id });
    expect(replay.json().secret).toBeUndefined();
    const count = await database.db
      .withTables<CycleTables>()
      .selectFrom("webhook_subscriptions")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("url", "=", payload.url)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

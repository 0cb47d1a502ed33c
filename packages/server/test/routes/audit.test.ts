import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, NIP, toyRegistry } from "../helpers/records";

describeEachDatabase("audit route", (dbs) => {
  let t: TestApp;
  let now = new Date("2026-01-05T08:00:00Z");
  beforeAll(async () => {
    t = await testApp({ database: await dbs.fresh(), registry: toyRegistry(), clock: () => now });
    now = new Date("2026-01-05T08:00:00Z");
    await client(t, "au-1").setup();
    now = new Date("2026-02-01T08:00:00Z");
    await client(t, "au-1").period();
    await client(t, "au-2").setup();
  });
  afterAll(async () => {
    await t.close();
  });

  test("HR_ADMIN and AUDITOR read their agency's log only; others get 403, no token 401", async () => {
    const c = client(t, "au-1");
    const all = await t.app.inject({ method: "GET", url: "/v1/audit", headers: c.auditor });
    expect(all.statusCode).toBe(200);
    const items = all.json().items as {
      seq: number;
      action: string;
      actorId: string;
      actorRoles: string[];
    }[];
    expect(items.map((i) => i.action)).toEqual([
      "agency.create",
      "unit.create",
      "unit.create",
      "employee.create",
      "employee.create",
      "employee.create",
      "employee.create",
      "employee.create",
      "staff.import",
      "period.create",
    ]);
    expect(items[0]).toMatchObject({ actorId: "hr-admin-1", actorRoles: ["HR_ADMIN"] });
    expect([...items.map((i) => i.seq)].sort((a, b) => a - b)).toEqual(items.map((i) => i.seq));
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/audit", headers: c.hr })).json().items,
    ).toHaveLength(10);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/audit", headers: c.as(NIP.head) })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: "GET", url: "/v1/audit" })).statusCode).toBe(401);
    const other = await t.app.inject({ method: "GET", url: "/v1/audit", headers: client(t, "au-2").hr });
    expect(other.json().items.every((i: { action: string }) => i.action !== "period.create")).toBe(true);
  });

  test("filters by entity, actor, action prefix and time; pages by cursor in both orders", async () => {
    const c = client(t, "au-1");
    const get = async (query: string) =>
      (await t.app.inject({ method: "GET", url: `/v1/audit?${query}`, headers: c.hr })).json();
    expect(
      (await get(`entityType=employee&entityId=${NIP.chief}`)).items.map((i: { action: string }) => i.action),
    ).toEqual(["employee.create"]);
    expect((await get("action=employee.")).items).toHaveLength(5);
    expect((await get("actorId=someone-else")).items).toEqual([]);
    expect((await get("from=2026-01-20T00:00:00Z")).items.map((i: { action: string }) => i.action)).toEqual([
      "period.create",
    ]);
    expect((await get("to=2026-01-20T00:00:00Z")).items).toHaveLength(9);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { seq: number }[]; nextCursor: string | null } = await get(
        `limit=3${cursor === null ? "" : `&cursor=${cursor}`}`,
      );
      seen.push(...page.items.map((i) => i.seq));
      cursor = page.nextCursor;
    } while (cursor !== null && seen.length < 50);
    expect(seen).toHaveLength(10);
    const desc = await get("order=desc&limit=2");
    expect(desc.items.map((i: { seq: number }) => i.seq)).toEqual([...seen].reverse().slice(0, 2));
    const next = await get(`order=desc&limit=2&cursor=${desc.nextCursor}`);
    expect(next.items.map((i: { seq: number }) => i.seq)).toEqual([...seen].reverse().slice(2, 4));
  });

  test("bad filters are a 400 naming the field", async () => {
    const c = client(t, "au-1");
    const bad = async (query: string) =>
      (await t.app.inject({ method: "GET", url: `/v1/audit?${query}`, headers: c.hr })).json().details
        .issues[0].path;
    expect(await bad("limit=0")).toEqual(["limit"]);
    expect(await bad("from=yesterday")).toEqual(["from"]);
    expect(await bad("cursor=abc")).toEqual(["cursor"]);
    expect(await bad("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).toEqual(["to"]);
  });
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, toyRegistry } from "../helpers/records";

describeEachDatabase("agency routes", (dbs) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({
      database: await dbs.fresh(),
      registry: toyRegistry(),
      clock: () => new Date("2026-01-05T08:00:00Z"),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test("an HR_ADMIN creates the agency of their token with units and a rule package", async () => {
    const c = client(t, "disdik");
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: {
        id: "disdik",
        name: "Dinas Pendidikan",
        units: [
          { id: "u-root", name: "Dinas" },
          { id: "u-sd", name: "Bidang SD", parentId: "u-root" },
        ],
        rulePackage: { id: "toy-rules", version: "^1", config: { threshold: 70 } },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const body = res.json();
    expect(body).toMatchObject({
      id: "disdik",
      name: "Dinas Pendidikan",
      version: 1,
      rulePackage: { id: "toy-rules", version: "1.1.0", config: { threshold: 70, label: "toy" } },
    });
    expect(body.units).toEqual([
      { id: "u-root", name: "Dinas" },
      { id: "u-sd", name: "Bidang SD", parentId: "u-root" },
    ]);
    const read = await t.app.inject({
      method: "GET",
      url: "/v1/agencies/disdik",
      headers: c.as("199001012015031003"),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  test("creating another agency than the token's is 403, an existing one 409, without a token 401", async () => {
    const c = client(t, "dinkes");
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/agencies",
          headers: c.hr,
          payload: { id: "other", name: "Other" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/agencies",
          headers: c.hr,
          payload: { id: "dinkes", name: "Dinas Kesehatan" },
        })
      ).statusCode,
    ).toBe(201);
    const again = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: { id: "dinkes", name: "Dinas Kesehatan" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("CONFLICT");
    expect(
      (await t.app.inject({ method: "POST", url: "/v1/agencies", payload: { id: "dinkes", name: "x" } }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/agencies",
          headers: c.as("1"),
          payload: { id: "dinkes", name: "x" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/agencies",
          headers: c.auditor,
          payload: { id: "dinkes", name: "x" },
        })
      ).statusCode,
    ).toBe(403);
  });

  test("bad input is a 400 naming the field; an unknown package names rulePackage.id", async () => {
    const c = client(t, "bappeda");
    const noName = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: { id: "bappeda" },
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().details.issues[0].path).toEqual(["name"]);
    const unknown = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: { id: "bappeda", name: "Bappeda", rulePackage: { id: "no-such-package" } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.issues[0].path).toEqual(["rulePackage", "id"]);
    const badVersion = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: { id: "bappeda", name: "Bappeda", rulePackage: { id: "toy-rules", version: "^9" } },
    });
    expect(badVersion.json().details.issues[0].path).toEqual(["rulePackage", "version"]);
    const badConfig = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: {
        id: "bappeda",
        name: "Bappeda",
        rulePackage: { id: "toy-rules", config: { threshold: 500 } },
      },
    });
    expect(badConfig.statusCode).toBe(400);
    expect(badConfig.json().details.issues[0].path).toEqual(["rulePackage", "config", "threshold"]);
    const badParent = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: c.hr,
      payload: { id: "bappeda", name: "Bappeda", units: [{ id: "a", name: "A", parentId: "zz" }] },
    });
    expect(badParent.statusCode).toBe(400);
    expect(badParent.json().details.issues[0].path).toEqual(["units", 0, "parentId"]);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/agencies/bappeda", headers: c.hr })).statusCode,
    ).toBe(404);
  });

  test("configuring the rule package checks If-Match and records before and after in the audit log", async () => {
    const c = client(t, "bkd");
    await c.setup();
    const configure = (version: string | undefined, config: Record<string, unknown>) =>
      t.app.inject({
        method: "PUT",
        url: "/v1/agencies/bkd/rule-package",
        headers: { ...c.hr, ...(version === undefined ? {} : { "if-match": version }) },
        payload: { id: "toy-rules", version: "1.1.0", config },
      });
    const ok = await configure('"1"', { threshold: 60 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      version: 2,
      rulePackage: { id: "toy-rules", version: "1.1.0", config: { threshold: 60, label: "toy" } },
    });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await configure('"1"', { threshold: 10 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: "CONFLICT", details: { expected: 1, current: 2 } });
    expect((await configure(undefined, { threshold: 1000 })).json().details.issues[0].path).toEqual([
      "rulePackage",
      "config",
      "threshold",
    ]);
    expect(
      (
        await t.app.inject({
          method: "PUT",
          url: "/v1/agencies/bkd/rule-package",
          headers: c.as("1"),
          payload: { id: "toy-rules" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "PUT",
          url: "/v1/agencies/disdik/rule-package",
          headers: c.hr,
          payload: { id: "toy-rules" },
        })
      ).statusCode,
    ).toBe(404);
    const audit = await t.app.inject({
      method: "GET",
      url: "/v1/audit?action=agency.configure",
      headers: c.auditor,
    });
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({
      action: "agency.configure",
      before: { id: "toy-rules", version: "1.0.0", config: { threshold: 40 } },
      after: { id: "toy-rules", version: "1.1.0", config: { threshold: 60 } },
    });
  });

  test("another agency's data is 404; units are upserted by id", async () => {
    const c = client(t, "dishub");
    await c.setup();
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/agencies/disdik", headers: c.hr })).statusCode,
    ).toBe(404);
    const units = await t.app.inject({
      method: "POST",
      url: "/v1/agencies/dishub/units",
      headers: c.hr,
      payload: {
        units: [
          { id: "u-bid", name: "Bidang Lalu Lintas", parentId: "u-root" },
          { id: "u-new", name: "Baru" },
        ],
      },
    });
    expect(units.statusCode).toBe(200);
    expect(units.json().units).toEqual([
      { id: "u-bid", name: "Bidang Lalu Lintas", parentId: "u-root" },
      { id: "u-new", name: "Baru" },
      { id: "u-root", name: "Dinas" },
    ]);
    const cycle = await t.app.inject({
      method: "POST",
      url: "/v1/agencies/dishub/units",
      headers: c.hr,
      payload: { units: [{ id: "u-root", name: "Dinas", parentId: "u-bid" }] },
    });
    expect(cycle.statusCode).toBe(400);
  });

  test("an Idempotency-Key replays the creation", async () => {
    const c = client(t, "inspektorat");
    const create = () =>
      t.app.inject({
        method: "POST",
        url: "/v1/agencies",
        headers: { ...c.hr, "idempotency-key": "create-inspektorat" },
        payload: { id: "inspektorat", name: "Inspektorat" },
      });
    const first = await create();
    const second = await create();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    const audit = await t.app.inject({ method: "GET", url: "/v1/audit?action=agency.create", headers: c.hr });
    expect(audit.json().items).toHaveLength(1);
  });
});

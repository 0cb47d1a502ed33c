import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, toyRegistry } from "../helpers/records";

describeEachDatabase("agency settings routes", (dbs) => {
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

  const rename = (headers: Record<string, string>, payload: unknown, agency = "bkd") =>
    t.app.inject({ method: "PATCH", url: `/v1/agencies/${agency}`, headers, payload: payload as object });

  test("HR renames the agency with If-Match; the audit log keeps the name before and after", async () => {
    const c = client(t, "bkd");
    await c.setup();
    const version = (await t.app.inject({ method: "GET", url: "/v1/agencies/bkd", headers: c.hr })).json()
      .version as number;
    const res = await rename(
      { ...c.hr, "if-match": `"${version}"` },
      { name: "  Badan Kepegawaian Daerah " },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: "bkd", name: "Badan Kepegawaian Daerah", version: version + 1 });
    expect(res.headers.etag).toBe(`"${version + 1}"`);
    const audit = await t.app.inject({
      method: "GET",
      url: "/v1/audit?action=agency.update&entityId=bkd",
      headers: c.auditor,
    });
    expect(audit.json().items).toEqual([
      expect.objectContaining({
        actorId: "hr-admin-1",
        action: "agency.update",
        entityType: "agency",
        before: { name: expect.any(String) },
        after: { name: "Badan Kepegawaian Daerah" },
      }),
    ]);
    // The same name again changes nothing and writes no audit entry.
    const same = await rename(c.hr, { name: "Badan Kepegawaian Daerah", version: version + 1 });
    expect(same.json().version).toBe(version + 1);
    const again = await t.app.inject({ method: "GET", url: "/v1/audit?action=agency.update", headers: c.hr });
    expect(again.json().items).toHaveLength(1);
  });

  test("a stale version is a 409; a bad body a 400 naming the field; an unknown key is refused", async () => {
    const c = client(t, "bkpsdm");
    await c.setup();
    const stale = await rename(c.hr, { name: "X", version: 99 }, "bkpsdm");
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("CONFLICT");
    const empty = await rename(c.hr, { name: "   " }, "bkpsdm");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details.issues[0].path).toEqual(["name"]);
    const unknown = await rename(c.hr, { name: "X", id: "other" }, "bkpsdm");
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json().details.issues)).toContain("id");
  });

  test("only HR renames its own agency: an employee or auditor is refused in plain words, another agency is 404", async () => {
    const c = client(t, "dukcapil");
    await c.setup();
    const employee = await rename(c.as("199001012015031003"), { name: "X" }, "dukcapil");
    expect(employee.statusCode).toBe(403);
    expect(employee.json().message).toMatch(/HR/);
    expect((await rename(c.auditor, { name: "X" }, "dukcapil")).statusCode).toBe(403);
    expect((await rename(c.hr, { name: "X" }, "bkd")).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "PATCH", url: "/v1/agencies/dukcapil", payload: { name: "X" } }))
        .statusCode,
    ).toBe(401);
  });

  test("the rule packages list every registered version with titles and default configuration", async () => {
    const c = client(t, "bkd");
    const res = await t.app.inject({ method: "GET", url: "/v1/rule-packages", headers: c.as("1") });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: "toy-rules",
        version: "1.0.0",
        title: { id: "Aturan contoh", en: "Toy rules" },
        defaultConfig: { threshold: 50, label: "toy" },
      }),
      expect.objectContaining({ id: "toy-rules", version: "1.1.0", description: null }),
    ]);
    expect((await t.app.inject({ method: "GET", url: "/v1/rule-packages" })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: "GET", url: "/v1/rule-packages?all=1", headers: c.hr })).statusCode,
    ).toBe(400);
  });
});

test("GET /v1/rule-packages publishes each package's grades and the JSON Schema of its ratings", async () => {
  const t = await testApp();
  try {
    const res = await t.app.inject({
      method: "GET",
      url: "/v1/rule-packages",
      headers: t.authHeader({ sub: "e1", roles: ["EMPLOYEE"], agency: "a1" }),
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      id: string;
      version: string;
      grades: { code: string }[];
      ratingsSchema: { properties: Record<string, { description?: string; enum?: string[] }> } | null;
    }[];
    const national = items.find((p) => p.id === "permenpanrb-6-2022" && p.version === "2.0.0");
    expect(national?.grades.map((g) => g.code)[0]).toBe("SANGAT_BAIK");
    const resultRating = national?.ratingsSchema?.properties.resultRating;
    expect(resultRating?.enum).toEqual(["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]);
    expect(resultRating?.description).toMatch(/results rating/);
    expect(national?.ratingsSchema?.properties.capaian?.description).toMatch(/capaian/);
    // A released version from before ratings were typed declares none.
    expect(
      items.find((p) => p.id === "permenpanrb-6-2022" && p.version === "1.0.0")?.ratingsSchema,
    ).toBeNull();
  } finally {
    await t.close();
  }
});

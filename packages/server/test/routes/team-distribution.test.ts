import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_AGENCY_ID, DEMO_HR_ADMIN_ID, demoStaff, seedDemo } from "../../src/demo";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";

describeEachDatabase("the team's distribution", (dbs) => {
  let t: TestApp;
  let past: string;
  beforeAll(async () => {
    t = await testApp({ database: await dbs.fresh() });
    await seedDemo(t.app, { sign: (claims) => t.tokenFor(claims) });
    const periods = await t.app.inject({
      method: "GET",
      url: "/v1/periods",
      headers: t.authHeader({
        sub: DEMO_HR_ADMIN_ID,
        roles: ["HR_ADMIN", "EMPLOYEE"],
        agency: DEMO_AGENCY_ID,
      }),
    });
    past = (periods.json().items as { id: string; state: string }[]).find(
      (p) => p.state === "ASSESSMENT",
    )!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (sub: string) => t.authHeader({ sub, roles: ["EMPLOYEE"], agency: DEMO_AGENCY_ID });

  test("the superior sees the team's final grades per grade against the bounds of the unit's organisation predikat", async () => {
    const staff = demoStaff();
    const field = staff.filter((e) => e.unitId === "bidang-sd" && !e.isUnitHead);
    const head = field[0]!.supervisorId!;
    const team = staff.filter((e) => e.supervisorId === head).map((e) => e.id);
    const res = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${past}/team/distribution`,
      headers: as(head),
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // The demo gives bidang-sd the organisation predikat ISTIMEWA and leaves its last member a draft.
    expect(body.organisation).toMatchObject({ id: "bidang-sd", predikat: "ISTIMEWA" });
    expect(
      [...body.members.map((m: { employeeId: string }) => m.employeeId), ...body.pending].sort(),
    ).toEqual([...team].sort());
    expect(body.pending).toContain(field.at(-1)!.id);
    const counted = Object.values(body.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(body.members.length);
    for (const m of body.members as { grade: string }[]) expect(body.counts[m.grade]).toBeGreaterThan(0);
    expect(body.bounds.map((b: { rule: string }) => b.rule)).toEqual([
      "permenpanrb-6-2022/distribution/ISTIMEWA/max-sangat-baik",
      "permenpanrb-6-2022/distribution/ISTIMEWA/most-sangat-baik",
    ]);
    expect(body.bounds[0]).toMatchObject({ grades: ["SANGAT_BAIK"], kind: "AT_MOST", share: 0.7 });
    // A bound is marked violated exactly when the package reports a violation of it.
    const violated = new Set(body.violations.map((v: { rule: string }) => v.rule));
    for (const b of body.bounds as { rule: string; violated: boolean }[])
      expect(b.violated).toBe(violated.has(b.rule));
  });

  test("someone without direct reports gets an empty team; another agency's period is not found", async () => {
    const staff = demoStaff();
    const leaf = staff.find((e) => !staff.some((o) => o.supervisorId === e.id))!;
    const res = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${past}/team/distribution`,
      headers: as(leaf.id),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ members: [], pending: [], violations: [] });
    const elsewhere = await t.app.inject({
      method: "GET",
      url: `/v1/periods/${past}/team/distribution`,
      headers: t.authHeader({ sub: leaf.id, roles: ["EMPLOYEE"], agency: "other-agency" }),
    });
    expect(elsewhere.statusCode).toBe(404);
  });
});

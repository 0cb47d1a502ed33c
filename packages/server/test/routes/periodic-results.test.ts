import type { Role } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Database, json, migrate, openDatabase } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";

/**
 * GET …/employees/{id}/periodic-results (issue 8, item 14): a QUARTERLY period that pinned
 * permenpanrb-6-2022 gives each quarter's predikat from the ratings the superior noted in that
 * quarter's periodic feedback and the quarter's realisations; the annual one is TW IV's.
 */
const NOW = new Date("2026-12-20T08:00:00Z");
let database: Database;
let t: TestApp;
let a: SeededAgency;
let ids = 0;
const as = (sub: string, roles: Role[] = ["EMPLOYEE"]) => t.authHeader({ sub, roles, agency: a.agencyId });
const url = (employeeId: string) => `/v1/periods/${a.periodId}/employees/${employeeId}/periodic-results`;

beforeAll(async () => {
  database = await openDatabase();
  await migrate(database);
  a = await seedAgency(database, { agencyId: "pr1", state: "ASSESSMENT", staffCount: 2 });
  await database.db
    .updateTable("periods")
    .set({
      cadence: "QUARTERLY",
      rule_package_id: permenpanrb6of2022.id,
      rule_package_version: permenpanrb6of2022.version,
      rule_package_config: json({}),
    })
    .where("id", "=", a.periodId)
    .execute();
  const plan = `${a.staff[0]}-plan`;
  await database.db.deleteFrom("realizations").where("work_plan_id", "=", plan).execute();
  for (const [i, value] of [12, 10, 4, 10].entries()) {
    await database.db
      .insertInto("realizations")
      .values({
        id: `${plan}-q${i + 1}`,
        agency_id: a.agencyId,
        work_plan_id: plan,
        indicator_id: "i1",
        sub_period: `2026-Q${i + 1}`,
        value,
        evidence: json([]),
        version: 1,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
  }
  t = await testApp({
    database,
    registry: fixtureRegistry(),
    clock: () => NOW,
    newId: () => {
      ids += 1;
      return `pr-${String(ids).padStart(5, "0")}`;
    },
  });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

test("each quarter's predikat from its noted ratings, the annual one TW IV's; 409 before any rating", async () => {
  const s = a.staff[0]!;
  const none = await t.app.inject({ method: "GET", url: url(s), headers: as(s) });
  expect(none.statusCode, none.body).toBe(409);
  expect(none.json().message).toContain("notes both ratings yet");
  const A = "DI_ATAS_EKSPEKTASI";
  const S = "SESUAI_EKSPEKTASI";
  const B = "DI_BAWAH_EKSPEKTASI";
  const notes: [string, string, string][] = [
    ["2026-Q1", A, A],
    ["2026-Q2", S, S],
    ["2026-Q3", B, S],
    ["2026-Q4", S, A],
  ];
  for (const [subPeriod, resultRating, behaviourRating] of notes) {
    const r = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/employees/${s}/periodic-feedback`,
      headers: as(a.supervisor),
      payload: { subPeriod, text: `Dialog kinerja ${subPeriod}`, resultRating, behaviourRating },
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  const r = await t.app.inject({ method: "GET", url: url(s), headers: as(s) });
  expect(r.statusCode, r.body).toBe(200);
  const body = r.json() as {
    employeeId: string;
    rulePackage: { id: string };
    annual: { grade: string };
    periodic: { subPeriod: string; result: { grade: string } }[];
  };
  expect(body.employeeId).toBe(s);
  expect(body.rulePackage.id).toBe("permenpanrb-6-2022");
  expect(body.periodic.map((p) => [p.subPeriod, p.result.grade])).toEqual([
    ["2026-Q1", "SANGAT_BAIK"],
    ["2026-Q2", "BAIK"],
    ["2026-Q3", "BUTUH_PERBAIKAN"],
    ["2026-Q4", "BAIK"],
  ]);
  expect(body.annual.grade).toBe("BAIK");
  // Another employee of the unit may not read it.
  const other = await t.app.inject({ method: "GET", url: url(s), headers: as(a.staff[1]!) });
  expect(other.statusCode).toBe(403);
});

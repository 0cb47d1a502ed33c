import type { Role } from "@kinerja/core";
import { createDefaultRegistry } from "@kinerja/rules-default";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Database, migrate, openDatabase } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixturePackage, fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";

/**
 * A CLOSED period is read from the results it closed with: its explanation, follow-up and
 * exports answer the same once the exact rule package version it pinned is no longer
 * registered (an upgraded service, a regional package removed), calibrated consequences included.
 */
const NOW = new Date("2026-12-20T08:00:00Z");
let database: Database;
let a: SeededAgency;
let before: TestApp;
let after: TestApp;
let ids = 0;

const reads = (periodId: string, staff: readonly string[]) => [
  ...staff.flatMap((s) => [
    `/v1/periods/${periodId}/employees/${s}/follow-up`,
    `/v1/periods/${periodId}/assessments/${s}/explanation`,
    `/v1/periods/${periodId}/assessments/${s}`,
  ]),
  `/v1/periods/${periodId}/exports/results?format=json`,
  `/v1/periods/${periodId}/exports/results?format=csv`,
];

beforeAll(async () => {
  database = await openDatabase();
  await migrate(database);
  a = await seedAgency(database, { agencyId: "ag1", state: "ASSESSMENT", staffCount: 2 });
  const newId = () => {
    ids += 1;
    return `cl-${String(ids).padStart(5, "0")}`;
  };
  before = await testApp({ database, registry: fixtureRegistry(), clock: () => NOW, newId });
  after = await testApp({ database, registry: createDefaultRegistry(), clock: () => NOW, newId });
});

afterAll(async () => {
  await before.close();
  await after.close();
  await database.close();
});

test("a closed period answers its explanation, follow-up and exports when its pinned version is gone", async () => {
  const as = (t: TestApp, sub: string, roles: Role[] = ["EMPLOYEE"]) =>
    t.authHeader({ sub, roles, agency: a.agencyId });
  const hr = as(before, "hr-admin", ["HR_ADMIN"]);
  const ratings = [
    ["DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"],
    ["SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"],
  ] as const;
  for (const [i, [resultRating, behaviourRating]] of ratings.entries()) {
    const s = a.staff[i]!;
    const url = `/v1/periods/${a.periodId}/assessments/${s}`;
    const put = await before.app.inject({
      method: "PUT",
      url,
      headers: as(before, a.supervisor),
      payload: { resultRating, behaviourRating },
    });
    expect(put.statusCode, put.body).toBeLessThan(300);
    const fin = await before.app.inject({
      method: "POST",
      url: `${url}/finalise`,
      headers: as(before, a.supervisor),
    });
    expect(fin.statusCode, fin.body).toBe(200);
  }
  const transition = async (event: string) => {
    const r = await before.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/transitions`,
      headers: hr,
      payload: { event },
    });
    expect(r.statusCode, r.body).toBe(200);
  };
  await transition("START_CALIBRATION");
  const calibrated = await before.app.inject({
    method: "POST",
    url: `/v1/periods/${a.periodId}/units/${a.unitId}/calibration/changes`,
    headers: hr,
    payload: { changes: [{ employeeId: a.staff[0], to: "BAIK", reason: "Kalibrasi unit" }] },
  });
  expect(calibrated.statusCode, calibrated.body).toBe(201);
  await transition("CLOSE");

  const staff = a.staff.slice(0, 2);
  const read = async (t: TestApp, url: string) => {
    const r = await t.app.inject({ method: "GET", url, headers: as(t, "hr-admin", ["HR_ADMIN"]) });
    return { status: r.statusCode, body: r.body };
  };
  const expected = [];
  for (const url of reads(a.periodId, staff)) {
    const r = await read(before, url);
    expect(r.status, `${url}: ${r.body}`).toBe(200);
    expected.push(r);
  }
  // The calibrated employee's consequences follow the calibrated grade.
  const followUp = JSON.parse(expected[0]!.body) as { grade: string; consequences: { grade?: string }[] };
  expect(followUp.grade).toBe("BAIK");
  expect(followUp.consequences[0]?.grade).toBe("BAIK");

  // The service now runs without the package the period pinned.
  expect(() => createDefaultRegistry().resolve(fixturePackage.id, fixturePackage.version)).toThrow();
  for (const [i, url] of reads(a.periodId, staff).entries()) {
    const r = await read(after, url);
    expect(r.status, `${url}: ${r.body}`).toBe(200);
    expect(r.body, url).toBe(expected[i]!.body);
  }
});

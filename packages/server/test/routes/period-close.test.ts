import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { defaultRegistry } from "../../src/registry";
import { type Database, json } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { describeEachDatabase } from "../helpers/databases";

/**
 * CLOSE counts the distribution violations of severity ERROR (permenpanrb-6-2022
 * `distribution.severity`) over every unit with an organisation result, as GET …/calibration
 * computes them, and the core guard DISTRIBUTION_VIOLATIONS refuses to close while any remain.
 */
describeEachDatabase("closing a period with distribution violations", (dbs) => {
  const pkg = defaultRegistry().resolve("permenpanrb-6-2022");
  let database: Database;
  let t: TestApp;
  let ids = 0;

  beforeAll(async () => {
    database = await dbs.fresh();
    t = await testApp({
      database,
      registry: fixtureRegistry(),
      clock: () => new Date("2026-12-20T08:00:00Z"),
      newId: () => {
        ids += 1;
        return `close-${String(ids).padStart(5, "0")}`;
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** An agency whose period pinned permenpanrb-6-2022 with the given severity, four staff all SANGAT_BAIK and final, unit u1 ISTIMEWA. */
  const prepare = async (agencyId: string, severity: "WARNING" | "ERROR") => {
    const a: SeededAgency = await seedAgency(database, { agencyId, state: "ASSESSMENT", staffCount: 4 });
    await database.db
      .updateTable("periods")
      .set({
        rule_package_id: pkg.id,
        rule_package_version: pkg.version,
        rule_package_config: json({ distribution: { severity, minPoolSize: 0 } }),
      })
      .where("id", "=", a.periodId)
      .execute();
    const as = (sub: string, roles: Role[] = ["EMPLOYEE"]) => t.authHeader({ sub, roles, agency: agencyId });
    const hr = as("hr-admin", ["HR_ADMIN"]);
    const org = await t.app.inject({
      method: "PUT",
      url: `/v1/periods/${a.periodId}/units/${a.unitId}/organisation-result`,
      headers: hr,
      payload: { predikat: "ISTIMEWA" },
    });
    expect(org.statusCode, org.body).toBe(201);
    for (const s of a.staff) {
      const put = await t.app.inject({
        method: "PUT",
        url: `/v1/periods/${a.periodId}/assessments/${s}`,
        headers: as(a.supervisor),
        payload: {
          resultRating: "DI_ATAS_EKSPEKTASI",
          behaviourRating: "DI_ATAS_EKSPEKTASI",
          justification: "melampaui target dengan inisiatif sendiri",
        },
      });
      expect(put.statusCode, put.body).toBe(201);
      const fin = await t.app.inject({
        method: "POST",
        url: `/v1/periods/${a.periodId}/assessments/${s}/finalise`,
        headers: as(a.supervisor),
      });
      expect(fin.statusCode, fin.body).toBe(200);
    }
    let version = 1;
    const transition = async (event: string) => {
      const response = await t.app.inject({
        method: "POST",
        url: `/v1/periods/${a.periodId}/transitions`,
        headers: hr,
        payload: { event, version },
      });
      if (response.statusCode === 200) version = response.json().version;
      return response;
    };
    const calibration = async () =>
      (
        await t.app.inject({
          method: "GET",
          url: `/v1/periods/${a.periodId}/units/${a.unitId}/calibration`,
          headers: hr,
        })
      ).json();
    return { a, hr, transition, calibration };
  };

  test("severity ERROR: CLOSE is refused while the pool violates a bound, and allowed once calibration meets it", async () => {
    const { a, hr, transition, calibration } = await prepare("ag-error", "ERROR");
    const before = await calibration();
    expect(before.counts).toMatchObject({ SANGAT_BAIK: 4 });
    expect(before.violations).toEqual([
      expect.objectContaining({
        rule: "permenpanrb-6-2022/distribution/ISTIMEWA/max-sangat-baik",
        severity: "ERROR",
      }),
    ]);

    expect((await transition("START_CALIBRATION")).statusCode).toBe(200);
    const refused = await transition("CLOSE");
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({
      code: "ILLEGAL_TRANSITION",
      details: { machine: "period", from: "CALIBRATION", event: "CLOSE", guard: "DISTRIBUTION_VIOLATIONS" },
    });
    const period = await t.app.inject({ method: "GET", url: `/v1/periods/${a.periodId}`, headers: hr });
    expect(period.json()).toMatchObject({ state: "CALIBRATION", version: 2 });

    // In a unit of four, "at most 70 %" (2) and the WARNING floor "more than half" (3) cannot
    // both hold: meeting the ERROR bound leaves only the warning, which never blocks.
    const demoted = (before.members as { employeeId: string }[]).slice(0, 2).map((m) => m.employeeId);
    const applied = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/units/${a.unitId}/calibration/changes`,
      headers: hr,
      payload: {
        changes: demoted.map((employeeId) => ({ employeeId, to: "BAIK", reason: "kurva SE 3/2023" })),
      },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const errors = (v: { severity: string }[]) => v.filter((x) => x.severity === "ERROR");
    expect(errors(applied.json().violations)).toEqual([]);
    expect(errors((await calibration()).violations)).toEqual([]);

    const closed = await transition("CLOSE");
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: "CLOSED", version: 3 });
  });

  test("severity WARNING: the same violating pool does not block CLOSE", async () => {
    const { transition, calibration } = await prepare("ag-warning", "WARNING");
    expect((await calibration()).violations).toEqual([
      expect.objectContaining({
        rule: "permenpanrb-6-2022/distribution/ISTIMEWA/max-sangat-baik",
        severity: "WARNING",
      }),
    ]);
    const closed = await transition("CLOSE");
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe("CLOSED");
  });
});

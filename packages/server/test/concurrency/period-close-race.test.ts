import { afterAll, beforeAll, expect, test } from "vitest";
import type { CycleTables } from "../../src/cycle-tables";
import { type Database, json, migrate, openDatabase } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { describeEachDatabase } from "../helpers/databases";

/**
 * The lock order of the cycle (docs/server.md "Security", src/storage/records.ts `loadPeriod`):
 * every unit of work in a period takes the period row first — `FOR UPDATE` for a transition,
 * `FOR SHARE` for a write that depends on the period's state. Without it, CLOSE and concurrent
 * assessment reopens interleave on PostgreSQL and the period ends CLOSED with DRAFT assessments.
 */
describeEachDatabase("CLOSE racing assessment reopens", (dbs) => {
  const ROUNDS = 5;
  const REOPENS_PER_ROUND = 19;
  let database: Database;
  let t: TestApp;
  let a: SeededAgency;
  let ids = 0;

  beforeAll(async () => {
    database = await openDatabase({ ...(await dbs.freshOptions()), maxConnections: 25 });
    await migrate(database);
    t = await testApp({
      database,
      registry: fixtureRegistry(),
      newId: () => {
        ids += 1;
        return `race-${ids}`;
      },
    });
    a = await seedAgency(database, { agencyId: "race", state: "CALIBRATION", staffCount: REOPENS_PER_ROUND });
    const now = new Date("2026-12-01T00:00:00Z");
    for (const s of a.staff) {
      await database.db
        .withTables<CycleTables>()
        .insertInto("assessments")
        .values({
          id: `${s}-assessment`,
          agency_id: a.agencyId,
          period_id: a.periodId,
          employee_id: s,
          rater_id: a.supervisor,
          result_rating: "SESUAI_EKSPEKTASI",
          behaviour_rating: "SESUAI_EKSPEKTASI",
          behaviour: json({}),
          justification: null,
          comments: null,
          status: "FINAL",
          result: json({
            employeeId: s,
            grade: "BAIK",
            score: null,
            ratings: {},
            explanation: [],
            consequences: [],
            warnings: [],
          }),
          case_snapshot: json({}),
          rule_package_id: "server-fixture",
          rule_package_version: "1.0.0",
          calibrated_grade: null,
          finalised_at: now,
          finalised_by: a.supervisor,
          reopen_reason: null,
          reopened_at: null,
          reopened_by: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  afterAll(async () => {
    await t.close();
    await database.close();
  });

  /** Puts the period back in CALIBRATION with every assessment FINAL. */
  const reset = async () => {
    await database.db
      .updateTable("periods")
      .set({ state: "CALIBRATION" })
      .where("id", "=", a.periodId)
      .execute();
    // Each draft becomes FINAL with a result as finalising stores it (CLOSE stores the final
    // result each assessment closes with).
    for (const s of a.staff) {
      await database.db
        .withTables<CycleTables>()
        .updateTable("assessments")
        .set({
          status: "FINAL",
          result: json({
            employeeId: s,
            grade: "BAIK",
            score: null,
            ratings: {},
            explanation: [],
            consequences: [],
            warnings: [],
          }),
          case_snapshot: json({}),
        })
        .where("id", "=", `${s}-assessment`)
        .where("status", "<>", "FINAL")
        .execute();
    }
  };

  test(`${ROUNDS} rounds of CLOSE + ${REOPENS_PER_ROUND} reopens never end CLOSED with a DRAFT assessment`, async () => {
    const hr = t.authHeader({ sub: "hr", roles: ["HR_ADMIN"], agency: a.agencyId });
    const statuses: number[] = [];
    let closedRounds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await reset();
      const close = t.app.inject({
        method: "POST",
        url: `/v1/periods/${a.periodId}/transitions`,
        headers: hr,
        payload: { event: "CLOSE" },
      });
      const reopens = a.staff.map((s) =>
        t.app.inject({
          method: "POST",
          url: `/v1/periods/${a.periodId}/assessments/${s}/reopen`,
          headers: hr,
          payload: { reason: "keberatan diterima" },
        }),
      );
      const responses = await Promise.all([close, ...reopens]);
      for (const r of responses) statuses.push(r.statusCode);
      const period = await database.db
        .selectFrom("periods")
        .select("state")
        .where("id", "=", a.periodId)
        .executeTakeFirstOrThrow();
      const drafts = await database.db
        .withTables<CycleTables>()
        .selectFrom("assessments")
        .select("id")
        .where("period_id", "=", a.periodId)
        .where("status", "=", "DRAFT")
        .execute();
      if (period.state === "CLOSED") {
        closedRounds += 1;
        expect(drafts, `round ${round}: CLOSED with DRAFT assessments`).toEqual([]);
      } else {
        expect(period.state).toBe("CALIBRATION");
      }
      const closeResponse = responses[0];
      expect(closeResponse?.statusCode === 200).toBe(period.state === "CLOSED");
    }
    expect(statuses).toHaveLength(ROUNDS * (REOPENS_PER_ROUND + 1));
    for (const s of statuses) expect([200, 409]).toContain(s);
    expect(closedRounds + statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});

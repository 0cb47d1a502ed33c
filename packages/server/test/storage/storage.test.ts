import { isKinerjaError, KinerjaError } from "@kinerja/core";
import { sql } from "kysely";
import { expect, test } from "vitest";
import {
  assertVersion,
  type Database,
  enqueueEvent,
  expectedVersion,
  IDEMPOTENCY_TTL_MS,
  inTransaction,
  migrate,
  migrationStatus,
  openDatabase,
  pruneIdempotencyKeys,
  recordAudit,
  withIdempotency,
} from "../../src/storage/index";
import { describeEachDatabase } from "../helpers/databases";

const AT = new Date("2026-01-05T08:00:00Z");
const actor = { id: "199001012015031001", roles: ["HR_ADMIN"] };

async function addAgency(database: Database, id: string, name = "Dinas Pendidikan"): Promise<void> {
  await inTransaction(database, async (tx) => {
    await tx
      .insertInto("agencies")
      .values({
        id,
        name,
        rule_package_id: null,
        rule_package_version: null,
        rule_package_config: {},
        version: 1,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    await recordAudit(tx, {
      agencyId: id,
      actor,
      at: AT,
      action: "agency.create",
      entityType: "agency",
      entityId: id,
      after: { id, name },
    });
    await enqueueEvent(tx, {
      id: `ev-${id}`,
      agencyId: id,
      type: "agency.created",
      entityType: "agency",
      entityId: id,
      payload: { id },
      at: AT,
    });
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isKinerjaError(error)) return error.code;
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? code : String(error);
  }
  return "RESOLVED";
}

describeEachDatabase("storage", (dbs) => {
  test("migrations run once and are a no-op the second time", async () => {
    const database = await dbs.fresh({ migrate: false });
    expect((await migrationStatus(database)).pending).toContain("0001_core");
    const first = await migrate(database);
    expect(first.applied).toContain("0001_core");
    const second = await migrate(database);
    expect(second.applied).toEqual([]);
    expect((await migrationStatus(database)).pending).toEqual([]);
    await database.ping();
  });

  test("the audit log rejects UPDATE, DELETE and TRUNCATE, also as raw SQL", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    const before = await database.db.selectFrom("audit_log").selectAll().execute();
    expect(before).toHaveLength(1);
    expect(await codeOf(database.db.updateTable("audit_log").set({ action: "forged" }).execute())).toBe(
      "42501",
    );
    expect(await codeOf(database.db.deleteFrom("audit_log").execute())).toBe("42501");
    expect(await codeOf(sql`truncate audit_log`.execute(database.db))).toBe("42501");
    expect(
      await codeOf(sql`delete from audit_log where seq = ${before[0]?.seq ?? 0}`.execute(database.db)),
    ).toBe("42501");
    const after = await database.db.selectFrom("audit_log").selectAll().execute();
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({
      action: "agency.create",
      actor_id: actor.id,
      actor_roles: ["HR_ADMIN"],
      after: { id: "disdik" },
      before: null,
    });
  });

  test("a transaction that throws leaves no row behind: change, audit entry and event roll back together", async () => {
    const database = await dbs.fresh();
    const failure = new Error("boom");
    await expect(
      inTransaction(database, async (tx) => {
        await tx
          .insertInto("agencies")
          .values({
            id: "a1",
            name: "A",
            rule_package_id: null,
            rule_package_version: null,
            rule_package_config: {},
            version: 1,
            created_at: AT,
            updated_at: AT,
          })
          .execute();
        await recordAudit(tx, {
          agencyId: "a1",
          actor,
          at: AT,
          action: "agency.create",
          entityType: "agency",
          entityId: "a1",
        });
        await enqueueEvent(tx, {
          id: "e1",
          agencyId: "a1",
          type: "agency.created",
          entityType: "agency",
          entityId: "a1",
          payload: {},
          at: AT,
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await database.db.selectFrom("agencies").selectAll().execute()).toEqual([]);
    expect(await database.db.selectFrom("audit_log").selectAll().execute()).toEqual([]);
    expect(await database.db.selectFrom("outbox").selectAll().execute()).toEqual([]);
  });

  test("the outbox holds the event of a committed change, pending until dispatched", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    const events = await database.db.selectFrom("outbox").selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: "ev-disdik",
      type: "agency.created",
      payload: { id: "disdik" },
      dispatched_at: null,
    });
    expect(typeof events[0]?.seq).toBe("number");
  });

  test("a duplicate key is a CONFLICT and a missing reference a VALIDATION_FAILED", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    expect(await codeOf(addAgency(database, "disdik"))).toBe("CONFLICT");
    const orphan = inTransaction(database, async (tx) => {
      await tx
        .insertInto("employees")
        .values({
          agency_id: "nowhere",
          id: "1",
          name: null,
          position_kind: "JF",
          structural: false,
          functional_level: null,
          is_unit_head: false,
          unit_id: null,
          supervisor_id: null,
          attributes: {},
          version: 1,
          created_at: AT,
          updated_at: AT,
        })
        .execute();
    });
    expect(await codeOf(orphan)).toBe("VALIDATION_FAILED");
  });

  test("a value the database cannot store (a NUL character) is a VALIDATION_FAILED, not a crash", async () => {
    const database = await dbs.fresh();
    expect(await codeOf(addAgency(database, "nul", "A\u0000B"))).toBe("VALIDATION_FAILED");
    const inJson = inTransaction(database, async (tx) => {
      await recordAudit(tx, {
        agencyId: null,
        actor,
        at: AT,
        action: "x.y",
        entityType: "x",
        entityId: "1",
        after: { text: "a\u0000b" },
      });
    });
    expect(await codeOf(inJson)).toBe("VALIDATION_FAILED");
    expect(await database.db.selectFrom("audit_log").selectAll().execute()).toEqual([]);
  });

  test("dates read back as YYYY-MM-DD strings and sequence numbers as numbers", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    await database.db
      .insertInto("periods")
      .values({
        id: "p1",
        agency_id: "disdik",
        name: "2026",
        start_date: "2026-01-01",
        end_date: "2026-12-31",
        cadence: "QUARTERLY",
        state: "DRAFT",
        rule_package_id: null,
        rule_package_version: null,
        rule_package_config: null,
        version: 1,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    const period = await database.db.selectFrom("periods").selectAll().executeTakeFirstOrThrow();
    expect(period.start_date).toBe("2026-01-01");
    expect(period.end_date).toBe("2026-12-31");
    expect(period.created_at).toBeInstanceOf(Date);
    expect(period.created_at.toISOString()).toBe(AT.toISOString());
    const audit = await database.db.selectFrom("audit_log").select("seq").executeTakeFirstOrThrow();
    expect(audit.seq).toBe(1);
  });

  test("a stale version is a CONFLICT naming both versions", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    const update = (expected: number | undefined) =>
      inTransaction(database, async (tx) => {
        const row = await tx
          .selectFrom("agencies")
          .selectAll()
          .where("id", "=", "disdik")
          .forUpdate()
          .executeTakeFirstOrThrow();
        assertVersion({ entity: "agency", id: row.id, current: row.version, expected });
        await tx
          .updateTable("agencies")
          .set({ name: "Renamed", version: row.version + 1 })
          .where("id", "=", row.id)
          .execute();
        return row.version + 1;
      });
    expect(await update(1)).toBe(2);
    await expect(update(1)).rejects.toMatchObject({ code: "CONFLICT", details: { expected: 1, current: 2 } });
    expect(await update(2)).toBe(3);
    const row = await database.db.selectFrom("agencies").select("version").executeTakeFirstOrThrow();
    expect(row.version).toBe(3);
  });

  test("an Idempotency-Key replays the stored response and the change commits once", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    let runs = 0;
    const scope = (body: unknown) => ({
      key: "k-1",
      actorId: actor.id,
      agencyId: "disdik",
      route: "POST /v1/things",
      request: { body },
    });
    const create = (body: unknown) =>
      withIdempotency(
        database,
        scope(body),
        async (tx) => {
          runs += 1;
          await enqueueEvent(tx, {
            id: `e-${runs}`,
            agencyId: "disdik",
            type: "thing.created",
            entityType: "thing",
            entityId: `t-${runs}`,
            payload: {},
            at: AT,
          });
          return { statusCode: 201, body: { id: `t-${runs}`, at: AT } };
        },
        () => AT,
      );
    const first = await create({ a: 1, b: 2 });
    expect(first).toEqual({ statusCode: 201, body: { id: "t-1", at: AT.toISOString() }, replayed: false });
    const again = await create({ b: 2, a: 1 });
    expect(again).toEqual({ ...first, replayed: true });
    await expect(create({ a: 2 })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(
      await database.db.selectFrom("outbox").select("id").where("type", "=", "thing.created").execute(),
    ).toHaveLength(1);
  });

  test("a replay is refused when the request is refused now, and a key expires after 24 hours", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    let allowed = true;
    let now = AT;
    let runs = 0;
    const create = () =>
      withIdempotency(
        database,
        { key: "k-ttl", actorId: actor.id, agencyId: "disdik", route: "POST /v1/things", request: {} },
        async () => {
          if (!allowed) throw new KinerjaError("FORBIDDEN", "not any more");
          runs += 1;
          return { statusCode: 201, body: { run: runs }, replayBody: { run: runs, secret: null } };
        },
        () => now,
      );
    expect((await create()).body).toEqual({ run: 1 });
    expect(await create()).toEqual({ statusCode: 201, body: { run: 1, secret: null }, replayed: true });
    allowed = false;
    await expect(create()).rejects.toMatchObject({ code: "FORBIDDEN" });
    allowed = true;
    now = new Date(AT.getTime() + IDEMPOTENCY_TTL_MS + 1000);
    const fresh = await create();
    expect(fresh.replayed).toBe(false);
    expect(await pruneIdempotencyKeys(database, new Date(now.getTime() + IDEMPOTENCY_TTL_MS + 1))).toBe(1);
  });

  test("concurrent requests with the same Idempotency-Key commit the change once", async () => {
    const database = await dbs.fresh();
    await addAgency(database, "disdik");
    let runs = 0;
    const create = () =>
      withIdempotency(
        database,
        { key: "same", actorId: actor.id, agencyId: "disdik", route: "POST /v1/things", request: { n: 1 } },
        async (tx) => {
          runs += 1;
          const id = `thing-${runs}`;
          await enqueueEvent(tx, {
            id,
            agencyId: "disdik",
            type: "thing.created",
            entityType: "thing",
            entityId: id,
            payload: {},
            at: AT,
          });
          return { statusCode: 201, body: { id } };
        },
      );
    const results = await Promise.all([create(), create(), create()]);
    const bodies = new Set(results.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(
      await database.db.selectFrom("outbox").select("id").where("type", "=", "thing.created").execute(),
    ).toHaveLength(1);
  });

  test("reopening the same data loses nothing committed and keeps the audit log append-only", async () => {
    const options = await dbs.freshOptions();
    const first = await openDatabase(options);
    try {
      await migrate(first);
      await addAgency(first, "disdik");
      await expect(
        inTransaction(first, async (tx) => {
          await tx.updateTable("agencies").set({ name: "Lost" }).where("id", "=", "disdik").execute();
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
    } finally {
      await first.close();
    }
    const second = await openDatabase(options);
    try {
      expect((await migrate(second)).applied).toEqual([]);
      const agency = await second.db.selectFrom("agencies").selectAll().executeTakeFirstOrThrow();
      expect(agency).toMatchObject({ id: "disdik", name: "Dinas Pendidikan", version: 1 });
      expect(await second.db.selectFrom("audit_log").select("action").execute()).toEqual([
        { action: "agency.create" },
      ]);
      expect(await second.db.selectFrom("outbox").select("id").execute()).toEqual([{ id: "ev-disdik" }]);
      expect(await codeOf(second.db.deleteFrom("audit_log").execute())).toBe("42501");
    } finally {
      await second.close();
    }
  });
});

test('expectedVersion reads If-Match as 3, "3" or W/"3", and agrees with a body version', () => {
  expect(expectedVersion(undefined)).toBeUndefined();
  expect(expectedVersion("3")).toBe(3);
  expect(expectedVersion('"3"')).toBe(3);
  expect(expectedVersion('W/"3"')).toBe(3);
  expect(expectedVersion(undefined, 4)).toBe(4);
  expect(expectedVersion("4", 4)).toBe(4);
  expect(() => expectedVersion("abc")).toThrow(/if-match/);
  expect(() => expectedVersion("3", 4)).toThrow(/version/);
});

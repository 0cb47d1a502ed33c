import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { Migrator, sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { type CliIo, EXIT, runCli } from "../../src/commands";
import {
  type Database,
  inTransaction,
  migrate,
  openDatabase,
  recordChange,
  verifyAuditChain,
} from "../../src/storage/index";
import { MIGRATIONS } from "../../src/storage/migrations/index";
import { describeEachDatabase } from "../helpers/databases";
import { findPostgresBinaries, startPostgres } from "../helpers/postgres";

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function cli(argv: string[], env: CliIo["env"]) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdin: Readable.from([""]), stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function seedAgencies(database: Database, ids: string[]) {
  await inTransaction(database, async (tx) => {
    for (const id of ids) {
      await tx
        .insertInto("agencies")
        .values({
          id,
          name: id,
          rule_package_config: sql`'{}'::jsonb`,
          created_at: new Date(),
          updated_at: new Date(),
        } as never)
        .execute();
    }
  });
}

/** Writes `n` changes alternating between the agencies, each in its own transaction. */
async function writeChanges(database: Database, agencies: (string | null)[], n: number) {
  for (let i = 0; i < n; i++) {
    const agencyId = agencies[i % agencies.length] ?? null;
    await inTransaction(database, (tx) =>
      recordChange(tx, {
        agencyId,
        actor: { id: "hr", roles: ["HR_ADMIN"] },
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        action: "thing.change",
        entityType: "thing",
        entityId: `t${i}`,
        before: { n: i, nested: { b: 2, a: 1 } },
        after: { n: i + 1, list: [3, 1.5, "x"] },
        details: { reason: `r${i}` },
      }),
    );
  }
}

async function tamper(database: Database, statement: string) {
  await sql.raw("alter table audit_log disable trigger audit_log_no_update_or_delete").execute(database.db);
  await sql.raw(statement).execute(database.db);
  await sql.raw("alter table audit_log enable trigger audit_log_no_update_or_delete").execute(database.db);
}

describeEachDatabase("the audit log's hash chain", (dbs) => {
  test("each agency's rows are numbered 1, 2, 3, … without gaps and the chain verifies", async () => {
    const database = await dbs.fresh();
    await seedAgencies(database, ["a1", "a2"]);
    await writeChanges(database, ["a1", "a2", "a1", null], 12);
    const rows = await database.db
      .selectFrom("audit_log")
      .select(["agency_id", "agency_seq"])
      .orderBy("seq")
      .execute();
    const seqsOf = (agency: string | null) =>
      rows.filter((r) => r.agency_id === agency).map((r) => r.agency_seq);
    expect(seqsOf("a1")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqsOf("a2")).toEqual([1, 2, 3]);
    expect(seqsOf(null)).toEqual([1, 2, 3]);
    const report = await verifyAuditChain(database, { batchSize: 4 });
    expect(report.broken).toBeUndefined();
    expect(report.rows).toBe(12);
    expect(report.heads.map((h) => [h.agencyId, h.agencySeq])).toEqual(
      expect.arrayContaining([
        ["a1", 6],
        ["a2", 3],
        [null, 3],
      ]),
    );
  });

  test("migrating a database with audit rows chains the existing rows", async () => {
    const database = await dbs.fresh({ migrate: false });
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    });
    expect((await migrator.migrateTo("0002_feedback_assessments")).error).toBeUndefined();
    await seedAgencies(database, ["a1", "a2"]);
    for (const [i, agency] of ["a1", "a2", "a1", null].entries()) {
      await sql`insert into audit_log (agency_id, actor_id, actor_roles, at, action, entity_type, entity_id, before, after, details)
        values (${agency}, 'hr', '["HR_ADMIN"]'::jsonb, ${new Date(Date.UTC(2025, 0, 1, 0, 0, i))}, 'thing.change', 'thing', ${`t${i}`}, null, '{"b":1,"a":[1,2]}'::jsonb, '{}'::jsonb)`.execute(
        database.db,
      );
    }
    await migrate(database);
    await writeChanges(database, ["a1"], 1);
    const report = await verifyAuditChain(database);
    expect(report.broken).toBeUndefined();
    expect(report.heads.map((h) => [h.agencyId, h.agencySeq])).toEqual(
      expect.arrayContaining([
        ["a1", 3],
        ["a2", 1],
        [null, 1],
      ]),
    );
  });

  test("an UPDATE behind the triggers' back, a DELETE and a reordering are each found at the first broken link", async () => {
    const database = await dbs.fresh();
    await seedAgencies(database, ["a1", "a2"]);
    await writeChanges(database, ["a1", "a2"], 10);
    await tamper(
      database,
      `update audit_log set details = '{"reason":"nothing to see"}' where agency_id = 'a1' and agency_seq = 3`,
    );
    const changed = await verifyAuditChain(database, { agencyId: "a1" });
    expect(changed.broken).toMatchObject({
      agencyId: "a1",
      agencySeq: 3,
      reason: expect.stringMatching(/changed/),
    });
    expect((await verifyAuditChain(database, { agencyId: "a2" })).broken).toBeUndefined();

    await tamper(database, "delete from audit_log where agency_id = 'a2' and agency_seq = 2");
    const removed = await verifyAuditChain(database, { agencyId: "a2" });
    expect(removed.broken).toMatchObject({
      agencyId: "a2",
      agencySeq: 2,
      reason: expect.stringMatching(/missing/),
    });

    // Renumbering the rest to close the gap leaves prev_hash pointing at the removed row.
    await tamper(
      database,
      "update audit_log set agency_seq = agency_seq - 1 where agency_id = 'a2' and agency_seq > 2",
    );
    const renumbered = await verifyAuditChain(database, { agencyId: "a2" });
    expect(renumbered.broken).toMatchObject({
      agencyId: "a2",
      agencySeq: 2,
      reason: expect.stringMatching(/prev_hash/),
    });
  });
});

describe("kinerja audit verify", () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const f of folders) await rm(f, { recursive: true, force: true });
  });

  test("exit 0 on an intact chain, 3 naming the first broken link after tampering; the PGlite folder is 0700", async () => {
    const parent = await mkdtemp(join(tmpdir(), "kinerja-audit-"));
    folders.push(parent);
    const dataDir = join(parent, "data");
    const database = await openDatabase({ dataDir });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    await migrate(database);
    await seedAgencies(database, ["a1"]);
    await writeChanges(database, ["a1"], 5);
    await database.close();

    const ok = await cli(["audit", "verify", "--data-dir", dataDir], {});
    expect(ok.code, ok.stderr).toBe(EXIT.OK);
    expect(ok.stdout).toMatch(/5 rows in 1 chain\(s\) intact/);

    const again = await openDatabase({ dataDir });
    await tamper(again, "update audit_log set actor_id = 'someone-else' where agency_seq = 4");
    await again.close();
    const broken = await cli(["audit", "verify", "--agency", "a1", "--data-dir", dataDir], {});
    expect(broken.code).toBe(EXIT.AUDIT_BROKEN);
    expect(broken.stderr).toMatch(/BROKEN chain of a1 at position 4/);

    const usage = await cli(["audit", "check"], {});
    expect(usage.code).toBe(EXIT.USAGE);
  });
});

describe("the migration/runtime role settings", () => {
  test("serve needs DATABASE_URL with KINERJA_MIGRATION_DATABASE_URL; --runtime-role needs PostgreSQL", async () => {
    const serve = await cli(["serve", "--port", "0"], {
      KINERJA_JWT_SECRET: "s".repeat(40),
      KINERJA_MIGRATION_DATABASE_URL: "postgres://owner@127.0.0.1:1/kinerja",
    });
    expect(serve.code).toBe(EXIT.USAGE);
    expect(serve.stderr).toMatch(/DATABASE_URL is not/);
    const parent = await mkdtemp(join(tmpdir(), "kinerja-roles-"));
    try {
      const migrate = await cli(
        ["migrate", "--data-dir", join(parent, "data"), "--runtime-role", "kinerja_app"],
        {},
      );
      expect(migrate.code).toBe(EXIT.USAGE);
      expect(migrate.stderr).toMatch(/--runtime-role: roles exist only on PostgreSQL/);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});

(findPostgresBinaries() === undefined ? describe.skip : describe)(
  "PostgreSQL migration and runtime roles",
  () => {
    test("migrate as the owner grants a runtime role that can append audit rows but neither change them nor disable the triggers", async () => {
      const server = await startPostgres();
      if (server === undefined) throw new Error("PostgreSQL did not start");
      try {
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query("create role kinerja_owner login");
        await admin.query("create role kinerja_app login");
        await admin.query("create database kinerja_roles owner kinerja_owner");
        await admin.query("revoke all on database kinerja_roles from public");
        await admin.query("grant connect on database kinerja_roles to kinerja_app");
        await admin.end();
        const base = new URL(server.urlFor("kinerja_roles"));
        const as = (user: string) => {
          const u = new URL(base);
          u.username = user;
          return u.toString();
        };
        const env = { KINERJA_MIGRATION_DATABASE_URL: as("kinerja_owner"), DATABASE_URL: as("kinerja_app") };
        const migrated = await cli(["migrate", "--runtime-role", "kinerja_app"], env);
        expect(migrated.code, migrated.stderr).toBe(EXIT.OK);
        expect(migrated.stdout).toMatch(/granted the runtime role kinerja_app/);

        const runtime = await openDatabase({ url: as("kinerja_app") });
        try {
          await seedAgencies(runtime, ["a1"]);
          await writeChanges(runtime, ["a1"], 3);
          expect((await verifyAuditChain(runtime)).rows).toBe(3);
          const refused = async (statement: string) => {
            const error = await sql
              .raw(statement)
              .execute(runtime.db)
              .then(
                () => undefined,
                (e: unknown) => e as { code?: string },
              );
            return error?.code;
          };
          expect(await refused("update audit_log set actor_id = 'x'")).toBe("42501");
          expect(await refused("delete from audit_log")).toBe("42501");
          expect(await refused("truncate audit_log")).toBe("42501");
          expect(await refused("alter table audit_log disable trigger audit_log_no_update_or_delete")).toBe(
            "42501",
          );
          expect(await refused("create table sneaky (id int)")).toBe("42501");
        } finally {
          await runtime.close();
        }
        const verified = await cli(["audit", "verify"], { DATABASE_URL: as("kinerja_app") });
        expect(verified.code, verified.stderr).toBe(EXIT.OK);
      } finally {
        await server.stop();
      }
    });
  },
);

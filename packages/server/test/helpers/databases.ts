import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import {
  type Database,
  type DatabaseKind,
  migrate,
  type OpenDatabaseOptions,
  openDatabase,
} from "../../src/storage/index";
import { freshPglite } from "./pglite";
import { findPostgresBinaries, type PostgresServer, postgresRequired, startPostgres } from "./postgres";

/** One database engine under test, handed to a suite by {@link describeEachDatabase}. */
export interface DatabaseUnderTest {
  /** `pglite` or `postgres`. */
  kind: DatabaseKind;
  /** A fresh, empty database, migrated unless `{ migrate: false }`; closed after the suite. */
  fresh(options?: { migrate?: boolean }): Promise<Database>;
  /**
   * Options to open a fresh, empty, unmigrated database several times over (PGlite: a new data
   * folder; PostgreSQL: a new database on the test server), for restart tests. Databases
   * opened with them are yours to close.
   */
  freshOptions(): Promise<OpenDatabaseOptions>;
}

let counter = 0;

/**
 * Runs a suite once on PGlite (in memory) and once on a real PostgreSQL started for the file
 * (skipped when PostgreSQL is not installed, a failure when `CI=true`).
 *
 * @example
 * describeEachDatabase("audit log", (dbs) => {
 *   test("append-only", async () => { const database = await dbs.fresh(); ... });
 * });
 */
export function describeEachDatabase(name: string, fn: (dbs: DatabaseUnderTest) => void): void {
  describe(`${name} [pglite]`, () => {
    const opened: Database[] = [];
    const folders: string[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((d) => d.close()));
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });
    fn({
      kind: "pglite",
      async fresh(options = {}) {
        const database = await freshPglite(options);
        opened.push(database);
        return database;
      },
      async freshOptions() {
        const folder = mkdtempSync(join(tmpdir(), "kinerja-pglite-"));
        folders.push(folder);
        return { dataDir: folder };
      },
    });
  });

  const available = findPostgresBinaries() !== undefined;
  if (!available && postgresRequired) {
    throw new Error(
      `${name}: PostgreSQL binaries not found but CI=true; the PostgreSQL suite must not be skipped`,
    );
  }
  (available ? describe : describe.skip)(`${name} [postgres]`, () => {
    let server: PostgresServer | undefined;
    const opened: Database[] = [];
    beforeAll(async () => {
      server = await startPostgres();
      if (server === undefined) throw new Error("PostgreSQL did not start");
    });
    afterAll(async () => {
      await Promise.all(opened.map((d) => d.close()));
      await server?.stop();
    });
    const createDatabase = async (): Promise<string> => {
      if (server === undefined) throw new Error("PostgreSQL is not running");
      counter += 1;
      const dbName = `kinerja_test_${process.pid}_${counter}`;
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        await client.query(`create database ${dbName}`);
      } finally {
        await client.end();
      }
      return server.urlFor(dbName);
    };
    fn({
      kind: "postgres",
      async fresh(options = {}) {
        const database = await openDatabase({ url: await createDatabase(), maxConnections: 5 });
        opened.push(database);
        if (options.migrate !== false) await migrate(database);
        return database;
      },
      async freshOptions() {
        return { url: await createDatabase(), maxConnections: 5 };
      },
    });
  });
}

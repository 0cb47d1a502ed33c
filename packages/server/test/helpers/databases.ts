import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import {
  type Database,
  type DatabaseKind,
  type OpenDatabaseOptions,
  openDatabase,
} from "../../src/storage/index";
import { freshPglite } from "./pglite";
import type { SharedPostgres } from "./pglite-template";
import { findPostgresBinaries, postgresRequired } from "./postgres";

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
/** Tells apart the databases of two runs that reuse a process id. */
const RUN = Math.random().toString(36).slice(2, 8);

/** The connection string of database `name` on the shared server. */
function databaseUrl(shared: SharedPostgres, name: string): string {
  return `${shared.url.slice(0, shared.url.lastIndexOf("/"))}/${name}`;
}

/** Drops a suite's databases from the shared server, so a run does not pile them up. */
async function dropDatabases(shared: SharedPostgres, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: shared.url });
  await client.connect();
  try {
    for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * Runs a suite once on PGlite (in memory) and once on the real PostgreSQL that the global setup
 * started for the run (pglite-template.ts), on databases of its own (skipped when PostgreSQL is
 * not installed, a failure when `CI=true`).
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
    let shared: SharedPostgres | null = null;
    const opened: Database[] = [];
    const created: string[] = [];
    beforeAll(() => {
      shared = inject("postgres");
      if (shared === null) throw new Error("PostgreSQL did not start (vitest global setup)");
    });
    afterAll(async () => {
      await Promise.all(opened.map((d) => d.close()));
      if (shared !== null && created.length > 0) await dropDatabases(shared, created);
    });
    /** A new database on the shared server: a copy of the migrated template, or empty. */
    const createDatabase = async (options: { migrated: boolean }): Promise<string> => {
      if (shared === null) throw new Error("PostgreSQL is not running");
      counter += 1;
      const dbName = `kinerja_test_${process.pid}_${RUN}_${counter}`;
      const client = new pg.Client({ connectionString: shared.url });
      await client.connect();
      try {
        await client.query(
          options.migrated
            ? `create database ${dbName} template ${shared.template}`
            : `create database ${dbName}`,
        );
      } finally {
        await client.end();
      }
      created.push(dbName);
      return databaseUrl(shared, dbName);
    };
    fn({
      kind: "postgres",
      async fresh(options = {}) {
        const url = await createDatabase({ migrated: options.migrate !== false });
        const database = await openDatabase({ url, maxConnections: 5 });
        opened.push(database);
        return database;
      },
      async freshOptions() {
        return { url: await createDatabase({ migrated: false }), maxConnections: 5 };
      },
    });
  });
}

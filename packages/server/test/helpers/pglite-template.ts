/**
 * vitest global setup of the server projects, run once for the whole run:
 * - runs PGlite's initdb and the migrations once and hands the dump to the tests
 *   (`inject("pgliteTemplate")`), which open every fresh migrated in-memory PGlite from it: about
 *   three times faster than initdb and migrations for each one;
 * - starts one throw-away PostgreSQL (when installed) with a migrated template database, shared by
 *   every test file (`inject("postgres")`): each suite still gets databases of its own, created
 *   from the template, instead of an initdb and a server start per file.
 *
 * Both server projects (`server`, `server-fuzz`) list this file; the work is done once per run.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dumpDatabase, migrate, openDatabase } from "../../src/storage/index";
import { findPostgresBinaries, type PostgresServer, startPostgres } from "./postgres";

/** The shared PostgreSQL server of the run, as the tests see it. */
export interface SharedPostgres {
  /** Connection string of the server's `postgres` database. */
  url: string;
  /** Name of the migrated database that `create database … template` copies. */
  template: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The file with the dump of a migrated PGlite database. */
    pgliteTemplate: string;
    /** The PostgreSQL server shared by the run, or null when PostgreSQL is not installed. */
    postgres: SharedPostgres | null;
  }
}

const TEMPLATE_DATABASE = "kinerja_migrated";

async function dump(folder: string): Promise<string> {
  const database = await openDatabase();
  try {
    await migrate(database);
    const data = await dumpDatabase(database);
    const file = join(folder, "migrated.tar");
    await writeFile(file, data!);
    return file;
  } finally {
    await database.close();
  }
}

async function sharedPostgres(): Promise<{ server: PostgresServer; shared: SharedPostgres } | null> {
  // A missing PostgreSQL is reported (skipped, or a failure under CI=true) by the suites that need it.
  if (findPostgresBinaries() === undefined) return null;
  const server = await startPostgres();
  if (server === undefined) return null;
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(`create database ${TEMPLATE_DATABASE}`);
    } finally {
      await client.end();
    }
    const database = await openDatabase({ url: server.urlFor(TEMPLATE_DATABASE), maxConnections: 1 });
    try {
      await migrate(database);
    } finally {
      // A template must have no open connection while it is copied.
      await database.close();
    }
    return { server, shared: { url: server.url, template: TEMPLATE_DATABASE } };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

interface Shared {
  pgliteTemplate: string;
  postgres: SharedPostgres | null;
  /** Stops the server and deletes the folder, once the last project that uses them is done. */
  release(): Promise<void>;
}

const KEY = Symbol.for("kinerja.test.server-setup");
type WithShared = typeof globalThis & { [KEY]?: { users: number; ready: Promise<Shared> } };

async function prepare(): Promise<Shared> {
  const folder = await mkdtemp(join(tmpdir(), "kinerja-pglite-templates-"));
  const [pgliteTemplate, postgres] = await Promise.all([dump(folder), sharedPostgres()]);
  return {
    pgliteTemplate,
    postgres: postgres?.shared ?? null,
    async release() {
      await postgres?.server.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  // Global setups of all projects run in vitest's main process: share one preparation.
  const g = globalThis as WithShared;
  g[KEY] ??= { users: 0, ready: prepare() };
  const state = g[KEY];
  state.users += 1;
  const shared = await state.ready;
  project.provide("pgliteTemplate", shared.pgliteTemplate);
  project.provide("postgres", shared.postgres);
  return async () => {
    state.users -= 1;
    if (state.users > 0) return;
    delete g[KEY];
    await shared.release();
  };
}

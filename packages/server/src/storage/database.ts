import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import type pg from "pg";
import { batchedClient } from "./pglite-query";
import { type EmscriptenFs, PGDATA, PreparedMemoryFS, writeTar } from "./prepared-memory-fs";
import type { DB } from "./schema";

/** Where the data lives. */
export type DatabaseKind = "pglite" | "postgres";

/** Options of {@link openDatabase}; with neither field, an in-memory PGlite. */
export interface OpenDatabaseOptions {
  /** A folder for PGlite's files (created when missing, readable by its owner only: mode 0700); data survives restarts. */
  dataDir?: string;
  /** A PostgreSQL connection string (`postgres://…`); wins over `dataDir`. */
  url?: string;
  /** The most connections in the PostgreSQL pool (default 10). */
  maxConnections?: number;
  /**
   * PGlite in memory only: start from this dump of a data directory (a tarball, as
   * `dumpDatabase` writes it; uncompressed opens faster than gzipped) instead of an empty
   * cluster; skips initdb.
   */
  loadDataDir?: Blob | Uint8Array;
}

/** An open database: the Kysely instance, its kind, a health check and close. */
export interface Database {
  /** The query builder. Inside `inTransaction`, use the transaction it hands you instead. */
  db: Kysely<DB>;
  /** PGlite (embedded) or PostgreSQL (server). */
  kind: DatabaseKind;
  /** Resolves when the database answers a query; rejects otherwise. */
  ping(): Promise<void>;
  /** Closes connections (and PGlite's files); safe to call twice. */
  close(): Promise<void>;
}

const OID_INT8 = 20;
const OID_DATE = 1082;

/** Same value types on both drivers: `date` stays `YYYY-MM-DD`, `int8` becomes a number. */
const keepText = (value: string): string => value;
const toNumber = (value: string): number => Number(value);

function pgTypes(types: typeof pg.types): { getTypeParser: typeof pg.types.getTypeParser } {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (oid === OID_DATE) return keepText;
      if (oid === OID_INT8) return toNumber;
      return format === undefined ? types.getTypeParser(oid) : types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
}

function wrap(db: Kysely<DB>, kind: DatabaseKind): Database {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closing ??= db.destroy();
      return closing;
    },
  };
}

/**
 * Opens the database: PostgreSQL through a `pg` pool when `url` is given, else PGlite on disk
 * in `dataDir`, else PGlite in memory. Does not migrate: call `migrate(database)`.
 *
 * @example
 * const database = await openDatabase({ url: process.env.DATABASE_URL });
 * await migrate(database);
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url !== undefined && options.url !== "") {
    // Loaded only for PostgreSQL: the embedded database's start does not pay for it.
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      types: pgTypes(pg.types),
    });
    // An idle client that the server disconnects (a restart, pg_terminate_backend, a dropped
    // database) emits "error" on the pool; without a listener that crashes the process. The pool
    // drops that client, and the next query surfaces any lasting problem as a query error.
    pool.on("error", () => {});
    const database = wrap(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), "postgres");
    try {
      await database.ping();
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  }
  const parsers = { [OID_DATE]: keepText, [OID_INT8]: toNumber };
  if (options.dataDir !== undefined && !options.dataDir.includes("://") && !existsSync(options.dataDir)) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(options.dataDir, 0o700);
  }
  const common = { parsers, postgresqlconf: PGLITE_SETTINGS.join("\n") };
  const client =
    options.dataDir !== undefined
      ? new PGlite({ dataDir: options.dataDir, ...common })
      : options.loadDataDir !== undefined
        ? new PGlite({
            fs: new PreparedMemoryFS(await tarBytes(options.loadDataDir)),
            ...common,
          })
        : new PGlite(common);
  await client.waitReady;
  // Each query in one trip through PGlite instead of six (see batchedQuery).
  const database = wrap(new Kysely<DB>({ dialect: new PGliteDialect(batchedClient(client)) }), "pglite");
  pgliteClients.set(database, client);
  return database;
}

/**
 * PGlite's server settings. PostgreSQL's default `shared_buffers` (128 MB) is allocated and
 * touched in PGlite's WebAssembly memory at every start: about 130 MB of resident memory that an
 * embedded, single-connection database does not use. 16 MB keeps the working set of a service
 * of one or a few agencies in memory (the operating system caches the files as well).
 */
export const PGLITE_SETTINGS = ["shared_buffers = 16MB", "wal_buffers = 1MB", "work_mem = 4MB"];

/**
 * The bytes of a data directory's tarball, gunzipped when gzipped, in a buffer of their own: the
 * file system takes it over, so a dump opened twice (a test template) stays unchanged.
 */
async function tarBytes(dump: Blob | Uint8Array): Promise<Uint8Array> {
  const bytes = dump instanceof Uint8Array ? dump : new Uint8Array(await dump.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return new Uint8Array(gunzipSync(bytes));
  // A copy, also of a Buffer (whose slice() is a view).
  return bytes === dump ? new Uint8Array(bytes) : bytes;
}

const pgliteClients = new WeakMap<Database, PGlite>();

/** The PGlite client under `database` (undefined for PostgreSQL). @internal */
export const pgliteClientOf = (database: Database): PGlite | undefined => pgliteClients.get(database);

/**
 * A dump of a PGlite database's data directory (a tar file), to open again with
 * `openDatabase({ loadDataDir })`; undefined for PostgreSQL. Uncompressed unless `gzip`: about
 * ten times larger (40 MB for the demo), but it opens in about half the time, and opening is
 * what the copies are made for (the demo's start, every test database).
 *
 * @internal
 */
export async function dumpDatabase(
  database: Database,
  options: { gzip?: boolean } = {},
): Promise<Uint8Array | undefined> {
  const client = pgliteClients.get(database);
  if (client === undefined) return undefined;
  if (options.gzip) return new Uint8Array(await (await client.dumpDataDir("gzip")).arrayBuffer());
  // The same archive as dumpDataDir("none"), without its Blob: in Node.js 20, making and reading
  // back a 40 MB Blob costs more than building the archive.
  return client.runExclusive(async () =>
    writeTar((client as unknown as { Module: { FS: EmscriptenFs } }).Module.FS, PGDATA),
  );
}

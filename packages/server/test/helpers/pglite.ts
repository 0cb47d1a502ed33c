import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/storage/index";

let template: Promise<Uint8Array> | undefined;

/**
 * A fresh in-memory PGlite database, migrated unless `{ migrate: false }`. A migrated one opens
 * from the dump that the global setup made once (pglite-template.ts): the same database as
 * `openDatabase()` then `migrate()`, without initdb and the migrations each time.
 */
export async function freshPglite(options: { migrate?: boolean } = {}): Promise<Database> {
  if (options.migrate === false) return openDatabase();
  // openDatabase copies the bytes: every database gets its own files.
  template ??= readFile(inject("pgliteTemplate"));
  return openDatabase({ loadDataDir: await template });
}

import { KinerjaError } from "@kinerja/core";
import { Migrator } from "kysely";
import type { Database } from "./database";
import { MIGRATIONS } from "./migrations/index";

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Names of the migrations applied now (empty when already up to date). */
  applied: string[];
}

function migrator(database: Database): Migrator {
  return new Migrator({ db: database.db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
}

/**
 * Applies every pending migration, each in its own transaction; running it again is a no-op.
 * On PostgreSQL, concurrent runs wait for each other (Kysely's advisory lock).
 */
export async function migrate(database: Database): Promise<MigrateResult> {
  const { error, results = [] } = await migrator(database).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === "Error")?.migrationName ?? "(unknown)";
    throw new KinerjaError(
      "INTERNAL",
      `database migration ${failed} failed: ${String((error as Error).message ?? error)}`,
      {
        details: { migration: failed },
        cause: error,
      },
    );
  }
  return { applied: results.filter((r) => r.status === "Success").map((r) => r.migrationName) };
}

/** The names of applied and pending migrations. */
export async function migrationStatus(database: Database): Promise<{ applied: string[]; pending: string[] }> {
  const all = await migrator(database).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

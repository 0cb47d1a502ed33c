import { type Kysely, sql } from "kysely";

/**
 * Migration 0006: `assessments.closed_result`, the final (calibrated) result with its
 * consequences as the period closed with it, written when the period closes. A CLOSED period is
 * read from it (explanation, follow-up, exports), so it stays readable when the rule package
 * version it pinned is no longer registered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw("alter table assessments add column closed_result jsonb").execute(db);
}

/** Drops the column (only for development resets). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("alter table assessments drop column if exists closed_result").execute(db);
}

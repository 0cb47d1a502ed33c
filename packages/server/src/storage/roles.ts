import { validationError } from "@kinerja/core";
import { sql } from "kysely";
import type { Database } from "./database";

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * Grants a PostgreSQL runtime role what the service needs and no more, run by the migration
 * (owner) role after migrating: read and write every table of the schema, except that the
 * audit log only takes INSERT and SELECT (no UPDATE, DELETE or TRUNCATE) and the migration
 * bookkeeping is read-only. The runtime role owns nothing, so it cannot disable the audit log's
 * triggers or alter its tables. Throws VALIDATION_FAILED naming `field` for a name that is not
 * a plain role name.
 *
 * @example
 * await grantRuntimeRole(ownerDatabase, "kinerja_app");
 */
export async function grantRuntimeRole(
  database: Database,
  role: string,
  field = "--runtime-role",
): Promise<void> {
  if (!ROLE_NAME.test(role)) {
    throw validationError([
      { path: [field], message: `"${role}" is not a plain role name`, code: "invalid_format" },
    ]);
  }
  const r = sql.id(role);
  await database.db.transaction().execute(async (tx) => {
    const statements = [
      sql`grant usage on schema public to ${r}`,
      sql`grant select, insert, update, delete on all tables in schema public to ${r}`,
      sql`grant usage, select on all sequences in schema public to ${r}`,
      sql`revoke update, delete, truncate, references, trigger on audit_log from ${r}`,
      sql`revoke insert, update, delete, truncate on kysely_migration, kysely_migration_lock from ${r}`,
    ];
    for (const statement of statements) await statement.execute(tx);
  });
}

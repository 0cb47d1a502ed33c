import { isKinerjaError, KinerjaError } from "@kinerja/core";
import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "./database";
import type { DB } from "./schema";

/** A transaction handle; pass it to every query of the unit of work. */
export type Tx = Transaction<DB>;

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  detail?: unknown;
  table?: unknown;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The field a key or reference error is about, from the column list of the driver's detail
 * (`Key (agency_id, supervisor_id)=(…)`): the last column other than `agency_id`, in camelCase
 * (`supervisorId`). Only the column names are read, never the values.
 */
function fieldOf(detail: unknown): string | undefined {
  if (typeof detail !== "string") return undefined;
  const match = /^Key \(([a-z_][a-z0-9_]*(?:, [a-z_][a-z0-9_]*)*)\)=/.exec(detail);
  if (match?.[1] === undefined) return undefined;
  const columns = match[1].split(", ").filter((c) => c !== "agency_id");
  const last = columns.at(-1);
  return last === undefined ? undefined : camel(last);
}

/**
 * Translates PostgreSQL errors (same SQLSTATE codes on PGlite) into KinerjaErrors whose
 * messages and details carry no database text (no constraint names, no values): a unique
 * violation is a CONFLICT naming the field, a serialisation failure or deadlock a CONFLICT to
 * retry, a foreign-key violation a VALIDATION_FAILED naming the field, a check violation or a
 * data exception (class 22: a NUL character in text, a date out of range) a VALIDATION_FAILED.
 * The driver's error stays as `cause` (for logs, which redact its detail). Other errors are
 * returned unchanged (and become a 500 without their text).
 */
export function translateDatabaseError(error: unknown): unknown {
  if (isKinerjaError(error) || typeof error !== "object" || error === null) return error;
  const e = error as DriverError;
  const field = fieldOf(e.detail);
  const path = field === undefined ? [] : [field];
  switch (e.code) {
    case "23505":
      return new KinerjaError(
        "CONFLICT",
        field === undefined
          ? "a record with the same key already exists"
          : `${field}: a record with the same ${field} already exists`,
        { details: field === undefined ? {} : { field }, cause: error },
      );
    case "40001":
    case "40P01":
      return new KinerjaError("CONFLICT", "the change conflicted with a concurrent change; retry it", {
        cause: error,
      });
    case "23503":
      return new KinerjaError(
        "VALIDATION_FAILED",
        field === undefined
          ? "a referenced record does not exist"
          : `${field}: the referenced record does not exist`,
        {
          details: {
            issues: [{ path, message: "the referenced record does not exist", code: "foreign_key" }],
          },
          cause: error,
        },
      );
    case "23514":
    case "23502":
      return new KinerjaError("VALIDATION_FAILED", "a value breaks a rule of the stored records", {
        details: {
          issues: [{ path: [], message: "a value breaks a rule of the stored records", code: "check" }],
        },
        cause: error,
      });
    default:
      if (typeof e.code === "string" && e.code.startsWith("22")) {
        const message =
          "a value cannot be stored (text with a NUL character, or a number or date out of range)";
        return new KinerjaError("VALIDATION_FAILED", message, {
          details: { issues: [{ path: [], message, code: `sqlstate_${e.code}` }] },
          cause: error,
        });
      }
      return error;
  }
}

/** The constraint a translated database error came from (for code that retries on one), if any. */
export function violatedConstraint(error: unknown): string | undefined {
  const cause = (error as { cause?: DriverError } | null)?.cause;
  return typeof cause?.constraint === "string" ? cause.constraint : undefined;
}

/**
 * Runs `fn` in one transaction: commits when it resolves, rolls everything back when it throws
 * (the error is rethrown, database errors translated by {@link translateDatabaseError}).
 * Use only `tx` inside `fn`: on PGlite, touching `database.db` there waits for the transaction
 * to end, forever.
 */
export async function inTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await database.db.transaction().execute(fn);
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

/**
 * A `jsonb` parameter that both drivers store as JSON (the `pg` driver would turn a bare array
 * into a PostgreSQL array).
 */
export function json<T>(value: T) {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}

/** Runs a query outside a transaction, translating database errors as {@link inTransaction} does. */
export async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

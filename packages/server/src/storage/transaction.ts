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

/**
 * Translates PostgreSQL errors (same SQLSTATE codes on PGlite) into KinerjaErrors: a unique
 * violation or serialisation failure is a CONFLICT, a foreign-key violation a
 * VALIDATION_FAILED naming the constraint, a data exception (class 22: a NUL character in text,
 * a date out of range) a VALIDATION_FAILED. Other errors are returned unchanged.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (isKinerjaError(error) || typeof error !== "object" || error === null) return error;
  const e = error as DriverError;
  const constraint = typeof e.constraint === "string" ? e.constraint : undefined;
  switch (e.code) {
    case "23505":
      return new KinerjaError(
        "CONFLICT",
        `a record with the same key already exists${constraint ? ` (${constraint})` : ""}`,
        {
          details: constraint ? { constraint } : {},
          cause: error,
        },
      );
    case "40001":
    case "40P01":
      return new KinerjaError("CONFLICT", "the change conflicted with a concurrent change; retry it", {
        cause: error,
      });
    case "23503":
      return new KinerjaError(
        "VALIDATION_FAILED",
        `a referenced record does not exist${constraint ? ` (${constraint})` : ""}`,
        {
          details: {
            issues: [{ path: [], message: "a referenced record does not exist", code: "foreign_key" }],
            ...(constraint ? { constraint } : {}),
          },
          cause: error,
        },
      );
    default:
      if (typeof e.code === "string" && e.code.startsWith("22")) {
        const reason = error instanceof Error ? error.message : "invalid value";
        return new KinerjaError("VALIDATION_FAILED", `a value cannot be stored: ${reason}`, {
          details: { issues: [{ path: [], message: reason, code: `sqlstate_${e.code}` }] },
          cause: error,
        });
      }
      return error;
  }
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

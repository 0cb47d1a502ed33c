import { KinerjaError } from "@kinerja/core";
import { sql } from "kysely";
import type { AgencyRow, EmployeeRow, PeriodRow, WorkPlanRow } from "./schema";
import type { Tx } from "./transaction";

/** A NOT_FOUND error for a record missing in the actor's agency (other agencies' records look missing too). */
export function notFound(entity: string, id: string): KinerjaError {
  return new KinerjaError("NOT_FOUND", `${entity} ${id} not found`, { details: { entity, id } });
}

/** Options of the loaders: lock the row for the rest of the transaction. */
export interface LoadOptions {
  /** `select … for update`, for a read-check-write. */
  forUpdate?: boolean;
}

/** A select of at most one row that can be locked (a Kysely select query builder). */
export interface SingleRowQuery<Row> {
  /** The same select, `for update`. */
  forUpdate(): SingleRowQuery<Row>;
  /** The same select, `for share`. */
  forShare(): SingleRowQuery<Row>;
  /** Runs it: the row or undefined. */
  executeTakeFirst(): Promise<Row | undefined>;
}

/**
 * Runs a select of one record (locked `for update` when asked) and returns the row, or throws
 * NOT_FOUND for `entity` `id`. Scope the select to the actor's agency so another agency's record
 * is NOT_FOUND too.
 */
export async function loadOne<Row>(
  query: SingleRowQuery<Row>,
  entity: string,
  id: string,
  options: LoadOptions = {},
): Promise<Row> {
  const row = await (options.forUpdate === true ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) throw notFound(entity, id);
  return row;
}

/** The agency `agencyId`, or NOT_FOUND. */
export async function loadAgency(tx: Tx, agencyId: string, options: LoadOptions = {}): Promise<AgencyRow> {
  return loadOne(
    tx.selectFrom("agencies").selectAll().where("id", "=", agencyId),
    "agency",
    agencyId,
    options,
  );
}

/** The employee `id` (NIP) of the agency, or undefined. */
export async function findEmployee(tx: Tx, agencyId: string, id: string): Promise<EmployeeRow | undefined> {
  return tx
    .selectFrom("employees")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The employee `id` (NIP) of the agency, or NOT_FOUND. */
export async function loadEmployee(tx: Tx, agencyId: string, id: string): Promise<EmployeeRow> {
  const row = await findEmployee(tx, agencyId, id);
  if (row === undefined) throw notFound("employee", id);
  return row;
}

/**
 * The employee's superiors, nearest first, from the stored reporting lines: `[direct superior,
 * their superior]` (up to `depth`, default 2, as the policy's `supervisorChain` needs). One
 * query (a recursive walk up the lines, at most `depth` steps) rather than one per level: it is
 * run by most requests of the cycle.
 */
export async function supervisorChain(
  tx: Tx,
  agencyId: string,
  employeeId: string,
  depth = 2,
): Promise<string[]> {
  if (depth < 1) return [];
  const { rows } = await sql<{ supervisor_id: string | null }>`
    with recursive up (supervisor_id, step) as (
      select supervisor_id, 1 from employees where agency_id = ${agencyId} and id = ${employeeId}
      union all
      select e.supervisor_id, up.step + 1
        from up join employees e on e.agency_id = ${agencyId} and e.id = up.supervisor_id
        where up.step < ${depth}
    )
    select supervisor_id from up order by step`.execute(tx);
  const chain: string[] = [];
  for (const { supervisor_id: next } of rows) {
    if (next === null || next === employeeId || chain.includes(next)) break;
    chain.push(next);
  }
  return chain;
}

/**
 * The period `id` of the agency, or NOT_FOUND; the row is locked for the rest of the transaction.
 *
 * The lock order of the cycle: a unit of work in a period takes the period row before any
 * row that depends on the period's state. A period transition takes it `FOR UPDATE`
 * (`{ forUpdate: true }`); everything else takes it `FOR SHARE` (the default), so a write
 * that checked the period's state (reopening an assessment, saving a plan) and a transition
 * that checked the rows in the period (CLOSE: no assessment open) cannot interleave: one waits
 * for the other and then sees its result. Shared locks do not block each other.
 */
export async function loadPeriod(
  tx: Tx,
  agencyId: string,
  id: string,
  options: LoadOptions = {},
): Promise<PeriodRow> {
  const query = tx.selectFrom("periods").selectAll().where("agency_id", "=", agencyId).where("id", "=", id);
  const row = await (options.forUpdate === true ? query.forUpdate() : query.forShare()).executeTakeFirst();
  if (row === undefined) throw notFound("period", id);
  return row;
}

/** The work plan `id` of the agency, or NOT_FOUND. */
export async function loadWorkPlan(
  tx: Tx,
  agencyId: string,
  id: string,
  options: LoadOptions = {},
): Promise<WorkPlanRow> {
  return loadOne(
    tx.selectFrom("work_plans").selectAll().where("agency_id", "=", agencyId).where("id", "=", id),
    "work plan",
    id,
    options,
  );
}

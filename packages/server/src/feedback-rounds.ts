import { KinerjaError } from "@kinerja/core";
import type { CycleTables } from "./cycle-tables";
import { json, recordChange, type Tx } from "./storage/index";

/**
 * Anonymous feedback rounds: one per employee, period and source (PEER, SUBORDINATE, PUBLIC).
 * A round takes answers while OPEN; it closes when the supervisor or HR closes it, when the
 * employee's assessment is finalised, or when the period leaves ASSESSMENT. On closing, its
 * aggregate is released when it holds at least k answers, and it never changes again. Answers
 * are kept as one array in canonical order, never with an id, a time, a request or a rater.
 * See docs/anonymity.md.
 */

/** The sources answered anonymously through requests. */
export const ANONYMOUS_SOURCES = ["PEER", "SUBORDINATE", "PUBLIC"] as const;
/** An anonymous source. */
export type AnonymousSource = (typeof ANONYMOUS_SOURCES)[number];

/** Which round: agency, period, employee and source. */
export interface RoundKey {
  agencyId: string;
  periodId: string;
  employeeId: string;
  source: string;
}

/** A round as read from the store. */
export interface Round {
  /** The source. */
  source: string;
  /** OPEN or CLOSED. */
  state: "OPEN" | "CLOSED";
  /** How many answers it holds. */
  answerCount: number;
  /** Whether its aggregate was released (closed with at least k answers). */
  released: boolean;
  /** The answers, in canonical order (content only). */
  answers: Record<string, unknown>[];
}

/** JSON with object keys sorted, so equal answers compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Sorts answers by their canonical JSON: the order depends on content only. */
export function canonicalOrder<T>(answers: readonly T[]): T[] {
  return answers
    .map((answer) => ({ answer, key: canonicalJson(answer) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => e.answer);
}

const cycleDb = (tx: Tx) => tx.withTables<CycleTables>();

const byKey = (tx: Tx, key: RoundKey) =>
  cycleDb(tx)
    .selectFrom("feedback_rounds")
    .selectAll()
    .where("agency_id", "=", key.agencyId)
    .where("period_id", "=", key.periodId)
    .where("employee_id", "=", key.employeeId)
    .where("source", "=", key.source);

/** Creates the round when it does not exist yet (an OPEN round without answers). */
export async function ensureRound(tx: Tx, key: RoundKey): Promise<void> {
  await cycleDb(tx)
    .insertInto("feedback_rounds")
    .values({
      agency_id: key.agencyId,
      period_id: key.periodId,
      employee_id: key.employeeId,
      source: key.source,
    } as never)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

function toRound(row: {
  source: string;
  state: string;
  answer_count: number;
  released: boolean;
  answers: Record<string, unknown>[];
}): Round {
  return {
    source: row.source,
    state: row.state === "CLOSED" ? "CLOSED" : "OPEN",
    answerCount: row.answer_count,
    released: row.released,
    answers: row.answers,
  };
}

/** The round, or undefined when no request for that source was ever made. */
export async function findRound(tx: Tx, key: RoundKey, forUpdate = false): Promise<Round | undefined> {
  const query = byKey(tx, key);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : toRound(row);
}

/** Every round of an employee in a period, by source. */
export async function roundsOf(
  tx: Tx,
  agencyId: string,
  periodId: string,
  employeeId: string,
): Promise<Map<string, Round>> {
  const rows = await cycleDb(tx)
    .selectFrom("feedback_rounds")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("period_id", "=", periodId)
    .where("employee_id", "=", employeeId)
    .execute();
  return new Map(rows.map((row) => [row.source, toRound(row)]));
}

/** CONFLICT (saying nothing about answers) unless the round takes answers. */
export function requireOpenRound(round: Round | undefined, key: RoundKey): void {
  if (round?.state !== "OPEN") {
    throw new KinerjaError(
      "CONFLICT",
      `the ${key.source} feedback round about ${key.employeeId} in period ${key.periodId} is closed: it takes no more requests or answers`,
      { details: { periodId: key.periodId, employeeId: key.employeeId, source: key.source } },
    );
  }
}

/**
 * Adds one answer to an OPEN round: the array is re-sorted by content, so neither its order nor
 * anything else stored shows which answer came last. Locks the round row.
 */
export async function addAnswer(tx: Tx, key: RoundKey, answer: Record<string, unknown>): Promise<void> {
  const round = await findRound(tx, key, true);
  requireOpenRound(round, key);
  const answers = canonicalOrder([...(round?.answers ?? []), answer]);
  await cycleDb(tx)
    .updateTable("feedback_rounds")
    .set({ answers: json(answers), answer_count: answers.length })
    .where("agency_id", "=", key.agencyId)
    .where("period_id", "=", key.periodId)
    .where("employee_id", "=", key.employeeId)
    .where("source", "=", key.source)
    .execute();
}

/** A round that was just closed. */
export interface ClosedRound {
  employeeId: string;
  source: string;
  /** How many answers it holds (learned by others only now, at release). */
  answers: number;
  /** Whether its aggregate was released (at least k answers). */
  released: boolean;
}

/**
 * Closes the OPEN rounds of a period, optionally of one employee and one source: each is
 * released when it holds at least `k` answers; the rounds' OPEN requests are closed with them.
 */
export async function closeRounds(
  tx: Tx,
  scope: { agencyId: string; periodId: string; employeeId?: string; source?: string },
  k: number,
  now: Date,
): Promise<ClosedRound[]> {
  const db = cycleDb(tx);
  let query = db
    .selectFrom("feedback_rounds")
    .select(["employee_id", "source", "answer_count"])
    .where("agency_id", "=", scope.agencyId)
    .where("period_id", "=", scope.periodId)
    .where("state", "=", "OPEN");
  if (scope.employeeId !== undefined) query = query.where("employee_id", "=", scope.employeeId);
  if (scope.source !== undefined) query = query.where("source", "=", scope.source);
  const open = await query.orderBy("employee_id").orderBy("source").forUpdate().execute();
  const closed: ClosedRound[] = [];
  for (const row of open) {
    const released = row.answer_count >= k;
    await db
      .updateTable("feedback_rounds")
      .set({ state: "CLOSED", released })
      .where("agency_id", "=", scope.agencyId)
      .where("period_id", "=", scope.periodId)
      .where("employee_id", "=", row.employee_id)
      .where("source", "=", row.source)
      .execute();
    await db
      .updateTable("feedback_requests")
      .set((eb) => ({ state: "CLOSED", version: eb("version", "+", 1), updated_at: now }))
      .where("agency_id", "=", scope.agencyId)
      .where("period_id", "=", scope.periodId)
      .where("employee_id", "=", row.employee_id)
      .where("source", "=", row.source)
      .where("state", "=", "OPEN")
      .execute();
    closed.push({ employeeId: row.employee_id, source: row.source, answers: row.answer_count, released });
  }
  return closed;
}

/** Who closes rounds, for the audit log and the events. */
export interface RoundCloser {
  /** The actor (or `{ id: "system" }` when the period moves on). */
  actor: { id: string; roles: readonly string[] };
  /** Why: `closed` (by the supervisor or HR), `finalised` or `period` (the period left ASSESSMENT). */
  cause: "closed" | "finalised" | "period";
  /** The service's id generator, for event ids. */
  newId: () => string;
}

/**
 * Closes rounds as {@link closeRounds} does and records each: an audit entry and a
 * `feedback.roundClosed` event carrying the count and whether the aggregate was released — the
 * only moment anyone but the rater and HR learns how many answered.
 */
export async function closeAndRecordRounds(
  tx: Tx,
  scope: { agencyId: string; periodId: string; employeeId?: string; source?: string },
  k: number,
  now: Date,
  by: RoundCloser,
): Promise<ClosedRound[]> {
  const closed = await closeRounds(tx, scope, k, now);
  for (const round of closed) {
    const after = { state: "CLOSED", answers: round.answers, released: round.released, threshold: k };
    await recordChange(tx, {
      agencyId: scope.agencyId,
      actor: { id: by.actor.id, roles: [...by.actor.roles] },
      at: now,
      action: "feedback.closeRound",
      entityType: "feedback_round",
      entityId: `${scope.periodId}/${round.employeeId}/${round.source}`,
      before: { state: "OPEN" },
      after,
      details: { cause: by.cause },
      event: {
        id: by.newId(),
        type: "feedback.roundClosed",
        payload: { periodId: scope.periodId, employeeId: round.employeeId, source: round.source, ...after },
      },
    });
  }
  return closed;
}

import { sql } from "kysely";
import { AUDIT_GENESIS_HASH, auditRowHash } from "./audit-chain";
import type { Database } from "./database";
import type { JsonValue } from "./schema";
import { json, type Tx } from "./transaction";

/** One change for the audit log. */
export interface AuditEntry {
  /** The agency the change belongs to (null for system-wide changes). */
  agencyId: string | null;
  /** Who made it: the token's subject and roles (or `{ id: "system" }`). */
  actor: { id: string; roles?: readonly string[] };
  /** When, from the service clock. */
  at: Date;
  /** What happened, `entity.verb`, e.g. `work_plan.approve`. */
  action: string;
  /** The entity type, e.g. `work_plan`. */
  entityType: string;
  /** The entity id. */
  entityId: string;
  /** The entity before (omit or null when created). */
  before?: unknown;
  /** The entity after (omit or null when removed). */
  after?: unknown;
  /** Extra facts: a reason, a request id (never names or comments of people). */
  details?: Record<string, unknown>;
}

const toJson = (value: unknown): JsonValue | null =>
  value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);

/** The advisory-lock key of an agency's audit chain (the system-wide chain for null). */
const chainLockKey = (agencyId: string | null) => `kinerja.audit:${agencyId ?? ""}`;

/**
 * Appends an entry to the audit log inside the caller's transaction, so it commits or rolls
 * back with the change. The table rejects UPDATE, DELETE and TRUNCATE (database triggers; and
 * the runtime role has no right to change it, see docs/server.md "Database roles"), so an
 * entry once committed stays. Each entry is chained to the agency's previous one: it takes the
 * agency's chain lock (a transaction-scoped advisory lock, held to commit), numbers itself
 * `agency_seq` = previous + 1 and stores `hash` = SHA-256 over its content and the previous
 * row's hash ({@link auditRowHash}); `kinerja audit verify` recomputes the chain. Returns the
 * entry's global sequence number.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${chainLockKey(entry.agencyId)}, 0))`.execute(tx);
  // The chain's last row, through the unique index on (coalesce(agency_id, ''), agency_seq).
  const previous = await tx
    .selectFrom("audit_log")
    .select(["agency_seq", "hash"])
    .where(sql<string>`coalesce(agency_id, '')`, "=", entry.agencyId ?? "")
    .orderBy(sql`coalesce(agency_id, '')`, "desc")
    .orderBy("agency_seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const agencySeq = (previous?.agency_seq ?? 0) + 1;
  const prevHash = previous?.hash ?? AUDIT_GENESIS_HASH;
  const actorRoles = [...(entry.actor.roles ?? [])];
  const before = toJson(entry.before);
  const after = toJson(entry.after);
  const details = (toJson(entry.details ?? {}) ?? {}) as Record<string, unknown>;
  const hash = auditRowHash({
    agencyId: entry.agencyId,
    agencySeq,
    prevHash,
    actorId: entry.actor.id,
    actorRoles,
    at: entry.at,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before,
    after,
    details,
  });
  const row = await tx
    .insertInto("audit_log")
    .values({
      agency_id: entry.agencyId,
      actor_id: entry.actor.id,
      actor_roles: json(actorRoles),
      at: entry.at,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: json(before),
      after: json(after),
      details: json(details),
      agency_seq: agencySeq,
      prev_hash: prevHash,
      hash,
    })
    .returning("seq")
    .executeTakeFirstOrThrow();
  return row.seq;
}

/** Where {@link verifyAuditChain} found the chain broken. */
export interface AuditChainBreak {
  /** The agency whose chain is broken (null: the system-wide chain). */
  agencyId: string | null;
  /** The global `seq` of the first row that does not link (null when a row is missing at the start). */
  seq: number | null;
  /** The position in the agency's chain where it breaks. */
  agencySeq: number;
  /** What is wrong: a gap, a wrong previous hash or a row whose content no longer matches its hash. */
  reason: string;
}

/** What {@link verifyAuditChain} found. */
export interface AuditChainReport {
  /** Rows checked. */
  rows: number;
  /** The last row of each chain checked: agency, its `agency_seq` and hash (keep them elsewhere to detect a cut tail). */
  heads: { agencyId: string | null; agencySeq: number; hash: string }[];
  /** The first broken link, when any. */
  broken?: AuditChainBreak;
}

/**
 * Recomputes the audit log's hash chains (every agency's, or one with `agencyId`) and reports
 * the first broken link: a missing `agency_seq`, a `prev_hash` that is not the previous row's
 * hash, or a row whose content does not hash to its `hash` (it was changed). Removing rows at
 * the end of a chain leaves a valid shorter chain: compare the reported heads with a copy kept
 * elsewhere.
 */
export async function verifyAuditChain(
  database: Database,
  options: { agencyId?: string; batchSize?: number } = {},
): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 1000;
  const report: AuditChainReport = { rows: 0, heads: [] };
  let cursor: { key: string; agencySeq: number } | undefined;
  let current: { key: string; agencyId: string | null; agencySeq: number; hash: string } | undefined;
  const fail = (b: AuditChainBreak): AuditChainReport => ({ ...report, broken: b });
  for (;;) {
    let query = database.db
      .selectFrom("audit_log")
      .selectAll()
      .select(sql<string>`coalesce(agency_id, '')`.as("chain_key"))
      .orderBy(sql`coalesce(agency_id, '')`)
      .orderBy("agency_seq")
      .limit(batchSize);
    if (options.agencyId !== undefined) query = query.where("agency_id", "=", options.agencyId);
    if (cursor !== undefined) {
      const c = cursor;
      query = query.where(sql<boolean>`(coalesce(agency_id, ''), agency_seq) > (${c.key}, ${c.agencySeq})`);
    }
    const rows = await query.execute();
    for (const row of rows) {
      if (current === undefined || current.key !== row.chain_key) {
        if (current !== undefined) {
          report.heads.push({ agencyId: current.agencyId, agencySeq: current.agencySeq, hash: current.hash });
        }
        current = { key: row.chain_key, agencyId: row.agency_id, agencySeq: 0, hash: AUDIT_GENESIS_HASH };
      }
      const expectedSeq = current.agencySeq + 1;
      const where = { agencyId: row.agency_id, seq: row.seq, agencySeq: row.agency_seq };
      if (row.agency_seq !== expectedSeq) {
        return fail({
          ...where,
          agencySeq: expectedSeq,
          seq: null,
          reason: `row ${expectedSeq} of the chain is missing (the next one is ${row.agency_seq})`,
        });
      }
      if (row.prev_hash !== current.hash) {
        return fail({
          ...where,
          reason: "prev_hash is not the hash of the previous row (a row was removed or replaced)",
        });
      }
      const recomputed = auditRowHash({
        agencyId: row.agency_id,
        agencySeq: row.agency_seq,
        prevHash: row.prev_hash,
        actorId: row.actor_id,
        actorRoles: row.actor_roles,
        at: new Date(row.at),
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
        details: row.details,
      });
      if (recomputed !== row.hash) {
        return fail({ ...where, reason: "the row's content does not match its hash (it was changed)" });
      }
      current = { ...current, agencySeq: row.agency_seq, hash: row.hash };
      report.rows += 1;
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < batchSize) break;
    cursor = { key: last.chain_key, agencySeq: last.agency_seq };
  }
  if (current !== undefined) {
    report.heads.push({ agencyId: current.agencyId, agencySeq: current.agencySeq, hash: current.hash });
  }
  return report;
}

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

/**
 * Appends an entry to the audit log inside the caller's transaction, so it commits or rolls
 * back with the change. The table rejects UPDATE, DELETE and TRUNCATE (database triggers), so
 * an entry once committed stays. Returns the entry's sequence number.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<number> {
  const row = await tx
    .insertInto("audit_log")
    .values({
      agency_id: entry.agencyId,
      actor_id: entry.actor.id,
      actor_roles: json([...(entry.actor.roles ?? [])]),
      at: entry.at,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: json(toJson(entry.before)),
      after: json(toJson(entry.after)),
      details: json(entry.details ?? {}),
    })
    .returning("seq")
    .executeTakeFirstOrThrow();
  return row.seq;
}

import { type AuditEntry, recordAudit } from "./audit";
import { enqueueEvent } from "./outbox";
import type { Tx } from "./transaction";

/** A change to record: its audit entry and, optionally, the domain event it publishes. */
export interface Change extends AuditEntry {
  /** The domain event for the outbox: id (from `deps.newId()`), type and payload (ids and states only). */
  event?: { id: string; type: string; payload: Record<string, unknown> };
}

/**
 * Records a change inside the caller's transaction: the audit entry (actor, time, action,
 * before, after) and, when given, the outbox event; both commit or roll back with the change.
 */
export async function recordChange(tx: Tx, change: Change): Promise<void> {
  const { event, ...entry } = change;
  await recordAudit(tx, entry);
  if (event !== undefined) {
    await enqueueEvent(tx, {
      id: event.id,
      agencyId: change.agencyId,
      type: event.type,
      entityType: change.entityType,
      entityId: change.entityId,
      payload: event.payload,
      at: change.at,
    });
  }
}

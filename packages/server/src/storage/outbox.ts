import { json, type Tx } from "./transaction";

/** A domain event for the outbox. */
export interface OutboxEvent {
  /** Event id (from `deps.newId()`); unique. */
  id: string;
  /** The agency it belongs to. */
  agencyId: string | null;
  /** Event type, `entity.past_tense`, e.g. `work_plan.approved`. */
  type: string;
  /** Entity type. */
  entityType: string;
  /** Entity id. */
  entityId: string;
  /** The payload delivered to subscribers (ids and states, never names or comments). */
  payload: Record<string, unknown>;
  /** When it happened, from the service clock. */
  at: Date;
}

/**
 * Writes a domain event to the outbox inside the caller's transaction: it exists exactly when
 * the change it describes committed. A dispatcher reads pending rows in `seq` order and marks
 * them `dispatched_at`.
 */
export async function enqueueEvent(tx: Tx, event: OutboxEvent): Promise<number> {
  const row = await tx
    .insertInto("outbox")
    .values({
      id: event.id,
      agency_id: event.agencyId,
      type: event.type,
      entity_type: event.entityType,
      entity_id: event.entityId,
      payload: json(JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>),
      occurred_at: event.at,
      dispatched_at: null,
    })
    .returning("seq")
    .executeTakeFirstOrThrow();
  return row.seq;
}

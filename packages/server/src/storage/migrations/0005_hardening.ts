import { type Kysely, sql } from "kysely";
import { AUDIT_GENESIS_HASH, auditRowHash } from "../audit-chain";

/**
 * Migration 0003: the audit log becomes a hash chain per agency (`agency_seq`, `prev_hash`,
 * `hash`; existing rows are chained in `seq` order), webhook subscriptions remember the last
 * outbox event before they existed (`after_outbox_seq`: older events are not delivered to
 * them), and idempotency keys get an index for pruning by age.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw("alter table audit_log add column agency_seq bigint").execute(db);
  await sql.raw("alter table audit_log add column prev_hash text").execute(db);
  await sql.raw("alter table audit_log add column hash text").execute(db);
  await sql.raw("alter table audit_log disable trigger audit_log_no_update_or_delete").execute(db);
  const rows = await sql<{
    seq: number | string;
    agency_id: string | null;
    actor_id: string;
    actor_roles: string[];
    at: Date | string;
    action: string;
    entity_type: string;
    entity_id: string;
    before: unknown;
    after: unknown;
    details: unknown;
  }>`select seq, agency_id, actor_id, actor_roles, at, action, entity_type, entity_id, before, after, details
       from audit_log order by seq`.execute(db);
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const row of rows.rows) {
    const key = row.agency_id ?? "";
    const previous = heads.get(key);
    const agencySeq = (previous?.seq ?? 0) + 1;
    const prevHash = previous?.hash ?? AUDIT_GENESIS_HASH;
    const hash = auditRowHash({
      agencyId: row.agency_id,
      agencySeq,
      prevHash,
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
    await sql`update audit_log set agency_seq = ${agencySeq}, prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq}`.execute(
      db,
    );
    heads.set(key, { seq: agencySeq, hash });
  }
  await sql.raw("alter table audit_log enable trigger audit_log_no_update_or_delete").execute(db);
  await sql.raw("alter table audit_log alter column agency_seq set not null").execute(db);
  await sql.raw("alter table audit_log alter column prev_hash set not null").execute(db);
  await sql.raw("alter table audit_log alter column hash set not null").execute(db);
  await sql
    .raw(
      "alter table audit_log add constraint audit_log_hash_format check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')",
    )
    .execute(db);
  await sql
    .raw("create unique index audit_log_agency_chain_uq on audit_log ((coalesce(agency_id, '')), agency_seq)")
    .execute(db);
  await sql
    .raw("alter table webhook_subscriptions add column after_outbox_seq bigint not null default 0")
    .execute(db);
  await sql.raw("create index idempotency_keys_created_idx on idempotency_keys (created_at)").execute(db);
}

/** Removes the chain columns, the subscription's start and the index (development resets only). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop index if exists idempotency_keys_created_idx").execute(db);
  await sql.raw("alter table webhook_subscriptions drop column if exists after_outbox_seq").execute(db);
  await sql.raw("drop index if exists audit_log_agency_chain_uq").execute(db);
  await sql.raw("alter table audit_log drop constraint if exists audit_log_hash_format").execute(db);
  for (const column of ["hash", "prev_hash", "agency_seq"]) {
    await sql.raw(`alter table audit_log drop column if exists ${column}`).execute(db);
  }
}

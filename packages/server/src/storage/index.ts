/**
 * Storage of @kinerja/server: opening PGlite or PostgreSQL, migrations, transactions, the
 * append-only audit log, the outbox, optimistic concurrency and idempotency keys.
 *
 * @packageDocumentation
 */
export {
  type AuditChainBreak,
  type AuditChainReport,
  type AuditEntry,
  recordAudit,
  verifyAuditChain,
} from "./audit";
export { AUDIT_GENESIS_HASH, type AuditChainContent, auditRowHash, canonicalJson } from "./audit-chain";
export { type Change, recordChange } from "./changes";
export {
  type Database,
  type DatabaseKind,
  dumpDatabase,
  type OpenDatabaseOptions,
  openDatabase,
} from "./database";
export {
  IDEMPOTENCY_TTL_MS,
  type IdempotencyScope,
  type IdempotentResponse,
  idempotencyScope,
  parseIdempotencyKey,
  pruneIdempotencyKeys,
  requestHash,
  type StoredResponse,
  withIdempotency,
} from "./idempotency";
export { type MigrateResult, migrate, migrationStatus } from "./migrate";
export { enqueueEvent, type OutboxEvent } from "./outbox";
export {
  findEmployee,
  type LoadOptions,
  loadAgency,
  loadEmployee,
  loadPeriod,
  loadWorkPlan,
  notFound,
  supervisorChain,
} from "./records";
export { grantRuntimeRole } from "./roles";
export type * from "./schema";
export { inTransaction, json, type Tx, translateDatabaseError, translated } from "./transaction";
export { assertVersion, expectedVersion, type VersionCheck, versionTag } from "./versions";

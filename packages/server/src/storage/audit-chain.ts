import { createHash } from "node:crypto";

/** The `prev_hash` of an agency's first audit row: 64 zeros. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** The content of an audit row that its hash covers. */
export interface AuditChainContent {
  /** The agency (null: the system-wide chain). */
  agencyId: string | null;
  /** Position in the agency's chain (1, 2, …). */
  agencySeq: number;
  /** The previous row's hash, or {@link AUDIT_GENESIS_HASH}. */
  prevHash: string;
  /** Who. */
  actorId: string;
  /** Their roles then. */
  actorRoles: readonly string[];
  /** When. */
  at: Date;
  /** What. */
  action: string;
  /** Entity type. */
  entityType: string;
  /** Entity id. */
  entityId: string;
  /** State before, or null. */
  before: unknown;
  /** State after, or null. */
  after: unknown;
  /** Extra facts. */
  details: unknown;
}

/** JSON with object keys sorted at every level, so a value read back from `jsonb` hashes the same. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sort(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value)) ?? "null";
}

/**
 * The SHA-256 (hex) of an audit row: over the canonical JSON of its content, the previous row's
 * hash included, so changing, removing or reordering any row breaks every later link.
 */
export function auditRowHash(content: AuditChainContent): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        v: 1,
        agencyId: content.agencyId,
        agencySeq: content.agencySeq,
        prevHash: content.prevHash,
        actorId: content.actorId,
        actorRoles: content.actorRoles,
        at: content.at.toISOString(),
        action: content.action,
        entityType: content.entityType,
        entityId: content.entityId,
        before: content.before ?? null,
        after: content.after ?? null,
        details: content.details ?? {},
      }),
    )
    .digest("hex");
}

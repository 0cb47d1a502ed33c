import { authorize, validationError } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import { type AuditLogRow, translated } from "../storage/index";
import { errorResponses, iso, pageOf } from "./record-support";

/** An audit log entry as the API returns it. */
export const AuditEntryViewSchema = z
  .object({
    /** Position in the log (increasing). */
    seq: z.number().int(),
    /** When. */
    at: z.string(),
    /** Who (token subject). */
    actorId: z.string(),
    /** Their roles at the time. */
    actorRoles: z.array(z.string()),
    /** What, e.g. `work_plan.approve`. */
    action: z.string(),
    /** Entity type. */
    entityType: z.string(),
    /** Entity id. */
    entityId: z.string(),
    /** The entity before (null when created). */
    before: z.unknown(),
    /** The entity after (null when removed). */
    after: z.unknown(),
    /** Extra facts (reason, counts). */
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEntry" });

const AuditQuerySchema = z.strictObject({
  /** Only entries about this entity type (`work_plan`, `period`, …). */
  entityType: z.string().min(1).max(64).optional(),
  /** Only entries about this entity id. */
  entityId: z.string().min(1).max(200).optional(),
  /** Only entries by this actor. */
  actorId: z.string().min(1).max(64).optional(),
  /** Only this action, or a prefix ending in `.` (e.g. `work_plan.`). */
  action: z.string().min(1).max(100).optional(),
  /** From this time (inclusive, ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Before this time (exclusive, ISO 8601). */
  to: z.iso.datetime({ offset: true }).optional(),
  /** How many entries (1–500, default 100). */
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "expected a cursor returned by this list")
    .optional(),
  /** `asc` (oldest first, default) or `desc`. */
  order: z.enum(["asc", "desc"]).default("asc"),
});

function entryView(row: AuditLogRow): z.infer<typeof AuditEntryViewSchema> {
  return {
    seq: row.seq,
    at: iso(row.at),
    actorId: row.actor_id,
    actorRoles: row.actor_roles,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    details: row.details,
  };
}

/**
 * `GET /v1/audit`: the agency's append-only audit log (HR_ADMIN and AUDITOR), filtered by
 * entity, actor, action and time, paged by sequence number.
 */
export const auditRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get(
    "/audit",
    {
      config: { action: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "Read the audit log of your agency (HR_ADMIN, AUDITOR)",
        description:
          "Every change with actor, time, action, before and after. The log is append-only, also in the database (UPDATE and DELETE are refused by triggers).",
        querystring: AuditQuerySchema,
        response: {
          200: pageOf(AuditEntryViewSchema),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      authorize(actor, "audit.read", { kind: "audit", agencyId }, deps.policy);
      const q = request.query;
      if (q.from !== undefined && q.to !== undefined && new Date(q.to) <= new Date(q.from)) {
        throw validationError([{ path: ["to"], message: "to must be after from", code: "custom" }]);
      }
      let query = deps.database.db.selectFrom("audit_log").selectAll().where("agency_id", "=", agencyId);
      if (q.entityType !== undefined) query = query.where("entity_type", "=", q.entityType);
      if (q.entityId !== undefined) query = query.where("entity_id", "=", q.entityId);
      if (q.actorId !== undefined) query = query.where("actor_id", "=", q.actorId);
      if (q.action !== undefined) {
        const action = q.action;
        query = action.endsWith(".")
          ? query.where(sql<boolean>`starts_with(action, ${action})`)
          : query.where("action", "=", action);
      }
      if (q.from !== undefined) query = query.where("at", ">=", new Date(q.from));
      if (q.to !== undefined) query = query.where("at", "<", new Date(q.to));
      if (q.cursor !== undefined) query = query.where("seq", q.order === "asc" ? ">" : "<", Number(q.cursor));
      const rows = await translated(() =>
        query
          .orderBy("seq", q.order)
          .limit(q.limit + 1)
          .execute(),
      );
      const page = rows.slice(0, q.limit);
      reply.header("cache-control", "no-store");
      return {
        items: page.map(entryView),
        nextCursor: rows.length > q.limit ? String(page[page.length - 1]?.seq ?? "") : null,
      };
    },
  );
};

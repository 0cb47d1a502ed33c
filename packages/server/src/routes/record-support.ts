import { type Actor, authorize, KinerjaError, type PeriodState } from "@kinerja/core";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import { ErrorBodySchema } from "../http-errors";
import {
  type IdempotentResponse,
  type LoadOptions,
  loadPeriod,
  loadWorkPlan,
  type PeriodRow,
  supervisorChain,
  type Tx,
  versionTag,
  type WorkPlanRow,
} from "../storage/index";

/**
 * Helpers shared by the stateful routes (agencies, staff, periods, work plans, realisations,
 * audit, feedback, assessments, calibration, follow-up, webhooks): error responses, request
 * headers, paging, timestamps and versioned replies.
 */

/** An HTTP status a route may answer with the error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422;

/** The response schemas of the given error statuses, each the error body: `{ 400: ErrorBodySchema, … }`. */
export function errorResponses<const S extends readonly ErrorStatus[]>(
  ...statuses: S
): Record<S[number], typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema])) as Record<
    S[number],
    typeof ErrorBodySchema
  >;
}

/** The error responses of most stateful routes: 400, 401, 403, 404 and 409. */
export const ERROR_RESPONSES = errorResponses(400, 401, 403, 404, 409);

/** The actor as the audit log records it: id and token roles. */
export function auditActor(actor: Actor): { id: string; roles: string[] } {
  return { id: actor.id, roles: [...actor.roles] };
}

/** A timestamp as ISO 8601 text. */
export function iso(value: Date | string): string {
  return typeof value === "string" ? new Date(value).toISOString() : value.toISOString();
}

/** Headers of a creating POST: an optional `Idempotency-Key` (other headers pass through). */
export const CreateHeadersSchema = z.looseObject({
  "idempotency-key": z
    .string()
    .optional()
    .describe(
      "Repeat a create safely: the same key, actor and route replay the stored response (1–200 visible ASCII characters)",
    ),
});

/** Headers of an update: an optional `If-Match` with the version the change is based on. */
export const UpdateHeadersSchema = z.looseObject({
  "if-match": z
    .string()
    .optional()
    .describe('The version you changed, as returned in `version` or the ETag ("3"); a stale one is a 409'),
});

/**
 * Paging of list routes: at most `limit` items after `cursor`, the `nextCursor` of the previous
 * page. Strict, like every query: an unknown parameter is a 400 naming it.
 */
export const PageQuerySchema = z.strictObject({
  /** How many items (1–500, default 100). */
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
});

/** `{ items, nextCursor }` of a list route. */
export function pageOf<TItem extends z.ZodType>(item: TItem) {
  return z.object({
    /** The items of this page. */
    items: z.array(item),
    /** The cursor of the next page, null on the last one. */
    nextCursor: z.string().nullable(),
  });
}

/** Sets the ETag of a versioned record. */
export function withEtag(reply: FastifyReply, version: number): void {
  reply.header("etag", versionTag(version));
}

/** Sends an idempotent response: its status, the ETag of its `version`, and `Idempotent-Replayed` on a replay. */
export function sendStored(reply: FastifyReply, response: IdempotentResponse): FastifyReply {
  const body = response.body as { version?: unknown } | null;
  if (body !== null && typeof body === "object" && typeof body.version === "number")
    withEtag(reply, body.version);
  if (response.replayed) reply.header("idempotent-replayed", "true");
  return reply.code(response.statusCode).send(response.body);
}

/** The period states in which realisations and their evidence may be recorded (opened by START_EXECUTION). */
export const REALIZATION_PERIOD_STATES: readonly PeriodState[] = ["EXECUTION", "ASSESSMENT", "REOPENED"];

/**
 * Loads work plan `workPlanId` and checks that `actor` may do `action` on its realisations and
 * evidence: the core's policy with the plan's employee as owner and their chain of superiors.
 * Returns the plan (locked when `forUpdate`); NOT_FOUND or FORBIDDEN otherwise.
 */
export async function authorizedPlan(
  tx: Tx,
  deps: RouteDeps,
  actor: Actor,
  action: "realization.record" | "realization.read",
  workPlanId: string,
  options: LoadOptions = {},
): Promise<WorkPlanRow> {
  const agencyId = actor.agencyId;
  const plan = await loadWorkPlan(tx, agencyId, workPlanId, options);
  const chain = await supervisorChain(tx, agencyId, plan.employee_id);
  authorize(
    actor,
    action,
    { kind: "realization", agencyId, ownerId: plan.employee_id, supervisorChain: chain },
    deps.policy,
  );
  return plan;
}

/**
 * The plan's period when it is open for realisations ({@link REALIZATION_PERIOD_STATES}), else
 * ILLEGAL_TRANSITION: `what` says what is refused ("realisations are recorded").
 */
export async function openRealizationPeriod(tx: Tx, plan: WorkPlanRow, what: string): Promise<PeriodRow> {
  const period = await loadPeriod(tx, plan.agency_id, plan.period_id);
  if (REALIZATION_PERIOD_STATES.includes(period.state as PeriodState)) return period;
  throw new KinerjaError(
    "ILLEGAL_TRANSITION",
    `${what} while the period is ${REALIZATION_PERIOD_STATES.join(", ")}; period ${period.id} is ${period.state}`,
    {
      details: {
        machine: "period",
        from: period.state,
        event: "RECORD_REALIZATION",
        guard: "PERIOD_NOT_OPEN_FOR_REALIZATIONS",
      },
    },
  );
}

import {
  EvidenceSchema,
  KinerjaError,
  RealizationSchema,
  subPeriods,
  validationError,
  WorkPlanSchema,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  json,
  type RealizationRow,
  recordChange,
  withIdempotency,
} from "../storage/index";
import { periodOf } from "./periods";
import {
  auditActor,
  authorizedPlan,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  iso,
  openRealizationPeriod,
  sendStored,
} from "./record-support";

/** A realisation as the API returns it. */
export const RealizationViewSchema = z
  .object({
    /** Realisation id. */
    id: z.string(),
    /** The work plan. */
    workPlanId: z.string(),
    /** The indicator (IKI) of the plan. */
    indicatorId: z.string(),
    /** The sub-period key (`2026-Q1`, …). */
    subPeriod: z.string(),
    /** The realised value. */
    value: z.number(),
    /** Evidence references. */
    evidence: z.array(EvidenceSchema),
    /** Optimistic-concurrency version. */
    version: z.number().int(),
    /** When first recorded. */
    createdAt: z.string(),
    /** When last changed. */
    updatedAt: z.string(),
  })
  .meta({ id: "RealizationView" });
/** A realisation view. */
export type RealizationView = z.infer<typeof RealizationViewSchema>;

/** The body of `POST /v1/work-plans/:workPlanId/realizations`: a core Realization, plus the version when replacing one. */
export const RecordRealizationBodySchema = RealizationSchema.extend({
  /** The realisation's version when replacing a recorded one (or send If-Match). */
  version: z.number().int().min(1).optional(),
}).meta({ id: "RecordRealization" });

export { REALIZATION_PERIOD_STATES } from "./record-support";

const ParamsSchema = z.object({ workPlanId: z.string().min(1).max(64) });

/** The API view of a stored realisation. */
export function realizationView(row: RealizationRow): RealizationView {
  return {
    id: row.id,
    workPlanId: row.work_plan_id,
    indicatorId: row.indicator_id,
    subPeriod: row.sub_period,
    value: row.value,
    evidence: z.array(EvidenceSchema).parse(row.evidence),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * Realisations per indicator and sub-period, with evidence references. The employee records
 * them against their approved plan (or an amended plan awaiting re-approval) while the period is
 * EXECUTION, ASSESSMENT or REOPENED; the indicator must be in the plan and the sub-period one of
 * the period's sub-periods (400 naming `indicatorId` or `subPeriod` otherwise). Recording the
 * same indicator and sub-period again replaces the value (send the version to guard against
 * overwriting someone else's change).
 */
export const realizationRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.post(
    "/work-plans/:workPlanId/realizations",
    {
      config: { action: "realization.record" },
      schema: {
        tags: ["realizations"],
        summary: "Record the realisation of an indicator in a sub-period (the employee)",
        description:
          "Creates (201) or replaces (200) the realisation of `indicatorId` in `subPeriod`. Accepts an Idempotency-Key; send If-Match or `version` when replacing.",
        params: ParamsSchema,
        headers: CreateHeadersSchema.extend({ "if-match": z.string().optional() }),
        body: RecordRealizationBodySchema,
        response: { 200: RealizationViewSchema, 201: RealizationViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const { version, ...realization } = request.body;
      const expected = expectedVersion(request.headers["if-match"], version);
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: "POST /v1/work-plans/:workPlanId/realizations",
        request: { params: request.params, body: request.body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          const plan = await authorizedPlan(
            tx,
            deps,
            actor,
            "realization.record",
            request.params.workPlanId,
            {
              forUpdate: true,
            },
          );
          const period = await openRealizationPeriod(tx, plan, "realisations are recorded");
          const amended =
            plan.state === "SUBMITTED" &&
            (await tx
              .selectFrom("work_plan_amendments")
              .select("id")
              .where("work_plan_id", "=", plan.id)
              .executeTakeFirst()) !== undefined;
          if (plan.state !== "APPROVED" && !amended) {
            throw new KinerjaError(
              "ILLEGAL_TRANSITION",
              `work plan ${plan.id} is ${plan.state}; realisations are recorded against an approved plan`,
              {
                details: {
                  machine: "workPlan",
                  from: plan.state,
                  event: "RECORD_REALIZATION",
                  guard: "PLAN_NOT_APPROVED",
                },
              },
            );
          }
          const indicators = WorkPlanSchema.parse(plan.plan).results.flatMap((r) =>
            r.indicators.map((i) => i.id),
          );
          if (!indicators.includes(realization.indicatorId)) {
            throw validationError([
              {
                path: ["indicatorId"],
                message: `indicator ${realization.indicatorId} is not in work plan ${plan.id} (it has ${indicators.join(", ")})`,
                code: "not_found",
              },
            ]);
          }
          const keys = subPeriods(periodOf(period)).map((s) => s.key);
          if (!keys.includes(realization.subPeriod)) {
            throw validationError([
              {
                path: ["subPeriod"],
                message: `sub-period ${realization.subPeriod} is not in period ${period.id} (expected one of ${keys.join(", ")})`,
                code: "invalid_value",
              },
            ]);
          }
          const at = deps.clock();
          const existing = await tx
            .selectFrom("realizations")
            .selectAll()
            .where("work_plan_id", "=", plan.id)
            .where("indicator_id", "=", realization.indicatorId)
            .where("sub_period", "=", realization.subPeriod)
            .forUpdate()
            .executeTakeFirst();
          let row: RealizationRow;
          if (existing === undefined) {
            if (expected !== undefined) {
              throw new KinerjaError(
                "CONFLICT",
                `no realisation of ${realization.indicatorId} in ${realization.subPeriod} exists yet; send no version to create it`,
                {
                  details: { entity: "realization", expected },
                },
              );
            }
            row = await tx
              .insertInto("realizations")
              .values({
                id: deps.newId(),
                agency_id: agencyId,
                work_plan_id: plan.id,
                indicator_id: realization.indicatorId,
                sub_period: realization.subPeriod,
                value: realization.value,
                evidence: json(realization.evidence),
                version: 1,
                created_at: at,
                updated_at: at,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
          } else {
            assertVersion({ entity: "realization", id: existing.id, current: existing.version, expected });
            row = await tx
              .updateTable("realizations")
              .set({
                value: realization.value,
                evidence: json(realization.evidence),
                version: existing.version + 1,
                updated_at: at,
              })
              .where("id", "=", existing.id)
              .returningAll()
              .executeTakeFirstOrThrow();
          }
          const view = realizationView(row);
          await recordChange(tx, {
            agencyId,
            actor: auditActor(actor),
            at,
            action: existing === undefined ? "realization.create" : "realization.update",
            entityType: "realization",
            entityId: row.id,
            before: existing === undefined ? null : realizationView(existing),
            after: view,
            event: {
              id: deps.newId(),
              type: "realization.recorded",
              payload: {
                realizationId: row.id,
                workPlanId: plan.id,
                employeeId: plan.employee_id,
                indicatorId: row.indicator_id,
                subPeriod: row.sub_period,
              },
            },
          });
          return { statusCode: existing === undefined ? 201 : 200, body: view };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/work-plans/:workPlanId/realizations",
    {
      config: { action: "realization.read" },
      schema: {
        tags: ["realizations"],
        summary: "The realisations of a plan (the employee, their superiors, HR_ADMIN, AUDITOR)",
        params: ParamsSchema,
        querystring: z.strictObject({
          indicatorId: z.string().min(1).max(64).optional(),
          subPeriod: z.string().min(1).max(16).optional(),
        }),
        response: { 200: z.object({ items: z.array(RealizationViewSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const items = await inTransaction(deps.database, async (tx) => {
        const plan = await authorizedPlan(tx, deps, actor, "realization.read", request.params.workPlanId);
        let query = tx.selectFrom("realizations").selectAll().where("work_plan_id", "=", plan.id);
        if (request.query.indicatorId !== undefined)
          query = query.where("indicator_id", "=", request.query.indicatorId);
        if (request.query.subPeriod !== undefined)
          query = query.where("sub_period", "=", request.query.subPeriod);
        const rows = await query.orderBy("indicator_id").orderBy("sub_period").execute();
        return rows.map(realizationView);
      });
      reply.header("cache-control", "no-store");
      return { items };
    },
  );
};

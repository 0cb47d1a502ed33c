import {
  type Actor,
  authorize,
  KinerjaError,
  RatingSchema,
  subPeriods,
  validationError,
} from "@kinerja/core";
import { evaluatePeriodic, PERMENPANRB_6_2022_ID, permenpanrb6of2022 } from "@kinerja/rules-default";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  buildCase,
  corePeriod,
  employeeResource,
  FEEDBACK_STATES,
  loadEmployeeWithUnit,
  PeriodEmployeeParamsSchema,
  pinnedRef,
  requirePeriodState,
} from "../cycle";
import type { RouteDeps } from "../deps";
import { PeriodicEvaluationSchema } from "../periodic";
import {
  type PeriodicFeedbackRow,
  PeriodicFeedbackViewSchema,
  periodicFeedbackView,
  selfPeriodicDb,
} from "../self-periodic";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  loadEmployee,
  loadPeriod,
  notFound,
  type PeriodRow,
  recordChange,
  type Tx,
  withIdempotency,
} from "../storage/index";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  sendStored,
  UpdateHeadersSchema,
  withEtag,
} from "./record-support";

const FeedbackFieldsSchema = {
  /** The sub-period the feedback is about: a key of the period's cadence (`2026-03`, `2026-Q1`, `2026-S1`, `2026`). */
  subPeriod: z.string().trim().min(4).max(16),
  /** The feedback to the employee. */
  text: z.string().trim().min(1, "the feedback text is empty").max(8000),
  /** A results rating noted for the sub-period (a note: not part of the annual evaluation). */
  resultRating: RatingSchema.nullable().optional(),
  /** A behaviour rating noted for the sub-period (a note: not part of the annual evaluation). */
  behaviourRating: RatingSchema.nullable().optional(),
};

/** A new periodic feedback entry. */
export const PeriodicFeedbackBodySchema = z
  .strictObject(FeedbackFieldsSchema)
  .meta({ id: "PeriodicFeedbackWrite" });

/** A corrected periodic feedback entry (replaces sub-period, text and ratings). */
export const PeriodicFeedbackUpdateBodySchema = z
  .strictObject({
    ...FeedbackFieldsSchema,
    /** The version you changed (or send If-Match). */
    version: z.number().int().min(1).optional(),
  })
  .meta({ id: "PeriodicFeedbackCorrection" });

const AcknowledgeBodySchema = z
  .strictObject({
    /** The version you read (or send If-Match). */
    version: z.number().int().min(1).optional(),
  })
  .nullish();

const FeedbackParamsSchema = PeriodEmployeeParamsSchema.extend({
  /** The periodic feedback entry's id. */
  feedbackId: z.string().min(1).max(64),
});

/**
 * Throws VALIDATION_FAILED naming `subPeriod` unless it is one of the period's sub-periods for its
 * cadence and has begun by `today` (feedback is about work already done).
 */
function checkSubPeriod(period: PeriodRow, key: string, today: string): void {
  const all = subPeriods(corePeriod(period));
  const sub = all.find((s) => s.key === key);
  if (sub === undefined) {
    throw validationError([
      {
        path: ["subPeriod"],
        message: `sub-period ${key} is not one of period ${period.id}'s ${period.cadence} sub-periods (expected one of ${all.map((s) => s.key).join(", ")})`,
        code: "invalid_value",
      },
    ]);
  }
  if (sub.start > today) {
    throw validationError([
      {
        path: ["subPeriod"],
        message: `sub-period ${key} has not begun (it starts ${sub.start}); feedback is given on work already done`,
        code: "invalid_value",
      },
    ]);
  }
}

async function loadFeedback(
  tx: Tx,
  agencyId: string,
  params: z.infer<typeof FeedbackParamsSchema>,
): Promise<PeriodicFeedbackRow> {
  const row = await selfPeriodicDb(tx)
    .selectFrom("periodic_feedback")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("period_id", "=", params.periodId)
    .where("employee_id", "=", params.employeeId)
    .where("id", "=", params.feedbackId)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw notFound("periodic feedback", params.feedbackId);
  return row;
}

function refuseIfAcknowledged(row: PeriodicFeedbackRow, doing: string): void {
  if (row.acknowledged_at !== null) {
    throw new KinerjaError(
      "CONFLICT",
      `periodic feedback ${row.id} was acknowledged on ${new Date(row.acknowledged_at).toISOString()}: ${doing} is no longer possible (write a new entry instead)`,
      { details: { feedbackId: row.id, acknowledgedAt: new Date(row.acknowledged_at).toISOString() } },
    );
  }
}

function refuseIfNotAuthor(actor: Actor, row: PeriodicFeedbackRow): void {
  if (row.author_id !== actor.id) {
    throw new KinerjaError(
      "FORBIDDEN",
      `Only the author of periodic feedback ${row.id} may correct it; sign in as ${row.author_id}, who wrote it.`,
      { details: { actorId: actor.id, feedbackId: row.id, reason: "only the author corrects an entry" } },
    );
  }
}

/**
 * The superior's periodic feedback (umpan balik berkelanjutan, PermenPAN-RB 6/2022): the direct
 * superior writes entries for a subordinate per sub-period of the period's cadence while the
 * period is EXECUTION or ASSESSMENT, and may correct their own entry until the employee
 * acknowledges it; the employee, their superiors, HR and auditors read them; only the employee
 * acknowledges. Entries are notes for the dialogue: they are not part of the evaluation case.
 */
export const periodicFeedbackRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const policy = { minAnonymousAnswers: deps.policy.minAnonymousAnswers };

  app.post(
    "/periods/:periodId/employees/:employeeId/periodic-feedback",
    {
      config: { action: "feedback.givePeriodic" },
      schema: {
        tags: ["feedback"],
        summary: "Give periodic feedback to a subordinate for a sub-period (the direct superior)",
        description:
          "The direct superior (pejabat penilai kinerja) writes a feedback entry for `subPeriod`, a key of the period's cadence that has begun (400 naming `subPeriod` otherwise), while the period is EXECUTION or ASSESSMENT (409 otherwise). Several entries per sub-period are allowed. Accepts an Idempotency-Key.",
        params: PeriodEmployeeParamsSchema,
        headers: CreateHeadersSchema,
        body: PeriodicFeedbackBodySchema,
        response: { 201: PeriodicFeedbackViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const body = request.body;
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: "POST /v1/periods/:periodId/employees/:employeeId/periodic-feedback",
        request: { params: request.params, body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          const now = deps.clock();
          const period = await loadPeriod(tx, actor.agencyId, periodId);
          const employee = await loadEmployee(tx, actor.agencyId, employeeId);
          authorize(actor, "feedback.givePeriodic", await employeeResource(tx, "feedback", employee), policy);
          requirePeriodState(period, FEEDBACK_STATES, "giving periodic feedback");
          checkSubPeriod(period, body.subPeriod, now.toISOString().slice(0, 10));
          const row = await selfPeriodicDb(tx)
            .insertInto("periodic_feedback")
            .values({
              id: deps.newId(),
              agency_id: actor.agencyId,
              period_id: periodId,
              employee_id: employeeId,
              sub_period: body.subPeriod,
              author_id: actor.id,
              text: body.text,
              result_rating: body.resultRating ?? null,
              behaviour_rating: body.behaviourRating ?? null,
              acknowledged_at: null,
              version: 1,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const view = periodicFeedbackView(row);
          await recordChange(tx, {
            agencyId: actor.agencyId,
            actor: auditActor(actor),
            at: now,
            action: "periodicFeedback.create",
            entityType: "periodic_feedback",
            entityId: row.id,
            after: view,
            event: {
              id: deps.newId(),
              type: "periodicFeedback.given",
              payload: { feedbackId: row.id, periodId, employeeId, subPeriod: row.sub_period },
            },
          });
          return { statusCode: 201, body: view };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/periods/:periodId/employees/:employeeId/periodic-feedback",
    {
      config: { action: "feedback.readIndividual" },
      schema: {
        tags: ["feedback"],
        summary: "The periodic feedback an employee received",
        description:
          "The employee, their superior and the superior's superior, HR and auditors read every entry (an identified source), oldest sub-period first; `subPeriod` filters.",
        params: PeriodEmployeeParamsSchema,
        querystring: z.strictObject({ subPeriod: z.string().trim().min(4).max(16).optional() }),
        response: { 200: z.object({ items: z.array(PeriodicFeedbackViewSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const items = await inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(
          actor,
          "feedback.readIndividual",
          await employeeResource(tx, "feedback", employee, { feedbackSource: "SUPERVISOR" }),
          policy,
        );
        let query = selfPeriodicDb(tx)
          .selectFrom("periodic_feedback")
          .selectAll()
          .where("agency_id", "=", actor.agencyId)
          .where("period_id", "=", periodId)
          .where("employee_id", "=", employeeId);
        if (request.query.subPeriod !== undefined)
          query = query.where("sub_period", "=", request.query.subPeriod);
        const rows = await query.orderBy("sub_period").orderBy("created_at").orderBy("id").execute();
        return rows.map(periodicFeedbackView);
      });
      reply.header("cache-control", "no-store");
      return { items };
    },
  );

  app.get(
    "/periods/:periodId/employees/:employeeId/periodic-results",
    {
      config: { action: "result.read" },
      schema: {
        tags: ["feedback"],
        summary:
          "An employee's periodic (monthly or quarterly) predikat and the annual one, PermenPAN-RB 6/2022",
        description:
          "For a period with a MONTHLY or QUARTERLY cadence that pinned the current permenpanrb-6-2022: each sub-period whose latest periodic feedback entry notes both ratings gets its predikat from those ratings and that sub-period's realisations of the approved work plan; the annual result is the last evaluated period's (TW IV/annual) under the period's configuration, with the periodic ones beside it and a PERIODIC_MISSING warning for each sub-period without ratings. Read like a result (the employee, the superior chain, HR, auditors). 409 for another package or cadence, or before any sub-period has both ratings. Nothing is stored: the annual assessment stays the assessor's (`…/assessments/{employeeId}`).",
        params: PeriodEmployeeParamsSchema,
        response: {
          200: PeriodicEvaluationSchema.extend({
            rulePackage: z.object({ id: z.string(), version: z.string() }),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const body = await inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "result.read", await employeeResource(tx, "result", employee), policy);
        const pinned = pinnedRef(period);
        if (pinned.id !== PERMENPANRB_6_2022_ID || pinned.version !== permenpanrb6of2022.version) {
          throw new KinerjaError(
            "CONFLICT",
            `periodic results follow ${PERMENPANRB_6_2022_ID}@${permenpanrb6of2022.version}; period ${periodId} pinned ${pinned.id}@${pinned.version}`,
            { details: { periodId, rulePackage: pinned } },
          );
        }
        if (period.cadence !== "MONTHLY" && period.cadence !== "QUARTERLY") {
          throw new KinerjaError(
            "CONFLICT",
            `period ${periodId} has a ${period.cadence} cadence; periodic results need MONTHLY or QUARTERLY (PermenPAN-RB 6/2022 Pasal 5)`,
            { details: { periodId, cadence: period.cadence } },
          );
        }
        const rows = await selfPeriodicDb(tx)
          .selectFrom("periodic_feedback")
          .selectAll()
          .where("agency_id", "=", actor.agencyId)
          .where("period_id", "=", periodId)
          .where("employee_id", "=", employeeId)
          .where("result_rating", "is not", null)
          .where("behaviour_rating", "is not", null)
          .orderBy("sub_period")
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        // The latest entry with both ratings of each sub-period is that sub-period's assessment.
        const latest = new Map(rows.map((r) => [r.sub_period, r]));
        if (latest.size === 0) {
          throw new KinerjaError(
            "CONFLICT",
            `no periodic feedback of ${employeeId} in period ${periodId} notes both ratings yet; the superior gives them with POST …/periodic-feedback`,
            { details: { periodId, employeeId } },
          );
        }
        const built = await buildCase(tx, period, employee, deps.policy.minAnonymousAnswers);
        const {
          employee: caseEmployee,
          workPlan,
          realizations,
        } = built.snapshot.case as Record<string, unknown>;
        const evaluation = evaluatePeriodic(
          {
            employee: caseEmployee,
            workPlan,
            realizations: ((realizations as { subPeriod?: string }[] | undefined) ?? []).filter(
              (r) => r.subPeriod !== undefined,
            ),
            periods: [...latest.values()].map((r) => ({
              subPeriod: r.sub_period,
              assessments: [
                {
                  source: "SUPERVISOR",
                  raterId: r.author_id,
                  resultRating: RatingSchema.parse(r.result_rating),
                  behaviourRating: RatingSchema.parse(r.behaviour_rating),
                },
              ],
            })),
          },
          {
            period: corePeriod(period),
            config: period.rule_package_config ?? {},
            ...(built.snapshot.organisation ? { organisation: built.snapshot.organisation } : {}),
          },
        );
        return { ...evaluation, rulePackage: pinned };
      });
      reply.header("cache-control", "no-store");
      return body;
    },
  );

  app.put(
    "/periods/:periodId/employees/:employeeId/periodic-feedback/:feedbackId",
    {
      config: { action: "feedback.givePeriodic" },
      schema: {
        tags: ["feedback"],
        summary: "Correct a periodic feedback entry before the employee acknowledges it",
        description:
          "Its author, while still the direct superior, replaces the sub-period, text and ratings of an entry the employee has not acknowledged (409 once acknowledged), while the period is EXECUTION or ASSESSMENT. Takes `If-Match` or `version`.",
        params: FeedbackParamsSchema,
        headers: UpdateHeadersSchema,
        body: PeriodicFeedbackUpdateBodySchema,
        response: { 200: PeriodicFeedbackViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const { version, ...body } = request.body;
      const expected = expectedVersion(request.headers["if-match"], version);
      const view = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(actor, "feedback.givePeriodic", await employeeResource(tx, "feedback", employee), policy);
        const existing = await loadFeedback(tx, actor.agencyId, request.params);
        refuseIfNotAuthor(actor, existing);
        refuseIfAcknowledged(existing, "correcting it");
        requirePeriodState(period, FEEDBACK_STATES, "correcting periodic feedback");
        checkSubPeriod(period, body.subPeriod, now.toISOString().slice(0, 10));
        assertVersion({ entity: "periodic feedback", id: existing.id, current: existing.version, expected });
        const row = await selfPeriodicDb(tx)
          .updateTable("periodic_feedback")
          .set({
            sub_period: body.subPeriod,
            text: body.text,
            result_rating: body.resultRating ?? null,
            behaviour_rating: body.behaviourRating ?? null,
            version: existing.version + 1,
            updated_at: now,
          })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = periodicFeedbackView(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "periodicFeedback.edit",
          entityType: "periodic_feedback",
          entityId: row.id,
          before: periodicFeedbackView(existing),
          after,
          event: {
            id: deps.newId(),
            type: "periodicFeedback.edited",
            payload: {
              feedbackId: row.id,
              periodId,
              employeeId,
              subPeriod: row.sub_period,
              version: row.version,
            },
          },
        });
        return after;
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.post(
    "/periods/:periodId/employees/:employeeId/periodic-feedback/:feedbackId/acknowledge",
    {
      config: { action: "feedback.acknowledgePeriodic" },
      schema: {
        tags: ["feedback"],
        summary: "Acknowledge a periodic feedback entry (the employee)",
        description:
          "Only the employee the feedback is for acknowledges it, in any period state; the time is recorded and the entry never changes afterwards. Acknowledging twice is a 409. Takes `If-Match` or `version` (optional).",
        params: FeedbackParamsSchema,
        headers: UpdateHeadersSchema,
        body: AcknowledgeBodySchema,
        response: { 200: PeriodicFeedbackViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const expected = expectedVersion(request.headers["if-match"], request.body?.version);
      const view = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(
          actor,
          "feedback.acknowledgePeriodic",
          await employeeResource(tx, "feedback", employee),
          policy,
        );
        const existing = await loadFeedback(tx, actor.agencyId, request.params);
        refuseIfAcknowledged(existing, "acknowledging it again");
        assertVersion({ entity: "periodic feedback", id: existing.id, current: existing.version, expected });
        const row = await selfPeriodicDb(tx)
          .updateTable("periodic_feedback")
          .set({ acknowledged_at: now, version: existing.version + 1, updated_at: now })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = periodicFeedbackView(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "periodicFeedback.acknowledge",
          entityType: "periodic_feedback",
          entityId: row.id,
          before: periodicFeedbackView(existing),
          after,
          event: {
            id: deps.newId(),
            type: "periodicFeedback.acknowledged",
            payload: {
              feedbackId: row.id,
              periodId,
              employeeId,
              subPeriod: row.sub_period,
              version: row.version,
            },
          },
        });
        return after;
      });
      withEtag(reply, view.version);
      return view;
    },
  );
};

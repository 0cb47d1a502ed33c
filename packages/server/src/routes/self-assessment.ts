import { authorize, KinerjaError, RatingSchema } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  employeeResource,
  FEEDBACK_STATES,
  findAssessment,
  PeriodEmployeeParamsSchema,
  requirePeriodState,
} from "../cycle";
import type { RouteDeps } from "../deps";
import {
  findSelfAssessment,
  SelfAssessmentViewSchema,
  selfAssessmentView,
  selfPeriodicDb,
} from "../self-periodic";
import {
  assertVersion,
  expectedVersion,
  inTransaction,
  json,
  loadEmployee,
  loadPeriod,
  notFound,
  recordChange,
} from "../storage/index";
import { auditActor, ERROR_RESPONSES, UpdateHeadersSchema, withEtag } from "./record-support";

const AspectCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "expected an aspect code such as BERORIENTASI_PELAYANAN");

/** What the employee writes about themselves; the body replaces the stored self-assessment. */
export const SelfAssessmentBodySchema = z
  .strictObject({
    /** Rating hasil kerja the employee gives themselves. */
    resultRating: RatingSchema.nullable().optional(),
    /** Rating perilaku kerja the employee gives themselves (feeds e.g. permenpanrb-6-2022's suggested behaviour rating). */
    behaviourRating: RatingSchema.nullable().optional(),
    /** Behaviour or component scores by aspect, the rule package's codes (e.g. weighted-360's components, 0–100). */
    behaviour: z.record(AspectCodeSchema, z.number().finite().min(0).max(1000)).optional(),
    /** Comments for the superior (never part of the evaluation). */
    comments: z.string().trim().max(4000).nullable().optional(),
    /** The version you changed (or send If-Match); leave it out to create. */
    version: z.number().int().min(1).optional(),
  })
  .refine(
    (b) =>
      (b.resultRating ?? null) !== null ||
      (b.behaviourRating ?? null) !== null ||
      Object.keys(b.behaviour ?? {}).length > 0 ||
      (b.comments ?? "") !== "",
    {
      message: "give at least a rating, one behaviour score or a comment",
      path: ["behaviourRating"],
    },
  )
  .meta({ id: "SelfAssessmentWrite" });

/**
 * The self-assessment (source SELF): the employee writes their own assessment of a period while
 * it is EXECUTION or ASSESSMENT; it enters the evaluation case as an identified SELF assessment
 * (what a rule package does with it is the package's: permenpanrb-6-2022 counts its behaviour
 * rating towards the suggested behaviour rating, weighted-360 weighs its component scores). The
 * employee, their superiors, HR and auditors read it.
 */
export const selfAssessmentRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const policy = { minAnonymousAnswers: deps.policy.minAnonymousAnswers };

  app.put(
    "/periods/:periodId/employees/:employeeId/self-assessment",
    {
      config: { action: "feedback.writeSelf" },
      schema: {
        tags: ["feedback"],
        summary: "Write your own assessment of the period (source SELF)",
        description:
          "Only the employee named in the path writes it, while the period is EXECUTION or ASSESSMENT and their superior's assessment is not final (409 otherwise: reopen it first). The body replaces the stored self-assessment; fields left out become empty. Creates (201) or replaces (200); send `If-Match` or `version` when replacing (stale → 409). It enters the evaluation case as an identified SELF assessment; comments stay out of it.",
        params: PeriodEmployeeParamsSchema,
        headers: UpdateHeadersSchema,
        body: SelfAssessmentBodySchema,
        response: { 200: SelfAssessmentViewSchema, 201: SelfAssessmentViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const body = request.body;
      const expected = expectedVersion(request.headers["if-match"], body.version);
      const { view, created } = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(actor, "feedback.writeSelf", await employeeResource(tx, "feedback", employee), policy);
        requirePeriodState(period, FEEDBACK_STATES, "writing a self-assessment");
        const assessment = await findAssessment(tx, actor.agencyId, periodId, employeeId);
        if (assessment?.status === "FINAL") {
          throw new KinerjaError(
            "CONFLICT",
            `the assessment of ${employeeId} in period ${periodId} is final, and the self-assessment is part of its case: it changes only after the assessment is reopened`,
            { details: { assessmentId: assessment.id, status: assessment.status } },
          );
        }
        const existing = await findSelfAssessment(tx, actor.agencyId, periodId, employeeId, {
          forUpdate: true,
        });
        const fields = {
          result_rating: body.resultRating ?? null,
          behaviour_rating: body.behaviourRating ?? null,
          behaviour: json(body.behaviour ?? {}),
          comments: body.comments || null,
          updated_at: now,
        };
        const db = selfPeriodicDb(tx);
        if (existing === undefined && expected !== undefined) {
          throw new KinerjaError(
            "CONFLICT",
            `${employeeId} has no self-assessment in period ${periodId} yet; send no version to create it`,
            { details: { entity: "self assessment", expected } },
          );
        }
        if (existing !== undefined) {
          assertVersion({ entity: "self assessment", id: existing.id, current: existing.version, expected });
        }
        const row =
          existing === undefined
            ? await db
                .insertInto("self_assessments")
                .values({
                  id: deps.newId(),
                  agency_id: actor.agencyId,
                  period_id: periodId,
                  employee_id: employeeId,
                  version: 1,
                  created_at: now,
                  ...fields,
                })
                .returningAll()
                .executeTakeFirstOrThrow()
            : await db
                .updateTable("self_assessments")
                .set({ ...fields, version: existing.version + 1 })
                .where("id", "=", existing.id)
                .returningAll()
                .executeTakeFirstOrThrow();
        const after = selfAssessmentView(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: existing === undefined ? "selfAssessment.create" : "selfAssessment.update",
          entityType: "self_assessment",
          entityId: row.id,
          before: existing === undefined ? null : selfAssessmentView(existing),
          after,
          event: {
            id: deps.newId(),
            type: "selfAssessment.recorded",
            payload: { selfAssessmentId: row.id, periodId, employeeId, version: row.version },
          },
        });
        return { view: after, created: existing === undefined };
      });
      withEtag(reply, view.version);
      return reply.code(created ? 201 : 200).send(view);
    },
  );

  app.get(
    "/periods/:periodId/employees/:employeeId/self-assessment",
    {
      config: { action: "feedback.readIndividual" },
      schema: {
        tags: ["feedback"],
        summary: "An employee's self-assessment (source SELF)",
        description:
          "The employee, their superior and the superior's superior, HR and auditors read it: SELF is an identified source. 404 when the employee has not written one.",
        params: PeriodEmployeeParamsSchema,
        response: { 200: SelfAssessmentViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const view = await inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(
          actor,
          "feedback.readIndividual",
          await employeeResource(tx, "feedback", employee, { feedbackSource: "SELF" }),
          policy,
        );
        const row = await findSelfAssessment(tx, actor.agencyId, periodId, employeeId);
        if (row === undefined) throw notFound("self-assessment of", `${employeeId} in period ${periodId}`);
        return selfAssessmentView(row);
      });
      withEtag(reply, view.version);
      return view;
    },
  );
};

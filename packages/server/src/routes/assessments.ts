import {
  authorize,
  can,
  EvaluationResultSchema,
  ExplanationStepSchema,
  KinerjaError,
  validationError,
  WarningSchema,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  ASSESSMENT_STATES,
  AssessmentViewSchema,
  assessmentView,
  buildCase,
  cycleDb,
  employeeResource,
  evaluateBuilt,
  findAssessment,
  loadEmployeeWithUnit,
  PeriodEmployeeParamsSchema,
  periodFinalResult,
  pinnedPackage,
  pinnedRef,
  requirePeriodState,
} from "../cycle";
import type { RouteDeps } from "../deps";
import { closeAndRecordRounds } from "../feedback-rounds";
import {
  assertVersion,
  expectedVersion,
  inTransaction,
  json,
  loadPeriod,
  notFound,
  recordChange,
} from "../storage/index";
import { auditActor, ERROR_RESPONSES, UpdateHeadersSchema, withEtag } from "./record-support";

const AssessmentWithResultSchema = AssessmentViewSchema.extend({
  /** The final result (with the calibrated grade and its consequences); null while DRAFT. */
  result: EvaluationResultSchema.nullable(),
}).meta({ id: "AssessmentWithResult" });

const PreviewSchema = z
  .object({
    /** The employee. */
    employeeId: z.string(),
    /** The rule package (pinned by the period). */
    rulePackage: z.object({ id: z.string(), version: z.string() }),
    /** The result as it would be if finalised now. */
    result: EvaluationResultSchema,
  })
  .meta({ id: "AssessmentPreview" });

const ExplanationSchema = z
  .object({
    /** The employee. */
    employeeId: z.string(),
    /** FINAL: the stored result; PREVIEW: evaluated now from the current data (nothing stored). */
    basis: z.enum(["FINAL", "PREVIEW"]),
    /** The grade (after calibration for a FINAL result). */
    grade: z.string(),
    /** The grade the rule package gave, before calibration. */
    evaluatedGrade: z.string(),
    /** The rule package. */
    rulePackage: z.object({ id: z.string(), version: z.string() }),
    /** The steps, in order, each with its rule and legal basis. */
    explanation: z.array(ExplanationStepSchema),
    /** Warnings. */
    warnings: z.array(WarningSchema),
    /** The calibration changes applied to this result, oldest first. */
    calibration: z.array(
      z.object({ from: z.string(), to: z.string(), reason: z.string(), at: z.string(), actorId: z.string() }),
    ),
  })
  .meta({ id: "AssessmentExplanation" });

const ReopenBodySchema = z.strictObject({
  /** Why the final assessment is opened again (an objection, a correction); recorded. */
  reason: z.string().trim().min(1, "a reason is required to reopen a final assessment").max(4000),
  /** The version you reopen (or send If-Match). */
  version: z.number().int().min(1).optional(),
});

const WithdrawBodySchema = z
  .strictObject({
    /** Why the draft is withdrawn (optional; recorded in the audit log). */
    reason: z.string().trim().min(1).max(4000).optional(),
    /** The version you withdraw (or send If-Match, or `?version=`). */
    version: z.number().int().min(1).optional(),
  })
  .nullish();

const WithdrawQuerySchema = z.strictObject({
  /** Why the draft is withdrawn (optional; or in the body). */
  reason: z.string().trim().min(1).max(4000).optional(),
  /** The version you withdraw (or send If-Match). */
  version: z.coerce.number().int().min(1).optional(),
});

/**
 * Assessments: list, read, preview (evaluated with the period's pinned rule package and
 * configuration, nothing stored), finalise (the result and the case it came from are stored and
 * immutable), reopen (with a reason), the explanation, and withdrawing a draft (the way back
 * when a draft cannot be finalised).
 */
export const assessmentRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const policy = { minAnonymousAnswers: deps.policy.minAnonymousAnswers };
  const k = deps.policy.minAnonymousAnswers;

  app.get(
    "/periods/:periodId/assessments",
    {
      config: { action: "result.read" },
      schema: {
        tags: ["assessments"],
        summary: "The assessments of a period the caller may read",
        description:
          "Every assessment of the period that the core policy lets the caller read (`result.read`), optionally of one unit.",
        params: z.object({ periodId: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          unitId: z.string().min(1).max(64).optional(),
          status: z.enum(["DRAFT", "FINAL"]).optional(),
        }),
        response: { 200: z.object({ items: z.array(AssessmentViewSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        let query = cycleDb(tx)
          .selectFrom("assessments as a")
          .innerJoin("employees as e", (join) =>
            join.onRef("e.agency_id", "=", "a.agency_id").onRef("e.id", "=", "a.employee_id"),
          )
          .selectAll("a")
          .where("a.agency_id", "=", actor.agencyId)
          .where("a.period_id", "=", periodId);
        if (request.query.unitId !== undefined) query = query.where("e.unit_id", "=", request.query.unitId);
        if (request.query.status !== undefined) query = query.where("a.status", "=", request.query.status);
        const rows = await query.orderBy("a.employee_id").execute();
        const supervisors = new Map(
          (
            await tx
              .selectFrom("employees")
              .select(["id", "supervisor_id"])
              .where("agency_id", "=", actor.agencyId)
              .execute()
          ).map((e) => [e.id, e.supervisor_id]),
        );
        const chain = (id: string) => {
          const first = supervisors.get(id) ?? null;
          const second = first === null ? null : (supervisors.get(first) ?? null);
          return [first, second].filter((s): s is string => s !== null);
        };
        const items = rows.filter((row) =>
          can(
            actor,
            "result.read",
            {
              kind: "result",
              agencyId: actor.agencyId,
              ownerId: row.employee_id,
              supervisorChain: chain(row.employee_id),
            },
            policy,
          ),
        );
        return { items: items.map(assessmentView) };
      });
    },
  );

  app.get(
    "/periods/:periodId/assessments/:employeeId",
    {
      config: { action: "result.read" },
      schema: {
        tags: ["assessments"],
        summary: "An employee's assessment and, once final, the result",
        params: PeriodEmployeeParamsSchema,
        response: { 200: AssessmentWithResultSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const body = await inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "result.read", await employeeResource(tx, "result", employee), policy);
        const row = await findAssessment(tx, actor.agencyId, periodId, employeeId);
        if (row === undefined) throw notFound("assessment of", `${employeeId} in period ${periodId}`);
        const result = row.status === "FINAL" ? periodFinalResult(period, row, deps.registry) : null;
        return { ...assessmentView(row), result };
      });
      withEtag(reply, body.version);
      return body;
    },
  );

  app.post(
    "/periods/:periodId/assessments/:employeeId/preview",
    {
      config: { action: "assessment.preview" },
      schema: {
        tags: ["assessments"],
        summary: "Preview the result (nothing is stored)",
        description:
          "Evaluates the employee's case now, with the rule package, version and configuration the period pinned: the approved work plan and its realisations, the supervisor's assessment, the employee's self-assessment (source SELF), anonymous feedback from sources with at least k answers, and the unit's organisation result. Nothing is written.",
        params: PeriodEmployeeParamsSchema,
        response: { 200: PreviewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "assessment.preview", await employeeResource(tx, "assessment", employee), policy);
        const lp = pinnedPackage(period, deps.registry);
        const result = evaluateBuilt(await buildCase(tx, period, employee, k), lp);
        return { employeeId, rulePackage: { id: lp.package.id, version: lp.package.version }, result };
      });
    },
  );

  app.post(
    "/periods/:periodId/assessments/:employeeId/finalise",
    {
      config: { action: "assessment.finalise" },
      schema: {
        tags: ["assessments"],
        summary: "Finalise the assessment: store the result, immutable afterwards",
        description:
          "The direct superior finalises: the case is evaluated with the period's pinned rule package and the result, the case and the package version are stored. Any later change is a 409 until the assessment is reopened (HR_ADMIN or the superior's superior, with a reason). Takes `If-Match` or `version`.",
        params: PeriodEmployeeParamsSchema,
        headers: UpdateHeadersSchema,
        body: z.strictObject({ version: z.number().int().min(1).optional() }).nullish(),
        response: { 200: AssessmentWithResultSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const expected = expectedVersion(request.headers["if-match"], request.body?.version);
      const body = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "assessment.finalise", await employeeResource(tx, "assessment", employee), policy);
        const row = await findAssessment(tx, actor.agencyId, periodId, employeeId, { forUpdate: true });
        if (row === undefined) {
          throw new KinerjaError(
            "CONFLICT",
            `there is no assessment of ${employeeId} to finalise: write it first`,
            {
              details: { periodId, employeeId },
            },
          );
        }
        if (row.status === "FINAL") {
          throw new KinerjaError("CONFLICT", `the assessment of ${employeeId} is already final`, {
            details: { assessmentId: row.id, status: row.status },
          });
        }
        requirePeriodState(period, ASSESSMENT_STATES, "finalising an assessment");
        assertVersion({ entity: "assessment", id: row.id, current: row.version, expected });
        const lp = pinnedPackage(period, deps.registry);
        await closeAndRecordRounds(tx, { agencyId: actor.agencyId, periodId, employeeId }, k, now, {
          actor: auditActor(actor),
          cause: "finalised",
          newId: deps.newId,
        });
        const built = await buildCase(tx, period, employee, k);
        const result = evaluateBuilt(built, lp);
        const updated = await cycleDb(tx)
          .updateTable("assessments")
          .set({
            status: "FINAL",
            result: json(result as unknown as Record<string, unknown>),
            case_snapshot: json(built.snapshot as unknown as Record<string, unknown>),
            rule_package_id: lp.package.id,
            rule_package_version: lp.package.version,
            calibrated_grade: null,
            finalised_at: now,
            finalised_by: actor.id,
            version: row.version + 1,
            updated_at: now,
          })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const view = assessmentView(updated);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "assessment.finalise",
          entityType: "assessment",
          entityId: row.id,
          before: assessmentView(row),
          after: { ...view, result },
          event: {
            id: deps.newId(),
            type: "assessment.finalised",
            payload: {
              assessmentId: row.id,
              periodId,
              employeeId,
              grade: result.grade,
              version: updated.version,
            },
          },
        });
        return { ...view, result };
      });
      withEtag(reply, body.version);
      return body;
    },
  );

  app.post(
    "/periods/:periodId/assessments/:employeeId/reopen",
    {
      config: { action: "assessment.reopen" },
      schema: {
        tags: ["assessments"],
        summary: "Reopen a final assessment, with a reason",
        description:
          "HR_ADMIN (or the superior's superior, per the core policy) reopens a FINAL assessment: it goes back to DRAFT, its stored result and calibration are cleared (both stay in the audit log), and the reason is recorded. Not while the period is CLOSED: reopen the period first. Takes `If-Match` or `version`.",
        params: PeriodEmployeeParamsSchema,
        headers: UpdateHeadersSchema,
        body: ReopenBodySchema,
        response: { 200: AssessmentViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const expected = expectedVersion(request.headers["if-match"], request.body.version);
      const view = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "assessment.reopen", await employeeResource(tx, "assessment", employee), policy);
        const row = await findAssessment(tx, actor.agencyId, periodId, employeeId, { forUpdate: true });
        if (row === undefined) throw notFound("assessment of", `${employeeId} in period ${periodId}`);
        if (row.status !== "FINAL") {
          throw new KinerjaError(
            "CONFLICT",
            `the assessment of ${employeeId} is not final; there is nothing to reopen`,
            {
              details: { assessmentId: row.id, status: row.status },
            },
          );
        }
        requirePeriodState(period, ASSESSMENT_STATES, "reopening an assessment");
        assertVersion({ entity: "assessment", id: row.id, current: row.version, expected });
        const updated = await cycleDb(tx)
          .updateTable("assessments")
          .set({
            status: "DRAFT",
            result: null,
            case_snapshot: null,
            rule_package_id: null,
            rule_package_version: null,
            calibrated_grade: null,
            reopen_reason: request.body.reason,
            reopened_at: now,
            reopened_by: actor.id,
            version: row.version + 1,
            updated_at: now,
          })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = assessmentView(updated);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "assessment.reopen",
          entityType: "assessment",
          entityId: row.id,
          before: { ...assessmentView(row), result: row.result },
          after,
          details: { reason: request.body.reason },
          event: {
            id: deps.newId(),
            type: "assessment.reopened",
            payload: { assessmentId: row.id, periodId, employeeId, version: updated.version },
          },
        });
        return after;
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.get(
    "/periods/:periodId/assessments/:employeeId/explanation",
    {
      config: { action: "assessment.readExplanation" },
      schema: {
        tags: ["assessments"],
        summary: "How the result was reached, step by step",
        description:
          "For a FINAL assessment, the stored explanation (and the calibration changes applied); otherwise a preview evaluated now (nothing stored).",
        params: PeriodEmployeeParamsSchema,
        response: { 200: ExplanationSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(
          actor,
          "assessment.readExplanation",
          await employeeResource(tx, "assessment", employee),
          policy,
        );
        const rulePackage = pinnedRef(period);
        const row = await findAssessment(tx, actor.agencyId, periodId, employeeId);
        if (row?.status === "FINAL") {
          // A closed period reads from the results it closed with, whatever is registered.
          const result = periodFinalResult(period, row, deps.registry);
          const evaluated = EvaluationResultSchema.parse(row.result);
          const changes = await cycleDb(tx)
            .selectFrom("calibration_changes")
            .select(["from_grade", "to_grade", "reason", "created_at", "actor_id"])
            .where("assessment_id", "=", row.id)
            .where("created_at", ">=", row.finalised_at ?? new Date(0))
            .orderBy("created_at")
            .orderBy("id")
            .execute();
          return {
            employeeId,
            basis: "FINAL" as const,
            grade: result.grade,
            evaluatedGrade: evaluated.grade,
            rulePackage: {
              id: row.rule_package_id ?? rulePackage.id,
              version: row.rule_package_version ?? rulePackage.version,
            },
            explanation: result.explanation,
            warnings: result.warnings,
            calibration: changes.map((c) => ({
              from: c.from_grade,
              to: c.to_grade,
              reason: c.reason,
              at: new Date(c.created_at).toISOString(),
              actorId: c.actor_id,
            })),
          };
        }
        const result = evaluateBuilt(
          await buildCase(tx, period, employee, k),
          pinnedPackage(period, deps.registry),
        );
        return {
          employeeId,
          basis: "PREVIEW" as const,
          grade: result.grade,
          evaluatedGrade: result.grade,
          rulePackage,
          explanation: result.explanation,
          warnings: result.warnings,
          calibration: [],
        };
      });
    },
  );

  app.delete(
    "/periods/:periodId/assessments/:employeeId",
    {
      config: { action: "assessment.withdraw" },
      schema: {
        tags: ["assessments"],
        summary: "Withdraw a draft assessment (the direct superior)",
        description:
          "The way back for a draft that cannot (yet) be finalised, e.g. because the case cannot be evaluated: the direct superior removes their DRAFT assessment, so it no longer holds START_CALIBRATION or CLOSE back (guard ASSESSMENTS_OPEN). The removed draft stays in the audit log with the optional `reason` (body or `?reason=`). Only while DRAFT (a FINAL one is reopened instead) and the period is ASSESSMENT, CALIBRATION or REOPENED; a draft reopened from a calibrated result keeps its calibration history and cannot be withdrawn (409). Requires `If-Match`, `version` in the body or `?version=`.",
        params: PeriodEmployeeParamsSchema,
        headers: UpdateHeadersSchema,
        querystring: WithdrawQuerySchema,
        body: WithdrawBodySchema,
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const fromBody = request.body ?? {};
      const query = request.query;
      if (fromBody.reason !== undefined && query.reason !== undefined && fromBody.reason !== query.reason) {
        throw validationError([
          { path: ["reason"], message: "the body reason differs from ?reason=; send one", code: "custom" },
        ]);
      }
      if (
        fromBody.version !== undefined &&
        query.version !== undefined &&
        fromBody.version !== query.version
      ) {
        throw validationError([
          { path: ["version"], message: "the body version differs from ?version=; send one", code: "custom" },
        ]);
      }
      const reason = fromBody.reason ?? query.reason ?? null;
      const expected = expectedVersion(request.headers["if-match"], fromBody.version ?? query.version);
      await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "assessment.withdraw", await employeeResource(tx, "assessment", employee), policy);
        const row = await findAssessment(tx, actor.agencyId, periodId, employeeId, { forUpdate: true });
        if (row === undefined) throw notFound("assessment of", `${employeeId} in period ${periodId}`);
        if (row.status !== "DRAFT") {
          throw new KinerjaError(
            "CONFLICT",
            `the assessment of ${employeeId} is ${row.status}: only a draft is withdrawn; a final one is reopened (with a reason)`,
            { details: { assessmentId: row.id, status: row.status } },
          );
        }
        requirePeriodState(period, ASSESSMENT_STATES, "withdrawing a draft assessment");
        assertVersion({ entity: "assessment", id: row.id, current: row.version, expected, required: true });
        const calibrated = await cycleDb(tx)
          .selectFrom("calibration_changes")
          .select("id")
          .where("assessment_id", "=", row.id)
          .executeTakeFirst();
        if (calibrated !== undefined) {
          throw new KinerjaError(
            "CONFLICT",
            `the assessment of ${employeeId} was final and calibrated before it was reopened; its calibration history stays: finalise it again instead`,
            { details: { assessmentId: row.id, status: row.status, guard: "CALIBRATION_HISTORY" } },
          );
        }
        await cycleDb(tx).deleteFrom("assessments").where("id", "=", row.id).execute();
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "assessment.withdraw",
          entityType: "assessment",
          entityId: row.id,
          before: assessmentView(row),
          after: null,
          details: reason === null ? {} : { reason },
          event: {
            id: deps.newId(),
            type: "assessment.withdrawn",
            payload: { assessmentId: row.id, periodId, employeeId, version: row.version },
          },
        });
      });
      return reply.code(204).send(null);
    },
  );
};

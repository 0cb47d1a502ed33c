import {
  authorize,
  CalibrationProposalSchema,
  distribute,
  type EvaluationResult,
  isKinerjaError,
  KinerjaError,
  type LoadedRulePackage,
  OrganisationPredikatSchema,
  type RulePackageRegistry,
  ViolationSchema,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { CalibrationChangeRequestSchema, type CalibrationPoolMember, planCalibration } from "../calibration";
import {
  buildCase,
  CALIBRATION_STATES,
  cycleDb,
  evaluateBuilt,
  finalResultOf,
  organisationOf,
  pinnedPackage,
  requirePeriodState,
} from "../cycle";
import type { AssessmentRow } from "../cycle-tables";
import type { RouteDeps } from "../deps";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  loadPeriod,
  type PeriodRow,
  recordChange,
  supervisorChain,
  type Tx,
  withIdempotency,
} from "../storage/index";
import { loadOne } from "../storage/records";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  iso,
  sendStored,
  UpdateHeadersSchema,
  withEtag,
} from "./record-support";

const UnitParamsSchema = z.object({
  /** Period id. */
  periodId: z.string().min(1).max(64),
  /** Unit (organisation) id. */
  unitId: z.string().min(1).max(64),
});

const OrganisationResultSchema = z
  .object({
    periodId: z.string(),
    unitId: z.string(),
    /** Predikat kinerja organisasi (SE MenPAN-RB 3/2023). */
    predikat: OrganisationPredikatSchema,
    /** Who set it. */
    setBy: z.string(),
    /** Optimistic-concurrency version. */
    version: z.number().int(),
    /** When last changed. */
    updatedAt: z.string(),
  })
  .meta({ id: "OrganisationResult" });

const MemberSchema = z.object({
  /** The employee. */
  employeeId: z.string(),
  /** FINAL: the stored result; PREVIEW: evaluated now (the assessment is not final yet). */
  basis: z.enum(["FINAL", "PREVIEW"]),
  /** The grade now (the calibrated one for a calibrated FINAL result). */
  grade: z.string(),
  /** The grade the rule package gave. */
  evaluatedGrade: z.string(),
  /** The score, for numeric schemes. */
  score: z.number().nullable(),
  /** The assessment's version (send it with a change), null without an assessment. */
  version: z.number().int().nullable(),
});

const CalibrationViewSchema = z
  .object({
    periodId: z.string(),
    unitId: z.string(),
    /** The unit's organisation result; without it only the counts are given. */
    organisation: z
      .object({ id: z.string(), name: z.string().optional(), predikat: OrganisationPredikatSchema })
      .nullable(),
    /** The rule package pinned by the period. */
    rulePackage: z.object({ id: z.string(), version: z.string() }),
    /** The unit's members with a result, by employee id. */
    members: z.array(MemberSchema),
    /** Members that cannot be evaluated yet, and why. */
    notEvaluated: z.array(z.object({ employeeId: z.string(), reason: z.string() })),
    /** Employees per grade. */
    counts: z.record(z.string(), z.number().int()),
    /** Violated distribution bounds. */
    violations: z.array(ViolationSchema),
    /** The package's calibration proposal (never applied on its own), when there are violations. */
    proposal: CalibrationProposalSchema.nullable(),
  })
  .meta({ id: "Calibration" });

const ChangeViewSchema = z.object({
  id: z.string(),
  employeeId: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  actorId: z.string(),
  at: z.string(),
});

/** A unit's calibration pool: its members' results (final, or previewed) and who cannot be evaluated yet. */
export interface CalibrationPool {
  /** The period. */
  period: PeriodRow;
  /** The unit's organisation result, when set. */
  organisation: Awaited<ReturnType<typeof organisationOf>>;
  /** The members with a result, by employee id. */
  members: z.infer<typeof MemberSchema>[];
  /** Their results (the calibrated grade for a calibrated final result), in member order. */
  results: EvaluationResult[];
  /** The assessment rows by employee id. */
  rows: Map<string, AssessmentRow>;
  /** Members that cannot be evaluated yet, and why. */
  notEvaluated: { employeeId: string; reason: string }[];
}

/**
 * The calibration pool of a unit in a period: the unit's employees with a work plan in the
 * period, each with the stored (calibrated) result of a FINAL assessment or a preview evaluated
 * now with the pinned package; those that cannot be evaluated yet (CONFLICT or
 * VALIDATION_FAILED) are listed with the reason. `lock` locks the assessment rows.
 */
export async function calibrationPool(
  tx: Tx,
  period: PeriodRow,
  unitId: string,
  options: { lp: LoadedRulePackage; minAnonymousAnswers: number; lock: boolean },
): Promise<CalibrationPool> {
  const { lp, minAnonymousAnswers: k } = options;
  const agencyId = period.agency_id;
  const organisation = await organisationOf(tx, period, unitId);
  const employees = await tx
    .selectFrom("employees as e")
    .leftJoin("units as u", (join) =>
      join.onRef("u.agency_id", "=", "e.agency_id").onRef("u.id", "=", "e.unit_id"),
    )
    .selectAll("e")
    .select("u.name as unit_name")
    .where("e.agency_id", "=", agencyId)
    .where("e.unit_id", "=", unitId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("work_plans as w")
          .select("w.id")
          .whereRef("w.employee_id", "=", "e.id")
          .whereRef("w.agency_id", "=", "e.agency_id")
          .where("w.period_id", "=", period.id)
          .where("w.state", "<>", "REJECTED"),
      ),
    )
    .orderBy("e.id")
    .execute();
  let assessmentQuery = cycleDb(tx)
    .selectFrom("assessments")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("period_id", "=", period.id)
    .where("employee_id", "in", employees.length === 0 ? [""] : employees.map((e) => e.id));
  if (options.lock) assessmentQuery = assessmentQuery.forUpdate();
  const rows = new Map((await assessmentQuery.execute()).map((r) => [r.employee_id, r]));
  const members: z.infer<typeof MemberSchema>[] = [];
  const results: EvaluationResult[] = [];
  const notEvaluated: { employeeId: string; reason: string }[] = [];
  for (const employee of employees) {
    const row = rows.get(employee.id);
    try {
      const final = row?.status === "FINAL";
      const result = final
        ? finalResultOf(row, lp)
        : evaluateBuilt(await buildCase(tx, period, employee, k), lp);
      const evaluatedGrade = final ? String((row.result as { grade?: unknown }).grade) : result.grade;
      results.push(result);
      members.push({
        employeeId: employee.id,
        basis: final ? "FINAL" : "PREVIEW",
        grade: result.grade,
        evaluatedGrade,
        score: result.score,
        version: row?.version ?? null,
      });
    } catch (error) {
      if (!isKinerjaError(error) || (error.code !== "CONFLICT" && error.code !== "VALIDATION_FAILED"))
        throw error;
      notEvaluated.push({ employeeId: employee.id, reason: error.message });
    }
  }
  return { period, organisation, members, results, rows, notEvaluated };
}

/**
 * How many distribution violations of severity ERROR the period has: over every unit with an
 * organisation result in the period, the pinned package's `distribute` of the unit's pool (as
 * `GET …/calibration` computes it, applied calibration changes included). The CLOSE guard
 * DISTRIBUTION_VIOLATIONS requires 0. `lock` locks the assessment rows read.
 */
export async function blockingViolationCount(
  tx: Tx,
  period: PeriodRow,
  options: { registry: RulePackageRegistry; minAnonymousAnswers: number; lock: boolean },
): Promise<number> {
  const lp = pinnedPackage(period, options.registry);
  const units = await cycleDb(tx)
    .selectFrom("organisation_results")
    .select("unit_id")
    .where("agency_id", "=", period.agency_id)
    .where("period_id", "=", period.id)
    .orderBy("unit_id")
    .execute();
  let count = 0;
  for (const { unit_id } of units) {
    const p = await calibrationPool(tx, period, unit_id, {
      lp,
      minAnonymousAnswers: options.minAnonymousAnswers,
      lock: options.lock,
    });
    const distribution = distribute(p.results, lp, { organisation: p.organisation });
    count += distribution.violations.filter((v) => v.severity === "ERROR").length;
  }
  return count;
}

async function loadUnit(tx: Tx, agencyId: string, unitId: string) {
  return loadOne(
    tx.selectFrom("units").select(["id", "name"]).where("agency_id", "=", agencyId).where("id", "=", unitId),
    "unit",
    unitId,
  );
}

/**
 * Calibration per organisation (unit) and period: the unit's organisation result, the counts,
 * violations and calibration proposal of the pinned package's `distribute` over the unit's
 * final (or previewed) results, and applying changes, each with a reason.
 */
export const calibrationRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const policy = { minAnonymousAnswers: deps.policy.minAnonymousAnswers };
  const k = deps.policy.minAnonymousAnswers;

  const pool = (tx: Tx, period: PeriodRow, unitId: string, lock: boolean): Promise<CalibrationPool> =>
    calibrationPool(tx, period, unitId, {
      lp: pinnedPackage(period, deps.registry),
      minAnonymousAnswers: k,
      lock,
    });

  app.put(
    "/periods/:periodId/units/:unitId/organisation-result",
    {
      config: { action: "calibration.apply" },
      schema: {
        tags: ["calibration"],
        summary: "Set a unit's organisation result (predikat kinerja organisasi) for the period",
        description:
          "Set by the leadership one level up (SE MenPAN-RB 3/2023); it bounds the distribution of the unit's employee predikat and, for a unit head, gives the rating hasil kerja. Set it before assessments are finalised: a final result keeps the organisation result it was reached with. Not while the period is CLOSED. Updates take `If-Match` or `version`.",
        params: UnitParamsSchema,
        headers: UpdateHeadersSchema,
        body: z.strictObject({
          predikat: OrganisationPredikatSchema,
          version: z.number().int().min(1).optional(),
        }),
        response: { 200: OrganisationResultSchema, 201: OrganisationResultSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, unitId } = request.params;
      const expected = expectedVersion(request.headers["if-match"], request.body.version);
      const { view, created } = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        await loadUnit(tx, actor.agencyId, unitId);
        authorize(actor, "calibration.apply", { kind: "calibration", agencyId: actor.agencyId }, policy);
        if (period.state === "CLOSED") {
          throw new KinerjaError(
            "CONFLICT",
            `period ${periodId} is CLOSED: reopen it to change an organisation result`,
            {
              details: { periodId, state: period.state },
            },
          );
        }
        const db = cycleDb(tx);
        const existing = await db
          .selectFrom("organisation_results")
          .selectAll()
          .where("period_id", "=", periodId)
          .where("unit_id", "=", unitId)
          .forUpdate()
          .executeTakeFirst();
        const predikat = request.body.predikat;
        if (existing !== undefined) {
          assertVersion({
            entity: "organisation result",
            id: `${periodId}/${unitId}`,
            current: existing.version,
            expected,
          });
        }
        const row =
          existing === undefined
            ? await db
                .insertInto("organisation_results")
                .values({
                  agency_id: actor.agencyId,
                  period_id: periodId,
                  unit_id: unitId,
                  predikat,
                  set_by: actor.id,
                  version: 1,
                  created_at: now,
                  updated_at: now,
                })
                .returningAll()
                .executeTakeFirstOrThrow()
            : await db
                .updateTable("organisation_results")
                .set({ predikat, set_by: actor.id, version: existing.version + 1, updated_at: now })
                .where("period_id", "=", periodId)
                .where("unit_id", "=", unitId)
                .returningAll()
                .executeTakeFirstOrThrow();
        const toView = (r: typeof row) => ({
          periodId,
          unitId,
          predikat: OrganisationPredikatSchema.parse(r.predikat),
          setBy: r.set_by,
          version: r.version,
          updatedAt: iso(r.updated_at),
        });
        const view = toView(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "organisation_result.set",
          entityType: "organisation_result",
          entityId: `${periodId}/${unitId}`,
          ...(existing === undefined ? {} : { before: toView(existing) }),
          after: view,
          event: {
            id: deps.newId(),
            type: "organisationResult.set",
            payload: { periodId, unitId, predikat, version: row.version },
          },
        });
        return { view, created: existing === undefined };
      });
      withEtag(reply, view.version);
      return reply.code(created ? 201 : 200).send(view);
    },
  );

  app.get(
    "/periods/:periodId/units/:unitId/calibration",
    {
      config: { action: "calibration.read" },
      schema: {
        tags: ["calibration"],
        summary: "The unit's distribution: counts, violations and the calibration proposal",
        description:
          "Runs the pinned rule package's distribution check (core `distribute`) over the unit's results: the stored (calibrated) result of each final assessment, a preview for the others. Employees that cannot be evaluated yet are listed with the reason. Nothing is stored.",
        params: UnitParamsSchema,
        response: { 200: CalibrationViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, unitId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        await loadUnit(tx, actor.agencyId, unitId);
        authorize(actor, "calibration.read", { kind: "calibration", agencyId: actor.agencyId }, policy);
        const lp = pinnedPackage(period, deps.registry);
        const p = await pool(tx, period, unitId, false);
        const distribution = distribute(p.results, lp, { organisation: p.organisation });
        return {
          periodId,
          unitId,
          organisation: p.organisation ?? null,
          rulePackage: { id: lp.package.id, version: lp.package.version },
          members: p.members,
          notEvaluated: p.notEvaluated,
          counts: distribution.counts,
          violations: distribution.violations,
          proposal: distribution.proposal ?? null,
        };
      });
    },
  );

  app.post(
    "/periods/:periodId/units/:unitId/calibration/changes",
    {
      config: { action: "calibration.apply" },
      schema: {
        tags: ["calibration"],
        summary: "Apply calibration changes, each with a reason",
        description:
          "HR applies grade changes to final assessments of the unit while the period is in CALIBRATION (or REOPENED). Each change names the employee, the new grade (a grade of the pinned package) and the reason; it is stored in the calibration history and the audit log, and the employee's final grade becomes the calibrated one (consequences follow it). All changes apply together or none. Accepts `Idempotency-Key`.",
        params: UnitParamsSchema,
        headers: CreateHeadersSchema,
        body: z.strictObject({ changes: z.array(CalibrationChangeRequestSchema).min(1).max(1000) }),
        response: {
          201: z.object({
            applied: z.array(ChangeViewSchema),
            counts: z.record(z.string(), z.number().int()),
            violations: z.array(ViolationSchema),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, unitId } = request.params;
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: `POST ${request.routeOptions.url}`,
        request: { params: request.params, body: request.body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          const now = deps.clock();
          const period = await loadPeriod(tx, actor.agencyId, periodId);
          await loadUnit(tx, actor.agencyId, unitId);
          authorize(actor, "calibration.apply", { kind: "calibration", agencyId: actor.agencyId }, policy);
          for (const change of request.body.changes) {
            // Each change is about one employee's record: nobody calibrates their own grade.
            authorize(
              actor,
              "calibration.apply",
              {
                kind: "calibration",
                agencyId: actor.agencyId,
                ownerId: change.employeeId,
                supervisorChain: await supervisorChain(tx, actor.agencyId, change.employeeId),
              },
              policy,
            );
          }
          requirePeriodState(period, CALIBRATION_STATES, "calibrating");
          const lp = pinnedPackage(period, deps.registry);
          const p = await pool(tx, period, unitId, true);
          const members: CalibrationPoolMember[] = [
            ...p.members.map((m) => ({
              employeeId: m.employeeId,
              assessmentId: p.rows.get(m.employeeId)?.id ?? "",
              grade: m.grade,
              final: m.basis === "FINAL",
              version: m.version ?? 0,
            })),
            ...p.notEvaluated.map((n) => ({
              employeeId: n.employeeId,
              assessmentId: p.rows.get(n.employeeId)?.id ?? "",
              grade: "",
              final: false,
              version: p.rows.get(n.employeeId)?.version ?? 0,
            })),
          ];
          const planned = planCalibration(members, request.body.changes, lp.package);
          const db = cycleDb(tx);
          const applied: z.infer<typeof ChangeViewSchema>[] = [];
          for (const change of planned) {
            const row = p.rows.get(change.employeeId)!;
            const evaluatedGrade = String((row.result as { grade?: unknown }).grade);
            const id = deps.newId();
            await db
              .insertInto("calibration_changes")
              .values({
                id,
                agency_id: actor.agencyId,
                period_id: periodId,
                unit_id: unitId,
                assessment_id: row.id,
                employee_id: change.employeeId,
                from_grade: change.from,
                to_grade: change.to,
                reason: change.reason,
                actor_id: actor.id,
                created_at: now,
              })
              .execute();
            await db
              .updateTable("assessments")
              .set({
                calibrated_grade: change.to === evaluatedGrade ? null : change.to,
                version: row.version + 1,
                updated_at: now,
              })
              .where("id", "=", row.id)
              .execute();
            await recordChange(tx, {
              agencyId: actor.agencyId,
              actor: auditActor(actor),
              at: now,
              action: "assessment.calibrate",
              entityType: "assessment",
              entityId: row.id,
              before: { grade: change.from, version: row.version },
              after: { grade: change.to, version: row.version + 1 },
              details: { reason: change.reason, calibrationChangeId: id, unitId },
              event: {
                id: deps.newId(),
                type: "assessment.calibrated",
                payload: {
                  assessmentId: row.id,
                  periodId,
                  unitId,
                  employeeId: change.employeeId,
                  from: change.from,
                  to: change.to,
                  version: row.version + 1,
                },
              },
            });
            applied.push({
              id,
              employeeId: change.employeeId,
              from: change.from,
              to: change.to,
              reason: change.reason,
              actorId: actor.id,
              at: now.toISOString(),
            });
          }
          const grades = new Map(planned.map((c) => [c.employeeId, c.to]));
          const after = p.results.map((r) => {
            const to = grades.get(r.employeeId);
            return to === undefined ? r : { ...r, grade: to };
          });
          const distribution = distribute(after, lp, { organisation: p.organisation });
          return {
            statusCode: 201,
            body: { applied, counts: distribution.counts, violations: distribution.violations },
          };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/periods/:periodId/units/:unitId/calibration/changes",
    {
      config: { action: "calibration.read" },
      schema: {
        tags: ["calibration"],
        summary: "The calibration changes applied in the unit, oldest first",
        params: UnitParamsSchema,
        response: { 200: z.object({ items: z.array(ChangeViewSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, unitId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        await loadUnit(tx, actor.agencyId, unitId);
        authorize(actor, "calibration.read", { kind: "calibration", agencyId: actor.agencyId }, policy);
        const rows = await cycleDb(tx)
          .selectFrom("calibration_changes")
          .selectAll()
          .where("agency_id", "=", actor.agencyId)
          .where("period_id", "=", periodId)
          .where("unit_id", "=", unitId)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            employeeId: r.employee_id,
            from: r.from_grade,
            to: r.to_grade,
            reason: r.reason,
            actorId: r.actor_id,
            at: iso(r.created_at),
          })),
        };
      });
    },
  );
};

import {
  type Action,
  type Actor,
  allowedWorkPlanEvents,
  assertWorkPlan,
  authorize,
  type CascadeIssue,
  type CascadePlan,
  checkCascade,
  checkWorkPlan,
  KinerjaError,
  type PeriodState,
  type ReportingLine,
  transitionWorkPlan,
  validationError,
  WORK_PLAN_DOMAIN_EVENTS,
  WORK_PLAN_PROBLEM_CODES,
  type WorkPlan,
  type WorkPlanEvent,
  type WorkPlanEventType,
  WorkPlanEventTypeSchema,
  WorkPlanSchema,
  type WorkPlanState,
  WorkPlanStateSchema,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { corePeriod, findAssessment } from "../cycle";
import type { RouteDeps } from "../deps";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  json,
  loadEmployee,
  loadPeriod,
  loadWorkPlan,
  type PeriodRow,
  recordChange,
  supervisorChain,
  type Tx,
  type WorkPlanRow,
  withIdempotency,
} from "../storage/index";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  errorResponses,
  iso,
  PageQuerySchema,
  pageOf,
  sendStored,
  UpdateHeadersSchema,
  withEtag,
} from "./record-support";

/** The superior's last decision on a plan. */
export const WorkPlanReviewSchema = z.object({
  /** APPROVED, REVISION_REQUESTED or REJECTED. */
  decision: z.enum(["APPROVED", "REVISION_REQUESTED", "REJECTED"]),
  /** Why a revision was requested or the plan rejected (the `reason` of that request). */
  reason: z.string().optional(),
  /** The approver's note (the `comment` of the approval), when there was one. */
  comment: z.string().optional(),
  /** Who decided. */
  actorId: z.string(),
  /** When. */
  at: z.string(),
});

/** One reason a plan cannot be evaluated as it stands, as the core's `checkWorkPlan` reports it. */
export const WorkPlanProblemSchema = z
  .object({
    /** Where, from the plan (`["results", 1, "weight"]`) or from its recorded realisations. */
    path: z.array(z.union([z.string(), z.number()])),
    /** What kind of problem (the core's `WORK_PLAN_PROBLEM_CODES`). */
    code: z.enum(Object.keys(WORK_PLAN_PROBLEM_CODES) as [keyof typeof WORK_PLAN_PROBLEM_CODES]),
    /** What is wrong, where, and what to do. */
    message: z.string(),
  })
  .meta({ id: "WorkPlanProblem" });

/** A work plan as the API returns it. */
export const WorkPlanViewSchema = z
  .object({
    /** Work plan id. */
    id: z.string(),
    /** Period id. */
    periodId: z.string(),
    /** The employee (NIP). */
    employeeId: z.string(),
    /** Workflow state. */
    state: WorkPlanStateSchema,
    /** The plan (SKP): results, indicators, behaviours. */
    plan: WorkPlanSchema,
    /**
     * Why the plan cannot be evaluated as it stands (empty when it can): a draft may be saved
     * with problems; submitting, approving and amending refuse it (422 WORK_PLAN_INVALID).
     */
    problems: z.array(WorkPlanProblemSchema),
    /** The superior's last decision, if any. */
    review: WorkPlanReviewSchema.nullable(),
    /** Events allowed in the current state. */
    allowedEvents: z.array(WorkPlanEventTypeSchema),
    /** Optimistic-concurrency version (send it back as If-Match). */
    version: z.number().int(),
    /** When created. */
    createdAt: z.string(),
    /** When last changed. */
    updatedAt: z.string(),
  })
  .meta({ id: "WorkPlanView" });
/** A work plan view. */
export type WorkPlanView = z.infer<typeof WorkPlanViewSchema>;

/** A cascade issue as the core reports it. */
export const CascadeIssueSchema = z.object({
  code: z.string(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  planId: z.string().optional(),
  employeeId: z.string().optional(),
  resultId: z.string().optional(),
});

/** The cascade check of a plan against its employee's direct superior's plan. */
export const CascadeReportSchema = z
  .object({
    /** The plan checked. */
    workPlanId: z.string(),
    /** The employee's direct superior (NIP), if any. */
    superiorId: z.string().nullable(),
    /** The superior's plan in the same period, if any. */
    superiorPlanId: z.string().nullable(),
    /** Whether the core found no issue. */
    consistent: z.boolean(),
    /** The issues, each naming the plan, result and path. */
    issues: z.array(CascadeIssueSchema),
  })
  .meta({ id: "CascadeReport" });

/** An amendment of an approved plan. */
export const AmendmentViewSchema = z.object({
  /** Amendment id. */
  id: z.string(),
  /** Who amended. */
  actorId: z.string(),
  /** Why. */
  reason: z.string(),
  /** When. */
  at: z.string(),
  /** The plan before. */
  before: z.record(z.string(), z.unknown()),
  /** The plan after. */
  after: z.record(z.string(), z.unknown()),
});

const WorkPlanParamsSchema = z.object({ workPlanId: z.string().min(1).max(64) });
const VersionField = {
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The plan version the change is based on (or send If-Match)"),
};

/** The body of `POST /v1/work-plans`. */
export const DraftWorkPlanBodySchema = z
  .strictObject({
    /** The period. */
    periodId: z.string().min(1).max(64),
    /** The employee (defaults to the token's subject; only the employee drafts their own plan). */
    employeeId: z.string().min(1).max(64).optional(),
    /** The plan. */
    plan: WorkPlanSchema,
  })
  .meta({ id: "DraftWorkPlan" });

/** The period states in which plans may be drafted, edited, submitted, reviewed and amended. */
export const PLAN_CHANGE_PERIOD_STATES: readonly PeriodState[] = ["DRAFT", "PLANNING", "EXECUTION"];

/**
 * The period states in which an approved plan may still be amended with a reason, and the
 * amended plan reviewed again, so that a plan that cannot be evaluated is fixed instead of
 * blocking the period: ASSESSMENT and REOPENED (not while the employee's assessment is final).
 */
export const PLAN_AMENDMENT_PERIOD_STATES: readonly PeriodState[] = ["ASSESSMENT", "REOPENED"];

/**
 * The plan events allowed in {@link PLAN_AMENDMENT_PERIOD_STATES}: the amendment and the review
 * round it starts. REJECT is not among them: no new plan can be drafted then, so the superior
 * asks for a revision instead.
 */
export const PLAN_AMENDMENT_EVENTS: readonly WorkPlanEventType[] = [
  "AMEND",
  "SUBMIT",
  "APPROVE",
  "REQUEST_REVISION",
  "EDIT",
];

/** The events that hand a plan on for evaluation: each refuses a plan with problems (422 WORK_PLAN_INVALID). */
const CHECKED_EVENTS: readonly WorkPlanEventType[] = ["SUBMIT", "APPROVE", "AMEND"];

/** Result-linkage issues that block a submission (plans that intervene a superior's result must do so correctly). */
const LINKAGE_CODES = new Set([
  "PARENT_NOT_FOUND",
  "NO_SUPERIOR",
  "PARENT_NOT_IN_SUPERIOR_PLAN",
  "PARENT_CYCLE",
  "DUPLICATE_RESULT_ID",
]);

function storedPlan(row: WorkPlanRow): WorkPlan {
  return WorkPlanSchema.parse(row.plan);
}

/**
 * The stored review as returned. Reviews stored before 0.2 kept an approval's comment as
 * `reason`; it is returned as `comment`, the name the approval takes.
 */
function reviewView(
  review: z.infer<typeof WorkPlanReviewSchema> | null,
): z.infer<typeof WorkPlanReviewSchema> | null {
  if (review === null || review.decision !== "APPROVED" || review.reason === undefined) return review;
  const { reason, ...rest } = review;
  return { ...rest, comment: rest.comment ?? reason };
}

/** The work plan view of a row. */
export function workPlanView(row: WorkPlanRow): WorkPlanView {
  const state = row.state as WorkPlanState;
  const review = reviewView(row.review as z.infer<typeof WorkPlanReviewSchema> | null);
  const plan = storedPlan(row);
  return {
    id: row.id,
    periodId: row.period_id,
    employeeId: row.employee_id,
    state,
    plan,
    problems: checkWorkPlan(plan),
    review,
    allowedEvents: allowedWorkPlanEvents(state),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function normalisedPlan(plan: WorkPlan, id: string, employeeId: string): WorkPlan {
  if (plan.employeeId !== undefined && plan.employeeId !== employeeId) {
    throw validationError([
      {
        path: ["plan", "employeeId"],
        message: `the plan belongs to ${employeeId}, not ${plan.employeeId}`,
        code: "custom",
      },
    ]);
  }
  return { ...plan, id, employeeId };
}

function assertPeriodOpenForPlans(period: PeriodRow, event: WorkPlanEventType | "DRAFT"): void {
  const state = period.state as PeriodState;
  if (PLAN_CHANGE_PERIOD_STATES.includes(state)) return;
  const amending = PLAN_AMENDMENT_PERIOD_STATES.includes(state);
  if (amending && event !== "DRAFT" && PLAN_AMENDMENT_EVENTS.includes(event)) return;
  const hint = amending
    ? event === "REJECT"
      ? "; ask for a revision instead: no new plan can be drafted now"
      : `; while it is ${state} an approved plan may only be amended (${PLAN_AMENDMENT_EVENTS.join(", ")})`
    : "";
  throw new KinerjaError(
    "ILLEGAL_TRANSITION",
    `work plan: ${event} is not possible while period ${period.id} is ${period.state} (only in ${PLAN_CHANGE_PERIOD_STATES.join(", ")})${hint}`,
    { details: { machine: "period", from: period.state, event, guard: "PERIOD_NOT_OPEN_FOR_PLANS" } },
  );
}

/** Refuses to amend a plan whose employee's assessment in the period is final: it must be reopened first. */
async function assertAssessmentOpen(tx: Tx, row: WorkPlanRow): Promise<void> {
  const assessment = await findAssessment(tx, row.agency_id, row.period_id, row.employee_id);
  if (assessment?.status !== "FINAL") return;
  throw new KinerjaError(
    "CONFLICT",
    `work plan ${row.id}: the assessment of ${row.employee_id} in period ${row.period_id} is final and was evaluated on this plan; reopen the assessment (with a reason) before amending the plan`,
    { details: { workPlanId: row.id, employeeId: row.employee_id, assessmentStatus: "FINAL" } },
  );
}

/**
 * Refuses a plan that cannot be evaluated (422 WORK_PLAN_INVALID naming each problem), by the
 * core's `checkWorkPlan` — the same check the engine runs — with the realisations recorded so far.
 */
async function assertEvaluable(tx: Tx, row: WorkPlanRow, plan: WorkPlan, period: PeriodRow): Promise<void> {
  const recorded = await tx
    .selectFrom("realizations")
    .select(["indicator_id", "sub_period"])
    .where("work_plan_id", "=", row.id)
    .orderBy("indicator_id")
    .orderBy("sub_period")
    .execute();
  assertWorkPlan(plan, {
    realizations: recorded.map((r) => ({ indicatorId: r.indicator_id, subPeriod: r.sub_period })),
    period: corePeriod(period),
    label: `work plan ${row.id}`,
  });
}

/** The cascade of a plan: its own plan and its direct superior's live plan in the same period, checked by the core. */
async function cascadeOf(
  tx: Tx,
  row: WorkPlanRow,
  plan: WorkPlan,
  options: { requireParent?: boolean } = {},
): Promise<z.infer<typeof CascadeReportSchema>> {
  const employee = await loadEmployee(tx, row.agency_id, row.employee_id);
  const superiorId = employee.supervisor_id;
  const superior =
    superiorId === null
      ? undefined
      : await tx
          .selectFrom("work_plans")
          .selectAll()
          .where("agency_id", "=", row.agency_id)
          .where("period_id", "=", row.period_id)
          .where("employee_id", "=", superiorId)
          .where("state", "<>", "REJECTED")
          .executeTakeFirst();
  const plans: CascadePlan[] = [];
  if (superior !== undefined)
    plans.push({ ...storedPlan(superior), id: superior.id, employeeId: superior.employee_id });
  plans.push({ ...plan, id: row.id, employeeId: row.employee_id });
  const lines: ReportingLine[] =
    superiorId === null ? [] : [{ employeeId: row.employee_id, supervisorId: superiorId }];
  const issues: CascadeIssue[] = checkCascade(
    plans,
    lines,
    options.requireParent === true ? { requireParent: true } : {},
  );
  return {
    workPlanId: row.id,
    superiorId,
    superiorPlanId: superior?.id ?? null,
    consistent: issues.length === 0,
    issues,
  };
}

/** Refuses a submission whose results intervene the superior's results wrongly (CASCADE_INVALID, 422). */
async function assertCascadeForSubmit(tx: Tx, row: WorkPlanRow, plan: WorkPlan): Promise<void> {
  const intervenes = plan.results.some((r) => r.parentResultId !== undefined);
  if (!intervenes) return;
  const report = await cascadeOf(tx, row, plan);
  const blocking = report.issues.filter(
    (i) => LINKAGE_CODES.has(i.code) && (i.planId === undefined || i.planId === row.id),
  );
  if (blocking.length === 0) return;
  throw new KinerjaError(
    "CASCADE_INVALID",
    `work plan ${row.id}: ${blocking.map((i) => i.message).join("; ")}`,
    {
      details: { issues: blocking },
    },
  );
}

interface Step {
  action: Action;
  type: WorkPlanEventType;
  reason?: string;
  comment?: string;
  plan?: WorkPlan;
}

function eventOf(step: Step, row: WorkPlanRow, base: { actorId: string; at: string }): WorkPlanEvent {
  switch (step.type) {
    case "EDIT":
      return { type: "EDIT", ...base };
    case "SUBMIT":
      return row.state === "REVISION_REQUESTED"
        ? { type: "SUBMIT", ...base, changed: row.edited_since_review }
        : { type: "SUBMIT", ...base };
    case "APPROVE":
      return { type: "APPROVE", ...base, ...(step.comment === undefined ? {} : { comment: step.comment }) };
    case "REQUEST_REVISION":
      return { type: "REQUEST_REVISION", ...base, reason: step.reason ?? "" };
    case "REJECT":
      return { type: "REJECT", ...base, reason: step.reason ?? "" };
    case "AMEND":
      return { type: "AMEND", ...base, reason: step.reason ?? "" };
  }
}

/**
 * Applies one work plan workflow event in a transaction: loads the plan in the actor's agency
 * (404 otherwise), authorizes with the reporting lines, checks the version, asks the core for
 * the transition, runs its effects (review, amendment record) and writes audit + outbox.
 */
async function applyStep(
  deps: RouteDeps,
  actor: Actor,
  workPlanId: string,
  expected: number | undefined,
  step: Step,
): Promise<WorkPlanView> {
  const agencyId = actor.agencyId;
  return inTransaction(deps.database, async (tx) => {
    const row = await loadWorkPlan(tx, agencyId, workPlanId, { forUpdate: true });
    const chain = await supervisorChain(tx, agencyId, row.employee_id);
    authorize(
      actor,
      step.action,
      { kind: "workPlan", agencyId, ownerId: row.employee_id, supervisorChain: chain },
      deps.policy,
    );
    assertVersion({ entity: "work plan", id: row.id, current: row.version, expected });
    const period = await loadPeriod(tx, agencyId, row.period_id);
    assertPeriodOpenForPlans(period, step.type);
    const at = deps.clock();
    const base = { actorId: actor.id, at: at.toISOString() };
    const from = row.state as WorkPlanState;
    const result = transitionWorkPlan(from, eventOf(step, row, base));
    const before = storedPlan(row);
    const plan = step.plan === undefined ? before : normalisedPlan(step.plan, row.id, row.employee_id);
    if (step.type === "AMEND") await assertAssessmentOpen(tx, row);
    if (CHECKED_EVENTS.includes(step.type)) await assertEvaluable(tx, row, plan, period);
    if (step.type === "SUBMIT" || step.type === "AMEND") await assertCascadeForSubmit(tx, row, plan);
    const review = result.effects.find((e) => e.type === "RECORD_REVIEW");
    const amendment = result.effects.find((e) => e.type === "RECORD_AMENDMENT");
    const edited =
      step.type === "EDIT"
        ? true
        : review !== undefined || amendment !== undefined
          ? false
          : row.edited_since_review;
    const updated = await tx
      .updateTable("work_plans")
      .set({
        state: result.state,
        ...(step.plan === undefined ? {} : { plan: json(plan as unknown as Record<string, unknown>) }),
        edited_since_review: edited,
        ...(review === undefined
          ? {}
          : {
              review: json({
                decision: review.decision,
                ...(review.reason === undefined ? {} : { reason: review.reason }),
                ...(review.comment === undefined ? {} : { comment: review.comment }),
                actorId: review.actorId,
                at: review.at,
              }),
            }),
        version: row.version + 1,
        updated_at: at,
      })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (amendment !== undefined) {
      await tx
        .insertInto("work_plan_amendments")
        .values({
          id: deps.newId(),
          agency_id: agencyId,
          work_plan_id: row.id,
          actor_id: actor.id,
          reason: amendment.reason,
          before: json(before as unknown as Record<string, unknown>),
          after: json(plan as unknown as Record<string, unknown>),
          created_at: at,
        })
        .execute();
    }
    const effects = result.effects.map((e) => e.type);
    await recordChange(tx, {
      agencyId,
      actor: auditActor(actor),
      at,
      action: `work_plan.${step.type.toLowerCase()}`,
      entityType: "work_plan",
      entityId: row.id,
      before: { state: from, ...(step.plan === undefined ? {} : { plan: before }) },
      after: { state: result.state, ...(step.plan === undefined ? {} : { plan }) },
      details: { event: step.type, effects, ...(step.reason === undefined ? {} : { reason: step.reason }) },
      event: {
        id: deps.newId(),
        type: WORK_PLAN_DOMAIN_EVENTS[step.type],
        payload: {
          workPlanId: row.id,
          periodId: row.period_id,
          employeeId: row.employee_id,
          from,
          to: result.state,
          event: step.type,
        },
      },
    });
    return workPlanView(updated);
  });
}

/**
 * Work plans (SKP): the employee drafts, edits and submits their own plan; their direct superior
 * (from the reporting lines) approves, asks for a revision or rejects it; an approved plan
 * changes only by a recorded amendment with a reason, which goes back to the superior. Every
 * plan is checked when written by the core's `checkWorkPlan`, the check the engine runs: a draft
 * may be saved with problems (listed in `problems`), while submitting, approving and amending
 * refuse it (422 WORK_PLAN_INVALID naming each problem). A plan whose results intervene
 * (`parentResultId`) its superior's results is checked against the superior's plan by the
 * core's cascade check on submission (422 CASCADE_INVALID). Plans change while the period is
 * DRAFT, PLANNING or EXECUTION; during ASSESSMENT or REOPENED an approved plan may still be
 * amended with a reason and reviewed again, unless the employee's assessment is final.
 */
export const workPlanRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.post(
    "/work-plans",
    {
      config: { action: "workPlan.draft" },
      schema: {
        tags: ["work plans"],
        summary: "Draft your work plan for a period",
        description:
          "Only the employee drafts their own plan; one live plan per employee and period (409 otherwise). A draft may be incomplete: `problems` lists why it cannot be evaluated yet (weights, duplicate ids, …); submitting refuses it until they are fixed (422 WORK_PLAN_INVALID). Accepts an Idempotency-Key.",
        headers: CreateHeadersSchema,
        body: DraftWorkPlanBodySchema,
        response: { 201: WorkPlanViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const body = request.body;
      const employeeId = body.employeeId ?? actor.id;
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: "POST /v1/work-plans",
        request: { body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          await loadEmployee(tx, agencyId, employeeId);
          const chain = await supervisorChain(tx, agencyId, employeeId);
          authorize(
            actor,
            "workPlan.draft",
            { kind: "workPlan", agencyId, ownerId: employeeId, supervisorChain: chain },
            deps.policy,
          );
          const period = await loadPeriod(tx, agencyId, body.periodId);
          assertPeriodOpenForPlans(period, "DRAFT");
          const at = deps.clock();
          const id = deps.newId();
          const plan = normalisedPlan(body.plan, id, employeeId);
          const row = await tx
            .insertInto("work_plans")
            .values({
              id,
              agency_id: agencyId,
              period_id: period.id,
              employee_id: employeeId,
              state: "DRAFT",
              plan: json(plan as unknown as Record<string, unknown>),
              edited_since_review: false,
              review: null,
              version: 1,
              created_at: at,
              updated_at: at,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordChange(tx, {
            agencyId,
            actor: auditActor(actor),
            at,
            action: "work_plan.draft",
            entityType: "work_plan",
            entityId: id,
            after: { state: "DRAFT", plan },
            event: {
              id: deps.newId(),
              type: "workPlan.drafted",
              payload: { workPlanId: id, periodId: period.id, employeeId },
            },
          });
          return { statusCode: 201, body: workPlanView(row) };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/work-plans",
    {
      config: { action: "workPlan.read" },
      schema: {
        tags: ["work plans"],
        summary: "List work plans (one employee's: the employee and superiors; all: HR_ADMIN, AUDITOR)",
        querystring: PageQuerySchema.extend({
          periodId: z.string().min(1).max(64).optional(),
          employeeId: z.string().min(1).max(64).optional(),
          state: WorkPlanStateSchema.optional(),
        }),
        response: { 200: pageOf(WorkPlanViewSchema), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const { limit, cursor, periodId, employeeId, state } = request.query;
      return inTransaction(deps.database, async (tx) => {
        if (employeeId === undefined) {
          authorize(actor, "workPlan.read", { kind: "workPlan", agencyId }, deps.policy);
        } else {
          await loadEmployee(tx, agencyId, employeeId);
          const chain = await supervisorChain(tx, agencyId, employeeId);
          authorize(
            actor,
            "workPlan.read",
            { kind: "workPlan", agencyId, ownerId: employeeId, supervisorChain: chain },
            deps.policy,
          );
        }
        let query = tx.selectFrom("work_plans").selectAll().where("agency_id", "=", agencyId);
        if (periodId !== undefined) query = query.where("period_id", "=", periodId);
        if (employeeId !== undefined) query = query.where("employee_id", "=", employeeId);
        if (state !== undefined) query = query.where("state", "=", state);
        if (cursor !== undefined) query = query.where("id", ">", cursor);
        const rows = await query
          .orderBy("id")
          .limit(limit + 1)
          .execute();
        const page = rows.slice(0, limit);
        return {
          items: page.map(workPlanView),
          nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
        };
      });
    },
  );

  app.get(
    "/work-plans/:workPlanId",
    {
      config: { action: "workPlan.read" },
      schema: {
        tags: ["work plans"],
        summary: "Read a work plan (the employee, their superiors, HR_ADMIN, AUDITOR)",
        params: WorkPlanParamsSchema,
        response: { 200: WorkPlanViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const view = await inTransaction(deps.database, async (tx) => {
        const row = await loadWorkPlan(tx, agencyId, request.params.workPlanId);
        const chain = await supervisorChain(tx, agencyId, row.employee_id);
        authorize(
          actor,
          "workPlan.read",
          { kind: "workPlan", agencyId, ownerId: row.employee_id, supervisorChain: chain },
          deps.policy,
        );
        return workPlanView(row);
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.put(
    "/work-plans/:workPlanId",
    {
      config: { action: "workPlan.edit" },
      schema: {
        tags: ["work plans"],
        summary: "Edit your plan while it is DRAFT or REVISION_REQUESTED",
        params: WorkPlanParamsSchema,
        headers: UpdateHeadersSchema,
        body: z.strictObject({ plan: WorkPlanSchema, ...VersionField }),
        response: { 200: WorkPlanViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers["if-match"], request.body.version);
      const view = await applyStep(deps, request.actor, request.params.workPlanId, expected, {
        action: "workPlan.edit",
        type: "EDIT",
        plan: request.body.plan,
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  const simple = (
    path: string,
    action: Action,
    type: WorkPlanEventType,
    summary: string,
    body: z.ZodType<
      { version?: number | undefined; reason?: string | undefined; comment?: string | undefined } | undefined
    >,
  ) =>
    app.post(
      `/work-plans/:workPlanId/${path}`,
      {
        config: { action },
        schema: {
          tags: ["work plans"],
          summary,
          params: WorkPlanParamsSchema,
          headers: UpdateHeadersSchema,
          body,
          response: { 200: WorkPlanViewSchema, ...ERROR_RESPONSES, ...errorResponses(422) },
        },
      },
      async (request, reply) => {
        const input = (request.body ?? {}) as { version?: number; reason?: string; comment?: string };
        const expected = expectedVersion(request.headers["if-match"], input.version);
        const view = await applyStep(deps, request.actor, request.params.workPlanId, expected, {
          action,
          type,
          ...(input.reason === undefined ? {} : { reason: input.reason }),
          ...(input.comment === undefined ? {} : { comment: input.comment }),
        });
        withEtag(reply, view.version);
        return view;
      },
    );

  const Reason = z.string().trim().min(1, "a reason is required").max(4000);
  simple(
    "submit",
    "workPlan.submit",
    "SUBMIT",
    "Submit your plan to your direct superior",
    z.strictObject({ ...VersionField }).optional(),
  );
  simple(
    "approve",
    "workPlan.approve",
    "APPROVE",
    "Approve a submitted plan (the direct superior only)",
    z.strictObject({ comment: z.string().trim().max(4000).optional(), ...VersionField }).optional(),
  );
  simple(
    "request-revision",
    "workPlan.requestRevision",
    "REQUEST_REVISION",
    "Ask for a revision, with a reason (the direct superior only)",
    z.strictObject({ reason: Reason, ...VersionField }),
  );
  simple(
    "reject",
    "workPlan.reject",
    "REJECT",
    "Reject a submitted plan, with a reason (the direct superior only)",
    z.strictObject({ reason: Reason, ...VersionField }),
  );

  app.post(
    "/work-plans/:workPlanId/amendments",
    {
      config: { action: "workPlan.amend" },
      schema: {
        tags: ["work plans"],
        summary: "Amend an approved plan, with a reason (recorded; goes back to the superior for approval)",
        description:
          "Allowed while the period is DRAFT, PLANNING or EXECUTION, and also during ASSESSMENT or REOPENED (so that a plan that cannot be evaluated is fixed) unless the employee's assessment is final (409: reopen it first). The amended plan must be one the engine can evaluate, with the realisations recorded so far (422 WORK_PLAN_INVALID naming each problem).",
        params: WorkPlanParamsSchema,
        headers: UpdateHeadersSchema,
        body: z.strictObject({ reason: Reason, plan: WorkPlanSchema, ...VersionField }),
        response: { 200: WorkPlanViewSchema, ...ERROR_RESPONSES, ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers["if-match"], request.body.version);
      const view = await applyStep(deps, request.actor, request.params.workPlanId, expected, {
        action: "workPlan.amend",
        type: "AMEND",
        reason: request.body.reason,
        plan: request.body.plan,
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.get(
    "/work-plans/:workPlanId/amendments",
    {
      config: { action: "workPlan.read" },
      schema: {
        tags: ["work plans"],
        summary: "The amendments of a plan, oldest first",
        params: WorkPlanParamsSchema,
        response: { 200: z.object({ items: z.array(AmendmentViewSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      return inTransaction(deps.database, async (tx) => {
        const row = await loadWorkPlan(tx, agencyId, request.params.workPlanId);
        const chain = await supervisorChain(tx, agencyId, row.employee_id);
        authorize(
          actor,
          "workPlan.read",
          { kind: "workPlan", agencyId, ownerId: row.employee_id, supervisorChain: chain },
          deps.policy,
        );
        const rows = await tx
          .selectFrom("work_plan_amendments")
          .selectAll()
          .where("work_plan_id", "=", row.id)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        return {
          items: rows.map((a) => ({
            id: a.id,
            actorId: a.actor_id,
            reason: a.reason,
            at: iso(a.created_at),
            before: a.before,
            after: a.after,
          })),
        };
      });
    },
  );

  app.get(
    "/work-plans/:workPlanId/cascade",
    {
      config: { action: "workPlan.read" },
      schema: {
        tags: ["work plans"],
        summary: "Check the plan's cascade against the direct superior's plan",
        description:
          "Runs the core's cascade check on the plan and the superior's live plan in the same period. `requireParent=true` also reports main results that intervene nothing.",
        params: WorkPlanParamsSchema,
        querystring: z.strictObject({
          requireParent: z
            .enum(["true", "false"])
            .default("false")
            .transform((v) => v === "true"),
        }),
        response: { 200: CascadeReportSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      return inTransaction(deps.database, async (tx) => {
        const row = await loadWorkPlan(tx, agencyId, request.params.workPlanId);
        const chain = await supervisorChain(tx, agencyId, row.employee_id);
        authorize(
          actor,
          "workPlan.read",
          { kind: "workPlan", agencyId, ownerId: row.employee_id, supervisorChain: chain },
          deps.policy,
        );
        return cascadeOf(tx, row, storedPlan(row), { requireParent: request.query.requireParent });
      });
    },
  );
};

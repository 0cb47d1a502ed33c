import { createHash, randomBytes } from "node:crypto";
import { type Actor, authorize, KinerjaError, RatingSchema, sortedSum, validationError } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  ASSESSMENT_STATES,
  AssessmentViewSchema,
  assessmentView,
  cycleDb,
  employeeResource,
  FEEDBACK_STATES,
  findAssessment,
  PeriodEmployeeParamsSchema,
  requirePeriodState,
} from "../cycle";
import type { FeedbackRequestRow } from "../cycle-tables";
import type { RouteDeps } from "../deps";
import {
  addAnswer,
  closeAndRecordRounds,
  ensureRound,
  findRound,
  type Round,
  requireOpenRound,
  roundsOf,
} from "../feedback-rounds";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  json,
  loadEmployee,
  loadPeriod,
  notFound,
  recordChange,
  type Tx,
  withIdempotency,
} from "../storage/index";
import { loadOne } from "../storage/records";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  errorResponses,
  iso,
  sendStored,
  UpdateHeadersSchema,
  withEtag,
} from "./record-support";

/** Sources that answer through a feedback request; all of them are anonymous. */
export const FeedbackRequestSourceSchema = z.enum(["PEER", "SUBORDINATE", "PUBLIC"]);

const IdSchema = z.string().trim().min(1).max(64);
const AspectCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "expected an aspect code such as BERORIENTASI_PELAYANAN");

/**
 * An anonymous answer: ratings and behaviour scores only. No rater id, and no free text (it
 * could not be shown without showing one person's answer). Unknown keys are refused.
 */
export const FeedbackAnswerSchema = z
  .strictObject({
    /** Rating hasil kerja. */
    resultRating: RatingSchema.optional(),
    /** Rating perilaku kerja. */
    behaviourRating: RatingSchema.optional(),
    /** Scores by aspect (the rule package's aspect codes). */
    behaviour: z.record(AspectCodeSchema, z.number().finite().min(0).max(1000)).default({}),
  })
  .refine(
    (a) =>
      a.resultRating !== undefined || a.behaviourRating !== undefined || Object.keys(a.behaviour).length > 0,
    {
      message: "give at least a rating or one behaviour score",
      path: ["behaviour"],
    },
  )
  .meta({ id: "FeedbackAnswer" });

const CreateRequestBodySchema = z
  .strictObject({
    /** The employee the feedback is about. */
    employeeId: IdSchema,
    /** PEER, SUBORDINATE or PUBLIC. */
    source: FeedbackRequestSourceSchema,
    /** The raters asked (PEER and SUBORDINATE; one request each). */
    raterIds: z.array(IdSchema).min(1).max(100).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.source === "PUBLIC" && body.raterIds !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["raterIds"],
        message: "public feedback has no named raters; issue links instead",
      });
    }
    if (body.source !== "PUBLIC" && body.raterIds === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["raterIds"],
        message: `${body.source} feedback needs the raters to ask`,
      });
    }
    if (body.raterIds !== undefined && new Set(body.raterIds).size !== body.raterIds.length) {
      ctx.addIssue({ code: "custom", path: ["raterIds"], message: "a rater is listed twice" });
    }
  });

const FeedbackRequestViewSchema = z
  .object({
    /** Request id. */
    id: z.string(),
    /** Period id. */
    periodId: z.string(),
    /** The employee the feedback is about. */
    employeeId: z.string(),
    /** PEER, SUBORDINATE or PUBLIC. */
    source: FeedbackRequestSourceSchema,
    /** The rater asked (null for PUBLIC). */
    raterId: z.string().nullable(),
    /** OPEN while it takes an answer; CLOSED when closed (on its own or with its round). */
    state: z.enum(["OPEN", "CLOSED"]),
    /**
     * Whether the named rater answered (participation, never content): shown to the rater and to
     * HR; null for everyone else and for PUBLIC requests. Answering changes neither the version
     * nor any time, so nothing else tells.
     */
    answered: z.boolean().nullable(),
    /** Who asked. */
    requestedBy: z.string(),
    /** Optimistic-concurrency version. */
    version: z.number().int(),
    /** When asked. */
    createdAt: z.string(),
  })
  .meta({ id: "FeedbackRequest" });

/** Whether `viewer` may learn that the request's rater answered: the rater, or HR (not about themselves). */
function seesParticipation(row: FeedbackRequestRow, viewer: Actor): boolean {
  if (row.rater_id === null) return false;
  if (row.rater_id === viewer.id) return true;
  return viewer.roles.includes("HR_ADMIN") && viewer.id !== row.employee_id;
}

function requestView(row: FeedbackRequestRow, viewer: Actor): z.infer<typeof FeedbackRequestViewSchema> {
  return {
    id: row.id,
    periodId: row.period_id,
    employeeId: row.employee_id,
    source: FeedbackRequestSourceSchema.parse(row.source),
    raterId: row.rater_id,
    state: row.state === "CLOSED" ? "CLOSED" : "OPEN",
    answered: seesParticipation(row, viewer) ? row.answered : null,
    requestedBy: row.requested_by,
    version: row.version,
    createdAt: iso(row.created_at),
  };
}

const RatingCountsSchema = z.object({
  DI_ATAS_EKSPEKTASI: z.number().int(),
  SESUAI_EKSPEKTASI: z.number().int(),
  DI_BAWAH_EKSPEKTASI: z.number().int(),
});

const AggregateSchema = z
  .object({
    /** Period id. */
    periodId: z.string(),
    /** The employee. */
    employeeId: z.string(),
    /** The source aggregated. */
    source: z.string(),
    /** How many answers the aggregate is made of (at least the threshold). */
    answers: z.number().int(),
    /** The anonymity threshold k (unverified default 3). */
    threshold: z.number().int(),
    /** How many answers gave each rating hasil kerja. */
    resultRating: RatingCountsSchema,
    /** How many answers gave each rating perilaku kerja. */
    behaviourRating: RatingCountsSchema,
    /** Mean score per aspect, for aspects scored by at least k answers (others are left out). */
    behaviour: z.record(z.string(), z.object({ mean: z.number(), answers: z.number().int() })),
  })
  .meta({ id: "FeedbackAggregate" });

const RoundViewSchema = z
  .object({
    /** Period id. */
    periodId: z.string(),
    /** The employee. */
    employeeId: z.string(),
    /** The source. */
    source: FeedbackRequestSourceSchema,
    /** OPEN while it takes answers; CLOSED for good. */
    state: z.enum(["OPEN", "CLOSED"]),
    /** How many answered: null while the round is open (counts are learned only at release). */
    answers: z.number().int().nullable(),
    /** Whether the aggregate was released (closed with at least k answers). */
    released: z.boolean(),
    /** The anonymity threshold k. */
    threshold: z.number().int(),
  })
  .meta({ id: "FeedbackRound" });

const OverviewSchema = z
  .object({
    /** Period id. */
    periodId: z.string(),
    /** The employee. */
    employeeId: z.string(),
    /** The anonymity threshold k. */
    threshold: z.number().int(),
    /**
     * Per source: how many requests (open ones too), the round's state, and — once the round is
     * closed — how many answered and whether the aggregate was released.
     */
    sources: z.array(
      z.object({
        source: z.string(),
        requests: z.number().int(),
        openRequests: z.number().int(),
        state: z.enum(["OPEN", "CLOSED"]),
        answers: z.number().int().nullable(),
        released: z.boolean(),
      }),
    ),
  })
  .meta({ id: "FeedbackOverview" });

const SupervisorAssessmentBodySchema = z
  .strictObject({
    /** Rating hasil kerja. */
    resultRating: RatingSchema.nullable().optional(),
    /** Rating perilaku kerja. */
    behaviourRating: RatingSchema.nullable().optional(),
    /** Behaviour scores by aspect (the rule package's aspect codes). */
    behaviour: z.record(AspectCodeSchema, z.number().finite()).optional(),
    /** Why the rating departs from the suggested one. */
    justification: z.string().trim().max(4000).nullable().optional(),
    /** Comments for the employee. */
    comments: z.string().trim().max(4000).nullable().optional(),
    /** The version you changed (or send If-Match). */
    version: z.number().int().min(1).optional(),
  })
  .meta({ id: "SupervisorAssessmentInput" });

const LinksBodySchema = z.strictObject({
  /** How many one-time links (1–500, default 1). */
  count: z.number().int().min(1).max(500).default(1),
  /** Days until the links expire (1–180, default 30). */
  expiresInDays: z.number().int().min(1).max(180).default(30),
});

const TokenParamsSchema = z.object({
  /** The token of a one-time public feedback link. */
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "expected the token of a feedback link"),
});

function roundView(
  key: { periodId: string; employeeId: string; source: string },
  round: Round | undefined,
  k: number,
): z.infer<typeof RoundViewSchema> {
  const closed = round?.state === "CLOSED";
  return {
    periodId: key.periodId,
    employeeId: key.employeeId,
    source: FeedbackRequestSourceSchema.parse(key.source),
    state: closed ? "CLOSED" : "OPEN",
    answers: closed ? (round?.answerCount ?? 0) : null,
    released: round?.released ?? false,
    threshold: k,
  };
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

async function loadRequest(
  tx: Tx,
  agencyId: string,
  id: string,
  forUpdate = false,
): Promise<FeedbackRequestRow> {
  return loadOne(
    cycleDb(tx)
      .selectFrom("feedback_requests")
      .selectAll()
      .where("agency_id", "=", agencyId)
      .where("id", "=", id),
    "feedback request",
    id,
    { forUpdate },
  );
}

async function checkRater(
  tx: Tx,
  agencyId: string,
  subject: { id: string; supervisor_id: string | null },
  source: "PEER" | "SUBORDINATE",
  raterId: string,
  index: number,
): Promise<void> {
  const issue = (message: string) =>
    validationError([{ path: ["raterIds", index], message, code: "invalid_rater" }]);
  if (raterId === subject.id) throw issue("nobody gives anonymous feedback about themselves");
  const rater = await tx
    .selectFrom("employees")
    .select(["id", "supervisor_id"])
    .where("agency_id", "=", agencyId)
    .where("id", "=", raterId)
    .executeTakeFirst();
  if (rater === undefined) throw issue(`no employee ${raterId} in this agency`);
  if (source === "SUBORDINATE" && rater.supervisor_id !== subject.id) {
    throw issue(`${raterId} does not report to ${subject.id}`);
  }
  if (source === "PEER" && (rater.supervisor_id === subject.id || subject.supervisor_id === raterId)) {
    throw issue(
      `${raterId} is in ${subject.id}'s direct reporting line: ask as SUBORDINATE, or not at all (the superior assesses)`,
    );
  }
}

/**
 * Feedback: the supervisor's assessment, feedback requests to peers, subordinates and the
 * public, anonymous answers (a named rater through the request, the public through a one-time
 * link), and aggregates shown only from k answers (the core policy's `feedback.readAggregate`).
 */
export const feedbackRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const k = deps.policy.minAnonymousAnswers;
  const policy = { minAnonymousAnswers: k };

  app.put(
    "/periods/:periodId/assessments/:employeeId",
    {
      config: { action: "assessment.finalise" },
      schema: {
        tags: ["feedback"],
        summary: "Write the supervisor's assessment (ratings, behaviour, justification)",
        description:
          "The direct superior (pejabat penilai kinerja) writes the assessment of a subordinate while the period is in ASSESSMENT (or CALIBRATION/REOPENED after a reopening). The body replaces the draft: fields left out become empty. A FINAL assessment cannot be changed (409): it must be reopened first. Updates take `If-Match` or `version`.",
        params: PeriodEmployeeParamsSchema,
        headers: UpdateHeadersSchema,
        body: SupervisorAssessmentBodySchema,
        response: {
          200: AssessmentViewSchema,
          201: AssessmentViewSchema,
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      const body = request.body;
      const expected = expectedVersion(request.headers["if-match"], body.version);
      const now = deps.clock();
      const { view, created } = await inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(actor, "assessment.finalise", await employeeResource(tx, "assessment", employee), policy);
        requirePeriodState(period, ASSESSMENT_STATES, "writing an assessment");
        const existing = await findAssessment(tx, actor.agencyId, periodId, employeeId, { forUpdate: true });
        const fields = {
          rater_id: actor.id,
          result_rating: body.resultRating ?? null,
          behaviour_rating: body.behaviourRating ?? null,
          behaviour: json(body.behaviour ?? {}),
          justification: body.justification || null,
          comments: body.comments || null,
          updated_at: now,
        };
        const db = cycleDb(tx);
        if (existing === undefined) {
          const row = await db
            .insertInto("assessments")
            .values({
              id: deps.newId(),
              agency_id: actor.agencyId,
              period_id: periodId,
              employee_id: employeeId,
              status: "DRAFT",
              version: 1,
              created_at: now,
              ...fields,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const after = assessmentView(row);
          await recordChange(tx, {
            agencyId: actor.agencyId,
            actor: auditActor(actor),
            at: now,
            action: "assessment.draft",
            entityType: "assessment",
            entityId: row.id,
            after,
            event: {
              id: deps.newId(),
              type: "assessment.drafted",
              payload: { assessmentId: row.id, periodId, employeeId, status: "DRAFT" },
            },
          });
          return { view: after, created: true };
        }
        if (existing.status === "FINAL") {
          throw new KinerjaError(
            "CONFLICT",
            `the assessment of ${employeeId} in period ${periodId} is final; it must be reopened (with a reason) before it changes`,
            { details: { assessmentId: existing.id, status: existing.status } },
          );
        }
        assertVersion({ entity: "assessment", id: existing.id, current: existing.version, expected });
        const row = await db
          .updateTable("assessments")
          .set({ ...fields, version: existing.version + 1 })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = assessmentView(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "assessment.edit",
          entityType: "assessment",
          entityId: row.id,
          before: assessmentView(existing),
          after,
          event: {
            id: deps.newId(),
            type: "assessment.edited",
            payload: { assessmentId: row.id, periodId, employeeId, status: "DRAFT", version: row.version },
          },
        });
        return { view: after, created: false };
      });
      withEtag(reply, view.version);
      return reply.code(created ? 201 : 200).send(view);
    },
  );

  app.post(
    "/periods/:periodId/feedback-requests",
    {
      config: { action: "feedback.request" },
      schema: {
        tags: ["feedback"],
        summary: "Ask peers, subordinates or the public for feedback about an employee",
        description:
          "PEER and SUBORDINATE requests name their raters (one request each; a subordinate must report to the employee, a peer must not be in their direct reporting line). A PUBLIC request issues one-time links (`POST /v1/feedback-requests/{id}/links`). Answers are anonymous. Open while the period is in EXECUTION or ASSESSMENT. Accepts `Idempotency-Key`.",
        params: z.object({ periodId: IdSchema }),
        headers: CreateHeadersSchema,
        body: CreateRequestBodySchema,
        response: {
          201: z.object({ requests: z.array(FeedbackRequestViewSchema) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId } = request.params;
      const body = request.body;
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: `POST ${request.routeOptions.url}`,
        request: { params: request.params, body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          const now = deps.clock();
          const period = await loadPeriod(tx, actor.agencyId, periodId);
          const employee = await loadEmployee(tx, actor.agencyId, body.employeeId);
          authorize(actor, "feedback.request", await employeeResource(tx, "feedback", employee), policy);
          requirePeriodState(period, FEEDBACK_STATES, "asking for feedback");
          const round = { agencyId: actor.agencyId, periodId, employeeId: employee.id, source: body.source };
          await ensureRound(tx, round);
          requireOpenRound(await findRound(tx, round, true), round);
          const raters = body.source === "PUBLIC" ? [null] : (body.raterIds ?? []);
          const requests: z.infer<typeof FeedbackRequestViewSchema>[] = [];
          for (const [index, raterId] of raters.entries()) {
            if (raterId !== null && body.source !== "PUBLIC") {
              await checkRater(tx, actor.agencyId, employee, body.source, raterId, index);
            }
            const row = await cycleDb(tx)
              .insertInto("feedback_requests")
              .values({
                id: deps.newId(),
                agency_id: actor.agencyId,
                period_id: periodId,
                employee_id: employee.id,
                source: body.source,
                rater_id: raterId,
                state: "OPEN",
                answered: false,
                requested_by: actor.id,
                version: 1,
                created_at: now,
                updated_at: now,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
            const view = requestView(row, actor);
            await recordChange(tx, {
              agencyId: actor.agencyId,
              actor: auditActor(actor),
              at: now,
              action: "feedback.request",
              entityType: "feedback_request",
              entityId: row.id,
              after: view,
              event: {
                id: deps.newId(),
                type: "feedback.requested",
                payload: {
                  requestId: row.id,
                  periodId,
                  employeeId: employee.id,
                  source: body.source,
                },
              },
            });
            requests.push(view);
          }
          return { statusCode: 201, body: { requests } };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/feedback-requests/assigned",
    {
      config: { action: "feedback.submit" },
      schema: {
        tags: ["feedback"],
        summary: "The feedback requests the caller is asked to answer",
        description: "Requests naming the caller as rater, newest first, with their state.",
        querystring: z.strictObject({ state: z.enum(["OPEN", "ANSWERED", "CLOSED"]).optional() }),
        response: { 200: z.object({ items: z.array(FeedbackRequestViewSchema) }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = request.actor;
      const rows = await inTransaction(deps.database, async (tx) => {
        let query = cycleDb(tx)
          .selectFrom("feedback_requests")
          .selectAll()
          .where("agency_id", "=", actor.agencyId)
          .where("rater_id", "=", actor.id);
        if (request.query.state !== undefined) query = query.where("state", "=", request.query.state);
        return query.orderBy("created_at", "desc").orderBy("id").limit(500).execute();
      });
      return { items: rows.map((row) => requestView(row, actor)) };
    },
  );

  app.post(
    "/feedback-requests/:requestId/answers",
    {
      config: { action: "feedback.submit" },
      schema: {
        tags: ["feedback"],
        summary: "Answer a feedback request (anonymous)",
        description:
          "Only the rater named in the request answers it, once, while it and its round are open. The answer goes into the round's answers with no id, time, request or rater, in content order; the request only records that its rater answered (seen by the rater and HR), without a version bump or a time. No audit entry or event is written for an answer, and no `Idempotency-Key` is kept (a replay record would tie the answer to the rater): a retry after success answers 409. The round's aggregate is released when the round closes with at least k answers.",
        params: z.object({ requestId: IdSchema }),
        body: FeedbackAnswerSchema,
        response: {
          201: z.object({ requestId: z.string(), answered: z.literal(true) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { requestId } = request.params;
      const answer = request.body;
      await inTransaction(deps.database, async (tx) => {
        const req = await loadRequest(tx, actor.agencyId, requestId, true);
        const employee = await loadEmployee(tx, actor.agencyId, req.employee_id);
        authorize(
          actor,
          "feedback.submit",
          await employeeResource(tx, "feedback", employee, {
            ...(req.rater_id === null ? {} : { assignedRaterIds: [req.rater_id] }),
          }),
          policy,
        );
        if (req.rater_id !== actor.id) {
          throw new KinerjaError(
            "FORBIDDEN",
            `Feedback request ${requestId} is addressed to another rater: only the rater it names may answer it. Your own requests are listed at GET /v1/feedback-requests/assigned.`,
            {
              details: { requestId },
            },
          );
        }
        if (req.state !== "OPEN" || req.answered) {
          const why = req.answered ? "you have answered it already" : "it is closed";
          throw new KinerjaError("CONFLICT", `feedback request ${requestId} takes no answer: ${why}`, {
            details: { requestId },
          });
        }
        const period = await loadPeriod(tx, actor.agencyId, req.period_id);
        requirePeriodState(period, FEEDBACK_STATES, "giving feedback");
        await addAnswer(
          tx,
          {
            agencyId: actor.agencyId,
            periodId: req.period_id,
            employeeId: req.employee_id,
            source: req.source,
          },
          answer as Record<string, unknown>,
        );
        await cycleDb(tx)
          .updateTable("feedback_requests")
          .set({ answered: true })
          .where("id", "=", req.id)
          .execute();
      });
      return reply.code(201).send({ requestId, answered: true as const });
    },
  );

  app.post(
    "/feedback-requests/:requestId/close",
    {
      config: { action: "feedback.request" },
      schema: {
        tags: ["feedback"],
        summary: "Close one feedback request: its rater can no longer answer",
        description:
          "An OPEN request stops taking an answer, whether or not its rater answered (closing says nothing about that). Takes `If-Match` or `version`. To close a whole source and release its aggregate, close the round: `POST /v1/periods/{periodId}/employees/{employeeId}/feedback/{source}/close`.",
        params: z.object({ requestId: IdSchema }),
        headers: UpdateHeadersSchema,
        body: z.strictObject({ version: z.number().int().min(1).optional() }).nullish(),
        response: {
          200: FeedbackRequestViewSchema,
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const expected = expectedVersion(request.headers["if-match"], request.body?.version);
      const view = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const req = await loadRequest(tx, actor.agencyId, request.params.requestId, true);
        const employee = await loadEmployee(tx, actor.agencyId, req.employee_id);
        authorize(actor, "feedback.request", await employeeResource(tx, "feedback", employee), policy);
        assertVersion({ entity: "feedback request", id: req.id, current: req.version, expected });
        if (req.state !== "OPEN") {
          throw new KinerjaError("CONFLICT", `feedback request ${req.id} is already closed`, {
            details: { requestId: req.id, state: req.state },
          });
        }
        const row = await cycleDb(tx)
          .updateTable("feedback_requests")
          .set({ state: "CLOSED", version: req.version + 1, updated_at: now })
          .where("id", "=", req.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "feedback.close",
          entityType: "feedback_request",
          entityId: req.id,
          before: { state: "OPEN" },
          after: { state: "CLOSED" },
          event: {
            id: deps.newId(),
            type: "feedback.requestClosed",
            payload: {
              requestId: req.id,
              periodId: req.period_id,
              employeeId: req.employee_id,
              source: req.source,
            },
          },
        });
        return requestView(row, actor);
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.post(
    "/periods/:periodId/employees/:employeeId/feedback/:source/close",
    {
      config: { action: "feedback.request" },
      schema: {
        tags: ["feedback"],
        summary: "Close a feedback round and release its aggregate (from k answers)",
        description:
          "Closes the employee's round of one anonymous source: its open requests and public links stop taking answers, and its aggregate is released when it holds at least k answers (otherwise it is never shown). Only now does anyone but the raters and HR learn how many answered. Rounds also close when the employee's assessment is finalised and when the period leaves ASSESSMENT. The direct superior or HR closes it; never the employee it is about.",
        params: PeriodEmployeeParamsSchema.extend({ source: FeedbackRequestSourceSchema }),
        body: z.strictObject({}).nullish(),
        response: { 200: RoundViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, employeeId, source } = request.params;
      return inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(actor, "feedback.request", await employeeResource(tx, "feedback", employee), policy);
        const key = { agencyId: actor.agencyId, periodId, employeeId, source };
        requireOpenRound(await findRound(tx, key, true), key);
        await closeAndRecordRounds(tx, key, k, deps.clock(), {
          actor: auditActor(actor),
          cause: "closed",
          newId: deps.newId,
        });
        return roundView(key, await findRound(tx, key), k);
      });
    },
  );

  app.post(
    "/feedback-requests/:requestId/links",
    {
      config: { action: "feedback.request" },
      schema: {
        tags: ["feedback"],
        summary: "Issue one-time links for public feedback",
        description:
          "For a PUBLIC request: returns `count` tokens, each good for one answer until it expires or the round closes. Issued by the employee's superior or HR, never by the employee the feedback is about. The tokens are shown only in this response (the service keeps their SHA-256 hashes), so this route takes no Idempotency-Key: a retry issues new links. The public answers at `POST /v1/public/feedback/{token}`; reading a link (`GET`) never tells whether it was used, so the issuer cannot learn which link answered.",
        params: z.object({ requestId: IdSchema }),
        body: LinksBodySchema,
        response: {
          201: z.object({
            requestId: z.string(),
            links: z.array(z.object({ token: z.string(), path: z.string(), expiresAt: z.string() })),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { count, expiresInDays } = request.body;
      const result = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const req = await loadRequest(tx, actor.agencyId, request.params.requestId);
        const employee = await loadEmployee(tx, actor.agencyId, req.employee_id);
        authorize(actor, "feedback.request", await employeeResource(tx, "feedback", employee), policy);
        if (req.source !== "PUBLIC") {
          throw new KinerjaError(
            "CONFLICT",
            `feedback request ${req.id} is ${req.source}: links are for PUBLIC requests`,
            {
              details: { requestId: req.id, source: req.source },
            },
          );
        }
        if (req.state !== "OPEN") {
          throw new KinerjaError("CONFLICT", `feedback request ${req.id} is ${req.state}`, {
            details: { requestId: req.id },
          });
        }
        const period = await loadPeriod(tx, actor.agencyId, req.period_id);
        requirePeriodState(period, FEEDBACK_STATES, "issuing feedback links");
        const expiresAt = new Date(now.getTime() + expiresInDays * 24 * 60 * 60 * 1000);
        const tokens = Array.from({ length: count }, () => randomBytes(32).toString("base64url"));
        await cycleDb(tx)
          .insertInto("public_link_tokens")
          .values(
            tokens.map((token) => ({
              token_hash: hashToken(token),
              agency_id: actor.agencyId,
              request_id: req.id,
              expires_at: expiresAt,
              used: false,
              created_at: now,
            })),
          )
          .execute();
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "feedback.issueLinks",
          entityType: "feedback_request",
          entityId: req.id,
          after: { linksIssued: count, expiresAt: expiresAt.toISOString() },
          event: {
            id: deps.newId(),
            type: "feedback.linksIssued",
            payload: { requestId: req.id, periodId: req.period_id, employeeId: req.employee_id, count },
          },
        });
        return {
          requestId: req.id,
          links: tokens.map((token) => ({
            token,
            path: `/v1/public/feedback/${token}`,
            expiresAt: expiresAt.toISOString(),
          })),
        };
      });
      return reply.code(201).send(result);
    },
  );

  /**
   * The link behind a token: 404 when unknown; 409 when expired or when its request or round is
   * closed (things its issuer knows anyway). Whether it was used is checked only when answering.
   */
  const linkOf = async (tx: Tx, token: string, now: Date) => {
    const row = await cycleDb(tx)
      .selectFrom("public_link_tokens as t")
      .innerJoin("feedback_requests as r", "r.id", "t.request_id")
      .select([
        "t.token_hash",
        "t.expires_at",
        "t.used",
        "r.id as request_id",
        "r.state",
        "r.agency_id",
        "r.period_id",
        "r.employee_id",
        "r.source",
      ])
      .where("t.token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (row === undefined) throw notFound("feedback link", "(token)");
    if (new Date(row.expires_at).getTime() <= now.getTime()) {
      throw new KinerjaError("CONFLICT", "this feedback link has expired", {
        details: { expiresAt: iso(row.expires_at) },
      });
    }
    if (row.state !== "OPEN")
      throw new KinerjaError("CONFLICT", "this feedback request is closed", { details: {} });
    const period = await tx
      .selectFrom("periods")
      .selectAll()
      .where("id", "=", row.period_id)
      .forShare()
      .executeTakeFirstOrThrow();
    requirePeriodState(period, FEEDBACK_STATES, "giving feedback");
    return { ...row, period };
  };

  app.get(
    "/public/feedback/:token",
    {
      config: { action: "feedback.submit", auth: false },
      schema: {
        tags: ["feedback"],
        summary: "What a public feedback link is about (no token needed)",
        description:
          "Shows the officer's name and unit and the period, so that a member of the public knows whom they rate. 404 for an unknown link, 409 for an expired or closed one. It never says whether the link was used (the issuer holds every link and could otherwise tell which one answered); answering a used link is refused.",
        params: TokenParamsSchema,
        response: {
          200: z.object({
            employee: z.object({ name: z.string().nullable(), unitName: z.string().nullable() }),
            period: z.object({ start: z.string(), end: z.string() }),
            expiresAt: z.string(),
          }),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request) => {
      return inTransaction(deps.database, async (tx) => {
        const link = await linkOf(tx, request.params.token, deps.clock());
        const employee = await tx
          .selectFrom("employees as e")
          .leftJoin("units as u", (join) =>
            join.onRef("u.agency_id", "=", "e.agency_id").onRef("u.id", "=", "e.unit_id"),
          )
          .select(["e.name", "u.name as unit_name"])
          .where("e.agency_id", "=", link.agency_id)
          .where("e.id", "=", link.employee_id)
          .executeTakeFirstOrThrow();
        return {
          employee: { name: employee.name, unitName: employee.unit_name },
          period: { start: link.period.start_date, end: link.period.end_date },
          expiresAt: iso(link.expires_at),
        };
      });
    },
  );

  app.post(
    "/public/feedback/:token",
    {
      config: { action: "feedback.submit", auth: false },
      schema: {
        tags: ["feedback"],
        summary: "Answer through a one-time public feedback link (no token needed)",
        description:
          "Takes one anonymous answer per link; the link is used up (the service keeps that it was used, not when). The answer joins the round's answers with no time or link. 404 for an unknown link, 409 for a used, expired or closed one.",
        params: TokenParamsSchema,
        body: FeedbackAnswerSchema,
        response: {
          201: z.object({ accepted: z.literal(true) }),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const answer = request.body;
      await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const link = await linkOf(tx, request.params.token, now);
        const used = await cycleDb(tx)
          .updateTable("public_link_tokens")
          .set({ used: true })
          .where("token_hash", "=", link.token_hash)
          .where("used", "=", false)
          .returning("token_hash")
          .executeTakeFirst();
        if (used === undefined) {
          throw new KinerjaError(
            "CONFLICT",
            "this feedback link was already used; each link takes one answer",
            { details: {} },
          );
        }
        await addAnswer(
          tx,
          {
            agencyId: link.agency_id,
            periodId: link.period_id,
            employeeId: link.employee_id,
            source: "PUBLIC",
          },
          answer as Record<string, unknown>,
        );
      });
      return reply.code(201).send({ accepted: true as const });
    },
  );

  app.get(
    "/periods/:periodId/employees/:employeeId/feedback",
    {
      config: { action: "feedback.request" },
      schema: {
        tags: ["feedback"],
        summary: "Feedback progress for an employee: requests and answers per source",
        description:
          "Counts only, never answers: requests per source and each round's state; how many answered only once the round is closed, and whether its aggregate was released (at least k answers).",
        params: PeriodEmployeeParamsSchema,
        response: { 200: OverviewSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        authorize(actor, "feedback.request", await employeeResource(tx, "feedback", employee), policy);
        const requests = await cycleDb(tx)
          .selectFrom("feedback_requests")
          .select(["source", "state"])
          .where("agency_id", "=", actor.agencyId)
          .where("period_id", "=", periodId)
          .where("employee_id", "=", employeeId)
          .execute();
        const rounds = await roundsOf(tx, actor.agencyId, periodId, employeeId);
        const sources = [...new Set([...requests.map((r) => r.source), ...rounds.keys()])].sort();
        return {
          periodId,
          employeeId,
          threshold: k,
          sources: sources.map((source) => {
            const mine = requests.filter((r) => r.source === source);
            const round = roundView({ periodId, employeeId, source }, rounds.get(source), k);
            return {
              source,
              requests: mine.length,
              openRequests: mine.filter((r) => r.state === "OPEN").length,
              state: round.state,
              answers: round.answers,
              released: round.released,
            };
          }),
        };
      });
    },
  );

  app.get(
    "/periods/:periodId/employees/:employeeId/feedback/:source",
    {
      config: { action: "feedback.readAggregate" },
      schema: {
        tags: ["feedback"],
        summary: "The aggregate of one source's anonymous feedback (from k answers on)",
        description:
          "Counts of each rating and the mean score of each aspect of a RELEASED round: closed, with at least k answers (the core policy's anonymity threshold). 409 while the round is open (nothing is streamed answer by answer), 403 when it closed with fewer than k. Aspects scored by fewer than k answers are left out. Individual anonymous answers are never returned.",
        params: PeriodEmployeeParamsSchema.extend({ source: FeedbackRequestSourceSchema }),
        response: {
          200: AggregateSchema,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, employeeId, source } = request.params;
      return inTransaction(deps.database, async (tx) => {
        await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployee(tx, actor.agencyId, employeeId);
        const resource = await employeeResource(tx, "feedback", employee, { feedbackSource: source });
        authorize(actor, "feedback.readAggregate", { ...resource, feedbackAnswerCount: k }, policy);
        const key = { agencyId: actor.agencyId, periodId, employeeId, source };
        const round = await findRound(tx, key);
        if (round?.state !== "CLOSED") {
          throw new KinerjaError(
            "CONFLICT",
            `the ${source} feedback round about ${employeeId} is still open: its aggregate is released when the superior or HR closes it, with at least ${k} answers`,
            { details: { periodId, employeeId, source } },
          );
        }
        authorize(
          actor,
          "feedback.readAggregate",
          { ...resource, feedbackAnswerCount: round.answerCount },
          policy,
        );
        const rows = round.answers.map((answer) => ({ answer }));
        const answers = rows.map((r) => FeedbackAnswerSchema.parse(r.answer));
        const counts = (key: "resultRating" | "behaviourRating") => ({
          DI_ATAS_EKSPEKTASI: answers.filter((a) => a[key] === "DI_ATAS_EKSPEKTASI").length,
          SESUAI_EKSPEKTASI: answers.filter((a) => a[key] === "SESUAI_EKSPEKTASI").length,
          DI_BAWAH_EKSPEKTASI: answers.filter((a) => a[key] === "DI_BAWAH_EKSPEKTASI").length,
        });
        const aspects = [...new Set(answers.flatMap((a) => Object.keys(a.behaviour)))].sort();
        const behaviour: Record<string, { mean: number; answers: number }> = {};
        for (const aspect of aspects) {
          const scores = answers.map((a) => a.behaviour[aspect]).filter((v): v is number => v !== undefined);
          if (scores.length >= k)
            behaviour[aspect] = { mean: sortedSum(scores) / scores.length, answers: scores.length };
        }
        return {
          periodId,
          employeeId,
          source,
          answers: answers.length,
          threshold: k,
          resultRating: counts("resultRating"),
          behaviourRating: counts("behaviourRating"),
          behaviour,
        };
      });
    },
  );
};

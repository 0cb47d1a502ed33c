import {
  allowedPeriodEvents,
  authorize,
  CadenceSchema,
  IsoDateSchema,
  KinerjaError,
  LocalizedTextSchema,
  PERIOD_DOMAIN_EVENTS,
  type Period,
  type PeriodEvent,
  PeriodEventTypeSchema,
  PeriodSchema,
  type PeriodState,
  PeriodStateSchema,
  parseOrThrow,
  subPeriods,
  transitionPeriod,
  validationError,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import { FEEDBACK_STATES, storeClosedResults } from "../cycle";
import type { RouteDeps } from "../deps";
import { closeAndRecordRounds } from "../feedback-rounds";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  json,
  loadAgency,
  loadPeriod,
  type PeriodRow,
  recordChange,
  type Tx,
  translated,
  withIdempotency,
} from "../storage/index";
import { RulePackageChoiceSchema } from "./agencies";
import { blockingViolationCount } from "./calibration";
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

/** A sub-period as the API returns it. */
export const SubPeriodViewSchema = z.object({
  /** Stable key: `2026-01`, `2026-Q1`, `2026-S1` or `2026`. */
  key: z.string(),
  /** First day. */
  start: z.string(),
  /** Last day (inclusive). */
  end: z.string(),
  /** Label in Indonesian and English. */
  label: LocalizedTextSchema,
});

/** A period as the API returns it: dates, cadence, sub-periods, workflow state and pinned rule package. */
export const PeriodViewSchema = z
  .object({
    /** Period id. */
    id: z.string(),
    /** Display name. */
    name: z.string().nullable(),
    /** First day `YYYY-MM-DD`. */
    start: z.string(),
    /** Last day `YYYY-MM-DD` (inclusive). */
    end: z.string(),
    /** Cadence of the periodic assessments. */
    cadence: CadenceSchema,
    /** Workflow state. */
    state: PeriodStateSchema,
    /** The sub-periods for the cadence. */
    subPeriods: z.array(SubPeriodViewSchema),
    /** The rule package pinned when planning started (null before). */
    rulePackage: RulePackageChoiceSchema.nullable(),
    /** Events allowed in the current state. */
    allowedEvents: z.array(PeriodEventTypeSchema),
    /** Optimistic-concurrency version (send it back as If-Match). */
    version: z.number().int(),
    /** When created. */
    createdAt: z.string(),
    /** When last changed. */
    updatedAt: z.string(),
  })
  .meta({ id: "PeriodView" });
/** A period view. */
export type PeriodView = z.infer<typeof PeriodViewSchema>;

/** The body of `POST /v1/periods`: the core period fields and a name. */
export const CreatePeriodBodySchema = z
  .strictObject({
    /** Display name, e.g. `Penilaian Kinerja 2026`. */
    name: z.string().trim().min(1).max(200).optional(),
    /** First day `YYYY-MM-DD`. */
    start: IsoDateSchema,
    /** Last day `YYYY-MM-DD` (inclusive). */
    end: IsoDateSchema,
    /** MONTHLY, QUARTERLY, SEMESTER or ANNUAL (default). */
    cadence: CadenceSchema.default("ANNUAL"),
  })
  .meta({ id: "CreatePeriod" });

/** The body of a period transition. */
export const PeriodTransitionBodySchema = z
  .strictObject({
    /** The workflow event. */
    event: PeriodEventTypeSchema,
    /** Why (required for REOPEN). */
    reason: z.string().trim().min(1).max(4000).optional(),
    /** The period version the change is based on (or send If-Match). */
    version: z.number().int().min(1).optional(),
  })
  .meta({ id: "PeriodTransition" });

const PeriodParamsSchema = z.object({ periodId: z.string().min(1).max(64) });

/** The core Period of a row. */
export function periodOf(row: PeriodRow): Period {
  return { start: row.start_date, end: row.end_date, cadence: row.cadence as Period["cadence"] };
}

/** The period view of a row. */
export function periodView(row: PeriodRow): PeriodView {
  const state = row.state as PeriodState;
  return {
    id: row.id,
    name: row.name,
    start: row.start_date,
    end: row.end_date,
    cadence: row.cadence as Period["cadence"],
    state,
    subPeriods: subPeriods(periodOf(row)),
    rulePackage:
      row.rule_package_id === null || row.rule_package_version === null
        ? null
        : {
            id: row.rule_package_id,
            version: row.rule_package_version,
            config: row.rule_package_config ?? {},
          },
    allowedEvents: allowedPeriodEvents(state),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The assessments table of migration 0002, as far as the period guards read it. */
type AssessmentStatusTables = {
  assessments: { agency_id: string; period_id: string; status: string };
};

async function count(query: Promise<{ n: number | string | bigint } | undefined>): Promise<number> {
  return Number((await query)?.n ?? 0);
}

/** Builds the core event with the facts its guards need, read from the store. */
async function buildEvent(
  tx: Tx,
  deps: RouteDeps,
  row: PeriodRow,
  body: z.infer<typeof PeriodTransitionBodySchema>,
  base: { actorId: string; at: string },
): Promise<PeriodEvent> {
  switch (body.event) {
    case "START_PLANNING": {
      const agency = await loadAgency(tx, row.agency_id);
      if (agency.rule_package_id === null || agency.rule_package_version === null) {
        throw new KinerjaError(
          "ILLEGAL_TRANSITION",
          `period ${row.id}: choose the agency's rule package (PUT /v1/agencies/${row.agency_id}/rule-package) before planning starts`,
          {
            details: {
              machine: "period",
              from: row.state,
              event: body.event,
              guard: "RULE_PACKAGE_NOT_CHOSEN",
            },
          },
        );
      }
      const pkg = deps.registry.resolve(agency.rule_package_id, agency.rule_package_version);
      const config = parseOrThrow(pkg.configSchema, agency.rule_package_config, {
        prefix: ["rulePackage", "config"],
      }) as Record<string, unknown>;
      return {
        type: "START_PLANNING",
        ...base,
        rulePackage: { id: pkg.id, version: pkg.version, config: JSON.parse(JSON.stringify(config)) },
      };
    }
    case "START_EXECUTION": {
      const unapprovedPlans = await count(
        tx
          .selectFrom("work_plans")
          .select(sql<number>`count(*)`.as("n"))
          .where("period_id", "=", row.id)
          .where("state", "not in", ["APPROVED", "REJECTED"])
          .executeTakeFirst(),
      );
      return { type: "START_EXECUTION", ...base, unapprovedPlans };
    }
    case "START_ASSESSMENT":
      return { type: "START_ASSESSMENT", ...base };
    case "START_CALIBRATION":
    case "CLOSE": {
      const openAssessments = await count(
        tx
          .withTables<AssessmentStatusTables>()
          .selectFrom("assessments")
          .select(sql<number>`count(*)`.as("n"))
          .where("agency_id", "=", row.agency_id)
          .where("period_id", "=", row.id)
          .where("status", "<>", "FINAL")
          .executeTakeFirst(),
      );
      if (body.event === "START_CALIBRATION") return { type: "START_CALIBRATION", ...base, openAssessments };
      // Only when CLOSE is allowed from this state (otherwise the core refuses it for that reason).
      const blockingViolations = allowedPeriodEvents(row.state as PeriodState).includes("CLOSE")
        ? await blockingViolationCount(tx, row, {
            registry: deps.registry,
            minAnonymousAnswers: deps.policy.minAnonymousAnswers,
            lock: true,
          })
        : undefined;
      return {
        type: "CLOSE",
        ...base,
        openAssessments,
        ...(blockingViolations === undefined ? {} : { blockingViolations }),
      };
    }
    case "REOPEN":
      if (body.reason === undefined) {
        throw validationError([
          { path: ["reason"], message: "a reason is required to reopen a period", code: "too_small" },
        ]);
      }
      return { type: "REOPEN", ...base, reason: body.reason };
  }
}

/**
 * Periods: create with a cadence, list, read with sub-periods, and move through the core period
 * workflow. START_PLANNING pins the agency's rule package, exact version and configuration on
 * the period, so a closed period is re-evaluated exactly as it was; REOPEN keeps the pin.
 * Guards read the store: START_EXECUTION counts plans not yet approved; START_CALIBRATION and
 * CLOSE count assessments that exist but are not final; CLOSE also counts the distribution
 * violations of severity ERROR over every unit with an organisation result (as
 * `GET …/calibration` computes them, applied calibration changes included).
 */
export const periodRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.post(
    "/periods",
    {
      config: { action: "period.create" },
      schema: {
        tags: ["periods"],
        summary: "Create a period (HR_ADMIN)",
        description: "Creates a period in state DRAFT for the token's agency. Accepts an Idempotency-Key.",
        headers: CreateHeadersSchema,
        body: CreatePeriodBodySchema,
        response: { 201: PeriodViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      authorize(actor, "period.create", { kind: "period", agencyId }, deps.policy);
      const { name, ...fields } = request.body;
      const period = parseOrThrow(PeriodSchema, fields);
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: "POST /v1/periods",
        request: { body: request.body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          await loadAgency(tx, agencyId);
          const at = deps.clock();
          const id = deps.newId();
          const row = await tx
            .insertInto("periods")
            .values({
              id,
              agency_id: agencyId,
              name: name ?? null,
              start_date: period.start,
              end_date: period.end,
              cadence: period.cadence,
              state: "DRAFT",
              rule_package_id: null,
              rule_package_version: null,
              rule_package_config: null,
              version: 1,
              created_at: at,
              updated_at: at,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const view = periodView(row);
          await recordChange(tx, {
            agencyId,
            actor: auditActor(actor),
            at,
            action: "period.create",
            entityType: "period",
            entityId: id,
            after: view,
            event: {
              id: deps.newId(),
              type: "period.created",
              payload: { periodId: id, start: period.start, end: period.end, cadence: period.cadence },
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
    "/periods",
    {
      config: { action: "period.read" },
      schema: {
        tags: ["periods"],
        summary: "List the agency's periods, newest first",
        querystring: PageQuerySchema.extend({ state: PeriodStateSchema.optional() }),
        response: {
          200: pageOf(PeriodViewSchema),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      authorize(actor, "period.read", { kind: "period", agencyId }, deps.policy);
      const { limit, cursor, state } = request.query;
      let query = deps.database.db.selectFrom("periods").selectAll().where("agency_id", "=", agencyId);
      if (state !== undefined) query = query.where("state", "=", state);
      if (cursor !== undefined) {
        const [start, ...rest] = cursor.split("_");
        const id = rest.join("_");
        if (start === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(start) || id === "") {
          throw validationError([
            { path: ["cursor"], message: "not a cursor returned by this list", code: "invalid_format" },
          ]);
        }
        query = query.where((eb) =>
          eb.or([eb("start_date", "<", start), eb.and([eb("start_date", "=", start), eb("id", ">", id)])]),
        );
      }
      const rows = await translated(() =>
        query
          .orderBy("start_date", "desc")
          .orderBy("id")
          .limit(limit + 1)
          .execute(),
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(periodView),
        nextCursor: rows.length > limit && last !== undefined ? `${last.start_date}_${last.id}` : null,
      };
    },
  );

  app.get(
    "/periods/:periodId",
    {
      config: { action: "period.read" },
      schema: {
        tags: ["periods"],
        summary: "Read a period with its sub-periods",
        params: PeriodParamsSchema,
        response: { 200: PeriodViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const row = await inTransaction(deps.database, (tx) =>
        loadPeriod(tx, actor.agencyId, request.params.periodId),
      );
      authorize(actor, "period.read", { kind: "period", agencyId: row.agency_id }, deps.policy);
      withEtag(reply, row.version);
      return periodView(row);
    },
  );

  app.post(
    "/periods/:periodId/transitions",
    {
      config: { action: "period.transition" },
      schema: {
        tags: ["periods"],
        summary: "Move a period through its workflow (HR_ADMIN)",
        description:
          "Applies a core period workflow event: START_PLANNING (pins the agency's rule package and configuration), START_EXECUTION (all plans approved), START_ASSESSMENT, START_CALIBRATION, CLOSE (no assessment may be open, and no distribution violation of severity ERROR may remain in any unit with an organisation result, computed as GET …/calibration does, applied calibration changes included: a violation is an ERROR when the rule package's configuration says so, e.g. `distribution.severity` of permenpanrb-6-2022; otherwise 409 ILLEGAL_TRANSITION with guard ASSESSMENTS_OPEN or DISTRIBUTION_VIOLATIONS), REOPEN (needs a reason). An event not allowed in the current state, or a failed guard, is a 409 ILLEGAL_TRANSITION; a stale If-Match/version is a 409 CONFLICT.",
        params: PeriodParamsSchema,
        headers: UpdateHeadersSchema,
        body: PeriodTransitionBodySchema,
        response: { 200: PeriodViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const body = request.body;
      const expected = expectedVersion(request.headers["if-match"], body.version);
      const view = await inTransaction(deps.database, async (tx) => {
        const row = await loadPeriod(tx, agencyId, request.params.periodId, { forUpdate: true });
        authorize(actor, "period.transition", { kind: "period", agencyId }, deps.policy);
        assertVersion({ entity: "period", id: row.id, current: row.version, expected });
        const at = deps.clock();
        const event = await buildEvent(tx, deps, row, body, { actorId: actor.id, at: at.toISOString() });
        const from = row.state as PeriodState;
        const result = transitionPeriod(from, event);
        const pin = result.effects.find((e) => e.type === "PIN_RULE_PACKAGE");
        const updated = await tx
          .updateTable("periods")
          .set({
            state: result.state,
            version: row.version + 1,
            updated_at: at,
            ...(pin === undefined
              ? {}
              : {
                  rule_package_id: pin.rulePackage.id,
                  rule_package_version: pin.rulePackage.version,
                  rule_package_config: json(pin.rulePackage.config),
                }),
          })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = periodView(updated);
        // A closed period is read from the results it closed with, whatever is registered later.
        if (result.state === "CLOSED") await storeClosedResults(tx, updated, deps.registry);
        if (!FEEDBACK_STATES.includes(result.state)) {
          await closeAndRecordRounds(
            tx,
            { agencyId, periodId: row.id },
            deps.policy.minAnonymousAnswers,
            at,
            {
              actor: auditActor(actor),
              cause: "period",
              newId: deps.newId,
            },
          );
        }
        await recordChange(tx, {
          agencyId,
          actor: auditActor(actor),
          at,
          action: `period.${body.event.toLowerCase()}`,
          entityType: "period",
          entityId: row.id,
          before: { state: from, rulePackage: periodView(row).rulePackage },
          after: { state: result.state, rulePackage: after.rulePackage },
          details: {
            event: body.event,
            effects: result.effects.map((e) => e.type),
            ...(body.reason === undefined ? {} : { reason: body.reason }),
          },
          event: {
            id: deps.newId(),
            type: PERIOD_DOMAIN_EVENTS[body.event],
            payload: {
              periodId: row.id,
              from,
              to: result.state,
              event: body.event,
              effects: result.effects.map((e) => e.type),
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

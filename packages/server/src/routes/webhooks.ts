import { randomBytes } from "node:crypto";
import { authorize, KinerjaError, validationError } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { cycleDb } from "../cycle";
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from "../cycle-tables";
import type { RouteDeps } from "../deps";
import {
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  json,
  recordChange,
  type Tx,
  withIdempotency,
} from "../storage/index";
import { loadOne } from "../storage/records";
import { NO_WEBHOOK_ALLOW_LIST, type WebhookAllowList, webhookUrlProblem } from "../webhook-targets";
import { eventTypePatternProblem } from "../webhooks";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  iso,
  sendStored,
  UpdateHeadersSchema,
  withEtag,
} from "./record-support";

/**
 * An event type a subscription wants: `*` (all), `prefix.*` (e.g. `assessment.*`) or one type,
 * each naming something the service publishes (`WEBHOOK_EVENT_TYPES`).
 */
export const EventTypePatternSchema = z
  .string()
  .max(100)
  .regex(
    /^(\*|[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*(\.\*)?)$/,
    "expected *, a prefix such as assessment.*, or an event type such as assessment.finalised",
  )
  .superRefine((pattern, ctx) => {
    const problem = eventTypePatternProblem(pattern);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * A receiver's URL: http(s), no credentials, not a loopback, private, link-local, unique-local
 * or metadata target unless the operator's allow-list names it (`KINERJA_WEBHOOK_ALLOW`).
 */
function urlSchema(allow: WebhookAllowList) {
  return z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .max(2000)
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url, allow);
      if (problem !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `${problem} (an operator may allow it with KINERJA_WEBHOOK_ALLOW)`,
        });
      }
    });
}
const SecretSchema = z.string().min(16, "a signing secret has at least 16 characters").max(200);

const SubscriptionSchema = z
  .object({
    id: z.string(),
    /** Where events are POSTed. */
    url: z.string(),
    /** The event types delivered. */
    eventTypes: z.array(z.string()),
    /** Whether deliveries are made. */
    active: z.boolean(),
    /** A note for administrators. */
    description: z.string().nullable(),
    /** Optimistic-concurrency version. */
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "WebhookSubscription" });

const SubscriptionWithSecretSchema = SubscriptionSchema.extend({
  /** The signing secret (HMAC-SHA256, header `Kinerja-Signature: t=…, v1=…`), shown only now. */
  secret: z.string(),
}).meta({ id: "WebhookSubscriptionWithSecret" });

const CreatedSubscriptionSchema = SubscriptionSchema.extend({
  /**
   * The signing secret, shown only in the first response: a replay of the same Idempotency-Key
   * carries none (secrets are never stored for replays); rotate it when it was lost.
   */
  secret: z.string().optional(),
}).meta({ id: "WebhookSubscriptionCreated" });

const DeliverySchema = z
  .object({
    id: z.string(),
    /** The outbox event id (also in the body and the `Kinerja-Event-Id` header). */
    eventId: z.string(),
    /** PENDING, DELIVERED or FAILED (given up after the last attempt). */
    status: z.enum(["PENDING", "DELIVERED", "FAILED"]),
    /** Attempts made. */
    attempt: z.number().int(),
    /** When the next attempt is due (PENDING). */
    nextAttemptAt: z.string(),
    /** The last failure. */
    lastError: z.string().nullable(),
    /** The last HTTP status received. */
    lastStatusCode: z.number().int().nullable(),
    /** When delivered. */
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "WebhookDelivery" });

const IdParamsSchema = z.object({ id: z.string().min(1).max(64) });

function view(row: WebhookSubscriptionRow): z.infer<typeof SubscriptionSchema> {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    active: row.active,
    description: row.description,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function deliveryView(row: WebhookDeliveryRow): z.infer<typeof DeliverySchema> {
  return {
    id: row.id,
    eventId: row.event_id,
    status: row.status as "PENDING" | "DELIVERED" | "FAILED",
    attempt: row.attempt,
    nextAttemptAt: iso(row.next_attempt_at),
    lastError: row.last_error,
    lastStatusCode: row.last_status_code,
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
    createdAt: iso(row.created_at),
  };
}

/** Reads a deliveries cursor (`<createdAt ISO>_<id>`, as the list returns it), or names the field. */
function parseDeliveryCursor(cursor: string): { createdAt: Date; id: string } {
  const at = cursor.indexOf("_");
  const createdAt = new Date(cursor.slice(0, at));
  const id = cursor.slice(at + 1);
  if (at < 0 || Number.isNaN(createdAt.getTime()) || id === "") {
    throw validationError([
      { path: ["cursor"], message: "not a cursor returned by this list", code: "invalid_format" },
    ]);
  }
  return { createdAt, id };
}

const newSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

async function loadSubscription(
  tx: Tx,
  agencyId: string,
  id: string,
  forUpdate = false,
): Promise<WebhookSubscriptionRow> {
  return loadOne(
    cycleDb(tx)
      .selectFrom("webhook_subscriptions")
      .selectAll()
      .where("agency_id", "=", agencyId)
      .where("id", "=", id),
    "webhook subscription",
    id,
    { forUpdate },
  );
}

/**
 * Webhook subscriptions (HR_ADMIN): where the agency's domain events go. Each event of the
 * outbox is POSTed to every active subscription that wants its type, signed with the
 * subscription's secret, at least once, retried with exponential backoff (see `webhooks.ts`).
 * The secret is shown once, when created or rotated.
 */
export const webhookRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const policy = { minAnonymousAnswers: deps.policy.minAnonymousAnswers };
  const UrlSchema = urlSchema(deps.webhookAllow ?? NO_WEBHOOK_ALLOW_LIST);
  const allow = (actor: Parameters<typeof authorize>[0]) =>
    authorize(actor, "webhook.manage", { kind: "webhook", agencyId: actor.agencyId }, policy);

  app.post(
    "/webhooks",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "Subscribe a URL to the agency's events",
        description:
          'Events are POSTed as JSON `{ id, type, agencyId, entityType, entityId, occurredAt, data }` with the headers `Kinerja-Event-Id`, `Kinerja-Event-Type`, `Kinerja-Delivery-Attempt` and `Kinerja-Signature: t=<unix seconds>, v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`. Any 2xx answer is a delivery; anything else (redirects included: they are never followed) is retried with exponential backoff. Deliveries are at least once: deduplicate by event id. Only events after the subscription was created are delivered. The URL must not carry credentials nor name a loopback, private, link-local, unique-local or metadata host (checked again after DNS resolution at every delivery) unless the operator allows it with `KINERJA_WEBHOOK_ALLOW`; `eventTypes` are published types, prefixes such as `assessment.*`, or `*` (400 naming the field otherwise). The secret (generated unless given) is returned only in this response, never in a replay of its Idempotency-Key. Accepts `Idempotency-Key`.',
        headers: CreateHeadersSchema,
        body: z.strictObject({
          url: UrlSchema,
          eventTypes: z.array(EventTypePatternSchema).min(1).max(100),
          description: z.string().trim().max(500).optional(),
          secret: SecretSchema.optional(),
          active: z.boolean().default(true),
        }),
        response: { 201: CreatedSubscriptionSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const body = request.body;
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: `POST ${request.routeOptions.url}`,
        request: { body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          const now = deps.clock();
          allow(actor);
          const secret = body.secret ?? newSecret();
          const last = await cycleDb(tx)
            .selectFrom("outbox")
            .select((eb) => eb.fn.coalesce(eb.fn.max("seq"), eb.lit(0)).as("seq"))
            .executeTakeFirstOrThrow();
          const row = await cycleDb(tx)
            .insertInto("webhook_subscriptions")
            .values({
              id: deps.newId(),
              agency_id: actor.agencyId,
              url: body.url,
              secret,
              event_types: json([...new Set(body.eventTypes)]),
              active: body.active,
              description: body.description || null,
              after_outbox_seq: Number(last.seq),
              version: 1,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const v = view(row);
          await recordChange(tx, {
            agencyId: actor.agencyId,
            actor: auditActor(actor),
            at: now,
            action: "webhook.create",
            entityType: "webhook_subscription",
            entityId: row.id,
            after: v,
            event: { id: deps.newId(), type: "webhook.created", payload: { subscriptionId: row.id } },
          });
          return { statusCode: 201, body: { ...v, secret }, replayBody: v };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/webhooks",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "The agency's webhook subscriptions (without secrets)",
        response: { 200: z.object({ items: z.array(SubscriptionSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      allow(actor);
      const rows = await cycleDb(deps.database.db)
        .selectFrom("webhook_subscriptions")
        .selectAll()
        .where("agency_id", "=", actor.agencyId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return { items: rows.map(view) };
    },
  );

  app.get(
    "/webhooks/:id",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "A webhook subscription (without its secret)",
        params: IdParamsSchema,
        response: { 200: SubscriptionSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const v = await inTransaction(deps.database, async (tx) => {
        const row = await loadSubscription(tx, actor.agencyId, request.params.id);
        allow(actor);
        return view(row);
      });
      withEtag(reply, v.version);
      return v;
    },
  );

  app.patch(
    "/webhooks/:id",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "Change a subscription's URL, event types, note or activity",
        description:
          "Deactivating keeps its pending deliveries waiting; reactivating resumes them. Takes `If-Match` or `version`.",
        params: IdParamsSchema,
        headers: UpdateHeadersSchema,
        body: z
          .strictObject({
            url: UrlSchema.optional(),
            eventTypes: z.array(EventTypePatternSchema).min(1).max(100).optional(),
            description: z.string().trim().max(500).nullable().optional(),
            active: z.boolean().optional(),
            version: z.number().int().min(1).optional(),
          })
          .refine((b) => Object.keys(b).some((key) => key !== "version"), { message: "nothing to change" }),
        response: { 200: SubscriptionSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const body = request.body;
      const expected = expectedVersion(request.headers["if-match"], body.version);
      const v = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const existing = await loadSubscription(tx, actor.agencyId, request.params.id, true);
        allow(actor);
        assertVersion({
          entity: "webhook subscription",
          id: existing.id,
          current: existing.version,
          expected,
        });
        const row = await cycleDb(tx)
          .updateTable("webhook_subscriptions")
          .set({
            ...(body.url === undefined ? {} : { url: body.url }),
            ...(body.eventTypes === undefined ? {} : { event_types: json([...new Set(body.eventTypes)]) }),
            ...(body.description === undefined ? {} : { description: body.description || null }),
            ...(body.active === undefined ? {} : { active: body.active }),
            version: existing.version + 1,
            updated_at: now,
          })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = view(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "webhook.update",
          entityType: "webhook_subscription",
          entityId: row.id,
          before: view(existing),
          after,
          event: {
            id: deps.newId(),
            type: "webhook.updated",
            payload: { subscriptionId: row.id, version: row.version },
          },
        });
        return after;
      });
      withEtag(reply, v.version);
      return v;
    },
  );

  app.post(
    "/webhooks/:id/rotate-secret",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "Replace the signing secret (shown only in this response)",
        description: "Deliveries from now on are signed with the new secret. Takes `If-Match` or `version`.",
        params: IdParamsSchema,
        headers: UpdateHeadersSchema,
        body: z.strictObject({ version: z.number().int().min(1).optional() }).nullish(),
        response: { 200: SubscriptionWithSecretSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const expected = expectedVersion(request.headers["if-match"], request.body?.version);
      const v = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const existing = await loadSubscription(tx, actor.agencyId, request.params.id, true);
        allow(actor);
        assertVersion({
          entity: "webhook subscription",
          id: existing.id,
          current: existing.version,
          expected,
        });
        const secret = newSecret();
        const row = await cycleDb(tx)
          .updateTable("webhook_subscriptions")
          .set({ secret, version: existing.version + 1, updated_at: now })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "webhook.rotateSecret",
          entityType: "webhook_subscription",
          entityId: row.id,
          before: { version: existing.version },
          after: { version: row.version, secretRotated: true },
          event: { id: deps.newId(), type: "webhook.secretRotated", payload: { subscriptionId: row.id } },
        });
        return { ...view(row), secret };
      });
      withEtag(reply, v.version);
      return v;
    },
  );

  app.delete(
    "/webhooks/:id",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "Delete a subscription and its delivery history",
        description: "Takes `If-Match` or `version` (query).",
        params: IdParamsSchema,
        headers: UpdateHeadersSchema,
        querystring: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const expected = expectedVersion(request.headers["if-match"], request.query.version);
      await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const existing = await loadSubscription(tx, actor.agencyId, request.params.id, true);
        allow(actor);
        assertVersion({
          entity: "webhook subscription",
          id: existing.id,
          current: existing.version,
          expected,
        });
        await cycleDb(tx).deleteFrom("webhook_subscriptions").where("id", "=", existing.id).execute();
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "webhook.delete",
          entityType: "webhook_subscription",
          entityId: existing.id,
          before: view(existing),
          event: { id: deps.newId(), type: "webhook.deleted", payload: { subscriptionId: existing.id } },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/webhooks/:id/deliveries",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "A subscription's deliveries, newest first",
        description:
          "Paged like every list: `{ items, nextCursor }`, the next page with `?cursor=<nextCursor>` (`null` on the last page).",
        params: IdParamsSchema,
        querystring: z.strictObject({
          status: z.enum(["PENDING", "DELIVERED", "FAILED"]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          /** The `nextCursor` of the previous page. */
          cursor: z.string().min(1).max(200).optional(),
        }),
        response: {
          200: z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { status, limit, cursor } = request.query;
      const after = cursor === undefined ? undefined : parseDeliveryCursor(cursor);
      return inTransaction(deps.database, async (tx) => {
        const subscription = await loadSubscription(tx, actor.agencyId, request.params.id);
        allow(actor);
        let query = cycleDb(tx)
          .selectFrom("webhook_deliveries")
          .selectAll()
          .where("subscription_id", "=", subscription.id);
        if (status !== undefined) query = query.where("status", "=", status);
        if (after !== undefined) {
          query = query.where((eb) =>
            eb.or([
              eb("created_at", "<", after.createdAt),
              eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)]),
            ]),
          );
        }
        const rows = await query
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(limit + 1)
          .execute();
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          items: page.map(deliveryView),
          nextCursor: rows.length > limit && last !== undefined ? `${iso(last.created_at)}_${last.id}` : null,
        };
      });
    },
  );

  app.post(
    "/webhooks/:id/deliveries/:deliveryId/retry",
    {
      config: { action: "webhook.manage" },
      schema: {
        tags: ["events"],
        summary: "Try a FAILED delivery again (a fresh series of attempts, due now)",
        params: z.object({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) }),
        response: { 200: DeliverySchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      return inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        const subscription = await loadSubscription(tx, actor.agencyId, request.params.id);
        allow(actor);
        const db = cycleDb(tx);
        const existing = await loadOne(
          db
            .selectFrom("webhook_deliveries")
            .selectAll()
            .where("subscription_id", "=", subscription.id)
            .where("id", "=", request.params.deliveryId),
          "webhook delivery",
          request.params.deliveryId,
          { forUpdate: true },
        );
        if (existing.status !== "FAILED") {
          throw new KinerjaError(
            "CONFLICT",
            `delivery ${existing.id} is ${existing.status}; only a FAILED delivery is retried`,
            {
              details: { deliveryId: existing.id, status: existing.status },
            },
          );
        }
        const row = await db
          .updateTable("webhook_deliveries")
          .set({ status: "PENDING", attempt: 0, next_attempt_at: now, updated_at: now })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "webhook.retryDelivery",
          entityType: "webhook_delivery",
          entityId: row.id,
          before: { status: existing.status, attempt: existing.attempt },
          after: { status: row.status, attempt: row.attempt },
        });
        return deliveryView(row);
      });
    },
  );
};

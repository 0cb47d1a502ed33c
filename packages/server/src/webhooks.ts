import { createHmac, timingSafeEqual } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { PERIOD_DOMAIN_EVENTS, WORK_PLAN_DOMAIN_EVENTS } from "@kinerja/core";
import fastifyPlugin from "fastify-plugin";
import type { CycleTables, WebhookDeliveryRow } from "./cycle-tables";
import { type Database, inTransaction, type Tx } from "./storage";
import {
  type HostResolver,
  NO_WEBHOOK_ALLOW_LIST,
  resolveWebhookTarget,
  systemResolver,
  type WebhookAllowList,
  webhookUrlProblem,
} from "./webhook-targets";

/**
 * Every event type the service publishes to webhooks (docs/server.md lists them). A
 * subscription names some of these, a prefix such as `assessment.*`, or `*`.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  "agency.configured",
  "agency.created",
  "agency.unitsChanged",
  "agency.updated",
  "assessment.calibrated",
  "assessment.drafted",
  "assessment.edited",
  "assessment.finalised",
  "assessment.reopened",
  "feedback.answered",
  "feedback.linksIssued",
  "feedback.requestClosed",
  "feedback.requested",
  "period.created",
  ...Object.values(PERIOD_DOMAIN_EVENTS),
  "realization.recorded",
  "staff.imported",
  "webhook.created",
  "webhook.deleted",
  "webhook.secretRotated",
  "webhook.updated",
  ...Object.values(WORK_PLAN_DOMAIN_EVENTS),
].sort();

/**
 * Why an event type pattern names nothing the service publishes, or undefined when it is `*`,
 * one of {@link WEBHOOK_EVENT_TYPES}, or a prefix (`assessment.*`) of at least one of them.
 */
export function eventTypePatternProblem(pattern: string): string | undefined {
  if (pattern === "*" || WEBHOOK_EVENT_TYPES.includes(pattern)) return undefined;
  if (pattern.endsWith(".*") && WEBHOOK_EVENT_TYPES.some((t) => t.startsWith(pattern.slice(0, -1)))) {
    return undefined;
  }
  return `"${pattern}" is not a published event type (see docs/server.md, e.g. assessment.finalised, assessment.* or *)`;
}

/** The header that carries a delivery's signature: `t=<unix seconds>, v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = "Kinerja-Signature";

/**
 * Signs a webhook body: HMAC-SHA256 with the subscription's secret over `<t>.<body>`, where `t`
 * is the Unix time in seconds. Returns the value of the {@link WEBHOOK_SIGNATURE_HEADER} header.
 *
 * @example
 * signWebhook("whsec_…", '{"id":"e1"}', 1767225600) // "t=1767225600, v1=5f0c…"
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t}, v1=${v1}`;
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** The receiver's current time. */
  now: Date;
  /** How old (or how far in the future) a signature may be, in seconds (default 300). */
  toleranceSeconds?: number;
}

/**
 * Checks a {@link WEBHOOK_SIGNATURE_HEADER} value for a body, as a receiver does: the timestamp
 * is within the tolerance of `now` and one of the `v1` signatures matches (compared in constant
 * time). Returns false for anything malformed.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  body: string,
  secret: string,
  options: VerifyWebhookOptions,
): boolean {
  if (header === undefined) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(options.now.getTime() / 1000 - timestamp) > tolerance) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex"));
  return signatures.some((s) => timingSafeEqual(Buffer.from(s), expected));
}

/** The retry schedule of failed deliveries: exponential, capped. */
export interface BackoffOptions {
  /** The wait after the first failure, in milliseconds (default 30 000). */
  baseMs?: number;
  /** The factor between two consecutive waits (default 2). */
  factor?: number;
  /** The longest wait, in milliseconds (default 6 hours). */
  maxMs?: number;
}

/**
 * How long to wait before the next attempt after `failures` failed attempts (1 = after the
 * first): `baseMs × factor^(failures − 1)`, at most `maxMs`. With the defaults: 30 s, 1 min,
 * 2 min, 4 min, … up to 6 h.
 */
export function webhookRetryDelayMs(failures: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 30_000;
  const factor = options.factor ?? 2;
  const max = options.maxMs ?? 6 * 60 * 60 * 1000;
  const n = Math.max(1, Math.floor(failures));
  return Math.min(max, base * factor ** (n - 1));
}

/** The JSON body delivered for one outbox event. */
export interface WebhookPayload {
  /** Event id (the same on every retry: receivers deduplicate by it). */
  id: string;
  /** Event type, e.g. `assessment.finalised`. */
  type: string;
  /** The agency. */
  agencyId: string | null;
  /** Entity type. */
  entityType: string;
  /** Entity id. */
  entityId: string;
  /** When the event happened (ISO 8601). */
  occurredAt: string;
  /** The event's payload (ids and states, never names or comments). */
  data: Record<string, unknown>;
}

/** Options of the delivery worker. */
export interface WebhookWorkerOptions {
  /** The open, migrated database. */
  database: Database;
  /** New delivery ids. */
  newId: () => string;
  /**
   * A replacement transport (tests): it receives only URLs that pass the target rules, and
   * resolves names itself. Default: node's HTTP client with every resolved address checked
   * before it connects (see `resolveWebhookTarget`), redirects never followed.
   */
  fetch?: typeof fetch;
  /** Targets allowed although the rules refuse them (`KINERJA_WEBHOOK_ALLOW`; default none). */
  allow?: WebhookAllowList;
  /** How the default transport resolves host names (default: the system resolver). */
  resolver?: HostResolver;
  /** Attempts per delivery before it is given up as FAILED (default 8). */
  maxAttempts?: number;
  /** The retry schedule. */
  backoff?: BackoffOptions;
  /** The most events fanned out and deliveries attempted per run (default 50). */
  batchSize?: number;
  /** The time limit of one HTTP request, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** How long a claimed delivery is reserved for the worker that claimed it, in milliseconds (default 60 000). */
  leaseMs?: number;
}

/** What one {@link WebhookDispatcher.deliverDue} run did. */
export interface DeliveryReport {
  /** Outbox events handed to subscriptions. */
  fannedOut: number;
  /** Deliveries that succeeded. */
  delivered: number;
  /** Deliveries that failed and will be retried. */
  retrying: number;
  /** Deliveries given up after the last attempt. */
  failed: number;
}

/** Hands outbox events to subscriptions and delivers them. */
export interface WebhookDispatcher {
  /**
   * Creates a delivery for every pending outbox event and every active subscription of its
   * agency that wants its type, then marks the events dispatched, in one transaction.
   * Returns the number of events handled.
   */
  fanOut(now: Date): Promise<number>;
  /**
   * Fans out pending events, then attempts every delivery due at `now`: signed POST, DELIVERED
   * on a 2xx answer, otherwise retried with exponential backoff until `maxAttempts`.
   */
  deliverDue(now: Date): Promise<DeliveryReport>;
}

const tables = (database: Database) => database.db.withTables<CycleTables>();
const withCycleTables = (tx: Tx) => tx.withTables<CycleTables>();
type CycleTx = ReturnType<typeof withCycleTables>;

function wants(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.some(
    (t) => t === "*" || t === type || (t.endsWith(".*") && type.startsWith(t.slice(0, -1))),
  );
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.name}: ${error.message}${cause}`.slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}

async function fanOutIn(tx: CycleTx, now: Date, newId: () => string, batchSize: number): Promise<number> {
  const events = await tx
    .selectFrom("outbox")
    .select(["seq", "id", "agency_id", "type"])
    .where("dispatched_at", "is", null)
    .orderBy("seq")
    .limit(batchSize)
    .forUpdate()
    .skipLocked()
    .execute();
  if (events.length === 0) return 0;
  const agencies = [...new Set(events.map((e) => e.agency_id).filter((a): a is string => a !== null))];
  const subscriptions =
    agencies.length === 0
      ? []
      : await tx
          .selectFrom("webhook_subscriptions")
          .select(["id", "agency_id", "event_types", "after_outbox_seq"])
          .where("active", "=", true)
          .where("agency_id", "in", agencies)
          .execute();
  const rows = events.flatMap((event) =>
    subscriptions
      .filter(
        (s) =>
          s.agency_id === event.agency_id &&
          event.seq > s.after_outbox_seq &&
          wants(s.event_types, event.type),
      )
      .map((s) => ({
        id: newId(),
        agency_id: s.agency_id,
        subscription_id: s.id,
        event_id: event.id,
        next_attempt_at: now,
        last_error: null,
        last_status_code: null,
        delivered_at: null,
        created_at: now,
        updated_at: now,
      })),
  );
  if (rows.length > 0) {
    await tx
      .insertInto("webhook_deliveries")
      .values(rows)
      .onConflict((oc) => oc.columns(["subscription_id", "event_id"]).doNothing())
      .execute();
  }
  await tx
    .updateTable("outbox")
    .set({ dispatched_at: now })
    .where(
      "seq",
      "in",
      events.map((e) => e.seq),
    )
    .execute();
  return events.length;
}

interface ClaimedDelivery {
  delivery: WebhookDeliveryRow;
  url: string;
  secret: string;
  payload: WebhookPayload;
}

async function claimDue(
  database: Database,
  now: Date,
  batchSize: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const claimed = await inTransaction(database, async (tx0) => {
    const tx = withCycleTables(tx0);
    const due = await tx
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_subscriptions as s", "s.id", "d.subscription_id")
      .select("d.id")
      .where("d.status", "=", "PENDING")
      .where("d.next_attempt_at", "<=", now)
      .where("s.active", "=", true)
      .orderBy("d.next_attempt_at")
      .orderBy("d.id")
      .limit(batchSize)
      .forUpdate("d")
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return tx
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: leaseUntil, updated_at: now })
      .where(
        "id",
        "in",
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
  });
  if (claimed.length === 0) return [];
  const db = tables(database);
  const details = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_subscriptions as s", "s.id", "d.subscription_id")
    .innerJoin("outbox as e", "e.id", "d.event_id")
    .select([
      "d.id as delivery_id",
      "s.url",
      "s.secret",
      "e.id",
      "e.type",
      "e.agency_id",
      "e.entity_type",
      "e.entity_id",
      "e.occurred_at",
      "e.payload",
    ])
    .where(
      "d.id",
      "in",
      claimed.map((c) => c.id),
    )
    .execute();
  const byId = new Map(details.map((d) => [d.delivery_id, d]));
  return claimed
    .map((delivery): ClaimedDelivery | undefined => {
      const d = byId.get(delivery.id);
      if (d === undefined) return undefined;
      return {
        delivery,
        url: d.url,
        secret: d.secret,
        payload: {
          id: d.id,
          type: d.type,
          agencyId: d.agency_id,
          entityType: d.entity_type,
          entityId: d.entity_id,
          occurredAt: new Date(d.occurred_at).toISOString(),
          data: d.payload,
        },
      };
    })
    .filter((c): c is ClaimedDelivery => c !== undefined)
    .sort((a, b) => (a.delivery.id < b.delivery.id ? -1 : a.delivery.id > b.delivery.id ? 1 : 0));
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** How a signed POST reaches its receiver: the HTTP status, or a rejection. */
type Transport = (
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<number>;

function fetchTransport(doFetch: () => typeof fetch): Transport {
  return async (url, headers, body, timeoutMs) => {
    const response = await doFetch()(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers,
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  };
}

/**
 * The default transport: node's HTTP client, whose every name resolution goes through
 * {@link resolveWebhookTarget}, so the address connected to is the address checked (no window
 * for DNS rebinding). Redirects are never followed (node's client does not follow them).
 */
function nodeTransport(allow: WebhookAllowList, resolver: HostResolver): Transport {
  return (raw, headers, body, timeoutMs) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(raw);
      const lookup: LookupFunction = (_hostname, options, callback) => {
        resolveWebhookTarget(url, allow, resolver).then(
          (addresses) => {
            if (options.all === true) {
              callback(null, addresses);
            } else {
              const first = addresses[0] as { address: string; family: number };
              callback(null, first.address, first.family);
            }
          },
          (error: unknown) => callback(error as NodeJS.ErrnoException, "", 0),
        );
      };
      const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      });
      request.on("response", (response) => {
        response.resume();
        response.on("error", () => undefined);
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
      request.end(body);
    });
}

async function post(
  transport: Transport,
  allow: WebhookAllowList,
  claimed: ClaimedDelivery,
  now: Date,
  timeoutMs: number,
): Promise<Outcome> {
  const problem = webhookUrlProblem(claimed.url, allow);
  if (problem !== undefined) return { ok: false, status: null, error: `target refused: ${problem}` };
  const body = JSON.stringify(claimed.payload);
  const attempt = claimed.delivery.attempt + 1;
  try {
    const status = await transport(
      claimed.url,
      {
        "content-type": "application/json",
        "user-agent": "kinerja-webhooks/1",
        "kinerja-event-id": claimed.payload.id,
        "kinerja-event-type": claimed.payload.type,
        "kinerja-delivery-attempt": String(attempt),
        [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: signWebhook(claimed.secret, body, now.getTime() / 1000),
      },
      body,
      timeoutMs,
    );
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `receiver answered HTTP ${status}` };
  } catch (error) {
    return { ok: false, status: null, error: describeError(error) };
  }
}

/**
 * Creates the webhook dispatcher: at-least-once delivery of outbox events to the subscriptions
 * of their agency, each POST signed ({@link signWebhook}), failures retried with exponential
 * backoff ({@link webhookRetryDelayMs}) and given up after `maxAttempts`. A claimed delivery is
 * leased for `leaseMs`, so a crashed worker's deliveries are retried and several workers do
 * not send the same attempt twice. Receivers deduplicate by the event id.
 */
export function createWebhookDispatcher(options: WebhookWorkerOptions): WebhookDispatcher {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const allow = options.allow ?? NO_WEBHOOK_ALLOW_LIST;
  const custom = options.fetch;
  const transport =
    custom === undefined
      ? nodeTransport(allow, options.resolver ?? systemResolver)
      : fetchTransport(() => custom);

  const fanOut = (now: Date) =>
    inTransaction(options.database, (tx) => fanOutIn(withCycleTables(tx), now, options.newId, batchSize));

  return {
    fanOut,
    async deliverDue(now) {
      const report: DeliveryReport = { fannedOut: await fanOut(now), delivered: 0, retrying: 0, failed: 0 };
      const claimed = await claimDue(options.database, now, batchSize, leaseMs);
      const outcomes = await Promise.all(claimed.map((c) => post(transport, allow, c, now, timeoutMs)));
      const db = tables(options.database);
      for (const [i, c] of claimed.entries()) {
        const outcome = outcomes[i]!;
        const attempt = c.delivery.attempt + 1;
        const guard = db
          .updateTable("webhook_deliveries")
          .where("id", "=", c.delivery.id)
          .where("attempt", "=", c.delivery.attempt)
          .where("status", "=", "PENDING");
        if (outcome.ok) {
          await guard
            .set({
              status: "DELIVERED",
              attempt,
              delivered_at: now,
              last_status_code: outcome.status,
              last_error: null,
              updated_at: now,
            })
            .execute();
          report.delivered += 1;
        } else if (attempt >= maxAttempts) {
          await guard
            .set({
              status: "FAILED",
              attempt,
              last_status_code: outcome.status,
              last_error: outcome.error,
              updated_at: now,
            })
            .execute();
          report.failed += 1;
        } else {
          await guard
            .set({
              attempt,
              next_attempt_at: new Date(now.getTime() + webhookRetryDelayMs(attempt, options.backoff)),
              last_status_code: outcome.status,
              last_error: outcome.error,
              updated_at: now,
            })
            .execute();
          report.retrying += 1;
        }
      }
      return report;
    },
  };
}

/** Options of {@link startWebhookWorker}. */
export interface StartWebhookWorkerOptions extends WebhookWorkerOptions {
  /** The service clock. */
  clock: () => Date;
  /** How often to run, in milliseconds (default 5 000). */
  intervalMs?: number;
  /** Where to report a failed run (default: ignored; the next run tries again). */
  onError?: (error: unknown) => void;
}

/** A running worker. */
export interface WebhookWorker {
  /** Runs once now (waits for a run in progress first). */
  runOnce(): Promise<DeliveryReport>;
  /** Stops the timer and waits for a run in progress; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the delivery timer: every `intervalMs`, {@link WebhookDispatcher.deliverDue} at the
 * clock's time. The timer is unref'd (it never keeps the process alive) and `stop()` clears it
 * and waits for the run in progress; the server stops it when it closes.
 */
export function startWebhookWorker(options: StartWebhookWorkerOptions): WebhookWorker {
  const dispatcher = createWebhookDispatcher(options);
  const intervalMs = Math.max(10, options.intervalMs ?? 5_000);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<DeliveryReport> | undefined;
  let stopped = false;

  const run = (): Promise<DeliveryReport> => {
    const previous = running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => dispatcher.deliverDue(options.clock()));
    running = next;
    void next
      .finally(() => {
        if (running === next) running = undefined;
      })
      .catch(() => undefined);
    return next;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      run()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    runOnce: run,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}

/** Options of {@link webhookWorkerPlugin}: the worker's options. */
export type WebhookWorkerPluginOptions = StartWebhookWorkerOptions;

/**
 * A Fastify plugin that runs the delivery worker while the server runs: it starts the timer when
 * the app is ready and stops it (waiting for a run in progress) when the app closes, so that
 * nothing is left running. Register it before `app.ready()`, e.g. in `buildApp` when the
 * service is started with `kinerja serve`.
 *
 * @example
 * await app.register(webhookWorkerPlugin, { database, clock, newId, intervalMs: 5000 });
 */
export const webhookWorkerPlugin = fastifyPlugin<WebhookWorkerPluginOptions>(
  async (app, options) => {
    let worker: WebhookWorker | undefined;
    app.addHook("onReady", async () => {
      worker = startWebhookWorker({
        ...options,
        onError:
          options.onError ??
          ((error: unknown) =>
            app.log.warn({ err: error }, "webhook delivery run failed; the next run retries")),
      });
    });
    app.addHook("onClose", async () => {
      await worker?.stop();
    });
  },
  { name: "kinerja-webhook-worker", fastify: "5.x" },
);

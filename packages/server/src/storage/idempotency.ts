import { createHash } from "node:crypto";
import { isKinerjaError, KinerjaError, validationError } from "@kinerja/core";
import { sql } from "kysely";
import type { Database } from "./database";
import type { JsonValue } from "./schema";
import { inTransaction, json, type Tx, translateDatabaseError, violatedConstraint } from "./transaction";

/** How long a stored response is replayed: 24 hours. Older keys are pruned and may be used again. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Who asked, where, with which key and request: the scope of one `Idempotency-Key`. */
export interface IdempotencyScope {
  /** The client's key (1–200 visible characters). */
  key: string;
  /** The actor's id (token `sub`). */
  actorId: string;
  /** The actor's agency. */
  agencyId: string;
  /** Method and route pattern, e.g. `POST /v1/periods`. */
  route: string;
  /** Everything that defines the request (params, query, body); hashed. */
  request: unknown;
}

/** A response to send: status and JSON body. */
export interface StoredResponse {
  /** HTTP status code. */
  statusCode: number;
  /** JSON body. */
  body: unknown;
  /**
   * The body stored for replays when it must differ from the first response: without secrets
   * (a webhook's signing secret is shown once and never stored in a replay record).
   */
  replayBody?: unknown;
}

/** A response with whether it was replayed from an earlier request with the same key. */
export interface IdempotentResponse extends StoredResponse {
  /** True when stored earlier and replayed now (nothing ran again). */
  replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Checks an `Idempotency-Key` header value: 1–200 visible ASCII characters, else VALIDATION_FAILED. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  if (!KEY_PATTERN.test(raw)) {
    throw validationError([
      {
        path: ["headers", "idempotency-key"],
        message: "expected 1 to 200 visible ASCII characters",
        code: "invalid_format",
      },
    ]);
  }
  return raw;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** SHA-256 of a request in canonical JSON (key order does not matter). */
export function requestHash(request: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(request)) ?? "null")
    .digest("hex");
}

async function lookup(
  tx: Tx,
  scope: IdempotencyScope,
  hash: string,
  notBefore: Date,
): Promise<IdempotentResponse | undefined> {
  const row = await tx
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status_code", "response", "created_at"])
    .where("agency_id", "=", scope.agencyId)
    .where("actor_id", "=", scope.actorId)
    .where("route", "=", scope.route)
    .where("key", "=", scope.key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (new Date(row.created_at).getTime() < notBefore.getTime()) {
    // Expired: forget it, so the key can be used again.
    await tx
      .deleteFrom("idempotency_keys")
      .where("agency_id", "=", scope.agencyId)
      .where("actor_id", "=", scope.actorId)
      .where("route", "=", scope.route)
      .where("key", "=", scope.key)
      .execute();
    return undefined;
  }
  if (row.request_hash !== hash) {
    throw new KinerjaError(
      "CONFLICT",
      `Idempotency-Key ${scope.key} was already used for a different request to ${scope.route}`,
      {
        details: { idempotencyKey: scope.key, route: scope.route },
      },
    );
  }
  return { statusCode: row.status_code, body: row.response, replayed: true };
}

/** Errors that mean "this actor may not do this now": a replay is refused with them. */
const REFUSALS = new Set(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"]);

/**
 * Runs the request again inside a savepoint that is always rolled back, and throws when it
 * was refused for the actor (FORBIDDEN, NOT_FOUND, UNAUTHENTICATED): a stored response is
 * replayed only to an actor who may still make the request. Any other outcome (the record
 * exists already, a state moved on) is discarded with the savepoint.
 */
async function recheckAuthorisation(tx: Tx, fn: (tx: Tx) => Promise<StoredResponse>): Promise<void> {
  await sql`savepoint kinerja_replay_check`.execute(tx);
  let refusal: unknown;
  try {
    await fn(tx);
  } catch (error) {
    const translated = translateDatabaseError(error);
    if (isKinerjaError(translated) && REFUSALS.has(translated.code)) refusal = translated;
  }
  await sql`rollback to savepoint kinerja_replay_check`.execute(tx);
  if (refusal !== undefined) throw refusal;
}

/**
 * Runs a creating request at most once per key, actor and route. Without a scope it simply runs
 * `fn` in a transaction. With one: a stored response for the same request is replayed (nothing
 * runs, but the actor's authorisation is checked again first: a request refused now is
 * refused, not replayed); the same key with a different request is a CONFLICT; otherwise `fn`
 * runs and its response (its `replayBody` when given: no secrets) is stored in the same
 * transaction, so the change and its stored response commit together. A concurrent duplicate
 * that loses the race replays the winner's response. Keys expire after `ttlMs` (default
 * {@link IDEMPOTENCY_TTL_MS}); the body is normalised to JSON.
 */
export async function withIdempotency(
  database: Database,
  scope: IdempotencyScope | undefined,
  fn: (tx: Tx) => Promise<StoredResponse>,
  now: () => Date = () => new Date(),
  ttlMs: number = IDEMPOTENCY_TTL_MS,
): Promise<IdempotentResponse> {
  if (scope === undefined) {
    const response = await inTransaction(database, fn);
    return {
      statusCode: response.statusCode,
      body: JSON.parse(JSON.stringify(response.body ?? null)),
      replayed: false,
    };
  }
  const hash = requestHash(scope.request);
  const attempt = () =>
    inTransaction(database, async (tx) => {
      const stored = await lookup(tx, scope, hash, new Date(now().getTime() - ttlMs));
      if (stored !== undefined) {
        await recheckAuthorisation(tx, fn);
        return stored;
      }
      const response = await fn(tx);
      const body = JSON.parse(JSON.stringify(response.body ?? null)) as JsonValue;
      const replayBody =
        response.replayBody === undefined
          ? body
          : (JSON.parse(JSON.stringify(response.replayBody ?? null)) as JsonValue);
      await tx
        .insertInto("idempotency_keys")
        .values({
          key: scope.key,
          actor_id: scope.actorId,
          agency_id: scope.agencyId,
          route: scope.route,
          request_hash: hash,
          status_code: response.statusCode,
          response: json(replayBody),
          created_at: now(),
        })
        .execute();
      return { statusCode: response.statusCode, body, replayed: false };
    });
  try {
    return await attempt();
  } catch (error) {
    const conflictOnKey =
      error instanceof KinerjaError &&
      error.code === "CONFLICT" &&
      violatedConstraint(error) === "idempotency_keys_pkey";
    if (!conflictOnKey) throw error;
    return attempt();
  }
}

/** Deletes stored idempotency responses older than `before`; returns how many. */
export async function pruneIdempotencyKeys(database: Database, before: Date): Promise<number> {
  const result = await database.db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The idempotency scope of a request, or undefined when it carries no `Idempotency-Key`
 * header (a malformed key is VALIDATION_FAILED).
 */
export function idempotencyScope(input: {
  /** The `Idempotency-Key` header. */
  header: string | string[] | undefined;
  /** The authenticated actor. */
  actor: { id: string; agencyId: string };
  /** Method and route pattern, e.g. `POST /v1/periods`. */
  route: string;
  /** Everything that defines the request (params, query, body). */
  request: unknown;
}): IdempotencyScope | undefined {
  const key = parseIdempotencyKey(input.header);
  if (key === undefined) return undefined;
  return {
    key,
    actorId: input.actor.id,
    agencyId: input.actor.agencyId,
    route: input.route,
    request: input.request,
  };
}

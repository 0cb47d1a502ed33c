import { randomUUID } from "node:crypto";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { RulePackageRegistry } from "@kinerja/core";
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import helmet, { type HelmetOptions } from "helmet";
import { z } from "zod";
import { type AuthOptions, authenticate, registerAuth } from "./auth";
import { type DemoRoutesOptions, demoRoutes } from "./demo-routes";
import type { PolicyDeps, RouteDeps, WebhookDeps } from "./deps";
import { createEvaluationPool, type EvaluationPool } from "./evaluation-pool";
import { FailedAuthLimiter } from "./failed-auth-limit";
import {
  type ErrorBody,
  ErrorBodySchema,
  keyAwareValidatorCompiler,
  registerErrorHandling,
} from "./http-errors";
import { tidyOpenApi } from "./openapi";
import { defaultRegistry } from "./registry";
import { DEFAULT_IN_PROCESS_UP_TO, DEFAULT_MAX_EVALUATE_CASES } from "./routes/evaluate";
import { v1Routes } from "./routes/index";
import { type Database, IDEMPOTENCY_TTL_MS, pruneIdempotencyKeys } from "./storage";
import { registerWeb, type WebOptions } from "./web";
import { parseWebhookAllowList } from "./webhook-targets";
import { webhookWorkerPlugin } from "./webhooks";

/**
 * Rate limiting: per subject (the token's agency and `sub`; the client address for routes
 * without a token) after authentication, and per client address for failed authentications
 * before any token is verified.
 */
export interface RateLimitOptions {
  /** Requests allowed per subject and window (default 1 000). */
  max?: number;
  /** The window, in milliseconds (default one minute). */
  timeWindow?: number;
  /** Failed authentications allowed per client address and window before it gets 429 (default 300). */
  failedAuthPerAddress?: number;
}

/** Options of {@link buildApp}. */
export interface AppOptions {
  /** The open, migrated database. */
  database: Database;
  /** How bearer tokens are verified: exactly one of a secret, a public key or a JWKS URL. */
  auth: AuthOptions;
  /** The rule packages (default: every package of `@kinerja/rules-default`). */
  registry?: RulePackageRegistry;
  /** The clock (default: the system clock). */
  clock?: () => Date;
  /** The id generator (default: `crypto.randomUUID`). */
  newId?: () => string;
  /** Policy options (default: the anonymity threshold k = 3, unverified). */
  policy?: Partial<PolicyDeps>;
  /** Webhook delivery options. */
  webhook?: WebhookDeps;
  /** Rate limiting (default 1 000 requests per minute per subject, 300 failed authentications per minute per address); `false` turns both off. */
  rateLimit?: RateLimitOptions | false;
  /** Logging: `false` for none (tests), or pino options (level, destination stream). */
  logger?: boolean | ({ level?: string; stream?: NodeJS.WritableStream } & Record<string, unknown>);
  /** The largest request body accepted, in bytes (default 5 MiB). */
  bodyLimit?: number;
  /**
   * `POST /v1/evaluate`: the most cases per request (default 5 000; 413 beyond), and the worker
   * threads that evaluate batches of more than `inProcessUpTo` cases (default 16) off the event
   * loop (default: CPUs − 1; `false` evaluates in the request's thread). The pool evaluates with
   * the default rule packages, so it is used only when `registry` is not given.
   */
  evaluation?: { maxCases?: number; workers?: number | false; inProcessUpTo?: number };
  /**
   * Trust `X-Forwarded-*` headers from a reverse proxy, so that limits apply to the real client
   * address (default false): `true`, the number of proxy hops, or the proxies' addresses/CIDRs.
   */
  trustProxy?: boolean | number | string | readonly string[];
  /**
   * Run the webhook delivery worker while the app runs (`kinerja serve` does; default off, so
   * tests and embedders that deliver themselves start no timer). `intervalMs` defaults to 5 000.
   */
  webhookWorker?: boolean | { intervalMs?: number };
  /**
   * Serve the web pages (the built `packages/web`) at `/`, with `index.html` for every other page
   * path; `/` says how to build them when they are missing. Default off (`kinerja serve` turns
   * it on unless `--no-web`).
   */
  web?: boolean | WebOptions;
  /**
   * The demo sign-in of the web pages (`GET /demo/personas`, `POST /demo/token`): only with the
   * published development secret (`kinerja serve --demo`). Default off.
   */
  demo?: DemoRoutesOptions;
}

/** The default body limit: 5 MiB. */
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

/** The default rate limits: 1 000 requests per minute per subject, 300 failed authentications per minute per address. */
export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = {
  max: 1000,
  timeWindow: 60_000,
  failedAuthPerAddress: 300,
};

/**
 * Log paths that are removed before a line is written: credentials, bodies and the fields
 * that hold names, comments and justifications. Logs carry ids, never names or comments.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  "req.headers.authorization",
  "req.headers.cookie",
  "body",
  "*.body",
  "name",
  "*.name",
  "comments",
  "*.comments",
  "comment",
  "*.comment",
  "justification",
  "*.justification",
  "err.detail",
  "err.details",
  "err.where",
  "err.parameters",
];

/** A route as registered: method, URL, the policy action it performs and whether it needs a token. */
export interface RouteInfo {
  /** HTTP method. */
  method: string;
  /** URL pattern, e.g. `/v1/work-plans/:id/approve`. */
  url: string;
  /** The core policy action (`config.action`), when the route declares one. */
  action?: string;
  /** Whether the route requires a bearer token. */
  auth: boolean;
  /** The route's zod schemas of the request parts it declares (for tests and tooling). */
  schemas: { body?: unknown; params?: unknown; querystring?: unknown; headers?: unknown };
}

declare module "fastify" {
  interface FastifyInstance {
    /** The worker pool of `POST /v1/evaluate`, when there is one. */
    evaluationPool: EvaluationPool | undefined;
    /** Every route of the service with its declared policy action (for docs and the role × route test). */
    routeCatalog: readonly RouteInfo[];
  }
}

function loggerOptions(option: AppOptions["logger"]): NonNullable<FastifyServerOptions["logger"]> {
  if (option === false) return false;
  const custom = typeof option === "object" ? option : {};
  return {
    level: "info",
    ...custom,
    redact: { paths: [...REDACTED_LOG_PATHS], censor: "[redacted]" },
    serializers: {
      req: (request: FastifyRequest) => ({
        id: request.id,
        method: request.method,
        url: request.routeOptions?.url ?? request.url.split("?")[0] ?? "",
      }),
    },
  };
}

/**
 * The key-aware validator compiler ({@link keyAwareValidatorCompiler}), except that a request without a body reaches a
 * body schema as `undefined` (fastify hands `null`), so that `body: X.optional()` accepts a POST
 * without a body, as `curl -X POST` sends it.
 */
const bodylessAwareValidatorCompiler: typeof validatorCompiler = (route) => {
  const validate = keyAwareValidatorCompiler(route);
  if (route.httpPart !== "body") return validate;
  return (data) => validate(data === null ? undefined : data);
};

/** The security headers' settings (helmet's): a strict Content-Security-Policy for the pages and docs. */
export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      "img-src": ["'self'", "data:"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "script-src": ["'self'"],
      // Served over plain http on a laptop or behind a TLS-terminating proxy: do not rewrite URLs.
      "upgrade-insecure-requests": null,
    },
  },
};

/**
 * The headers helmet sets with `options`, and those it removes, worked out once: with fixed
 * settings (no nonces, no directive computed per request) they are the same for every response,
 * and building helmet's middleware on every request (as `@fastify/helmet` does) was a twentieth
 * of a one-case `POST /v1/evaluate`. Throws if a setting would make them depend on the request.
 */
export function securityHeaders(options: Readonly<HelmetOptions> = SECURITY_HEADER_OPTIONS): {
  set: readonly (readonly [string, string])[];
  removed: readonly string[];
} {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const request = new Proxy(
    {},
    {
      get() {
        throw new Error("a security header setting reads the request; it cannot be worked out once");
      },
    },
  );
  const response = {
    setHeader: (name: string, value: string) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let failure: unknown;
  helmet({ ...options } as HelmetOptions)(request as never, response as never, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw failure;
  return { set, removed };
}

/** The query of a route that reads none: any parameter is unknown. */
const NoQuerySchema = z.strictObject({});

const HealthSchema = z.object({ status: z.literal("ok") });
const ReadySchema = z.object({ status: z.literal("ready"), database: z.enum(["pglite", "postgres"]) });

/**
 * Builds the service (never listens): Fastify 5 with zod schemas, OpenAPI 3 at `/openapi.json`
 * and a docs page at `/docs`, security headers, rate limiting, a body limit, pino logs without
 * names or comments, public `/health` and `/ready`, and every `/v1` route behind a bearer token.
 * Throws VALIDATION_FAILED naming `auth` when no way to verify tokens is configured.
 *
 * @example
 * const database = await openDatabase();
 * await migrate(database);
 * const app = await buildApp({ database, auth: { secret: process.env.KINERJA_JWT_SECRET } });
 * await app.listen({ port: 3000 });
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const serverOptions: FastifyServerOptions = {
    logger: loggerOptions(options.logger),
    bodyLimit,
    genReqId: () => randomUUID(),
    // Fastify takes a hop count too (its types omit it).
    trustProxy: ((Array.isArray(options.trustProxy) ? [...options.trustProxy] : options.trustProxy) ??
      false) as NonNullable<FastifyServerOptions["trustProxy"]>,
    return503OnClosing: true,
  };
  const app = Fastify(serverOptions).withTypeProvider<ZodTypeProvider>();
  // JSON routes read JSON: a text/plain body is 415 UNSUPPORTED_MEDIA_TYPE, not a string that
  // fails validation (routes that read other types, e.g. text/csv, add their parser).
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(bodylessAwareValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const workers = options.evaluation?.workers;
  const pool =
    options.registry === undefined && workers !== false
      ? createEvaluationPool(workers === undefined ? {} : { threads: workers })
      : undefined;
  app.decorate("evaluationPool", pool);
  app.addHook("onClose", async () => {
    await pool?.close();
  });
  const deps: RouteDeps = {
    database: options.database,
    registry: options.registry ?? defaultRegistry(),
    clock: options.clock ?? (() => new Date()),
    newId: options.newId ?? (() => randomUUID()),
    policy: { minAnonymousAnswers: options.policy?.minAnonymousAnswers ?? 3 },
    ...(options.webhook ? { webhook: options.webhook } : {}),
    evaluation: {
      maxCases: options.evaluation?.maxCases ?? DEFAULT_MAX_EVALUATE_CASES,
      inProcessUpTo: options.evaluation?.inProcessUpTo ?? DEFAULT_IN_PROCESS_UP_TO,
      ...(pool === undefined ? {} : { pool }),
    },
    webhookAllow: parseWebhookAllowList(
      options.webhook?.allow ?? process.env.KINERJA_WEBHOOK_ALLOW,
      options.webhook?.allow === undefined ? "KINERJA_WEBHOOK_ALLOW" : "webhook.allow",
    ),
  };

  await registerAuth(app, options.auth);

  const catalog: RouteInfo[] = [];
  app.decorate("routeCatalog", catalog);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as { action?: string; auth?: boolean };
    const auth = route.url.startsWith("/v1") && config.auth !== false;
    if (!auth) route.schema = { ...(route.schema ?? {}), security: [] };
    // A query parameter no route reads is a 400 naming it, as in bodies: a misspelt `?cursor`
    // is never silently ignored. Routes that read a query declare a strict schema of their own.
    if (route.url.startsWith("/v1") && route.schema?.querystring === undefined)
      route.schema = { ...(route.schema ?? {}), querystring: NoQuerySchema };
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const schemas = Object.fromEntries(
      ["body", "params", "querystring", "headers"]
        .filter((part) => schema[part] !== undefined)
        .map((part) => [part, schema[part]]),
    );
    for (const method of methods) {
      if (method === "HEAD") continue;
      catalog.push({
        method,
        url: route.url,
        ...(config.action ? { action: config.action } : {}),
        auth,
        schemas,
      });
    }
  });

  // Security headers on every response (errors and unknown routes too), set before anything else.
  const headers = securityHeaders();
  app.addHook("onRequest", (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of headers.removed) raw.removeHeader(name);
    for (const [name, value] of headers.set) raw.setHeader(name, value);
    done();
  });
  const limit =
    options.rateLimit === false ? undefined : { ...DEFAULT_RATE_LIMIT, ...(options.rateLimit ?? {}) };
  if (limit !== undefined) {
    await app.register(fastifyRateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindow,
      // After authentication (onRequest), before the body is parsed: per subject, or per address
      // for routes without a token.
      hook: "preParsing",
      // (`request.actor` is null, not undefined, on the public routes.)
      keyGenerator: (request) =>
        // Outside /v1 (and on public routes) there is no actor: the decoration is null.
        request.actor == null
          ? `address:${request.ip}`
          : `subject:${request.actor.agencyId}:${request.actor.id}`,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many requests; retry after ${context.after}`), {
          statusCode: 429,
          code: "RATE_LIMITED",
        }),
    });
  }
  const failedAuth =
    limit === undefined ? undefined : new FailedAuthLimiter(limit.failedAuthPerAddress, limit.timeWindow);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Kinerja",
        description:
          "Performance evaluation of Indonesian civil servants (ASN): stateless evaluation and the stateful SKP cycle. Every /v1 route needs `Authorization: Bearer <JWT>` with the claims sub, agency and roles.",
        version: "0.1.0",
      },
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => tidyOpenApi(jsonSchemaTransformObject(input)),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: "/docs",
    uiConfig: { validatorUrl: null, persistAuthorization: true, tryItOutEnabled: true },
  });

  app.get("/openapi.json", { schema: { hide: true }, config: { rateLimit: false } }, () => app.swagger());

  app.get(
    "/health",
    {
      schema: { tags: ["ops"], summary: "Liveness: the process answers", response: { 200: HealthSchema } },
      config: { rateLimit: false },
    },
    () => ({ status: "ok" as const }),
  );

  app.get(
    "/ready",
    {
      schema: {
        tags: ["ops"],
        summary: "Readiness: the database answers",
        response: { 200: ReadySchema, 503: ErrorBodySchema },
      },
      config: { rateLimit: false },
    },
    async (request, reply) => {
      try {
        await deps.database.ping();
        return { status: "ready" as const, database: deps.database.kind };
      } catch (error) {
        request.log.error({ err: error }, "database unreachable");
        const body: ErrorBody = { code: "UNAVAILABLE", message: "the database is unreachable", details: {} };
        return reply.code(503).send(body);
      }
    },
  );

  // Stored idempotent responses expire after 24 hours: pruned at start and every hour.
  const pruneIdempotency = () =>
    pruneIdempotencyKeys(deps.database, new Date(deps.clock().getTime() - IDEMPOTENCY_TTL_MS)).catch(
      (error: unknown) =>
        app.log.warn({ err: error }, "pruning idempotency keys failed; the next run retries"),
    );
  let pruneTimer: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    await pruneIdempotency();
    pruneTimer = setInterval(() => void pruneIdempotency(), 60 * 60 * 1000);
    pruneTimer.unref();
  });
  app.addHook("onClose", async () => {
    if (pruneTimer !== undefined) clearInterval(pruneTimer);
  });

  if (options.webhookWorker) {
    const interval = typeof options.webhookWorker === "object" ? options.webhookWorker.intervalMs : undefined;
    await app.register(webhookWorkerPlugin, {
      database: deps.database,
      clock: deps.clock,
      newId: deps.newId,
      ...(deps.webhook?.fetch ? { fetch: deps.webhook.fetch } : {}),
      ...(deps.webhook?.maxAttempts ? { maxAttempts: deps.webhook.maxAttempts } : {}),
      ...(deps.webhook?.resolver ? { resolver: deps.webhook.resolver } : {}),
      ...(deps.webhookAllow ? { allow: deps.webhookAllow } : {}),
      ...(interval ? { intervalMs: interval } : {}),
    });
  }

  if (options.demo) await app.register(demoRoutes, options.demo);
  if (options.web) await registerWeb(app, options.web === true ? {} : options.web);

  await app.register(
    async (v1) => {
      // Answers about people and their records are never cached by browsers or proxies.
      v1.addHook("onSend", async (_request, reply, payload) => {
        reply.header("cache-control", "no-store");
        return payload;
      });
      v1.addHook("onRequest", async (request, reply) => {
        if (request.routeOptions.config.auth === false) return;
        const wait = failedAuth?.retryAfterSeconds(request.ip) ?? 0;
        if (wait > 0) {
          reply.header("retry-after", String(wait));
          throw Object.assign(
            new Error(`too many failed authentications from this address; retry after ${wait} seconds`),
            { statusCode: 429, code: "RATE_LIMITED" },
          );
        }
        try {
          await authenticate(request);
        } catch (error) {
          failedAuth?.recordFailure(request.ip);
          throw error;
        }
      });
      await v1.register(v1Routes, deps);
    },
    { prefix: "/v1" },
  );

  await app.ready();
  return app;
}

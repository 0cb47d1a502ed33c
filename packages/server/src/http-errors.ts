import { formatPath, isKinerjaError, type KinerjaErrorCode, type KinerjaIssue } from "@kinerja/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, validatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

/**
 * The HTTP status of every {@link KinerjaErrorCode}: the one table from error code to status.
 * The core never knows about HTTP; this table is the only place that does.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<KinerjaErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  RULE_PACKAGE_NOT_FOUND: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  CASCADE_INVALID: 422,
  WORK_PLAN_INVALID: 422,
  RULE_PACKAGE_INVALID: 500,
  INTERNAL: 500,
};

/**
 * Codes the HTTP layer adds for problems of the transport rather than the domain, each with its
 * status: a body over the size limit, a content type the route does not read, too many requests,
 * a method the route does not have, and a dependency (the database) that cannot be reached.
 */
export const HTTP_TRANSPORT_CODES = {
  /** The body is larger than the configured limit (413). */
  PAYLOAD_TOO_LARGE: 413,
  /** The route does not read this Content-Type (415). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The client sent too many requests in the rate-limit window (429). */
  RATE_LIMITED: 429,
  /** The service cannot serve the request now, e.g. the database is unreachable (503). */
  UNAVAILABLE: 503,
} as const;

/** A code that can appear in an HTTP error body: a core code or a transport code. */
export type HttpErrorCode = KinerjaErrorCode | keyof typeof HTTP_TRANSPORT_CODES;

/** The body of every error response: `{ code, message, details }`, never a stack trace. */
export const ErrorBodySchema = z
  .object({
    /** A core error code (see `ERROR_CODES`) or a transport code (see {@link HTTP_TRANSPORT_CODES}). */
    code: z.string(),
    /** What was wrong, where, and what to do. */
    message: z.string(),
    /** Structured details; for VALIDATION_FAILED, `issues` names each field path. */
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "Error" });
/** An error response body. */
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An HTTP status and the error body to send with it. */
export interface HttpError {
  /** The HTTP status code. */
  status: number;
  /** The body. */
  body: ErrorBody;
}

/** The HTTP status for a core error code. */
export function httpStatusOf(code: KinerjaErrorCode): number {
  return HTTP_STATUS_BY_CODE[code];
}

/** An issue of a request part (body, querystring, params, headers) that failed its schema. */
interface HttpIssue extends KinerjaIssue {
  /** Which part of the request: `body`, `querystring`, `params` or `headers`. */
  in?: string;
}

/** Turns fastify's `instancePath` (`/cases/0/employee`) back into a path (`["cases", 0, "employee"]`). */
function pathOf(instancePath: string): PropertyKey[] {
  if (instancePath === "" || instancePath === "/") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

/** What zod's schema definitions look like from outside, enough to walk them. */
interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
  element?: unknown;
  items?: unknown[];
  valueType?: unknown;
  options?: unknown[];
  left?: unknown;
  right?: unknown;
  getter?: () => unknown;
}

const defOf = (schema: unknown): SchemaDef =>
  ((schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def ?? {}) as SchemaDef;

/** The schemas a schema stands for once wrappers (optional, default, pipe, union, lazy, …) are removed. */
function unwrapped(schema: unknown, depth = 0): unknown[] {
  if (depth > 32 || schema === undefined) return [];
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return unwrapped(def.innerType, depth + 1);
    case "pipe":
      return [...unwrapped(def.in, depth + 1), ...unwrapped(def.out, depth + 1)];
    case "lazy":
      return def.getter ? unwrapped(def.getter(), depth + 1) : [];
    case "union":
      return (def.options ?? []).flatMap((o) => unwrapped(o, depth + 1));
    case "intersection":
      return [...unwrapped(def.left, depth + 1), ...unwrapped(def.right, depth + 1)];
    default:
      return [schema];
  }
}

/** The keys an object schema knows at `path` inside `schema` (every object a union could be). */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = unwrapped(schema);
  for (const part of path) {
    current = current.flatMap((s) => {
      const def = defOf(s);
      if (def.type === "object" && typeof part === "string") return unwrapped(def.shape?.[part]);
      if (def.type === "array") return unwrapped(def.element);
      if (def.type === "tuple" && typeof part === "number") return unwrapped(def.items?.[part]);
      if (def.type === "record") return unwrapped(def.valueType);
      return [];
    });
  }
  const keys = current.flatMap((s) => {
    const def = defOf(s);
    return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
  });
  return [...new Set(keys)];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known key a client most likely meant by an unknown one, if one is close: a key that
 * contains it or that it contains (`result` → `resultRating`), else the key within a small edit
 * distance (`realisation` → `realization`); case is ignored. `undefined` when none is close.
 */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  const u = unknown.toLowerCase();
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const k = key.toLowerCase();
    if (k === u) return key;
    const contained = Math.min(k.length, u.length) >= 3 && (k.includes(u) || u.includes(k));
    const distance = editDistance(u, k);
    const score = contained ? Math.abs(k.length - u.length) / 100 : distance;
    const limit = contained ? 1 : Math.max(1, Math.floor(Math.max(u.length, k.length) / 4));
    if (score > limit) continue;
    if (best === undefined || score < best.score) best = { key, score };
  }
  return best?.key;
}

/**
 * fastify-type-provider-zod's validator compiler, with the keys the schema knows attached to
 * every `unrecognized_keys` issue (`params.known`), so that {@link toHttpError} can name the key
 * a client probably meant.
 */
export const keyAwareValidatorCompiler: typeof validatorCompiler = (route) => {
  const validate = validatorCompiler(route);
  return (data) => {
    const result = validate(data);
    if (typeof result !== "object" || !("error" in result) || !Array.isArray(result.error)) return result;
    for (const issue of result.error as { keyword?: string; instancePath?: string; params?: object }[]) {
      if (issue.keyword !== "unrecognized_keys") continue;
      issue.params = { ...issue.params, known: knownKeysAt(route.schema, pathOf(issue.instancePath ?? "")) };
    }
    return result;
  };
};

/** One issue per unknown key, naming the key (in the path and the message) and the key probably meant. */
function unknownKeyIssues(issue: HttpIssue & { keys?: unknown; known?: unknown }): HttpIssue[] {
  const keys = Array.isArray(issue.keys) ? issue.keys.map(String) : [];
  if (keys.length === 0) return [issue];
  const known = Array.isArray(issue.known) ? issue.known.map(String) : [];
  const { keys: _keys, known: _known, ...rest } = issue;
  return keys.map((key) => {
    const suggestion = closestKey(key, known);
    return {
      ...rest,
      path: [...issue.path, key],
      message: `unknown key "${key}"${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}`,
      key,
      ...(suggestion === undefined ? {} : { suggestion }),
    };
  });
}

function summary(issues: readonly HttpIssue[], context?: string): string {
  const head = issues
    .slice(0, 3)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join("; ");
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return `${context ? `${context}: ` : ""}${head}${more}`;
}

function validationBody(issues: HttpIssue[], context?: string): HttpError {
  return {
    status: 400,
    body: { code: "VALIDATION_FAILED", message: summary(issues, context), details: { issues } },
  };
}

/** A transport or request-level problem found by fastify itself (not by a route schema). */
function fastifyError(error: FastifyError): HttpError | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        body: {
          code: "PAYLOAD_TOO_LARGE",
          message: "the request body is larger than the limit",
          details: {},
        },
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        body: {
          code: "UNSUPPORTED_MEDIA_TYPE",
          message: "this Content-Type is not accepted here; send application/json",
          details: {},
        },
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return validationBody(
        [
          {
            path: [],
            message: "the body is empty but Content-Type says application/json",
            code: "invalid_json",
            in: "body",
          },
        ],
        "body",
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return validationBody(
        [{ path: [], message: "the body is not valid JSON", code: "invalid_json", in: "body" }],
        "body",
      );
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return validationBody(
        [{ path: [], message: "Content-Length does not match the body", code: "invalid_length", in: "body" }],
        "body",
      );
    default:
      return undefined;
  }
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && Number.isInteger(status) && status >= 400 && status < 600
    ? status
    : undefined;
}

const CODE_BY_CLIENT_STATUS: Readonly<Record<number, HttpErrorCode>> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/**
 * Maps any error to an HTTP status and a `{ code, message, details }` body:
 * a KinerjaError by {@link HTTP_STATUS_BY_CODE}; schema validation errors of fastify/zod to 400
 * VALIDATION_FAILED naming each field path (an unknown key as its own issue, with the key probably
 * meant when one is close: `unknown key "realisation"; did you mean "realization"?`); malformed JSON 400; too large 413; unsupported
 * media type 415; other client errors by their status; anything else 500 INTERNAL, with the
 * request id and without the error's message or stack (which may hold data).
 */
export function toHttpError(error: unknown, requestId?: string): HttpError {
  if (isKinerjaError(error)) {
    const details = { ...error.details };
    if (error.code === "RULE_PACKAGE_NOT_FOUND" && details.issues === undefined) {
      details.issues = [{ path: ["rules"], message: error.message, code: "RULE_PACKAGE_NOT_FOUND" }];
    }
    return { status: httpStatusOf(error.code), body: { code: error.code, message: error.message, details } };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = (error as { validationContext?: string }).validationContext ?? "body";
    const issues: HttpIssue[] = error.validation.flatMap((v) => {
      const issue = {
        ...v.params,
        path: pathOf(v.instancePath),
        message: v.message ?? "invalid value",
        code: v.keyword,
        in: part,
      };
      return v.keyword === "unrecognized_keys" ? unknownKeyIssues(issue) : [issue];
    });
    return validationBody(issues, part);
  }
  if (typeof error === "object" && error !== null && "code" in error) {
    const mapped = fastifyError(error as FastifyError);
    if (mapped) return mapped;
  }
  const status = statusCodeOf(error);
  if (status !== undefined && status < 500) {
    const explicit = (error as { code?: unknown }).code;
    const code: HttpErrorCode =
      typeof explicit === "string" && explicit in HTTP_TRANSPORT_CODES
        ? (explicit as HttpErrorCode)
        : (CODE_BY_CLIENT_STATUS[status] ?? "VALIDATION_FAILED");
    const message = error instanceof Error && error.message ? error.message : "bad request";
    if (code === "VALIDATION_FAILED") {
      const part = (error as { validationContext?: string }).validationContext;
      return {
        status,
        body: {
          code,
          message,
          details: { issues: [{ path: [], message, code: "invalid", ...(part ? { in: part } : {}) }] },
        },
      };
    }
    return { status, body: { code, message, details: {} } };
  }
  return {
    status: 500,
    body: {
      code: "INTERNAL",
      message: `internal error; quote the request id${requestId ? ` ${requestId}` : ""} when reporting it`,
      details: requestId ? { requestId } : {},
    },
  };
}

/** Sends an error response for `error` (used by the error handler and by hooks that reject). */
export function sendHttpError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body } = toHttpError(error, request.id);
  if (status >= 500) {
    request.log.error({ err: error, code: body.code, statusCode: status }, "request failed");
  } else {
    request.log.info({ code: body.code, statusCode: status }, "request rejected");
  }
  return reply.code(status).type("application/json; charset=utf-8").send(body);
}

/**
 * Installs the error handler (every error → `{ code, message, details }`) and the not-found
 * handler (unknown routes → 404 NOT_FOUND in the same shape) on an instance.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendHttpError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("application/json; charset=utf-8")
      .send({
        code: "NOT_FOUND",
        message: `no route ${request.method} ${request.url.split("?")[0]}`,
        details: { method: request.method },
      } satisfies ErrorBody),
  );
}

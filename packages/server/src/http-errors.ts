import { formatPath, isKinerjaError, type KinerjaErrorCode, type KinerjaIssue } from "@kinerja/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
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
 * VALIDATION_FAILED naming each field path; malformed JSON 400; too large 413; unsupported
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
    const issues: HttpIssue[] = error.validation.map((v) => ({
      ...v.params,
      path: pathOf(v.instancePath),
      message: v.message ?? "invalid value",
      code: v.keyword,
      in: part,
    }));
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

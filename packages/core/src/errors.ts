import type { z } from "zod";

/**
 * Every error code Kinerja raises, each with what it means. The server maps codes to HTTP
 * statuses; the core never knows about HTTP.
 */
export const ERROR_CODES = {
  /** Input did not match a schema; `details.issues` holds zod's issues with field paths. */
  VALIDATION_FAILED: "Input did not match the expected shape",
  /** No rule package with that id (and version range) is registered. */
  RULE_PACKAGE_NOT_FOUND: "Rule package not found",
  /** The event is not allowed in the current state of a workflow. */
  ILLEGAL_TRANSITION: "Transition not allowed from the current state",
  /** The actor may not perform the action on the resource. */
  FORBIDDEN: "Not allowed",
  /** The change conflicts with the stored state (stale version, duplicate). */
  CONFLICT: "Conflicting change",
  /** The resource does not exist (or is not visible to the actor). */
  NOT_FOUND: "Not found",
  /** A work plan cascade is inconsistent with the reporting lines. */
  CASCADE_INVALID: "Work plan cascade is inconsistent",
  /**
   * A work plan cannot be evaluated as it stands (weights, duplicate ids, …): `details.problems`
   * lists each problem with its path, as `checkWorkPlan` reports them.
   */
  WORK_PLAN_INVALID: "Work plan cannot be evaluated",
  /** A rule package is defined incorrectly (a programming error in the package). */
  RULE_PACKAGE_INVALID: "Rule package definition is invalid",
  /** Authentication is missing or invalid. */
  UNAUTHENTICATED: "Authentication required",
  /** Anything unexpected; a bug. */
  INTERNAL: "Internal error",
} as const;

/** The union of Kinerja's error codes. */
export type KinerjaErrorCode = keyof typeof ERROR_CODES;

/** A single problem with input, in zod's issue shape (path and message kept as zod gives them). */
export interface KinerjaIssue {
  /** Where the problem is, e.g. `["cases", 0, "workPlan", "results", 0]`. */
  path: PropertyKey[];
  /** What is wrong and what is expected. */
  message: string;
  /** zod's issue code, or a Kinerja code for checks done outside zod. */
  code?: string;
}

/** Options when creating a {@link KinerjaError}. */
export interface KinerjaErrorOptions {
  /** Structured details (issues, ids, states) safe to show to a client. */
  details?: Record<string, unknown>;
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

const BRAND = Symbol.for("@kinerja/core/KinerjaError");

/**
 * The one error type of Kinerja: a code from {@link ERROR_CODES}, a message that says what was
 * wrong and where, details, and the cause.
 *
 * @example
 * throw new KinerjaError("NOT_FOUND", "work plan wp-7 not found", { details: { id: "wp-7" } });
 */
export class KinerjaError extends Error {
  /** The error code. */
  readonly code: KinerjaErrorCode;
  /** Structured details; for VALIDATION_FAILED, `issues` holds the issues with their paths. */
  readonly details: Record<string, unknown>;
  /** @internal */
  readonly [BRAND] = true;

  constructor(code: KinerjaErrorCode, message: string, options: KinerjaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KinerjaError";
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain JSON form `{ code, message, details }` for logs and HTTP bodies. */
  toJSON(): { code: KinerjaErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * Whether a value is a {@link KinerjaError}, also when it comes from another installed copy of
 * this package (checks a global brand and the code, not only `instanceof`).
 */
export function isKinerjaError(value: unknown): value is KinerjaError {
  if (value instanceof KinerjaError) return true;
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<PropertyKey, unknown>;
  return v[BRAND] === true && typeof v.code === "string" && v.code in ERROR_CODES;
}

/** Formats an issue path the way users write it: `cases[0].workPlan.results[1].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

/**
 * A VALIDATION_FAILED error from zod issues (kept as they are) or hand-made issues. The message
 * names the first field path and what is expected, e.g.
 * `cases[0].workPlan.results[0].indicators[0].target: Invalid input: expected number`.
 */
export function validationError(
  issues: readonly (z.core.$ZodIssue | KinerjaIssue)[],
  options: { prefix?: readonly PropertyKey[]; cause?: unknown; context?: string } = {},
): KinerjaError {
  const prefix = options.prefix ?? [];
  const full = issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
  const head = full
    .slice(0, 3)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join("; ");
  const more = full.length > 3 ? ` (and ${full.length - 3} more)` : "";
  const message = `${options.context ? `${options.context}: ` : ""}${head}${more}`;
  return new KinerjaError("VALIDATION_FAILED", message, {
    details: { issues: full },
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

/**
 * Parses `input` with `schema`, throwing a VALIDATION_FAILED {@link KinerjaError} that names the
 * field paths (optionally under `prefix`) when it does not match.
 */
export function parseOrThrow<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
  options: { prefix?: readonly PropertyKey[]; context?: string } = {},
): z.output<TSchema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  return throwValidation(parsed.error, options);
}

function throwValidation(
  error: z.ZodError,
  options: { prefix?: readonly PropertyKey[]; context?: string },
): never {
  throw validationError(error.issues, { ...options, cause: error });
}

/**
 * The worker of the evaluation pool (`evaluation-pool.ts`): evaluates one stateless request
 * with the default rule packages and returns the response as UTF-8 JSON, or the error's code,
 * message and details (a KinerjaError does not survive the thread boundary as itself).
 *
 * @internal
 */
import { EvaluationRequestSchema, isKinerjaError } from "@kinerja/core";
import { Piscina } from "piscina";
import { parse as secureJsonParse } from "secure-json-parse";
import { createRequestEvaluator } from "./evaluation-requests";
import { jsonBytes } from "./json-bytes";
import { evaluatePeriodicRequest } from "./periodic";
import { defaultRegistry } from "./registry";

const registry = defaultRegistry();
/** Requests with the same package, configuration and period share one prepared evaluator. */
const requests = createRequestEvaluator(registry);

/** What the worker hands back: the response as UTF-8 JSON, or the error. */
export type EvaluateTaskResult =
  | Uint8Array
  | { ok: false; code: string; message: string; details: Record<string, unknown> };

/** Evaluates `request` (an EvaluationRequest as received) off the main thread. */
export default function evaluateTask(request: unknown): EvaluateTaskResult {
  return encoded(() => requests.evaluate(request));
}

/** Evaluates a periodic request (`POST /v1/evaluate/periodic`) off the main thread. */
export function periodicTask(request: unknown): EvaluateTaskResult {
  return encoded(() => evaluatePeriodicRequest(request, registry));
}

/** The response of `run` as UTF-8 JSON, or its error's code, message and details. */
function encoded(run: () => unknown): EvaluateTaskResult {
  try {
    // Encoded here and moved (not copied) to the main thread, which only writes it out.
    return Piscina.move(jsonBytes(run())) as Uint8Array;
  } catch (error) {
    if (isKinerjaError(error)) {
      return { ok: false, code: error.code, message: error.message, details: { ...error.details } };
    }
    return { ok: false, code: "INTERNAL", message: "evaluation failed in a worker", details: {} };
  }
}

/** What the worker hands back for a raw body: as {@link evaluateTask}, or why the main thread must look at the body itself. */
export type EvaluateJsonTaskResult =
  | EvaluateTaskResult
  | { ok: false; code: "REQUEST_INVALID" }
  | { ok: false; code: "TOO_MANY_CASES"; cases: number };

/**
 * Parses a request body (UTF-8 JSON, as fastify would: prototype poisoning refused) and
 * evaluates it, so that neither the parsing nor the copy of a large parsed body to this thread
 * runs on the main thread. A body that is not JSON or not a request is answered REQUEST_INVALID:
 * the main thread parses and validates it again to answer with fastify's own errors.
 */
export function evaluateJsonTask(task: { body: Uint8Array; maxCases: number }): EvaluateJsonTaskResult {
  let input: unknown;
  try {
    input = secureJsonParse(
      Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength).toString("utf8"),
      {
        protoAction: "error",
        constructorAction: "error",
      },
    );
  } catch {
    return { ok: false, code: "REQUEST_INVALID" };
  }
  const request = EvaluationRequestSchema.safeParse(input);
  if (!request.success) return { ok: false, code: "REQUEST_INVALID" };
  if (request.data.cases.length > task.maxCases)
    return { ok: false, code: "TOO_MANY_CASES", cases: request.data.cases.length };
  // Parsed once: evaluated as it is, not parsed again.
  const parsed = request.data;
  return encoded(() => requests.evaluateParsed(parsed));
}

/**
 * The worker of the evaluation pool (`evaluation-pool.ts`): evaluates one stateless request
 * with the default rule packages and returns the response as JSON text, or the error's code,
 * message and details (a KinerjaError does not survive the thread boundary as itself).
 *
 * @internal
 */
import { evaluateRequest, isKinerjaError } from "@kinerja/core";
import { defaultRegistry } from "./registry";

const registry = defaultRegistry();

/** What the worker hands back. */
export type EvaluateTaskResult =
  | { ok: true; json: string }
  | { ok: false; code: string; message: string; details: Record<string, unknown> };

/** Evaluates `request` (an EvaluationRequest as received) off the main thread. */
export default function evaluateTask(request: unknown): EvaluateTaskResult {
  try {
    return { ok: true, json: JSON.stringify(evaluateRequest(request, registry)) };
  } catch (error) {
    if (isKinerjaError(error)) {
      return { ok: false, code: error.code, message: error.message, details: { ...error.details } };
    }
    return { ok: false, code: "INTERNAL", message: "evaluation failed in a worker", details: {} };
  }
}

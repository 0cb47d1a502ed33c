/**
 * The worker of the evaluation pool (`evaluation-pool.ts`): evaluates one stateless request
 * with the default rule packages and returns the response as UTF-8 JSON, or the error's code,
 * message and details (a KinerjaError does not survive the thread boundary as itself).
 *
 * @internal
 */
import { evaluateRequest, isKinerjaError } from "@kinerja/core";
import { Piscina } from "piscina";
import { evaluateNdjsonChunk, type NdjsonChunkResult, type NdjsonChunkTask } from "./ndjson-workers";
import { defaultRegistry } from "./registry";

const registry = defaultRegistry();

/** What the worker hands back: the response as UTF-8 JSON, or the error. */
export type EvaluateTaskResult =
  | Uint8Array
  | { ok: false; code: string; message: string; details: Record<string, unknown> };

/** Evaluates `request` (an EvaluationRequest as received) off the main thread. */
export default function evaluateTask(request: unknown): EvaluateTaskResult {
  try {
    // Encoded here and moved (not copied) to the main thread, which only writes it out.
    const json = new TextEncoder().encode(JSON.stringify(evaluateRequest(request, registry)));
    return Piscina.move(json) as Uint8Array;
  } catch (error) {
    if (isKinerjaError(error)) {
      return { ok: false, code: error.code, message: error.message, details: { ...error.details } };
    }
    return { ok: false, code: "INTERNAL", message: "evaluation failed in a worker", details: {} };
  }
}

/** Evaluates a chunk of `kinerja evaluate --ndjson --workers N` (see `ndjson-workers.ts`). */
export function ndjsonChunk(task: NdjsonChunkTask): NdjsonChunkResult {
  return evaluateNdjsonChunk(task, registry);
}

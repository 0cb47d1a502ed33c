import { availableParallelism } from "node:os";
import { KinerjaError, type KinerjaErrorCode } from "@kinerja/core";
import { Piscina } from "piscina";
import type { EvaluateJsonTaskResult, EvaluateTaskResult } from "./evaluate-worker";
import { workerFile } from "./worker-file";

/** Options of {@link createEvaluationPool}. */
export interface EvaluationPoolOptions {
  /** Worker threads at most (default: the number of CPUs minus one, at least 1). */
  threads?: number;
}

/** Evaluations run on worker threads, so that a large batch does not stall the event loop. */
export interface EvaluationPool {
  /** Evaluates a request with the default rule packages; resolves to the response as UTF-8 JSON. */
  evaluate(request: unknown): Promise<Buffer>;
  /**
   * Parses and evaluates a request body (UTF-8 JSON) on a worker thread; resolves to the response
   * as UTF-8 JSON, or to why the caller must parse and validate the body itself (not JSON, not a
   * request, more than `maxCases` cases).
   */
  evaluateJson(
    body: Uint8Array,
    maxCases: number,
  ): Promise<Buffer | { invalid: "REQUEST_INVALID" } | { invalid: "TOO_MANY_CASES"; cases: number }>;
  /** Evaluates a periodic request (`POST /v1/evaluate/periodic`); resolves to the response as UTF-8 JSON. */
  evaluatePeriodic(request: unknown): Promise<Buffer>;
  /** How many evaluations are running or queued. */
  readonly pending: number;
  /** Stops the threads (waits for none). */
  close(): Promise<void>;
}

/**
 * Starts a pool of worker threads (piscina) that evaluate stateless requests with the default
 * rule packages (`@kinerja/rules-default`). Threads start on first use and stop when idle.
 */
export function createEvaluationPool(options: EvaluationPoolOptions = {}): EvaluationPool {
  const { filename, source } = workerFile("evaluate-worker");
  const threads = Math.max(1, options.threads ?? availableParallelism() - 1);
  let pool: Piscina | undefined;
  let pending = 0;
  const get = () => {
    pool ??= new Piscina({
      filename,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
      // Evaluation allocates fast and keeps little: a small young generation keeps each thread's
      // resident memory near 100 MB instead of 150 (2 workers of `--ndjson`: 545 → 394–475 MB peak).
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
      ...(source === undefined ? {} : { execArgv: source.execArgv, env: source.env }),
    });
    return pool;
  };
  /** Runs a task that answers with UTF-8 JSON or an error (`evaluate-worker.ts`). */
  const runEncoded = async (request: unknown, name?: string): Promise<Buffer> => {
    pending += 1;
    try {
      const result = (await get().run(request, name === undefined ? {} : { name })) as EvaluateTaskResult;
      if (result instanceof Uint8Array)
        return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
      throw new KinerjaError(result.code as KinerjaErrorCode, result.message, { details: result.details });
    } finally {
      pending -= 1;
    }
  };
  return {
    get pending() {
      return pending;
    },
    evaluate: (request) => runEncoded(request),
    evaluatePeriodic: (request) => runEncoded(request, "periodicTask"),
    async evaluateJson(body, maxCases) {
      pending += 1;
      try {
        const result = (await get().run(
          { body, maxCases },
          { name: "evaluateJsonTask" },
        )) as EvaluateJsonTaskResult;
        if (result instanceof Uint8Array)
          return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
        if ("cases" in result) return { invalid: "TOO_MANY_CASES", cases: result.cases };
        if (!("message" in result)) return { invalid: "REQUEST_INVALID" };
        throw new KinerjaError(result.code as KinerjaErrorCode, result.message, { details: result.details });
      } finally {
        pending -= 1;
      }
    },
    async close() {
      const p = pool;
      pool = undefined;
      await p?.destroy();
    },
  };
}

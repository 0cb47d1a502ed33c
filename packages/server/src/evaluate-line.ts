/**
 * One NDJSON case line of `kinerja evaluate --ndjson`, evaluated with a prepared evaluator: the
 * line's result, or, under `onError: "report"`, its failure (index, line, employee id, error).
 * Pure apart from JSON parsing, so a worker thread can call it with its own evaluator.
 */
import {
  type EvaluationFailure,
  type EvaluationResult,
  isKinerjaError,
  KinerjaError,
  type OnError,
  type PreparedEvaluator,
} from "@kinerja/core";

/** The outcome of one line. */
export type LineOutcome =
  | { ok: true; result: EvaluationResult }
  | { ok: false; failure: EvaluationFailure & { line: number } };

/** Parses one line of JSON, VALIDATION_FAILED naming the line when it is not JSON. */
export function parseJsonLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `line ${line}: not valid JSON (${(error as Error).message})`,
      {
        details: { issues: [{ path: [], message: "not valid JSON", code: "invalid_json" }], line },
        cause: error,
      },
    );
  }
}

/**
 * Evaluates the case on `line` (its 0-based `index` among the cases). A bad case throws
 * VALIDATION_FAILED prefixed with its line under `onError: "fail"`; under `"report"` it is
 * returned as a failure and the caller goes on.
 */
export function evaluateLine(
  evaluator: PreparedEvaluator,
  text: string,
  index: number,
  line: number,
  onError: OnError,
): LineOutcome {
  let input: unknown;
  try {
    input = parseJsonLine(text, line);
    return { ok: true, result: evaluator.evaluate(input, index) };
  } catch (error) {
    if (!isKinerjaError(error) || error.code !== "VALIDATION_FAILED") throw error;
    const message = error.message.startsWith(`line ${line}:`)
      ? error.message
      : `line ${line}: ${error.message}`;
    if (onError === "fail") {
      throw new KinerjaError("VALIDATION_FAILED", message, {
        details: { ...error.details, line },
        cause: error,
      });
    }
    const employee = (input as { employee?: { id?: unknown } } | null | undefined)?.employee;
    return {
      ok: false,
      failure: {
        index,
        line,
        ...(typeof employee?.id === "string" ? { employeeId: employee.id } : {}),
        error: { code: error.code, message, details: { ...error.details } },
      },
    };
  }
}

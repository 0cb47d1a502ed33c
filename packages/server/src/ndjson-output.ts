/**
 * What both `kinerja evaluate --ndjson` paths (one thread, and `--workers`) write: a backpressured
 * write that notices a reader going away, the compact record the distribution reads, the
 * progress line and the summary line. One place, so the two paths cannot drift apart.
 *
 * @internal
 */
import type { Writable } from "node:stream";
import {
  type AnyRulePackage,
  type Distribution,
  distribute,
  type EvaluationResult,
  type OnError,
  type PreparedEvaluator,
} from "@kinerja/core";

/** Thrown when the reader of our output went away (`kinerja evaluate … | head`): the command stops quietly. */
export class OutputClosed extends Error {
  readonly code = "EPIPE";
}

/** Whether `error` means the output's reader went away. */
export function isOutputClosed(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof OutputClosed || code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

/** Writes `text`, waiting for `drain` when the stream is full; rejects with OutputClosed when it closes. */
export function write(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.reject(new OutputClosed("output closed"));
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const drained = () => {
      stream.off("close", closed);
      resolve();
    };
    const closed = () => {
      stream.off("drain", drained);
      reject(new OutputClosed("output closed"));
    };
    stream.once("drain", drained);
    stream.once("close", closed);
  });
}

/** The compact record of a result that the distribution reads (no explanation, consequences or warnings). */
export function compactRecord(result: EvaluationResult): EvaluationResult {
  return {
    employeeId: result.employeeId,
    ...(result.segment === undefined ? {} : { segment: result.segment }),
    grade: result.grade,
    score: result.score,
    ratings: result.ratings,
    explanation: [],
    consequences: [],
    warnings: [],
  };
}

/** The progress line on stderr after `done` cases, since `started` (ms). */
export function progressLine(done: number, started: number): string {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  return `kinerja evaluate: ${done} cases (${Math.round(done / seconds)}/s)\n`;
}

/** What the summary line is made of. */
export interface NdjsonTally {
  evaluated: number;
  failed: number;
  /** Grade counts of the evaluated cases. */
  counts: Record<string, number>;
  /** With an organisation: the compact records, distributed at the end. */
  records?: EvaluationResult[];
}

/** The last line of `--ndjson`: the package, the counts and the distribution (each employee once). */
export function ndjsonSummary(
  pkg: AnyRulePackage,
  evaluator: PreparedEvaluator,
  onError: OnError,
  tally: NdjsonTally,
): string {
  const distribution: Distribution = tally.records
    ? distribute(tally.records, evaluator)
    : { counts: tally.counts, violations: [] };
  const summary = {
    rules: { id: pkg.id, version: pkg.version },
    count: tally.evaluated,
    ...(onError === "report" ? { evaluated: tally.evaluated, failed: tally.failed } : {}),
    distribution,
  };
  return `${JSON.stringify(summary)}\n`;
}

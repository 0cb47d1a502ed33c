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

/** Writes `text` (or UTF-8 bytes), waiting for `drain` when the stream is full; rejects with OutputClosed when it closes. */
export function write(stream: Writable, text: string | Uint8Array): Promise<void> {
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

/**
 * Writes `text` (or bytes) and waits until the stream has taken it (its write callback), so the
 * memory written from may be reused; rejects with OutputClosed when the reader went away.
 */
export function writeOut(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.reject(new OutputClosed("output closed"));
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error) resolve();
      else reject(isOutputClosed(error) ? new OutputClosed("output closed") : error);
    });
  });
}

/**
 * Collects output lines and writes them together — at 64 kB, when the event loop next turns
 * (so a reader that sends one case and waits gets its result), and at {@link LineBatcher.flush}
 * — instead of one write (a system call when stdout is a file) per result. Order is kept; a
 * failed background write is thrown by the next `push` or `flush`.
 */
export class LineBatcher {
  private parts: string[] = [];
  private size = 0;
  private pending: Promise<void> | undefined;
  private failure: unknown;
  private timer: NodeJS.Immediate | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly max = 64 * 1024,
  ) {}

  /** Adds `text`; resolves once it is written or queued. */
  async push(text: string): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.max) return this.flush();
    this.timer ??= setImmediate(() => {
      this.timer = undefined;
      this.pending = this.flush().catch((error: unknown) => {
        this.failure = error;
      });
    });
  }

  /** Writes everything pushed so far. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearImmediate(this.timer);
      this.timer = undefined;
    }
    const before = this.pending;
    this.pending = undefined;
    await before;
    if (this.failure !== undefined) throw this.failure;
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    await write(this.stream, text);
  }
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

/**
 * `kinerja evaluate --ndjson --workers N`: the stream is cut into chunks of lines that worker
 * threads of the evaluation pool (`evaluation-pool.ts`, the one the service uses for large
 * batches) parse, evaluate and serialise; the main thread only reads lines and writes the
 * results, in input order. At most a few chunks per worker are in flight, so memory stays
 * bounded whatever the input's length, and a slow reader of the output slows the reading.
 *
 * @internal
 */
import type { Writable } from "node:stream";
import {
  type AnyRulePackage,
  countGrades,
  type EvaluationResult,
  type ExplainLevel,
  isKinerjaError,
  KinerjaError,
  type KinerjaErrorCode,
  type OnError,
  type Organisation,
  type Period,
  type PreparedEvaluator,
  prepareEvaluator,
  type RulePackageRegistry,
} from "@kinerja/core";
import { evaluateLine } from "./evaluate-line";
import type { EvaluationPool } from "./evaluation-pool";
import { compactRecord, ndjsonSummary, progressLine, write } from "./ndjson-output";

/** What every chunk of one run shares: the package, its configuration, the period and organisation. */
export interface NdjsonChunkContext {
  /** The rule package as `ID@VERSION` (exact), resolved in the worker's registry. */
  rules: string;
  /** The package's configuration as given (parsed once per worker). */
  config: unknown;
  /** The period, when given. */
  period?: Period;
  /** The organisation, when given: results then come back as compact records too. */
  organisation?: Organisation;
  /** The command's per-line options: the explanation level and what a bad case does. */
  options: { explain: ExplainLevel; onError: OnError };
}

/** One chunk: consecutive input lines, the number of the first and the case index of its first case. */
export interface NdjsonChunkTask {
  context: NdjsonChunkContext;
  /** The raw lines (blank lines are skipped, as in the single-threaded path). */
  lines: string[];
  /** The 1-based line number of `lines[0]` in the input. */
  firstLine: number;
  /** The 0-based case index of the chunk's first case (for `cases[i]` in error paths). */
  firstIndex: number;
}

/** What a worker hands back for a chunk. */
export interface NdjsonChunkResult {
  /** One line per case, as NDJSON: its result, or its failure under `onError: "report"`. */
  output: string;
  /** How many cases were evaluated. */
  count: number;
  /** How many were reported as failures (`onError: "report"`). */
  failed: number;
  /** Grade counts of the evaluated cases. */
  grades: Record<string, number>;
  /** With an organisation: compact records (what the distribution reads). */
  records?: EvaluationResult[];
  /** The first failure under `onError: "fail"`: the error as plain data (its message names the line). */
  error?: { line: number; code: string; message: string; details: Record<string, unknown> };
}

const evaluators = new Map<string, PreparedEvaluator>();

/** The worker's prepared evaluator for a run's context: prepared once per worker, not per chunk. */
function evaluatorFor(context: NdjsonChunkContext, registry: RulePackageRegistry): PreparedEvaluator {
  const key = JSON.stringify([
    context.rules,
    context.config,
    context.period,
    context.organisation,
    context.options.explain,
  ]);
  let evaluator = evaluators.get(key);
  if (evaluator === undefined) {
    evaluator = prepareEvaluator(registry.resolveSpec(context.rules), {
      config: context.config,
      ...(context.period ? { period: context.period } : {}),
      ...(context.organisation ? { organisation: context.organisation } : {}),
      explain: context.options.explain,
    });
    evaluators.set(key, evaluator);
  }
  return evaluator;
}

/**
 * Evaluates one chunk (in a worker thread) with the same per-line function as the
 * single-threaded `--ndjson` path (`evaluateLine`); under `onError: "fail"` it stops at the first
 * bad line.
 */
export function evaluateNdjsonChunk(task: NdjsonChunkTask, registry: RulePackageRegistry): NdjsonChunkResult {
  const { context } = task;
  const evaluator = evaluatorFor(context, registry);
  const parts: string[] = [];
  const grades: Record<string, number> = {};
  const records: EvaluationResult[] = [];
  let count = 0;
  let failed = 0;
  let failure: NdjsonChunkResult["error"];
  for (let i = 0; i < task.lines.length; i += 1) {
    const text = task.lines[i] as string;
    if (text.trim() === "") continue;
    const line = task.firstLine + i;
    try {
      const outcome = evaluateLine(
        evaluator,
        text,
        task.firstIndex + count + failed,
        line,
        context.options.onError,
      );
      if (outcome.ok) {
        parts.push(`${JSON.stringify(outcome.result)}\n`);
        grades[outcome.result.grade] = (grades[outcome.result.grade] ?? 0) + 1;
        if (context.organisation) records.push(compactRecord(outcome.result));
        count += 1;
      } else {
        parts.push(`${JSON.stringify(outcome.failure)}\n`);
        failed += 1;
      }
    } catch (error) {
      failure = isKinerjaError(error)
        ? { line, code: error.code, message: error.message, details: { ...error.details } }
        : { line, code: "INTERNAL", message: (error as Error)?.message ?? String(error), details: {} };
      break;
    }
  }
  return {
    output: parts.join(""),
    count,
    failed,
    grades,
    ...(context.organisation ? { records } : {}),
    ...(failure ? { error: failure } : {}),
  };
}

/** Options of {@link evaluateNdjsonInWorkers}. */
export interface NdjsonWorkersOptions {
  /** The remaining input lines (after the header, when there was one). */
  lines: AsyncIterator<string>;
  /** The first case line when it was read already (while looking for a header), and its number. */
  first?: { text: string; line: number };
  /** The number of the last line read so far. */
  lineNo: number;
  /** The package (its id and version go to the workers) and its configuration as given. */
  pkg: AnyRulePackage;
  config: unknown;
  /** The main thread's prepared evaluator (for the distribution at the end). */
  evaluator: PreparedEvaluator;
  period?: Period;
  organisation?: Organisation;
  /** The per-line options: the explanation level and what a bad case does. */
  options: { explain: ExplainLevel; onError: OnError };
  /** The pool of worker threads (closed by the caller). */
  pool: EvaluationPool;
  /** How many worker threads the pool has (sets the window of chunks in flight). */
  workers: number;
  /** A progress line on `stderr` every N cases (0: none). */
  progressEvery: number;
  stdout: Writable;
  stderr: Writable;
  /** Most lines per chunk (default 256). */
  chunkLines?: number;
}

/**
 * Runs the `--ndjson` stream through the pool's workers and writes the results in input order,
 * then the summary line; throws the first bad line's error the way the single-threaded path
 * does (after writing every result before it).
 */
export async function evaluateNdjsonInWorkers(
  options: NdjsonWorkersOptions,
): Promise<{ evaluated: number; failed: number }> {
  const { pkg, organisation, pool, stdout, stderr, progressEvery } = options;
  const context: NdjsonChunkContext = {
    rules: `${pkg.id}@${pkg.version}`,
    config: options.config,
    ...(options.period ? { period: options.period } : {}),
    ...(organisation ? { organisation } : {}),
    options: options.options,
  };
  const chunkLines = options.chunkLines ?? 256;
  const window = Math.max(2, options.workers * 2);
  const inFlight: Promise<NdjsonChunkResult>[] = [];
  const counts: Record<string, number> = countGrades([], pkg);
  const pool_: EvaluationResult[] = [];
  const started = Date.now();
  let count = 0;
  let failed = 0;
  let cases = 0;

  const emit = async (result: NdjsonChunkResult) => {
    if (result.output.length > 0) await write(stdout, result.output);
    const before = count + failed;
    count += result.count;
    failed += result.failed;
    for (const [grade, n] of Object.entries(result.grades)) counts[grade] = (counts[grade] ?? 0) + n;
    if (result.records) for (const record of result.records) pool_.push(record);
    if (progressEvery > 0) {
      for (
        let done = (Math.floor(before / progressEvery) + 1) * progressEvery;
        done <= count + failed;
        done += progressEvery
      ) {
        stderr.write(progressLine(done, started));
      }
    }
    if (result.error) {
      const { code, message, details } = result.error;
      throw new KinerjaError(code as KinerjaErrorCode, message, { details });
    }
  };
  const dispatch = async (lines: string[], firstLine: number) => {
    const task: NdjsonChunkTask = { context, lines, firstLine, firstIndex: cases };
    for (const text of lines) if (text.trim() !== "") cases += 1;
    const running = pool.evaluateNdjsonChunk(task);
    // A chunk still running when an earlier one fails is dropped: no unhandled rejection.
    running.catch(() => undefined);
    inFlight.push(running);
    if (inFlight.length >= window) await emit(await (inFlight.shift() as Promise<NdjsonChunkResult>));
  };

  let lineNo = options.lineNo;
  let chunk: string[] = [];
  let chunkStart = lineNo + 1;
  if (options.first) {
    chunk.push(options.first.text);
    chunkStart = options.first.line;
  }
  try {
    for (;;) {
      const next = await options.lines.next();
      if (next.done) break;
      lineNo += 1;
      if (chunk.length === 0) chunkStart = lineNo;
      chunk.push(next.value);
      if (chunk.length >= chunkLines) {
        await dispatch(chunk, chunkStart);
        chunk = [];
      }
    }
    if (chunk.length > 0) await dispatch(chunk, chunkStart);
    while (inFlight.length > 0) await emit(await (inFlight.shift() as Promise<NdjsonChunkResult>));
  } catch (error) {
    // The chunks still running finish before the caller closes the pool: a worker answering a
    // task of a pool already destroyed is an uncaught error in piscina.
    await Promise.allSettled(inFlight.splice(0));
    throw error;
  }

  const tally = { evaluated: count, failed, counts, ...(organisation ? { records: pool_ } : {}) };
  await write(stdout, ndjsonSummary(pkg, options.evaluator, options.options.onError, tally));
  return { evaluated: count, failed };
}

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
  distribute,
  type EvaluationResult,
  evaluate,
  isKinerjaError,
  KinerjaError,
  type KinerjaErrorCode,
  type KinerjaIssue,
  type LoadedRulePackage,
  loadRulePackage,
  type Organisation,
  type Period,
  type RulePackageRegistry,
  validationError,
} from "@kinerja/core";
import type { EvaluationPool } from "./evaluation-pool";

/** What every chunk of one run shares: the package, its configuration, the period and organisation. */
export interface NdjsonChunkContext {
  /** The rule package as `ID@VERSION` (exact), resolved in the worker's default registry. */
  rules: string;
  /** The package's configuration as given (parsed once per worker). */
  config: unknown;
  /** The period, when given. */
  period?: Period;
  /** The organisation, when given: results then come back as compact records too. */
  organisation?: Organisation;
  /** Per-line options of the command (a plain object), passed as given to every chunk. */
  options: Record<string, unknown>;
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
  /** One result per line, as NDJSON (every case before an error). */
  output: string;
  /** How many cases were evaluated. */
  count: number;
  /** Grade counts of those cases. */
  grades: Record<string, number>;
  /** With an organisation: the results without explanation, consequences and warnings. */
  records?: EvaluationResult[];
  /** The first failure: the line it is on and the error as plain data. */
  error?: { line: number; code: string; message: string; details: Record<string, unknown> };
}

/** A line that is not JSON: the same error as the single-threaded path's. */
function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `line ${line}: not valid JSON (${(error as Error).message})`,
      {
        details: { issues: [{ path: [], message: "not valid JSON", code: "invalid_json" }] },
        cause: error,
      },
    );
  }
}

/** The error `evaluateMany` throws for case `index`: issues under `cases[index]`. */
function underCase(error: unknown, index: number): unknown {
  if (!isKinerjaError(error) || error.code !== "VALIDATION_FAILED") return error;
  const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
  return validationError(issues.length > 0 ? issues : [{ path: [], message: error.message }], {
    prefix: ["cases", index],
    cause: error,
  });
}

const loadedPackages = new Map<string, LoadedRulePackage>();

/**
 * Evaluates one chunk (in a worker thread): the same parsing, evaluation and serialisation per
 * line as the single-threaded `--ndjson` path; stops at the first bad line.
 */
export function evaluateNdjsonChunk(task: NdjsonChunkTask, registry: RulePackageRegistry): NdjsonChunkResult {
  const { context } = task;
  const key = JSON.stringify([context.rules, context.config]);
  let loaded = loadedPackages.get(key);
  if (loaded === undefined) {
    loaded = loadRulePackage(registry.resolveSpec(context.rules), context.config);
    loadedPackages.set(key, loaded);
  }
  const evaluationContext = {
    ...(context.period ? { period: context.period } : {}),
    ...(context.organisation ? { organisation: context.organisation } : {}),
  };
  const parts: string[] = [];
  const grades: Record<string, number> = {};
  const records: EvaluationResult[] = [];
  let count = 0;
  let failure: NdjsonChunkResult["error"];
  for (let i = 0; i < task.lines.length; i += 1) {
    const text = task.lines[i] as string;
    if (text.trim() === "") continue;
    const line = task.firstLine + i;
    try {
      const input = parseLine(text, line);
      let result: EvaluationResult;
      try {
        result = evaluate(input, loaded, undefined, evaluationContext);
      } catch (error) {
        throw underCase(error, task.firstIndex + count);
      }
      parts.push(`${JSON.stringify(result)}\n`);
      grades[result.grade] = (grades[result.grade] ?? 0) + 1;
      if (context.organisation) records.push({ ...result, explanation: [], consequences: [], warnings: [] });
      count += 1;
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
    grades,
    ...(context.organisation ? { records } : {}),
    ...(failure ? { error: failure } : {}),
  };
}

/** Options of {@link evaluateNdjsonInWorkers}. */
export interface NdjsonWorkersOptions {
  /** The remaining input lines (after the header, when there was one). */
  lines: AsyncIterator<string>;
  /** The first case when it was read already (while looking for a header), and its line. */
  first?: { value: unknown; line: number };
  /** The number of the last line read so far. */
  lineNo: number;
  /** The package (its id and version go to the workers) and its configuration. */
  pkg: AnyRulePackage;
  config: unknown;
  /** The package loaded with `config` (for the distribution at the end). */
  loaded: LoadedRulePackage;
  period?: Period;
  organisation?: Organisation;
  /** Per-line options of the command, handed to every chunk as they are. */
  options?: Record<string, unknown>;
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

function write(stream: Writable, data: string): Promise<void> {
  if (stream.destroyed || stream.writableEnded)
    return Promise.reject(Object.assign(new Error("output closed"), { code: "ERR_STREAM_DESTROYED" }));
  if (stream.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off("drain", done);
      stream.off("close", closed);
      if (error) reject(error);
      else resolve();
    };
    const closed = () =>
      done(Object.assign(new Error("output closed"), { code: "ERR_STREAM_DESTROYED" }) as Error);
    stream.once("drain", () => done());
    stream.once("close", closed);
  });
}

/**
 * Runs the `--ndjson` stream through the pool's workers and writes the results in input order,
 * then the summary line; throws the first bad line's error the way the single-threaded path
 * does (after writing every result before it).
 */
export async function evaluateNdjsonInWorkers(options: NdjsonWorkersOptions): Promise<void> {
  const { pkg, organisation, pool, stdout, stderr, progressEvery } = options;
  const context: NdjsonChunkContext = {
    rules: `${pkg.id}@${pkg.version}`,
    config: options.config,
    ...(options.period ? { period: options.period } : {}),
    ...(organisation ? { organisation } : {}),
    options: options.options ?? {},
  };
  const chunkLines = options.chunkLines ?? 256;
  const window = Math.max(2, options.workers * 2);
  const inFlight: Promise<NdjsonChunkResult>[] = [];
  const counts: Record<string, number> = countGrades([], pkg);
  const pool_: EvaluationResult[] = [];
  const started = Date.now();
  let count = 0;
  let cases = 0;

  const emit = async (result: NdjsonChunkResult) => {
    if (result.output.length > 0) await write(stdout, result.output);
    const before = count;
    count += result.count;
    for (const [grade, n] of Object.entries(result.grades)) counts[grade] = (counts[grade] ?? 0) + n;
    if (result.records) for (const record of result.records) pool_.push(record);
    if (progressEvery > 0) {
      for (
        let done = (Math.floor(before / progressEvery) + 1) * progressEvery;
        done <= count;
        done += progressEvery
      ) {
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        stderr.write(`kinerja evaluate: ${done} cases (${Math.round(done / seconds)}/s)\n`);
      }
    }
    if (result.error) {
      const { line, code, message, details } = result.error;
      if (code === "VALIDATION_FAILED") {
        throw new KinerjaError("VALIDATION_FAILED", `line ${line}: ${message}`, {
          details: { ...details, line },
        });
      }
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
    chunk.push(JSON.stringify(options.first.value));
    chunkStart = options.first.line;
  }
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

  const distribution = organisation
    ? distribute(pool_, organisation, options.loaded)
    : { counts, violations: [] };
  const summary = { rules: { id: pkg.id, version: pkg.version }, count, distribution };
  await write(stdout, `${JSON.stringify(summary)}\n`);
}

/**
 * `kinerja evaluate --ndjson --workers N`: the input's bytes are cut into chunks of whole lines
 * that worker threads (`ndjson-worker.ts`) decode, parse, evaluate, serialise and encode; the
 * main thread only counts lines in the bytes, copies them into shared memory for a worker and
 * writes the bytes the worker encodes there, in input order. At most a few chunks per worker are
 * in flight, each in a slot of shared memory reused from chunk to chunk (a buffer allocated per
 * chunk and moved between threads made the main thread collect garbage a fifth of its time), so
 * memory stays bounded whatever the input's length, and a slow reader of the output slows the
 * reading.
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
import { Piscina } from "piscina";
import { evaluateLine } from "./evaluate-line";
import { isBlank, scanLines, splitPieces } from "./ndjson-input";
import {
  compactRecord,
  ndjsonSummary,
  onDescriptor,
  progressLine,
  Utf8Output,
  write,
  writeOut,
} from "./ndjson-output";
import { workerFile } from "./worker-file";

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

/** A chunk as `--workers` sends it: whole input lines as UTF-8 bytes, shared with (or moved to) the worker. */
export interface NdjsonBytesTask {
  context: NdjsonChunkContext;
  /** Whole lines of the input, as read (a run of `lineRuns`, or part of one). */
  bytes: Uint8Array;
  /**
   * Shared memory for the output: the worker encodes the chunk's lines into it when they fit, and
   * into a buffer of its own (moved back) when they do not.
   */
  output?: SharedArrayBuffer;
  /** The 1-based line number of the first line. */
  firstLine: number;
  /** The 0-based case index of the chunk's first case. */
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

/** {@link NdjsonChunkResult} with the output as UTF-8 bytes (moved back to the main thread, which only writes them). */
export type NdjsonBytesResult = Omit<NdjsonChunkResult, "output"> & { output: Uint8Array };

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
 * Evaluates one chunk's lines with the same per-line function as the single-threaded `--ndjson`
 * path (`evaluateLine`), writing each result or reported failure as a line to `out`; under
 * `onError: "fail"` it stops at the first bad line.
 */
function evaluateNdjsonLines(
  evaluator: PreparedEvaluator,
  task: NdjsonChunkTask,
  out: Utf8Output,
): Omit<NdjsonChunkResult, "output"> {
  const { context } = task;
  const grades: Record<string, number> = {};
  const records: EvaluationResult[] = [];
  let count = 0;
  let failed = 0;
  let failure: NdjsonChunkResult["error"];
  for (let i = 0; i < task.lines.length; i += 1) {
    const text = task.lines[i] as string;
    if (isBlank(text)) continue;
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
        out.addJsonLine(outcome.result);
        grades[outcome.result.grade] = (grades[outcome.result.grade] ?? 0) + 1;
        if (context.organisation) records.push(compactRecord(outcome.result));
        count += 1;
      } else {
        out.add(`${JSON.stringify(outcome.failure)}\n`);
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
    count,
    failed,
    grades,
    ...(context.organisation ? { records } : {}),
    ...(failure ? { error: failure } : {}),
  };
}

/** A chunk evaluated by the main thread while no worker has loaded: its output in the slot's shared memory, as a worker would. */
function evaluateOnMainThread(
  evaluator: PreparedEvaluator,
  task: NdjsonChunkTask,
  output: SharedArrayBuffer,
): NdjsonBytesResult {
  const out = new Utf8Output(output.byteLength, output);
  const rest = evaluateNdjsonLines(evaluator, task, out);
  return { ...rest, output: out.bytes() };
}

/** The lines of a chunk given as bytes, decoded and split as the one-thread path does (`ndjson-input.ts`). */
function linesTask(task: NdjsonBytesTask): NdjsonChunkTask {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  return {
    context: task.context,
    lines: splitPieces(bytes),
    firstLine: task.firstLine,
    firstIndex: task.firstIndex,
  };
}

/**
 * Evaluates a chunk of whole lines given as UTF-8 bytes (in a worker thread): decoded and split
 * as the one-thread path does (`ndjson-input.ts`), and the output encoded to UTF-8 here, so that
 * the main thread neither decodes nor encodes.
 */
export function evaluateNdjsonBytes(task: NdjsonBytesTask, registry: RulePackageRegistry): NdjsonBytesResult {
  // A steps result is about three times its case; the buffer grows if that is not enough.
  const out = new Utf8Output(task.bytes.byteLength * 4, task.output);
  const rest = evaluateNdjsonLines(evaluatorFor(task.context, registry), linesTask(task), out);
  return { ...rest, output: out.bytes() };
}

/**
 * The worker threads of `--workers` (`ndjson-worker.ts`). They start on {@link NdjsonPool.start}
 * (or the first chunk run), not at creation: a thread takes a while to load the rule packages,
 * which a short input does not repay.
 */
export interface NdjsonPool {
  /** Starts the threads (they begin loading the rule packages); again: nothing. */
  start(): void;
  /** Whether {@link NdjsonPool.start} was called. */
  readonly started: boolean;
  /** Evaluates a chunk on a worker thread; its bytes are moved there (unusable here afterwards). */
  run(task: NdjsonBytesTask): Promise<NdjsonBytesResult>;
  /** How many threads have loaded their modules (and so answer without a start-up delay). */
  readonly loaded: number;
  /** Stops the threads, if they were started. */
  close(): Promise<void>;
}

/** What a worker thread posts once its modules are loaded (`ndjson-worker.ts`). */
export const NDJSON_WORKER_LOADED = "kinerja-ndjson-worker-loaded";

/** A pool of `threads` worker threads for `--workers`, started on first use. */
export function createNdjsonPool(threads: number): NdjsonPool {
  let pool: Piscina | undefined;
  let loaded = 0;
  const start = () => {
    if (pool) return pool;
    const { filename, source } = workerFile("ndjson-worker");
    pool = new Piscina({
      filename,
      minThreads: threads,
      maxThreads: threads,
      // Evaluation allocates fast and keeps little. A young generation of 8 MB kept each thread's
      // resident memory lowest but had it collect 8 % of its time (half of that with 32 MB); at
      // 32 MB two threads peak at ≈ 380 MiB for the whole process (200 000 cases), under 512.
      resourceLimits: { maxYoungGenerationSizeMb: 32 },
      ...(source === undefined ? {} : { execArgv: source.execArgv, env: source.env }),
    });
    pool.on("message", (message: unknown) => {
      if (message === NDJSON_WORKER_LOADED) loaded += 1;
    });
    return pool;
  };
  return {
    start,
    get started() {
      return pool !== undefined;
    },
    run: (task) =>
      start().run(
        task,
        task.bytes.buffer instanceof SharedArrayBuffer
          ? {}
          : { transferList: [task.bytes.buffer as ArrayBuffer] },
      ) as Promise<NdjsonBytesResult>,
    get loaded() {
      return loaded;
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}

/** Options of {@link evaluateNdjsonInWorkers}. */
export interface NdjsonWorkersOptions {
  /** Whole lines read already (the first case line and what followed it in its run), or nothing. */
  head?: Buffer;
  /** The number of the first line of `head` (or of the next run when there is no head). */
  firstLine: number;
  /** The runs of lines still to read (`lineRuns`). */
  runs: AsyncIterator<Buffer>;
  /** The package (its id and version go to the workers) and its configuration as given. */
  pkg: AnyRulePackage;
  config: unknown;
  /** The main thread's prepared evaluator (for the distribution at the end). */
  evaluator: PreparedEvaluator;
  period?: Period;
  organisation?: Organisation;
  /** The per-line options: the explanation level and what a bad case does. */
  options: { explain: ExplainLevel; onError: OnError };
  /** The worker threads (closed by the caller). */
  pool: NdjsonPool;
  /** How many worker threads the pool has (sets the window of chunks in flight). */
  workers: number;
  /** A progress line on `stderr` every N cases (0: none). */
  progressEvery: number;
  stdout: Writable;
  stderr: Writable;
  /** Most lines per chunk (default 256). */
  chunkLines?: number;
  /**
   * While no worker thread has loaded its modules yet, this thread evaluates the chunks itself
   * instead of waiting idle (default true), and it starts the threads only once it has read
   * `startAfterLines` lines, so that a short input is not slower than with one thread.
   */
  helpWhileLoading?: boolean;
  /** With `helpWhileLoading`: the lines read before the threads start (default 8 chunks). */
  startAfterLines?: number;
}

/** A chunk's result and the slot it used. */
interface Emitted {
  result: NdjsonChunkResult | NdjsonBytesResult;
  slot: ChunkSlot;
}

/**
 * Shared memory for one chunk in flight: its input bytes and the output the worker encodes. Both
 * grow when a chunk needs more and are otherwise reused, so a run allocates them once.
 */
class ChunkSlot {
  busy = false;
  private input = new SharedArrayBuffer(0);
  output = new SharedArrayBuffer(0);

  private used = 0;

  /**
   * Copies whole lines into the slot's input as they are read, so that the buffers read from the
   * input die young (held until a chunk was full, they reached the old generation and made the
   * main thread run a full collection every ≈ 0.6 s, a third of its work).
   */
  append(piece: Uint8Array): void {
    const needed = this.used + piece.length;
    if (needed > this.input.byteLength) {
      const grown = new SharedArrayBuffer(Math.ceil(Math.max(needed, this.input.byteLength) * 1.25));
      new Uint8Array(grown).set(new Uint8Array(this.input, 0, this.used));
      this.input = grown;
    }
    new Uint8Array(this.input, this.used, piece.length).set(piece);
    this.used = needed;
  }

  /** The lines appended, as the view handed to the worker; the slot is busy until released. */
  take(): Uint8Array {
    this.busy = true;
    const bytes = this.used;
    this.used = 0;
    // A steps result is about three times its case: room for four before the worker needs its own.
    if (bytes * 4 > this.output.byteLength) this.output = new SharedArrayBuffer(Math.ceil(bytes * 4 * 1.25));
    return new Uint8Array(this.input, 0, bytes);
  }

  /** Frees the slot once its output is written; an output that did not fit makes the next one larger. */
  release(output: Uint8Array | string): void {
    this.busy = false;
    if (
      typeof output !== "string" &&
      output.buffer !== this.output &&
      output.length > this.output.byteLength
    ) {
      this.output = new SharedArrayBuffer(Math.ceil(output.length * 1.25));
    }
  }
}

/**
 * Runs the `--ndjson` stream through the worker threads and writes the results in input order,
 * then the summary line; throws the first bad line's error the way the single-threaded path
 * does (after writing every result before it). The main thread only cuts the input's bytes into
 * chunks of whole lines (counting lines and cases) and writes the bytes the workers send back.
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
  const helpWhileLoading = options.helpWhileLoading ?? true;
  const startAfterLines = helpWhileLoading ? (options.startAfterLines ?? 8 * chunkLines) : 0;
  const inFlight: Promise<Emitted>[] = [];
  const slots = Array.from({ length: window }, () => new ChunkSlot());
  const counts: Record<string, number> = countGrades([], pkg);
  const records: EvaluationResult[] = [];
  const started = Date.now();
  let count = 0;
  let failed = 0;
  let cases = 0;

  const emit = async ({ result, slot }: Emitted) => {
    // The slot is reused only once its output has been written out: a stream on a file
    // descriptor (standard output, a file) has handed the bytes on when its write calls back; any
    // other stream (a PassThrough read later) may keep a view of them, so it gets a copy.
    const { output } = result;
    const owned = typeof output === "string" || onDescriptor(stdout) ? output : Buffer.from(output);
    if (owned.length > 0) await writeOut(stdout, owned);
    slot.release(result.output);
    const before = count + failed;
    count += result.count;
    failed += result.failed;
    for (const [grade, n] of Object.entries(result.grades)) counts[grade] = (counts[grade] ?? 0) + n;
    if (result.records) for (const record of result.records) records.push(record);
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

  // The chunk being gathered: its lines and cases (its bytes are in the slot `gathering`).
  // After a dispatch fewer than `window` chunks are in flight: a slot is free to gather the next.
  let gathering: ChunkSlot | undefined;
  let lines = 0;
  let chunkCases = 0;
  let chunkStart = options.firstLine;
  const dispatch = async () => {
    const slot = gathering as ChunkSlot;
    gathering = undefined;
    const input = slot.take();
    const task: NdjsonBytesTask = { context, bytes: input, firstLine: chunkStart, firstIndex: cases };
    if (chunkStart + lines - options.firstLine >= startAfterLines) pool.start();
    const running: Promise<Emitted> =
      helpWhileLoading && pool.loaded === 0
        ? Promise.resolve({
            result: evaluateOnMainThread(options.evaluator, linesTask(task), slot.output),
            slot,
          })
        : pool.run({ ...task, output: slot.output }).then((result) => ({ result, slot }));
    // A chunk still running when an earlier one fails is dropped: no unhandled rejection.
    running.catch(() => undefined);
    inFlight.push(running);
    cases += chunkCases;
    chunkStart += lines;
    lines = 0;
    chunkCases = 0;
    if (inFlight.length >= window) await emit(await (inFlight.shift() as Promise<Emitted>));
  };
  const take = async (run: Buffer) => {
    for (let at = 0; at < run.length; ) {
      const scan = scanLines(run, at, chunkLines - lines);
      gathering ??= slots.find((free) => !free.busy) as ChunkSlot;
      gathering.append(run.subarray(at, scan.end));
      lines += scan.lines;
      chunkCases += scan.cases;
      at = scan.end;
      if (lines >= chunkLines) await dispatch();
    }
  };

  try {
    if (options.head) await take(options.head);
    for (;;) {
      const next = await options.runs.next();
      if (next.done) break;
      await take(next.value);
    }
    if (lines > 0) await dispatch();
    while (inFlight.length > 0) await emit(await (inFlight.shift() as Promise<Emitted>));
  } catch (error) {
    // The chunks still running finish before the caller closes the pool: a worker answering a
    // task of a pool already destroyed is an uncaught error in piscina.
    await Promise.allSettled(inFlight.splice(0));
    throw error;
  }

  const tally = { evaluated: count, failed, counts, ...(organisation ? { records } : {}) };
  await write(stdout, ndjsonSummary(pkg, options.evaluator, options.options.onError, tally));
  return { evaluated: count, failed };
}

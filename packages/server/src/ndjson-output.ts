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

/** Whether a stream writes to a file descriptor (process.stdout, a file stream, a socket). */
export function onDescriptor(stream: Writable): boolean {
  return typeof (stream as { fd?: unknown }).fd === "number";
}

const encoder = new TextEncoder();

/**
 * UTF-8 output built as it is written: each line is encoded into one growing buffer at once, so
 * no line's string outlives its case, and no chunk of lines is joined into a string and encoded
 * again (`TextEncoder.encodeInto` is also several times faster than `Buffer.write` on text with
 * a few non-ASCII characters, as the labels have).
 */
export class Utf8Output {
  private buffer: Uint8Array;
  private used = 0;

  /** Writes into `shared` while the output fits there, else into a buffer of its own. */
  constructor(capacity: number, shared?: SharedArrayBuffer) {
    this.buffer = shared ? new Uint8Array(shared) : new Uint8Array(Math.max(1024, capacity));
  }

  /** The bytes written so far. */
  get size(): number {
    return this.used;
  }

  add(text: string): void {
    if (text === "") return;
    // Encodes what fits; only when the text does not fit is a larger buffer of its own made
    // (a UTF-16 code unit takes at most 3 bytes in UTF-8) and the rest encoded there.
    let rest = text;
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, this.buffer.subarray(this.used));
      this.used += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      const grown = new Uint8Array(Math.max(this.used + rest.length * 3, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
  }

  /** Adds bytes as they are. */
  addBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.used + bytes.length, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /**
   * Adds `value` as one line of JSON, byte for byte `JSON.stringify(value) + "\n"`, with the
   * JSON of frozen data shared between results (a package's consequences) encoded once
   * ({@link frozenJson}). It also keeps each text encoded short: one non-ASCII character (the
   * "×" of a credit-point label) sends all of the text it is in down the slow path of
   * `encodeInto`, three times slower than ASCII.
   */
  addJsonLine(value: object): void {
    if (!isPlainRecord(value)) {
      this.add(`${JSON.stringify(value)}\n`);
      return;
    }
    const record = value as Record<string, unknown>;
    let text = "{";
    let first = true;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const frozen = typeof item === "object" && item !== null && Object.isFrozen(item);
      const bytes = frozen ? frozenJson(item) : undefined;
      if (bytes !== undefined) {
        this.add(`${text}${first ? "" : ","}${JSON.stringify(key)}:`);
        this.addBytes(bytes);
        text = "";
      } else if (Array.isArray(item) && item.some(isFrozenObject)) {
        this.add(`${text}${first ? "" : ","}${JSON.stringify(key)}:`);
        this.addJsonArray(item);
        text = "";
      } else {
        const json = JSON.stringify(item);
        if (json === undefined) continue;
        text += `${first ? "" : ","}${JSON.stringify(key)}:${json}`;
      }
      first = false;
    }
    this.add(`${text}}\n`);
  }

  /** An array as JSON, its frozen elements from {@link frozenJson}. */
  private addJsonArray(items: readonly unknown[]): void {
    let text = "[";
    for (let i = 0; i < items.length; i += 1) {
      const item = items[i];
      const bytes = isFrozenObject(item) ? frozenJson(item) : undefined;
      if (i > 0) text += ",";
      if (bytes === undefined) {
        text += JSON.stringify(item) ?? "null";
        continue;
      }
      this.add(text);
      this.addBytes(bytes);
      text = "";
    }
    this.add(`${text}]`);
  }

  /** The bytes written: a view of the shared memory, or of a buffer of its own (so it can be moved). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  /** Hands out the bytes written and starts again in `next` (a buffer the caller no longer needs). */
  take(next: Uint8Array): Uint8Array {
    const taken = this.bytes();
    this.buffer = next;
    this.used = 0;
    return taken;
  }

  /** The buffer's length (for a replacement of the same size). */
  get capacity(): number {
    return this.buffer.length;
  }
}

/** A plain object without `toJSON`: `JSON.stringify` writes its own enumerable keys in order. */
function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== "function"
  );
}

function isFrozenObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && Object.isFrozen(value);
}

/** The JSON of frozen data as UTF-8 bytes, or undefined (not cached) for what could change. */
const frozenJsonCache = new WeakMap<object, Uint8Array | null>();

/**
 * The UTF-8 bytes of `JSON.stringify(value)` for a frozen object whose JSON cannot change:
 * plain objects and arrays, frozen all the way down, of data properties only (no getters, no
 * functions, so no `toJSON`). Computed once per object; undefined for anything else.
 */
function frozenJson(value: object): Uint8Array | undefined {
  let bytes = frozenJsonCache.get(value);
  if (bytes === undefined) {
    bytes = isFrozenData(value, 0) ? encoder.encode(JSON.stringify(value)) : null;
    frozenJsonCache.set(value, bytes);
  }
  return bytes ?? undefined;
}

/** Whether `value`'s JSON cannot change: see {@link frozenJson}. */
function isFrozenData(value: unknown, depth: number): boolean {
  if (typeof value === "function") return false;
  if (typeof value !== "object" || value === null) return true;
  if (depth > 16 || !Object.isFrozen(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
  for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
    if (!("value" in descriptor) || !isFrozenData(descriptor.value, depth + 1)) return false;
  }
  return true;
}

/**
 * Collects output lines as UTF-8 and writes them together — once {@link LineBatcher.full}
 * (64 kB), when the event loop next turns (so a reader that sends one case and waits gets its
 * result), and at {@link LineBatcher.flush} — instead of one write (a system call when stdout is
 * a file) per result. Adding a line is synchronous (no promise per line). Order is kept; a failed
 * background write is thrown by the next `settle` or `flush`. A buffer written to a file
 * descriptor is reused once the stream has taken it; any other stream keeps the buffer.
 */
export class LineBatcher {
  private readonly out: Utf8Output;
  private spare: Uint8Array | undefined;
  private pending: Promise<void> | undefined;
  private failure: unknown;
  private timer: NodeJS.Immediate | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly max = 64 * 1024,
  ) {
    this.out = new Utf8Output(max * 2);
  }

  /** Adds one line (or several), `\n` included. */
  add(text: string): void {
    this.out.add(text);
  }

  /** Adds `value` as one line of JSON ({@link Utf8Output.addJsonLine}). */
  addJsonLine(value: object): void {
    this.out.addJsonLine(value);
  }

  /** Whether enough is collected to write it now. */
  get full(): boolean {
    return this.out.size >= this.max;
  }

  /** Writes now when full, else when the event loop next turns; throws a failed background write. */
  async settle(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.full) return this.flush();
    if (this.out.size === 0) return;
    this.timer ??= setImmediate(() => {
      this.timer = undefined;
      this.pending = this.flush().catch((error: unknown) => {
        this.failure = error;
      });
    });
  }

  /** Writes everything added so far. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearImmediate(this.timer);
      this.timer = undefined;
    }
    const before = this.pending;
    this.pending = undefined;
    await before;
    if (this.failure !== undefined) throw this.failure;
    if (this.out.size === 0) return;
    const bytes = this.out.take(this.spare ?? new Uint8Array(this.out.capacity));
    this.spare = undefined;
    await writeOut(this.stream, bytes);
    if (onDescriptor(this.stream)) this.spare = new Uint8Array(bytes.buffer);
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

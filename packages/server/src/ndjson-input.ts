/**
 * How `kinerja evaluate --ndjson` reads its input: bytes cut into runs of whole lines, split into
 * lines the way `node:readline` splits them (`\n`, `\r\n` and a lone `\r` end a line; the end of
 * the input ends the last one). The one-thread path decodes each run at once instead of one
 * string per line; the `--workers` path counts lines in the bytes and hands whole runs to the
 * worker threads undecoded, so the main thread never parses nor decodes a case.
 *
 * @internal
 */

const LF = 0x0a;
const CR = 0x0d;
const BREAK = /\r\n|\n|\r/;

/**
 * Runs of whole lines from a byte (or string) stream: each run ends just after a line break,
 * except the last one of the input, which ends where the input ends. A `\r` last in what was
 * read so far is kept for the next run (a `\n` may follow it).
 */
export async function* lineRuns(input: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : toBuffer(chunk);
    if (bytes.length === 0) continue;
    if (bytes.indexOf(LF) === -1 && bytes.indexOf(CR) === -1) {
      // No line ends here (a long line, or a slow writer): keep it without copying what came before.
      parts.push(bytes);
      held += bytes.length;
      continue;
    }
    let data = bytes;
    if (parts.length > 0) {
      // What was held ends at this chunk's first `\n`: only that line is copied, not the chunk.
      const first = bytes.indexOf(LF) + 1;
      const joined = Buffer.concat([...parts, bytes.subarray(0, first || bytes.length)]);
      parts = [];
      held = 0;
      if (first === 0) data = joined;
      else {
        yield joined;
        data = bytes.subarray(first);
        if (data.length === 0) continue;
      }
    }
    let cut = data.lastIndexOf(LF) + 1;
    // No `\n` at all: a lone `\r` ends a line too, unless it is the last byte (a `\n` may follow).
    if (cut === 0 && data.length >= 2) cut = data.lastIndexOf(CR, data.length - 2) + 1;
    if (cut > 0) yield data.subarray(0, cut);
    if (cut < data.length) {
      parts.push(data.subarray(cut));
      held = data.length - cut;
    }
  }
  if (held > 0) yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, held);
}

/** Reads up to `length` bytes into `buffer` at `offset`; resolves to how many (0 at the end). */
export type ReadInto = (buffer: Buffer, offset: number, length: number) => Promise<number>;

/**
 * {@link lineRuns} read into one reused buffer (of `size` bytes, doubled while one line does not
 * fit) instead of a new buffer per chunk: for an input that is a file, most of what the main
 * thread of `--workers` allocated, and so of its garbage collection. A run is a view of that
 * buffer: it is valid until the next run is asked for (every reader of runs is done with one
 * before it asks for the next: it decodes it, or copies it into a chunk).
 */
export async function* readLineRuns(read: ReadInto, size = 1024 * 1024): AsyncGenerator<Buffer> {
  let buffer = Buffer.allocUnsafe(size);
  // The bytes of an unfinished line, kept at the start of the buffer.
  let kept = 0;
  for (;;) {
    if (kept === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, kept);
      buffer = bigger;
    }
    const n = await read(buffer, kept, buffer.length - kept);
    if (n === 0) break;
    const end = kept + n;
    const cut = runEnd(buffer, end);
    if (cut > 0) yield buffer.subarray(0, cut);
    buffer.copy(buffer, 0, cut, end);
    kept = end - cut;
  }
  if (kept > 0) yield buffer.subarray(0, kept);
}

/**
 * Where the whole lines of `buffer[0, end)` end (0: none yet), as {@link lineRuns} cuts: after
 * the last `\n`, else after the last `\r` that is not the last byte (a `\n` may follow it).
 */
function runEnd(buffer: Buffer, end: number): number {
  const lf = buffer.lastIndexOf(LF, end - 1);
  if (lf !== -1) return lf + 1;
  return end >= 2 ? buffer.lastIndexOf(CR, end - 2) + 1 : 0;
}

function toBuffer(chunk: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The lines of a run of {@link lineRuns} (decoded text), as readline would give them. */
export function splitLines(text: string): string[] {
  const lines = text.includes("\r") ? text.split(BREAK) : text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The lines of whole-line bytes (a chunk of `--workers`), decoded in pieces of about `piece`
 * bytes that each end just after a `\n` (so a `\r\n` is never cut): the lines
 * {@link splitLines} gives for all of it decoded at once, without a string of the whole chunk
 * (one over 64 kB is allocated in the old generation, and collecting those cost a worker 2 %).
 */
export function splitPieces(bytes: Buffer, piece = 64 * 1024): string[] {
  if (bytes.length <= piece) return splitLines(bytes.toString("utf8"));
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    let end = at + piece >= bytes.length ? bytes.length : bytes.lastIndexOf(LF, at + piece) + 1;
    if (end <= at) end = bytes.indexOf(LF, at + piece) + 1 || bytes.length;
    for (const line of splitLines(bytes.toString("utf8", at, end))) lines.push(line);
    at = end;
  }
  return lines;
}

/** Whether a line is blank (skipped by `--ndjson`, though it still counts as a line). */
export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/** Where {@link scanLines} stopped: the end of the lines it counted, and how many were cases. */
export interface LineScan {
  /** The byte offset just after the last line counted. */
  end: number;
  /** Lines counted (blank ones too). */
  lines: number;
  /** Of those, the lines that are not blank (the cases). */
  cases: number;
}

/**
 * Counts up to `max` lines of a run of {@link lineRuns} from byte `start`, without decoding
 * what need not be: a line that starts with a printable ASCII character (`{`) is not blank.
 */
export function scanLines(run: Buffer, start: number, max: number): LineScan {
  if (run.indexOf(CR, start) !== -1) return scanDecoded(run, start, max);
  let lines = 0;
  let cases = 0;
  let at = start;
  while (at < run.length && lines < max) {
    let end = run.indexOf(LF, at);
    if (end === -1) end = run.length;
    lines += 1;
    if (end > at) {
      const first = run[at] as number;
      if ((first > 0x20 && first < 0x7f) || !isBlank(run.toString("utf8", at, end))) cases += 1;
    }
    at = end + 1;
  }
  return { end: Math.min(at, run.length), lines, cases };
}

/** {@link scanLines} for a run with `\r` in it (rare): decoded and split as readline would. */
function scanDecoded(run: Buffer, start: number, max: number): LineScan {
  let lines = 0;
  let cases = 0;
  let at = start;
  while (at < run.length && lines < max) {
    let end = at;
    while (end < run.length && run[end] !== LF && run[end] !== CR) end += 1;
    lines += 1;
    if (!isBlank(run.toString("utf8", at, end))) cases += 1;
    if (end < run.length && run[end] === CR && run[end + 1] === LF) end += 1;
    at = end + 1;
  }
  return { end: Math.min(at, run.length), lines, cases };
}

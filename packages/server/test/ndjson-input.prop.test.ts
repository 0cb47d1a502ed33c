/**
 * `--ndjson` reads its input as bytes (`ndjson-input.ts`) instead of through node:readline: the
 * lines it sees, and the line and case counts that `--workers` takes from the bytes, must be the
 * ones readline gives, however the input is cut into chunks (`\n`, `\r\n` and a lone `\r` end a
 * line, also when a `\r\n` is cut in two; blank and whitespace-only lines; no break at the end).
 */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import fc from "fast-check";
import { expect, test } from "vitest";
import { isBlank, lineRuns, readLineRuns, scanLines, splitLines, splitPieces } from "../src/ndjson-input";

/** An input of lines, line breaks, blanks, non-ASCII and JSON-ish characters, cut into chunks. */
const chunkedInput = fc
  .array(fc.constantFrom("{", "}", "a", "é", "\u00a0", " ", "\t", "\n", "\r", "\r\n", "\u2028", '"'), {
    maxLength: 80,
  })
  .chain((pieces) => {
    const bytes = Buffer.from(pieces.join(""), "utf8");
    return fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 6 })
      .map((cuts) => {
        const at = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
        const chunks: Buffer[] = [];
        for (let i = 0; i + 1 < at.length; i += 1) chunks.push(bytes.subarray(at[i], at[i + 1]));
        return chunks.filter((c) => c.length > 0);
      });
  });

async function readlineLines(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  const input = Readable.from(chunks);
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) lines.push(line);
  return lines;
}

async function byteLines(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const run of lineRuns(Readable.from(chunks))) lines.push(...splitLines(run.toString("utf8")));
  return lines;
}

test("the lines of lineRuns + splitLines are readline's, however the input is chunked", async () => {
  await fc.assert(
    fc.asyncProperty(chunkedInput, async (chunks) => {
      expect(await byteLines(chunks)).toEqual(await readlineLines(chunks));
    }),
    { numRuns: 300 },
  );
});

test("scanLines counts the lines and non-blank lines that splitLines gives, in pieces of at most max lines", async () => {
  await fc.assert(
    fc.asyncProperty(chunkedInput, fc.integer({ min: 1, max: 5 }), async (chunks, max) => {
      for await (const run of lineRuns(Readable.from(chunks))) {
        const lines = splitLines(run.toString("utf8"));
        let lineCount = 0;
        let cases = 0;
        for (let at = 0; at < run.length; ) {
          const scan = scanLines(run, at, max);
          expect(scan.lines).toBeGreaterThan(0);
          expect(scan.lines).toBeLessThanOrEqual(max);
          // Each piece is whole lines: split on its own, it gives the same lines.
          expect(splitLines(run.toString("utf8", at, scan.end))).toEqual(
            lines.slice(lineCount, lineCount + scan.lines),
          );
          lineCount += scan.lines;
          cases += scan.cases;
          at = scan.end;
        }
        expect(lineCount).toBe(lines.length);
        expect(cases).toBe(lines.filter((l) => !isBlank(l)).length);
      }
    }),
    { numRuns: 300 },
  );
});

test("splitPieces gives the lines of splitLines, whatever the piece size", async () => {
  await fc.assert(
    fc.asyncProperty(chunkedInput, fc.integer({ min: 1, max: 12 }), async (chunks, piece) => {
      for await (const run of lineRuns(Readable.from(chunks))) {
        expect(splitPieces(run, piece)).toEqual(splitLines(run.toString("utf8")));
      }
    }),
    { numRuns: 300 },
  );
});

test("strings from an object-mode stream are read as UTF-8 too", async () => {
  const runs: string[] = [];
  for await (const run of lineRuns(Readable.from(["é1\r", "\né2", "\n\r", "x"]))) runs.push(run.toString());
  expect(runs.flatMap((r) => splitLines(r))).toEqual(["é1", "é2", "", "x"]);
});

/** The lines of readLineRuns over `chunks`, each read cut where the input was, into a `size`-byte buffer. */
async function readIntoLines(chunks: Buffer[], size: number): Promise<string[]> {
  const pending = chunks.map((c) => Buffer.from(c));
  const read = async (buffer: Buffer, offset: number, length: number) => {
    const next = pending[0];
    if (next === undefined) return 0;
    const n = Math.min(length, next.length);
    next.copy(buffer, offset, 0, n);
    if (n === next.length) pending.shift();
    else pending[0] = next.subarray(n);
    return n;
  };
  const lines: string[] = [];
  // Every run is used before the next is asked for (it is a view of the reused buffer).
  for await (const run of readLineRuns(read, size)) lines.push(...splitLines(run.toString("utf8")));
  return lines;
}

test("readLineRuns (one reused buffer, grown for long lines) gives readline's lines, whatever the reads and buffer size", async () => {
  await fc.assert(
    fc.asyncProperty(chunkedInput, fc.integer({ min: 1, max: 32 }), async (chunks, size) => {
      expect(await readIntoLines(chunks, size)).toEqual(await readlineLines(chunks));
    }),
    { numRuns: 300 },
  );
});

import { spawn } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type PreparedEvaluator, prepareEvaluator } from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { runCli } from "../src/commands";
import { evaluateLine } from "../src/evaluate-line";
import { createNdjsonPool, evaluateNdjsonBytes, evaluateNdjsonInWorkers } from "../src/ndjson-workers";
import { defaultRegistry } from "../src/registry";

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `kinerja` with the default rule packages (the workers resolve packages there). */
async function run(argv: string[], stdin: string) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdin: Readable.from([stdin]), stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"] as const;

/** A valid case of permenpanrb-6-2022 whose ratings and realisation vary with `i`. */
/** The lines the one-thread path writes for `lines` (no header, no summary). */
function oneThreadLines(evaluator: PreparedEvaluator, lines: string[], onError: "fail" | "report"): string {
  return lines
    .map((line, i) => {
      const outcome = evaluateLine(evaluator, line, i, i + 1, onError);
      return `${JSON.stringify(outcome.ok ? outcome.result : outcome.failure)}\n`;
    })
    .join("");
}

function realCase(i: number) {
  return {
    employee: {
      id: `19900101201500${String(i).padStart(4, "0")}`,
      positionKind: "JF",
      functionalLevel: "AHLI_PERTAMA",
    },
    workPlan: {
      results: [
        { id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: i % 17 }] },
      ],
    },
    assessments: [
      {
        source: "SUPERVISOR",
        raterId: "196801011990031002",
        resultRating: ratings[i % 3],
        behaviourRating: ratings[Math.floor(i / 3) % 3],
      },
    ],
  };
}

const EVALUATE = ["evaluate", "--ndjson", "--rules", "permenpanrb-6-2022", "--progress", "0"];

describe("kinerja evaluate --ndjson --workers N", () => {
  test("writes the same bytes as one thread, in input order, over several chunks", async () => {
    const header = { period: { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" } };
    const body = Array.from({ length: 700 }, (_, i) => JSON.stringify(realCase(i)));
    // Blank lines are skipped by both paths.
    body.splice(300, 0, "", "  ");
    const input = `${[JSON.stringify(header), ...body].join("\n")}\n`;
    const single = await run(EVALUATE, input);
    const parallel = await run([...EVALUATE, "--workers", "2"], input);
    expect(single.code).toBe(0);
    expect(parallel).toEqual(single);
    const ids = parallel.stdout
      .trim()
      .split("\n")
      .slice(0, -1)
      .map((line) => JSON.parse(line).employeeId);
    expect(ids).toEqual(Array.from({ length: 700 }, (_, i) => realCase(i).employee.id));
  }, 120_000);

  test("an input long enough to start the threads: the same bytes as one thread", async () => {
    // The threads start after 8 chunks (2,048 lines); the chunks before run in this thread.
    const lines = Array.from({ length: 2_600 }, (_, i) =>
      i === 2_500 ? JSON.stringify({ employee: { id: "bad" }, workPlan: {} }) : JSON.stringify(realCase(i)),
    );
    const input = `${lines.join("\r\n")}\r\n`;
    const argv = [...EVALUATE, "--on-error", "report", "--organisation", "disdik:BAIK"];
    const single = await run(argv, input);
    const parallel = await run([...argv, "--workers", "2"], input);
    expect(single.code).toBe(1);
    expect(single.stdout).toContain('"line":2501');
    expect(parallel).toEqual(single);
  }, 120_000);

  test("with an organisation, the distribution at the end is the same", async () => {
    const input = Array.from({ length: 300 }, (_, i) => JSON.stringify(realCase(i))).join("\n");
    const argv = [...EVALUATE, "--organisation", "disdik:BAIK"];
    const single = await run(argv, input);
    const parallel = await run([...argv, "--workers", "2"], input);
    expect(single.code).toBe(0);
    expect(parallel).toEqual(single);
  }, 120_000);

  test.each([
    ["a line that is not JSON", "{oops"],
    [
      "a case with a wrong field",
      JSON.stringify({ ...realCase(0), employee: { id: "x", positionKind: "CEO" } }),
    ],
  ])(
    "%s: the same results before it, the same message and exit code",
    async (_, bad) => {
      const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify(realCase(i)));
      lines[450] = bad;
      const input = lines.join("\n");
      const single = await run(EVALUATE, input);
      const parallel = await run([...EVALUATE, "--workers", "2"], input);
      expect(single.code).toBe(1);
      expect(single.stderr).toContain("line 451");
      expect(parallel).toEqual(single);
    },
    120_000,
  );

  test("a progress line on stderr every N cases, as with one thread", async () => {
    const input = Array.from({ length: 650 }, (_, i) => JSON.stringify(realCase(i))).join("\n");
    const argv = ["evaluate", "--ndjson", "--rules", "permenpanrb-6-2022", "--progress", "100"];
    const counts = (stderr: string) => stderr.match(/kinerja evaluate: \d+ cases/g);
    const single = await run(argv, input);
    const parallel = await run([...argv, "--workers", "2"], input);
    expect(counts(single.stderr)).toHaveLength(6);
    expect(counts(parallel.stderr)).toEqual(counts(single.stderr));
    expect(parallel.stdout).toBe(single.stdout);
  }, 120_000);

  test("--on-error report: the failures in place and the same summary as one thread", async () => {
    const lines = Array.from({ length: 600 }, (_, i) =>
      i % 97 === 5
        ? JSON.stringify({ employee: { id: `bad-${i}` }, workPlan: {} })
        : JSON.stringify(realCase(i)),
    );
    const input = `${lines.join("\n")}\n`;
    const argv = [...EVALUATE, "--on-error", "report", "--organisation", "disdik:BAIK"];
    const single = await run(argv, input);
    const parallel = await run([...argv, "--workers", "2"], input);
    expect(single.code).toBe(1);
    expect(parallel).toEqual(single);
    const summary = JSON.parse(single.stdout.trim().split("\n").at(-1) as string);
    expect(summary).toMatchObject({ evaluated: 593, failed: 7 });
  }, 120_000);

  test("a header may set explain and onError; an unknown header key is named, not dropped", async () => {
    const bad = JSON.stringify({ employee: { id: "bad-1" }, workPlan: {} });
    const reported = await run(
      EVALUATE,
      `${JSON.stringify({ onError: "report" })}\n${bad}\n${JSON.stringify(realCase(1))}\n`,
    );
    expect(reported.code).toBe(1);
    expect(reported.stdout.split("\n")[0]).toContain('"index":0');
    const typo = await run(EVALUATE, `${JSON.stringify({ rules: "permenpanrb-6-2022", explian: "none" })}\n`);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('unknown key "explian"');
  });

  test("flags that do nothing where they are given are usage errors", async () => {
    const request = JSON.stringify({ rules: "permenpanrb-6-2022", cases: [] });
    for (const argv of [
      ["evaluate", "--workers", "2"],
      ["evaluate", "--progress", "10"],
      ["evaluate", "--periodic", "--explain", "none"],
      ["evaluate", "--periodic", "--on-error", "report"],
      [...EVALUATE, "--workers", "100000"],
    ]) {
      const r = await run(argv, request);
      expect(r.code, argv.join(" ")).toBe(2);
    }
  });

  test("--workers must be a whole number of threads", async () => {
    const r = await run([...EVALUATE, "--workers", "0"], "");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--workers");
  });

  test("exits quietly with status 0 when the reader closes the pipe early", async () => {
    const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", cli, ...EVALUATE, "--workers", "2"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdin.on("error", () => undefined);
    child.stdin.end(Array.from({ length: 5000 }, (_, i) => `${JSON.stringify(realCase(i))}\n`).join(""));
    await new Promise<void>((resolve) => {
      child.stdout.once("data", () => {
        child.stdout.destroy();
        resolve();
      });
    });
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  }, 120_000);
});

describe("kinerja evaluate --ndjson < file", () => {
  /** The command as a process, its standard input the file `path` (read from the descriptor). */
  async function fromFile(path: string, extra: string[]) {
    const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
    const input = await open(path, "r");
    try {
      const child = spawn(process.execPath, ["--import", "tsx", cli, ...EVALUATE, ...extra], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stdio: [input.fd, "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout?.on("data", (d) => {
        stdout += d;
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      return { code, stdout };
    } finally {
      await input.close();
    }
  }

  test("a file on standard input (read into one reused buffer) gives the bytes a stream gives", async () => {
    const header = {
      period: { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" },
      onError: "report",
    };
    // Over a megabyte (more than one read of the buffer), CRLF and LF line ends, a blank line and
    // a bad case, and no line break at the end.
    const lines = Array.from({ length: 3500 }, (_, i) => JSON.stringify(realCase(i)));
    lines.splice(500, 0, "", JSON.stringify({ employee: { id: "bad" }, workPlan: {} }));
    const input = `${JSON.stringify(header)}\r\n${lines.slice(0, 2000).join("\r\n")}\n${lines.slice(2000).join("\n")}`;
    expect(Buffer.byteLength(input)).toBeGreaterThan(1024 * 1024);
    const dir = await mkdtemp(join(tmpdir(), "kinerja-ndjson-"));
    try {
      const path = join(dir, "cases.ndjson");
      await writeFile(path, input);
      const streamed = await run(EVALUATE, input);
      expect(streamed.code).toBe(1);
      for (const extra of [[], ["--workers", "2"]]) {
        const r = await fromFile(path, extra);
        expect(r.code, extra.join(" ")).toBe(1);
        expect(r.stdout === streamed.stdout, extra.join(" ")).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("evaluateNdjsonInWorkers", () => {
  const PERIOD = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
  const pkg = defaultRegistry().resolveSpec("permenpanrb-6-2022");
  const evaluator = prepareEvaluator(pkg, { config: {}, period: PERIOD, explain: "steps" });

  /** Runs of one line each, counting how many lines were taken from the input. */
  function source(lines: string[]) {
    const taken = { lines: 0 };
    async function* runs() {
      for (const line of lines) {
        taken.lines += 1;
        yield Buffer.from(`${line}\n`);
      }
    }
    return { runs: runs(), taken };
  }

  async function evaluateWith(
    lines: string[],
    options: {
      helpWhileLoading: boolean;
      chunkLines: number;
      stdout?: Writable;
      /** The explanation level and its evaluator (default: `steps`). */
      explained?: { explain: "full" | "steps"; evaluator: PreparedEvaluator };
      onError?: "fail" | "report";
    },
  ) {
    const pool = createNdjsonPool(2);
    const stdout = options.stdout ?? new Sink();
    const { runs, taken } = source(lines);
    const explained = options.explained ?? { explain: "steps", evaluator };
    try {
      const done = await evaluateNdjsonInWorkers({
        firstLine: 1,
        runs,
        pkg,
        config: {},
        evaluator: explained.evaluator,
        period: PERIOD,
        options: { explain: explained.explain, onError: options.onError ?? "report" },
        pool,
        workers: 2,
        progressEvery: 0,
        stdout,
        stderr: new Sink(),
        chunkLines: options.chunkLines,
        helpWhileLoading: options.helpWhileLoading,
      });
      return { done, stdout, taken, startedThreads: pool.started };
    } finally {
      await pool.close();
    }
  }

  test("on the threads and in this thread while they load: the results of one thread, in input order", async () => {
    const lines = Array.from({ length: 120 }, (_, i) =>
      i % 29 === 3 ? "{not json" : JSON.stringify(realCase(i)),
    );
    lines.splice(50, 0, "", " \t");
    const single = await run(
      [...EVALUATE, "--on-error", "report"],
      `${JSON.stringify({ period: PERIOD })}\n${lines.join("\n")}\n`,
    );
    // The line numbers of the one-thread run are one more (its header line).
    const expected = single.stdout
      .replace(/"line":(\d+)/g, (_, n) => `"line":${Number(n) - 1}`)
      .replace(/line (\d+):/g, (_, n) => `line ${Number(n) - 1}:`);
    const threads = await evaluateWith(lines, { helpWhileLoading: false, chunkLines: 7 });
    expect(threads.startedThreads).toBe(true);
    expect((threads.stdout as Sink).text).toBe(expected);
    const helped = await evaluateWith(lines, { helpWhileLoading: true, chunkLines: 7 });
    expect((helped.stdout as Sink).text).toBe(expected);
    expect(threads.done).toEqual({ evaluated: 115, failed: 5 });
  }, 120_000);

  test("a chunk's shared memory is reused only after its output is written, and grows when an output does not fit", async () => {
    // The reader looks at each write's bytes only later, as a slow pipe would: were the chunk's
    // memory reused before the write's callback, it would read the next chunk's output. Full
    // explanations are about five times their case, more than a slot first holds.
    const lines = Array.from({ length: 90 }, (_, i) => JSON.stringify(realCase(i)));
    let text = "";
    const stdout = new Writable({
      // Room for everything: the stream takes each write at once and only reads it later.
      highWaterMark: 64 * 1024 * 1024,
      write(chunk: Buffer, _enc, next) {
        setTimeout(() => {
          text += chunk.toString("utf8");
          next();
        }, 2);
      },
    });
    const full = prepareEvaluator(pkg, { config: {}, period: PERIOD, explain: "full" });
    await evaluateWith(lines, {
      helpWhileLoading: false,
      chunkLines: 4,
      stdout,
      explained: { explain: "full", evaluator: full },
      onError: "fail",
    });
    const expected = oneThreadLines(full, lines, "fail");
    expect(text.slice(0, expected.length)).toBe(expected);
  }, 120_000);

  test("a stream that keeps what it is given (a PassThrough read at the end) gets copies, not views of reused memory", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify(realCase(i)));
    const stdout = new PassThrough({ highWaterMark: 64 * 1024 * 1024 });
    await evaluateWith(lines, { helpWhileLoading: false, chunkLines: 3, stdout, onError: "fail" });
    stdout.end();
    const chunks: Buffer[] = [];
    for await (const chunk of stdout) chunks.push(chunk as Buffer);
    const expected = oneThreadLines(evaluator, lines, "fail");
    expect(Buffer.concat(chunks).toString("utf8").slice(0, expected.length)).toBe(expected);
  }, 120_000);

  test("a short input never starts the threads (this thread evaluates it)", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify(realCase(i)));
    const r = await evaluateWith(lines, { helpWhileLoading: true, chunkLines: 8 });
    expect(r.startedThreads).toBe(false);
    expect(r.done.evaluated).toBe(30);
  });

  test("a reader that does not read stops the reading: a few chunks in flight, not the whole input", async () => {
    const chunkLines = 10;
    const held: (() => void)[] = [];
    let writes = 0;
    const stdout = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, next) {
        writes += 1;
        held.push(next);
      },
    });
    const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify(realCase(i)));
    const pool = createNdjsonPool(2);
    const { runs, taken } = source(lines);
    const done = evaluateNdjsonInWorkers({
      firstLine: 1,
      runs,
      pkg,
      config: {},
      evaluator,
      period: PERIOD,
      options: { explain: "steps", onError: "fail" },
      pool,
      workers: 2,
      progressEvery: 0,
      stdout,
      stderr: new Sink(),
      chunkLines,
      helpWhileLoading: false,
    });
    for (let i = 0; i < 600 && writes === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    // The window (2 chunks per thread), the chunk being gathered and the run in hand, no more.
    expect(taken.lines).toBeLessThanOrEqual((2 * 2 + 2) * chunkLines);
    // Once the reader reads again, everything comes out.
    const release = setInterval(() => {
      for (const next of held.splice(0)) next();
    }, 5);
    try {
      expect(await done).toEqual({ evaluated: 400, failed: 0 });
    } finally {
      clearInterval(release);
      await pool.close();
    }
    expect(taken.lines).toBe(400);
  }, 120_000);
});

describe("evaluateNdjsonBytes (a worker's chunk)", () => {
  const PERIOD = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
  const registry = defaultRegistry();
  const pkg = registry.resolveSpec("permenpanrb-6-2022");

  // The output is encoded line by line into one buffer sized from the input; full explanations
  // (non-ASCII text, several times the input) make it grow, and the bytes must not change.
  test.each(["full", "steps", "none"] as const)(
    "explain %s: the UTF-8 of the lines one thread writes",
    (explain) => {
      const lines = Array.from({ length: 40 }, (_, i) =>
        i % 13 === 5 ? "{not json" : JSON.stringify(realCase(i)),
      );
      const context = {
        rules: `${pkg.id}@${pkg.version}`,
        config: {},
        period: PERIOD,
        options: { explain, onError: "report" as const },
      };
      const bytes = new TextEncoder().encode(`${lines.join("\n")}\n`);
      const result = evaluateNdjsonBytes({ context, bytes, firstLine: 1, firstIndex: 0 }, registry);
      const evaluator = prepareEvaluator(pkg, { config: {}, period: PERIOD, explain });
      const expected = oneThreadLines(evaluator, lines, "report");
      expect(Buffer.from(result.output).toString("utf8")).toBe(expected);
      expect(result.output.byteLength).toBe(Buffer.byteLength(expected));
      expect(result.count + result.failed).toBe(40);
    },
  );
});

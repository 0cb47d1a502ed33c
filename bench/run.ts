/**
 * `npm run bench` (not a test): every comparison of issue 9 with its baseline, interleaved run by
 * run in the same process or in alternating child processes, ≥ 5 runs (3 with `--quick`), the
 * median and min–max, the ratio first. Writes docs/benchmarks-results.json and
 * docs/benchmarks-throughput.svg; docs/benchmarks.md explains them. Run `npm run build` first
 * (the command, the service and the start-up are measured from the built packages).
 *
 *   npm run bench                     # full (≈ 10 min on 2 quiet cores)
 *   npm run bench -- --quick          # small inputs, 3 runs (≈ 2 min)
 *   npm run bench -- --only memory,ndjson,http,start,health,sizes,scale
 *   npm run bench -- --only national  # 1 M cases through --workers 2, extrapolated to 4.3 M
 */
import { spawn } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { jsonRulesEngineMatrix, matrixEngine } from "./baselines";
import { caseArray, syntheticCases } from "./cases";
import { ENGINE_CONFIGURATION, evaluateCases, PERIOD } from "./engine";
import { distributeAtScale, organisationAtScale } from "./scale";
import { healthUnderLoad } from "./server";
import { startBench, summarise } from "./start";
import { lineChart } from "./svg";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyAt = argv.indexOf("--only");
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? "").split(",")) : undefined;
const RUNS = quick ? 3 : 5;
const root = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(root, "packages/server/bin/kinerja.js");
const SECRET = "kinerja-bench-secret-0123456789-abcdefghijkl";

type Summary = ReturnType<typeof summarise>;
/** One comparison: the ratio of medians first, then both sides. */
interface Comparison {
  what: string;
  ratio: number;
  kinerja: Summary & { unit: string };
  baseline: Summary & { unit: string; name: string };
  notes?: string;
}
const results: Record<string, unknown> = {};
const comparisons: Comparison[] = [];

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en") : n.toFixed(2));
const show = (s: Summary, unit: string) => `${fmt(s.median)} ${unit} (${fmt(s.min)}–${fmt(s.max)})`;
function compare(c: Omit<Comparison, "ratio">, higherIsBetter = true): void {
  const ratio = higherIsBetter ? c.kinerja.median / c.baseline.median : c.baseline.median / c.kinerja.median;
  const row = {
    what: c.what,
    ratio: Number(ratio.toFixed(3)),
    kinerja: c.kinerja,
    baseline: c.baseline,
    ...(c.notes ? { notes: c.notes } : {}),
  };
  comparisons.push(row);
  console.log(
    `${c.what}: ratio ${ratio.toFixed(3)} — kinerja ${show(c.kinerja, c.kinerja.unit)}; ${c.baseline.name} ${show(c.baseline, c.baseline.unit)}`,
  );
}
const seconds = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
};

/** `evaluateMany` in memory against json-rules-engine's matrix, interleaved in this process. */
async function memory(): Promise<void> {
  const n = quick ? 2_000 : 20_000;
  const cases = caseArray(n);
  const engine = matrixEngine();
  await evaluateCases(cases.slice(0, 500));
  await jsonRulesEngineMatrix(engine, cases.slice(0, 500));
  const levels = ["full", "steps", "none"] as const;
  const ours: Record<(typeof levels)[number], number[]> = { full: [], steps: [], none: [] };
  const theirs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    for (const level of levels) ours[level].push(n / (await seconds(() => evaluateCases(cases, level))));
    theirs.push(n / (await seconds(() => jsonRulesEngineMatrix(engine, cases))));
  }
  for (const level of levels) {
    compare({
      what: `evaluateMany, explain ${level}, ${n.toLocaleString("en")} cases in memory`,
      kinerja: { ...summarise(ours[level]), unit: "cases/s" },
      baseline: {
        ...summarise(theirs),
        unit: "cases/s",
        name: "json-rules-engine 7, the 9-cell matrix only",
      },
    });
  }
}

/** Runs a child with stdin from `input` and stdout to /dev/null; wall time and peak RSS (MiB). */
async function timedChild(command: string[], input: string): Promise<{ seconds: number; rssMiB: number }> {
  const stdin = await open(input, "r");
  const devNull = await open("/dev/null", "w");
  try {
    const t0 = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%M", ...command], {
      stdio: [stdin.fd, devNull.fd, "pipe"],
      cwd: root,
    });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const took = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`${command.join(" ")} exited ${code}: ${stderr}`);
    const kb = Number(stderr.trim().split("\n").at(-1));
    return { seconds: took, rssMiB: kb / 1024 };
  } finally {
    await stdin.close();
    await devNull.close();
  }
}

/**
 * `kinerja evaluate --ndjson` (1 thread, --workers 1, --workers 2) against the bare pass,
 * alternating processes: at 20 000 cases (where starting the process and the threads still
 * counts) and at 200 000, the size issue 9 measured the command at.
 */
async function ndjson(): Promise<void> {
  const sizes = quick ? [2_000] : [20_000, 200_000];
  const rss: Record<string, unknown> = {};
  for (const n of sizes) rss[String(n)] = await ndjsonAt(n);
  results.ndjsonPeakRssMiB = rss;
}

async function ndjsonAt(n: number): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), "kinerja-bench-ndjson-"));
  const file = join(dir, "cases.ndjson");
  const lines: string[] = [];
  for (const c of syntheticCases(n)) lines.push(JSON.stringify(c));
  await writeFile(file, `${lines.join("\n")}\n`);
  lines.length = 0;
  const evaluate = [process.execPath, BIN, "evaluate", "--ndjson", "--rules", "permenpanrb-6-2022"];
  const period = ["--period", `${PERIOD.start}..${PERIOD.end}`, "--progress", "0"];
  const configs: Record<string, string[]> = {
    bare: [process.execPath, join(root, "bench/bare-ndjson.mjs")],
    "one thread": [...evaluate, ...period],
    "--workers 1": [...evaluate, ...period, "--workers", "1"],
    "--workers 2": [...evaluate, ...period, "--workers", "2"],
  };
  const samples: Record<string, { rate: number; rss: number }[]> = Object.fromEntries(
    Object.keys(configs).map((name) => [name, []]),
  );
  for (let i = 0; i < RUNS; i += 1) {
    for (const [name, command] of Object.entries(configs)) {
      const r = await timedChild(command, file);
      samples[name]?.push({ rate: n / r.seconds, rss: r.rssMiB });
    }
  }
  await rm(dir, { recursive: true, force: true });
  const rate = (name: string) => summarise((samples[name] ?? []).map((s) => s.rate));
  const bare = {
    ...rate("bare"),
    unit: "cases/s",
    name: "bare readline + JSON.parse + matrix + JSON.stringify",
  };
  const size = `${n.toLocaleString("en")} cases`;
  for (const name of ["one thread", "--workers 1", "--workers 2"]) {
    compare({
      what: `kinerja evaluate --ndjson (${name}), ${size}`,
      kinerja: { ...rate(name), unit: "cases/s" },
      baseline: bare,
      notes: `peak RSS median ${fmt(summarise((samples[name] ?? []).map((s) => s.rss)).median)} MiB`,
    });
  }
  for (const against of ["one thread", "--workers 1"]) {
    compare({
      what: `kinerja evaluate --ndjson: --workers 2 against ${against}, ${size}`,
      kinerja: { ...rate("--workers 2"), unit: "cases/s" },
      baseline: { ...rate(against), unit: "cases/s", name: against },
    });
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v.map((s) => s.rss))]));
}

/**
 * The national batch (issue 9): ≥ 1 M cases through `kinerja evaluate --ndjson --workers 2`
 * (explain `steps`, the default of --ndjson), wall time and peak RSS, extrapolated linearly to
 * 4.3 M and said so. Opt-in (`--only national`; ≈ 2 GB of NDJSON in the temporary folder and
 * minutes of run time); writes docs/benchmarks-national.json.
 */
async function national(): Promise<void> {
  const n = Number(process.env.KINERJA_BENCH_NATIONAL_CASES ?? 1_000_000);
  const dir = await mkdtemp(join(tmpdir(), "kinerja-bench-national-"));
  const file = join(dir, "cases.ndjson");
  try {
    const out = await open(file, "w");
    let chunk: string[] = [];
    for (const c of syntheticCases(n)) {
      chunk.push(JSON.stringify(c));
      if (chunk.length === 10_000) {
        await out.write(`${chunk.join("\n")}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) await out.write(`${chunk.join("\n")}\n`);
    await out.close();
    const command = [
      process.execPath,
      BIN,
      "evaluate",
      "--ndjson",
      "--rules",
      "permenpanrb-6-2022",
      "--period",
      `${PERIOD.start}..${PERIOD.end}`,
      "--progress",
      "0",
      "--workers",
      "2",
    ];
    const r = await timedChild(command, file);
    const national = {
      cases: n,
      seconds: Number(r.seconds.toFixed(1)),
      casesPerSecond: Math.round(n / r.seconds),
      peakRssMiB: Math.round(r.rssMiB),
      extrapolatedSecondsFor4_3M: Math.round((r.seconds * 4_300_000) / n),
      note: "measured on `cases`, extrapolated linearly to 4.3 M (not run on 4.3 M)",
      date: new Date().toISOString(),
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
    };
    console.log(
      `--workers 2, ${n.toLocaleString("en")} cases: ${national.seconds} s (${national.casesPerSecond} cases/s), peak RSS ${national.peakRssMiB} MiB → 4.3 M ≈ ${national.extrapolatedSecondsFor4_3M} s (extrapolated)`,
    );
    await writeFile(join(root, "docs/benchmarks-national.json"), `${JSON.stringify(national, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts an HTTP target process (bench/http-target.ts) and resolves to its base URL and a stop. */
async function target(kind: "kinerja" | "bare"): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench/http-target.ts"), kind], {
    cwd: root,
    env: { ...process.env, BENCH_SECRET: SECRET },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`${kind} target exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function load(url: string, body: string, connections: number, duration: number, token?: string) {
  const r = await autocannon({
    url: `${url}/v1/evaluate`,
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body,
    connections,
    duration,
  });
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

/** `clients` clients each POST `body` `each` times in a row; cases per second over the whole. */
async function batchLoad(
  url: string,
  body: string,
  cases: number,
  clients: number,
  each: number,
  token?: string,
) {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < each; i += 1) {
        const r = await fetch(`${url}/v1/evaluate`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
          body,
        });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
      }
    }),
  );
  return { rps: (clients * each) / ((performance.now() - t0) / 1000), p99: Number.NaN, cases };
}

/** `POST /v1/evaluate` (one case, 50 connections; 1 000 cases, 4 connections) against a bare Fastify route. */
async function http(): Promise<void> {
  const { signToken } = await import("@kinerja/server");
  const token = `Bearer ${signToken({ sub: "bench", agency: "bench", roles: ["EMPLOYEE"] }, { secret: SECRET }, { ttlSeconds: 3600, now: new Date() })}`;
  const [kinerja, bare] = [await target("kinerja"), await target("bare")];
  const duration = quick ? 3 : 8;
  const one = JSON.stringify({ rules: "permenpanrb-6-2022", period: PERIOD, cases: caseArray(1) });
  const batch = JSON.stringify({ rules: "permenpanrb-6-2022", period: PERIOD, cases: caseArray(1000) });
  // The same requests with a lighter explanation (extra numbers; the default, `full`, is the target).
  const lighter = (["steps", "none"] as const).map((explain) => ({
    explain,
    one: JSON.stringify({ rules: "permenpanrb-6-2022", period: PERIOD, explain, cases: caseArray(1) }),
    batch: JSON.stringify({ rules: "permenpanrb-6-2022", period: PERIOD, explain, cases: caseArray(1000) }),
  }));
  try {
    // Warm-up (JIT, the evaluation pool's threads).
    await load(kinerja.url, one, 10, 2, token);
    await batchLoad(kinerja.url, batch, 1000, 2, 1, token);
    await load(bare.url, one, 10, 1);
    const s: Record<string, { rps: number; p99: number }[]> = { k1: [], b1: [], kN: [], bN: [] };
    for (const l of lighter) Object.assign(s, { [`k1-${l.explain}`]: [], [`kN-${l.explain}`]: [] });
    for (let i = 0; i < RUNS; i += 1) {
      s.k1?.push(await load(kinerja.url, one, 50, duration, token));
      s.b1?.push(await load(bare.url, one, 50, duration));
      s.kN?.push(await batchLoad(kinerja.url, batch, 1000, 4, quick ? 1 : 3, token));
      s.bN?.push(await batchLoad(bare.url, batch, 1000, 4, quick ? 1 : 3));
      for (const l of lighter) {
        s[`k1-${l.explain}`]?.push(await load(kinerja.url, l.one, 50, duration, token));
        s[`kN-${l.explain}`]?.push(await batchLoad(kinerja.url, l.batch, 1000, 4, quick ? 1 : 3, token));
      }
    }
    const of = (k: string, f: (x: { rps: number; p99: number }) => number) => summarise((s[k] ?? []).map(f));
    compare({
      what: "POST /v1/evaluate, one case, 50 connections: requests/s",
      kinerja: { ...of("k1", (x) => x.rps), unit: "req/s" },
      baseline: { ...of("b1", (x) => x.rps), unit: "req/s", name: "bare Fastify route, same body" },
    });
    compare(
      {
        what: "POST /v1/evaluate, one case, 50 connections: p99 latency (baseline/kinerja)",
        kinerja: { ...of("k1", (x) => x.p99), unit: "ms" },
        baseline: { ...of("b1", (x) => x.p99), unit: "ms", name: "bare Fastify route, same body" },
      },
      false,
    );
    compare({
      what: "POST /v1/evaluate, 1 000 cases, 4 clients: cases/s",
      kinerja: { ...of("kN", (x) => x.rps * 1000), unit: "cases/s" },
      baseline: { ...of("bN", (x) => x.rps * 1000), unit: "cases/s", name: "bare Fastify route, same body" },
    });
    for (const { explain } of lighter) {
      const notes = `explain: "${explain}" in the request (the default is full); not a target`;
      compare({
        what: `POST /v1/evaluate, one case, explain ${explain}, 50 connections: requests/s`,
        kinerja: { ...of(`k1-${explain}`, (x) => x.rps), unit: "req/s" },
        baseline: { ...of("b1", (x) => x.rps), unit: "req/s", name: "bare Fastify route, same cases" },
        notes,
      });
      compare(
        {
          what: `POST /v1/evaluate, one case, explain ${explain}, 50 connections: p99 latency (baseline/kinerja)`,
          kinerja: { ...of(`k1-${explain}`, (x) => x.p99), unit: "ms" },
          baseline: { ...of("b1", (x) => x.p99), unit: "ms", name: "bare Fastify route, same cases" },
          notes,
        },
        false,
      );
      compare({
        what: `POST /v1/evaluate, 1 000 cases, explain ${explain}, 4 clients: cases/s`,
        kinerja: { ...of(`kN-${explain}`, (x) => x.rps * 1000), unit: "cases/s" },
        baseline: {
          ...of("bN", (x) => x.rps * 1000),
          unit: "cases/s",
          name: "bare Fastify route, same cases",
        },
        notes,
      });
    }
  } finally {
    await kinerja.stop();
    await bare.stop();
  }
}

/** `kinerja serve` → `/ready` and idle RSS (bench/start.ts), against the targets. */
async function start(): Promise<void> {
  const r = await startBench(RUNS);
  results.start = r;
  for (const [name, x] of Object.entries(r)) {
    console.log(`${name}: /ready ${show(x.readyMs, "ms")}, idle RSS ${show(x.rssMiB, "MiB")}`);
  }
}

/** `/health` latency while batches run through the service (bench/server.ts). */
async function health(): Promise<void> {
  const r = await healthUnderLoad(4, quick ? 1000 : 5000);
  results.health = r;
}

/** Throughput against input size: evaluateMany and json-rules-engine, median of 3; the SVG chart. */
async function sizes(): Promise<void> {
  const sizes = quick ? [100, 1_000, 4_000] : [100, 1_000, 10_000, 50_000];
  const engine = matrixEngine();
  const ours: { x: number; y: number }[] = [];
  const theirs: { x: number; y: number }[] = [];
  for (const n of sizes) {
    const cases = caseArray(n);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      a.push(n / (await seconds(() => evaluateCases(cases))));
      b.push(n / (await seconds(() => jsonRulesEngineMatrix(engine, cases))));
    }
    ours.push({ x: n, y: summarise(a).median });
    theirs.push({ x: n, y: summarise(b).median });
    console.log(
      `size ${n}: evaluateMany ${fmt(summarise(a).median)} cases/s, json-rules-engine ${fmt(summarise(b).median)} cases/s`,
    );
  }
  results.sizes = { evaluateMany: ours, jsonRulesEngine: theirs };
  const svg = lineChart(
    `Throughput against input size (${new Date().toISOString().slice(0, 10)}${quick ? ", quick" : ""})`,
    "cases in the batch (log scale)",
    "cases per second (median of 3)",
    [
      { name: "evaluateMany", colour: "#1f77b4", points: ours },
      { name: "json-rules-engine (matrix)", colour: "#d62728", points: theirs },
    ],
  );
  await writeFile(join(root, "docs/benchmarks-throughput.svg"), svg);
}

/**
 * Organisation scale (issue 9 item 4, bench/scale.ts): `distribute` of 1 M compact results, and
 * `evaluateOrganisation` of 1 M realistic cases with a prepared evaluator and `explain: "none"` in
 * a child whose heap is capped at 1 GiB (100 000 of each with `--quick`). No baseline: the
 * targets are ≤ 2 s and ≤ 1 GB.
 */
async function scale(): Promise<void> {
  const n = quick ? 100_000 : 1_000_000;
  const d = distributeAtScale(n, RUNS);
  console.log(
    `distribute, ${n.toLocaleString("en")} compact results: wall ${show(summarise(d.wallMs), "ms")}, CPU ${show(summarise(d.cpuMs), "ms")} (${d.changes} changes proposed)`,
  );
  const o = await organisationAtScale(n, "none");
  console.log(
    o.finished
      ? `evaluateOrganisation, ${n.toLocaleString("en")} cases, explain none, heap capped at ${o.heapCapMiB} MiB: ${fmt(o.evaluateSeconds ?? 0)} s, kept ${fmt(o.heapKeptMiB ?? 0)} MiB (${fmt(o.bytesPerEmployee ?? 0)} B per employee), peak RSS ${fmt(o.peakRssMiB ?? 0)} MiB, distribute of its results ${fmt(o.distributeWallMs ?? 0)} ms`
      : `evaluateOrganisation, ${n.toLocaleString("en")} cases, explain none, heap capped at ${o.heapCapMiB} MiB: did not finish (${o.error})`,
  );
  results.scale = {
    distribute: { employees: n, wallMs: summarise(d.wallMs), cpuMs: summarise(d.cpuMs), changes: d.changes },
    evaluateOrganisation: o,
  };
}

const sections: Record<string, () => Promise<void>> = { memory, ndjson, http, start, health, sizes, scale };
/** Sections run only when named with --only. */
const optIn: Record<string, () => Promise<void>> = { national };
const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
};
console.log(`machine: ${JSON.stringify(machine)}${quick ? " (quick mode)" : ""}`);
const started = new Date();
for (const [name, run] of Object.entries({ ...sections, ...optIn })) {
  if (only ? !only.has(name) : name in optIn) continue;
  console.log(`\n## ${name}`);
  await run();
}
if (only && [...only].every((name) => name in optIn)) process.exit(0);
const report = {
  date: started.toISOString(),
  mode: quick ? "quick" : "full",
  runs: RUNS,
  configuration: ENGINE_CONFIGURATION,
  machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
  minutes: Number(((Date.now() - started.getTime()) / 60_000).toFixed(1)),
  comparisons,
  ...results,
};
await writeFile(join(root, "docs/benchmarks-results.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwritten docs/benchmarks-results.json (${report.minutes} min)`);
process.exit(0);

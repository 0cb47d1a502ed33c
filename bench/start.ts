/**
 * Benchmark of `kinerja serve` start-up (not a test): time from spawning the built command to
 * the first 200 from `/ready`, and the process's resident memory 2 s later (idle), for each
 * configuration, ≥ 5 runs, interleaved. Also the time to a seeded demo (`serve --demo`): on a fresh
 * install (the build's prepared copy), from scratch (no copy at all: initdb and the seeding) and
 * from the per-user cache. Run `npm run build` first; `node --import tsx bench/start.ts [--runs N]`.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../packages/server/bin/kinerja.js", import.meta.url));
const SECRET = "kinerja-bench-secret-0123456789-abcdefghijkl";

/** One start: milliseconds to `/ready`, idle RSS in MiB. */
export interface StartSample {
  readyMs: number;
  rssMiB: number;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Starts `kinerja serve` with `args` and `env`, waits for `/ready`, measures, stops it. */
export async function startOnce(args: string[], env: Record<string, string> = {}): Promise<StartSample> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--log-level", "error", ...args], {
    env: { ...process.env, KINERJA_JWT_SECRET: SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    let url: string | undefined;
    while (url === undefined) {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) url = match[1];
      else if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
      else await new Promise((r) => setTimeout(r, 5));
    }
    for (;;) {
      const ok = await fetch(`${url}/ready`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 2000));
    return { readyMs, rssMiB: await rssOf(child.pid as number) };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** Summary of samples: median and min–max. */
export function summarise(xs: number[]): { median: number; min: number; max: number } {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** The copies `npm run build` prepares beside the built server (see demo-cache.ts), and where they are set aside. */
const PREPARED = fileURLToPath(new URL("../packages/server/dist/prepared", import.meta.url));
const SET_ASIDE = fileURLToPath(new URL("../packages/server/.bench-prepared-aside", import.meta.url));

/** Runs `fn` with the build's prepared copies moved out of the package (outside the hashed dist/). */
async function withoutPreparedCopies<T>(fn: () => Promise<T>): Promise<T> {
  const had = existsSync(PREPARED);
  if (had) await rename(PREPARED, SET_ASIDE);
  try {
    return await fn();
  } finally {
    if (had) await rename(SET_ASIDE, PREPARED);
  }
}

/** A start with a new, empty cache folder (removed afterwards). */
async function withEmptyCache(args: string[]): Promise<StartSample> {
  const empty = await mkdtemp(join(tmpdir(), "kinerja-bench-nocache-"));
  try {
    return await startOnce(args, { KINERJA_CACHE_DIR: empty });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}

/**
 * The configurations measured, interleaved run by run. A fresh install has the copies the build
 * prepared (dist/prepared) and an empty cache; "from scratch" has neither (initdb, migrations
 * and the seeding through the API), and "cached" the per-user cache a from-scratch start leaves.
 */
export async function startBench(
  runs: number,
): Promise<Record<string, { readyMs: ReturnType<typeof summarise>; rssMiB: ReturnType<typeof summarise> }>> {
  const cache = await mkdtemp(join(tmpdir(), "kinerja-bench-cache-"));
  const data = await mkdtemp(join(tmpdir(), "kinerja-bench-data-"));
  if (!existsSync(PREPARED)) console.warn(`start: ${PREPARED} is missing: run npm run build first`);
  const configs: Record<string, () => Promise<StartSample>> = {
    "serve (in memory, fresh install)": () => withEmptyCache([]),
    "serve --data-dir (existing)": () => startOnce(["--data-dir", data]),
    "serve --demo (fresh install: the build's prepared copy, empty cache)": () => withEmptyCache(["--demo"]),
  };
  // Warm-up: creates the data directory.
  await startOnce(["--data-dir", data]);
  const samples: Record<string, StartSample[]> = Object.fromEntries(Object.keys(configs).map((k) => [k, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const [name, run] of Object.entries(configs)) samples[name]?.push(await run());
  }
  // Without the build's copies: the first start seeds from scratch (an empty cache folder each
  // time), later starts read the per-user cache.
  const scratch = "serve --demo (seeding from scratch: no prepared copy, empty cache)";
  const cached = "serve --demo (per-user cache, no prepared copy)";
  await withoutPreparedCopies(async () => {
    await startOnce(["--demo"], { KINERJA_CACHE_DIR: cache });
    samples[scratch] = [];
    samples[cached] = [];
    for (let i = 0; i < Math.min(runs, 3); i += 1) {
      samples[scratch]?.push(await withEmptyCache(["--demo"]));
      samples[cached]?.push(await startOnce(["--demo"], { KINERJA_CACHE_DIR: cache }));
    }
  });
  await rm(cache, { recursive: true, force: true });
  await rm(data, { recursive: true, force: true });
  return Object.fromEntries(
    Object.entries(samples).map(([name, xs]) => [
      name,
      { readyMs: summarise(xs.map((x) => x.readyMs)), rssMiB: summarise(xs.map((x) => x.rssMiB)) },
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--runs");
  const runs = at > 0 ? Number(process.argv[at + 1]) : 5;
  const results = await startBench(runs);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name}: /ready ${r.readyMs.median.toFixed(0)} ms (${r.readyMs.min.toFixed(0)}–${r.readyMs.max.toFixed(0)}), ` +
        `idle RSS ${r.rssMiB.median.toFixed(0)} MiB (${r.rssMiB.min.toFixed(0)}–${r.rssMiB.max.toFixed(0)})`,
    );
  }
}

/**
 * Benchmark of `kinerja serve` start-up (not a test): time from spawning the built command to
 * the first 200 from `/ready`, and the process's resident memory 2 s later (idle), for each
 * configuration, ≥ 5 runs, interleaved. Also the time to a seeded demo (`serve --demo`, with and
 * without the demo cache). Run `npm run build` first; `node --import tsx bench/start.ts [--runs N]`.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
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

/** The configurations measured, interleaved run by run. */
export async function startBench(
  runs: number,
): Promise<Record<string, { readyMs: ReturnType<typeof summarise>; rssMiB: ReturnType<typeof summarise> }>> {
  const cache = await mkdtemp(join(tmpdir(), "kinerja-bench-cache-"));
  const data = await mkdtemp(join(tmpdir(), "kinerja-bench-data-"));
  const configs: Record<string, () => Promise<StartSample>> = {
    "serve (in memory)": () => startOnce([], { KINERJA_CACHE_DIR: cache }),
    "serve --data-dir (existing)": () => startOnce(["--data-dir", data]),
    "serve --demo (cached)": () => startOnce(["--demo"], { KINERJA_CACHE_DIR: cache }),
  };
  // Warm-up: creates the data directory and the demo cache.
  await startOnce(["--data-dir", data]);
  await startOnce(["--demo"], { KINERJA_CACHE_DIR: cache });
  const samples: Record<string, StartSample[]> = Object.fromEntries(Object.keys(configs).map((k) => [k, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const [name, run] of Object.entries(configs)) samples[name]?.push(await run());
  }
  // The demo seeded without a cache (an empty cache folder each time).
  samples["serve --demo (seeding, no cache)"] = [];
  for (let i = 0; i < Math.min(runs, 3); i += 1) {
    const empty = await mkdtemp(join(tmpdir(), "kinerja-bench-nocache-"));
    samples["serve --demo (seeding, no cache)"].push(
      await startOnce(["--demo"], { KINERJA_CACHE_DIR: empty }),
    );
    await rm(empty, { recursive: true, force: true });
  }
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

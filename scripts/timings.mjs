// Measures how long a newcomer waits: a full build, a build with nothing to do, `npm start` to the
// banner (first with an empty demo cache, so the demo is seeded; then again, from the cache), and,
// when asked, `npm ci` and `npm test`. Prints the machine (cores, load average before and after
// each step) and a Markdown table to paste into the README. Nothing is assumed: each number is a
// wall-clock measurement of this run.
//
//   node scripts/timings.mjs             # build, start
//   node scripts/timings.mjs --install   # also `npm ci` first (reinstalls node_modules)
//   node scripts/timings.mjs --test      # also `npm test` with CI=true (minutes)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const rows = [];

const load = () => loadavg()[0].toFixed(1);

/** Runs a command to its end; resolves with its wall-clock seconds, rejects on a non-zero exit. */
function timed(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${command} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/** Runs `npm start` on a free port until its banner is printed; resolves with the seconds, then stops it. */
function timedStart(env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(npm, ["start", "--", "--port", "0"], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    let stdout = "";
    let stderr = "";
    let seconds;
    child.stdout.on("data", (d) => {
      stdout += d;
      if (seconds === undefined && stdout.includes("kinerja serve: listening on")) {
        seconds = (performance.now() - started) / 1000;
        // npm starts a shell that starts node: stop the whole group.
        if (process.platform === "win32") child.kill("SIGTERM");
        else process.kill(-child.pid, "SIGTERM");
      }
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", () =>
      seconds === undefined
        ? reject(new Error(`npm start ended before its banner:\n${stderr}`))
        : resolve(seconds),
    );
  });
}

async function step(name, measure) {
  const before = load();
  const seconds = await measure();
  const row = { name, seconds: seconds.toFixed(1), load: `${before} → ${load()}` };
  rows.push(row);
  console.log(`${name}: ${row.seconds} s (load average ${row.load})`);
}

console.log(
  `${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node.js ${process.version}, load average ${load()}`,
);
if (process.argv.includes("--install")) {
  await step("`npm ci` (npm cache warm)", () => timed(npm, ["ci", "--no-audit", "--no-fund"]));
}
await step("`npm run build -- --force` (everything)", () =>
  timed(process.execPath, ["scripts/build.mjs", "--force"]),
);
await step("`npm run build` when nothing changed", () => timed(process.execPath, ["scripts/build.mjs"]));
const cache = mkdtempSync(join(tmpdir(), "kinerja-timings-"));
try {
  await step("`npm start` on a built tree, first time (empty demo cache: the build's prepared copy)", () =>
    timedStart({ KINERJA_CACHE_DIR: cache }),
  );
  await step("`npm start` on a built tree, later (the demo's saved copy)", () =>
    timedStart({ KINERJA_CACHE_DIR: cache }),
  );
} finally {
  rmSync(cache, { recursive: true, force: true });
}
if (process.argv.includes("--test")) {
  await step("`npm test` with `CI=true`", () => timed(npm, ["test"], { CI: "true" }));
}

console.log("\n| step | seconds | load average (1 min) before → after |\n| --- | --- | --- |");
for (const row of rows) console.log(`| ${row.name} | ${row.seconds} | ${row.load} |`);

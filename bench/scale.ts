/**
 * Organisation scale (issue 9 item 4), used by `npm run bench` (section `scale`) and
 * bench/engine-scale.ts:
 *
 * - `distributeAtScale`: `distribute` of `employees` compact results (id, grade, ratings) in a
 *   BAIK organisation (a calibration proposal is made): wall and CPU time per run (CPU time is
 *   what the process itself used, less sensitive to a shared machine than wall time).
 * - `organisationAtScale`: `evaluateOrganisation` of `employees` realistic cases read from a
 *   generator, with a prepared evaluator, in a child process whose old generation is capped
 *   (`--max-old-space-size`, 1 GiB by default): whether it finishes, the heap the response keeps,
 *   the peak RSS, and `distribute` of the million real results.
 *
 * As a script it is that child: `node --import tsx --expose-gc bench/scale.ts organisation N explain`.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  distribute,
  type EvaluationResult,
  type ExplainLevel,
  evaluateOrganisation,
  prepareEvaluator,
} from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { realisticCases } from "./engine-cases";

const period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
const organisation = { id: "nasional", predikat: "BAIK" as const };
const MiB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Runs `fn` and returns its wall and CPU (user + system) milliseconds. */
function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** `employees` compact results: 1 in 5 SANGAT_BAIK, the others BAIK, ratings cycling. */
function compactResults(employees: number): EvaluationResult[] {
  const ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"];
  const records: EvaluationResult[] = new Array(employees);
  for (let i = 0; i < employees; i += 1) {
    records[i] = {
      employeeId: `19900101${String(i).padStart(10, "0")}`,
      grade: i % 5 === 0 ? "SANGAT_BAIK" : "BAIK",
      score: null,
      ratings: {
        resultRating: ratings[i % 3] ?? null,
        behaviourRating: ratings[(i >> 1) % 3] ?? null,
        capaian: 80 + (i % 41),
      },
      explanation: [],
      consequences: [],
      warnings: [],
    };
  }
  return records;
}

/** What {@link distributeAtScale} measured. */
export interface DistributeScale {
  employees: number;
  wallMs: number[];
  cpuMs: number[];
  recordsMiB: number;
  violations: number;
  changes: number;
}

/** `distribute` of `employees` compact results, `runs` times after a small warm-up. */
export function distributeAtScale(employees: number, runs: number): DistributeScale {
  gc();
  const before = process.memoryUsage().heapUsed;
  const records = compactResults(employees);
  gc();
  const recordsMiB = (process.memoryUsage().heapUsed - before) / MiB;
  distribute(records.slice(0, 10_000), permenpanrb6of2022, { organisation });
  const out: DistributeScale = { employees, wallMs: [], cpuMs: [], recordsMiB, violations: 0, changes: 0 };
  for (let run = 0; run < runs; run += 1) {
    const r = timed(() => distribute(records, permenpanrb6of2022, { organisation }));
    out.wallMs.push(r.wallMs);
    out.cpuMs.push(r.cpuMs);
    out.violations = r.value.violations.length;
    out.changes = r.value.proposal?.changes.length ?? 0;
  }
  return out;
}

/** What {@link organisationAtScale} measured (`finished: false` when the heap cap was hit). */
export interface OrganisationScale {
  employees: number;
  explain: ExplainLevel;
  heapCapMiB: number;
  finished: boolean;
  error?: string;
  evaluateSeconds?: number;
  /** Heap used after a full collection, the response (every result, the distribution) still held. */
  heapKeptMiB?: number;
  bytesPerEmployee?: number;
  peakRssMiB?: number;
  /** `distribute` of the evaluated results again, on its own. */
  distributeWallMs?: number;
  distributeCpuMs?: number;
  changes?: number;
}

/** `evaluateOrganisation` of `employees` realistic cases in a child process with the heap capped. */
export function organisationAtScale(
  employees: number,
  explain: ExplainLevel,
  heapCapMiB = 1024,
): Promise<OrganisationScale> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--expose-gc",
      `--max-old-space-size=${heapCapMiB}`,
      fileURLToPath(import.meta.url),
      "organisation",
      String(employees),
      explain,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) {
        resolve({ ...(JSON.parse(line) as OrganisationScale), heapCapMiB, finished: true });
      } else {
        const oom = /heap out of memory|Allocation failed/i.test(stderr);
        resolve({
          employees,
          explain,
          heapCapMiB,
          finished: false,
          error: oom ? "heap out of memory" : `exit ${code}: ${stderr.slice(-500)}`,
        });
      }
    });
  });
}

/** The child: evaluate, measure, print one JSON line. */
function organisationChild(employees: number, explain: ExplainLevel): void {
  const evaluator = prepareEvaluator(permenpanrb6of2022, { period, explain, organisation });
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const response = evaluateOrganisation(realisticCases(employees), evaluator);
  const evaluateSeconds = (performance.now() - t0) / 1000;
  gc();
  const kept = process.memoryUsage().heapUsed - before;
  const again = timed(() => distribute(response.results, evaluator));
  const result: Omit<OrganisationScale, "heapCapMiB" | "finished"> = {
    employees: response.results.length,
    explain,
    evaluateSeconds,
    heapKeptMiB: kept / MiB,
    bytesPerEmployee: kept / response.results.length,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    distributeWallMs: again.wallMs,
    distributeCpuMs: again.cpuMs,
    changes: again.value.proposal?.changes.length ?? 0,
  };
  console.log(JSON.stringify(result));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "organisation") {
  organisationChild(Number(process.argv[3] ?? 1_000_000), (process.argv[4] ?? "none") as ExplainLevel);
}

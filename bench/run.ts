/**
 * Benchmark: stream synthetic cases through `evaluateMany` with the default rule package and
 * report throughput and memory. Not a test: run with `npm run bench` (BENCH_CASES=N to change the
 * size). Results are recorded in docs/benchmarks.md.
 */
import { evaluateMany, evaluateRequest, loadRulePackage } from "@kinerja/core";
import { createDefaultRegistry, permenpanrb6of2022 } from "@kinerja/rules-default";
import { syntheticCases } from "./cases";

const count = Number(process.env.BENCH_CASES ?? 200_000);
const period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

async function streaming(): Promise<void> {
  const loaded = loadRulePackage(permenpanrb6of2022);
  globalThis.gc?.();
  const startHeap = process.memoryUsage().heapUsed;
  let peakHeap = startHeap;
  let peakRss = process.memoryUsage().rss;
  let grades = 0;
  const started = performance.now();
  for await (const result of evaluateMany(syntheticCases(count), loaded, {
    period,
    onProgress: (done) => {
      if (done % 10_000 === 0) {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }
    },
  })) {
    if (result.grade) grades += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `evaluateMany (permenpanrb-6-2022, streaming): ${grades} cases in ${seconds.toFixed(2)} s = ${Math.round(grades / seconds)} cases/s; ` +
      `heap at start ${mib(startHeap)} MiB, peak ${mib(peakHeap)} MiB; peak RSS ${mib(peakRss)} MiB`,
  );
}

function batch(size: number): void {
  const registry = createDefaultRegistry();
  const cases = [...syntheticCases(size)];
  const started = performance.now();
  const response = evaluateRequest(
    { rules: "permenpanrb-6-2022", period, organisation: { id: "org", predikat: "BAIK" }, cases },
    registry,
  );
  const ms = performance.now() - started;
  console.log(
    `evaluateRequest with distribution (${size} cases, one organisation): ${ms.toFixed(0)} ms; ` +
      `${response.distribution.violations.length} violations, ${response.distribution.proposal?.changes.length ?? 0} proposed changes`,
  );
}

await streaming();
batch(1_000);
batch(10_000);

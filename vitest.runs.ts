/**
 * Run counts of the expensive properties (the fairness kit against each rule package, the HTTP
 * fuzzing of every route). `npm test` and CI run a fifth of the full count, so the whole suite
 * fits in a few minutes on two cores; `KINERJA_THOROUGH=1 npm test` runs the full count.
 */
export const THOROUGH = process.env.KINERJA_THOROUGH === "1" || process.env.KINERJA_THOROUGH === "true";

/**
 * The run count for a property whose thorough count is `full`: `full` with KINERJA_THOROUGH=1,
 * else a fifth of it (at least 50).
 *
 * @example
 * for (const p of fairnessProperties(pkg, { numRuns: runs(1000), cases })) test(p.name, p.run, 300_000);
 */
export function runs(full: number): number {
  return THOROUGH ? full : Math.max(50, Math.round(full / 5));
}

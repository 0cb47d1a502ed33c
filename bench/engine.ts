/**
 * The one place where the benchmarks call the engine: update this adapter when the engine's API
 * changes (e.g. a prepared evaluator), and every benchmark follows.
 */
import { type ExplainLevel, evaluateMany } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";

/** The period every benchmark evaluates. */
export const PERIOD = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };

/** The rule package and configuration named in the results. */
export const ENGINE_CONFIGURATION =
  "permenpanrb-6-2022, default config, annual period; full explanations unless a comparison names another level";

/**
 * Evaluates `cases` in memory with the realistic configuration and the given explanation level
 * (`full` by default); returns how many got a grade.
 */
export async function evaluateCases(
  cases: Iterable<unknown>,
  explain: ExplainLevel = "full",
): Promise<number> {
  let graded = 0;
  for await (const result of evaluateMany(cases, permenpanrb6of2022, {
    config: {},
    period: PERIOD,
    explain,
  })) {
    if (result.grade) graded += 1;
  }
  return graded;
}

import {
  type Distribution,
  defineRulePackage,
  type EvaluationResult,
  type Organisation,
} from "@kinerja/core";
import { z } from "zod";

/**
 * A toy rule package for server tests: grade A when every indicator's realisation reaches
 * `threshold` × its target, else B; at most `maxShareA` of a pool may be A (a violation
 * otherwise). Not a real scheme.
 */
export const toyPackage = defineRulePackage({
  id: "toy",
  version: "1.0.0",
  title: { id: "Paket contoh", en: "Toy package" },
  legalBasis: ["none (test fixture)"],
  configSchema: z.object({
    threshold: z.number().positive().default(1),
    maxShareA: z.number().min(0).max(1).default(0.5),
  }),
  inputs: [
    {
      name: "realization",
      kind: "INDICATOR_REALIZATION",
      description: { id: "Realisasi", en: "Realisation" },
      monotone: true,
    },
  ],
  grades: [
    { code: "A", label: { id: "A", en: "A" } },
    { code: "B", label: { id: "B", en: "B" } },
  ],
  evaluate(c, config) {
    const indicators = c.workPlan.results.flatMap((r) => r.indicators);
    const reached = indicators.every((i) => {
      const target = typeof i.target === "number" ? i.target : i.target.max;
      return (i.realization ?? 0) >= target * config.threshold;
    });
    const grade = reached ? "A" : "B";
    return {
      grade,
      score: reached ? 1 : 0,
      ratings: { reached },
      explanation: [
        {
          rule: "toy/reached",
          legalBasis: "none (test fixture)",
          title: { id: "Target tercapai", en: "Target reached" },
          inputs: { threshold: config.threshold },
          output: reached,
          text: { id: reached ? "Tercapai" : "Tidak tercapai", en: reached ? "Reached" : "Not reached" },
        },
      ],
    };
  },
  distribute(results: readonly EvaluationResult[], _organisation: Organisation, config): Distribution {
    const counts = { A: 0, B: 0 } as Record<string, number>;
    for (const r of results) counts[r.grade] = (counts[r.grade] ?? 0) + 1;
    const share = results.length === 0 ? 0 : (counts.A ?? 0) / results.length;
    const violations =
      share > config.maxShareA
        ? [
            {
              rule: "toy/max-a",
              grade: "A",
              bound: {
                kind: "AT_MOST" as const,
                share: config.maxShareA,
                count: Math.floor(config.maxShareA * results.length),
              },
              actual: { count: counts.A ?? 0, share },
              severity: "WARNING" as const,
              message: { id: "Terlalu banyak A", en: "Too many A" },
            },
          ]
        : [];
    return { counts, violations };
  },
});

/** A valid toy case: one indicator with the given target and realisation. */
export function toyCase(
  id: string,
  target: number,
  realization: number,
  extra: Record<string, unknown> = {},
) {
  return {
    employee: { id, positionKind: "JF" },
    workPlan: {
      approach: "KUANTITATIF",
      results: [
        { id: "r1", kind: "UTAMA", indicators: [{ id: "i1", aspect: "KUANTITAS", target, realization }] },
      ],
    },
    ...extra,
  };
}

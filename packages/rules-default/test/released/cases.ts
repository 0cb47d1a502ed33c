import { fileURLToPath } from "node:url";
import { type AnyRulePackage, evaluate, isKinerjaError, type WorkPlan } from "@kinerja/core";
import { arbitraryEvaluationCase, type EvaluationCaseArbitraryOptions } from "@kinerja/core/testing";
import fc from "fast-check";
import { WEIGHTED_360_COMPONENTS } from "../../src/index";

/** Where the recorded results of a released version live. */
export const recordingPath = (pkg: AnyRulePackage): string =>
  fileURLToPath(new URL(`./${pkg.id}@${pkg.version}.json`, import.meta.url));

/** What a package's cases carry beyond the core case. */
const EXTRA: Record<string, Record<string, unknown>> = {
  "tpp-regional": {
    attendance: [
      { subPeriod: "2026-01", lateArrivals: [12, 95], earlyLeaves: [], absentDays: 1, missedAssemblies: 0 },
      { subPeriod: "2026-02", lateArrivals: [], earlyLeaves: [40], absentDays: 0, missedAssemblies: 2 },
    ],
    performance: { grade: "BAIK" },
    tpp: { basis: 4_500_000 },
  },
};

/** The case options per package (behaviour aspects and their scale). */
const OPTIONS: Record<string, EvaluationCaseArbitraryOptions> = {
  "pp-46-2011": {
    sources: ["SUPERVISOR", "PEER", "SELF"],
    behaviourAspects: [
      "ORIENTASI_PELAYANAN",
      "INTEGRITAS",
      "KOMITMEN",
      "DISIPLIN",
      "KERJA_SAMA",
      "KEPEMIMPINAN",
    ],
    behaviourRange: { min: 0, max: 100 },
  },
  "pp-30-2019": {
    sources: ["SUPERVISOR", "PEER", "SUBORDINATE", "SELF"],
    behaviourAspects: ["ORIENTASI_PELAYANAN", "KOMITMEN", "INISIATIF_KERJA", "KERJA_SAMA", "KEPEMIMPINAN"],
    behaviourRange: { min: 0, max: 120 },
  },
  "weighted-360": { behaviourAspects: WEIGHTED_360_COMPONENTS, behaviourRange: { min: 0, max: 100 } },
};

/** PP 46/2011 measures each activity by KUANTITAS, KUALITAS and WAKTU, realised inline. */
function pp46Plan(workPlan: WorkPlan, i: number) {
  const pct = (k: number) => ((i * 37 + k * 53) % 160) + 20;
  const indicator = (id: string, aspect: "KUANTITAS" | "KUALITAS" | "WAKTU", target: number, k: number) => ({
    id,
    aspect,
    target,
    realization: (target * pct(k)) / 100,
  });
  return {
    workPlan: {
      ...workPlan,
      results: [
        {
          id: "kegiatan-1",
          kind: "UTAMA",
          indicators: [
            indicator("k1", "KUANTITAS", 12, 1),
            indicator("k2", "KUALITAS", 100, 2),
            indicator("k3", "WAKTU", 12, 3),
          ],
        },
      ],
    },
    realizations: [],
    creativity: "NONE",
  };
}

/** The fixed cases a version's results are recorded on (generated once, stored with the results). */
export function releasedCases(pkg: AnyRulePackage): unknown[] {
  const period = { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" } as const;
  const cases = fc.sample(arbitraryEvaluationCase({ sources: pkg.sources, ...OPTIONS[pkg.id], period }), {
    seed: 2026,
    numRuns: 16,
  });
  const shaped =
    pkg.id === "pp-46-2011" ? cases.map((c, i) => ({ ...c, ...pp46Plan(c.workPlan, i) })) : cases;
  return JSON.parse(JSON.stringify(shaped.map((c) => ({ ...c, ...EXTRA[pkg.id] }))));
}

const CONTEXT = {
  period: { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
  organisation: { id: "unit-1", predikat: "BAIK" },
} as const;

/** Texts are left out: their wording may improve within a version, the results may not. */
const withoutTexts = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (key, v) =>
      ["label", "message", "reason", "order"].includes(key) ? undefined : v,
    ),
  );

/** What is recorded of a result: grade, score, ratings and consequences, or the error code. */
export function resultOf(pkg: AnyRulePackage, input: unknown): unknown {
  try {
    const { grade, score, ratings, consequences } = evaluate(input, pkg, CONTEXT);
    return withoutTexts({ grade, score, ratings, consequences });
  } catch (error) {
    if (isKinerjaError(error)) return { error: error.code };
    throw error;
  }
}

/** What is recorded of the distribution of every case that evaluates, as one unit's pool. */
export function distributionOf(pkg: AnyRulePackage, inputs: readonly unknown[]): unknown {
  const results = inputs.flatMap((input, i) => {
    try {
      return [{ ...evaluate(input, pkg, CONTEXT), employeeId: `e${i}` }];
    } catch {
      return [];
    }
  });
  if (!pkg.distribute) return null;
  return withoutTexts(pkg.distribute(results, CONTEXT.organisation, pkg.defaultConfig));
}

/**
 * The realistic case of the benchmarks, seeded and deterministic (a tiny LCG: no Math.random,
 * the same cases every run): a JF Ahli Pertama with 4 results × 2 indicators (a count and a
 * range-target quality, with descriptions and units), a SUPERVISOR assessment and 3 anonymous PEER
 * ratings — about 1.9 kB of
 * JSON, the shape measured in issue 9.
 */
export const RATINGS = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"] as const;

/** A seeded stream of `count` realistic cases. */
export function* syntheticCases(count: number, seed = 42): Generator<Record<string, unknown>> {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = () => RATINGS[Math.min(2, Math.floor(next() * 3))];
  for (let i = 0; i < count; i += 1) {
    const results = Array.from({ length: 4 }, (_, r) => ({
      id: `r${r}`,
      description: `Terselenggaranya layanan administrasi bidang ${r + 1}`,
      indicators: [
        {
          id: `r${r}-q`,
          description: "Jumlah laporan yang diselesaikan",
          aspect: "KUANTITAS",
          target: 12,
          unit: "laporan",
          realization: Math.round(next() * 16),
        },
        {
          id: `r${r}-k`,
          description: "Persentase laporan tanpa revisi",
          aspect: "KUALITAS",
          target: { min: 80, max: 90 },
          unit: "%",
          realization: Math.round(60 + next() * 40),
        },
      ],
    }));
    yield {
      employee: {
        id: `1990${String(i).padStart(14, "0")}`,
        positionKind: "JF",
        functionalLevel: "AHLI_PERTAMA",
      },
      workPlan: { results },
      assessments: [
        {
          source: "SUPERVISOR",
          raterId: "196801011990031002",
          resultRating: pick(),
          behaviourRating: pick(),
        },
        { source: "PEER", behaviourRating: pick() },
        { source: "PEER", behaviourRating: pick() },
        { source: "PEER", behaviourRating: pick() },
      ],
    };
  }
}

/** The cases as an array (for in-memory runs). */
export function caseArray(count: number, seed = 42): Record<string, unknown>[] {
  return [...syntheticCases(count, seed)];
}

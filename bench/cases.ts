/** Deterministic synthetic cases for benchmarks (a tiny LCG: no Math.random, same cases every run). */
export function* syntheticCases(count: number, seed = 42): Generator<Record<string, unknown>> {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"] as const;
  const pick = () => ratings[Math.min(2, Math.floor(next() * 3))];
  for (let i = 0; i < count; i += 1) {
    const results = Array.from({ length: 3 }, (_, r) => ({
      id: `r${r}`,
      indicators: [
        { id: `r${r}-q`, aspect: "KUANTITAS", target: 12, realization: Math.round(next() * 16) },
        {
          id: `r${r}-k`,
          aspect: "KUALITAS",
          target: { min: 80, max: 90 },
          realization: Math.round(60 + next() * 40),
        },
        { id: `r${r}-w`, aspect: "WAKTU", target: 12, realization: Math.round(8 + next() * 6) },
      ],
    }));
    yield {
      employee: {
        id: String(199_000_000_000_000_000 + i),
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
      ],
    };
  }
}

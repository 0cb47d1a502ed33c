/**
 * The realistic case of issue 9, seeded (a small LCG, same cases every run): 4 results × 2
 * indicators, a supervisor and 3 peers, about 1.6 kB of JSON each.
 */
export function* realisticCases(count: number, seed = 7): Generator<Record<string, unknown>> {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"] as const;
  const pick = () => ratings[Math.min(2, Math.floor(next() * 3))];
  for (let i = 0; i < count; i += 1) {
    const results = Array.from({ length: 4 }, (_, r) => ({
      id: `r${r}`,
      kind: "UTAMA",
      indicators: [
        { id: `r${r}-q`, aspect: "KUANTITAS", target: 12, realization: Math.round(6 + next() * 10) },
        {
          id: `r${r}-k`,
          aspect: "KUALITAS",
          target: { min: 80, max: 90 },
          realization: Math.round(60 + next() * 40),
        },
      ],
    }));
    yield {
      employee: {
        id: `19900101${String(i).padStart(10, "0")}`,
        name: `Pegawai ${i}`,
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
          justification: "Sesuai catatan kinerja dan bukti dukung triwulan.",
        },
        { source: "PEER", raterId: "198001012005011001", behaviourRating: pick() },
        { source: "PEER", raterId: "198101012006011002", behaviourRating: pick() },
        { source: "PEER", raterId: "198201012007011003", behaviourRating: pick() },
      ],
    };
  }
}

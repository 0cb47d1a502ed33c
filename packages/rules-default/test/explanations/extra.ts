/**
 * Cases for the explanation branches the tests' own cases do not reach (record.ts adds them to
 * full.json with the rest).
 */
const clerk = {
  employee: { id: "199001012015031001", positionKind: "JA" },
  workPlan: {
    results: [
      {
        id: "r1",
        kind: "UTAMA",
        indicators: [{ id: "i1", aspect: "KUANTITAS", target: 100, realization: 100 }],
      },
    ],
  },
};

export const EXTRA_CASES: { id: string; input: unknown; options: Record<string, unknown> }[] = [
  // No feedback from the counted sources: no behaviour suggestion.
  {
    id: "permenpanrb-6-2022",
    input: {
      ...clerk,
      assessments: [
        {
          source: "SUPERVISOR",
          raterId: "r",
          resultRating: "SESUAI_EKSPEKTASI",
          behaviourRating: "SESUAI_EKSPEKTASI",
        },
      ],
    },
    options: { config: { behaviourSuggestion: { sources: ["PEER"] } } },
  },
  // The assessor departs from both suggestions without a justification (a warning).
  {
    id: "permenpanrb-6-2022",
    input: {
      ...clerk,
      assessments: [
        {
          source: "SUPERVISOR",
          raterId: "r",
          resultRating: "DI_ATAS_EKSPEKTASI",
          behaviourRating: "DI_BAWAH_EKSPEKTASI",
        },
        { source: "PEER", raterId: "p", behaviourRating: "DI_ATAS_EKSPEKTASI" },
      ],
    },
    options: {},
  },
  // A cost target with nothing spent: not carried out.
  {
    id: "pp-46-2011",
    input: {
      employee: { id: "198507012010011001", positionKind: "JA", structural: false },
      workPlan: {
        results: [
          {
            id: "k0",
            kind: "UTAMA",
            indicators: [
              { id: "q", aspect: "KUANTITAS", target: 12, realization: 12 },
              { id: "m", aspect: "KUALITAS", target: 100, realization: 100 },
              { id: "w", aspect: "WAKTU", target: 12, realization: 12 },
              { id: "b", aspect: "BIAYA", target: 1000, realization: 0 },
            ],
          },
        ],
      },
      assessments: [
        {
          source: "SUPERVISOR",
          raterId: "s",
          behaviour: { ORIENTASI_PELAYANAN: 80, INTEGRITAS: 80, KOMITMEN: 80, DISIPLIN: 80, KERJA_SAMA: 80 },
        },
      ],
    },
    options: {},
  },
  // Every deduction kind over its cap, and the total over its own.
  {
    id: "tpp-regional",
    input: {
      employee: { id: "199001012015031001", positionKind: "JF" },
      workPlan: {
        results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 12 }] }],
      },
      attendance: [
        {
          subPeriod: "2026-03",
          lateArrivals: Array.from({ length: 40 }, () => 95),
          earlyLeaves: Array.from({ length: 40 }, () => 95),
          absentDays: 20,
          missedAssemblies: 20,
          noRecordDays: 20,
        },
      ],
      performance: { grade: "BAIK" },
      tpp: { basis: 5000000 },
    },
    options: {
      config: { caps: { lateArrival: 10, earlyLeave: 10, absence: 10, assembly: 5, noRecord: 5, total: 30 } },
    },
  },
];

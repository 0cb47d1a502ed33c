import {
  createRegistry,
  type EvaluationResult,
  evaluate,
  evaluateRequest,
  formatPath,
  isKinerjaError,
  type KinerjaIssue,
  loadRulePackage,
} from "@kinerja/core";
import { describe, expect, test } from "vitest";
import {
  WEIGHTED_360_COMPONENTS,
  WEIGHTED_360_PRESETS,
  Weighted360ConfigSchema,
  weighted360,
} from "../src/weighted-360";

type Scores = Record<string, number>;

function rater(source: string, behaviour: Scores, n = 0) {
  return { source, raterId: `${source.toLowerCase()}-${n}`, behaviour };
}

function makeCase(assessments: unknown[], results?: unknown[]) {
  return {
    employee: { id: "198803152012122001", positionKind: "JA" },
    workPlan: {
      results: results ?? [
        { id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 10, realization: 10 }] },
      ],
    },
    assessments,
  };
}

/** Every component of the default table at one value. */
const all = (value: number): Scores => Object.fromEntries(WEIGHTED_360_COMPONENTS.map((c) => [c, value]));

function issuesOf(run: () => unknown): { code: string; message: string; paths: string[] } {
  try {
    run();
  } catch (error) {
    if (!isKinerjaError(error)) throw error;
    const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
    return { code: error.code, message: error.message, paths: issues.map((i) => formatPath(i.path)) };
  }
  throw new Error("expected an error");
}

const codes = (r: EvaluationResult) => r.warnings.map((w) => w.code);

describe("weighted-360: default configuration", () => {
  test("sources averaged per component, subordinates dropped under the minimum", () => {
    // Weights SUPERVISOR 60, PEER 20, SUBORDINATE 10, SELF 10; PEER needs 3, SUBORDINATE 3.
    // SUPERVISOR 80 everywhere; SELF 90; PEERs 70, 80, 90 (mean 80); 2 SUBORDINATEs → dropped.
    // Each component: (80 × 60 + 90 × 10 + 80 × 20) / 90 = 7300 / 90 = 81.111…  → score 81.111… → BAIK.
    const result = evaluate(
      makeCase([
        rater("SUPERVISOR", all(80)),
        rater("SELF", all(90)),
        rater("PEER", all(70), 1),
        rater("PEER", all(80), 2),
        rater("PEER", all(90), 3),
        rater("SUBORDINATE", all(10), 1),
        rater("SUBORDINATE", all(10), 2),
      ]),
      weighted360,
    );
    expect(result.score).toBeCloseTo(7300 / 90, 12);
    expect(result.grade).toBe("BAIK");
    expect(result.ratings.sourcesUsed).toBe("SELF,SUPERVISOR,PEER");
    expect(result.ratings.sourcesDropped).toBe("SUBORDINATE");
    expect(codes(result)).toEqual(["SOURCE_DROPPED"]);
    expect(result.warnings[0]?.message.en).toBe(
      "Source subordinate dropped: 2 rater(s), at least 3 needed; the other weights are renormalised.",
    );
  });

  test("components weighted by the default table", () => {
    // Supervisor only (other sources absent → dropped): TARGET_ACHIEVEMENT 100 (40 %), WORK_QUALITY 80 (15 %),
    // DISCIPLINE 60 (10 %), ATTENDANCE 100 (10 %), INITIATIVE 50 (10 %), COLLABORATION 70 (5 %),
    // SERVICE_SPEED_ACCURACY 90 (5 %), TEAM_CONTRIBUTION 40 (5 %).
    // 40 + 12 + 6 + 10 + 5 + 3.5 + 4.5 + 2 = 83 → BAIK.
    const result = evaluate(
      makeCase([
        rater("SUPERVISOR", {
          TARGET_ACHIEVEMENT: 100,
          WORK_QUALITY: 80,
          DISCIPLINE: 60,
          ATTENDANCE: 100,
          INITIATIVE: 50,
          COLLABORATION: 70,
          SERVICE_SPEED_ACCURACY: 90,
          TEAM_CONTRIBUTION: 40,
        }),
      ]),
      weighted360,
    );
    expect(result.score).toBeCloseTo(83, 12);
    expect(result.ratings.DISCIPLINE).toBe(60);
    expect(
      result.warnings.filter((w) => w.code === "SOURCE_DROPPED").map((w) => w.message.en.split(":")[0]),
    ).toEqual(["Source self dropped", "Source peer dropped", "Source subordinate dropped"]);
  });

  test("a component nobody scored is left out and the component weights renormalised", () => {
    // Supervisor scores TARGET_ACHIEVEMENT 90 (40) and DISCIPLINE 60 (10) only:
    // (90 × 40 + 60 × 10) / 50 = 4200 / 50 = 84.
    const result = evaluate(
      makeCase([rater("SUPERVISOR", { TARGET_ACHIEVEMENT: 90, DISCIPLINE: 60 })]),
      weighted360,
    );
    expect(result.score).toBe(84);
    expect(result.ratings.WORK_QUALITY).toBeNull();
    expect(codes(result).filter((c) => c === "COMPONENT_MISSING")).toHaveLength(6);
  });

  test("no scores at all: score 0 with a warning", () => {
    const result = evaluate(makeCase([]), weighted360);
    expect(result.score).toBe(0);
    expect(result.grade).toBe("SANGAT_KURANG");
    expect(codes(result)).toContain("NO_SCORES");
  });

  test("grade thresholds: ≥ 90 SANGAT_BAIK, ≥ 76 BAIK, ≥ 61 CUKUP, ≥ 51 KURANG, else SANGAT_KURANG", () => {
    const config = { sourceWeights: { SUPERVISOR: 100 }, componentWeights: { WORK_QUALITY: 100 } };
    const gradeOf = (score: number) =>
      evaluate(makeCase([rater("SUPERVISOR", { WORK_QUALITY: score })]), weighted360, { config: config })
        .grade;
    expect([100, 90, 89.99, 76, 75.99, 61, 60.99, 51, 50.99, 0].map(gradeOf)).toEqual([
      "SANGAT_BAIK",
      "SANGAT_BAIK",
      "BAIK",
      "BAIK",
      "CUKUP",
      "CUKUP",
      "KURANG",
      "KURANG",
      "SANGAT_KURANG",
      "SANGAT_KURANG",
    ]);
  });

  test("unknown behaviour codes are ignored with a warning", () => {
    const result = evaluate(
      makeCase([rater("SUPERVISOR", { WORK_QUALITY: 80, KOLABORATIF: 10 })]),
      weighted360,
    );
    expect(result.score).toBe(80);
    expect(result.warnings.find((w) => w.code === "UNKNOWN_COMPONENT")?.message.en).toBe(
      "Unknown component codes ignored: KOLABORATIF.",
    );
  });
});

describe("weighted-360: presets (illustrative)", () => {
  test("every preset parses with the schema", () => {
    for (const [name, preset] of Object.entries(WEIGHTED_360_PRESETS)) {
      expect(Weighted360ConfigSchema.safeParse(preset).success, name).toBe(true);
    }
  });

  test("Mamuju: self, supervisor and peers on targets, discipline and initiative", () => {
    // SUPERVISOR (60): TA 80, DISC 90, INIT 70. SELF (15): 100 each. PEERS (25): TA 60/80 → 70,
    // DISC 80/100 → 90, INIT 70/90 → 80.
    // TA = (80·60 + 100·15 + 70·25)/100 = 48 + 15 + 17.5 = 80.5
    // DISC = (90·60 + 100·15 + 90·25)/100 = 54 + 15 + 22.5 = 91.5
    // INIT = (70·60 + 100·15 + 80·25)/100 = 42 + 15 + 20 = 77
    // Score = 0.5·80.5 + 0.25·91.5 + 0.25·77 = 40.25 + 22.875 + 19.25 = 82.375 → BAIK.
    const assessments = [
      rater("SUPERVISOR", { TARGET_ACHIEVEMENT: 80, DISCIPLINE: 90, INITIATIVE: 70 }),
      rater("SELF", { TARGET_ACHIEVEMENT: 100, DISCIPLINE: 100, INITIATIVE: 100 }),
      rater("PEER", { TARGET_ACHIEVEMENT: 60, DISCIPLINE: 80, INITIATIVE: 70 }, 1),
      rater("PEER", { TARGET_ACHIEVEMENT: 80, DISCIPLINE: 100, INITIATIVE: 90 }, 2),
    ];
    const result = evaluate(makeCase(assessments), weighted360, { config: WEIGHTED_360_PRESETS.mamuju });
    expect(result.ratings.TARGET_ACHIEVEMENT).toBeCloseTo(80.5, 12);
    expect(result.ratings.DISCIPLINE).toBeCloseTo(91.5, 12);
    expect(result.ratings.INITIATIVE).toBeCloseTo(77, 12);
    expect(result.score).toBeCloseTo(82.375, 12);
    expect(result.grade).toBe("BAIK");
    expect(result.warnings).toEqual([]);

    // One peer only (minimum 2): PEER dropped, SUPERVISOR 60 and SELF 15 renormalised over 75.
    // TA = (4800 + 1500)/75 = 84; DISC = (5400 + 1500)/75 = 92; INIT = (4200 + 1500)/75 = 76.
    // Score = 42 + 23 + 19 = 84.
    const onePeer = evaluate(makeCase(assessments.slice(0, 3)), weighted360, {
      config: WEIGHTED_360_PRESETS.mamuju,
    });
    expect(onePeer.score).toBeCloseTo(84, 12);
    expect(codes(onePeer)).toEqual(["SOURCE_DROPPED"]);
  });

  test("Lhokseumawe: target achievement from the indicators' capaian, work reviewed by supervisor and peers", () => {
    // Capaian: r1 9 of 10 → 90 %, r2 16 of 20 → 80 %; plain mean 85. Raters' TARGET_ACHIEVEMENT is ignored.
    // WORK_QUALITY = (90·70 + mean(80, 70)·30)/100 = 63 + 22.5 = 85.5.
    // Score = 0.6·85 + 0.4·85.5 = 51 + 34.2 = 85.2 → BAIK.
    const results = [
      { id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 10, realization: 9 }] },
      { id: "r2", indicators: [{ id: "i2", aspect: "KUANTITAS", target: 20, realization: 16 }] },
    ];
    const assessments = [
      rater("SUPERVISOR", { WORK_QUALITY: 90, TARGET_ACHIEVEMENT: 10 }),
      rater("PEER", { WORK_QUALITY: 80 }, 1),
      rater("PEER", { WORK_QUALITY: 70 }, 2),
    ];
    const result = evaluate(makeCase(assessments, results), weighted360, {
      config: WEIGHTED_360_PRESETS.lhokseumawe,
    });
    expect(result.ratings.TARGET_ACHIEVEMENT).toBeCloseTo(85, 12);
    expect(result.ratings.WORK_QUALITY).toBeCloseTo(85.5, 12);
    expect(result.score).toBeCloseTo(85.2, 12);
    expect(result.grade).toBe("BAIK");
    const step = result.explanation.find((s) => s.rule === "weighted-360/component/TARGET_ACHIEVEMENT")!;
    expect(step.legalBasis).toContain("PermenPAN-RB 8/2021");

    // Capaian above 100 % is capped at 100: 14 of 10 (140 %) and 20 of 20 (100 %) → mean 120 → 100.
    const over = [
      { id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 10, realization: 14 }] },
      { id: "r2", indicators: [{ id: "i2", aspect: "KUANTITAS", target: 20, realization: 20 }] },
    ];
    const capped = evaluate(makeCase(assessments, over), weighted360, {
      config: WEIGHTED_360_PRESETS.lhokseumawe,
    });
    expect(capped.ratings.TARGET_ACHIEVEMENT).toBe(100);
  });

  test("Sibolga: citizens' feedback on the speed and accuracy of service", () => {
    // Weights SUPERVISOR 50, PUBLIC 20, PEER 15, SELF 15; each component takes only its listed sources.
    // TA (SELF, SUPERVISOR): (100·15 + 80·50)/65 = 5500/65 = 1100/13.
    // SSA (SUPERVISOR, PUBLIC): PUBLIC mean(60, 70, 80, 90, 100) = 80 → (90·50 + 80·20)/70 = 6100/70 = 610/7.
    //   The public's DISCIPLINE score and the peers' SSA score are ignored: not listed for those components.
    // COLL (SUPERVISOR, PEER): peers mean(80, 60) = 70 → (70·50 + 70·15)/65 = 70.
    // Score = 0.4·1100/13 + 0.4·610/7 + 0.2·70 = 440/13 + 244/7 + 14 = 7526/91 = 82.703… → BAIK.
    const publicFeedback = [60, 70, 80, 90, 100].map((v, i) =>
      rater("PUBLIC", { SERVICE_SPEED_ACCURACY: v, DISCIPLINE: 0 }, i),
    );
    const assessments = [
      rater("SUPERVISOR", { TARGET_ACHIEVEMENT: 80, SERVICE_SPEED_ACCURACY: 90, COLLABORATION: 70 }),
      rater("SELF", { TARGET_ACHIEVEMENT: 100 }),
      rater("PEER", { COLLABORATION: 80, SERVICE_SPEED_ACCURACY: 0 }, 1),
      rater("PEER", { COLLABORATION: 60 }, 2),
      ...publicFeedback,
    ];
    const result = evaluate(makeCase(assessments), weighted360, { config: WEIGHTED_360_PRESETS.sibolga });
    expect(result.ratings.TARGET_ACHIEVEMENT).toBeCloseTo(1100 / 13, 12);
    expect(result.ratings.SERVICE_SPEED_ACCURACY).toBeCloseTo(610 / 7, 12);
    expect(result.ratings.COLLABORATION).toBeCloseTo(70, 12);
    expect(result.score).toBeCloseTo(7526 / 91, 12);
    expect(result.grade).toBe("BAIK");
    expect(result.warnings).toEqual([]);

    // Four public responses (minimum 5): PUBLIC dropped, SSA = the supervisor's 90.
    // Score = 440/13 + 0.4·90 + 14 = 440/13 + 50 = 83.846…
    const fewPublic = evaluate(makeCase(assessments.slice(0, -1)), weighted360, {
      config: WEIGHTED_360_PRESETS.sibolga,
    });
    expect(fewPublic.ratings.SERVICE_SPEED_ACCURACY).toBe(90);
    expect(fewPublic.score).toBeCloseTo(440 / 13 + 50, 12);
    expect(fewPublic.ratings.sourcesDropped).toBe("PUBLIC");
  });

  test("Pontianak: target achievement from the annual plan and collaboration with colleagues", () => {
    // Capaian 95 of 100 → 95. COLL = (80·70 + mean(90, 70)·30)/100 = 56 + 24 = 80.
    // Score = 0.7·95 + 0.3·80 = 66.5 + 24 = 90.5 → SANGAT_BAIK.
    const result = evaluate(
      makeCase(
        [
          rater("SUPERVISOR", { COLLABORATION: 80 }),
          rater("PEER", { COLLABORATION: 90 }, 1),
          rater("PEER", { COLLABORATION: 70 }, 2),
        ],
        [
          {
            id: "r1",
            indicators: [{ id: "i1", aspect: "KUANTITAS", target: 100, realization: 95, unit: "%" }],
          },
        ],
      ),
      weighted360,
      { config: WEIGHTED_360_PRESETS.pontianak },
    );
    expect(result.score).toBeCloseTo(90.5, 12);
    expect(result.grade).toBe("SANGAT_BAIK");
  });

  test("Jambi: attendance, work quality and team contribution", () => {
    // ATT (SUPERVISOR only): 100 (the peers' attendance scores are ignored).
    // WQ = (80·70 + mean(70, 90)·30)/100 = 56 + 24 = 80.
    // TC = (60·70 + mean(90, 100)·30)/100 = 42 + 28.5 = 70.5.
    // Score = 0.3·100 + 0.4·80 + 0.3·70.5 = 30 + 32 + 21.15 = 83.15 → BAIK.
    const result = evaluate(
      makeCase([
        rater("SUPERVISOR", { ATTENDANCE: 100, WORK_QUALITY: 80, TEAM_CONTRIBUTION: 60 }),
        rater("PEER", { ATTENDANCE: 0, WORK_QUALITY: 70, TEAM_CONTRIBUTION: 90 }, 1),
        rater("PEER", { ATTENDANCE: 0, WORK_QUALITY: 90, TEAM_CONTRIBUTION: 100 }, 2),
      ]),
      weighted360,
      { config: WEIGHTED_360_PRESETS.jambi },
    );
    expect(result.ratings.ATTENDANCE).toBe(100);
    expect(result.ratings.WORK_QUALITY).toBeCloseTo(80, 12);
    expect(result.ratings.TEAM_CONTRIBUTION).toBeCloseTo(70.5, 12);
    expect(result.score).toBeCloseTo(83.15, 12);
    expect(result.grade).toBe("BAIK");
  });
});

describe("weighted-360: explanation", () => {
  test("a step per computation, with rule id, legal basis and both languages", () => {
    const result = evaluate(
      makeCase([
        rater("SUPERVISOR", { TARGET_ACHIEVEMENT: 80, DISCIPLINE: 90, INITIATIVE: 70 }),
        rater("SELF", { TARGET_ACHIEVEMENT: 100, DISCIPLINE: 100, INITIATIVE: 100 }),
      ]),
      weighted360,
      { config: WEIGHTED_360_PRESETS.mamuju },
    );
    expect(result.explanation.map((s) => s.rule)).toEqual([
      "weighted-360/raters",
      "weighted-360/component/TARGET_ACHIEVEMENT",
      "weighted-360/component/DISCIPLINE",
      "weighted-360/component/INITIATIVE",
      "weighted-360/score",
      "weighted-360/grade",
    ]);
    for (const step of result.explanation) {
      expect(step.legalBasis).toContain("Mamuju");
      expect(step.text?.id.length).toBeGreaterThan(0);
      expect(step.text?.en.length).toBeGreaterThan(0);
    }
    // PEER dropped (0 of 2): TA = (80·60 + 100·15)/75 = 84.
    const ta = result.explanation[1]!;
    expect(ta.legalBasis).toContain("PP 30/2019 Pasal 41");
    expect(ta.text?.en).toBe(
      "Target achievement: self 100 × 20 % + direct superior (assessor) 80 × 80 % = 84 (mean per source, source weights renormalised).",
    );
    expect(ta.text?.id).toBe(
      "Pencapaian target: diri sendiri 100 × 20 % + atasan langsung (pejabat penilai) 80 × 80 % = 84 (rata-rata per sumber, bobot sumber dinormalkan).",
    );
  });
});

describe("weighted-360: validation", () => {
  test("source weights that do not add up to 100 name config.sourceWeights and the sum", () => {
    const e = issuesOf(() => loadRulePackage(weighted360, { sourceWeights: { SUPERVISOR: 60, PEER: 30 } }));
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.paths).toEqual(["config.sourceWeights"]);
    expect(e.message).toContain(
      "config.sourceWeights: source weights add up to 90 (SUPERVISOR 60 + PEER 30)",
    );
  });

  test("component weights that do not add up to 100 name config.componentWeights and the sum", () => {
    const e = issuesOf(() =>
      loadRulePackage(weighted360, { componentWeights: { WORK_QUALITY: 60, DISCIPLINE: 50 } }),
    );
    expect(e.paths).toEqual(["config.componentWeights"]);
    expect(e.message).toContain("component weights add up to 110");
  });

  test("unknown sources and components are rejected", () => {
    expect(
      issuesOf(() => loadRulePackage(weighted360, { sourceWeights: { SUPERVISOR: 90, BOSS: 10 } })).paths,
    ).toContain("config.sourceWeights");
    expect(
      issuesOf(() => loadRulePackage(weighted360, { componentWeights: { WORK_QUALITY: 50, LOYALTY: 50 } }))
        .paths,
    ).toContain("config.componentWeights");
  });

  test("unknown configuration keys are refused", () => {
    expect(issuesOf(() => loadRulePackage(weighted360, { minRater: { PEER: 2 } })).paths).toEqual(["config"]);
    expect(issuesOf(() => loadRulePackage(weighted360, { minRaters: { BOSS: 2 } })).paths).toEqual([
      "config.minRaters",
    ]);
  });

  test("a weighted component needs a weighted source", () => {
    const e = issuesOf(() =>
      loadRulePackage(weighted360, {
        sourceWeights: { SUPERVISOR: 100 },
        componentWeights: { SERVICE_SPEED_ACCURACY: 100 },
        componentSources: { SERVICE_SPEED_ACCURACY: ["PUBLIC"] },
      }),
    );
    expect(e.paths).toEqual(["config.componentSources.SERVICE_SPEED_ACCURACY"]);
  });

  test("grade thresholds must decrease", () => {
    const e = issuesOf(() => loadRulePackage(weighted360, { gradeThresholds: { BAIK: 95 } }));
    expect(e.paths).toEqual(["config.gradeThresholds.BAIK"]);
  });

  test("component scores outside 0–100 name the field", () => {
    const e = issuesOf(() => evaluate(makeCase([rater("SUPERVISOR", { DISCIPLINE: 120 })]), weighted360));
    expect(e.paths).toEqual(["assessments[0].behaviour.DISCIPLINE"]);
    const unknownSource = issuesOf(() =>
      evaluate(makeCase([rater("ATASAN", { DISCIPLINE: 80 })]), weighted360),
    );
    expect(unknownSource.paths).toEqual(["assessments[0].source"]);
  });
});

describe("weighted-360: the stateless contract", () => {
  test("the request of docs/rules/weighted-360.md", () => {
    // Sibolga preset. TA (SELF 15, SUPERVISOR 50): (90·15 + 80·50)/65 = 5350/65 = 82.307…
    // SSA (SUPERVISOR 50, PUBLIC 20): public mean(80, 90, 100, 70, 90) = 86 → (85·50 + 86·20)/70 = 5970/70 = 85.285…
    // COLL (SUPERVISOR 50, PEER 15): peers mean(75, 85) = 80 → (80·50 + 80·15)/65 = 80.
    // Score = 0.4·5350/65 + 0.4·5970/70 + 0.2·80 = 32.923… + 34.114… + 16 = 83.037… → BAIK.
    const request = {
      rules: "weighted-360@^1",
      config: {
        source: "Implementasi Sistem Penilaian Kinerja ASN di Sibolga, illustrative",
        sourceWeights: { SUPERVISOR: 50, PUBLIC: 20, PEER: 15, SELF: 15 },
        componentWeights: { TARGET_ACHIEVEMENT: 40, SERVICE_SPEED_ACCURACY: 40, COLLABORATION: 20 },
        componentSources: {
          TARGET_ACHIEVEMENT: ["SELF", "SUPERVISOR"],
          SERVICE_SPEED_ACCURACY: ["SUPERVISOR", "PUBLIC"],
          COLLABORATION: ["SUPERVISOR", "PEER"],
        },
        minRaters: { SELF: 1, SUPERVISOR: 1, PEER: 2, PUBLIC: 5 },
        targetAchievement: "ASSESSMENTS",
      },
      cases: [
        {
          employee: { id: "198803152012122001", positionKind: "JA" },
          workPlan: {
            results: [
              {
                id: "r1",
                indicators: [
                  { id: "i1", aspect: "KUANTITAS", target: 240, realization: 251, unit: "dokumen" },
                ],
              },
            ],
          },
          assessments: [
            { source: "SELF", behaviour: { TARGET_ACHIEVEMENT: 90 } },
            {
              source: "SUPERVISOR",
              raterId: "197501012000031001",
              behaviour: { TARGET_ACHIEVEMENT: 80, SERVICE_SPEED_ACCURACY: 85, COLLABORATION: 80 },
            },
            { source: "PEER", behaviour: { COLLABORATION: 75 } },
            { source: "PEER", behaviour: { COLLABORATION: 85 } },
            ...[80, 90, 100, 70, 90].map((v) => ({
              source: "PUBLIC",
              behaviour: { SERVICE_SPEED_ACCURACY: v },
            })),
          ],
        },
      ],
    };
    const response = evaluateRequest(request, createRegistry([weighted360]));
    const result = response.results[0]!;
    expect(result.score).toBeCloseTo(0.4 * (5350 / 65) + 0.4 * (5970 / 70) + 16, 12);
    expect(result.grade).toBe("BAIK");
    expect(response.rules.id).toBe("weighted-360");
    expect(request.config).toEqual(WEIGHTED_360_PRESETS.sibolga);
    expect(response.distribution.counts).toEqual({
      SANGAT_BAIK: 0,
      BAIK: 1,
      CUKUP: 0,
      KURANG: 0,
      SANGAT_KURANG: 0,
    });
    const service = result.explanation.find(
      (s) => s.rule === "weighted-360/component/SERVICE_SPEED_ACCURACY",
    )!;
    expect(service.text?.en).toBe(
      "Speed and accuracy of service: direct superior (assessor) 85 × 71.43 % + public / service recipients 86 × 28.57 % = 85.29 (mean per source, source weights renormalised).",
    );
    expect(service.legalBasis).toBe(
      "PP 30/2019 Pasal 41; Implementasi Sistem Penilaian Kinerja ASN di Sibolga, illustrative",
    );
  });
});

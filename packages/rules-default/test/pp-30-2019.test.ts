import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createRegistry,
  type EvaluationResult,
  evaluate,
  evaluateRequest,
  formatPath,
  isKinerjaError,
  type KinerjaIssue,
} from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { pp30of2019 } from "../src/pp-30-2019";

const ASPECTS = ["ORIENTASI_PELAYANAN", "KOMITMEN", "INISIATIF_KERJA", "KERJA_SAMA", "KEPEMIMPINAN"] as const;

function scores(value: number): Record<string, number> {
  return Object.fromEntries(ASPECTS.map((a) => [a, value]));
}

interface IndicatorSpec {
  target: number | { min: number; max: number };
  realization?: number;
  aspect?: string;
  weight?: number;
  direction?: string;
}

interface ResultSpec {
  kind?: "UTAMA" | "TAMBAHAN";
  weight?: number;
  indicators: IndicatorSpec[];
}

function makeCase(
  options: {
    results?: ResultSpec[];
    assessments?: { source: string; behaviour: Record<string, number> }[];
    innovation?: boolean;
  } = {},
) {
  const results = (options.results ?? [{ indicators: [{ target: 12, realization: 12 }] }]).map((r, ri) => ({
    id: `r${ri + 1}`,
    kind: r.kind ?? "UTAMA",
    ...(r.weight === undefined ? {} : { weight: r.weight }),
    indicators: r.indicators.map((i, ii) => ({
      id: `r${ri + 1}-i${ii + 1}`,
      aspect: i.aspect ?? "KUANTITAS",
      target: i.target,
      ...(i.realization === undefined ? {} : { realization: i.realization }),
      ...(i.weight === undefined ? {} : { weight: i.weight }),
      ...(i.direction === undefined ? {} : { direction: i.direction }),
    })),
  }));
  return {
    // A structural official, so KEPEMIMPINAN is assessed (the default `leadership: "STRUCTURAL"`).
    employee: { id: "199203152019032001", positionKind: "JA", structural: true },
    workPlan: { results },
    assessments: options.assessments ?? [{ source: "SUPERVISOR", behaviour: scores(100) }],
    ...(options.innovation === undefined ? {} : { innovation: options.innovation }),
  };
}

function steps(result: EvaluationResult, rule: string) {
  return result.explanation.filter((s) => s.rule === `pp-30-2019/${rule}`);
}

function step(result: EvaluationResult, rule: string, nth = 0) {
  const found = steps(result, rule)[nth];
  if (!found) throw new Error(`no step ${rule} #${nth}`);
  return found;
}

function issuesOf(run: () => unknown): KinerjaIssue[] {
  try {
    run();
  } catch (error) {
    if (isKinerjaError(error) && error.code === "VALIDATION_FAILED")
      return error.details.issues as KinerjaIssue[];
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
}

const paths = (issues: KinerjaIssue[]) => issues.map((i) => formatPath(i.path));

describe("pp-30-2019 worked examples", () => {
  test("capaian 100 % → nilai 109; supervisor 100; 0.7 × 109 + 0.3 × 100 = 106.3 → BAIK", () => {
    // IKI: realisation 12 of target 12 → capaian 100 % → nilai 109 (PermenPAN-RB 8/2021 worked example).
    // nilai SKP = 109; nilai perilaku = mean of five 100s from the supervisor = 100.
    // Only the supervisor assessed behaviour → 70/30: (70 × 109 + 30 × 100) / 100 = 106.3.
    const result = evaluate(makeCase(), pp30of2019);
    expect(step(result, "indicator-capaian").output).toBe(100);
    expect(step(result, "indicator-nilai").output).toBe(109);
    expect(result.ratings).toEqual({
      nilaiSkp: 109,
      nilaiPerilaku: 100,
      bobotSkp: 70,
      bobotPerilaku: 30,
      innovation: false,
    });
    expect(result.score).toBeCloseTo(106.3, 12);
    expect(result.grade).toBe("BAIK");
    expect(step(result, "score").text).toEqual({
      id: "70 % × 109 + 30 % × 100 = 106,3.",
      en: "70 % × 109 + 30 % × 100 = 106.3.",
    });
  });

  test("110 or more needs the innovation flag for SANGAT_BAIK; without it the predikat is BAIK", () => {
    // Realisation 12 of target 10 → capaian 120 % (above 110 %) → nilai 120.
    // Behaviour 110 → (70 × 120 + 30 × 110) / 100 = 117.
    const input = makeCase({
      results: [{ indicators: [{ target: 10, realization: 12 }] }],
      assessments: [{ source: "SUPERVISOR", behaviour: scores(110) }],
    });
    const without = evaluate(input, pp30of2019);
    expect(without.score).toBeCloseTo(117, 12);
    expect(without.grade).toBe("BAIK");
    const withInnovation = evaluate({ ...input, innovation: true }, pp30of2019);
    expect(withInnovation.score).toBeCloseTo(117, 12);
    expect(withInnovation.grade).toBe("SANGAT_BAIK");
    expect(withInnovation.ratings.innovation).toBe(true);
  });

  test("360°: peers and subordinates switch the weights to 60/40 and share the behaviour value", () => {
    // Default rater weights SUPERVISOR 60, PEER 20, SUBORDINATE 20:
    // perilaku = (60 × 100 + 20 × 80 + 20 × 90) / 100 = 94.
    // Three peer/subordinate raters (the default minRaters360) →
    // 60/40 (PP 30/2019 Pasal 41 ayat (4)): (60 × 109 + 40 × 94) / 100 = 103.
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "PEER", behaviour: scores(80) },
          { source: "PEER", behaviour: scores(80) },
          { source: "SUBORDINATE", behaviour: scores(90) },
        ],
      }),
      pp30of2019,
    );
    expect(result.ratings.nilaiPerilaku).toBeCloseTo(94, 12);
    expect(result.ratings.bobotSkp).toBe(60);
    expect(result.score).toBeCloseTo(103, 12);
    expect(result.grade).toBe("BAIK");
  });

  test("a source without an assessment is dropped and the weights renormalised", () => {
    // SUPERVISOR 60 and PEER 20 present, SUBORDINATE absent → 75 % and 25 %:
    // perilaku = 0.75 × 100 + 0.25 × 80 = 95; one peer is fewer than 3 raters, so 70/30 →
    // (70 × 109 + 30 × 95) / 100 = 104.8.
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "PEER", behaviour: scores(80) },
        ],
      }),
      pp30of2019,
    );
    expect(result.ratings.nilaiPerilaku).toBeCloseTo(95, 12);
    expect(step(result, "behaviour").inputs).toEqual({
      SUPERVISOR: { value: 100, weight: 0.75 },
      PEER: { value: 80, weight: 0.25 },
    });
    expect(result.score).toBeCloseTo(104.8, 12);
  });

  test("several raters of one source are averaged", () => {
    // PEER: (80 + 60) / 2 = 70; perilaku = 0.75 × 100 + 0.25 × 70 = 92.5.
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "PEER", behaviour: scores(80) },
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "PEER", behaviour: scores(60) },
        ],
      }),
      pp30of2019,
    );
    expect(step(result, "behaviour-source", 1).output).toBe(70);
    expect(step(result, "behaviour-source", 1).inputs?.assessments).toEqual([0, 2]);
    expect(result.ratings.nilaiPerilaku).toBeCloseTo(92.5, 12);
  });

  test("a self-assessment has weight 0 by default: not counted, not validated, no switch to 60/40", () => {
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "SELF", behaviour: { KOMITMEN: 500 } },
        ],
      }),
      pp30of2019,
    );
    expect(result.ratings.nilaiPerilaku).toBe(100);
    expect(result.ratings.bobotSkp).toBe(70);
  });

  test("aspects are averaged per source", () => {
    // (100 + 90 + 80 + 70 + 60) / 5 = 80.
    const behaviour = {
      ORIENTASI_PELAYANAN: 100,
      KOMITMEN: 90,
      INISIATIF_KERJA: 80,
      KERJA_SAMA: 70,
      KEPEMIMPINAN: 60,
    };
    const result = evaluate(makeCase({ assessments: [{ source: "SUPERVISOR", behaviour }] }), pp30of2019);
    expect(result.ratings.nilaiPerilaku).toBe(80);
  });
});

describe("pp-30-2019 nilai SKP", () => {
  const nilaiOf = (capaianTarget: number, realization: number, config?: object) =>
    step(
      evaluate(
        makeCase({ results: [{ indicators: [{ target: capaianTarget, realization }] }] }),
        pp30of2019,
        { config: config },
      ),
      "indicator-nilai",
    ).output as number;

  test("the PermenPAN-RB 8/2021 bands", () => {
    // target 100, so realisation = capaian %.
    expect(nilaiOf(100, 50)).toBeCloseTo((50 / 59) * 49, 12); // 0–59 %: c / 59 × 49 = 41.53
    expect(nilaiOf(100, 60)).toBe(50); // 60–79 %: 50 + (c − 60)
    expect(nilaiOf(100, 79)).toBe(69);
    expect(nilaiOf(100, 80)).toBe(70); // 80–99 %: 70 + (c − 80)
    expect(nilaiOf(100, 99)).toBe(89);
    expect(nilaiOf(100, 100)).toBe(109); // 100 % → 109
    expect(nilaiOf(100, 111)).toBe(120); // above 110 % → 120
    expect(nilaiOf(100, 300)).toBe(120);
  });

  test("the unverified 101–110 % band follows the configuration", () => {
    // Default 109 → 120: 105 % → 109 + 0.5 × 11 = 114.5.
    expect(nilaiOf(100, 105)).toBeCloseTo(114.5, 12);
    expect(nilaiOf(100, 110)).toBeCloseTo(120, 12);
    // 110 → 120: 105 % → 110 + 0.5 × 10 = 115.
    expect(nilaiOf(100, 105, { nilaiBands: { above100From: 110, at110: 120 } })).toBeCloseTo(115, 12);
    // Flat 110: 101–110 % all give 110.
    expect(nilaiOf(100, 107, { nilaiBands: { above100From: 110, at110: 110 } })).toBe(110);
  });

  test("a band that would give less nilai for more capaian is refused, naming the field", () => {
    expect(
      paths(
        issuesOf(() => evaluate(makeCase(), pp30of2019, { config: { nilaiBands: { above100From: 100 } } })),
      ),
    ).toEqual(["config.nilaiBands.above100From"]);
    expect(
      paths(
        issuesOf(() =>
          evaluate(makeCase(), pp30of2019, { config: { nilaiBands: { above100From: 115, at110: 112 } } }),
        ),
      ),
    ).toEqual(["config.nilaiBands.at110"]);
  });

  test("lower-is-better indicators: (1 + (1 − R / T)) × 100", () => {
    // WAKTU 9 of 12 months: (1 + (1 − 9 / 12)) × 100 = 125 % → nilai 120.
    const result = evaluate(
      makeCase({ results: [{ indicators: [{ aspect: "WAKTU", target: 12, realization: 9 }] }] }),
      pp30of2019,
    );
    expect(step(result, "indicator-capaian").output).toBeCloseTo(125, 12);
    expect(result.ratings.nilaiSkp).toBe(120);
  });

  test("range targets: 100 % inside, the nearer bound outside", () => {
    // 85 in 80–90 → 100 % → 109; 72 below 80 → 72 / 80 × 100 = 90 % → 80.
    const result = evaluate(
      makeCase({
        results: [
          {
            indicators: [
              { target: { min: 80, max: 90 }, realization: 85 },
              { target: { min: 80, max: 90 }, realization: 72 },
            ],
          },
        ],
      }),
      pp30of2019,
    );
    expect(steps(result, "indicator-capaian").map((s) => s.output)).toEqual([100, 90]);
    expect(steps(result, "indicator-nilai").map((s) => s.output)).toEqual([109, 80]);
    expect(step(result, "indicator-capaian").inputs?.target).toEqual({ min: 80, max: 90 });
  });

  test("averaged per result, then over the results", () => {
    // r1: nilai 109 (100 %) and 70 (80 %) → 89.5; r2: 109 → nilai SKP = (89.5 + 109) / 2 = 99.25
    // (a flat mean over the three indicators would give 96).
    const result = evaluate(
      makeCase({
        results: [
          {
            indicators: [
              { target: 10, realization: 10 },
              { target: 10, realization: 8 },
            ],
          },
          { indicators: [{ target: 5, realization: 5 }] },
        ],
      }),
      pp30of2019,
    );
    expect(steps(result, "result").map((s) => s.output)).toEqual([89.5, 109]);
    expect(result.ratings.nilaiSkp).toBeCloseTo(99.25, 12);
  });

  test("weighted when weights are given", () => {
    // r1 weight 70, nilai 109; r2 weight 30, nilai 70 → (70 × 109 + 30 × 70) / 100 = 97.3.
    // Inside r1, indicators 75/25 of 109 and 109 → 109.
    const result = evaluate(
      makeCase({
        results: [
          {
            weight: 70,
            indicators: [
              { target: 10, realization: 10, weight: 75 },
              { target: 4, realization: 4, weight: 25 },
            ],
          },
          { weight: 30, indicators: [{ target: 10, realization: 8 }] },
        ],
      }),
      pp30of2019,
    );
    expect(result.ratings.nilaiSkp).toBeCloseTo(97.3, 12);
    expect(step(result, "skp").inputs?.weights).toEqual([70, 30]);
    expect(step(result, "skp").text?.en).toContain("Weighted mean");
  });

  test("indicator weights inside a result", () => {
    // nilai 109 with weight 75 and 70 with weight 25 → (75 × 109 + 25 × 70) / 100 = 99.25.
    const result = evaluate(
      makeCase({
        results: [
          {
            indicators: [
              { target: 10, realization: 10, weight: 75 },
              { target: 10, realization: 8, weight: 25 },
            ],
          },
        ],
      }),
      pp30of2019,
    );
    expect(result.ratings.nilaiSkp).toBeCloseTo(99.25, 12);
  });

  test("TAMBAHAN results are not scored, with a warning; a missing realisation counts 0 with a warning", () => {
    // r1: 100 % → 109 and missing → 0 → (109 + 0) / 2 = 54.5; r2 (TAMBAHAN) ignored.
    const result = evaluate(
      makeCase({
        results: [
          { indicators: [{ target: 10, realization: 10 }, { target: 10 }] },
          { kind: "TAMBAHAN", indicators: [{ target: 1, realization: 0 }] },
        ],
      }),
      pp30of2019,
    );
    expect(result.ratings.nilaiSkp).toBe(54.5);
    expect(result.warnings.map((w) => w.code).sort()).toEqual([
      "ADDITIONAL_RESULTS_NOT_SCORED",
      "REALIZATION_MISSING",
    ]);
    expect(result.warnings.find((w) => w.code === "REALIZATION_MISSING")?.path).toEqual([
      "workPlan",
      "results",
      0,
      "indicators",
      1,
      "realization",
    ]);
  });
});

describe("pp-30-2019 weights of SKP and behaviour", () => {
  const threeSixty = [
    { source: "SUPERVISOR", behaviour: scores(100) },
    { source: "SUBORDINATE", behaviour: scores(100) },
  ];

  test("an agency can fix 70/30 even with subordinate input", () => {
    const result = evaluate(makeCase({ assessments: threeSixty }), pp30of2019, {
      config: { weighting: "SKP_70" },
    });
    expect(result.ratings.bobotSkp).toBe(70);
    expect(result.score).toBeCloseTo(106.3, 12);
  });

  test("an agency can fix 60/40 with the supervisor alone", () => {
    // (60 × 109 + 40 × 100) / 100 = 105.4.
    const result = evaluate(makeCase(), pp30of2019, { config: { weighting: "SKP_60" } });
    expect(result.ratings.bobotSkp).toBe(60);
    expect(result.score).toBeCloseTo(105.4, 12);
  });

  test("a PEER source weighted 0 does not count and does not switch to 60/40", () => {
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "PEER", behaviour: scores(0) },
        ],
      }),
      pp30of2019,
      { config: { raterWeights: { PEER: 0 } } },
    );
    expect(result.ratings.nilaiPerilaku).toBe(100);
    expect(result.ratings.bobotSkp).toBe(70);
  });

  test("custom rater weights", () => {
    // SUPERVISOR 50, PEER 50: 0.5 × 100 + 0.5 × 60 = 80.
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "PEER", behaviour: scores(60) },
        ],
      }),
      pp30of2019,
      { config: { raterWeights: { SUPERVISOR: 50, PEER: 50 } } },
    );
    expect(result.ratings.nilaiPerilaku).toBe(80);
  });

  test("the SUPERVISOR weight must be above 0", () => {
    expect(
      paths(
        issuesOf(() => evaluate(makeCase(), pp30of2019, { config: { raterWeights: { SUPERVISOR: 0 } } })),
      ),
    ).toEqual(["config.raterWeights.SUPERVISOR"]);
  });
});

describe("pp-30-2019 predikat at the band edges", () => {
  // nilai SKP 120 (capaian 120 %).
  const top = [{ indicators: [{ target: 10, realization: 12 }] }];
  const caseWith = (results: ResultSpec[], behaviour: number, peer: boolean, innovation = true) =>
    makeCase({
      results,
      innovation,
      assessments: [
        { source: "SUPERVISOR", behaviour: scores(behaviour) },
        ...(peer ? [{ source: "PEER", behaviour: scores(behaviour) }] : []),
      ],
    });

  test.each([
    // 60/40 with SKP 120: (7200 + 40 b) / 100.
    [top, 95, true, 110, "SANGAT_BAIK"],
    [top, 94, true, 109.6, "BAIK"],
    // 70/30 with SKP 120: (8400 + 30 b) / 100.
    [top, 20, false, 90, "BAIK"],
    [top, 19, false, 89.7, "CUKUP"],
    // SKP 70 (capaian 80 %): (4900 + 30 b) / 100.
    [[{ indicators: [{ target: 10, realization: 8 }] }], 70, false, 70, "CUKUP"],
    [[{ indicators: [{ target: 10, realization: 8 }] }], 69, false, 69.7, "KURANG"],
    // SKP 50 (capaian 60 %): (3500 + 30 b) / 100.
    [[{ indicators: [{ target: 10, realization: 6 }] }], 50, false, 50, "KURANG"],
    [[{ indicators: [{ target: 10, realization: 6 }] }], 49, false, 49.7, "SANGAT_KURANG"],
  ] as const)("%#: behaviour %d → %d → %s", (results, behaviour, peer, score, grade) => {
    // One peer stands for the 360° assessment here (minRaters360: 1).
    const result = evaluate(caseWith(results as unknown as ResultSpec[], behaviour, peer), pp30of2019, {
      config: {
        minRaters360: 1,
      },
    });
    expect(result.score).toBeCloseTo(score, 12);
    expect(result.grade).toBe(grade);
  });

  test("exactly 110 without innovation is BAIK", () => {
    const result = evaluate(caseWith(top, 95, true, false), pp30of2019, { config: { minRaters360: 1 } });
    expect(result.score).toBeCloseTo(110, 12);
    expect(result.grade).toBe("BAIK");
  });

  test("the score never exceeds 120", () => {
    // capaian 300 % → 120; behaviour 120 → 120.
    const result = evaluate(
      makeCase({
        results: [{ indicators: [{ target: 1, realization: 3 }] }],
        assessments: [{ source: "SUPERVISOR", behaviour: scores(120) }],
        innovation: true,
      }),
      pp30of2019,
    );
    expect(result.score).toBe(120);
    expect(result.grade).toBe("SANGAT_BAIK");
  });

  test("0 everywhere is SANGAT_KURANG", () => {
    const result = evaluate(
      makeCase({
        results: [{ indicators: [{ target: 10, realization: 0 }] }],
        assessments: [{ source: "SUPERVISOR", behaviour: scores(0) }],
      }),
      pp30of2019,
    );
    expect(result.score).toBe(0);
    expect(result.grade).toBe("SANGAT_KURANG");
  });
});

describe("pp-30-2019 validation", () => {
  test("a missing aspect is refused, naming the field", () => {
    const { INISIATIF_KERJA: _, ...rest } = scores(100);
    expect(
      paths(
        issuesOf(() =>
          evaluate(makeCase({ assessments: [{ source: "SUPERVISOR", behaviour: rest }] }), pp30of2019),
        ),
      ),
    ).toEqual(["assessments[0].behaviour.INISIATIF_KERJA"]);
  });

  test("a counted PEER assessment needs every aspect too", () => {
    const { KEPEMIMPINAN: _, ...rest } = scores(100);
    const input = makeCase({
      assessments: [
        { source: "SUPERVISOR", behaviour: scores(100) },
        { source: "PEER", behaviour: rest },
      ],
    });
    expect(paths(issuesOf(() => evaluate(input, pp30of2019)))).toEqual([
      "assessments[1].behaviour.KEPEMIMPINAN",
    ]);
  });

  test("scores outside 0–120 are refused", () => {
    const input = makeCase({
      assessments: [{ source: "SUPERVISOR", behaviour: { ...scores(100), KOMITMEN: 121 } }],
    });
    const issues = issuesOf(() => evaluate(input, pp30of2019));
    expect(paths(issues)).toEqual(["assessments[0].behaviour.KOMITMEN"]);
    expect(issues[0]?.message).toContain("between 0 and 120");
  });

  test("the SUPERVISOR assessment is required, and only one", () => {
    expect(
      paths(
        issuesOf(() =>
          evaluate(makeCase({ assessments: [{ source: "PEER", behaviour: scores(90) }] }), pp30of2019),
        ),
      ),
    ).toEqual(["assessments"]);
    const twice = makeCase({
      assessments: [
        { source: "SUPERVISOR", behaviour: scores(90) },
        { source: "SUPERVISOR", behaviour: scores(90) },
      ],
    });
    expect(paths(issuesOf(() => evaluate(twice, pp30of2019)))).toEqual(["assessments[1].source"]);
  });

  test("a plan without a main result is refused", () => {
    const input = makeCase({ results: [{ kind: "TAMBAHAN", indicators: [{ target: 1, realization: 1 }] }] });
    expect(paths(issuesOf(() => evaluate(input, pp30of2019)))).toEqual(["workPlan.results"]);
  });

  test("innovation must be a boolean", () => {
    expect(paths(issuesOf(() => evaluate({ ...makeCase(), innovation: "ya" }, pp30of2019)))).toEqual([
      "innovation",
    ]);
  });

  test("an unknown configuration key is refused", () => {
    expect(paths(issuesOf(() => evaluate(makeCase(), pp30of2019, { config: { weights: "70/30" } })))).toEqual(
      ["config"],
    );
  });
});

describe("pp-30-2019 explanation and declaration", () => {
  test("every step names its rule, legal basis and a text in both languages, in order", () => {
    const result = evaluate(
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          { source: "PEER", behaviour: scores(80) },
        ],
      }),
      pp30of2019,
    );
    expect(result.explanation.map((s) => s.rule.replace("pp-30-2019/", ""))).toEqual([
      "indicator-capaian",
      "indicator-nilai",
      "result",
      "skp",
      "behaviour-source",
      "behaviour-source",
      "behaviour",
      "weights",
      "score",
      "predikat",
    ]);
    for (const s of result.explanation) {
      expect(s.legalBasis).toMatch(/PP 30\/2019|PermenPAN-RB 8\/2021/);
      expect(s.text?.id.length).toBeGreaterThan(0);
      expect(s.text?.en.length).toBeGreaterThan(0);
    }
    expect(step(result, "behaviour").text?.en).toBe(
      "75 % × 100 (Direct superior (assessor)) + 25 % × 80 (Peer) = 95; sources without an assessment are dropped and the other weights renormalised.",
    );
  });

  test("the package declares its grades best first, its inputs and its defaults", () => {
    expect(pp30of2019.grades.map((g) => g.code)).toEqual([
      "SANGAT_BAIK",
      "BAIK",
      "CUKUP",
      "KURANG",
      "SANGAT_KURANG",
    ]);
    expect(pp30of2019.inputs.filter((i) => !i.monotone).map((i) => i.name)).toEqual(["employee.structural"]);
    expect(pp30of2019.inputs.find((i) => i.kind === "BEHAVIOUR_SCORE")?.range).toEqual({ min: 0, max: 120 });
    expect(pp30of2019.defaultConfig).toEqual({
      nilaiBands: { above100From: 109, at110: 120 },
      raterWeights: { SUPERVISOR: 60, PEER: 20, SUBORDINATE: 20, SELF: 0, PUBLIC: 0 },
      weighting: "AUTO",
      minRaters360: 3,
      leadership: "STRUCTURAL",
    });
  });

  test("improve() sets innovation and is undefined once it is set", () => {
    const improve = pp30of2019.inputs.find((i) => i.name === "innovation")?.improve;
    const improved = improve?.(makeCase() as never, 1) as { innovation?: boolean } | undefined;
    expect(improved?.innovation).toBe(true);
    expect(improve?.(makeCase({ innovation: true }) as never, 1)).toBeUndefined();
  });
});

describe("docs/rules/pp-30-2019.md", () => {
  test("the command-line request evaluates as the page says", () => {
    const page = readFileSync(
      fileURLToPath(new URL("../../../docs/rules/pp-30-2019.md", import.meta.url)),
      "utf8",
    );
    const json = /```json\n([\s\S]*?)```/.exec(page)?.[1];
    const response = evaluateRequest(JSON.parse(json ?? "null"), createRegistry([pp30of2019]));
    expect(response.rules).toEqual({ id: "pp-30-2019", version: "2.0.0" });
    expect(response.results[0]?.grade).toBe("SANGAT_BAIK");
    expect(response.results[0]?.score).toBeCloseTo(111.9, 3);
  });
});

describe("pp-30-2019: issue 8 item 12, leadership by position and 360° raters", () => {
  const noLeadership = () => {
    const { KEPEMIMPINAN: _, ...rest } = scores(100);
    return rest;
  };
  const employee = (structural: boolean) => ({ id: "199203152019032001", positionKind: "JF", structural });

  test("a non-structural employee needs no KEPEMIMPINAN: the mean of four aspects", () => {
    const input = {
      ...makeCase({
        assessments: [{ source: "SUPERVISOR", behaviour: { ...noLeadership(), KOMITMEN: 80 } }],
      }),
      employee: employee(false),
    };
    const result = evaluate(input, pp30of2019);
    // (100 + 80 + 100 + 100) / 4 = 95.
    expect(result.ratings.nilaiPerilaku).toBe(95);
    expect(step(result, "behaviour-source").text?.id).toContain("kepemimpinan tidak dinilai");
  });

  test("a leadership score given for a non-structural employee is ignored with a warning", () => {
    const input = {
      ...makeCase({
        assessments: [{ source: "SUPERVISOR", behaviour: { ...scores(100), KEPEMIMPINAN: 0 } }],
      }),
      employee: employee(false),
    };
    const result = evaluate(input, pp30of2019);
    expect(result.ratings.nilaiPerilaku).toBe(100);
    expect(result.warnings.map((w) => [w.code, formatPath(w.path ?? [])])).toEqual([
      ["ASPECT_IGNORED", "assessments[0].behaviour.KEPEMIMPINAN"],
    ]);
  });

  test("a structural official needs KEPEMIMPINAN; leadership: ALL requires it from everybody", () => {
    const missing = { ...makeCase({ assessments: [{ source: "SUPERVISOR", behaviour: noLeadership() }] }) };
    expect(paths(issuesOf(() => evaluate({ ...missing, employee: employee(true) }, pp30of2019)))).toEqual([
      "assessments[0].behaviour.KEPEMIMPINAN",
    ]);
    expect(
      paths(
        issuesOf(() =>
          evaluate({ ...missing, employee: employee(false) }, pp30of2019, { config: { leadership: "ALL" } }),
        ),
      ),
    ).toEqual(["assessments[0].behaviour.KEPEMIMPINAN"]);
  });

  test("AUTO: one PEER answer does not switch to 60/40; three peer or subordinate raters do", () => {
    const raters = (n: number) =>
      makeCase({
        assessments: [
          { source: "SUPERVISOR", behaviour: scores(100) },
          ...Array.from({ length: n }, (_, i) => ({
            source: i % 2 === 0 ? "PEER" : "SUBORDINATE",
            behaviour: scores(90),
          })),
        ],
      });
    expect(evaluate(raters(1), pp30of2019).ratings.bobotSkp).toBe(70);
    expect(evaluate(raters(2), pp30of2019).ratings.bobotSkp).toBe(70);
    const three = evaluate(raters(3), pp30of2019);
    expect(three.ratings.bobotSkp).toBe(60);
    expect(step(three, "weights").inputs).toMatchObject({ peerOrSubordinateRaters: 3, minRaters360: 3 });
    expect(evaluate(raters(1), pp30of2019, { config: { minRaters360: 1 } }).ratings.bobotSkp).toBe(60);
    // The agency's choice (Pasal 41) fixes the split whatever the raters.
    expect(evaluate(raters(1), pp30of2019, { config: { weighting: "SKP_60" } }).ratings.bobotSkp).toBe(60);
    expect(evaluate(raters(3), pp30of2019, { config: { weighting: "SKP_70" } }).ratings.bobotSkp).toBe(70);
  });
});

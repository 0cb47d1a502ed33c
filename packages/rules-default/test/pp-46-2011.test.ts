import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createRegistry,
  type EvaluationResult,
  evaluate,
  evaluateMany,
  evaluateRequest,
  formatPath,
  isKinerjaError,
  type KinerjaIssue,
} from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { pp46of2011 } from "../src/pp-46-2011";

type Pair = readonly [target: number, realization?: number];

interface ActivitySpec {
  id?: string;
  k?: Pair;
  q?: Pair;
  w?: Pair;
  b?: Pair;
}

const ASPECTS5 = ["ORIENTASI_PELAYANAN", "INTEGRITAS", "KOMITMEN", "DISIPLIN", "KERJA_SAMA"] as const;

function indicator(id: string, aspect: string, [target, realization]: Pair) {
  return { id, aspect, target, ...(realization === undefined ? {} : { realization }) };
}

function activity(spec: ActivitySpec, n: number) {
  const id = spec.id ?? `k${n}`;
  const indicators = [
    ...(spec.k ? [indicator(`${id}-kuantitas`, "KUANTITAS", spec.k)] : []),
    ...(spec.q ? [indicator(`${id}-kualitas`, "KUALITAS", spec.q)] : []),
    ...(spec.w ? [indicator(`${id}-waktu`, "WAKTU", spec.w)] : []),
    ...(spec.b ? [indicator(`${id}-biaya`, "BIAYA", spec.b)] : []),
  ];
  return { id, kind: "UTAMA", indicators };
}

/** The brief's activity: 12 outputs of 12, quality 100 of 100, 12 months of 12. */
const STANDARD: ActivitySpec = { k: [12, 12], q: [100, 100], w: [12, 12] };

function behaviourOf(value: number, structural = false): Record<string, number> {
  const scores: Record<string, number> = Object.fromEntries(ASPECTS5.map((a) => [a, value]));
  if (structural) scores.KEPEMIMPINAN = value;
  return scores;
}

function makeCase(
  options: {
    activities?: ActivitySpec[];
    behaviour?: Record<string, number>;
    structural?: boolean;
    extra?: Record<string, unknown>;
    tasks?: number;
  } = {},
) {
  const activities = (options.activities ?? [STANDARD]).map(activity);
  const tasks = Array.from({ length: options.tasks ?? 0 }, (_, i) => ({
    id: `t${i}`,
    kind: "TAMBAHAN",
    indicators: [{ id: `t${i}-k`, aspect: "KUANTITAS", target: 1, realization: 1 }],
  }));
  return {
    employee: { id: "198507012010011001", positionKind: "JA", structural: options.structural ?? false },
    workPlan: { results: [...activities, ...tasks] },
    assessments: [
      {
        source: "SUPERVISOR",
        raterId: "197001011995031001",
        behaviour: options.behaviour ?? behaviourOf(80),
      },
    ],
    ...options.extra,
  };
}

function step(result: EvaluationResult, rule: string, nth = 0) {
  const found = result.explanation.filter((s) => s.rule === `pp-46-2011/${rule}`)[nth];
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

describe("pp-46-2011 worked examples", () => {
  test("the brief's example: (100 + 100 + 76) / 3 = 92; 0.6 × 92 + 0.4 × 80 = 87.2 → BAIK", () => {
    // kuantitas 12/12 × 100 = 100; kualitas 100/100 × 100 = 100;
    // waktu: e = 100 − 12/12 × 100 = 0 ≤ 24 → ((1.76 × 12 − 12) / 12) × 100 = 76.
    // capaian = 276 / 3 = 92 = nilai SKP; perilaku = mean of five 80s = 80.
    const result = evaluate(makeCase(), pp46of2011);
    expect(step(result, "quantity").output).toBe(100);
    expect(step(result, "quality").output).toBe(100);
    expect(step(result, "time").output).toBe(76);
    expect(step(result, "activity").output).toBe(92);
    expect(result.ratings).toEqual({
      nilaiSkp: 92,
      kategoriSkp: "SANGAT_BAIK",
      nilaiPerilaku: 80,
      kategoriPerilaku: "BAIK",
    });
    expect(result.score).toBeCloseTo(87.2, 12);
    expect(result.grade).toBe("BAIK");
    expect(step(result, "score").text).toEqual({
      id: "60 % × 92 + 40 % × 80 = 87,2.",
      en: "60 % × 92 + 40 % × 80 = 87.2.",
    });
    expect(result.warnings).toEqual([]);
  });

  test("the score keeps full precision; only the texts round", () => {
    // waktu 10 of 12 months: e = 100 − 83.33 = 16.67 ≤ 24 → ((21.12 − 10) / 12) × 100 = 92.6666…
    // capaian = (100 + 100 + 92.6666…) / 3 = 97.5555…; score = 0.6 × 97.5555… + 0.4 × 80 = 90.5333…
    const result = evaluate(makeCase({ activities: [{ ...STANDARD, w: [12, 10] }] }), pp46of2011);
    expect(result.score).toBeCloseTo(90.533333333, 8);
    expect(result.score).not.toBe(Math.round((result.score ?? 0) * 100) / 100);
    expect(result.grade).toBe("SANGAT_BAIK");
    expect(step(result, "score").text?.en).toBe("60 % × 97.56 + 40 % × 80 = 90.53.");
    expect(step(result, "score").text?.id).toBe("60 % × 97,56 + 40 % × 80 = 90,53.");
  });

  test("nilai SKP is the mean over the activities", () => {
    // k1: 92 (the brief's activity).
    // k2: kuantitas 5/10 × 100 = 50; kualitas 80/100 × 100 = 80; waktu 12/12 → 76; (50 + 80 + 76) / 3 = 68.6666…
    // nilai SKP = (92 + 68.6666…) / 2 = 80.3333…
    const result = evaluate(
      makeCase({ activities: [STANDARD, { k: [10, 5], q: [100, 80], w: [12, 12] }] }),
      pp46of2011,
    );
    expect(step(result, "activity", 1).output).toBeCloseTo(68.666666667, 8);
    expect(result.ratings.nilaiSkp).toBeCloseTo(80.333333333, 8);
    expect(result.ratings.kategoriSkp).toBe("BAIK");
  });

  test("realisations per sub-period are aggregated: quantity and time summed, quality averaged", () => {
    // kuantitas 3 + 3 + 3 + 3 = 12 of 12 → 100; kualitas (90 + 100) / 2 = 95 of 100 → 95;
    // waktu 6 + 6 = 12 of 12 months → 76; capaian (100 + 95 + 76) / 3 = 90.3333…
    const input = makeCase({ activities: [{ id: "k1", k: [12], q: [100], w: [12] }] });
    const result = evaluate(
      {
        ...input,
        period: { start: "2015-01-01", end: "2015-12-31", cadence: "QUARTERLY" },
        realizations: [
          ...["Q1", "Q2", "Q3", "Q4"].map((q) => ({
            indicatorId: "k1-kuantitas",
            subPeriod: `2015-${q}`,
            value: 3,
          })),
          { indicatorId: "k1-kualitas", subPeriod: "2015-Q2", value: 90 },
          { indicatorId: "k1-kualitas", subPeriod: "2015-Q4", value: 100 },
          { indicatorId: "k1-waktu", subPeriod: "2015-Q1", value: 6 },
          { indicatorId: "k1-waktu", subPeriod: "2015-Q3", value: 6 },
        ],
      },
      pp46of2011,
    );
    expect(step(result, "quantity").output).toBe(100);
    expect(step(result, "quality").output).toBe(95);
    expect(step(result, "time").output).toBe(76);
    expect(step(result, "activity").output).toBeCloseTo(90.333333333, 8);
  });
});

describe("pp-46-2011 waktu and biaya: both branches of Perka BKN 1/2013", () => {
  const time = (target: number, realization: number) =>
    step(evaluate(makeCase({ activities: [{ ...STANDARD, w: [target, realization] }] }), pp46of2011), "time");

  test("e ≤ 24: ((1.76 × T − R) / T) × 100", () => {
    // T = 12, R = 10: e = 100 − 10/12 × 100 = 16.67 ≤ 24 → ((1.76 × 12 − 10) / 12) × 100 = (21.12 − 10) / 12 × 100 = 92.6666…
    const s = time(12, 10);
    expect(s.output).toBeCloseTo(92.666666667, 8);
    expect(s.text?.en).toBe(
      "Time: e = 100 − R/T × 100 = 16.67; e ≤ 24: ((1.76 × 12 − 10) / 12) × 100 = 92.67.",
    );
    expect(s.text?.id).toBe(
      "Waktu: e = 100 − R/T × 100 = 16,67; e ≤ 24: ((1,76 × 12 − 10) / 12) × 100 = 92,67.",
    );
    // T = 12, R = 12: e = 0 → ((21.12 − 12) / 12) × 100 = 76.
    expect(time(12, 12).output).toBe(76);
    // T = 12, R = 14 (late): e = −16.67 → ((21.12 − 14) / 12) × 100 = 59.3333…
    expect(time(12, 14).output).toBeCloseTo(59.333333333, 8);
  });

  test("e > 24: 76 − ((((1.76 × T − R) / T) × 100) − 100)", () => {
    // T = 12, R = 6: e = 50 > 24 → 76 − ((((21.12 − 6) / 12) × 100) − 100) = 76 − (126 − 100) = 50.
    const s = time(12, 6);
    expect(s.output).toBeCloseTo(50, 10);
    expect(s.text?.en).toBe(
      "Time: e = 100 − R/T × 100 = 50; e > 24: 76 − ((((1.76 × 12 − 6) / 12) × 100) − 100) = 76 − (126 − 100) = 50.",
    );
    // T = 12, R = 3: e = 75 → 76 − ((((21.12 − 3) / 12) × 100) − 100) = 76 − (151 − 100) = 25.
    expect(time(12, 3).output).toBeCloseTo(25, 10);
  });

  test("the two branches meet at e = 24 with a jump: finishing far ahead of time scores less", () => {
    // T = 100, R = 76: e = 24 → ((176 − 76) / 100) × 100 = 100.
    expect(time(100, 76).output).toBeCloseTo(100, 10);
    // T = 100, R = 75: e = 25 → 76 − (((176 − 75) / 100) × 100 − 100) = 76 − 1 = 75.
    expect(time(100, 75).output).toBeCloseTo(75, 10);
  });

  test("never below 0, and 0 when not carried out", () => {
    // T = 10, R = 18: e = −80 → ((17.6 − 18) / 10) × 100 = −4 → 0.
    expect(time(10, 18).output).toBe(0);
    expect(time(10, 0).output).toBe(0);
  });

  test("biaya uses the same two formulas and the activity is divided by 4", () => {
    // biaya T = 1 000 000, R = 900 000: e = 10 ≤ 24 → ((1 760 000 − 900 000) / 1 000 000) × 100 = 86.
    // capaian = (100 + 100 + 76 + 86) / 4 = 90.5.
    const near = evaluate(makeCase({ activities: [{ ...STANDARD, b: [1_000_000, 900_000] }] }), pp46of2011);
    expect(step(near, "cost").output).toBeCloseTo(86, 10);
    expect(step(near, "activity").output).toBeCloseTo(90.5, 10);
    expect(step(near, "activity").text?.en).toContain("/ 4");
    // biaya T = 1 000 000, R = 400 000: e = 60 > 24 → 76 − ((((1 760 000 − 400 000) / 1 000 000) × 100) − 100) = 76 − 36 = 40.
    const far = evaluate(makeCase({ activities: [{ ...STANDARD, b: [1_000_000, 400_000] }] }), pp46of2011);
    expect(step(far, "cost").output).toBeCloseTo(40, 10);
    // capaian = (100 + 100 + 76 + 40) / 4 = 79.
    expect(step(far, "activity").output).toBeCloseTo(79, 10);
  });

  test("a cost target of 0 means no cost target: divided by 3", () => {
    const result = evaluate(makeCase({ activities: [{ ...STANDARD, b: [0, 0] }] }), pp46of2011);
    expect(result.explanation.some((s) => s.rule === "pp-46-2011/cost")).toBe(false);
    expect(step(result, "activity").output).toBe(92);
  });
});

describe("pp-46-2011 kualitas cap (configurable, unverified)", () => {
  // kualitas 110 of 100: R/T × 100 = 110.
  const input = makeCase({ activities: [{ ...STANDARD, q: [100, 110] }] });

  test("not capped by default: (100 + 110 + 76) / 3 = 95.3333…", () => {
    const result = evaluate(input, pp46of2011);
    expect(step(result, "quality").output).toBeCloseTo(110, 10);
    expect(result.ratings.nilaiSkp).toBeCloseTo(95.333333333, 8);
  });

  test("capped at 100 when configured: (100 + 100 + 76) / 3 = 92", () => {
    const result = evaluate(input, pp46of2011, { config: { capKualitas: true } });
    expect(step(result, "quality").output).toBe(100);
    expect(step(result, "quality").text?.en).toContain("capped at 100");
    expect(result.ratings.nilaiSkp).toBe(92);
  });
});

describe("pp-46-2011 activity not carried out", () => {
  test("every aspect counts R = 0, capaian 0, and the missing realisations are warned about", () => {
    // k2 has targets only: kuantitas 0, kualitas 0, waktu 0 → capaian 0; nilai SKP = (92 + 0) / 2 = 46.
    const result = evaluate(makeCase({ activities: [STANDARD, { k: [5], q: [100], w: [6] }] }), pp46of2011);
    expect(step(result, "activity", 1).output).toBe(0);
    expect(result.ratings.nilaiSkp).toBe(46);
    expect(result.warnings.filter((w) => w.code === "REALIZATION_MISSING").map((w) => w.path)).toEqual([
      ["workPlan", "results", 1, "indicators", 0, "realization"],
      ["workPlan", "results", 1, "indicators", 1, "realization"],
      ["workPlan", "results", 1, "indicators", 2, "realization"],
    ]);
  });
});

describe("pp-46-2011 additional tasks and creativity (configurable, unverified)", () => {
  const config = {
    additionalTaskPoints: [
      { minTasks: 1, points: 1 },
      { minTasks: 4, points: 2 },
      { minTasks: 7, points: 3 },
    ],
    creativityPoints: { UNIT_KERJA: 3, INSTANSI: 6, NASIONAL: 12 },
  };

  test("no points by default", () => {
    const result = evaluate(makeCase({ tasks: 5, extra: { creativity: "NASIONAL" } }), pp46of2011);
    expect(step(result, "additional-tasks").output).toBe(0);
    expect(step(result, "creativity").output).toBe(0);
    expect(result.ratings.nilaiSkp).toBe(92);
  });

  test("5 TAMBAHAN results earn the 4–6 band and INSTANSI creativity its points: 92 + 2 + 6 = 100", () => {
    // The TAMBAHAN results are counted, not scored: nilai SKP = 92 + 2 + 6 = 100;
    // score = 0.6 × 100 + 0.4 × 80 = 92 → SANGAT_BAIK.
    const result = evaluate(makeCase({ tasks: 5, extra: { creativity: "INSTANSI" } }), pp46of2011, {
      config: config,
    });
    expect(step(result, "additional-tasks").output).toBe(2);
    expect(step(result, "creativity").output).toBe(6);
    expect(result.ratings.nilaiSkp).toBe(100);
    expect(result.score).toBe(92);
    expect(result.grade).toBe("SANGAT_BAIK");
  });

  test("band edges of the task count", () => {
    const points = (tasks: number) =>
      step(evaluate(makeCase({ tasks }), pp46of2011, { config: config }), "additional-tasks").output;
    expect([0, 1, 3, 4, 6, 7, 9].map(points)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  test("creativity points that decrease with the level are refused, naming the config field", () => {
    const issues = issuesOf(() =>
      evaluate(makeCase(), pp46of2011, {
        config: { creativityPoints: { UNIT_KERJA: 6, INSTANSI: 3, NASIONAL: 12 } },
      }),
    );
    expect(paths(issues)).toEqual(["config.creativityPoints"]);
  });

  test("an unknown configuration key is refused", () => {
    expect(
      paths(issuesOf(() => evaluate(makeCase(), pp46of2011, { config: { capKwalitas: true } }))),
    ).toEqual(["config"]);
  });

  test("an unknown creativity level is refused", () => {
    expect(paths(issuesOf(() => evaluate(makeCase({ extra: { creativity: "DUNIA" } }), pp46of2011)))).toEqual(
      ["creativity"],
    );
  });
});

describe("pp-46-2011 behaviour", () => {
  test("five aspects for a non-structural employee; a leadership score is ignored with a warning", () => {
    // (70 + 80 + 90 + 100 + 60) / 5 = 80; KEPEMIMPINAN 0 is not counted.
    const behaviour = {
      ORIENTASI_PELAYANAN: 70,
      INTEGRITAS: 80,
      KOMITMEN: 90,
      DISIPLIN: 100,
      KERJA_SAMA: 60,
      KEPEMIMPINAN: 0,
    };
    const result = evaluate(makeCase({ behaviour }), pp46of2011);
    expect(result.ratings.nilaiPerilaku).toBe(80);
    expect(result.warnings.map((w) => w.code)).toEqual(["ASPECT_IGNORED"]);
  });

  test("six aspects for a structural official", () => {
    // (70 + 80 + 90 + 100 + 60 + 50) / 6 = 75 → CUKUP (75 is not above 75).
    const behaviour = {
      ORIENTASI_PELAYANAN: 70,
      INTEGRITAS: 80,
      KOMITMEN: 90,
      DISIPLIN: 100,
      KERJA_SAMA: 60,
      KEPEMIMPINAN: 50,
    };
    const result = evaluate(makeCase({ behaviour, structural: true }), pp46of2011);
    expect(result.ratings.nilaiPerilaku).toBe(75);
    expect(result.ratings.kategoriPerilaku).toBe("CUKUP");
    expect(step(result, "behaviour").inputs?.KEPEMIMPINAN).toBe(50);
  });

  test("a structural official without a leadership score is refused, naming the field", () => {
    const issues = issuesOf(() => evaluate(makeCase({ structural: true }), pp46of2011));
    expect(paths(issues)).toEqual(["assessments[0].behaviour.KEPEMIMPINAN"]);
  });

  test("a missing aspect is refused, naming the SUPERVISOR assessment's field", () => {
    const input = makeCase();
    const { DISIPLIN: _, ...rest } = behaviourOf(80);
    const issues = issuesOf(() =>
      evaluate(
        {
          ...input,
          assessments: [
            { source: "SELF", behaviour: behaviourOf(100) },
            { source: "SUPERVISOR", behaviour: rest },
          ],
        },
        pp46of2011,
      ),
    );
    expect(paths(issues)).toEqual(["assessments[1].behaviour.DISIPLIN"]);
  });

  test("scores outside 0–100 are refused", () => {
    const issues = issuesOf(() =>
      evaluate(makeCase({ behaviour: { ...behaviourOf(80), INTEGRITAS: 101 } }), pp46of2011),
    );
    expect(paths(issues)).toEqual(["assessments[0].behaviour.INTEGRITAS"]);
    expect(issues[0]?.message).toContain("between 0 and 100");
    const negative = issuesOf(() =>
      evaluate(makeCase({ behaviour: { ...behaviourOf(80), KOMITMEN: -1 } }), pp46of2011),
    );
    expect(paths(negative)).toEqual(["assessments[0].behaviour.KOMITMEN"]);
  });

  test("the SUPERVISOR assessment is required, and only one", () => {
    const input = makeCase();
    expect(paths(issuesOf(() => evaluate({ ...input, assessments: [] }, pp46of2011)))).toEqual([
      "assessments",
    ]);
    const twice = { ...input, assessments: [...input.assessments, ...input.assessments] };
    expect(paths(issuesOf(() => evaluate(twice, pp46of2011)))).toEqual(["assessments[1].source"]);
  });

  test("other sources do not count", () => {
    const input = makeCase();
    const result = evaluate(
      { ...input, assessments: [...input.assessments, { source: "PEER", behaviour: behaviourOf(0) }] },
      pp46of2011,
    );
    expect(result.ratings.nilaiPerilaku).toBe(80);
  });
});

describe("pp-46-2011 validation of activities", () => {
  test("an activity lacking KUANTITAS, KUALITAS or WAKTU is refused, naming the result", () => {
    const issues = issuesOf(() =>
      evaluate(makeCase({ activities: [STANDARD, { k: [1, 1], q: [100, 100] }] }), pp46of2011),
    );
    expect(paths(issues)).toEqual(["workPlan.results[1].indicators"]);
    expect(issues[0]?.message).toContain("WAKTU");
  });

  test("in a batch the path carries the case index", async () => {
    const bad = makeCase({ activities: [{ k: [1, 1], w: [1, 1] }] });
    const run = async () => {
      for await (const _ of evaluateMany([makeCase(), bad], pp46of2011)) {
        // consume
      }
    };
    await expect(run()).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        issues: [expect.objectContaining({ path: ["cases", 1, "workPlan", "results", 0, "indicators"] })],
      },
    });
  });

  test("a second indicator of the same aspect, a range target, a zero target and a reversed direction are refused", () => {
    const input = makeCase();
    const result0 = input.workPlan.results[0]!;
    const bad = {
      ...input,
      workPlan: {
        results: [
          {
            ...result0,
            indicators: [
              { id: "a", aspect: "KUANTITAS", target: { min: 10, max: 12 }, realization: 11 },
              { id: "b", aspect: "KUALITAS", target: 0, realization: 90 },
              { id: "c", aspect: "WAKTU", target: 12, realization: 12, direction: "HIGHER_IS_BETTER" },
              { id: "d", aspect: "WAKTU", target: 12, realization: 12 },
            ],
          },
        ],
      },
    };
    expect(paths(issuesOf(() => evaluate(bad, pp46of2011)))).toEqual([
      "workPlan.results[0].indicators[0].target",
      "workPlan.results[0].indicators[1].target",
      "workPlan.results[0].indicators[2].direction",
      "workPlan.results[0].indicators[3].aspect",
    ]);
  });

  test("negative realisations are refused, inline or per sub-period", () => {
    const inline = issuesOf(() =>
      evaluate(makeCase({ activities: [{ ...STANDARD, k: [12, -1] }] }), pp46of2011),
    );
    expect(paths(inline)).toEqual(["workPlan.results[0].indicators[0].realization"]);
    const input = makeCase({ activities: [{ id: "k1", k: [12], q: [100, 100], w: [12, 12] }] });
    const perPeriod = issuesOf(() =>
      evaluate(
        { ...input, realizations: [{ indicatorId: "k1-kuantitas", subPeriod: "2015", value: -3 }] },
        pp46of2011,
      ),
    );
    expect(paths(perPeriod)).toEqual(["realizations[0].value"]);
  });

  test("a plan with only TAMBAHAN results has no activity to score", () => {
    const input = makeCase({ activities: [], tasks: 2 });
    expect(paths(issuesOf(() => evaluate(input, pp46of2011)))).toEqual(["workPlan.results"]);
  });

  test("weights are ignored with a warning", () => {
    const input = makeCase({ activities: [STANDARD, { k: [10, 5], q: [100, 80], w: [12, 12] }] });
    const weighted = {
      ...input,
      workPlan: { results: input.workPlan.results.map((r, i) => ({ ...r, weight: i === 0 ? 90 : 10 })) },
    };
    const result = evaluate(weighted, pp46of2011);
    expect(result.ratings.nilaiSkp).toBeCloseTo(80.333333333, 8);
    expect(result.warnings.map((w) => w.code)).toEqual(["WEIGHTS_IGNORED"]);
  });
});

describe("pp-46-2011 categories at the band edges", () => {
  // With nilai SKP 92: score = (6 × 92 + 4 × b) / 10 = (552 + 4b) / 10.
  const withBehaviour = (b: number) => evaluate(makeCase({ behaviour: behaviourOf(b) }), pp46of2011);

  test.each([
    [87, 90, "BAIK"], // (552 + 348) / 10 = 90: not above 90
    [88, 90.4, "SANGAT_BAIK"], // (552 + 352) / 10 = 90.4: above 90 (rounds to 90 but is above the band)
    [49.5, 75, "CUKUP"], // (552 + 198) / 10 = 75
    [50.5, 75.4, "BAIK"], // (552 + 202) / 10 = 75.4
    [12, 60, "KURANG"], // (552 + 48) / 10 = 60
    [13, 60.4, "CUKUP"], // (552 + 52) / 10 = 60.4
  ])("behaviour %d → score %d → %s", (b, score, grade) => {
    const result = withBehaviour(b);
    expect(result.score).toBeCloseTo(score, 12);
    expect(result.grade).toBe(grade);
  });

  test("50 is BURUK and just above 50 is KURANG", () => {
    // kuantitas 6/12 × 100 = 50; kualitas 24/100 × 100 = 24; waktu 76 → (50 + 24 + 76) / 3 = 50.
    const low = { k: [12, 6], q: [100, 24], w: [12, 12] } as const;
    const at50 = evaluate(makeCase({ activities: [low], behaviour: behaviourOf(50) }), pp46of2011);
    expect(at50.score).toBe(50);
    expect(at50.grade).toBe("BURUK");
    expect(at50.ratings.kategoriSkp).toBe("BURUK");
    // (6 × 50 + 4 × 51) / 10 = 50.4 → KURANG.
    const above = evaluate(makeCase({ activities: [low], behaviour: behaviourOf(51) }), pp46of2011);
    expect(above.score).toBeCloseTo(50.4, 12);
    expect(above.grade).toBe("KURANG");
  });

  test("100 everywhere is SANGAT_BAIK and 0 everywhere is BURUK", () => {
    // waktu 10 of 12 → 92.67; to reach 100 use R = 0.76 × T: T = 100, R = 76 → 100.
    const top = evaluate(
      makeCase({ activities: [{ k: [10, 10], q: [100, 100], w: [100, 76] }], behaviour: behaviourOf(100) }),
      pp46of2011,
    );
    expect(top.score).toBeCloseTo(100, 10);
    expect(top.grade).toBe("SANGAT_BAIK");
    const bottom = evaluate(
      makeCase({ activities: [{ k: [10, 0], q: [100, 0], w: [12, 0] }], behaviour: behaviourOf(0) }),
      pp46of2011,
    );
    expect(bottom.score).toBe(0);
    expect(bottom.grade).toBe("BURUK");
  });
});

describe("pp-46-2011 explanation", () => {
  test("every step names its rule, legal basis and a text in both languages, in order", () => {
    const result = evaluate(makeCase({ activities: [{ ...STANDARD, b: [100, 90] }] }), pp46of2011);
    expect(result.explanation.map((s) => s.rule.replace("pp-46-2011/", ""))).toEqual([
      "quantity",
      "quality",
      "time",
      "cost",
      "activity",
      "skp-mean",
      "additional-tasks",
      "creativity",
      "skp",
      "skp-category",
      "behaviour",
      "behaviour-category",
      "score",
      "grade",
    ]);
    for (const s of result.explanation) {
      expect(s.legalBasis).toMatch(/PP 46\/2011|Perka BKN 1\/2013/);
      expect(s.text?.id.length).toBeGreaterThan(0);
      expect(s.text?.en.length).toBeGreaterThan(0);
      expect(s.title?.id).not.toBe(s.title?.en);
    }
  });

  test("the package declares its grades best first and its inputs", () => {
    expect(pp46of2011.grades.map((g) => g.code)).toEqual(["SANGAT_BAIK", "BAIK", "CUKUP", "KURANG", "BURUK"]);
    const byName = Object.fromEntries(pp46of2011.inputs.map((i) => [i.name, i]));
    expect(byName["realization.waktu-biaya"]?.monotone).toBe(false);
    expect(byName["realization.waktu-biaya"]?.aspects).toEqual(["WAKTU", "BIAYA"]);
    expect(byName["realization.kuantitas-kualitas"]?.monotone).toBe(true);
    expect(byName["SUPERVISOR.behaviour"]?.range).toEqual({ min: 0, max: 100 });
    expect(byName["employee.structural"]?.monotone).toBe(false);
    expect(pp46of2011.defaultConfig).toEqual({
      capKualitas: false,
      additionalTaskPoints: [],
      creativityPoints: { UNIT_KERJA: 0, INSTANSI: 0, NASIONAL: 0 },
    });
  });

  test("creativity improves one level at a time and stops at NASIONAL", () => {
    const improve = pp46of2011.inputs.find((i) => i.name === "creativity")?.improve;
    const input = makeCase() as never;
    const once = improve?.(input, 1) as { creativity?: string } | undefined;
    expect(once?.creativity).toBe("UNIT_KERJA");
    expect(improve?.({ ...(makeCase() as object), creativity: "NASIONAL" } as never, 1)).toBeUndefined();
  });
});

describe("docs/rules/pp-46-2011.md", () => {
  test("the command-line request evaluates as the page says", () => {
    const page = readFileSync(
      fileURLToPath(new URL("../../../docs/rules/pp-46-2011.md", import.meta.url)),
      "utf8",
    );
    const json = /```json\n([\s\S]*?)```/.exec(page)?.[1];
    const response = evaluateRequest(JSON.parse(json ?? "null"), createRegistry([pp46of2011]));
    expect(response.rules).toEqual({ id: "pp-46-2011", version: "1.0.0" });
    expect(response.results[0]?.grade).toBe("SANGAT_BAIK");
    expect(response.results[0]?.score).toBeCloseTo(90.4666, 3);
  });
});

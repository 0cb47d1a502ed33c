import {
  BASE_SOURCES,
  defineRulePackage,
  type EvaluationCase,
  EvaluationCaseSchema,
  explainer,
  GLOSSARY,
  indicatorCapaian,
  indicatorRealization,
  type KinerjaIssue,
  type LocalizedText,
  nilaiFromCapaian,
  type PackageOutcome,
  sortedSum,
  validationError,
  type Warning,
  weightedMean,
} from "@kinerja/core";
import { z } from "zod";
import { type Pp30Ratings, Pp30RatingsSchema } from "./ratings";

const ID = "pp-30-2019";

const BASIS = {
  capaian: "PermenPAN-RB 8/2021 (capaian IKI)",
  nilai: "PermenPAN-RB 8/2021 (konversi capaian IKI ke nilai)",
  skp: "PP 30/2019 Pasal 35 ayat (5); PermenPAN-RB 8/2021",
  behaviour: "PP 30/2019 Pasal 37 ayat (5) (nilai perilaku kerja)",
  weights: "PP 30/2019 Pasal 41 ayat (2)–(4)",
  score: "PP 30/2019 Pasal 41 ayat (1)–(2)",
  predikat: "PP 30/2019 Pasal 41 ayat (5)",
} as const;

const BEHAVIOUR_ASPECTS = [
  "ORIENTASI_PELAYANAN",
  "KOMITMEN",
  "INISIATIF_KERJA",
  "KERJA_SAMA",
  "KEPEMIMPINAN",
] as const;
type BehaviourAspect = (typeof BEHAVIOUR_ASPECTS)[number];

const BEHAVIOUR_LABELS: Record<BehaviourAspect, LocalizedText> = GLOSSARY.behaviourAspect;

const GRADES = ["SANGAT_BAIK", "BAIK", "CUKUP", "KURANG", "SANGAT_KURANG"] as const;
type Predikat = (typeof GRADES)[number];

/** The top of the scale: every score is capped here. PP 30/2019 Pasal 41 ayat (5). */
const MAX = 120;
/** Differences below this are floating-point noise, not a score under a band's bound. */
const EPSILON = 1e-9;

const weight = z.number().min(0).max(100);

/**
 * Configuration of the `pp-30-2019` rule package. Every field has a default; every unverified
 * (U) number is one of them.
 */
export const Pp30of2019ConfigSchema = z.strictObject({
  /**
   * The 101–110 % band of the capaian → nilai conversion, which PermenPAN-RB 8/2021 does not
   * settle (unverified, U): nilai just above 100 % starts at `above100From` and rises linearly to
   * `at110` at 110 %. Both lie between 109 (the nilai of exactly 100 %) and 120, `above100From` ≤
   * `at110`, so that more capaian never gives less nilai. Default 109 → 120.
   */
  nilaiBands: z
    .strictObject({
      /** Nilai just above 100 % capaian. Default 109. */
      above100From: z.number().min(109).max(MAX).default(109),
      /** Nilai at 110 % capaian. Default 120. */
      at110: z.number().min(109).max(MAX).default(120),
    })
    .refine((b) => b.above100From <= b.at110, {
      message: "above100From must not exceed at110",
      path: ["at110"],
    })
    .default({ above100From: 109, at110: 120 }),
  /**
   * Weight of each rater source in nilai perilaku kerja (unverified, U). A source with no
   * assessment in the case is dropped and the others are renormalised, so with only the
   * supervisor's assessment the supervisor counts 100 %. Default SUPERVISOR 60, PEER 20,
   * SUBORDINATE 20, SELF 0, PUBLIC 0 (SUPERVISOR and PEER only → 75/25). The SUPERVISOR weight
   * must be above 0.
   */
  raterWeights: z
    .strictObject({
      /** Direct superior (pejabat penilai kinerja). Default 60. */
      SUPERVISOR: z.number().gt(0, "the SUPERVISOR weight must be above 0").max(100).default(60),
      /** Peers at the same level (rekan kerja setingkat). Default 20. */
      PEER: weight.default(20),
      /** Direct subordinates (bawahan langsung). Default 20. */
      SUBORDINATE: weight.default(20),
      /** Self-assessment. Default 0 (not counted). */
      SELF: weight.default(0),
      /** The public or service recipients. Default 0 (not counted). */
      PUBLIC: weight.default(0),
    })
    .default({ SUPERVISOR: 60, PEER: 20, SUBORDINATE: 20, SELF: 0, PUBLIC: 0 }),
  /**
   * The weights of nilai SKP and nilai perilaku kerja. PP 30/2019 Pasal 41 ayat (2)–(4) makes the
   * split the agency's choice: `SKP_70` (70/30) or `SKP_60` (60/40, behaviour assessed with the
   * views of peers and subordinates). `AUTO` (default) uses 60/40 when the behaviour value counts
   * at least `minRaters360` PEER and SUBORDINATE assessments together, 70/30 otherwise.
   */
  weighting: z.enum(["AUTO", "SKP_70", "SKP_60"]).default("AUTO"),
  /**
   * `weighting: "AUTO"`: the number of counted PEER and SUBORDINATE assessments (together) from
   * which the 60/40 split applies (U, default 3): one colleague's answer is not a 360° assessment.
   */
  minRaters360: z.number().int().min(1).default(3),
  /**
   * Who is assessed on KEPEMIMPINAN (U): `STRUCTURAL` (default; only `employee.structural`, as
   * PP 46/2011 does, and most likely PP 30/2019) or `ALL`. Where it is not assessed, the behaviour
   * value is the mean of the four other aspects and a leadership score given is ignored.
   */
  leadership: z.enum(["STRUCTURAL", "ALL"]).default("STRUCTURAL"),
});
/** The parsed configuration of the `pp-30-2019` rule package. */
export type Pp30of2019Config = z.output<typeof Pp30of2019ConfigSchema>;

const CaseSchema = EvaluationCaseSchema.extend({
  /**
   * Whether the employee created a new idea or method that improved performance and benefited
   * the organisation or the state: required for SANGAT_BAIK (PP 30/2019 Pasal 41 ayat (5) huruf a).
   */
  innovation: z.boolean().default(false),
});
type Pp30Case = z.output<typeof CaseSchema>;
type Source = keyof Pp30of2019Config["raterWeights"];

function fmt(value: number, lang: "id" | "en"): string {
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, "");
  return lang === "id" ? rounded.replace(".", ",") : rounded;
}

function both(build: (f: (n: number) => string) => [string, string]): LocalizedText {
  const [id] = build((n) => fmt(n, "id"));
  const [, en] = build((n) => fmt(n, "en"));
  return { id, en };
}

/** PP 30/2019 predikat of a score on the 0–120 scale and the innovation flag. */
function predikat(score: number, innovation: boolean): Predikat {
  if (score >= 110 - EPSILON && innovation) return "SANGAT_BAIK";
  if (score >= 90 - EPSILON) return "BAIK";
  if (score >= 70 - EPSILON) return "CUKUP";
  if (score >= 50 - EPSILON) return "KURANG";
  return "SANGAT_KURANG";
}

interface SourceScores {
  source: Source;
  weight: number;
  indices: number[];
}

/** The behaviour aspects assessed for the employee: KEPEMIMPINAN by position (configurable, U). */
function assessedAspects(c: Pp30Case, config: Pp30of2019Config): readonly BehaviourAspect[] {
  return config.leadership === "ALL" || c.employee.structural
    ? BEHAVIOUR_ASPECTS
    : BEHAVIOUR_ASPECTS.filter((a) => a !== "KEPEMIMPINAN");
}

/** Checks the assessments of every counted source; the SUPERVISOR's is required. */
function readSources(
  c: Pp30Case,
  config: Pp30of2019Config,
  aspects: readonly BehaviourAspect[],
  issues: KinerjaIssue[],
  warnings: Warning[],
): SourceScores[] {
  const counted: SourceScores[] = [];
  const sources = BASE_SOURCES.filter((s): s is Source => s in config.raterWeights);
  for (const source of sources) {
    const weight = config.raterWeights[source];
    if (weight <= 0) continue;
    const indices = c.assessments.flatMap((a, i) => (a.source === source ? [i] : []));
    if (source === "SUPERVISOR") {
      if (indices.length === 0) {
        issues.push({
          path: ["assessments"],
          message:
            "PP 30/2019 needs the SUPERVISOR assessment (pejabat penilai kinerja) with the behaviour scores",
          code: "missing",
        });
      } else if (indices.length > 1) {
        issues.push({
          path: ["assessments", indices[1] ?? 0, "source"],
          message: `only one SUPERVISOR assessment is allowed; assessments[${indices[0]}] is one already`,
          code: "duplicate",
        });
      }
    }
    for (const i of indices) {
      const scores = c.assessments[i]?.behaviour ?? {};
      for (const aspect of aspects) {
        const value = scores[aspect];
        const path = ["assessments", i, "behaviour", aspect];
        if (value === undefined) {
          issues.push({
            path,
            message: `the ${aspect} score (0–120) is required from a counted ${source} assessment${aspect === "KEPEMIMPINAN" && config.leadership === "STRUCTURAL" ? " of a structural official" : ""}`,
            code: "missing",
          });
        } else if (value < 0 || value > MAX) {
          issues.push({
            path,
            message: `the ${aspect} score must be between 0 and 120, got ${value}`,
            code: "too_big",
          });
        }
      }
      if (!aspects.includes("KEPEMIMPINAN") && scores.KEPEMIMPINAN !== undefined) {
        warnings.push({
          code: "ASPECT_IGNORED",
          message: {
            id: "Nilai kepemimpinan diabaikan: hanya dinilai bagi pejabat struktural.",
            en: "The leadership score is ignored: it is assessed only for structural officials.",
          },
          path: ["assessments", i, "behaviour", "KEPEMIMPINAN"],
        });
      }
    }
    if (indices.length > 0) counted.push({ source, weight, indices });
  }
  return counted;
}

function evaluatePp30(c: Pp30Case, config: Pp30of2019Config): PackageOutcome<Pp30Ratings> {
  const ex = explainer(ID);
  const issues: KinerjaIssue[] = [];
  const warnings: Warning[] = [];
  const main = c.workPlan.results.flatMap((r, index) => (r.kind === "UTAMA" ? [{ result: r, index }] : []));
  if (main.length === 0) {
    issues.push({
      path: ["workPlan", "results"],
      message: "PP 30/2019 needs at least one main result (kind UTAMA) to compute nilai SKP",
      code: "too_small",
    });
  }
  const aspects = assessedAspects(c, config);
  const sources = readSources(c, config, aspects, issues, warnings);
  if (issues.length > 0) throw validationError(issues);

  const extra = c.workPlan.results.length - main.length;
  if (extra > 0) {
    warnings.push({
      code: "ADDITIONAL_RESULTS_NOT_SCORED",
      message: {
        id: `${extra} ${GLOSSARY.resultKind.TAMBAHAN.id.toLowerCase()} tidak dihitung dalam nilai SKP (hanya ${GLOSSARY.resultKind.UTAMA.id.toLowerCase()}).`,
        en: `${extra} ${GLOSSARY.resultKind.TAMBAHAN.en.toLowerCase()}(s) are not counted in nilai SKP (main results only).`,
      },
      path: ["workPlan", "results"],
    });
  }

  const resultValues = main.map(({ result, index }) => {
    const nilai = result.indicators.map((indicator, ii) => {
      const realization = indicatorRealization(indicator, c.realizations);
      if (realization === undefined) {
        warnings.push({
          code: "REALIZATION_MISSING",
          message: {
            id: `Realisasi IKI ${indicator.id} tidak ada: capaian dihitung 0.`,
            en: `The realisation of indicator ${indicator.id} is missing: capaian counted as 0.`,
          },
          path: ["workPlan", "results", index, "indicators", ii, "realization"],
        });
      }
      const target = typeof indicator.target === "number" ? indicator.target : { ...indicator.target };
      const targetText = typeof target === "number" ? String(target) : `${target.min}–${target.max}`;
      const capaian = ex.step({
        rule: "indicator-capaian",
        legalBasis: BASIS.capaian,
        title: { id: `Capaian IKI ${indicator.id}`, en: `Capaian of indicator ${indicator.id}` },
        inputs: {
          indicator: indicator.id,
          aspect: indicator.aspect,
          direction: indicator.direction ?? null,
          target,
          realization: realization ?? null,
        },
        output: indicatorCapaian(indicator, realization),
        text: both((f) => [
          `Realisasi ${realization === undefined ? "tidak ada" : f(realization)} terhadap target ${targetText} → capaian ${f(indicatorCapaian(indicator, realization))} %.`,
          `Realisation ${realization === undefined ? "missing" : f(realization)} against target ${targetText} → capaian ${f(indicatorCapaian(indicator, realization))} %.`,
        ]),
      });
      const value = nilaiFromCapaian(capaian, config.nilaiBands);
      return ex.step({
        rule: "indicator-nilai",
        legalBasis: BASIS.nilai,
        title: { id: `Nilai IKI ${indicator.id}`, en: `Value of indicator ${indicator.id}` },
        inputs: {
          indicator: indicator.id,
          capaian,
          above100From: config.nilaiBands.above100From,
          at110: config.nilaiBands.at110,
        },
        output: value,
        text: both((f) => [
          `Capaian ${f(capaian)} % → nilai ${f(value)} (0–59 %: c/59 × 49; 60–79 %: 50 + (c − 60); 80–99 %: 70 + (c − 80); 100 %: 109; 101–110 %: ${f(config.nilaiBands.above100From)}–${f(config.nilaiBands.at110)}; di atas 110 %: 120).`,
          `Capaian ${f(capaian)} % → value ${f(value)} (0–59 %: c/59 × 49; 60–79 %: 50 + (c − 60); 80–99 %: 70 + (c − 80); 100 %: 109; 101–110 %: ${f(config.nilaiBands.above100From)}–${f(config.nilaiBands.at110)}; above 110 %: 120).`,
        ]),
      });
    });
    const weights = result.indicators.map((i) => i.weight ?? 1);
    const weighted = result.indicators.some((i) => i.weight !== undefined);
    const mean = weightedMean(nilai.map((v, k) => [v, weights[k] ?? 1] as const));
    ex.step({
      rule: "result",
      legalBasis: BASIS.skp,
      title: { id: `Nilai hasil kerja ${result.id}`, en: `Value of result ${result.id}` },
      inputs: { result: result.id, nilai, weights: weighted ? weights : null },
      output: mean,
      text: both((f) => [
        `${weighted ? "Rata-rata tertimbang" : "Rata-rata"} nilai ${nilai.length} IKI = ${f(mean)}.`,
        `${weighted ? "Weighted mean" : "Mean"} of the values of ${nilai.length} indicators = ${f(mean)}.`,
      ]),
    });
    return { value: mean, weight: result.weight ?? 1, weighted: result.weight !== undefined };
  });

  const resultsWeighted = resultValues.some((r) => r.weighted);
  const skpMean = weightedMean(resultValues.map((r) => [r.value, r.weight] as const));
  const nilaiSkp = ex.step({
    rule: "skp",
    legalBasis: BASIS.skp,
    title: { id: "Nilai SKP", en: "SKP value" },
    inputs: {
      values: resultValues.map((r) => r.value),
      weights: resultsWeighted ? resultValues.map((r) => r.weight) : null,
    },
    output: skpMean,
    text: both((f) => [
      `${resultsWeighted ? "Rata-rata tertimbang (bobot hasil kerja)" : "Rata-rata"} nilai ${resultValues.length} hasil kerja utama = ${f(skpMean)}.`,
      `${resultsWeighted ? "Weighted mean (result weights)" : "Mean"} of the values of ${resultValues.length} main results = ${f(skpMean)}.`,
    ]),
  });

  const perSource = sources.map(({ source, weight, indices }) => {
    const values = indices.flatMap((i) => aspects.map((a) => c.assessments[i]?.behaviour[a] ?? 0));
    const mean = sortedSum(values) / values.length;
    const label = GLOSSARY.source[source];
    ex.step({
      rule: "behaviour-source",
      legalBasis: BASIS.behaviour,
      title: { id: `Nilai perilaku kerja dari ${label.id}`, en: `Work behaviour value from ${label.en}` },
      inputs: {
        source,
        assessments: indices,
        ...Object.fromEntries(
          aspects.map((a) => [
            a,
            sortedSum(indices.map((i) => c.assessments[i]?.behaviour[a] ?? 0)) / indices.length,
          ]),
        ),
      },
      output: mean,
      text: both((f) => [
        `Rata-rata ${aspects.map((a) => BEHAVIOUR_LABELS[a].id.toLowerCase()).join(", ")} dari ${indices.length} penilai ${label.id} = ${f(mean)}${aspects.includes("KEPEMIMPINAN") ? "" : "; kepemimpinan tidak dinilai karena bukan pejabat struktural"}.`,
        `Mean of ${aspects.map((a) => BEHAVIOUR_LABELS[a].en.toLowerCase()).join(", ")} from ${indices.length} ${label.en} rater(s) = ${f(mean)}${aspects.includes("KEPEMIMPINAN") ? "" : "; leadership is not assessed outside structural positions"}.`,
      ]),
    });
    return { source, weight, mean };
  });

  const total = sortedSum(perSource.map((s) => s.weight));
  const nilaiPerilaku = ex.step({
    rule: "behaviour",
    legalBasis: BASIS.behaviour,
    title: { id: "Nilai perilaku kerja", en: "Work behaviour value" },
    inputs: Object.fromEntries(perSource.map((s) => [s.source, { value: s.mean, weight: s.weight / total }])),
    output: weightedMean(perSource.map((s) => [s.mean, s.weight] as const)),
    text: both((f) => [
      `${perSource.map((s) => `${f((s.weight / total) * 100)} % × ${f(s.mean)} (${GLOSSARY.source[s.source].id})`).join(" + ")} = ${f(weightedMean(perSource.map((s) => [s.mean, s.weight] as const)))}; sumber tanpa penilaian tidak dihitung dan bobot lainnya dinormalkan.`,
      `${perSource.map((s) => `${f((s.weight / total) * 100)} % × ${f(s.mean)} (${GLOSSARY.source[s.source].en})`).join(" + ")} = ${f(weightedMean(perSource.map((s) => [s.mean, s.weight] as const)))}; sources without an assessment are dropped and the other weights renormalised.`,
    ]),
  });

  const raters360 = sources
    .filter((s) => s.source === "PEER" || s.source === "SUBORDINATE")
    .reduce((n, s) => n + s.indices.length, 0);
  const has360 = raters360 >= config.minRaters360;
  const skpShare = config.weighting === "SKP_70" ? 70 : config.weighting === "SKP_60" ? 60 : has360 ? 60 : 70;
  ex.step({
    rule: "weights",
    legalBasis: BASIS.weights,
    title: { id: "Bobot SKP dan perilaku kerja", en: "Weights of SKP and work behaviour" },
    inputs: {
      weighting: config.weighting,
      peerOrSubordinateRaters: raters360,
      minRaters360: config.minRaters360,
      peerOrSubordinate: has360,
    },
    output: { skp: skpShare, perilaku: 100 - skpShare },
    text:
      config.weighting === "AUTO"
        ? {
            id: `${skpShare}/${100 - skpShare}: penilaian perilaku kerja ${has360 ? "mempertimbangkan" : "tidak mempertimbangkan"} pendapat rekan kerja setingkat atau bawahan langsung (${raters360} penilai, paling sedikit ${config.minRaters360} untuk 60/40).`,
            en: `${skpShare}/${100 - skpShare}: the behaviour assessment ${has360 ? "takes" : "does not take"} peers' or direct subordinates' views into account (${raters360} rater(s), at least ${config.minRaters360} for 60/40).`,
          }
        : {
            id: `${skpShare}/${100 - skpShare} menurut konfigurasi instansi.`,
            en: `${skpShare}/${100 - skpShare} by the agency's configuration.`,
          },
  });

  const raw = (skpShare * nilaiSkp + (100 - skpShare) * nilaiPerilaku) / 100;
  const score = ex.step({
    rule: "score",
    legalBasis: BASIS.score,
    title: { id: "Nilai kinerja PNS", en: "Civil servant performance score" },
    inputs: { nilaiSkp, nilaiPerilaku, skpShare },
    output: Math.min(MAX, raw),
    text: both((f) => [
      `${skpShare} % × ${f(nilaiSkp)} + ${100 - skpShare} % × ${f(nilaiPerilaku)} = ${f(raw)}${raw > MAX ? ", dibatasi 120" : ""}.`,
      `${skpShare} % × ${f(nilaiSkp)} + ${100 - skpShare} % × ${f(nilaiPerilaku)} = ${f(raw)}${raw > MAX ? ", capped at 120" : ""}.`,
    ]),
  });

  const grade = predikat(score, c.innovation);
  const label = GLOSSARY.predikat[grade];
  ex.step({
    rule: "predikat",
    legalBasis: BASIS.predikat,
    title: { id: "Predikat kinerja", en: "Performance predikat" },
    inputs: { score, innovation: c.innovation },
    output: grade,
    text: both((f) => [
      `${f(score)}${c.innovation ? " dengan" : " tanpa"} ide atau cara baru → ${label.id} (Sangat Baik: 110–120 dan inovasi; Baik: 90–120; Cukup: 70 sampai di bawah 90; Kurang: 50 sampai di bawah 70; Sangat Kurang: di bawah 50).`,
      `${f(score)}${c.innovation ? " with" : " without"} a new idea or method → ${label.en} (very good: 110–120 and innovation; good: 90–120; fair: 70 to below 90; poor: 50 to below 70; very poor: below 50).`,
    ]),
  });

  return {
    grade,
    score,
    ratings: {
      nilaiSkp,
      nilaiPerilaku,
      bobotSkp: skpShare,
      bobotPerilaku: 100 - skpShare,
      innovation: c.innovation,
    },
    explanation: ex.steps,
    warnings,
  };
}

function withInnovation(input: EvaluationCase): EvaluationCase | undefined {
  return (input as { innovation?: boolean }).innovation === true ? undefined : { ...input, innovation: true };
}

/**
 * PP 30/2019 Pasal 41 with PermenPAN-RB 8/2021: nilai kinerja on a 0–120 scale, 70 % nilai SKP
 * (IKI capaian converted to nilai) + 30 % nilai perilaku kerja, or 60/40 when peers or
 * subordinates assess behaviour. SANGAT_BAIK needs 110 or more and the `innovation` flag.
 *
 * @example
 * const result = evaluate({ ...baseCase, innovation: true }, pp30of2019);
 */
export const pp30of2019 = defineRulePackage({
  id: ID,
  version: "2.0.0",
  title: {
    id: "Penilaian kinerja PNS (PP 30/2019)",
    en: "Civil servant performance assessment (PP 30/2019)",
  },
  description: {
    id: "Nilai kinerja 0–120: nilai SKP dari capaian IKI dan nilai perilaku kerja dari atasan, rekan kerja dan bawahan, dengan bobot 70/30 atau 60/40.",
    en: "Performance score 0–120: SKP value from indicator capaian and work behaviour value from the supervisor, peers and subordinates, weighted 70/30 or 60/40.",
  },
  legalBasis: [
    "PP 30/2019 tentang Penilaian Kinerja PNS, Pasal 35, 37 dan 41",
    "PermenPAN-RB 8/2021 tentang Sistem Manajemen Kinerja PNS",
  ],
  configSchema: Pp30of2019ConfigSchema,
  caseSchema: CaseSchema,
  inputs: [
    {
      name: "realization",
      kind: "INDICATOR_REALIZATION",
      description: {
        id: "Realisasi tiap IKI; capaian menurut arah indikator (semakin tinggi atau semakin rendah semakin baik).",
        en: "Realisation of each indicator; capaian by the indicator's direction (higher or lower is better).",
      },
      monotone: true,
    },
    {
      name: "behaviour",
      kind: "BEHAVIOUR_SCORE",
      sources: BASE_SOURCES,
      fields: BEHAVIOUR_ASPECTS,
      range: { min: 0, max: MAX },
      description: {
        id: "Nilai perilaku kerja per aspek (0–120) dari tiap sumber penilai yang berbobot.",
        en: "Behaviour scores per aspect (0–120) from every weighted rater source.",
      },
      monotone: true,
    },
    {
      name: "employee.structural",
      kind: "EMPLOYEE",
      fields: ["structural"],
      description: {
        id: "Apakah pegawai menduduki jabatan struktural (aspek kepemimpinan ikut dinilai).",
        en: "Whether the employee holds a structural position (leadership is assessed too).",
      },
      monotone: false,
      reason:
        "Kepemimpinan is assessed only for structural officials (as PP 46/2011 does; for PP 30/2019 unverified, configurable with `leadership`), so the behaviour value is the mean of five aspects instead of four; adding the leadership score can raise or lower that mean. Being structural is a fact of the position, not a better or worse input.",
    },
    {
      name: "innovation",
      kind: "CASE",
      fields: ["innovation"],
      description: {
        id: "Menciptakan ide baru dan/atau cara baru yang bermanfaat bagi organisasi atau negara.",
        en: "Created a new idea or method that benefited the organisation or the state.",
      },
      monotone: true,
      improve: withInnovation,
    },
  ],
  grades: GRADES.map((code) => ({ code, label: GLOSSARY.predikat[code] })),
  ratingsSchema: Pp30RatingsSchema,
  evaluate: evaluatePp30,
});

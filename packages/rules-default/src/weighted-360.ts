import {
  type Assessment,
  BASE_SOURCES,
  defineRulePackage,
  EvaluationCaseSchema,
  explainer,
  GLOSSARY,
  planCapaian,
  sortedSum,
  type Warning,
  weightedMean,
} from "@kinerja/core";
import { z } from "zod";
import { type Weighted360Ratings, Weighted360RatingsSchema } from "./ratings";

/** Id of the weighted 360° rule package. */
export const WEIGHTED_360_ID = "weighted-360";

/** The components a region may weight; scores 0–100 come from the assessments' `behaviour` map. */
export const WEIGHTED_360_COMPONENTS = [
  "TARGET_ACHIEVEMENT",
  "DISCIPLINE",
  "INITIATIVE",
  "ATTENDANCE",
  "WORK_QUALITY",
  "COLLABORATION",
  "SERVICE_SPEED_ACCURACY",
  "TEAM_CONTRIBUTION",
] as const;
/** A weighted-360 component code. */
export type Weighted360Component = (typeof WEIGHTED_360_COMPONENTS)[number];

const COMPONENT_LABELS: Record<Weighted360Component, { id: string; en: string }> =
  GLOSSARY.assessmentComponent;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
/** The glossary's source labels, in running text. */
const SOURCE_LABELS = Object.fromEntries(
  BASE_SOURCES.map((s) => [
    s,
    { id: lowerFirst(GLOSSARY.source[s].id), en: lowerFirst(GLOSSARY.source[s].en) },
  ]),
) as Record<(typeof BASE_SOURCES)[number], { id: string; en: string }>;

const Percent = z.number().min(0).max(100);
const SourceEnum = z.enum(BASE_SOURCES);
const ComponentEnum = z.enum(WEIGHTED_360_COMPONENTS);
const RaterMinimum = z.int().min(0).max(1000);

/** Legal frame of a multi-source assessment. */
const FRAME = "PP 30/2019 Pasal 41";
/** Legal basis of target achievement from the work plan. */
const CAPAIAN_BASIS = "PermenPAN-RB 8/2021 (capaian IKI)";

/**
 * Configuration of `weighted-360`: weights over sources and components (each table adds up to 100),
 * rater minimums, where target achievement comes from, and grade thresholds. The defaults are
 * illustrative, not any region's regulation.
 */
export const Weighted360ConfigSchema = z
  .strictObject({
    /** The regional practice or instrument these numbers come from; cited in every step. Default: illustrative. */
    source: z.string().min(1).max(300).default("Kinerja default configuration (illustrative)"),
    /**
     * Weight of each source, percent, adding up to 100; sources left out weigh 0.
     * Default SUPERVISOR 60, PEER 20, SUBORDINATE 10, SELF 10 (illustrative; PP 30/2019 leaves rater weights open).
     */
    sourceWeights: z
      .partialRecord(SourceEnum, Percent)
      .default(() => ({ SUPERVISOR: 60, PEER: 20, SUBORDINATE: 10, SELF: 10 })),
    /**
     * Weight of each component, percent, adding up to 100; components left out weigh 0. Default (illustrative):
     * TARGET_ACHIEVEMENT 40, WORK_QUALITY 15, DISCIPLINE 10, ATTENDANCE 10, INITIATIVE 10, COLLABORATION 5,
     * SERVICE_SPEED_ACCURACY 5, TEAM_CONTRIBUTION 5.
     */
    componentWeights: z.partialRecord(ComponentEnum, Percent).default(() => ({
      TARGET_ACHIEVEMENT: 40,
      WORK_QUALITY: 15,
      DISCIPLINE: 10,
      ATTENDANCE: 10,
      INITIATIVE: 10,
      COLLABORATION: 5,
      SERVICE_SPEED_ACCURACY: 5,
      TEAM_CONTRIBUTION: 5,
    })),
    /** The sources whose scores count for a component; a component left out takes every weighted source. Default: none restricted. */
    componentSources: z.partialRecord(ComponentEnum, z.array(SourceEnum).min(1)).default(() => ({})),
    /** Minimum number of assessments per source; below it the source is dropped and the other weights renormalised. */
    minRaters: z
      .strictObject({
        /** Self-assessments needed. Default 1. */
        SELF: RaterMinimum.default(1),
        /** Supervisor assessments needed. Default 1. */
        SUPERVISOR: RaterMinimum.default(1),
        /** Peer assessments needed (protects anonymity). Default 3 (illustrative). */
        PEER: RaterMinimum.default(3),
        /** Subordinate assessments needed (protects anonymity). Default 3 (illustrative). */
        SUBORDINATE: RaterMinimum.default(3),
        /** Public (service recipient) responses needed. Default 5 (illustrative). */
        PUBLIC: RaterMinimum.default(5),
      })
      .prefault({}),
    /** Where TARGET_ACHIEVEMENT comes from: the raters' scores (`ASSESSMENTS`, default) or the plan's capaian (`CAPAIAN`, capped at 100). */
    targetAchievement: z.enum(["ASSESSMENTS", "CAPAIAN"]).default("ASSESSMENTS"),
    /** Lowest score of each grade (below KURANG: SANGAT_KURANG). Illustrative, modelled on PP 46/2011's bands. */
    gradeThresholds: z
      .strictObject({
        /** SANGAT_BAIK from this score. Default 90. */
        SANGAT_BAIK: Percent.default(90),
        /** BAIK from this score. Default 76. */
        BAIK: Percent.default(76),
        /** CUKUP from this score. Default 61. */
        CUKUP: Percent.default(61),
        /** KURANG from this score. Default 51. */
        KURANG: Percent.default(51),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const check = (
      key: "sourceWeights" | "componentWeights",
      table: Partial<Record<string, number>>,
      what: string,
    ) => {
      const entries = Object.entries(table).filter((e): e is [string, number] => e[1] !== undefined);
      const sum = sortedSum(entries.map(([, w]) => w));
      if (Math.abs(sum - 100) > 1e-9) {
        const terms = entries.map(([k, w]) => `${k} ${w}`).join(" + ") || "nothing";
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${what} weights add up to ${sum} (${terms}); they must add up to 100`,
        });
      }
    };
    check("sourceWeights", config.sourceWeights, "source");
    check("componentWeights", config.componentWeights, "component");
    const weighted = BASE_SOURCES.filter((s) => (config.sourceWeights[s] ?? 0) > 0);
    for (const c of WEIGHTED_360_COMPONENTS) {
      if ((config.componentWeights[c] ?? 0) === 0) continue;
      if (c === "TARGET_ACHIEVEMENT" && config.targetAchievement === "CAPAIAN") continue;
      const allowed = config.componentSources[c] ?? BASE_SOURCES;
      if (!allowed.some((s) => weighted.includes(s))) {
        ctx.addIssue({
          code: "custom",
          path: ["componentSources", c],
          message: `component ${c} has a weight but none of its sources (${allowed.join(", ")}) has a weight in sourceWeights`,
        });
      }
    }
    const t = config.gradeThresholds;
    const order = [
      ["SANGAT_BAIK", t.SANGAT_BAIK],
      ["BAIK", t.BAIK],
      ["CUKUP", t.CUKUP],
      ["KURANG", t.KURANG],
    ] as const;
    for (let i = 1; i < order.length; i += 1) {
      const [name, value] = order[i]!;
      const [prevName, prevValue] = order[i - 1]!;
      if (value >= prevValue) {
        ctx.addIssue({
          code: "custom",
          path: ["gradeThresholds", name],
          message: `thresholds must decrease: ${name} (${value}) must be below ${prevName} (${prevValue})`,
        });
      }
    }
  });
/** A parsed `weighted-360` configuration. */
export type Weighted360Config = z.output<typeof Weighted360ConfigSchema>;
/** A `weighted-360` configuration as written by a caller (defaults not yet applied). */
export type Weighted360ConfigInput = z.input<typeof Weighted360ConfigSchema>;

/** A `weighted-360` case: the core case, with every component score it reads inside 0–100. */
export const Weighted360CaseSchema = EvaluationCaseSchema.superRefine((c, ctx) => {
  const known = new Set<string>(WEIGHTED_360_COMPONENTS);
  c.assessments.forEach((a, i) => {
    for (const [code, value] of Object.entries(a.behaviour)) {
      if (known.has(code) && (value < 0 || value > 100)) {
        ctx.addIssue({
          code: "custom",
          path: ["assessments", i, "behaviour", code],
          message: `component scores run from 0 to 100, got ${value}`,
        });
      }
    }
  });
});

/**
 * Illustrative presets built from the published regional accounts (docs/rules/weighted-360.md explains
 * each weight). They describe practices, not regulations.
 */
export const WEIGHTED_360_PRESETS = {
  /** Mamuju (illustrative): self, supervisor and peers assess target achievement, discipline and initiative. */
  mamuju: {
    source: "BKN Mamuju, Sistem Evaluasi Kinerja ASN di Mamuju (2025), illustrative",
    sourceWeights: { SUPERVISOR: 60, PEER: 25, SELF: 15 },
    componentWeights: { TARGET_ACHIEVEMENT: 50, DISCIPLINE: 25, INITIATIVE: 25 },
    minRaters: { SELF: 1, SUPERVISOR: 1, PEER: 2 },
    targetAchievement: "ASSESSMENTS",
  },
  /** Lhokseumawe (illustrative): indicators and report data (capaian), with supervisor and peer review of the work. */
  lhokseumawe: {
    source: "BKN Lhokseumawe, Pengelolaan Sistem Penilaian Kinerja ASN (2025), illustrative",
    sourceWeights: { SUPERVISOR: 70, PEER: 30 },
    componentWeights: { TARGET_ACHIEVEMENT: 60, WORK_QUALITY: 40 },
    minRaters: { SUPERVISOR: 1, PEER: 2 },
    targetAchievement: "CAPAIAN",
  },
  /** Sibolga (illustrative): self, supervisor and peers, plus citizens' feedback on the speed and accuracy of service. */
  sibolga: {
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
  /** Pontianak (illustrative): target achievement from the annual plan, and collaboration with colleagues. */
  pontianak: {
    source: "Sistem Manajemen Kinerja ASN di Pemerintah Pontianak, illustrative",
    sourceWeights: { SUPERVISOR: 70, PEER: 30 },
    componentWeights: { TARGET_ACHIEVEMENT: 70, COLLABORATION: 30 },
    minRaters: { SUPERVISOR: 1, PEER: 2 },
    targetAchievement: "CAPAIAN",
  },
  /** Jambi (illustrative): attendance, work quality and team contribution, criteria known from the start. */
  jambi: {
    source: "Penyusunan Sistem Penilaian Kinerja ASN yang Adil dan Terbuka di Jambi, illustrative",
    sourceWeights: { SUPERVISOR: 70, PEER: 30 },
    componentWeights: { ATTENDANCE: 30, WORK_QUALITY: 40, TEAM_CONTRIBUTION: 30 },
    componentSources: {
      ATTENDANCE: ["SUPERVISOR"],
      WORK_QUALITY: ["SUPERVISOR", "PEER"],
      TEAM_CONTRIBUTION: ["SUPERVISOR", "PEER"],
    },
    minRaters: { SUPERVISOR: 1, PEER: 2 },
    targetAchievement: "ASSESSMENTS",
  },
} as const satisfies Record<string, Weighted360ConfigInput>;

const GRADES = [
  { code: "SANGAT_BAIK", label: { id: "Sangat Baik", en: "Very good" } },
  { code: "BAIK", label: { id: "Baik", en: "Good" } },
  { code: "CUKUP", label: { id: "Cukup", en: "Fair" } },
  { code: "KURANG", label: { id: "Kurang", en: "Poor" } },
  { code: "SANGAT_KURANG", label: { id: "Sangat Kurang", en: "Very poor" } },
] as const;

const num = (n: number, lang: "id" | "en") => {
  const s = String(Number(n.toFixed(2)));
  return lang === "id" ? s.replace(".", ",") : s;
};

type Source = (typeof BASE_SOURCES)[number];

/**
 * `weighted-360`: a configurable multi-source (360°) scheme. Per component, the mean score of each kept
 * source is averaged with the source weights (renormalised over the sources present); the score is the
 * component-weighted mean, 0–100 at full precision, graded by configurable thresholds.
 *
 * @example
 * evaluate(caseWithAssessments, weighted360, WEIGHTED_360_PRESETS.sibolga).grade
 */
export const weighted360 = defineRulePackage({
  id: WEIGHTED_360_ID,
  version: "1.0.0",
  title: { id: "Penilaian 360° berbobot", en: "Weighted 360° assessment" },
  description: {
    id: "Bobot per sumber penilai (diri, atasan, rekan, bawahan, masyarakat) dan per komponen; sumber dengan penilai terlalu sedikit diabaikan dan bobot dinormalkan kembali.",
    en: "Weights per assessment source (self, supervisor, peers, subordinates, public) and per component; sources with too few raters are dropped and the weights renormalised.",
  },
  legalBasis: [
    "PP 30/2019 Pasal 41",
    "PermenPAN-RB 8/2021 (capaian IKI)",
    "PP 12/2019 Pasal 58 (regional performance-based schemes)",
  ],
  configSchema: Weighted360ConfigSchema,
  caseSchema: Weighted360CaseSchema,
  inputs: [
    ...BASE_SOURCES.map((source) => ({
      name: `${source}.behaviour`,
      kind: "BEHAVIOUR_SCORE" as const,
      sources: [source],
      fields: WEIGHTED_360_COMPONENTS,
      range: { min: 0, max: 100 },
      monotone: true,
      description: {
        id: `Nilai komponen 0–100 dari ${SOURCE_LABELS[source].id}.`,
        en: `Component scores 0–100 from ${SOURCE_LABELS[source].en}.`,
      },
    })),
    {
      name: "realization",
      kind: "INDICATOR_REALIZATION",
      monotone: true,
      description: {
        id: "Realisasi indikator, untuk pencapaian target bila config.targetAchievement = CAPAIAN.",
        en: "Indicator realisations, for target achievement when config.targetAchievement = CAPAIAN.",
      },
    },
  ],
  grades: GRADES,
  ratingsSchema: Weighted360RatingsSchema,
  evaluate(c, config) {
    const ex = explainer(WEIGHTED_360_ID);
    const legal = `${FRAME}; ${config.source}`;
    const warnings: Warning[] = [];
    const weightOf = (s: Source) => config.sourceWeights[s] ?? 0;

    const bySource = new Map<Source, Assessment[]>(BASE_SOURCES.map((s) => [s, []]));
    for (const a of c.assessments) bySource.get(a.source as Source)?.push(a);
    const raters = Object.fromEntries(BASE_SOURCES.map((s) => [s, bySource.get(s)?.length ?? 0])) as Record<
      Source,
      number
    >;
    const weighted = BASE_SOURCES.filter((s) => weightOf(s) > 0);
    const kept = weighted.filter((s) => raters[s] >= config.minRaters[s]);
    const dropped = weighted.filter((s) => !kept.includes(s));
    for (const s of dropped) {
      warnings.push({
        code: "SOURCE_DROPPED",
        message: {
          id: `Sumber ${SOURCE_LABELS[s].id} diabaikan: ${raters[s]} penilai, minimal ${config.minRaters[s]}; bobot sumber lain dinormalkan kembali.`,
          en: `Source ${SOURCE_LABELS[s].en} dropped: ${raters[s]} rater(s), at least ${config.minRaters[s]} needed; the other weights are renormalised.`,
        },
        path: ["assessments"],
      });
    }
    const list = (sources: readonly Source[], lang: "id" | "en") =>
      sources.map((s) => `${SOURCE_LABELS[s][lang]} ${raters[s]}/${config.minRaters[s]}`).join(", ");
    ex.step({
      rule: "raters",
      legalBasis: legal,
      title: { id: "Jumlah penilai per sumber", en: "Raters per source" },
      inputs: { raters, minRaters: { ...config.minRaters }, sourceWeights: { ...config.sourceWeights } },
      output: { kept, dropped },
      text: {
        id: `Sumber dipakai (penilai/minimal): ${list(kept, "id") || "tidak ada"}${dropped.length ? `; diabaikan karena penilai kurang: ${list(dropped, "id")}` : ""}.`,
        en: `Sources used (raters/minimum): ${list(kept, "en") || "none"}${dropped.length ? `; dropped for too few raters: ${list(dropped, "en")}` : ""}.`,
      },
    });

    const known = new Set<string>(WEIGHTED_360_COMPONENTS);
    const unknown = [
      ...new Set(c.assessments.flatMap((a) => Object.keys(a.behaviour).filter((k) => !known.has(k)))),
    ].sort();
    if (unknown.length > 0) {
      warnings.push({
        code: "UNKNOWN_COMPONENT",
        message: {
          id: `Kode komponen tidak dikenal diabaikan: ${unknown.join(", ")}.`,
          en: `Unknown component codes ignored: ${unknown.join(", ")}.`,
        },
        path: ["assessments"],
      });
    }

    const components: { code: Weighted360Component; score: number; weight: number }[] = [];
    const scores: Partial<Record<Weighted360Component, number | null>> = {};
    for (const code of WEIGHTED_360_COMPONENTS) {
      const weight = config.componentWeights[code] ?? 0;
      if (weight === 0) continue;
      const label = COMPONENT_LABELS[code];
      if (code === "TARGET_ACHIEVEMENT" && config.targetAchievement === "CAPAIAN") {
        const plan = planCapaian(c.workPlan, c.realizations);
        const score = Math.min(100, plan.capaian);
        ex.step({
          rule: "component/TARGET_ACHIEVEMENT",
          legalBasis: `${CAPAIAN_BASIS}; ${config.source}`,
          title: { id: label.id, en: label.en },
          inputs: {
            capaian: plan.capaian,
            results: plan.results
              .map((r) => ({ resultId: r.resultId, kind: r.kind, capaian: r.capaian, weight: r.weight }))
              .sort((a, b) => (a.resultId < b.resultId ? -1 : a.resultId > b.resultId ? 1 : 0)),
          },
          output: score,
          text: {
            id: `Capaian rencana kerja ${num(plan.capaian, "id")} % → nilai ${num(score, "id")} (paling tinggi 100).`,
            en: `Work-plan capaian ${num(plan.capaian, "en")} % → score ${num(score, "en")} (at most 100).`,
          },
        });
        components.push({ code, score, weight });
        scores[code] = score;
        continue;
      }
      const allowed = config.componentSources[code] ?? BASE_SOURCES;
      const parts = kept
        .filter((s) => allowed.includes(s))
        .flatMap((s) => {
          const values = (bySource.get(s) ?? [])
            .map((a) => a.behaviour[code])
            .filter((v): v is number => v !== undefined);
          return values.length === 0
            ? []
            : [
                {
                  source: s,
                  mean: sortedSum(values) / values.length,
                  count: values.length,
                  weight: weightOf(s),
                },
              ];
        });
      if (parts.length === 0) {
        warnings.push({
          code: "COMPONENT_MISSING",
          message: {
            id: `Komponen ${COMPONENT_LABELS[code].id} tidak dinilai oleh sumber yang dipakai; bobot komponen lain dinormalkan kembali.`,
            en: `Component ${COMPONENT_LABELS[code].en} has no scores from the sources used; the other component weights are renormalised.`,
          },
          path: ["assessments"],
        });
        scores[code] = null;
        continue;
      }
      const total = sortedSum(parts.map((p) => p.weight));
      const score = weightedMean(parts.map((p) => [p.mean, p.weight]));
      const terms = (lang: "id" | "en") =>
        parts
          .map(
            (p) =>
              `${SOURCE_LABELS[p.source][lang]} ${num(p.mean, lang)} × ${num((p.weight / total) * 100, lang)} %`,
          )
          .join(" + ");
      ex.step({
        rule: `component/${code}`,
        legalBasis: legal,
        title: { id: label.id, en: label.en },
        inputs: {
          sources: parts.map((p) => ({
            source: p.source,
            raters: p.count,
            mean: p.mean,
            weight: p.weight,
            share: p.weight / total,
          })),
        },
        output: score,
        text: {
          id: `${label.id}: ${terms("id")} = ${num(score, "id")} (rata-rata per sumber, bobot sumber dinormalkan).`,
          en: `${label.en}: ${terms("en")} = ${num(score, "en")} (mean per source, source weights renormalised).`,
        },
      });
      components.push({ code, score, weight });
      scores[code] = score;
    }

    if (components.length === 0) {
      warnings.push({
        code: "NO_SCORES",
        message: {
          id: "Tidak ada komponen yang dapat dinilai: nilai 0.",
          en: "No component could be scored: score 0.",
        },
        path: ["assessments"],
      });
    }
    const componentTotal = sortedSum(components.map((p) => p.weight));
    const score = weightedMean(components.map((p) => [p.score, p.weight]));
    const terms = (lang: "id" | "en") =>
      components
        .map(
          (p) =>
            `${COMPONENT_LABELS[p.code][lang]} ${num(p.score, lang)} × ${num((p.weight / componentTotal) * 100, lang)} %`,
        )
        .join(" + ") || "0";
    ex.step({
      rule: "score",
      legalBasis: legal,
      title: { id: "Nilai akhir", en: "Final score" },
      inputs: {
        components: components.map((p) => ({
          component: p.code,
          score: p.score,
          weight: p.weight,
          share: p.weight / componentTotal,
        })),
      },
      output: score,
      text: { id: `${terms("id")} = ${num(score, "id")}.`, en: `${terms("en")} = ${num(score, "en")}.` },
    });

    const t = config.gradeThresholds;
    const grade =
      score >= t.SANGAT_BAIK
        ? "SANGAT_BAIK"
        : score >= t.BAIK
          ? "BAIK"
          : score >= t.CUKUP
            ? "CUKUP"
            : score >= t.KURANG
              ? "KURANG"
              : "SANGAT_KURANG";
    const label = GRADES.find((g) => g.code === grade)!.label;
    ex.step({
      rule: "grade",
      legalBasis: `${config.source} (thresholds illustrative)`,
      title: { id: "Predikat", en: "Grade" },
      inputs: { score, thresholds: { ...t } },
      output: grade,
      text: {
        id: `${num(score, "id")} → ${label.id} (Sangat Baik ≥ ${num(t.SANGAT_BAIK, "id")}, Baik ≥ ${num(t.BAIK, "id")}, Cukup ≥ ${num(t.CUKUP, "id")}, Kurang ≥ ${num(t.KURANG, "id")}).`,
        en: `${num(score, "en")} → ${label.en} (Very good ≥ ${num(t.SANGAT_BAIK, "en")}, Good ≥ ${num(t.BAIK, "en")}, Fair ≥ ${num(t.CUKUP, "en")}, Poor ≥ ${num(t.KURANG, "en")}).`,
      },
    });

    const ratings: Weighted360Ratings = {
      ...scores,
      sourcesUsed: kept.join(","),
      sourcesDropped: dropped.join(","),
    };
    return { grade, score, ratings, explanation: ex.steps, warnings };
  },
});

import {
  type Aspect,
  defaultDirection,
  defineRulePackage,
  type EvaluationCase,
  EvaluationCaseSchema,
  efficiencyScore,
  explainer,
  GLOSSARY,
  type Indicator,
  indicatorRealization,
  type KinerjaIssue,
  type LocalizedText,
  type PackageOutcome,
  sortedSum,
  validationError,
  type Warning,
} from "@kinerja/core";
import { z } from "zod";
import { type Pp46Ratings, Pp46RatingsSchema } from "./ratings";

const ID = "pp-46-2011";

const BASIS = {
  skp: "PP 46/2011; Perka BKN 1/2013 Lampiran (penilaian capaian SKP)",
  extra: "Perka BKN 1/2013 Lampiran (tugas tambahan dan kreativitas)",
  behaviour: "PP 46/2011 (perilaku kerja); Perka BKN 1/2013 Lampiran (penilaian perilaku kerja)",
  score: "PP 46/2011 (nilai prestasi kerja: 60 % SKP + 40 % perilaku kerja)",
  category: "PP 46/2011; Perka BKN 1/2013 Lampiran (sebutan nilai)",
} as const;

/** Levels at which a creative contribution (kreativitas) was recognised, lowest first. */
const CREATIVITY_LEVELS = ["NONE", "UNIT_KERJA", "INSTANSI", "NASIONAL"] as const;
type CreativityLevel = (typeof CREATIVITY_LEVELS)[number];

const BEHAVIOUR_ASPECTS = [
  "ORIENTASI_PELAYANAN",
  "INTEGRITAS",
  "KOMITMEN",
  "DISIPLIN",
  "KERJA_SAMA",
  "KEPEMIMPINAN",
] as const;
type BehaviourAspect = (typeof BEHAVIOUR_ASPECTS)[number];

const BEHAVIOUR_LABELS: Record<BehaviourAspect, LocalizedText> = GLOSSARY.behaviourAspect;

const GRADES = ["SANGAT_BAIK", "BAIK", "CUKUP", "KURANG", "BURUK"] as const;
type Category = (typeof GRADES)[number];

/** Differences below this are floating-point noise, not a score above a band's bound. */
const EPSILON = 1e-9;

const points = z.number().min(0).max(100);

/**
 * Configuration of the `pp-46-2011` rule package. Every field has a default; the defaults are the
 * regulation's formulas as published, and every unverified (U) number defaults to "no effect".
 */
export const Pp46of2011ConfigSchema = z.strictObject({
  /**
   * Whether kualitas (R/T × 100) is capped at 100. Perka BKN 1/2013 gives the formula without a
   * cap; whether one applies is disputed (unverified, U). Default `false`: no cap.
   */
  capKualitas: z.boolean().default(false),
  /**
   * Points added to nilai SKP for additional tasks (tugas tambahan), counted as the TAMBAHAN
   * results of the work plan: the highest band whose `minTasks` is at most that count, 0 when
   * none applies. Commonly cited: `[{ minTasks: 1, points: 1 }, { minTasks: 4, points: 2 },
   * { minTasks: 7, points: 3 }]` (unverified, U). Default `[]`: no points.
   */
  additionalTaskPoints: z
    .array(
      z.strictObject({
        /** The least number of additional tasks that earns these points. */
        minTasks: z.number().int().min(1),
        /** The points. */
        points,
      }),
    )
    .max(50)
    .default([]),
  /**
   * Points added to nilai SKP for creativity (kreativitas), by the level at which it was
   * recognised (the case's `creativity`). Commonly cited: 3, 6 and 12 (unverified, U). They must
   * not decrease with the level. Default 0 for every level.
   */
  creativityPoints: z
    .strictObject({
      /** Recognised by the head of the work unit. */
      UNIT_KERJA: points.default(0),
      /** Recognised by the agency (pejabat pembina kepegawaian). */
      INSTANSI: points.default(0),
      /** Recognised nationally (Presiden). */
      NASIONAL: points.default(0),
    })
    .refine((p) => p.UNIT_KERJA <= p.INSTANSI && p.INSTANSI <= p.NASIONAL, {
      message: "creativity points must not decrease from UNIT_KERJA to INSTANSI to NASIONAL",
    })
    .default({ UNIT_KERJA: 0, INSTANSI: 0, NASIONAL: 0 }),
});
/** The parsed configuration of the `pp-46-2011` rule package. */
export type Pp46of2011Config = z.output<typeof Pp46of2011ConfigSchema>;

const CaseSchema = EvaluationCaseSchema.extend({
  /**
   * The highest level at which a creative contribution of the employee was recognised in the
   * period (kreativitas, Perka BKN 1/2013): NONE, UNIT_KERJA, INSTANSI or NASIONAL.
   */
  creativity: z.enum(CREATIVITY_LEVELS).default("NONE"),
});
type Pp46Case = z.output<typeof CaseSchema>;

const REQUIRED_ASPECTS = ["KUANTITAS", "KUALITAS", "WAKTU"] as const satisfies readonly Aspect[];

interface ScoredIndicator {
  indicator: Indicator;
  target: number;
  realization: number;
}

interface Activity {
  id: string;
  aspects: Partial<Record<Aspect, ScoredIndicator>>;
}

function fmt(value: number, lang: "id" | "en"): string {
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, "");
  return lang === "id" ? rounded.replace(".", ",") : rounded;
}

function both(build: (f: (n: number) => string) => [string, string]): LocalizedText {
  const [id] = build((n) => fmt(n, "id"));
  const [, en] = build((n) => fmt(n, "en"));
  return { id, en };
}

/** PP 46/2011 category of a score: above 90, above 75, above 60, above 50, else BURUK. */
function category(score: number): Category {
  if (score > 90 + EPSILON) return "SANGAT_BAIK";
  if (score > 75 + EPSILON) return "BAIK";
  if (score > 60 + EPSILON) return "CUKUP";
  if (score > 50 + EPSILON) return "KURANG";
  return "BURUK";
}

function categoryLabel(code: Category): LocalizedText {
  return GLOSSARY.predikat[code];
}

/** Checks the work plan's activities and collects their indicators by aspect. */
function readActivities(c: Pp46Case, issues: KinerjaIssue[], warnings: Warning[]): Activity[] {
  const activities: Activity[] = [];
  let weightsWarned = false;
  c.workPlan.results.forEach((result, ri) => {
    if (result.kind !== "UTAMA") return;
    const path = ["workPlan", "results", ri];
    if (
      !weightsWarned &&
      (result.weight !== undefined || result.indicators.some((i) => i.weight !== undefined))
    ) {
      weightsWarned = true;
      warnings.push({
        code: "WEIGHTS_IGNORED",
        message: {
          id: "PP 46/2011 tidak memakai bobot: nilai SKP adalah rata-rata kegiatan dan capaian kegiatan dibagi 3 (atau 4 dengan biaya).",
          en: "PP 46/2011 uses no weights: nilai SKP is the mean of the activities, and an activity's capaian is divided by 3 (or 4 with cost).",
        },
        path,
      });
    }
    const activity: Activity = { id: result.id, aspects: {} };
    result.indicators.forEach((indicator, ii) => {
      const at = [...path, "indicators", ii];
      if (activity.aspects[indicator.aspect]) {
        issues.push({
          path: [...at, "aspect"],
          message: `activity ${result.id} already has a ${indicator.aspect} indicator; PP 46/2011 measures each aspect once per activity`,
          code: "duplicate",
        });
        return;
      }
      if (indicator.direction !== undefined && indicator.direction !== defaultDirection(indicator.aspect)) {
        issues.push({
          path: [...at, "direction"],
          message: `PP 46/2011 fixes the formula of ${indicator.aspect}; omit direction or give ${defaultDirection(indicator.aspect)}`,
          code: "invalid_value",
        });
      }
      const target = indicator.target;
      if (typeof target !== "number") {
        issues.push({
          path: [...at, "target"],
          message: "PP 46/2011 targets are single numbers, not ranges",
          code: "invalid_type",
        });
        return;
      }
      const noCost = indicator.aspect === "BIAYA" && target === 0;
      if (target <= 0 && !noCost) {
        issues.push({
          path: [...at, "target"],
          message: `the ${indicator.aspect} target must be greater than 0${indicator.aspect === "BIAYA" ? " (or 0 when no cost is planned)" : ""}`,
          code: "too_small",
        });
        return;
      }
      if (indicator.realization !== undefined && indicator.realization < 0) {
        issues.push({
          path: [...at, "realization"],
          message: "a realisation cannot be negative",
          code: "too_small",
        });
      }
      c.realizations.forEach((r, k) => {
        if (r.indicatorId === indicator.id && r.value < 0) {
          issues.push({
            path: ["realizations", k, "value"],
            message: "a realisation cannot be negative",
            code: "too_small",
          });
        }
      });
      if (noCost) return;
      const realization = indicatorRealization(indicator, c.realizations);
      if (realization === undefined) {
        warnings.push({
          code: "REALIZATION_MISSING",
          message: {
            id: `Realisasi ${aspectLabel(indicator.aspect).id.toLowerCase()} kegiatan ${result.id} tidak ada: dihitung 0 (kegiatan tidak dilaksanakan).`,
            en: `The ${aspectLabel(indicator.aspect).en.toLowerCase()} realisation of activity ${result.id} is missing: counted as 0 (not carried out).`,
          },
          path: [...at, "realization"],
        });
      }
      activity.aspects[indicator.aspect] = { indicator, target, realization: realization ?? 0 };
    });
    const present = new Set(result.indicators.map((i) => i.aspect));
    const missing = REQUIRED_ASPECTS.filter((a) => !present.has(a));
    if (missing.length > 0) {
      issues.push({
        path: [...path, "indicators"],
        message: `activity ${result.id} has no ${missing.join(", ")} indicator; PP 46/2011 measures every activity by KUANTITAS, KUALITAS and WAKTU`,
        code: "missing",
      });
    }
    activities.push(activity);
  });
  if (activities.length === 0) {
    issues.push({
      path: ["workPlan", "results"],
      message: "PP 46/2011 needs at least one activity (a result of kind UTAMA) to compute nilai SKP",
      code: "too_small",
    });
  }
  return activities;
}

interface Behaviour {
  index: number;
  scores: Record<string, number>;
  aspects: readonly BehaviourAspect[];
}

/** Checks the SUPERVISOR assessment and its behaviour scores. */
function readBehaviour(c: Pp46Case, issues: KinerjaIssue[], warnings: Warning[]): Behaviour | undefined {
  const indices = c.assessments.flatMap((a, i) => (a.source === "SUPERVISOR" ? [i] : []));
  const [index, second] = indices;
  if (index === undefined) {
    issues.push({
      path: ["assessments"],
      message: "PP 46/2011 needs the SUPERVISOR assessment (pejabat penilai) with the behaviour scores",
      code: "missing",
    });
    return undefined;
  }
  if (second !== undefined) {
    issues.push({
      path: ["assessments", second, "source"],
      message: `only one SUPERVISOR assessment is allowed; assessments[${index}] is one already`,
      code: "duplicate",
    });
  }
  const scores = c.assessments[index]?.behaviour ?? {};
  const aspects = c.employee.structural
    ? BEHAVIOUR_ASPECTS
    : BEHAVIOUR_ASPECTS.filter((a) => a !== "KEPEMIMPINAN");
  for (const aspect of aspects) {
    const value = scores[aspect];
    const path = ["assessments", index, "behaviour", aspect];
    if (value === undefined) {
      issues.push({
        path,
        message: `the ${aspect} score (0–100) is required${aspect === "KEPEMIMPINAN" ? " for a structural official" : ""}`,
        code: "missing",
      });
    } else if (value < 0 || value > 100) {
      issues.push({
        path,
        message: `the ${aspect} score must be between 0 and 100, got ${value}`,
        code: "too_big",
      });
    }
  }
  if (!c.employee.structural && scores.KEPEMIMPINAN !== undefined) {
    warnings.push({
      code: "ASPECT_IGNORED",
      message: {
        id: "Nilai kepemimpinan diabaikan: hanya dinilai bagi pejabat struktural.",
        en: "The leadership score is ignored: it is assessed only for structural officials.",
      },
      path: ["assessments", index, "behaviour", "KEPEMIMPINAN"],
    });
  }
  return { index, scores, aspects };
}

const aspectLabel = (aspect: string): LocalizedText =>
  GLOSSARY.aspect[aspect as keyof typeof GLOSSARY.aspect] ?? { id: aspect, en: aspect };

function evaluatePp46(c: Pp46Case, config: Pp46of2011Config): PackageOutcome<Pp46Ratings> {
  const ex = explainer(ID);
  const issues: KinerjaIssue[] = [];
  const warnings: Warning[] = [];
  const activities = readActivities(c, issues, warnings);
  const behaviour = readBehaviour(c, issues, warnings);
  if (issues.length > 0 || !behaviour) throw validationError(issues);

  const capaians = activities.map((activity) => {
    const qty = activity.aspects.KUANTITAS!;
    const qual = activity.aspects.KUALITAS!;
    const time = activity.aspects.WAKTU!;
    const cost = activity.aspects.BIAYA;
    const name = activity.id;
    const kuantitas = ex.step({
      rule: "quantity",
      legalBasis: BASIS.skp,
      title: { id: `Kuantitas kegiatan ${name}`, en: `Quantity of activity ${name}` },
      inputs: {
        activity: name,
        indicator: qty.indicator.id,
        target: qty.target,
        realization: qty.realization,
      },
      output: (qty.realization * 100) / qty.target,
      text: both((f) => [
        `Kuantitas = R/T × 100 = ${f(qty.realization)}/${f(qty.target)} × 100 = ${f((qty.realization * 100) / qty.target)}.`,
        `Quantity = R/T × 100 = ${f(qty.realization)}/${f(qty.target)} × 100 = ${f((qty.realization * 100) / qty.target)}.`,
      ]),
    });
    const rawQuality = (qual.realization * 100) / qual.target;
    const capped = config.capKualitas && rawQuality > 100;
    const kualitas = ex.step({
      rule: "quality",
      legalBasis: BASIS.skp,
      title: { id: `Kualitas kegiatan ${name}`, en: `Quality of activity ${name}` },
      inputs: {
        activity: name,
        target: qual.target,
        realization: qual.realization,
        capKualitas: config.capKualitas,
      },
      output: capped ? 100 : rawQuality,
      text: both((f) => [
        `Kualitas = R/T × 100 = ${f(qual.realization)}/${f(qual.target)} × 100 = ${f(rawQuality)}${capped ? ", dibatasi 100" : ""}.`,
        `Quality = R/T × 100 = ${f(qual.realization)}/${f(qual.target)} × 100 = ${f(rawQuality)}${capped ? ", capped at 100" : ""}.`,
      ]),
    });
    const waktu = efficiencyStep(ex, name, "time", time);
    const biaya = cost ? efficiencyStep(ex, name, "cost", cost) : undefined;
    const parts = biaya === undefined ? [kuantitas, kualitas, waktu] : [kuantitas, kualitas, waktu, biaya];
    const capaian = sortedSum(parts) / parts.length;
    return ex.step({
      rule: "activity",
      legalBasis: BASIS.skp,
      title: { id: `Capaian kegiatan ${name}`, en: `Capaian of activity ${name}` },
      inputs: { activity: name, kuantitas, kualitas, waktu, biaya: biaya ?? null },
      output: capaian,
      text: both((f) =>
        biaya === undefined
          ? [
              `(kuantitas + kualitas + waktu) / 3 = (${f(kuantitas)} + ${f(kualitas)} + ${f(waktu)}) / 3 = ${f(capaian)} (tanpa target biaya).`,
              `(quantity + quality + time) / 3 = (${f(kuantitas)} + ${f(kualitas)} + ${f(waktu)}) / 3 = ${f(capaian)} (no cost target).`,
            ]
          : [
              `(kuantitas + kualitas + waktu + biaya) / 4 = (${f(kuantitas)} + ${f(kualitas)} + ${f(waktu)} + ${f(biaya)}) / 4 = ${f(capaian)}.`,
              `(quantity + quality + time + cost) / 4 = (${f(kuantitas)} + ${f(kualitas)} + ${f(waktu)} + ${f(biaya)}) / 4 = ${f(capaian)}.`,
            ],
      ),
    });
  });

  const mean = ex.step({
    rule: "skp-mean",
    legalBasis: BASIS.skp,
    title: { id: "Rata-rata capaian kegiatan", en: "Mean capaian of the activities" },
    inputs: { capaian: capaians },
    output: sortedSum(capaians) / capaians.length,
    text: both((f) => [
      `Rata-rata capaian ${capaians.length} kegiatan: (${capaians.map(f).join(" + ")}) / ${capaians.length} = ${f(sortedSum(capaians) / capaians.length)}.`,
      `Mean capaian of ${capaians.length} activities: (${capaians.map(f).join(" + ")}) / ${capaians.length} = ${f(sortedSum(capaians) / capaians.length)}.`,
    ]),
  });

  const tasks = c.workPlan.results.filter((r) => r.kind === "TAMBAHAN").length;
  const band = config.additionalTaskPoints.filter((b) => b.minTasks <= tasks);
  const taskPoints = band.length === 0 ? 0 : Math.max(...band.map((b) => b.points));
  ex.step({
    rule: "additional-tasks",
    legalBasis: BASIS.extra,
    title: { id: "Nilai tugas tambahan", en: "Points for additional tasks" },
    inputs: {
      tasks,
      bands: config.additionalTaskPoints.map((b) => ({ minTasks: b.minTasks, points: b.points })),
    },
    output: taskPoints,
    text: both((f) => [
      `${tasks} tugas tambahan (${GLOSSARY.resultKind.TAMBAHAN.id.toLowerCase()}) memberi ${f(taskPoints)} poin menurut konfigurasi.`,
      `${tasks} additional tasks (${GLOSSARY.resultKind.TAMBAHAN.en.toLowerCase()}s) earn ${f(taskPoints)} points by the configuration.`,
    ]),
  });

  const level: CreativityLevel = c.creativity;
  const creativityPoints = level === "NONE" ? 0 : config.creativityPoints[level];
  ex.step({
    rule: "creativity",
    legalBasis: BASIS.extra,
    title: { id: "Nilai kreativitas", en: "Points for creativity" },
    inputs: { creativity: level },
    output: creativityPoints,
    text: both((f) => [
      level === "NONE"
        ? "Tidak ada kreativitas yang diakui: 0 poin."
        : `Kreativitas yang diakui pada tingkat ${GLOSSARY.creativityLevel[level].id.toLowerCase()} memberi ${f(creativityPoints)} poin menurut konfigurasi.`,
      level === "NONE"
        ? "No recognised creativity: 0 points."
        : `Creativity recognised at ${GLOSSARY.creativityLevel[level].en.toLowerCase()} level earns ${f(creativityPoints)} points by the configuration.`,
    ]),
  });

  const nilaiSkp = ex.step({
    rule: "skp",
    legalBasis: BASIS.skp,
    title: { id: "Nilai SKP", en: "SKP value" },
    inputs: { mean, additionalTasks: taskPoints, creativity: creativityPoints },
    output: mean + taskPoints + creativityPoints,
    text: both((f) => [
      `Nilai SKP = ${f(mean)} + ${f(taskPoints)} (tugas tambahan) + ${f(creativityPoints)} (kreativitas) = ${f(mean + taskPoints + creativityPoints)}.`,
      `SKP value = ${f(mean)} + ${f(taskPoints)} (additional tasks) + ${f(creativityPoints)} (creativity) = ${f(mean + taskPoints + creativityPoints)}.`,
    ]),
  });
  const skpCategory = categoryStep(ex, "skp-category", nilaiSkp, { id: "nilai SKP", en: "the SKP value" });

  const values = behaviour.aspects.map((a) => behaviour.scores[a] ?? 0);
  const nilaiPerilaku = ex.step({
    rule: "behaviour",
    legalBasis: BASIS.behaviour,
    title: { id: "Nilai perilaku kerja", en: "Work behaviour value" },
    inputs: {
      assessment: behaviour.index,
      structural: c.employee.structural,
      ...Object.fromEntries(behaviour.aspects.map((a) => [a, behaviour.scores[a] ?? 0])),
    },
    output: sortedSum(values) / values.length,
    text: both((f) => [
      `Rata-rata ${values.length} aspek dari atasan (${behaviour.aspects.map((a) => `${BEHAVIOUR_LABELS[a].id} ${f(behaviour.scores[a] ?? 0)}`).join(", ")}) = ${f(sortedSum(values) / values.length)}${c.employee.structural ? "" : "; kepemimpinan tidak dinilai karena bukan pejabat struktural"}.`,
      `Mean of ${values.length} aspects from the supervisor (${behaviour.aspects.map((a) => `${BEHAVIOUR_LABELS[a].en} ${f(behaviour.scores[a] ?? 0)}`).join(", ")}) = ${f(sortedSum(values) / values.length)}${c.employee.structural ? "" : "; leadership is not assessed as the employee is not a structural official"}.`,
    ]),
  });
  const behaviourCategory = categoryStep(ex, "behaviour-category", nilaiPerilaku, {
    id: "nilai perilaku kerja",
    en: "the behaviour value",
  });

  const score = ex.step({
    rule: "score",
    legalBasis: BASIS.score,
    title: { id: "Nilai prestasi kerja", en: "Work performance score" },
    inputs: { nilaiSkp, nilaiPerilaku },
    output: (6 * nilaiSkp + 4 * nilaiPerilaku) / 10,
    text: both((f) => [
      `60 % × ${f(nilaiSkp)} + 40 % × ${f(nilaiPerilaku)} = ${f((6 * nilaiSkp + 4 * nilaiPerilaku) / 10)}.`,
      `60 % × ${f(nilaiSkp)} + 40 % × ${f(nilaiPerilaku)} = ${f((6 * nilaiSkp + 4 * nilaiPerilaku) / 10)}.`,
    ]),
  });
  const grade = categoryStep(ex, "grade", score, {
    id: "nilai prestasi kerja",
    en: "the work performance score",
  });

  return {
    grade,
    score,
    ratings: { nilaiSkp, kategoriSkp: skpCategory, nilaiPerilaku, kategoriPerilaku: behaviourCategory },
    explanation: ex.steps,
    warnings,
  };
}

/** Waktu or biaya by the two branches of Perka BKN 1/2013, as one explanation step. */
function efficiencyStep(
  ex: ReturnType<typeof explainer>,
  activity: string,
  kind: "time" | "cost",
  { indicator, target, realization }: ScoredIndicator,
): number {
  // The same expression as efficiencyScore, so that the branch shown is the branch taken.
  const efficiency = 100 - (realization / target) * 100;
  const value = efficiencyScore(target, realization);
  const name = kind === "time" ? { id: "Waktu", en: "Time" } : { id: "Biaya", en: "Cost" };
  const branch = (lang: "id" | "en", f: (n: number) => string): string => {
    if (realization === 0) {
      return lang === "id" ? "tidak dilaksanakan (R = 0), nilai 0" : "not carried out (R = 0), scores 0";
    }
    const inner = 176 - (realization / target) * 100;
    const formula =
      efficiency <= 24
        ? `e ≤ 24: ((1,76 × ${f(target)} − ${f(realization)}) / ${f(target)}) × 100`
        : `e > 24: 76 − ((((1,76 × ${f(target)} − ${f(realization)}) / ${f(target)}) × 100) − 100) = 76 − (${f(inner)} − 100)`;
    const localised = lang === "id" ? formula : formula.replace("1,76", "1.76");
    const floor = value === 0 ? (lang === "id" ? ", tidak kurang dari 0" : ", not below 0") : "";
    return `e = 100 − R/T × 100 = ${f(efficiency)}; ${localised} = ${f(value)}${floor}`;
  };
  return ex.step({
    rule: kind,
    legalBasis: BASIS.skp,
    title: { id: `${name.id} kegiatan ${activity}`, en: `${name.en} of activity ${activity}` },
    inputs: { activity, indicator: indicator.id, target, realization, efficiency },
    output: value,
    text: both((f) => [`${name.id}: ${branch("id", f)}.`, `${name.en}: ${branch("en", f)}.`]),
  });
}

function categoryStep(
  ex: ReturnType<typeof explainer>,
  rule: string,
  value: number,
  what: LocalizedText,
): Category {
  const code = category(value);
  const label = categoryLabel(code);
  return ex.step({
    rule,
    legalBasis: BASIS.category,
    title: { id: `Sebutan ${what.id}`, en: `Category of ${what.en}` },
    inputs: { value },
    output: code,
    text: both((f) => [
      `${f(value)} → ${label.id} (di atas 90 Sangat Baik, di atas 75 Baik, di atas 60 Cukup, di atas 50 Kurang, 50 ke bawah Buruk).`,
      `${f(value)} → ${label.en} (above 90 very good, above 75 good, above 60 fair, above 50 poor, 50 or below bad).`,
    ]),
  });
}

function nextCreativity(input: EvaluationCase): EvaluationCase | undefined {
  const current = (input as { creativity?: CreativityLevel }).creativity ?? "NONE";
  const next = CREATIVITY_LEVELS[CREATIVITY_LEVELS.indexOf(current) + 1];
  return next === undefined ? undefined : { ...input, creativity: next };
}

/**
 * PP 46/2011 with Perka BKN 1/2013: nilai prestasi kerja = 60 % nilai SKP + 40 % nilai perilaku
 * kerja on a 0–100 scale. Each activity (a UTAMA result) is measured by KUANTITAS, KUALITAS and
 * WAKTU (and BIAYA when a cost target is set); behaviour is the SUPERVISOR's mean over five
 * aspects, six for structural officials. Categories SANGAT_BAIK, BAIK, CUKUP, KURANG, BURUK.
 *
 * @example
 * const result = evaluate(legacyCase, pp46of2011, { capKualitas: true });
 */
export const pp46of2011 = defineRulePackage({
  id: ID,
  version: "1.0.0",
  title: {
    id: "Penilaian prestasi kerja PNS (PP 46/2011)",
    en: "Civil servant work performance assessment (PP 46/2011)",
  },
  description: {
    id: "Nilai prestasi kerja 0–100: 60 % nilai SKP (kuantitas, kualitas, waktu, biaya per kegiatan) dan 40 % nilai perilaku kerja dari pejabat penilai.",
    en: "Work performance score 0–100: 60 % SKP value (quantity, quality, time, cost per activity) and 40 % work behaviour value from the assessing official.",
  },
  legalBasis: [
    "PP 46/2011 tentang Penilaian Prestasi Kerja PNS",
    "Perka BKN 1/2013 (ketentuan pelaksanaan PP 46/2011)",
  ],
  configSchema: Pp46of2011ConfigSchema,
  caseSchema: CaseSchema,
  inputs: [
    {
      name: "realization.kuantitas-kualitas",
      kind: "INDICATOR_REALIZATION",
      aspects: ["KUANTITAS", "KUALITAS"],
      description: {
        id: "Realisasi kuantitas (output) dan kualitas (mutu) tiap kegiatan: R/T × 100.",
        en: "Realised quantity (output) and quality of each activity: R/T × 100.",
      },
      monotone: true,
    },
    {
      name: "realization.waktu-biaya",
      kind: "INDICATOR_REALIZATION",
      aspects: ["WAKTU", "BIAYA"],
      description: {
        id: "Realisasi waktu (bulan) dan biaya tiap kegiatan, dinilai dengan rumus efisiensi.",
        en: "Realised time (months) and cost of each activity, scored by the efficiency formula.",
      },
      monotone: false,
      reason:
        "PP 46/2011 with Perka BKN 1/2013: waktu and biaya score 76 at the target and rise as less is used only while the efficiency e = 100 − R/T × 100 stays at most 24; beyond that the formula 76 − (((1.76T − R)/T × 100) − 100) lowers the score, so finishing far ahead of the time target (or far under the budget) is penalised.",
    },
    {
      name: "SUPERVISOR.behaviour",
      kind: "BEHAVIOUR_SCORE",
      sources: ["SUPERVISOR"],
      fields: BEHAVIOUR_ASPECTS,
      range: { min: 0, max: 100 },
      description: {
        id: "Nilai perilaku kerja dari pejabat penilai per aspek (0–100).",
        en: "The assessing official's behaviour scores per aspect (0–100).",
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
        "PP 46/2011 assesses kepemimpinan only for structural officials, so the behaviour value is the mean of six aspects instead of five; adding the leadership score can raise or lower that mean. Being structural is a fact of the position, not a better or worse input.",
    },
    {
      name: "creativity",
      kind: "CASE",
      fields: ["creativity"],
      description: {
        id: `Tingkat pengakuan kreativitas: ${CREATIVITY_LEVELS.map((l) => GLOSSARY.creativityLevel[l].id.toLowerCase()).join(", ")}.`,
        en: `Level at which creativity was recognised: ${CREATIVITY_LEVELS.map((l) => GLOSSARY.creativityLevel[l].en.toLowerCase()).join(", ")}.`,
      },
      monotone: true,
      improve: nextCreativity,
    },
  ],
  grades: GRADES.map((code) => ({ code, label: categoryLabel(code) })),
  ratingsSchema: Pp46RatingsSchema,
  evaluate: evaluatePp46,
});

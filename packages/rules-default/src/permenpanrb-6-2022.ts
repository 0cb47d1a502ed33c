import {
  type Assessment,
  type CalibrationChange,
  type Consequence,
  type Distribution,
  defineRulePackage,
  type Employee,
  EvaluationCaseSchema,
  type EvaluationResult,
  explainer,
  type FunctionalLevel,
  type Indicator,
  type IndicatorCapaian,
  type Json,
  type KinerjaIssue,
  type LocalizedText,
  label,
  type Organisation,
  type OrganisationPredikat,
  OrganisationSchema,
  type Period,
  type PeriodFacts,
  planCapaian,
  planCapaianValue,
  RATINGS_BEST_FIRST,
  type Rating,
  RatingSchema,
  type ResultCapaian,
  SourceSchema,
  sortedSum,
  type Violation,
  validationError,
  type Warning,
  wholeMonths,
} from "@kinerja/core";
import { z } from "zod";
import {
  type CompactPool,
  compactEvidence,
  headCount,
  planCompactCalibration,
  proposedChanges,
  type RankBound,
} from "./_internal/distribution";
import {
  DEPARTURE_LABELS,
  DEVELOPMENT_LABELS,
  PERMENPANRB_6_2022_MESSAGES,
} from "./messages/permenpanrb-6-2022";
import { PermenpanrbRatingsSchema } from "./ratings";

/** The id of the national rule package for PermenPAN-RB No. 6 Tahun 2022. */
export const PERMENPANRB_6_2022_ID = "permenpanrb-6-2022";

const LB = {
  regulation: "PermenPAN-RB No. 6 Tahun 2022",
  capaian:
    "PermenPAN-RB No. 8 Tahun 2021 (rumus capaian IKI), dipakai dalam evaluasi PermenPAN-RB No. 6 Tahun 2022",
  suggestion:
    "PermenPAN-RB No. 6 Tahun 2022 (rating ditetapkan pejabat penilai kinerja); ambang saran: bawaan Kinerja, belum terverifikasi (U)",
  assessor:
    "PermenPAN-RB No. 6 Tahun 2022 (rating hasil kerja dan rating perilaku kerja oleh pejabat penilai kinerja)",
  headOfUnit:
    "PermenPAN-RB No. 6 Tahun 2022 (rating hasil kerja pimpinan unit kerja mengikuti hasil kinerja organisasi)",
  matrix:
    "PermenPAN-RB No. 6 Tahun 2022, Lampiran (penetapan predikat kinerja pegawai dari rating hasil kerja dan perilaku kerja)",
  distribution:
    "SE MenPAN-RB No. 3 Tahun 2023 (predikat kinerja organisasi dan distribusi predikat kinerja pegawai)",
  angkaKredit:
    "Peraturan BKN No. 3 Tahun 2023 (konversi predikat kinerja ke angka kredit); PermenPAN-RB No. 1 Tahun 2023",
  coaching: "PermenPAN-RB No. 6 Tahun 2022 Pasal 5 (pelaksanaan: bimbingan kinerja)",
  counselling: "PermenPAN-RB No. 6 Tahun 2022 Pasal 5 (pelaksanaan: konseling kinerja)",
  training: "PermenPAN-RB No. 6 Tahun 2022 Pasal 5 (tindak lanjut: pengembangan kompetensi)",
  recognition: "PermenPAN-RB No. 6 Tahun 2022 Pasal 5 (tindak lanjut: penghargaan)",
} as const;

/** Predikat kinerja pegawai, best first. PermenPAN-RB 6/2022. */
const GRADE_CODES = ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"] as const;
type Grade = (typeof GRADE_CODES)[number];
const GradeSchema = z.enum(GRADE_CODES);

/** The results × behaviour matrix: MATRIX[results][behaviour]. PermenPAN-RB 6/2022 Lampiran. */
const MATRIX: Record<Rating, Record<Rating, Grade>> = {
  DI_ATAS_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "SANGAT_BAIK",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_BAWAH_EKSPEKTASI: "KURANG_MISCONDUCT",
  },
  SESUAI_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "BAIK",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_BAWAH_EKSPEKTASI: "KURANG_MISCONDUCT",
  },
  DI_BAWAH_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "BUTUH_PERBAIKAN",
    SESUAI_EKSPEKTASI: "BUTUH_PERBAIKAN",
    DI_BAWAH_EKSPEKTASI: "SANGAT_KURANG",
  },
};

/** Rating values for the behaviour suggestion and the evidence order: 3 / 2 / 1. */
const RATING_VALUE: Record<Rating, number> = {
  DI_ATAS_EKSPEKTASI: 3,
  SESUAI_EKSPEKTASI: 2,
  DI_BAWAH_EKSPEKTASI: 1,
};

const ORGANISATION_PREDIKAT = ["ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"] as const;

const BoundRuleSchema = z
  .strictObject({
    /** Rule id inside its organisation predikat, e.g. `max-baik`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected a lower-case id such as max-baik"),
    /** The grades counted together: one grade or adjacent grades. */
    grades: z.array(GradeSchema).min(1),
    /** AT_MOST or AT_LEAST. */
    kind: z.enum(["AT_MOST", "AT_LEAST"]),
    /** The share of the pool, 0–1. */
    share: z.number().min(0).max(1),
    /** A head count the bound never goes below (AT_LEAST: at least this many; AT_MOST: this many always allowed). */
    minCount: z.number().int().min(0).default(0),
    /** AT_LEAST only: strictly more than the share ("sebagian besar" = more than half), i.e. ⌊share × n⌋ + 1 members. Default false. */
    exceedShare: z.boolean().default(false),
    /** This bound's severity; default: `distribution.severity`. */
    severity: z.enum(["WARNING", "ERROR"]).optional(),
  })
  .superRefine((rule, ctx) => {
    const ranks = [...new Set(rule.grades.map((g) => GRADE_CODES.indexOf(g)))].sort((a, b) => a - b);
    if (ranks.length !== rule.grades.length || (ranks.at(-1) ?? 0) - (ranks[0] ?? 0) !== ranks.length - 1) {
      ctx.addIssue({
        code: "custom",
        path: ["grades"],
        message:
          "grades must be distinct and adjacent on the scale (e.g. BUTUH_PERBAIKAN, KURANG_MISCONDUCT)",
      });
    }
    if (rule.exceedShare && rule.kind !== "AT_LEAST") {
      ctx.addIssue({
        code: "custom",
        path: ["exceedShare"],
        message: "exceedShare applies only to AT_LEAST bounds (more than the share)",
      });
    }
  });
/** A distribution bound as configured. */
type BoundRule = z.output<typeof BoundRuleSchema>;

const rule = (
  id: string,
  grades: Grade[],
  kind: "AT_MOST" | "AT_LEAST",
  share: number,
  minCount = 0,
  extra: Pick<BoundRule, "exceedShare" | "severity"> = { exceedShare: false },
): BoundRule => ({
  id,
  grades,
  kind,
  share,
  minCount,
  ...extra,
});

/** "Sebagian besar": more than half, reported as a warning whatever `distribution.severity` says. */
const MAJORITY = { exceedShare: true, severity: "WARNING" } as const;

/**
 * The SE MenPAN-RB 3/2023 bounds per organisation predikat (M: one source quoting the circular).
 * "Sebagian besar (maksimal 70 %)" is both a floor and a ceiling: more than half (the floor, a
 * warning by default) and at most 70 %. The source words it so for SANGAT_BAIK in an ISTIMEWA
 * unit (M); that the circular uses the same words for BAIK in a BAIK unit is unverified (U).
 */
const DEFAULT_BOUNDS: Record<OrganisationPredikat, BoundRule[]> = {
  ISTIMEWA: [
    rule("max-sangat-baik", ["SANGAT_BAIK"], "AT_MOST", 0.7),
    rule("most-sangat-baik", ["SANGAT_BAIK"], "AT_LEAST", 0.5, 0, MAJORITY),
  ],
  BAIK: [
    rule("max-baik", ["BAIK"], "AT_MOST", 0.7),
    rule("most-baik", ["BAIK"], "AT_LEAST", 0.5, 0, MAJORITY),
    rule("min-butuh-perbaikan-or-kurang", ["BUTUH_PERBAIKAN", "KURANG_MISCONDUCT"], "AT_LEAST", 0, 1),
  ],
  BUTUH_PERBAIKAN: [
    rule("min-butuh-perbaikan", ["BUTUH_PERBAIKAN"], "AT_LEAST", 0.6),
    rule("max-sangat-baik", ["SANGAT_BAIK"], "AT_MOST", 0.1),
  ],
  KURANG: [
    rule("min-kurang", ["KURANG_MISCONDUCT"], "AT_LEAST", 0.6),
    rule("min-butuh-perbaikan", ["BUTUH_PERBAIKAN"], "AT_LEAST", 0.1),
    rule("max-sangat-baik", ["SANGAT_BAIK"], "AT_MOST", 0.1),
  ],
  SANGAT_KURANG: [
    rule("min-sangat-kurang", ["SANGAT_KURANG"], "AT_LEAST", 0.6),
    rule("min-kurang-or-butuh-perbaikan", ["BUTUH_PERBAIKAN", "KURANG_MISCONDUCT"], "AT_LEAST", 0.1),
    rule("no-sangat-baik", ["SANGAT_BAIK"], "AT_MOST", 0),
  ],
};

const DEFAULT_HEAD_OF_UNIT: Record<OrganisationPredikat, Rating> = {
  ISTIMEWA: "DI_ATAS_EKSPEKTASI",
  BAIK: "SESUAI_EKSPEKTASI",
  BUTUH_PERBAIKAN: "DI_BAWAH_EKSPEKTASI",
  KURANG: "DI_BAWAH_EKSPEKTASI",
  SANGAT_KURANG: "DI_BAWAH_EKSPEKTASI",
};
const DEFAULT_PERCENTAGES: Record<Grade, number> = {
  SANGAT_BAIK: 150,
  BAIK: 100,
  BUTUH_PERBAIKAN: 75,
  KURANG_MISCONDUCT: 50,
  SANGAT_KURANG: 25,
};
const DEFAULT_COEFFICIENTS: Record<FunctionalLevel, number> = {
  PEMULA: 3.75,
  TERAMPIL: 5,
  MAHIR: 12.5,
  PENYELIA: 25,
  AHLI_PERTAMA: 12.5,
  AHLI_MUDA: 25,
  AHLI_MADYA: 37.5,
  AHLI_UTAMA: 50,
};

const RoundingSchema = z.enum(["FLOOR", "ROUND", "CEIL"]);
const DEFAULT_MIN_POOL_SIZE = 10;
const MonthCountingSchema = z.enum(["WHOLE_MONTHS", "MONTHS_BEGUN", "DAYS_365"]);
/** How angka kredit counts the months of a period. */
type MonthCounting = z.output<typeof MonthCountingSchema>;
const Percentage = z.number().finite().min(0);
const Coefficient = z.number().finite().min(0);

/**
 * Configuration of `permenpanrb-6-2022`. Every field has a default; the numbers marked
 * unverified (U) in the package documentation are Kinerja's defaults, not the regulation's.
 */
export const Permenpanrb6of2022ConfigSchema = z.strictObject({
  /** Thresholds of the suggested results rating from plan capaian, in percent (U). */
  resultSuggestion: z
    .strictObject({
      /** Capaian from which DI_ATAS_EKSPEKTASI is suggested (U, default 110). */
      aboveFrom: z.number().finite().min(0).default(110),
      /** Capaian from which SESUAI_EKSPEKTASI is suggested; below it DI_BAWAH_EKSPEKTASI (U, default 90). */
      meetsFrom: z.number().finite().min(0).default(90),
    })
    .refine((t) => t.aboveFrom >= t.meetsFrom, {
      message: "aboveFrom must not be below meetsFrom",
      path: ["aboveFrom"],
    })
    .default({ aboveFrom: 110, meetsFrom: 90 }),
  /** The suggested behaviour rating: the mean of the behaviour ratings given (DI_ATAS 3, SESUAI 2, DI_BAWAH 1) (U). */
  behaviourSuggestion: z
    .strictObject({
      /** Sources whose `behaviourRating` counts: `ALL` (default) or a list such as ["SUPERVISOR", "PEER"]. */
      sources: z.union([z.literal("ALL"), z.array(SourceSchema).min(1)]).default("ALL"),
      /** Mean from which DI_ATAS_EKSPEKTASI is suggested (U, default 2.5). */
      aboveFrom: z.number().min(1).max(3).default(2.5),
      /** Mean from which SESUAI_EKSPEKTASI is suggested; below it DI_BAWAH_EKSPEKTASI (U, default 1.5). */
      meetsFrom: z.number().min(1).max(3).default(1.5),
    })
    .refine((t) => t.aboveFrom >= t.meetsFrom, {
      message: "aboveFrom must not be below meetsFrom",
      path: ["aboveFrom"],
    })
    .default({ sources: "ALL", aboveFrom: 2.5, meetsFrom: 1.5 }),
  /** An assessor rating that departs from a suggestion without a justification: a WARNING (default) or an ERROR. */
  missingJustification: z.enum(["WARNING", "ERROR"]).default("WARNING"),
  /** Head-of-unit rule: the results rating of a unit head for each organisation predikat (mapping U). */
  headOfUnit: z
    .strictObject({
      /** Organisation ISTIMEWA (default DI_ATAS_EKSPEKTASI). */
      ISTIMEWA: RatingSchema.default(DEFAULT_HEAD_OF_UNIT.ISTIMEWA),
      /** Organisation BAIK (default SESUAI_EKSPEKTASI). */
      BAIK: RatingSchema.default(DEFAULT_HEAD_OF_UNIT.BAIK),
      /** Organisation BUTUH_PERBAIKAN (default DI_BAWAH_EKSPEKTASI). */
      BUTUH_PERBAIKAN: RatingSchema.default(DEFAULT_HEAD_OF_UNIT.BUTUH_PERBAIKAN),
      /** Organisation KURANG (default DI_BAWAH_EKSPEKTASI). */
      KURANG: RatingSchema.default(DEFAULT_HEAD_OF_UNIT.KURANG),
      /** Organisation SANGAT_KURANG (default DI_BAWAH_EKSPEKTASI). */
      SANGAT_KURANG: RatingSchema.default(DEFAULT_HEAD_OF_UNIT.SANGAT_KURANG),
    })
    .superRefine((mapping, ctx) => {
      for (let i = 1; i < ORGANISATION_PREDIKAT.length; i += 1) {
        const better = mapping[ORGANISATION_PREDIKAT[i - 1]!];
        const worse = mapping[ORGANISATION_PREDIKAT[i]!];
        if (RATING_VALUE[worse] > RATING_VALUE[better]) {
          ctx.addIssue({
            code: "custom",
            path: [ORGANISATION_PREDIKAT[i]!],
            message: `a worse organisation predikat may not give a better rating than ${ORGANISATION_PREDIKAT[i - 1]} (${better})`,
          });
        }
      }
    })
    .default(DEFAULT_HEAD_OF_UNIT),
  /** Angka kredit of functional positions (Perban BKN 3/2023). */
  angkaKredit: z
    .strictObject({
      /** Percentage of the yearly coefficient per predikat (H: 150/100/75/50/25). */
      percentages: z
        .strictObject({
          /** SANGAT_BAIK (default 150). */
          SANGAT_BAIK: Percentage.default(DEFAULT_PERCENTAGES.SANGAT_BAIK),
          /** BAIK (default 100). */
          BAIK: Percentage.default(DEFAULT_PERCENTAGES.BAIK),
          /** BUTUH_PERBAIKAN (default 75). */
          BUTUH_PERBAIKAN: Percentage.default(DEFAULT_PERCENTAGES.BUTUH_PERBAIKAN),
          /** KURANG_MISCONDUCT (default 50). */
          KURANG_MISCONDUCT: Percentage.default(DEFAULT_PERCENTAGES.KURANG_MISCONDUCT),
          /** SANGAT_KURANG (default 25). */
          SANGAT_KURANG: Percentage.default(DEFAULT_PERCENTAGES.SANGAT_KURANG),
        })
        .default(DEFAULT_PERCENTAGES),
      /** Yearly coefficient per functional level. */
      coefficients: z
        .strictObject({
          /** Pemula (U, default 3.75). */
          PEMULA: Coefficient.default(DEFAULT_COEFFICIENTS.PEMULA),
          /** Terampil (U, default 5). */
          TERAMPIL: Coefficient.default(DEFAULT_COEFFICIENTS.TERAMPIL),
          /** Mahir (U, default 12.5). */
          MAHIR: Coefficient.default(DEFAULT_COEFFICIENTS.MAHIR),
          /** Penyelia (U, default 25). */
          PENYELIA: Coefficient.default(DEFAULT_COEFFICIENTS.PENYELIA),
          /** Ahli Pertama (H, default 12.5). */
          AHLI_PERTAMA: Coefficient.default(DEFAULT_COEFFICIENTS.AHLI_PERTAMA),
          /** Ahli Muda (H, default 25). */
          AHLI_MUDA: Coefficient.default(DEFAULT_COEFFICIENTS.AHLI_MUDA),
          /** Ahli Madya (U, default 37.5). */
          AHLI_MADYA: Coefficient.default(DEFAULT_COEFFICIENTS.AHLI_MADYA),
          /** Ahli Utama (U, default 50). */
          AHLI_UTAMA: Coefficient.default(DEFAULT_COEFFICIENTS.AHLI_UTAMA),
        })
        .default(DEFAULT_COEFFICIENTS),
      /** Without a period: FULL_YEAR (default: 12 months, with a warning) or ERROR (the period is required). */
      withoutPeriod: z.enum(["FULL_YEAR", "ERROR"]).default("FULL_YEAR"),
      /**
       * How the months of the period are counted (U): WHOLE_MONTHS (default: calendar months the
       * period covers entirely), MONTHS_BEGUN (every calendar month the period touches) or
       * DAYS_365 (days of the period / 365 × 12, at most 12).
       */
      months: MonthCountingSchema.default("WHOLE_MONTHS"),
    })
    .default({
      percentages: DEFAULT_PERCENTAGES,
      coefficients: DEFAULT_COEFFICIENTS,
      withoutPeriod: "FULL_YEAR",
      months: "WHOLE_MONTHS",
    }),
  /** Distribution of predikat within an organisation (SE MenPAN-RB 3/2023). */
  distribution: z
    .strictObject({
      /** Severity of a violated bound: WARNING (default; the curve guides) or ERROR (the curve binds). */
      severity: z.enum(["WARNING", "ERROR"]).default("WARNING"),
      /** How a share becomes a head count in small pools (U). */
      rounding: z
        .strictObject({
          /** AT_MOST bounds: FLOOR (default: the share is never exceeded), ROUND or CEIL. */
          atMost: RoundingSchema.default("FLOOR"),
          /** AT_LEAST bounds: CEIL (default: the share is always reached), ROUND or FLOOR. */
          atLeast: RoundingSchema.default("CEIL"),
        })
        .default({ atMost: "FLOOR", atLeast: "CEIL" }),
      /**
       * Pools (units) with fewer employees than this are checked, but every violation is only a
       * WARNING, whatever the severity (U, default 10): shares of a handful of people are coarse.
       * Units are never pooled together.
       */
      minPoolSize: z.number().int().min(0).default(DEFAULT_MIN_POOL_SIZE),
      /** The bounds per organisation predikat (default: the SE 3/2023 table). */
      bounds: z
        .strictObject({
          /** Organisation ISTIMEWA: SANGAT_BAIK at most 70 % and more than half (a warning). */
          ISTIMEWA: z.array(BoundRuleSchema).default(DEFAULT_BOUNDS.ISTIMEWA),
          /** Organisation BAIK: BAIK at most 70 % and more than half (a warning, U); at least one BUTUH_PERBAIKAN or KURANG_MISCONDUCT. */
          BAIK: z.array(BoundRuleSchema).default(DEFAULT_BOUNDS.BAIK),
          /** Organisation BUTUH_PERBAIKAN: BUTUH_PERBAIKAN at least 60 %; SANGAT_BAIK at most 10 %. */
          BUTUH_PERBAIKAN: z.array(BoundRuleSchema).default(DEFAULT_BOUNDS.BUTUH_PERBAIKAN),
          /** Organisation KURANG: KURANG_MISCONDUCT at least 60 %; BUTUH_PERBAIKAN at least 10 %; SANGAT_BAIK at most 10 %. */
          KURANG: z.array(BoundRuleSchema).default(DEFAULT_BOUNDS.KURANG),
          /** Organisation SANGAT_KURANG: SANGAT_KURANG at least 60 %; KURANG_MISCONDUCT or BUTUH_PERBAIKAN at least 10 %; no SANGAT_BAIK. */
          SANGAT_KURANG: z.array(BoundRuleSchema).default(DEFAULT_BOUNDS.SANGAT_KURANG),
        })
        .default(DEFAULT_BOUNDS),
    })
    .default({
      severity: "WARNING",
      rounding: { atMost: "FLOOR", atLeast: "CEIL" },
      minPoolSize: DEFAULT_MIN_POOL_SIZE,
      bounds: DEFAULT_BOUNDS,
    }),
});
/** The parsed configuration of `permenpanrb-6-2022`. */
export type Permenpanrb6of2022Config = z.output<typeof Permenpanrb6of2022ConfigSchema>;

/** Problems with the SUPERVISOR assessment that the package reads; empty when it can be used. */
function supervisorIssues(c: {
  employee: Pick<Employee, "isUnitHead">;
  assessments: readonly Assessment[];
}): KinerjaIssue[] {
  // The usual case, answered without building anything: one SUPERVISOR with what it needs.
  let supervisor: Assessment | undefined;
  let supervisors = 0;
  for (const a of c.assessments) {
    if (a.source === "SUPERVISOR") {
      supervisors += 1;
      supervisor = a;
    }
  }
  if (
    supervisors === 1 &&
    supervisor !== undefined &&
    supervisor.behaviourRating !== undefined &&
    (supervisor.resultRating !== undefined || c.employee.isUnitHead)
  ) {
    return [];
  }
  const indices = c.assessments.flatMap((a, i) => (a.source === "SUPERVISOR" ? [i] : []));
  const first = indices[0];
  if (first === undefined) {
    return [
      {
        path: ["assessments"],
        message:
          "a SUPERVISOR assessment is required: the pejabat penilai kinerja's resultRating and behaviourRating set the predikat (PermenPAN-RB 6/2022)",
        code: "missing",
      },
    ];
  }
  const issues: KinerjaIssue[] = indices.slice(1).map((i) => ({
    path: ["assessments", i, "source"],
    message: `only one SUPERVISOR assessment may count; assessments[${first}] is already the SUPERVISOR's`,
    code: "duplicate",
  }));
  const a = c.assessments[first]!;
  if (a.resultRating === undefined && !c.employee.isUnitHead) {
    issues.push({
      path: ["assessments", first, "resultRating"],
      message: "the SUPERVISOR assessment needs a resultRating (rating hasil kerja)",
      code: "missing",
    });
  }
  if (a.behaviourRating === undefined) {
    issues.push({
      path: ["assessments", first, "behaviourRating"],
      message: "the SUPERVISOR assessment needs a behaviourRating (rating perilaku kerja)",
      code: "missing",
    });
  }
  return issues;
}

/**
 * A case for `permenpanrb-6-2022`: the core case with exactly one SUPERVISOR assessment carrying
 * both ratings (a unit head's resultRating may be left out), and, for a unit head, optionally the
 * unit they head with its predikat.
 */
export const Permenpanrb6of2022CaseSchema = EvaluationCaseSchema.extend({
  /** For a unit head: the unit they head with its predikat (head-of-unit rule); defaults to the request's organisation. */
  organisation: OrganisationSchema.optional(),
}).superRefine((c, ctx) => {
  for (const issue of supervisorIssues(c)) {
    ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message });
  }
});
/** A validated case of `permenpanrb-6-2022`. */
export type Permenpanrb6of2022Case = z.output<typeof Permenpanrb6of2022CaseSchema>;

const t = (id: string, en: string): LocalizedText => ({ id, en });
const lbl = (category: Parameters<typeof label>[0], code: string): LocalizedText =>
  label(category, code) ?? t(code, code);

/** A number for people: up to 2 decimals, with a decimal comma in Indonesian. */
function num(value: number): LocalizedText {
  const s = String(Math.round(value * 100) / 100);
  return t(s.replace(".", ","), s);
}

/** A number with 3 decimals, as BKN displays angka kredit. */
function decimals3(value: number): LocalizedText {
  const s = value.toFixed(3);
  return t(s.replace(".", ","), s);
}

function thresholdRating(value: number, aboveFrom: number, meetsFrom: number): Rating {
  if (value >= aboveFrom) return "DI_ATAS_EKSPEKTASI";
  if (value >= meetsFrom) return "SESUAI_EKSPEKTASI";
  return "DI_BAWAH_EKSPEKTASI";
}

interface AngkaKredit {
  value: number;
  percentage: number;
  coefficient: number;
  months: number;
  monthsFromPeriod: boolean;
  level: FunctionalLevel;
}

/**
 * Angka kredit = percentage(predikat) × coefficient(level) × months / 12 (Perban BKN 3/2023),
 * rounded to 3 decimals as BKN displays it. A period longer than a year is refused.
 */
function angkaKredit(
  grade: Grade,
  employee: Employee,
  period: Period | undefined,
  config: Permenpanrb6of2022Config,
  facts?: PeriodFacts,
): AngkaKredit | undefined {
  const level = employee.functionalLevel;
  if (employee.positionKind !== "JF" || level === undefined) return undefined;
  const percentage = config.angkaKredit.percentages[grade];
  const coefficient = config.angkaKredit.coefficients[level];
  if (period && !PERIODS_WITHIN_A_YEAR.has(period)) {
    const issues = angkaKreditPeriodIssues(period);
    if (issues.length > 0) throw validationError(issues);
    PERIODS_WITHIN_A_YEAR.add(period);
  }
  // Whole months come from the batch's period facts (computed once), not per case.
  const months = !period
    ? 12
    : config.angkaKredit.months === "WHOLE_MONTHS" && facts?.period === period
      ? facts.wholeMonths
      : countMonths(period, config.angkaKredit.months);
  return {
    value: Math.round((percentage * coefficient * months) / 1.2) / 1000,
    percentage,
    coefficient,
    months,
    monthsFromPeriod: period !== undefined,
    level,
  };
}

/**
 * Periods found to be at most a year long: the batch's period object is checked once, not once
 * a case. A period is a validated value no one changes once parsed.
 */
const PERIODS_WITHIN_A_YEAR = new WeakSet<Period>();

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The months of a period by the configured counting rule (the period is at most a year). */
function countMonths(period: Pick<Period, "start" | "end">, rule: MonthCounting): number {
  if (rule === "WHOLE_MONTHS") return wholeMonths(period);
  if (rule === "MONTHS_BEGUN") {
    const [sy, sm] = period.start.split("-").map(Number) as [number, number];
    const [ey, em] = period.end.split("-").map(Number) as [number, number];
    return Math.max(0, (ey - sy) * 12 + (em - sm) + 1);
  }
  const days = dayNumber(period.end) - dayNumber(period.start) + 1;
  return Math.min(12, Math.max(0, (days / 365) * 12));
}

/** Issues with a period used for angka kredit: it may not be longer than a year. */
function angkaKreditPeriodIssues(period: Pick<Period, "start" | "end">): KinerjaIssue[] {
  const [y, rest] = [Number(period.start.slice(0, 4)), period.start.slice(4)];
  const anniversary = `${String(y + 1).padStart(4, "0")}${rest}`;
  if (period.end < anniversary) return [];
  return [
    {
      path: ["period", "end"],
      message: `angka kredit is computed for at most one year: the period ${period.start} – ${period.end} is longer; end it before ${anniversary}`,
      code: "too_big",
    },
  ];
}

function angkaKreditLabel(ak: AngkaKredit, grade: Grade): LocalizedText {
  const lv = lbl("functionalLevel", ak.level);
  const g = lbl("predikat", grade);
  const v = decimals3(ak.value);
  const c = num(ak.coefficient);
  const m = num(ak.months);
  const note = ak.monthsFromPeriod
    ? t("", "")
    : t(" (periode tidak diberikan: dianggap 12 bulan)", " (no period given: 12 months assumed)");
  return t(
    `Angka kredit ${v.id} = ${ak.percentage} % × ${c.id} (${lv.id}) × ${m.id}/12 bulan, predikat ${g.id}${note.id}`,
    `Credit points ${v.en} = ${ak.percentage} % × ${c.en} (${lv.en}) × ${m.en}/12 months, predikat ${g.en}${note.en}`,
  );
}

type DevelopmentAction = "COACHING" | "TRAINING" | "COUNSELLING" | "RECOGNITION";

const DEVELOPMENT: Record<DevelopmentAction, { label: LocalizedText; legalBasis: string }> = {
  COACHING: {
    label: DEVELOPMENT_LABELS.COACHING,
    legalBasis: LB.coaching,
  },
  TRAINING: {
    label: DEVELOPMENT_LABELS.TRAINING,
    legalBasis: LB.training,
  },
  COUNSELLING: {
    label: DEVELOPMENT_LABELS.COUNSELLING,
    legalBasis: LB.counselling,
  },
  RECOGNITION: {
    label: DEVELOPMENT_LABELS.RECOGNITION,
    legalBasis: LB.recognition,
  },
};

function developmentActions(grade: Grade): DevelopmentAction[] {
  if (grade === "SANGAT_BAIK") return ["RECOGNITION"];
  if (grade === "BAIK") return [];
  return ["COACHING", "TRAINING", "COUNSELLING"];
}

/**
 * The DEVELOPMENT consequences of each predikat, made once and frozen: every result of the same
 * predikat shares them (and the engine checks each once a batch).
 */
const DEVELOPMENT_CONSEQUENCES: Record<Grade, readonly Consequence[]> = Object.fromEntries(
  GRADE_CODES.map((grade) => [
    grade,
    Object.freeze(
      developmentActions(grade).map((action) =>
        Object.freeze({
          kind: "DEVELOPMENT" as const,
          action,
          label: Object.freeze({ ...DEVELOPMENT[action].label }),
          legalBasis: DEVELOPMENT[action].legalBasis,
        }),
      ),
    ),
  ]),
) as Record<Grade, readonly Consequence[]>;

/**
 * The ANGKA_KREDIT consequences made so far, per configuration, by months counted (negative:
 * no period), predikat and functional level: a batch has a handful of distinct ones, shared,
 * frozen, by every result that earns the same (value, percentage and coefficient follow from
 * the configuration, the predikat and the level).
 */
const AK_CONSEQUENCES = new WeakMap<
  Permenpanrb6of2022Config,
  Map<number, Partial<Record<Grade, Partial<Record<FunctionalLevel, Consequence>>>>>
>();

function angkaKreditConsequence(
  ak: AngkaKredit,
  grade: Grade,
  config: Permenpanrb6of2022Config,
): Consequence {
  let byMonths = AK_CONSEQUENCES.get(config);
  if (byMonths === undefined) {
    byMonths = new Map();
    AK_CONSEQUENCES.set(config, byMonths);
  }
  const monthsKey = ak.monthsFromPeriod ? ak.months : -1 - ak.months;
  let byGrade = byMonths.get(monthsKey);
  if (byGrade === undefined) {
    if (byMonths.size >= 256) byMonths.clear();
    byGrade = {};
    byMonths.set(monthsKey, byGrade);
  }
  let byLevel = byGrade[grade];
  if (byLevel === undefined) {
    byLevel = {};
    byGrade[grade] = byLevel;
  }
  let consequence = byLevel[ak.level];
  if (consequence === undefined) {
    consequence = Object.freeze({
      kind: "ANGKA_KREDIT" as const,
      value: ak.value,
      percentage: ak.percentage,
      coefficient: ak.coefficient,
      months: ak.months,
      legalBasis: LB.angkaKredit,
      label: Object.freeze({ ...angkaKreditLabel(ak, grade) }),
    });
    byLevel[ak.level] = consequence;
  }
  return consequence;
}

/** The warning text of each departure without a justification: field × given × suggested rating. */
const DEPARTURE_MESSAGES = Object.fromEntries(
  (["resultRating", "behaviourRating"] as const).map((field) => [
    field,
    Object.fromEntries(
      RATINGS_BEST_FIRST.map((given) => [
        given,
        Object.fromEntries(
          RATINGS_BEST_FIRST.map((suggested) => [
            suggested,
            Object.freeze(
              t(
                `Nilai ${DEPARTURE_LABELS[field].id} "${lbl("rating", given).id}" berbeda dari saran "${lbl("rating", suggested).id}": tuliskan justifikasi.`,
                `The ${DEPARTURE_LABELS[field].en} ${lbl("rating", given).en} departs from the suggested ${lbl("rating", suggested).en}: a justification is required.`,
              ),
            ),
          ]),
        ),
      ]),
    ),
  ]),
) as Record<Departure["field"], Record<Rating, Record<Rating, LocalizedText>>>;

const departureMessage = (d: Departure): LocalizedText => DEPARTURE_MESSAGES[d.field][d.given][d.suggested];

/** Warning texts that are the same for every case, shared (frozen) by the warnings. */
const NO_FUNCTIONAL_LEVEL = Object.freeze(
  t(
    "Pegawai jabatan fungsional tanpa jenjang: angka kredit tidak dihitung.",
    "Functional employee without a functional level: no credit points computed.",
  ),
);
const FULL_YEAR_ASSUMED = Object.freeze(
  t(
    "Periode tidak diberikan: angka kredit dihitung untuk 12 bulan.",
    "No period given: credit points computed for 12 months.",
  ),
);

/** Indexes 0 … n − 1 in the order of their keys (stable: equal keys keep their order). */
function orderBy(n: number, keyAt: (i: number) => string): number[] {
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const key = keyAt(i);
    let j = i - 1;
    while (j >= 0 && keyAt(order[j] as number) > key) {
      order[j + 1] = order[j] as number;
      j -= 1;
    }
    order[j + 1] = i;
  }
  return order;
}

/**
 * The capaian steps: one per result (by result id) with its indicators (by indicator id), then
 * the plan's. `plan` is {@link planCapaian} of `results`, in the same order.
 */
function explainCapaian(
  ex: ReturnType<typeof explainer>,
  plan: ReturnType<typeof planCapaian>,
  results: readonly { indicators: readonly Indicator[] }[],
): void {
  const order = orderBy(plan.results.length, (k) => (plan.results[k] as ResultCapaian).resultId);
  for (const k of order) {
    const r = plan.results[k] as ResultCapaian;
    const own = (results[k] as { indicators: readonly Indicator[] }).indicators;
    const byIndicator = orderBy(
      r.indicators.length,
      (m) => (r.indicators[m] as IndicatorCapaian).indicatorId,
    );
    const params: Json[] = new Array(byIndicator.length);
    const inputs: Json[] = new Array(byIndicator.length);
    for (let x = 0; x < byIndicator.length; x += 1) {
      const m = byIndicator[x] as number;
      const i = r.indicators[m] as IndicatorCapaian;
      const ind = own[m];
      params[x] = { indicator: i.indicatorId, capaian: i.capaian };
      inputs[x] = {
        indicatorId: i.indicatorId,
        aspect: ind?.aspect ?? null,
        target: ind
          ? typeof ind.target === "number"
            ? ind.target
            : { min: ind.target.min, max: ind.target.max }
          : null,
        realization: i.realization ?? null,
        capaian: i.capaian,
        weight: i.weight,
      };
    }
    ex.step({
      rule: "capaian/result",
      legalBasis: LB.capaian,
      messageId: "capaian/result",
      params: { result: r.resultId, capaian: r.capaian, count: byIndicator.length, indicators: params },
      inputs: { resultId: r.resultId, kind: r.kind, weight: r.weight, indicators: inputs },
      output: r.capaian,
    });
  }
  ex.step({
    rule: "capaian/plan",
    legalBasis: LB.capaian,
    messageId: plan.additional === null ? "capaian/plan" : "capaian/plan.additional",
    params: { capaian: plan.capaian, additional: plan.additional },
    inputs: {
      results: order.map((k) => {
        const r = plan.results[k] as ResultCapaian;
        return { resultId: r.resultId, kind: r.kind, capaian: r.capaian, weight: r.weight };
      }),
      additional: plan.additional,
    },
    output: plan.capaian,
  });
}

/** An assessor rating that departs from its suggestion. */
interface Departure {
  field: "resultRating" | "behaviourRating";
  given: Rating;
  suggested: Rating;
}

/** A rating's value (3/2/1), 0 for anything else; compared, not looked up, as it runs a million times a pool. */
const ratingOf = (value: unknown): number =>
  value === "DI_ATAS_EKSPEKTASI"
    ? 3
    : value === "SESUAI_EKSPEKTASI"
      ? 2
      : value === "DI_BAWAH_EKSPEKTASI"
        ? 1
        : 0;

/** A predikat's rank on the scale (0 = SANGAT_BAIK). */
const GRADE_RANK: ReadonlyMap<string, number> = new Map(GRADE_CODES.map((g, i) => [g, i]));

/**
 * The pool in compact form for the calibration: each result's grade rank and its evidence key —
 * the assessor's results rating and behaviour rating (they set the predikat, PermenPAN-RB
 * 6/2022), then capaian to break ties, then the suggested ratings — as one ordinal per member
 * (typed arrays, nothing kept per result).
 */
function compactPool(results: readonly EvaluationResult[], ranks: Uint8Array): CompactPool {
  const n = results.length;
  const ratings = new Uint8Array(n);
  const capaian = new Float64Array(n);
  const suggested = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const r = (results[i] as EvaluationResult).ratings;
    ratings[i] = ratingOf(r.resultRating) * 4 + ratingOf(r.behaviourRating);
    const c = typeof r.capaian === "number" ? r.capaian : 0;
    capaian[i] = Number.isNaN(c) ? 0 : c;
    suggested[i] = ratingOf(r.suggestedResultRating) * 4 + ratingOf(r.suggestedBehaviourRating);
  }
  return { ranks, ...compactEvidence(ratings, capaian, suggested, 16) };
}

const capaianOf = (result: EvaluationResult): number =>
  typeof result.ratings.capaian === "number" ? result.ratings.capaian : 0;

/** Capaian above this (in percent) no longer orders employees in the single calibration score. */
const CAPAIAN_SCORE_SPAN = 1_000_000;

const CALIBRATION_ORDER = t(
  "Usulan kalibrasi memenuhi batas distribusi dengan jumlah langkah perubahan predikat paling sedikit (satu pegawai naik/turun satu tingkat = satu langkah); bila sama, paling sedikit langkah naik, lalu paling sedikit pegawai yang berubah. Pegawai dipilih hanya berdasarkan bukti kinerja, diurutkan menurut rating hasil kerja dan rating perilaku kerja dari pejabat penilai, lalu capaian SKP bila rating sama, lalu saran rating hasil kerja dan saran rating perilaku kerja: dalam satu predikat, bukti terlemah turun lebih dulu dan bukti terkuat naik lebih dulu, dan tidak ada pegawai yang ditempatkan di bawah pegawai dengan bukti lebih lemah yang sebelumnya tidak berada di atasnya. Identitas, nama dan urutan masukan tidak dipakai; pegawai dengan bukti dan predikat yang sama dapat saling menggantikan. Usulan tidak pernah diterapkan otomatis.",
  "The calibration proposal meets the distribution bounds with the fewest grade steps (one employee moved one predikat up or down is one step); on a tie, the fewest upward steps, then the fewest employees changed. Employees are chosen by the evidence only, ordered by the assessor's results rating and behaviour rating, then SKP capaian where the ratings are equal, then the suggested results rating and the suggested behaviour rating: within a predikat the weakest evidence moves down first and the strongest moves up first, and nobody is placed below an employee with weaker evidence who was not already above them. Identity, names and input order are never used; employees with equal evidence and predikat are interchangeable. The proposal is never applied on its own.",
);

function gradesLabel(grades: readonly Grade[]): LocalizedText {
  const ls = grades.map((g) => lbl("predikat", g));
  return t(ls.map((l) => l.id).join(" dan/atau "), ls.map((l) => l.en).join(" and/or "));
}

function percent(share: number): LocalizedText {
  return num(share * 100);
}

function violationMessage(
  b: BoundRule,
  count: number,
  actual: number,
  n: number,
  organisation: OrganisationPredikat,
  minPoolSize: number | undefined,
): LocalizedText {
  const org = lbl("organisationPredikat", organisation);
  const g = gradesLabel(b.grades);
  const a = percent(actual / n);
  const found = t(`ditemukan ${actual} (${a.id} %)`, `found ${actual} (${a.en} %)`);
  // A head count set by minCount (e.g. "at least one") is stated as a count, not as a share.
  const bound =
    b.minCount > 0 && count === b.minCount
      ? t(`${count} dari ${n} pegawai`, `${count} of ${n} employees`)
      : t(
          `${percent(b.share).id} % (${count} dari ${n} pegawai)`,
          `${percent(b.share).en} % (${count} of ${n} employees)`,
        );
  const note =
    minPoolSize === undefined
      ? t("", "")
      : t(
          ` Unit kecil (${n} pegawai, kurang dari ${minPoolSize}): hanya peringatan, tanpa usulan kalibrasi.`,
          ` Small unit (${n} employees, fewer than ${minPoolSize}): a warning only, no calibration proposal.`,
        );
  if (b.kind === "AT_MOST") {
    return t(
      `Organisasi berpredikat ${org.id}: predikat ${g.id} paling banyak ${bound.id}, ${found.id}.${note.id}`,
      `Organisation rated ${org.en}: at most ${bound.en} may be ${g.en}; ${found.en}.${note.en}`,
    );
  }
  if (b.exceedShare) {
    const share = percent(b.share);
    return t(
      `Organisasi berpredikat ${org.id}: sebagian besar pegawai berpredikat ${g.id}, lebih dari ${share.id} % (paling sedikit ${count} dari ${n} pegawai), ${found.id}.${note.id}`,
      `Organisation rated ${org.en}: most employees should be ${g.en}, more than ${share.en} % (at least ${count} of ${n} employees); ${found.en}.${note.en}`,
    );
  }
  return t(
    `Organisasi berpredikat ${org.id}: predikat ${g.id} paling sedikit ${bound.id}, ${found.id}.${note.id}`,
    `Organisation rated ${org.en}: at least ${bound.en} must be ${g.en}; ${found.en}.${note.en}`,
  );
}

function changeReason(result: EvaluationResult, from: Grade, to: Grade, tied: number): LocalizedText {
  const steps = GRADE_CODES.indexOf(to) - GRADE_CODES.indexOf(from);
  const f = lbl("predikat", from);
  const r = result.ratings;
  const cap = num(typeof r.capaian === "number" ? r.capaian : 0);
  const rr = typeof r.resultRating === "string" ? lbl("rating", r.resultRating) : t("-", "-");
  const br = typeof r.behaviourRating === "string" ? lbl("rating", r.behaviourRating) : t("-", "-");
  const evidence = t(
    `rating hasil kerja ${rr.id}, rating perilaku kerja ${br.id}, capaian ${cap.id} %`,
    `results rating ${rr.en}, behaviour rating ${br.en}, capaian ${cap.en} %`,
  );
  const tie =
    tied > 0
      ? t(
          ` Bukti setara dengan ${tied} pegawai lain berpredikat sama; siapa pun di antara mereka dapat dipilih.`,
          ` Evidence equal to ${tied} other employee(s) with the same predikat; any of them may be chosen.`,
        )
      : t("", "");
  return steps > 0
    ? t(
        `Bukti kinerja terlemah di antara pegawai berpredikat ${f.id} (${evidence.id}): turun ${steps} tingkat agar batas distribusi terpenuhi.${tie.id}`,
        `Weakest evidence among employees rated ${f.en} (${evidence.en}): down ${steps} grade(s) to meet the distribution bounds.${tie.en}`,
      )
    : t(
        `Bukti kinerja terkuat di antara pegawai berpredikat ${f.id} (${evidence.id}): naik ${-steps} tingkat agar batas distribusi terpenuhi.${tie.id}`,
        `Strongest evidence among employees rated ${f.en} (${evidence.en}): up ${-steps} grade(s) to meet the distribution bounds.${tie.en}`,
      );
}

/**
 * The national rule package of PermenPAN-RB No. 6 Tahun 2022: the pejabat penilai kinerja's
 * results and behaviour ratings (with ratings suggested from capaian and feedback, and a
 * justification when the assessor departs from them), the head-of-unit rule, the results ×
 * behaviour matrix giving the predikat, SE MenPAN-RB 3/2023 distribution checks with a
 * calibration proposal, and angka kredit and development consequences.
 *
 * @example
 * import { evaluate } from "@kinerja/core";
 * const result = evaluate(caseInput, permenpanrb6of2022, { period: { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" } });
 * result.grade; // "BAIK"
 */
export const permenpanrb6of2022 = defineRulePackage({
  id: PERMENPANRB_6_2022_ID,
  version: "2.0.0",
  title: t(
    "Pengelolaan Kinerja Pegawai ASN (PermenPAN-RB 6/2022)",
    "Performance management of civil servants (PermenPAN-RB 6/2022)",
  ),
  description: t(
    "Predikat kinerja pegawai dari rating hasil kerja dan rating perilaku kerja pejabat penilai, dengan saran rating dari capaian dan umpan balik, aturan pimpinan unit, kurva distribusi SE 3/2023 dan angka kredit.",
    "Employee predikat from the assessor's results and behaviour ratings, with ratings suggested from capaian and feedback, the head-of-unit rule, the SE 3/2023 distribution curve and credit points.",
  ),
  legalBasis: [
    "PermenPAN-RB No. 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara",
    "SE MenPAN-RB No. 3 Tahun 2023 (predikat kinerja organisasi dan distribusi predikat kinerja pegawai)",
    "PermenPAN-RB No. 8 Tahun 2021 (capaian indikator kinerja)",
    "Peraturan BKN No. 3 Tahun 2023 dan PermenPAN-RB No. 1 Tahun 2023 (angka kredit jabatan fungsional)",
  ],
  configSchema: Permenpanrb6of2022ConfigSchema,
  caseSchema: Permenpanrb6of2022CaseSchema,
  inputs: [
    {
      name: "SUPERVISOR.resultRating",
      kind: "RATING",
      sources: ["SUPERVISOR"],
      fields: ["resultRating"],
      monotone: true,
      description: t(
        "Rating hasil kerja dari pejabat penilai kinerja",
        "Results rating by the assessing official",
      ),
    },
    {
      name: "SUPERVISOR.behaviourRating",
      kind: "RATING",
      sources: ["SUPERVISOR"],
      fields: ["behaviourRating"],
      monotone: true,
      description: t(
        "Rating perilaku kerja dari pejabat penilai kinerja",
        "Behaviour rating by the assessing official",
      ),
    },
    {
      name: "feedback.behaviourRating",
      kind: "RATING",
      sources: ["SELF", "PEER", "SUBORDINATE", "PUBLIC"],
      fields: ["behaviourRating"],
      monotone: true,
      description: t(
        "Umpan balik perilaku dari sumber lain: hanya menjadi saran rating perilaku kerja",
        "Behaviour feedback from other sources: feeds only the suggested behaviour rating",
      ),
    },
    {
      name: "realization",
      kind: "INDICATOR_REALIZATION",
      monotone: true,
      description: t(
        "Realisasi IKI: capaian SKP, yang hanya menjadi saran rating hasil kerja dan urutan bukti kalibrasi",
        "Indicator realisations: SKP capaian, which feeds only the suggested results rating and the calibration evidence order",
      ),
    },
    {
      name: "organisation.predikat",
      kind: "ORGANISATION_PREDIKAT",
      monotone: true,
      description: t(
        "Predikat kinerja organisasi: rating hasil kerja pimpinan unit kerja",
        "The organisation's predikat: the results rating of the unit head",
      ),
    },
    {
      name: "employee.isUnitHead",
      kind: "EMPLOYEE",
      fields: ["isUnitHead"],
      monotone: false,
      reason:
        "Heading the unit is a position, not a performance: a unit head's results rating comes from the organisation's predikat instead of the assessor (PermenPAN-RB 6/2022), which may be better or worse.",
      description: t("Apakah pegawai memimpin unit kerja", "Whether the employee heads the unit"),
    },
    {
      name: "employee.position",
      kind: "EMPLOYEE",
      fields: ["positionKind", "functionalLevel"],
      monotone: false,
      reason:
        "Position kind and functional level are not performance: they only decide whether and with which yearly coefficient angka kredit is computed (Perban BKN 3/2023); the predikat does not depend on them.",
      description: t("Jenis jabatan dan jenjang jabatan fungsional", "Position kind and functional level"),
    },
  ],
  grades: GRADE_CODES.map((code) => ({ code, label: lbl("predikat", code) })),
  messages: PERMENPANRB_6_2022_MESSAGES,

  ratingsSchema: PermenpanrbRatingsSchema,
  evaluate(input, config, context) {
    const issues = supervisorIssues(input);
    if (issues.length > 0) throw validationError(issues);
    // With `explain: "none"` the engine drops the steps: they are not built.
    const explaining = context.explain !== "none";
    const ex = explainer(PERMENPANRB_6_2022_ID);
    const warnings: Warning[] = [];
    const supervisorIndex = input.assessments.findIndex((a) => a.source === "SUPERVISOR");
    const supervisor = input.assessments[supervisorIndex]!;

    // 1. Capaian per result and for the plan.
    let capaian: number;
    if (explaining) {
      const plan = planCapaian(input.workPlan, input.realizations);
      capaian = plan.capaian;
      explainCapaian(ex, plan, input.workPlan.results);
    } else {
      capaian = planCapaianValue(input.workPlan, input.realizations).capaian;
    }

    // 2. Suggested ratings.
    const rs = config.resultSuggestion;
    const suggestedResultRating = thresholdRating(capaian, rs.aboveFrom, rs.meetsFrom);
    if (explaining) {
      ex.step({
        rule: "suggestion/result",
        legalBasis: LB.suggestion,
        messageId: "suggestion/result",
        params: { capaian, aboveFrom: rs.aboveFrom, meetsFrom: rs.meetsFrom, rating: suggestedResultRating },
        inputs: { capaian, aboveFrom: rs.aboveFrom, meetsFrom: rs.meetsFrom },
        output: suggestedResultRating,
      });
    }

    const bs = config.behaviourSuggestion;
    const values: number[] = [];
    for (const a of input.assessments) {
      if (a.behaviourRating !== undefined && (bs.sources === "ALL" || bs.sources.includes(a.source))) {
        values.push(RATING_VALUE[a.behaviourRating]);
      }
    }
    // The sum does not depend on the order of the feedback (sortedSum sorts it).
    const mean = values.length === 0 ? null : sortedSum(values) / values.length;
    const suggestedBehaviourRating = mean === null ? null : thresholdRating(mean, bs.aboveFrom, bs.meetsFrom);
    if (explaining) {
      const feedback = input.assessments
        .filter(
          (a) => a.behaviourRating !== undefined && (bs.sources === "ALL" || bs.sources.includes(a.source)),
        )
        .map((a) => ({
          source: a.source,
          rating: a.behaviourRating as Rating,
          value: RATING_VALUE[a.behaviourRating as Rating],
        }))
        .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : b.value - a.value));
      ex.step({
        rule: "suggestion/behaviour",
        legalBasis: LB.suggestion,
        messageId: mean === null ? "suggestion/behaviour.none" : "suggestion/behaviour",
        params: {
          count: feedback.length,
          mean,
          aboveFrom: bs.aboveFrom,
          meetsFrom: bs.meetsFrom,
          rating: suggestedBehaviourRating,
        },
        inputs: {
          feedback,
          mean,
          aboveFrom: bs.aboveFrom,
          meetsFrom: bs.meetsFrom,
          sources: bs.sources === "ALL" ? "ALL" : [...bs.sources],
        },
        output: suggestedBehaviourRating,
      });
    }

    // 3. The assessor's ratings and the justification of departures.
    const behaviourRating = supervisor.behaviourRating as Rating;
    const assessorResult = supervisor.resultRating ?? null;
    if (explaining) {
      ex.step({
        rule: "assessor",
        legalBasis: LB.assessor,
        messageId: "assessor",
        params: {
          result: assessorResult,
          suggestedResult: suggestedResultRating,
          behaviour: behaviourRating,
          suggestedBehaviour: suggestedBehaviourRating,
        },
        inputs: {
          resultRating: assessorResult,
          behaviourRating,
          suggestedResultRating,
          suggestedBehaviourRating,
        },
        output: { resultRating: assessorResult, behaviourRating },
      });
    }
    const departures: Departure[] = [];
    if (!input.employee.isUnitHead && assessorResult !== null && assessorResult !== suggestedResultRating) {
      departures.push({ field: "resultRating", given: assessorResult, suggested: suggestedResultRating });
    }
    if (suggestedBehaviourRating !== null && behaviourRating !== suggestedBehaviourRating) {
      departures.push({
        field: "behaviourRating",
        given: behaviourRating,
        suggested: suggestedBehaviourRating,
      });
    }
    const justified = supervisor.justification !== undefined && supervisor.justification.trim() !== "";
    if (explaining) {
      ex.step({
        rule: "justification",
        legalBasis: LB.assessor,
        messageId:
          departures.length === 0
            ? "justification.notRequired"
            : justified
              ? "justification.provided"
              : `justification.missing.${config.missingJustification}`,
        params: { departures: departures.map((d) => d.field) },
        inputs: {
          departures: departures.map((d) => ({ ...d })),
          justified,
          onMissing: config.missingJustification,
        },
        output: departures.length === 0 ? "NOT_REQUIRED" : justified ? "PROVIDED" : "MISSING",
      });
    }
    if (departures.length > 0 && !justified) {
      const justificationPath = ["assessments", supervisorIndex, "justification"];
      if (config.missingJustification === "ERROR") {
        throw validationError(
          departures.map((d) => ({
            path: justificationPath,
            message: `the ${d.field} ${d.given} departs from the suggested ${d.suggested}: the SUPERVISOR assessment needs a justification`,
            code: "justification",
          })),
        );
      }
      for (const d of departures) {
        warnings.push({
          code: "JUSTIFICATION_MISSING",
          path: justificationPath,
          message: departureMessage(d),
        });
      }
    }

    // 4. The results rating that counts (head-of-unit rule).
    let resultRating: Rating;
    if (input.employee.isUnitHead) {
      const organisation: Organisation | undefined = input.organisation ?? context.organisation;
      if (!organisation) {
        throw validationError([
          {
            path: ["organisation"],
            message:
              "the employee heads their unit, so the head-of-unit rule needs the unit's predikat: give `organisation` ({ id, predikat }) in the case or in the request",
            code: "missing",
          },
        ]);
      }
      resultRating = config.headOfUnit[organisation.predikat];
      if (explaining) {
        ex.step({
          rule: "head-of-unit",
          legalBasis: LB.headOfUnit,
          messageId: "head-of-unit",
          params: { organisation: organisation.predikat, rating: config.headOfUnit[organisation.predikat] },
          inputs: { organisationPredikat: organisation.predikat, assessorResultRating: assessorResult },
          output: config.headOfUnit[organisation.predikat],
        });
      }
      if (assessorResult !== null && assessorResult !== resultRating) {
        warnings.push({
          code: "HEAD_OF_UNIT_RATING_REPLACED",
          path: ["assessments", supervisorIndex, "resultRating"],
          message: t(
            `Rating hasil kerja pejabat penilai (${lbl("rating", assessorResult).id}) diganti hasil kinerja organisasi (${lbl("rating", resultRating).id}) karena pegawai memimpin unit kerja.`,
            `The assessor's results rating (${lbl("rating", assessorResult).en}) is replaced by the organisation's result (${lbl("rating", resultRating).en}) because the employee heads the unit.`,
          ),
        });
      }
    } else {
      resultRating = assessorResult as Rating;
      if (explaining) {
        ex.step({
          rule: "result-rating",
          legalBasis: LB.assessor,
          messageId: "result-rating",
          params: { rating: assessorResult as Rating },
          inputs: { assessorResultRating: assessorResult, isUnitHead: false },
          output: assessorResult as Rating,
        });
      }
    }

    // 5. The matrix.
    const grade = MATRIX[resultRating][behaviourRating];
    if (explaining) {
      ex.step({
        rule: "matrix",
        legalBasis: LB.matrix,
        messageId: "matrix",
        params: { result: resultRating, behaviour: behaviourRating, grade },
        inputs: { resultRating, behaviourRating },
        output: grade,
      });
    }

    // 6. What follows from it.
    if (input.employee.positionKind === "JF" && input.employee.functionalLevel === undefined) {
      warnings.push({
        code: "FUNCTIONAL_LEVEL_MISSING",
        path: ["employee", "functionalLevel"],
        message: NO_FUNCTIONAL_LEVEL,
      });
    }
    const ak = angkaKredit(grade, input.employee, context.period, config, context.facts);
    if (ak) {
      if (!ak.monthsFromPeriod) {
        if (config.angkaKredit.withoutPeriod === "ERROR") {
          throw validationError([
            {
              path: ["period"],
              message:
                "angka kredit is prorated by the whole months of the period: give `period` in the case or in the request",
              code: "missing",
            },
          ]);
        }
        warnings.push({
          code: "ANGKA_KREDIT_FULL_YEAR_ASSUMED",
          path: ["period"],
          message: FULL_YEAR_ASSUMED,
        });
      }
      if (explaining) {
        ex.step({
          rule: "angka-kredit",
          legalBasis: LB.angkaKredit,
          messageId: ak.monthsFromPeriod ? "angka-kredit" : "angka-kredit.fullYear",
          params: {
            value: ak.value,
            percentage: ak.percentage,
            coefficient: ak.coefficient,
            level: ak.level,
            months: ak.months,
            grade,
          },
          inputs: {
            grade,
            functionalLevel: ak.level,
            percentage: ak.percentage,
            coefficient: ak.coefficient,
            months: ak.months,
            monthsFromPeriod: ak.monthsFromPeriod,
          },
          output: ak.value,
        });
      }
    }
    if (explaining) {
      const actions = developmentActions(grade);
      ex.step({
        rule: "development",
        legalBasis: LB.regulation,
        messageId: actions.length === 0 ? "development.none" : "development",
        params: { actions },
        inputs: { grade },
        output: actions,
      });
    }

    return {
      grade,
      score: null,
      ratings: { resultRating, behaviourRating, suggestedResultRating, suggestedBehaviourRating, capaian },
      explanation: ex.steps,
      warnings,
    };
  },

  consequences(result, input, config, context) {
    const grade = result.grade as Grade;
    const ak = angkaKredit(grade, input.employee, context.period, config, context.facts);
    const development = DEVELOPMENT_CONSEQUENCES[grade];
    if (!ak) return [...development];
    const out: Consequence[] = [angkaKreditConsequence(ak, grade, config)];
    for (const c of development) out.push(c);
    return out;
  },
  distribute(results, organisation, config) {
    const n = results.length;
    // The pool in compact form: a grade rank per member and the evidence key's columns.
    const ranks = new Uint8Array(n);
    const perRank = new Array<number>(GRADE_CODES.length).fill(0);
    for (let i = 0; i < n; i += 1) {
      const grade = (results[i] as EvaluationResult).grade;
      const rank = GRADE_RANK.get(grade);
      if (rank === undefined) {
        throw validationError([
          {
            path: ["results", i, "grade"],
            message: `"${grade}" is not a predikat of ${PERMENPANRB_6_2022_ID} (expected one of ${GRADE_CODES.join(", ")})`,
            code: "invalid_value",
          },
        ]);
      }
      ranks[i] = rank;
      perRank[rank] = (perRank[rank] as number) + 1;
    }
    const counts: Record<string, number> = Object.fromEntries(
      GRADE_CODES.map((g, r) => [g, perRank[r] ?? 0]),
    );
    if (n === 0) return { counts, violations: [] };

    const rules = config.distribution.bounds[organisation.predikat];
    const { atMost, atLeast } = config.distribution.rounding;
    const bounds: RankBound[] = rules.map((b) => {
      const rs = b.grades.map((g) => GRADE_CODES.indexOf(g));
      return {
        lo: Math.min(...rs),
        hi: Math.max(...rs),
        kind: b.kind,
        count: b.exceedShare
          ? Math.max(b.minCount, headCount(b.share, n, "FLOOR") + 1)
          : headCount(b.share, n, b.kind === "AT_MOST" ? atMost : atLeast, b.minCount),
      };
    });
    const small = n < config.distribution.minPoolSize;
    const violations: Violation[] = [];
    rules.forEach((b, i) => {
      const bound = bounds[i]!;
      const actual = b.grades.reduce((s, g) => s + (counts[g] ?? 0), 0);
      const violated = bound.kind === "AT_MOST" ? actual > bound.count : actual < bound.count;
      if (!violated) return;
      violations.push({
        rule: `${PERMENPANRB_6_2022_ID}/distribution/${organisation.predikat}/${b.id}`,
        grade: b.grades.length === 1 ? b.grades[0]! : [...b.grades],
        bound: { kind: b.kind, share: b.share, count: bound.count },
        actual: { count: actual, share: actual / n },
        severity: small ? "WARNING" : (b.severity ?? config.distribution.severity),
        message: violationMessage(
          b,
          bound.count,
          actual,
          n,
          organisation.predikat,
          small ? config.distribution.minPoolSize : undefined,
        ),
      });
    });
    const distribution: Distribution = { counts, violations };
    // A unit below the minimum pool size only warns: with a handful of people a share moves by
    // 10–100 % per person, and no one is proposed to move for it.
    if (violations.length === 0 || small) return distribution;

    const pool = compactPool(results, ranks);
    const plan = planCompactCalibration(pool, bounds, GRADE_CODES.length);
    const moved = proposedChanges(pool, plan.ranks, GRADE_CODES.length);
    // Members of one grade and evidence moved to the same grade share their reason (same text).
    const reasons = new Map<number, LocalizedText>();
    const G = GRADE_CODES.length;
    const changes: CalibrationChange[] = new Array(moved.index.length);
    for (let c = 0; c < moved.index.length; c += 1) {
      const i = moved.index[c] as number;
      const result = results[i] as EvaluationResult;
      const from = GRADE_CODES[ranks[i] as number]!;
      const to = GRADE_CODES[plan.ranks[i] as number]!;
      const key = ((pool.evidence[i] as number) * G + (ranks[i] as number)) * G + (plan.ranks[i] as number);
      let reason = reasons.get(key);
      if (reason === undefined) {
        reason = changeReason(result, from, to, moved.tied[c] as number);
        reasons.set(key, reason);
      }
      changes[c] = { employeeId: result.employeeId, from, to, reason };
    }
    distribution.proposal = { changes, satisfiesBounds: plan.shortfall === 0, order: CALIBRATION_ORDER };
    return distribution;
  },

  /** The evidence order as one number: (results rating × 4 + behaviour rating) × 10⁶ + capaian (clamped to 0 … 10⁶ − 1). */
  calibrationScore(result) {
    const r = result.ratings;
    const capaian = Math.min(CAPAIAN_SCORE_SPAN - 1, Math.max(0, capaianOf(result)));
    return (ratingOf(r.resultRating) * 4 + ratingOf(r.behaviourRating)) * CAPAIAN_SCORE_SPAN + capaian;
  },
});

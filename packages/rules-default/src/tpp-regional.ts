import {
  type Consequence,
  defineRulePackage,
  type EvaluationCase,
  EvaluationCaseSchema,
  type EvaluationContext,
  explainer,
  type KinerjaIssue,
  type LocalizedText,
  label,
  type Period,
  sortedSum,
  subPeriods,
  validationError,
  type Warning,
} from "@kinerja/core";
import { z } from "zod";
import { type TppRatings, TppRatingsSchema } from "./ratings";

/** Id of the regional TPP (Tambahan Penghasilan Pegawai) rule package. */
export const TPP_REGIONAL_ID = "tpp-regional";

/** The national frame every regional TPP scheme rests on. */
const FRAME = "PP 12/2019 Pasal 58; Kepmendagri 900-4700/2020";

const Percent = z.number().min(0).max(100);
const Code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, "expected a code such as BAIK or TL1");
const MonthKey = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected a month key YYYY-MM (TPP is paid per calendar month)");

/** One band of a lateness or early-leave table: occurrences of at least `from` minutes deduct `percent`. */
const BandSchema = z.strictObject({
  /** Band code shown in explanations, e.g. `TL1` or `PSW2`; numbered by position when absent. */
  code: Code.optional(),
  /** Lower bound in minutes (inclusive); the band runs up to the next band's `from`. */
  from: z.number().min(0),
  /** Deduction per occurrence, in percent of the discipline component. */
  percent: Percent,
});

/** A band table: `from` strictly increasing, `percent` never decreasing (so fewer minutes never cost more). */
const BandsSchema = z.array(BandSchema).superRefine((bands, ctx) => {
  for (let i = 1; i < bands.length; i += 1) {
    const prev = bands[i - 1]!;
    const band = bands[i]!;
    if (band.from <= prev.from) {
      ctx.addIssue({
        code: "custom",
        path: [i, "from"],
        message: `bands must start at increasing minutes (${band.from} after ${prev.from})`,
      });
    }
    if (band.percent < prev.percent) {
      ctx.addIssue({
        code: "custom",
        path: [i, "percent"],
        message: `a longer band may not deduct less than a shorter one (${band.percent} % after ${prev.percent} %)`,
      });
    }
  }
});

/** Permentan 68/2012: TL1–TL4 / PSW1–PSW4, 1–<31, 31–<61, 61–<91, ≥ 91 minutes: 0.5 / 1 / 1.5 / 2 %. */
const permentanBands = (prefix: "TL" | "PSW") => [
  { code: `${prefix}1`, from: 1, percent: 0.5 },
  { code: `${prefix}2`, from: 31, percent: 1 },
  { code: `${prefix}3`, from: 61, percent: 1.5 },
  { code: `${prefix}4`, from: 91, percent: 2 },
];

/** Default performance table (illustrative, unverified): predikat of PermenPAN-RB 6/2022, best first. */
const DEFAULT_GRADE_TABLE = [
  { grade: "SANGAT_BAIK", percent: 100 },
  { grade: "BAIK", percent: 100 },
  { grade: "BUTUH_PERBAIKAN", percent: 75 },
  { grade: "KURANG", percent: 50 },
  { grade: "SANGAT_KURANG", percent: 25 },
];

/**
 * How the grades of each rule package map onto the TPP performance table (Kinerja's choice, U):
 * the national codes stay as PermenPAN-RB 6/2022 spells them (`KURANG_MISCONDUCT`), and CUKUP of
 * the numeric schemes is the middle grade (`BUTUH_PERBAIKAN`, labelled "Cukup" for organisations).
 */
const DEFAULT_GRADE_MAPPINGS: Record<string, Record<string, string>> = {
  "permenpanrb-6-2022": {
    SANGAT_BAIK: "SANGAT_BAIK",
    BAIK: "BAIK",
    BUTUH_PERBAIKAN: "BUTUH_PERBAIKAN",
    KURANG_MISCONDUCT: "KURANG",
    SANGAT_KURANG: "SANGAT_KURANG",
  },
  "pp-46-2011": {
    SANGAT_BAIK: "SANGAT_BAIK",
    BAIK: "BAIK",
    CUKUP: "BUTUH_PERBAIKAN",
    KURANG: "KURANG",
    BURUK: "SANGAT_KURANG",
  },
  "pp-30-2019": {
    SANGAT_BAIK: "SANGAT_BAIK",
    BAIK: "BAIK",
    CUKUP: "BUTUH_PERBAIKAN",
    KURANG: "KURANG",
    SANGAT_KURANG: "SANGAT_KURANG",
  },
  "weighted-360": {
    SANGAT_BAIK: "SANGAT_BAIK",
    BAIK: "BAIK",
    CUKUP: "BUTUH_PERBAIKAN",
    KURANG: "KURANG",
    SANGAT_KURANG: "SANGAT_KURANG",
  },
};

const PackageId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a rule package id such as permenpanrb-6-2022");

/**
 * Configuration of `tpp-regional`. Every number is a region's choice (its Perbup/Perwal under PP
 * 12/2019 Pasal 58): the defaults combine the patterns of DOMAIN.md §4 and are illustrative.
 */
export const TppRegionalConfigSchema = z
  .strictObject({
    /** The regional instrument (or published pattern) these numbers come from; cited in every step. Default: illustrative. */
    regulation: z
      .string()
      .min(1)
      .max(300)
      .default("Kinerja default configuration (illustrative; replace with the region's Perbup/Perwal)"),
    /** Monthly TPP basis (pagu, rupiah) for cases without `tpp.basis`; `null` (default): the case must give it for an amount. */
    basis: z.number().min(0).finite().nullable().default(null),
    /** Weights of the two components, in percent; they must add up to 100. Default 60 / 40 (the Kepahiang pattern). */
    weights: z
      .strictObject({
        /** Weight of the performance component (percent). Default 60. */
        performance: Percent.default(60),
        /** Weight of the discipline/attendance component (percent). Default 40. */
        discipline: Percent.default(40),
      })
      .prefault({}),
    /** How the case's performance maps to the performance factor f (percent of the component paid). */
    performance: z
      .strictObject({
        /**
         * Factor per performance grade, best grade first (factors never increase down the list). Default:
         * SANGAT_BAIK 100, BAIK 100, BUTUH_PERBAIKAN 75, KURANG 50, SANGAT_KURANG 25 (unverified, illustrative).
         */
        grades: z
          .array(
            z.strictObject({
              /** Grade code as the HR system sends it (e.g. the e-Kinerja predikat). */
              grade: Code,
              /** Factor for this grade, in percent. */
              percent: Percent,
            }),
          )
          .min(1)
          .default(() => DEFAULT_GRADE_TABLE.map((row) => ({ ...row }))),
        /**
         * Per source rule package (`performance.source` in the case), its grade → a grade of
         * `grades`. Default: `permenpanrb-6-2022`, `pp-46-2011`, `pp-30-2019` and `weighted-360`
         * (e.g. national KURANG_MISCONDUCT → KURANG, CUKUP → BUTUH_PERBAIKAN; U). A region adds its
         * own packages here; given, it replaces the whole default.
         */
        gradeMappings: z
          .record(PackageId, z.record(Code, Code))
          .default(() =>
            Object.fromEntries(Object.entries(DEFAULT_GRADE_MAPPINGS).map(([k, v]) => [k, { ...v }])),
          ),
        /**
         * Factor bands for a performance score 0–100: the band with the highest `from` at or below the
         * score applies (factors never decrease with `from`). `null` (default): the factor is the score.
         */
        scoreBands: z
          .array(
            z.strictObject({
              /** Lowest score of the band (inclusive). */
              from: Percent,
              /** Factor for scores in the band, in percent. */
              percent: Percent,
            }),
          )
          .min(1)
          .nullable()
          .default(null),
      })
      .prefault({}),
    /** Deductions from the discipline component, in percent per occurrence. */
    deductions: z
      .strictObject({
        /** Late-arrival bands by minutes late. Default: Permentan 68/2012 TL1–TL4 (0.5 / 1 / 1.5 / 2 %). */
        lateArrival: BandsSchema.default(() => permentanBands("TL")),
        /** Early-leave bands by minutes left early. Default: Permentan 68/2012 PSW1–PSW4 (0.5 / 1 / 1.5 / 2 %). */
        earlyLeave: BandsSchema.default(() => permentanBands("PSW")),
        /** Per day absent without leave or reason. Default 4 (Permentan 68/2012). */
        absentDay: Percent.default(4),
        /** Per missed assembly (apel). Default 2 (Tulang Bawang's Monday assembly). */
        missedAssembly: Percent.default(2),
        /** Per missing attendance record (arrival or departure not recorded). Default 2 (Permentan TL4/PSW4). */
        noRecord: Percent.default(2),
      })
      .prefault({}),
    /** Monthly caps on the deductions, in percent; 100 (default) means no cap below the whole component. */
    caps: z
      .strictObject({
        /** Cap on late-arrival deductions per month. Default 100. */
        lateArrival: Percent.default(100),
        /** Cap on early-leave deductions per month. Default 100. */
        earlyLeave: Percent.default(100),
        /** Cap on absence deductions per month. Default 100. */
        absence: Percent.default(100),
        /** Cap on missed-assembly deductions per month. Default 100. */
        assembly: Percent.default(100),
        /** Cap on missing-record deductions per month. Default 100. */
        noRecord: Percent.default(100),
        /** Cap on all deductions together per month. Default 100. */
        total: Percent.default(100),
      })
      .prefault({}),
    /** Grade thresholds on the score (percent of the basis paid); illustrative. */
    grades: z
      .strictObject({
        /** FULL from this score. Default 100. */
        fullFrom: Percent.default(100),
        /** REDUCED from this score (below: HEAVILY_REDUCED, or NOT_PAID at 0). Default 50. */
        reducedFrom: Percent.default(50),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const sum = config.weights.performance + config.weights.discipline;
    if (Math.abs(sum - 100) > 1e-9) {
      ctx.addIssue({
        code: "custom",
        path: ["weights"],
        message: `weights add up to ${sum} (performance ${config.weights.performance} + discipline ${config.weights.discipline}); they must add up to 100`,
      });
    }
    const table = config.performance.grades;
    const seen = new Set<string>();
    table.forEach((row, i) => {
      if (seen.has(row.grade)) {
        ctx.addIssue({
          code: "custom",
          path: ["performance", "grades", i, "grade"],
          message: `grade "${row.grade}" is listed twice`,
        });
      }
      seen.add(row.grade);
      const prev = table[i - 1];
      if (prev && row.percent > prev.percent) {
        ctx.addIssue({
          code: "custom",
          path: ["performance", "grades", i, "percent"],
          message: `grades are listed best first: ${row.grade} (${row.percent} %) may not pay more than ${prev.grade} (${prev.percent} %)`,
        });
      }
    });
    const bands = config.performance.scoreBands ?? [];
    bands.forEach((band, i) => {
      const prev = bands[i - 1];
      if (prev && band.from <= prev.from) {
        ctx.addIssue({
          code: "custom",
          path: ["performance", "scoreBands", i, "from"],
          message: "score bands must start at increasing scores",
        });
      }
      if (prev && band.percent < prev.percent) {
        ctx.addIssue({
          code: "custom",
          path: ["performance", "scoreBands", i, "percent"],
          message: `a higher score band may not pay less (${band.percent} % after ${prev.percent} %)`,
        });
      }
    });
    if (config.grades.reducedFrom > config.grades.fullFrom) {
      ctx.addIssue({
        code: "custom",
        path: ["grades", "reducedFrom"],
        message: "reducedFrom may not exceed fullFrom",
      });
    }
  });
/** A parsed `tpp-regional` configuration. */
export type TppRegionalConfig = z.output<typeof TppRegionalConfigSchema>;
/** A `tpp-regional` configuration as written by a caller (defaults not yet applied). */
export type TppRegionalConfigInput = z.input<typeof TppRegionalConfigSchema>;

/** One month of attendance: occurrences and counts as the attendance system records them. */
export const TppAttendanceSchema = z.strictObject({
  /** The month, `YYYY-MM` (the monthly sub-period keys of `subPeriods`). */
  subPeriod: MonthKey,
  /** Minutes late, one entry per late arrival. */
  lateArrivals: z.array(z.number().finite().min(0)).default([]),
  /** Minutes left early, one entry per early departure. */
  earlyLeaves: z.array(z.number().finite().min(0)).default([]),
  /** Working days absent without leave or reason. */
  absentDays: z.int().min(0).default(0),
  /** Assemblies (apel) missed. */
  missedAssemblies: z.int().min(0).default(0),
  /** Missing attendance records (arrival or departure not recorded), each counted once. */
  noRecordDays: z.int().min(0).optional(),
});
/** A month of attendance. */
export type TppAttendance = z.infer<typeof TppAttendanceSchema>;

/** The employee's performance for the period: a grade from the HR system or a score 0–100. */
export const TppPerformanceSchema = z
  .strictObject({
    /**
     * Performance grade: a grade of `config.performance.grades`, or, with `source`, a grade of that
     * rule package (e.g. the e-Kinerja predikat `KURANG_MISCONDUCT` from `permenpanrb-6-2022`).
     */
    grade: Code.optional(),
    /** The rule package that gave `grade` (e.g. `permenpanrb-6-2022`): mapped by `config.performance.gradeMappings`. */
    source: PackageId.optional(),
    /** Performance score 0–100, e.g. the monthly capaian of the work plan. */
    score: Percent.optional(),
  })
  .refine((p) => (p.grade === undefined) !== (p.score === undefined), {
    message: "give either performance.grade or performance.score (exactly one)",
  })
  .refine((p) => p.source === undefined || p.grade !== undefined, {
    message: "performance.source names the package of performance.grade: give it only with a grade",
    path: ["source"],
  });

/** A `tpp-regional` case: the core case plus monthly attendance, performance and the TPP basis. */
export const TppRegionalCaseSchema = EvaluationCaseSchema.extend({
  /** Attendance per month (at least one month; each month once). */
  attendance: z.array(TppAttendanceSchema).min(1, "a TPP case needs attendance for at least one month"),
  /** Performance grade or score; when absent the performance factor is 0 (warning PERFORMANCE_MISSING). */
  performance: TppPerformanceSchema.optional(),
  /** The employee's TPP: the monthly basis (pagu) by position class, in rupiah. */
  tpp: z
    .strictObject({
      /** Monthly TPP basis, rupiah. */
      basis: z.number().finite().min(0),
    })
    .optional(),
}).superRefine((c, ctx) => {
  const seen = new Set<string>();
  c.attendance.forEach((a, i) => {
    if (seen.has(a.subPeriod)) {
      ctx.addIssue({
        code: "custom",
        path: ["attendance", i, "subPeriod"],
        message: `month ${a.subPeriod} is given twice`,
      });
    }
    seen.add(a.subPeriod);
  });
});
/** A parsed `tpp-regional` case. */
export type TppRegionalCase = z.infer<typeof TppRegionalCaseSchema>;
/** A `tpp-regional` case as written by a caller. */
export type TppRegionalCaseInput = z.input<typeof TppRegionalCaseSchema>;

/**
 * Presets for the three published patterns (DOMAIN.md §4). Numbers a source does not give are the
 * package defaults and flagged in each preset's `regulation` and in docs/rules/tpp-regional.md.
 */
export const TPP_PRESETS = {
  /**
   * Kepahiang (M): 60 % performance + 40 % discipline; present but unproductive staff get only the 40 %
   * (performance score 0 → factor 0). The deduction bands are not in the source: package defaults (unverified).
   */
  kepahiang: {
    regulation: "Perbup Kepahiang on TPP, as reported (M)",
    weights: { performance: 60, discipline: 40 },
    performance: { scoreBands: null },
  },
  /**
   * Tulang Bawang (M): lateness 0.5 / 1 / 1.25 / 1.5 % of the discipline component (1.5 % also for no record),
   * 2 % per missed Monday assembly. Weights, early-leave bands and the absence rate are unverified.
   */
  tulangBawang: {
    regulation: "Perbup Tulang Bawang on TPP, as reported (M)",
    weights: { performance: 60, discipline: 40 },
    deductions: {
      lateArrival: [
        { code: "TL1", from: 1, percent: 0.5 },
        { code: "TL2", from: 31, percent: 1 },
        { code: "TL3", from: 61, percent: 1.25 },
        { code: "TL4", from: 91, percent: 1.5 },
      ],
      earlyLeave: [
        { code: "PSW1", from: 1, percent: 0.5 },
        { code: "PSW2", from: 31, percent: 1 },
        { code: "PSW3", from: 61, percent: 1.25 },
        { code: "PSW4", from: 91, percent: 1.5 },
      ],
      absentDay: 4,
      missedAssembly: 2,
      noRecord: 1.5,
    },
  },
  /**
   * Permentan 68/2012 (H): TL1–TL4 and PSW1–PSW4 0.5 / 1 / 1.5 / 2 % per occurrence (TL4/PSW4 also for a missing
   * record), 4 % per day absent, summed per month, of the whole allowance (performance weight 0).
   */
  permentan68: {
    regulation: "Permentan 68/Permentan/OT.140/11/2012",
    weights: { performance: 0, discipline: 100 },
    deductions: {
      lateArrival: permentanBands("TL"),
      earlyLeave: permentanBands("PSW"),
      absentDay: 4,
      missedAssembly: 0,
      noRecord: 2,
    },
  },
} as const satisfies Record<string, TppRegionalConfigInput>;

type Band = z.infer<typeof BandSchema>;

/** Deductions of one kind in one month. */
interface KindDeduction {
  /** Per band (band tables) or the single rate. */
  bands: { code: string; from: number | null; percent: number; count: number; deduction: number }[];
  /** Sum before the cap. */
  uncapped: number;
  /** The cap. */
  cap: number;
  /** After the cap. */
  deduction: number;
}

/** One month of the computation. */
interface MonthTpp {
  subPeriod: string;
  lateArrival: KindDeduction;
  earlyLeave: KindDeduction;
  absence: KindDeduction;
  assembly: KindDeduction;
  noRecord: KindDeduction;
  totalUncapped: number;
  totalCap: number;
  total: number;
  discipline: number;
  percent: number;
  amount: number | null;
}

interface TppComputation {
  performance: {
    source: "grade" | "score" | "missing";
    value: string | number | null;
    factor: number;
    /** The source package's grade that `value` was mapped from. */
    from?: { package: string; grade: string };
  };
  months: MonthTpp[];
  basis: number | null;
  score: number;
  amount: number | null;
  grade: string;
  explanation: ReturnType<typeof explainer>["steps"];
  warnings: Warning[];
}

/** A number for explanation texts: at most two decimals, a decimal comma in Indonesian. */
const num = (n: number, lang: "id" | "en") => {
  const s = String(Number(n.toFixed(2)));
  return lang === "id" ? s.replace(".", ",") : s;
};
const pct = (n: number, lang: "id" | "en") => `${num(n, lang)} %`;
const RUPIAH = {
  id: new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }),
};
const idr = (n: number, lang: "id" | "en") => `Rp ${RUPIAH[lang].format(n)}`;

function bandDeduction(
  minutes: readonly number[],
  table: readonly Band[],
  prefix: string,
  cap: number,
): KindDeduction {
  const bands = table.map((b, i) => ({
    code: b.code ?? `${prefix}${i + 1}`,
    from: b.from as number | null,
    percent: b.percent,
    count: 0,
    deduction: 0,
  }));
  for (const m of minutes) {
    let hit = -1;
    table.forEach((b, i) => {
      if (m >= b.from) hit = i;
    });
    const band = bands[hit];
    if (band) band.count += 1;
  }
  for (const b of bands) b.deduction = b.count * b.percent;
  const uncapped = sortedSum(bands.map((b) => b.deduction));
  return { bands, uncapped, cap, deduction: Math.min(cap, uncapped) };
}

function rateDeduction(code: string, count: number, percent: number, cap: number): KindDeduction {
  const deduction = count * percent;
  return {
    bands: [{ code, from: null, percent, count, deduction }],
    uncapped: deduction,
    cap,
    deduction: Math.min(cap, deduction),
  };
}

/** The glossary label of a performance grade; a region's own code without a glossary entry is shown as it is. */
function gradeLabel(code: string): LocalizedText {
  return label("predikat", code) ?? { id: code, en: code };
}

function performanceFactor(c: TppRegionalCase, config: TppRegionalConfig): TppComputation["performance"] {
  const p = c.performance;
  if (!p) return { source: "missing", value: null, factor: 0 };
  if (p.grade !== undefined) {
    let grade = p.grade;
    if (p.source !== undefined) {
      const mapping = config.performance.gradeMappings[p.source];
      if (!mapping) {
        throw validationError([
          {
            path: ["performance", "source"],
            message: `no grade mapping for rule package "${p.source}" (config.performance.gradeMappings has ${Object.keys(config.performance.gradeMappings).join(", ") || "none"})`,
            code: "invalid_value",
          },
        ]);
      }
      const mapped = mapping[p.grade];
      if (mapped === undefined) {
        throw validationError([
          {
            path: ["performance", "grade"],
            message: `grade "${p.grade}" of ${p.source} is not in config.performance.gradeMappings["${p.source}"] (expected one of ${Object.keys(mapping).join(", ")})`,
            code: "invalid_value",
          },
        ]);
      }
      grade = mapped;
    }
    const row = config.performance.grades.find((g) => g.grade === grade);
    if (!row && p.source !== undefined) {
      throw validationError([
        {
          path: ["performance", "grade"],
          message: `grade "${p.grade}" of ${p.source} maps to "${grade}" (config.performance.gradeMappings["${p.source}"]), which is not in config.performance.grades (expected one of ${config.performance.grades.map((g) => g.grade).join(", ")})`,
          code: "invalid_value",
        },
      ]);
    }
    if (!row) {
      const issue: KinerjaIssue = {
        path: ["performance", "grade"],
        message: `grade "${p.grade}" is not in config.performance.grades (expected one of ${config.performance.grades.map((g) => g.grade).join(", ")}); a grade of another rule package needs performance.source, e.g. "permenpanrb-6-2022"`,
        code: "invalid_value",
      };
      throw validationError([issue]);
    }
    return {
      source: "grade",
      value: grade,
      factor: row.percent,
      ...(p.source === undefined ? {} : { from: { package: p.source, grade: p.grade } }),
    };
  }
  const score = p.score ?? 0;
  const bands = config.performance.scoreBands;
  if (bands === null) return { source: "score", value: score, factor: score };
  let factor = 0;
  for (const b of bands) if (score >= b.from) factor = b.percent;
  return { source: "score", value: score, factor };
}

function monthKeys(period: Period): string[] {
  return subPeriods({ ...period, cadence: "MONTHLY" }).map((s) => s.key);
}

function deductionText(kind: LocalizedText, d: KindDeduction, lang: "id" | "en"): string {
  const used = d.bands.filter((b) => b.count > 0);
  const parts = used.map((b) => `${b.count} × ${b.code} (${pct(b.percent, lang)})`);
  const list = parts.length === 0 ? (lang === "id" ? "tidak ada" : "none") : parts.join(" + ");
  const capped =
    d.uncapped > d.cap
      ? lang === "id"
        ? `, dibatasi ${pct(d.cap, lang)} → ${pct(d.deduction, lang)}`
        : `, capped at ${pct(d.cap, lang)} → ${pct(d.deduction, lang)}`
      : "";
  return `${kind[lang]}: ${list} = ${pct(d.uncapped, lang)}${capped}.`;
}

function kindJson(d: KindDeduction) {
  return {
    bands: d.bands.map((b) => ({
      code: b.code,
      from: b.from,
      percent: b.percent,
      count: b.count,
      deduction: b.deduction,
    })),
    uncapped: d.uncapped,
    cap: d.cap,
    deduction: d.deduction,
  };
}

const KINDS = {
  lateArrival: { id: "Terlambat masuk (TL)", en: "Late arrival (TL)" },
  earlyLeave: { id: "Pulang sebelum waktunya (PSW)", en: "Early leave (PSW)" },
  absence: { id: "Tidak masuk tanpa keterangan", en: "Absent without leave" },
  assembly: { id: "Tidak mengikuti apel", en: "Missed assembly (apel)" },
  noRecord: { id: "Tidak mengisi daftar hadir", en: "Missing attendance record" },
} satisfies Record<string, LocalizedText>;

function gradeOf(score: number, config: TppRegionalConfig): string {
  if (score >= config.grades.fullFrom) return "FULL";
  if (score >= config.grades.reducedFrom) return "REDUCED";
  if (score > 0) return "HEAVILY_REDUCED";
  return "NOT_PAID";
}

/** The whole computation, shared by `evaluate` and `consequences` (pure, so computing twice agrees). */
function computeTpp(
  c: TppRegionalCase,
  config: TppRegionalConfig,
  context: EvaluationContext,
): TppComputation {
  const ex = explainer(TPP_REGIONAL_ID);
  const basisLegal = `${FRAME}; ${config.regulation}`;
  const warnings: Warning[] = [];
  const period = c.period ?? context.period;
  if (period) {
    // The engine computes the period's months once per batch and per distinct case period
    // (context.facts, for the case's effective period); compared by value, not identity.
    const facts = context.facts;
    const keys =
      facts && facts.period.start === period.start && facts.period.end === period.end
        ? facts.monthKeys
        : monthKeys(period);
    const inPeriod = new Set(keys);
    const issues: KinerjaIssue[] = [];
    c.attendance.forEach((a, i) => {
      if (!inPeriod.has(a.subPeriod)) {
        issues.push({
          path: ["attendance", i, "subPeriod"],
          message: `month ${a.subPeriod} is outside the period ${period.start} – ${period.end} (expected one of ${keys.join(", ")})`,
          code: "reference",
        });
      }
    });
    if (issues.length > 0) throw validationError(issues);
    const given = new Set(c.attendance.map((a) => a.subPeriod));
    const missing = keys.filter((k) => !given.has(k));
    if (missing.length > 0) {
      warnings.push({
        code: "ATTENDANCE_MONTH_MISSING",
        message: {
          id: `Tidak ada data kehadiran untuk ${missing.join(", ")}; TPP hanya dihitung untuk bulan yang ada datanya.`,
          en: `No attendance for ${missing.join(", ")}; TPP is computed only for the months given.`,
        },
        path: ["attendance"],
      });
    }
  }

  const { performance: wp, discipline: wd } = config.weights;
  const perf = performanceFactor(c, config);
  if (perf.source === "missing" && wp > 0) {
    warnings.push({
      code: "PERFORMANCE_MISSING",
      message: {
        id: "Kinerja tidak diberikan: faktor kinerja 0 (hanya komponen disiplin yang dibayar).",
        en: "No performance given: performance factor 0 (only the discipline component is paid).",
      },
      path: ["performance"],
    });
  }
  ex.step({
    rule: "performance",
    legalBasis: basisLegal,
    title: { id: "Faktor kinerja", en: "Performance factor" },
    inputs: {
      performance: perf.value,
      source: perf.source,
      mappedFrom: perf.from ? { package: perf.from.package, grade: perf.from.grade } : null,
      table:
        perf.source === "grade"
          ? config.performance.grades.map((row) => ({ ...row }))
          : (config.performance.scoreBands?.map((band) => ({ ...band })) ?? null),
    },
    output: perf.factor,
    text:
      perf.source === "missing"
        ? { id: "Tidak ada data kinerja: faktor 0 %.", en: "No performance data: factor 0 %." }
        : perf.source === "grade"
          ? {
              id: `${perf.from ? `Predikat ${gradeLabel(perf.from.grade).id} (${perf.from.package}) dipetakan ke ` : "Predikat "}${gradeLabel(String(perf.value)).id} → faktor ${pct(perf.factor, "id")}.`,
              en: `${perf.from ? `Grade ${gradeLabel(perf.from.grade).en} (${perf.from.package}) maps to ` : "Grade "}${gradeLabel(String(perf.value)).en} → factor ${pct(perf.factor, "en")}.`,
            }
          : config.performance.scoreBands === null
            ? {
                id: `Nilai kinerja ${num(Number(perf.value), "id")} → faktor ${pct(perf.factor, "id")} (nilai dipakai langsung).`,
                en: `Performance score ${num(Number(perf.value), "en")} → factor ${pct(perf.factor, "en")} (the score itself).`,
              }
            : {
                id: `Nilai kinerja ${num(Number(perf.value), "id")} → faktor ${pct(perf.factor, "id")} menurut tabel.`,
                en: `Performance score ${num(Number(perf.value), "en")} → factor ${pct(perf.factor, "en")} by the table.`,
              },
  });

  const basis = c.tpp?.basis ?? config.basis;
  if (basis === null) {
    warnings.push({
      code: "TPP_BASIS_MISSING",
      message: {
        id: "Pagu TPP tidak diberikan (tpp.basis atau config.basis): hanya persentase yang dihitung.",
        en: "No TPP basis (tpp.basis or config.basis): only the percentage is computed.",
      },
      path: ["tpp", "basis"],
    });
  }

  const { deductions: d, caps } = config;
  const months = [...c.attendance]
    .sort((a, b) => (a.subPeriod < b.subPeriod ? -1 : 1))
    .map((a): MonthTpp => {
      const kinds = {
        lateArrival: bandDeduction(a.lateArrivals, d.lateArrival, "TL", caps.lateArrival),
        earlyLeave: bandDeduction(a.earlyLeaves, d.earlyLeave, "PSW", caps.earlyLeave),
        absence: rateDeduction("TK", a.absentDays, d.absentDay, caps.absence),
        assembly: rateDeduction("APEL", a.missedAssemblies, d.missedAssembly, caps.assembly),
        noRecord: rateDeduction("TDH", a.noRecordDays ?? 0, d.noRecord, caps.noRecord),
      };
      for (const [kind, value] of Object.entries(kinds) as [keyof typeof KINDS, KindDeduction][]) {
        ex.step({
          rule: `deduction/${kind}`,
          legalBasis: basisLegal,
          title: { id: `${KINDS[kind].id}, ${a.subPeriod}`, en: `${KINDS[kind].en}, ${a.subPeriod}` },
          inputs: {
            subPeriod: a.subPeriod,
            occurrences:
              kind === "lateArrival"
                ? [...a.lateArrivals].sort((x, y) => x - y)
                : kind === "earlyLeave"
                  ? [...a.earlyLeaves].sort((x, y) => x - y)
                  : kind === "absence"
                    ? a.absentDays
                    : kind === "assembly"
                      ? a.missedAssemblies
                      : (a.noRecordDays ?? 0),
            cap: value.cap,
          },
          output: value.deduction,
          text: { id: deductionText(KINDS[kind], value, "id"), en: deductionText(KINDS[kind], value, "en") },
        });
      }
      const totalUncapped = sortedSum(Object.values(kinds).map((k) => k.deduction));
      const total = Math.min(caps.total, totalUncapped);
      const discipline = Math.max(0, 100 - total);
      ex.step({
        rule: "discipline",
        legalBasis: basisLegal,
        title: { id: `Faktor disiplin, ${a.subPeriod}`, en: `Discipline factor, ${a.subPeriod}` },
        inputs: {
          deductions: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.deduction])),
          cap: caps.total,
        },
        output: discipline,
        text: {
          id: `Potongan ${pct(totalUncapped, "id")}${totalUncapped > total ? ` (dibatasi ${pct(caps.total, "id")})` : ""}; faktor disiplin = maks(0, 100 % − ${pct(total, "id")}) = ${pct(discipline, "id")}.`,
          en: `Deductions ${pct(totalUncapped, "en")}${totalUncapped > total ? ` (capped at ${pct(caps.total, "en")})` : ""}; discipline factor = max(0, 100 % − ${pct(total, "en")}) = ${pct(discipline, "en")}.`,
        },
      });
      const percent = sortedSum([wp * perf.factor, wd * discipline]) / 100;
      const amount = basis === null ? null : (basis * percent) / 100;
      ex.step({
        rule: "month",
        legalBasis: basisLegal,
        title: { id: `TPP dibayar, ${a.subPeriod}`, en: `TPP paid, ${a.subPeriod}` },
        inputs: { weights: { performance: wp, discipline: wd }, performance: perf.factor, discipline, basis },
        output: percent,
        text: {
          id: `${pct(wp, "id")} × ${pct(perf.factor, "id")} + ${pct(wd, "id")} × ${pct(discipline, "id")} = ${pct(percent, "id")} dari pagu${amount === null ? "" : ` = ${idr(amount, "id")}`}.`,
          en: `${pct(wp, "en")} × ${pct(perf.factor, "en")} + ${pct(wd, "en")} × ${pct(discipline, "en")} = ${pct(percent, "en")} of the basis${amount === null ? "" : ` = ${idr(amount, "en")}`}.`,
        },
      });
      return {
        subPeriod: a.subPeriod,
        ...kinds,
        totalUncapped,
        totalCap: caps.total,
        total,
        discipline,
        percent,
        amount,
      };
    });

  const score = sortedSum(months.map((m) => m.percent)) / months.length;
  ex.step({
    rule: "score",
    legalBasis: basisLegal,
    title: { id: "Persentase TPP dibayar", en: "Share of TPP paid" },
    inputs: { months: months.map((m) => ({ subPeriod: m.subPeriod, percent: m.percent })) },
    output: score,
    text: {
      id: `Rata-rata ${months.length} bulan: ${pct(score, "id")} dari pagu.`,
      en: `Mean of ${months.length} month(s): ${pct(score, "en")} of the basis.`,
    },
  });
  const amount = basis === null ? null : sortedSum(months.map((m) => m.amount ?? 0));
  if (amount !== null) {
    ex.step({
      rule: "amount",
      legalBasis: basisLegal,
      title: { id: "Jumlah TPP", en: "TPP amount" },
      inputs: { basis, months: months.map((m) => ({ subPeriod: m.subPeriod, amount: m.amount })) },
      output: amount,
      text: {
        id: `Pagu ${idr(basis ?? 0, "id")} per bulan; jumlah ${months.length} bulan = ${idr(amount, "id")} (belum dibulatkan).`,
        en: `Basis ${idr(basis ?? 0, "en")} a month; total over ${months.length} month(s) = ${idr(amount, "en")} (unrounded).`,
      },
    });
  }
  const grade = gradeOf(score, config);
  ex.step({
    rule: "grade",
    legalBasis: basisLegal,
    title: { id: "Kategori pembayaran TPP", en: "TPP payment category" },
    inputs: { score, fullFrom: config.grades.fullFrom, reducedFrom: config.grades.reducedFrom },
    output: grade,
    text: {
      id: `${pct(score, "id")}: ${TPP_GRADES.find((g) => g.code === grade)?.label.id} (penuh ≥ ${pct(config.grades.fullFrom, "id")}, dipotong ≥ ${pct(config.grades.reducedFrom, "id")}).`,
      en: `${pct(score, "en")}: ${TPP_GRADES.find((g) => g.code === grade)?.label.en} (full ≥ ${pct(config.grades.fullFrom, "en")}, reduced ≥ ${pct(config.grades.reducedFrom, "en")}).`,
    },
  });
  return { performance: perf, months, basis, score, amount, grade, explanation: ex.steps, warnings };
}

const TPP_GRADES = [
  { code: "FULL", label: { id: "Dibayar penuh", en: "Paid in full" } },
  { code: "REDUCED", label: { id: "Dipotong", en: "Reduced" } },
  { code: "HEAVILY_REDUCED", label: { id: "Dipotong besar", en: "Heavily reduced" } },
  { code: "NOT_PAID", label: { id: "Tidak dibayar", en: "Not paid" } },
] as const;

const floorScale = (n: number, keep: number) => Math.floor(n * keep);

/**
 * `tpp-regional`: a configurable regional allowance (TPP) scheme under PP 12/2019 Pasal 58.
 * Per month, `percent = w_performance × f(performance) + w_discipline × max(0, 100 − Σ deductions)`;
 * the score is the mean share of the basis paid and the TPP consequence carries the amount.
 *
 * @example
 * evaluate(tppCase, tppRegional, { config: TPP_PRESETS.kepahiang }).consequences[0].amount
 */
export const tppRegional = defineRulePackage<typeof TppRegionalConfigSchema, TppRegionalCase, TppRatings>({
  id: TPP_REGIONAL_ID,
  version: "1.1.0",
  title: {
    id: "TPP daerah (kinerja dan disiplin)",
    en: "Regional allowance (TPP): performance and discipline",
  },
  description: {
    id: "Tambahan penghasilan pegawai: bobot kinerja dan disiplin, potongan keterlambatan, pulang cepat, ketidakhadiran dan apel, dengan batas bulanan; dapat dikonfigurasi per daerah.",
    en: "Regional allowance: performance and discipline weights, deductions for lateness, early leave, absence and missed assemblies with monthly caps; configurable per region.",
  },
  legalBasis: ["PP 12/2019 Pasal 58", "Kepmendagri 900-4700/2020", "Permentan 68/2012 (deduction pattern)"],
  configSchema: TppRegionalConfigSchema,
  caseSchema: TppRegionalCaseSchema,
  inputs: [
    {
      name: "attendance",
      kind: "CASE",
      fields: ["attendance"],
      description: {
        id: "Kehadiran per bulan: menit terlambat, menit pulang cepat, hari tidak masuk, apel, catatan kosong.",
        en: "Monthly attendance: minutes late, minutes left early, days absent, assemblies, missing records.",
      },
      monotone: true,
      improve: (input, step) => {
        const c = input as TppRegionalCase;
        const keep = 1 - step;
        let changed = false;
        const attendance = c.attendance.map((a) => {
          const next = {
            ...a,
            lateArrivals: a.lateArrivals.map((m) => floorScale(m, keep)),
            earlyLeaves: a.earlyLeaves.map((m) => floorScale(m, keep)),
            absentDays: floorScale(a.absentDays, keep),
            missedAssemblies: floorScale(a.missedAssemblies, keep),
            ...(a.noRecordDays === undefined ? {} : { noRecordDays: floorScale(a.noRecordDays, keep) }),
          };
          changed ||=
            next.absentDays !== a.absentDays ||
            next.missedAssemblies !== a.missedAssemblies ||
            next.noRecordDays !== a.noRecordDays ||
            next.lateArrivals.some((m, i) => m !== a.lateArrivals[i]) ||
            next.earlyLeaves.some((m, i) => m !== a.earlyLeaves[i]);
          return next;
        });
        return changed ? ({ ...c, attendance } as EvaluationCase) : undefined;
      },
    },
    {
      name: "performance",
      kind: "CASE",
      fields: ["performance"],
      description: {
        id: "Kinerja: predikat (mis. dari e-Kinerja) atau nilai 0–100.",
        en: "Performance: a grade (e.g. the e-Kinerja predikat) or a score 0–100.",
      },
      monotone: true,
      improve: (input, step) => {
        const c = input as TppRegionalCase;
        const p = c.performance;
        if (!p) return { ...c, performance: { score: 100 * step } } as EvaluationCase;
        if (p.score !== undefined) {
          return p.score >= 100
            ? undefined
            : ({ ...c, performance: { score: p.score + step * (100 - p.score) } } as EvaluationCase);
        }
        const order = DEFAULT_GRADE_TABLE.map((g) => g.grade);
        const rank = order.indexOf(p.grade ?? "");
        if (rank <= 0) return undefined;
        const better = order[rank - Math.max(1, Math.ceil(step * rank))]!;
        return { ...c, performance: { grade: better } } as EvaluationCase;
      },
    },
    {
      name: "tpp",
      kind: "CASE",
      fields: ["tpp"],
      description: {
        id: "Pagu TPP bulanan menurut kelas jabatan (hanya memengaruhi jumlah rupiah).",
        en: "Monthly TPP basis by position class (affects only the rupiah amount).",
      },
      monotone: true,
      improve: (input, step) => {
        const c = input as TppRegionalCase;
        if (!c.tpp) return undefined;
        return { ...c, tpp: { basis: c.tpp.basis + step * Math.max(c.tpp.basis, 1) } } as EvaluationCase;
      },
    },
  ],
  grades: TPP_GRADES,
  ratingsSchema: TppRatingsSchema,
  evaluate(c, config, context) {
    const r = computeTpp(c, config, context);
    const mean = (values: number[]) => sortedSum(values) / values.length;
    return {
      grade: r.grade,
      score: r.score,
      ratings: {
        performanceFactor: r.performance.factor,
        performanceComponent: (config.weights.performance * r.performance.factor) / 100,
        disciplineFactor: mean(r.months.map((m) => m.discipline)),
        disciplineComponent: mean(r.months.map((m) => (config.weights.discipline * m.discipline) / 100)),
        deductions: mean(r.months.map((m) => m.total)),
        months: r.months.length,
        amount: r.amount,
      },
      explanation: r.explanation,
      warnings: r.warnings,
    };
  },
  consequences(_result, c, config, context): Consequence[] {
    const r = computeTpp(c, config, context);
    return [
      {
        kind: "TPP",
        amount: r.amount,
        percent: r.score,
        basis: r.basis,
        legalBasis: `${FRAME}; ${config.regulation}`,
        label: {
          id:
            r.amount === null
              ? `TPP dibayar ${pct(r.score, "id")} dari pagu`
              : `TPP ${idr(r.amount, "id")} (${pct(r.score, "id")} dari pagu)`,
          en:
            r.amount === null
              ? `TPP paid at ${pct(r.score, "en")} of the basis`
              : `TPP ${idr(r.amount, "en")} (${pct(r.score, "en")} of the basis)`,
        },
        breakdown: {
          weights: { ...config.weights },
          performance: {
            source: r.performance.source,
            value: r.performance.value,
            factor: r.performance.factor,
            component: (config.weights.performance * r.performance.factor) / 100,
          },
          discipline: {
            factor: sortedSum(r.months.map((m) => m.discipline)) / r.months.length,
            component:
              sortedSum(r.months.map((m) => (config.weights.discipline * m.discipline) / 100)) /
              r.months.length,
          },
          deductions: r.months.map((m) => ({
            subPeriod: m.subPeriod,
            lateArrival: kindJson(m.lateArrival),
            earlyLeave: kindJson(m.earlyLeave),
            absence: kindJson(m.absence),
            assembly: kindJson(m.assembly),
            noRecord: kindJson(m.noRecord),
            uncapped: m.totalUncapped,
            cap: m.totalCap,
            total: m.total,
            discipline: m.discipline,
            percent: m.percent,
            amount: m.amount,
          })),
        },
      },
    ];
  },
});

import { z } from "zod";
import { EmployeeIdSchema } from "./employee";

/** SKP approach for non-JPT positions. PermenPAN-RB 6/2022. */
export const ApproachSchema = z.enum(["KUANTITATIF", "KUALITATIF"]);
/** An approach. */
export type Approach = z.infer<typeof ApproachSchema>;

/** Kind of a planned result (RHK): main or additional. */
export const ResultKindSchema = z.enum(["UTAMA", "TAMBAHAN"]);
/** A result kind. */
export type ResultKind = z.infer<typeof ResultKindSchema>;

/** JPT perspectives (M). */
export const PerspectiveSchema = z.enum([
  "PENERIMA_LAYANAN",
  "PROSES_BISNIS",
  "PENGUATAN_INTERNAL",
  "ANGGARAN",
]);
/** A JPT perspective. */
export type Perspective = z.infer<typeof PerspectiveSchema>;

/** The aspect an indicator (IKI) measures. */
export const AspectSchema = z.enum(["KUANTITAS", "KUALITAS", "WAKTU", "BIAYA"]);
/** An indicator aspect. */
export type Aspect = z.infer<typeof AspectSchema>;

/** Whether more is better (output, quality) or less is better (time, cost, complaints). */
export const DirectionSchema = z.enum(["HIGHER_IS_BETTER", "LOWER_IS_BETTER"]);
/** A direction. */
export type Direction = z.infer<typeof DirectionSchema>;

/**
 * How realisations recorded per sub-period add up to the indicator's realisation:
 * SUM (counts, costs, months), MEAN (rates, percentages, scores), LAST (status at the end).
 */
export const AggregationSchema = z.enum(["SUM", "MEAN", "LAST"]);
/** An aggregation. */
export type Aggregation = z.infer<typeof AggregationSchema>;

/** A target range such as 80–90 %. */
export const TargetRangeSchema = z
  .strictObject({ min: z.number().finite(), max: z.number().finite() })
  .refine((r) => r.min <= r.max, { message: "min must not exceed max", path: ["max"] });

/** A target: a number or a `{ min, max }` range. */
export const TargetSchema = z.union([z.number().finite(), TargetRangeSchema], {
  error: "expected a target number or a range { min, max }",
});
/** A target. */
export type Target = z.infer<typeof TargetSchema>;

const Id = z.string().trim().min(1, "an id is required").max(64);

/** An indicator (IKI, Indikator Kinerja Individu). */
export const IndicatorSchema = z.strictObject({
  /** Indicator id, unique in the plan. */
  id: Id,
  /** Description, e.g. "Jumlah laporan yang diselesaikan". */
  description: z.string().max(1000).optional(),
  /** KUANTITAS, KUALITAS, WAKTU or BIAYA. */
  aspect: AspectSchema,
  /** Target value or range. */
  target: TargetSchema,
  /** Unit of the target ("laporan", "%", "bulan", "rupiah"). */
  unit: z.string().max(50).optional(),
  /** HIGHER_IS_BETTER unless stated; WAKTU and BIAYA indicators are usually LOWER_IS_BETTER. */
  direction: DirectionSchema.optional(),
  /** Relative weight inside the result (weights of a result must add up to 100 when given). */
  weight: z.number().positive().max(100).optional(),
  /** How sub-period realisations add up; defaults by aspect (see {@link defaultAggregation}). */
  aggregation: AggregationSchema.optional(),
  /** The realisation for the whole period, when not recorded per sub-period. */
  realization: z.number().finite().optional(),
});
/** An indicator. */
export type Indicator = z.infer<typeof IndicatorSchema>;

/** A planned result (RHK, Rencana Hasil Kerja) with its indicators. */
export const ResultSchema = z.strictObject({
  /** Result id, unique across a set of plans (the cascade refers to it). */
  id: Id,
  /** Description, e.g. "Terselenggaranya layanan administrasi kepegawaian". */
  description: z.string().max(1000).optional(),
  /** UTAMA or TAMBAHAN. */
  kind: ResultKindSchema.default("UTAMA"),
  /** The superior's RHK this result intervenes (cascading). */
  parentResultId: Id.optional(),
  /** JPT perspective. */
  perspective: PerspectiveSchema.optional(),
  /** Relative weight in the plan (weights of a plan must add up to 100 when given). */
  weight: z.number().positive().max(100).optional(),
  /** Indicators (IKI): at least one. */
  indicators: z.array(IndicatorSchema).min(1, "a result needs at least one indicator"),
});
/** A planned result. */
export type Result = z.infer<typeof ResultSchema>;

/** The seven BerAKHLAK core values. SE MenPAN-RB 20/2021. */
export const CoreValueSchema = z.enum([
  "BERORIENTASI_PELAYANAN",
  "AKUNTABEL",
  "KOMPETEN",
  "HARMONIS",
  "LOYAL",
  "ADAPTIF",
  "KOLABORATIF",
]);
/** A BerAKHLAK value. */
export type CoreValue = z.infer<typeof CoreValueSchema>;

/** A BerAKHLAK value with the leader's specific expectation (ekspektasi khusus pimpinan). */
export const BehaviourExpectationSchema = z.strictObject({
  /** The value. */
  value: CoreValueSchema,
  /** The leader's expectation, free text. */
  expectation: z.string().max(2000).default(""),
});
/** A behaviour expectation. */
export type BehaviourExpectation = z.infer<typeof BehaviourExpectationSchema>;

/** The three lampiran lists of an SKP. */
export const AttachmentsSchema = z.strictObject({
  /** Dukungan sumber daya. */
  DUKUNGAN_SUMBER_DAYA: z.array(z.string().max(1000)).default([]),
  /** Skema pertanggungjawaban. */
  SKEMA_PERTANGGUNGJAWABAN: z.array(z.string().max(1000)).default([]),
  /** Konsekuensi. */
  KONSEKUENSI: z.array(z.string().max(1000)).default([]),
});
/** SKP attachments. */
export type Attachments = z.infer<typeof AttachmentsSchema>;

/** A work plan (SKP, Sasaran Kinerja Pegawai). PermenPAN-RB 6/2022. */
export const WorkPlanSchema = z.strictObject({
  /** Plan id. */
  id: Id.optional(),
  /** The employee the plan belongs to. */
  employeeId: EmployeeIdSchema.optional(),
  /** KUANTITATIF or KUALITATIF. */
  approach: ApproachSchema.default("KUANTITATIF"),
  /** Results (RHK): at least one. */
  results: z.array(ResultSchema).min(1, "a work plan needs at least one result"),
  /** BerAKHLAK values with the leader's expectations. */
  behaviours: z.array(BehaviourExpectationSchema).default([]),
  /** The three lampiran lists. */
  attachments: AttachmentsSchema.optional(),
});
/** A work plan. */
export type WorkPlan = z.infer<typeof WorkPlanSchema>;
/** A work plan as written by a caller. */
export type WorkPlanInput = z.input<typeof WorkPlanSchema>;

/** The default direction of an aspect: WAKTU and BIAYA lower is better, others higher. */
export function defaultDirection(aspect: Aspect): Direction {
  return aspect === "WAKTU" || aspect === "BIAYA" ? "LOWER_IS_BETTER" : "HIGHER_IS_BETTER";
}

/** The default aggregation of an aspect: KUALITAS averages, the others add up. */
export function defaultAggregation(aspect: Aspect): Aggregation {
  return aspect === "KUALITAS" ? "MEAN" : "SUM";
}

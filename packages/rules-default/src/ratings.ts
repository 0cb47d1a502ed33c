import { RatingSchema } from "@kinerja/core";
import { z } from "zod";

/**
 * The `ratings` each package returns, as zod schemas: they type `result.ratings`
 * (`evaluate(c, permenpanrb6of2022).ratings.resultRating` is `"DI_ATAS_EKSPEKTASI" | "SESUAI_EKSPEKTASI" | "DI_BAWAH_EKSPEKTASI"`), document each value,
 * are published by the service with the package (`GET /v1/rule-packages`) and are checked against
 * every result by the fairness kit (`checkRulePackage`).
 */

const percent = (what: string) => z.number().describe(what);

/** `permenpanrb-6-2022`: the assessor's ratings, the suggested ones and SKP capaian. */
export const PermenpanrbRatingsSchema = z.object({
  /** The results rating used (the assessor's, or the organisation's for a unit head). */
  resultRating: RatingSchema.describe(
    "The results rating used: the assessor's, or for a unit head by the organisation's predikat",
  ),
  /** The behaviour rating the assessor gave. */
  behaviourRating: RatingSchema.describe("The behaviour rating the assessor gave"),
  /** The results rating suggested from capaian. */
  suggestedResultRating: RatingSchema.describe("The results rating suggested from SKP capaian"),
  /** The behaviour rating suggested from feedback; `null` without feedback. */
  suggestedBehaviourRating: RatingSchema.nullable().describe(
    "The behaviour rating suggested from the feedback given; null without feedback",
  ),
  /** SKP capaian, %. */
  capaian: percent("SKP capaian, % (weighted mean of the main results)"),
});
/** The ratings of a `permenpanrb-6-2022` result. */
export type PermenpanrbRatings = z.infer<typeof PermenpanrbRatingsSchema>;

/** `pp-30-2019`: the SKP and behaviour values and the weights used. */
export const Pp30RatingsSchema = z.object({
  /** Nilai SKP, 0–120. */
  nilaiSkp: z.number().describe("Nilai SKP (0–120)"),
  /** Nilai perilaku kerja, 0–120. */
  nilaiPerilaku: z.number().describe("Nilai perilaku kerja (0–120)"),
  /** The SKP's share of the score, %: 70 or 60. */
  bobotSkp: z.number().describe("The SKP's share of the score, % (70 or 60)"),
  /** The behaviour's share of the score, %: 30 or 40. */
  bobotPerilaku: z.number().describe("The behaviour's share of the score, % (30 or 40)"),
  /** Whether the employee brought a new idea or method (needed for SANGAT_BAIK). */
  innovation: z.boolean().describe("Whether the employee brought a new idea or method"),
});
/** The ratings of a `pp-30-2019` result. */
export type Pp30Ratings = z.infer<typeof Pp30RatingsSchema>;

const Pp46CategorySchema = z.enum(["SANGAT_BAIK", "BAIK", "CUKUP", "KURANG", "BURUK"]);

/** `pp-46-2011`: the SKP and behaviour values and their categories. */
export const Pp46RatingsSchema = z.object({
  /** Nilai SKP. */
  nilaiSkp: z.number().describe("Nilai SKP"),
  /** The category of the SKP value. */
  kategoriSkp: Pp46CategorySchema.describe("The category of the SKP value"),
  /** Nilai perilaku kerja. */
  nilaiPerilaku: z.number().describe("Nilai perilaku kerja"),
  /** The category of the behaviour value. */
  kategoriPerilaku: Pp46CategorySchema.describe("The category of the behaviour value"),
});
/** The ratings of a `pp-46-2011` result. */
export type Pp46Ratings = z.infer<typeof Pp46RatingsSchema>;

/** `tpp-regional`: the factors, components and deductions behind the allowance. */
export const TppRatingsSchema = z.object({
  /** The performance factor, 0–1 (from the predikat or the score). */
  performanceFactor: z.number().describe("The performance factor, 0–1"),
  /** The performance component: weight × factor, a share of the base amount. */
  performanceComponent: z
    .number()
    .describe("The performance component: weight × factor, a share of the base"),
  /** The mean monthly discipline factor, 0–1. */
  disciplineFactor: z.number().describe("The mean monthly discipline factor, 0–1"),
  /** The mean monthly discipline component: weight × factor. */
  disciplineComponent: z.number().describe("The mean monthly discipline component: weight × factor"),
  /** The mean monthly deductions, a share of the base. */
  deductions: z.number().describe("The mean monthly deductions, a share of the base"),
  /** The months paid. */
  months: z.number().int().describe("The months paid"),
  /** The allowance for the period, rupiah; `null` without a basis (pagu). */
  amount: z
    .number()
    .nullable()
    .describe("The allowance for the period, rupiah; null when no monthly basis (pagu) is given"),
});
/** The ratings of a `tpp-regional` result. */
export type TppRatings = z.infer<typeof TppRatingsSchema>;

const componentScore = (code: string) =>
  z
    .number()
    .nullable()
    .exactOptional()
    .describe(
      `The ${code} component score, 0–100 (null when no source gave one; absent when its weight is 0)`,
    );

/** `weighted-360`: one score per weighted component and the sources used and dropped. */
export const Weighted360RatingsSchema = z.object({
  TARGET_ACHIEVEMENT: componentScore("TARGET_ACHIEVEMENT"),
  DISCIPLINE: componentScore("DISCIPLINE"),
  INITIATIVE: componentScore("INITIATIVE"),
  ATTENDANCE: componentScore("ATTENDANCE"),
  WORK_QUALITY: componentScore("WORK_QUALITY"),
  COLLABORATION: componentScore("COLLABORATION"),
  SERVICE_SPEED_ACCURACY: componentScore("SERVICE_SPEED_ACCURACY"),
  TEAM_CONTRIBUTION: componentScore("TEAM_CONTRIBUTION"),
  /** The sources whose answers counted, comma-separated. */
  sourcesUsed: z.string().describe("The sources whose answers counted, comma-separated"),
  /** The sources dropped (fewer answers than the minimum), comma-separated. */
  sourcesDropped: z.string().describe("The sources dropped (too few answers), comma-separated"),
});
/** The ratings of a `weighted-360` result. */
export type Weighted360Ratings = z.infer<typeof Weighted360RatingsSchema>;

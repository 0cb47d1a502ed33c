import { z } from "zod";

/**
 * Predikat kinerja organisasi, best to worst, set by the leadership one level up.
 * SE MenPAN-RB 3/2023.
 */
export const OrganisationPredikatSchema = z.enum([
  "ISTIMEWA",
  "BAIK",
  "BUTUH_PERBAIKAN",
  "KURANG",
  "SANGAT_KURANG",
]);
/** An organisation predikat. */
export type OrganisationPredikat = z.infer<typeof OrganisationPredikatSchema>;

/** The organisation (unit or agency) whose result bounds its employees' distribution. */
export const OrganisationSchema = z.strictObject({
  /** Organisation or unit id. */
  id: z.string().min(1).max(64),
  /** Its name; never used by a rule. */
  name: z.string().max(200).optional(),
  /** Its predikat for the period. */
  predikat: OrganisationPredikatSchema,
});
/** An organisation with its predikat. */
export type Organisation = z.infer<typeof OrganisationSchema>;

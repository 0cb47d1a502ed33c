import { z } from "zod";

/** Position kinds: senior executive (JPT), administrator (JA) and functional (JF). PermenPAN-RB 6/2022. */
export const PositionKindSchema = z.enum(["JPT", "JA", "JF"]);
/** A position kind. */
export type PositionKind = z.infer<typeof PositionKindSchema>;

/** Functional levels (jenjang jabatan fungsional), keyed as in Perban BKN 3/2023. */
export const FunctionalLevelSchema = z.enum([
  "PEMULA",
  "TERAMPIL",
  "MAHIR",
  "PENYELIA",
  "AHLI_PERTAMA",
  "AHLI_MUDA",
  "AHLI_MADYA",
  "AHLI_UTAMA",
]);
/** A functional level. */
export type FunctionalLevel = z.infer<typeof FunctionalLevelSchema>;

/** A NIP or other employee identifier as the HR system holds it. */
export const EmployeeIdSchema = z.string().trim().min(1, "an employee id (NIP) is required").max(64);

/**
 * An employee (pegawai). `attributes` holds free key-values from the HR system (gender,
 * religion, …) that no rule package may use; the fairness kit checks that they do not matter.
 */
export const EmployeeSchema = z.strictObject({
  /** NIP (or the HR system's id). */
  id: EmployeeIdSchema,
  /** Full name; never used by a rule. */
  name: z.string().max(200).optional(),
  /** JPT, JA or JF. */
  positionKind: PositionKindSchema,
  /** Whether the position is structural (e.g. PP 46/2011 counts leadership only for these). */
  structural: z.boolean().default(false),
  /** Functional level, for angka kredit. */
  functionalLevel: FunctionalLevelSchema.optional(),
  /** Whether the employee heads their unit (head-of-unit rule, PermenPAN-RB 6/2022). */
  isUnitHead: z.boolean().default(false),
  /** The organisation unit's id. */
  unitId: z.string().min(1).max(64).optional(),
  /** The unit's name; never used by a rule. */
  unitName: z.string().max(200).optional(),
  /** The direct superior's id (pejabat penilai kinerja). */
  supervisorId: EmployeeIdSchema.optional(),
  /** Free key-values from the HR system; no rule may read them. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
/** An employee. */
export type Employee = z.infer<typeof EmployeeSchema>;
/** An employee as written by a caller, before defaults. */
export type EmployeeInput = z.input<typeof EmployeeSchema>;

/** An organisation unit (unit kerja) inside an agency. */
export const OrganisationUnitSchema = z.strictObject({
  /** Unit id. */
  id: z.string().min(1).max(64),
  /** Unit name. */
  name: z.string().min(1).max(200),
  /** The parent unit's id, if any. */
  parentId: z.string().min(1).max(64).optional(),
  /** The id of the employee heading the unit, if any. */
  headId: EmployeeIdSchema.optional(),
});
/** An organisation unit. */
export type OrganisationUnit = z.infer<typeof OrganisationUnitSchema>;

/** An agency (instansi). */
export const AgencySchema = z.strictObject({
  /** Agency id. */
  id: z.string().min(1).max(64),
  /** Agency name. */
  name: z.string().min(1).max(200),
  /** Its units. */
  units: z.array(OrganisationUnitSchema).default([]),
});
/** An agency. */
export type Agency = z.infer<typeof AgencySchema>;

/** A reporting line: `employeeId` reports to `supervisorId`. */
export const ReportingLineSchema = z.strictObject({
  /** The subordinate. */
  employeeId: EmployeeIdSchema,
  /** The direct superior. */
  supervisorId: EmployeeIdSchema,
});
/** A reporting line. */
export type ReportingLine = z.infer<typeof ReportingLineSchema>;

import {
  type Employee,
  FunctionalLevelSchema,
  type KinerjaIssue,
  type Period,
  RatingSchema,
  validationError,
} from "@kinerja/core";
import { z } from "zod";

/** A code of one of SIASN's reference tables, as SIASN writes it. */
const SiasnCodeSchema = z.union([z.string().trim().min(1).max(64), z.number().int()]);

/**
 * How Kinerja's codes map to the codes of SIASN's reference tables for the annual SKP record
 * (the `skp22` service seen in public integrations, docs/regulations.md §5). SIASN's code values are not
 * public (unverified, U): every code comes from this configuration, none is built in.
 */
export const SiasnMappingSchema = z
  .strictObject({
    /** SIASN's code for each rating (`hasilKinerjaNilai`, `perilakuKerjaNilai`). */
    ratingCodes: z.strictObject({
      DI_ATAS_EKSPEKTASI: SiasnCodeSchema,
      SESUAI_EKSPEKTASI: SiasnCodeSchema,
      DI_BAWAH_EKSPEKTASI: SiasnCodeSchema,
    }),
    /** SIASN's quadrant code (`kuadranKinerjaNilai`) for each grade (predikat) of the rule package. */
    quadrantCodes: z.record(
      z.string().regex(/^[A-Z][A-Z0-9_]*$/, "expected a grade code such as BAIK"),
      SiasnCodeSchema,
    ),
    /** SIASN's coefficient id (`koefisienId`) per functional level, for periodic records (optional). */
    coefficientIds: z.partialRecord(FunctionalLevelSchema, SiasnCodeSchema).optional(),
    /** SIASN's id of the periodic assessment (`periodikId`), for periodic records (optional). */
    periodicId: SiasnCodeSchema.optional(),
    /** The key of the result's `ratings` that holds the rating hasil kerja (default `resultRating`). */
    resultRatingKey: z.string().min(1).max(64).default("resultRating"),
    /** The key of the result's `ratings` that holds the rating perilaku kerja (default `behaviourRating`). */
    behaviourRatingKey: z.string().min(1).max(64).default("behaviourRating"),
    /** The employee attribute holding SIASN's person id (`pnsDinilaiOrang`; default `siasnId`). */
    personIdAttribute: z.string().min(1).max(64).default("siasnId"),
    /** The employee attribute holding the rank/golongan, e.g. `III/a` (default `golongan`). */
    golonganAttribute: z.string().min(1).max(64).default("golongan"),
    /** The employee attribute holding the position title (default `jabatan`). */
    jabatanAttribute: z.string().min(1).max(64).default("jabatan"),
    /** `statusPenilai` when the assessor's attributes do not say (`ASN` or `NON ASN`; default `ASN`). */
    statusPenilai: z.enum(["ASN", "NON ASN"]).default("ASN"),
    /** The employee attribute that may hold the assessor's `statusPenilai` (default `statusAsn`). */
    statusPenilaiAttribute: z.string().min(1).max(64).default("statusAsn"),
  })
  .meta({ id: "SiasnMapping" });
/** A SIASN mapping. */
export type SiasnMapping = z.infer<typeof SiasnMappingSchema>;
/** A SIASN mapping as written by a caller. */
export type SiasnMappingInput = z.input<typeof SiasnMappingSchema>;

/** One SIASN-style SKP record (field names as SIASN spells them). */
export const SiasnRecordSchema = z
  .object({
    /** The year assessed. */
    tahun: z.number().int(),
    /** Rating hasil kerja, as SIASN's code. */
    hasilKinerjaNilai: SiasnCodeSchema,
    /** Rating perilaku kerja, as SIASN's code. */
    perilakuKerjaNilai: SiasnCodeSchema,
    /** The predikat (quadrant), as SIASN's code. */
    kuadranKinerjaNilai: SiasnCodeSchema,
    /** SIASN's person id of the employee assessed. */
    pnsDinilaiOrang: z.string().nullable(),
    /** The assessor's name. */
    penilaiNama: z.string().nullable(),
    /** The assessor's NIP. */
    penilaiNipNrp: z.string().nullable(),
    /** The assessor's rank/golongan. */
    penilaiGolongan: z.string().nullable(),
    /** The assessor's position. */
    penilaiJabatan: z.string().nullable(),
    /** The assessor's unit name. */
    penilaiUnorNama: z.string().nullable(),
    /** `ASN` or `NON ASN`. */
    statusPenilai: z.enum(["ASN", "NON ASN"]),
    /** Periodic records: SIASN's periodic assessment id. */
    periodikId: SiasnCodeSchema.optional(),
    /** Periodic records: first month (1–12). */
    bulanMulaiPenilaian: z.number().int().optional(),
    /** Periodic records: last month (1–12). */
    bulanSelesaiPenilaian: z.number().int().optional(),
    /** Periodic records: first year. */
    tahunMulaiPenilaian: z.number().int().optional(),
    /** Periodic records: last year. */
    tahunSelesaiPenilaian: z.number().int().optional(),
    /** Periodic records: SIASN's coefficient id for the employee's functional level. */
    koefisienId: SiasnCodeSchema.optional(),
  })
  .meta({ id: "SiasnRecord" });
/** A SIASN record. */
export type SiasnRecord = z.infer<typeof SiasnRecordSchema>;

/** The record's columns, in SIASN's order (for CSV). */
export const SIASN_COLUMNS: readonly (keyof SiasnRecord)[] = [
  "tahun",
  "hasilKinerjaNilai",
  "perilakuKerjaNilai",
  "kuadranKinerjaNilai",
  "pnsDinilaiOrang",
  "penilaiNama",
  "penilaiNipNrp",
  "penilaiGolongan",
  "penilaiJabatan",
  "penilaiUnorNama",
  "statusPenilai",
  "periodikId",
  "bulanMulaiPenilaian",
  "bulanSelesaiPenilaian",
  "tahunMulaiPenilaian",
  "tahunSelesaiPenilaian",
  "koefisienId",
];

/** What one SIASN record is made from: the final result of one employee. */
export interface SiasnSource {
  /** The period assessed. */
  period: Pick<Period, "start" | "end">;
  /** The employee assessed. */
  employee: Pick<Employee, "id" | "functionalLevel" | "attributes">;
  /** The assessor (pejabat penilai kinerja), when known. */
  assessor?: Pick<Employee, "id" | "name" | "attributes" | "unitName">;
  /** The final grade (after calibration). */
  grade: string;
  /** The result's ratings. */
  ratings: Readonly<Record<string, string | number | boolean | null>>;
}

function attribute(attributes: Readonly<Record<string, unknown>> | undefined, key: string): string | null {
  const value = attributes?.[key];
  if (value === undefined || value === null || value === "") return null;
  return String(value);
}

function isWholeYear(period: Pick<Period, "start" | "end">): boolean {
  return (
    period.start.slice(5) === "01-01" &&
    period.end.slice(5) === "12-31" &&
    period.start.slice(0, 4) === period.end.slice(0, 4)
  );
}

/**
 * Maps one final result to a SIASN-style SKP record through `mapping` (docs/regulations.md §5). Periods
 * that are not one calendar year get the periodic fields too. A rating or grade without a code
 * in the mapping is a VALIDATION_FAILED naming the mapping field to set (`path` prefixes the
 * issues, e.g. with the record's index).
 */
export function toSiasnRecord(
  source: SiasnSource,
  mapping: SiasnMapping,
  path: readonly PropertyKey[] = [],
): SiasnRecord {
  const issues: KinerjaIssue[] = [];
  const rating = (key: string) => {
    const parsed = RatingSchema.safeParse(source.ratings[key]);
    if (!parsed.success) {
      issues.push({
        path: [...path, "ratings", key],
        message: `the result has no rating "${key}" (got ${JSON.stringify(source.ratings[key] ?? null)}); set resultRatingKey/behaviourRatingKey in the SIASN mapping to the rule package's rating keys`,
        code: "siasn_rating",
      });
      return "";
    }
    return mapping.ratingCodes[parsed.data];
  };
  const hasil = rating(mapping.resultRatingKey);
  const perilaku = rating(mapping.behaviourRatingKey);
  const kuadran = mapping.quadrantCodes[source.grade];
  if (kuadran === undefined) {
    issues.push({
      path: ["mapping", "quadrantCodes", source.grade],
      message: `no SIASN quadrant code for grade ${source.grade}; add it to the SIASN mapping`,
      code: "siasn_unmapped",
    });
  }
  if (issues.length > 0 || kuadran === undefined) throw validationError(issues, { context: "SIASN export" });
  const assessor = source.assessor;
  const status = attribute(assessor?.attributes, mapping.statusPenilaiAttribute);
  const record: SiasnRecord = {
    tahun: Number(source.period.end.slice(0, 4)),
    hasilKinerjaNilai: hasil,
    perilakuKerjaNilai: perilaku,
    kuadranKinerjaNilai: kuadran,
    pnsDinilaiOrang: attribute(source.employee.attributes, mapping.personIdAttribute),
    penilaiNama: assessor?.name ?? null,
    penilaiNipNrp: assessor?.id ?? null,
    penilaiGolongan: attribute(assessor?.attributes, mapping.golonganAttribute),
    penilaiJabatan: attribute(assessor?.attributes, mapping.jabatanAttribute),
    penilaiUnorNama: assessor?.unitName ?? null,
    statusPenilai: status === "ASN" || status === "NON ASN" ? status : mapping.statusPenilai,
  };
  if (!isWholeYear(source.period)) {
    record.bulanMulaiPenilaian = Number(source.period.start.slice(5, 7));
    record.bulanSelesaiPenilaian = Number(source.period.end.slice(5, 7));
    record.tahunMulaiPenilaian = Number(source.period.start.slice(0, 4));
    record.tahunSelesaiPenilaian = Number(source.period.end.slice(0, 4));
    if (mapping.periodicId !== undefined) record.periodikId = mapping.periodicId;
    const level = source.employee.functionalLevel;
    const coefficient = level === undefined ? undefined : mapping.coefficientIds?.[level];
    if (coefficient !== undefined) record.koefisienId = coefficient;
  }
  return record;
}

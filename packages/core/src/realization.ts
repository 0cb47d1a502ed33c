import { z } from "zod";

/** Kind of evidence (bukti dukung). */
export const EvidenceKindSchema = z.enum(["DOCUMENT", "PHOTO", "LINK", "DATA", "OTHER"]);

/** An evidence reference: a URL or a file id, with a description. */
export const EvidenceSchema = z
  .strictObject({
    /** Kind of evidence. */
    kind: EvidenceKindSchema,
    /** Where it is, if online. */
    url: z.url().optional(),
    /** The file id in the embedding system's storage. */
    fileId: z.string().min(1).max(200).optional(),
    /** What it shows. */
    description: z.string().max(2000).optional(),
  })
  .refine((e) => e.url !== undefined || e.fileId !== undefined, {
    message: "evidence needs a url or a fileId",
    path: ["url"],
  });
/** An evidence reference. */
export type Evidence = z.infer<typeof EvidenceSchema>;

/** A realisation of one indicator in one sub-period, with evidence. */
export const RealizationSchema = z.strictObject({
  /** The indicator's id. */
  indicatorId: z.string().min(1).max(64),
  /** The sub-period key (`2026-Q1`, `2026-03`, …; see `subPeriods`). */
  subPeriod: z.string().min(1).max(16),
  /** The realised value. */
  value: z.number().finite(),
  /** Evidence references. */
  evidence: z.array(EvidenceSchema).default([]),
});
/** A realisation. */
export type Realization = z.infer<typeof RealizationSchema>;

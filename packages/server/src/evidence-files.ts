import { createHash } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { z } from "zod";
import type { DB, Timestamp } from "./storage";

/** `evidence_files`: a file uploaded as evidence of a realisation (migration 0007). */
export interface EvidenceFilesTable {
  /** File id: the `fileId` of the realisation's evidence entry. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** The work plan of the realisation. */
  work_plan_id: string;
  /** The realisation the file is evidence of. */
  realization_id: string;
  /** The file name as uploaded (without folders). */
  file_name: string;
  /** `application/pdf`, `image/jpeg` or `image/png`, as read from the file's first bytes. */
  content_type: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The bytes, base64. */
  content: string;
  /** Who uploaded it. */
  uploaded_by: string;
  /** When uploaded. */
  created_at: Timestamp;
}

/** The tables of migration 0007, for `db.withTables<EvidenceFileTables>()`. */
export type EvidenceFileTables = {
  /** Evidence files. */
  evidence_files: EvidenceFilesTable;
};

/** A selected evidence file row. */
export type EvidenceFileRow = Selectable<EvidenceFilesTable>;

const withEvidenceFiles = (db: Kysely<DB>) => db.withTables<EvidenceFileTables>();

/** Reaches the tables of migration 0007 from a query builder or transaction. */
export function evidenceFilesDb(db: Kysely<DB>): ReturnType<typeof withEvidenceFiles> {
  return withEvidenceFiles(db);
}

/** The largest evidence file accepted, in bytes (5 MiB). */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

/** The file types accepted as evidence, with the evidence kind each becomes. */
export const EVIDENCE_TYPES = {
  "application/pdf": { kind: "DOCUMENT", extension: "pdf" },
  "image/jpeg": { kind: "PHOTO", extension: "jpg" },
  "image/png": { kind: "PHOTO", extension: "png" },
} as const;

/** An accepted evidence content type. */
export type EvidenceContentType = keyof typeof EVIDENCE_TYPES;

const SIGNATURES: readonly { type: EvidenceContentType; bytes: readonly number[] }[] = [
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * The evidence type of a file from its first bytes (PDF, JPEG or PNG), or undefined for any
 * other content: the declared Content-Type of an upload is never trusted alone.
 *
 * @example sniffEvidenceType(Buffer.from("%PDF-1.7\n")) // "application/pdf"
 */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceContentType | undefined {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b))?.type;
}

/**
 * A file name safe to store and to send back: the last path segment, control characters and
 * quotes removed, at most 255 characters; `fallback` when nothing is left.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  const last = (name ?? "").split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = last.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return (cleaned === "" ? fallback : cleaned).slice(0, 255);
}

/** The SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** An evidence file as the API describes it (never its bytes). */
export const EvidenceFileViewSchema = z
  .object({
    /** File id (the `fileId` in the realisation's evidence). */
    id: z.string(),
    /** The realisation it is evidence of. */
    realizationId: z.string(),
    /** The file name as uploaded. */
    fileName: z.string(),
    /** `application/pdf`, `image/jpeg` or `image/png`. */
    contentType: z.string(),
    /** Size in bytes. */
    size: z.number().int(),
    /** SHA-256 of the bytes, hex. */
    sha256: z.string(),
    /** Who uploaded it. */
    uploadedBy: z.string(),
    /** When uploaded. */
    createdAt: z.string(),
  })
  .meta({ id: "EvidenceFileView" });
/** An evidence file view. */
export type EvidenceFileView = z.infer<typeof EvidenceFileViewSchema>;

/** The view of a stored evidence file. */
export function evidenceFileView(row: Omit<EvidenceFileRow, "content">): EvidenceFileView {
  return {
    id: row.id,
    realizationId: row.realization_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A `Content-Disposition: attachment` header value for a file name (RFC 6266, with a UTF-8 form). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

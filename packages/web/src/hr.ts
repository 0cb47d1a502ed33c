import type { Language } from "@kinerja/core";
import { AUDIT_SUBJECTS, AUDIT_VERBS } from "./i18n";

/**
 * The HR page's logic that needs no browser: the audit log's filters as the query of
 * `GET /v1/audit`, its labels, the unit tree, the rule package configuration text and the
 * progress of transfers (staff import upload, export downloads).
 */

/** The audit log filters as the HR page's form holds them (empty text = no filter). */
export interface AuditFilters {
  /** The actor's id (NIP or token subject). */
  actorId: string;
  /** An action prefix ending in `.` (e.g. `work_plan.`) or one action. */
  action: string;
  /** The subject's kind (entity type, e.g. `work_plan`). */
  entityType: string;
  /** The subject's id. */
  entityId: string;
  /** From this day (inclusive, `YYYY-MM-DD`, the browser's time zone). */
  from: string;
  /** Up to this day (inclusive, `YYYY-MM-DD`). */
  to: string;
}

/** No filter at all. */
export const NO_AUDIT_FILTERS: AuditFilters = {
  actorId: "",
  action: "",
  entityType: "",
  entityId: "",
  from: "",
  to: "",
};

/** The query of `GET /v1/audit` for the filters (newest first), or the problem of the form. */
export type AuditQueryResult =
  | {
      query: {
        order: "desc";
        limit: number;
        actorId?: string;
        action?: string;
        entityType?: string;
        entityId?: string;
        from?: string;
        to?: string;
        cursor?: string;
      };
    }
  | { problem: { field: "to"; message: { id: string; en: string } } };

/** Midnight at the start of a local day, as an ISO timestamp with offset Z. */
function startOfLocalDay(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The filters as the strict query of `GET /v1/audit`: blank filters left out, days turned into
 * a time range (`to` is the day after the last day, exclusive), newest first, paged by `cursor`.
 * A last day before the first is a problem of the form, never a request.
 *
 * @example auditQuery({ ...NO_AUDIT_FILTERS, action: "work_plan." }, 20) // { query: { order: "desc", limit: 20, action: "work_plan." } }
 */
export function auditQuery(filters: AuditFilters, limit: number, cursor?: string): AuditQueryResult {
  const text = (value: string) => value.trim() || undefined;
  const from = filters.from ? startOfLocalDay(filters.from) : undefined;
  const to = filters.to ? startOfLocalDay(filters.to, 1) : undefined;
  if (from !== undefined && to !== undefined && to <= from) {
    return {
      problem: {
        field: "to",
        message: {
          id: "Tanggal akhir harus sama dengan atau sesudah tanggal awal.",
          en: "The last day must be the first day or after it.",
        },
      },
    };
  }
  const entries = Object.entries({
    actorId: text(filters.actorId),
    action: text(filters.action),
    entityType: text(filters.entityType),
    entityId: text(filters.entityId),
    from,
    to,
    cursor,
  }).filter(([, value]) => value !== undefined);
  return { query: { order: "desc", limit, ...Object.fromEntries(entries) } };
}

/**
 * The pages of a cursor-paged list that the reader went through: the cursor of each page
 * (`undefined` for the first), so "previous" goes back without the service keeping state.
 */
export interface CursorTrail {
  /** The cursors of the pages before the current one and of the current one, first page first. */
  cursors: readonly (string | undefined)[];
}

/** The first page of a list. */
export const FIRST_PAGE: CursorTrail = { cursors: [undefined] };

/** The cursor of the page shown. */
export const currentCursor = (trail: CursorTrail): string | undefined =>
  trail.cursors[trail.cursors.length - 1];

/** The trail after "next" with the `nextCursor` the page returned. */
export const nextPage = (trail: CursorTrail, nextCursor: string): CursorTrail => ({
  cursors: [...trail.cursors, nextCursor],
});

/** The trail after "previous" (the first page stays the first). */
export const previousPage = (trail: CursorTrail): CursorTrail =>
  trail.cursors.length > 1 ? { cursors: trail.cursors.slice(0, -1) } : trail;

const snake = (value: string) => value.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const plain = (value: string) => snake(value).replaceAll("_", " ");

/** The words for a subject kind (an entity type or an action's first part), never its raw code. */
export function subjectLabel(kind: string, lang: Language): string {
  return AUDIT_SUBJECTS[snake(kind) as keyof typeof AUDIT_SUBJECTS]?.[lang] ?? plain(kind);
}

/**
 * An audit action in words, e.g. `work_plan.request_revision` → `SKP: dikembalikan untuk
 * revisi` (`Work plan: returned for revision`); an unknown part is spelled out in plain words.
 */
export function auditActionLabel(action: string, lang: Language): string {
  const dot = action.indexOf(".");
  if (dot < 0) return plain(action);
  const verb = snake(action.slice(dot + 1));
  const verbWords = AUDIT_VERBS[verb as keyof typeof AUDIT_VERBS]?.[lang] ?? plain(verb);
  return `${subjectLabel(action.slice(0, dot), lang)}: ${verbWords}`;
}

/** An organisation unit as the agency view has it. */
export interface UnitLike {
  id: string;
  name: string;
  parentId?: string | undefined;
  headId?: string | undefined;
}

/** The units in tree order (each parent before its children, siblings by name) with their depth. */
export function unitTree<T extends UnitLike>(units: readonly T[]): { unit: T; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | undefined, T[]>();
  for (const unit of units) {
    const parent = unit.parentId !== undefined && ids.has(unit.parentId) ? unit.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const out: { unit: T; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const unit of list) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      out.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  walk(undefined, 0);
  // Units in a parent cycle (the service refuses them; a defensive view still lists them).
  for (const unit of units) if (!seen.has(unit.id)) out.push({ unit, depth: 0 });
  return out;
}

/** The units a unit may move under: every unit except itself and the units inside it. */
export function moveTargets<T extends UnitLike>(units: readonly T[], unitId: string): T[] {
  const inside = new Set([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId !== undefined && inside.has(unit.parentId) && !inside.has(unit.id)) {
        inside.add(unit.id);
        grew = true;
      }
    }
  }
  return units.filter((u) => !inside.has(u.id));
}

/** A new unit's id from its name: lower-case words joined by `-`, unique among the ids given. */
export function unitIdFor(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 56) || "unit";
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The rule package configuration typed as JSON: an object, or the problem in words (the
 * service then checks each field with the package's own schema).
 */
export function parseConfig(
  text: string,
): { config: Record<string, unknown> } | { problem: { id: string; en: string } } {
  if (text.trim() === "") return { config: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      problem: {
        id: `Konfigurasi bukan JSON yang sah (${detail}). Periksa tanda kutip, koma dan kurung.`,
        en: `The configuration is not valid JSON (${detail}). Check the quotes, commas and braces.`,
      },
    };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      problem: {
        id: 'Konfigurasi harus berupa objek JSON, mis. { "kunci": nilai }.',
        en: 'The configuration must be a JSON object, e.g. { "key": value }.',
      },
    };
  }
  return { config: value as Record<string, unknown> };
}

/** How far a transfer is: bytes (and, for CSV, rows) done, and the total when known. */
export interface TransferProgress {
  /** What is being done. */
  phase: "upload" | "server" | "download" | "done";
  /** Bytes transferred so far. */
  loaded: number;
  /** Bytes in all, when known. */
  total?: number | undefined;
  /** Data rows (lines after the CSV header) transferred so far, when counted. */
  rows?: number | undefined;
  /** Data rows in all, when known. */
  totalRows?: number | undefined;
}

/** The percentage of a transfer (0–100, whole), or undefined when its total is unknown. */
export function percentOf(progress: TransferProgress): number | undefined {
  if (progress.total === undefined || progress.total <= 0) return undefined;
  return Math.min(100, Math.floor((progress.loaded / progress.total) * 100));
}

/** The data rows of a CSV text: its non-empty lines after the header. */
export function csvRowCount(csv: string): number {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  return Math.max(0, lines.length - 1);
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** A progress line in the page language, e.g. `Mengunggah 42 % (420 dari 1000 baris)`. */
export function progressLine(progress: TransferProgress, lang: Language): string {
  const percent = percentOf(progress);
  const rows =
    progress.rows !== undefined && progress.totalRows !== undefined
      ? lang === "id"
        ? ` (${progress.rows} dari ${progress.totalRows} baris)`
        : ` (${progress.rows} of ${progress.totalRows} rows)`
      : progress.rows !== undefined
        ? lang === "id"
          ? ` (${progress.rows} baris)`
          : ` (${progress.rows} rows)`
        : "";
  const amount = percent === undefined ? kB(progress.loaded) : `${percent} %`;
  switch (progress.phase) {
    case "upload":
      return `${lang === "id" ? "Mengunggah" : "Uploading"} ${amount}${rows}`;
    case "server":
      return lang === "id"
        ? `Berkas terkirim${rows}; layanan sedang memeriksa dan menyimpan baris…`
        : `File sent${rows}; the service is checking and saving the rows…`;
    case "download":
      return `${lang === "id" ? "Mengunduh" : "Downloading"} ${amount}${rows}`;
    case "done":
      return `${lang === "id" ? "Selesai" : "Done"}: ${kB(progress.loaded)}${rows}`;
  }
}

/**
 * Reads a response body to the end, reporting the bytes and CSV rows received so far (the total
 * from `Content-Length` when the service sends it). Returns the body as a Blob of its type.
 */
export async function readWithProgress(
  response: Response,
  onProgress: (progress: TransferProgress) => void,
): Promise<Blob> {
  const length = Number(response.headers.get("content-length"));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const type = response.headers.get("content-type") ?? "application/octet-stream";
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let newlines = 0;
  let endsWithNewline = true;
  // Rows after the header: complete lines, and a last line without its newline once done.
  const report = (phase: TransferProgress["phase"]) => {
    const lines = newlines + (phase === "done" && !endsWithNewline ? 1 : 0);
    onProgress({ phase, loaded, total, rows: Math.max(0, lines - 1) });
  };
  if (response.body === null) {
    const blob = await response.blob();
    loaded = blob.size;
    report("done");
    return blob;
  }
  const reader = response.body.getReader();
  report("download");
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    for (const byte of value) if (byte === 10) newlines++;
    if (value.byteLength > 0) endsWithNewline = value[value.byteLength - 1] === 10;
    report("download");
  }
  report("done");
  return new Blob(chunks as BlobPart[], { type });
}

/** What the receiver of a webhook delivery answered last, in words (the service's text when unknown). */
export function deliveryAnswer(
  delivery: { lastStatusCode: number | null; lastError: string | null },
  lang: Language,
): string {
  if (delivery.lastStatusCode !== null) {
    return lang === "id"
      ? `penerima menjawab HTTP ${delivery.lastStatusCode}`
      : `the receiver answered HTTP ${delivery.lastStatusCode}`;
  }
  const error = delivery.lastError;
  if (error === null) return "—";
  const known: [RegExp, { id: string; en: string }][] = [
    [/ECONNREFUSED/, { id: "penerima menolak sambungan", en: "the receiver refused the connection" }],
    [
      /ETIMEDOUT|TimeoutError|aborted|timed? ?out/i,
      { id: "penerima tidak menjawab tepat waktu", en: "the receiver did not answer in time" },
    ],
    [
      /ENOTFOUND|EAI_AGAIN/,
      { id: "nama host penerima tidak ditemukan", en: "the receiver's host name was not found" },
    ],
    [
      /^target refused/,
      {
        id: "alamat penerima ditolak aturan keamanan layanan",
        en: "the receiver's address is refused by the service's security rules",
      },
    ],
  ];
  const words = known.find(([pattern]) => pattern.test(error))?.[1][lang];
  return words === undefined ? error : `${words} (${error})`;
}

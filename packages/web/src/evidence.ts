import type { Language } from "@kinerja/core";
import { baseUrl } from "./api";
import { ApiError, type ApiErrorBody } from "./errors";
import { session } from "./session";

/** The file types the service accepts as evidence (it reads the type from the file's first bytes). */
export const EVIDENCE_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

/** The largest evidence file the service accepts (5 MiB). */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * What is wrong with a chosen evidence file before it is sent, in the page language, or null:
 * the service checks again (413, 415), this only spares the upload.
 */
export function evidenceFileProblem(
  file: { name: string; type: string; size: number },
  lang: Language,
): string | null {
  if (!(EVIDENCE_TYPES as readonly string[]).includes(file.type)) {
    return lang === "id"
      ? `${file.name}: jenis berkas tidak diterima. Pilih berkas PDF, JPEG atau PNG.`
      : `${file.name}: this file type is not accepted. Choose a PDF, JPEG or PNG file.`;
  }
  if (file.size > EVIDENCE_MAX_BYTES) {
    const mb = (file.size / (1024 * 1024)).toFixed(1).replace(".", lang === "id" ? "," : ".");
    return lang === "id"
      ? `${file.name}: ${mb} MB, lebih dari batas 5 MB. Perkecil berkas (pindai dengan resolusi lebih rendah atau pecah PDF) lalu pilih lagi.`
      : `${file.name}: ${mb} MB, over the 5 MB limit. Make it smaller (scan at a lower resolution or split the PDF) and choose it again.`;
  }
  if (file.size === 0) {
    return lang === "id"
      ? `${file.name}: berkas kosong. Pilih berkas lain.`
      : `${file.name}: the file is empty. Choose another one.`;
  }
  return null;
}

async function refused(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as Partial<ApiErrorBody>;
  return new ApiError(response.status, {
    code: body.code ?? `HTTP_${response.status}`,
    message: body.message ?? response.statusText,
    details: body.details ?? {},
  });
}

function authorization(): Record<string, string> {
  const token = session.value?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Uploads an evidence file for a recorded realisation (multipart, the token in the header). */
export async function uploadEvidence(
  workPlanId: string,
  realizationId: string,
  file: File,
  description?: string,
): Promise<void> {
  const form = new FormData();
  if (description) form.append("description", description);
  form.append("file", file, file.name);
  const response = await fetch(
    `${baseUrl}/v1/work-plans/${encodeURIComponent(workPlanId)}/realizations/${encodeURIComponent(realizationId)}/evidence`,
    { method: "POST", headers: authorization(), body: form },
  );
  if (!response.ok) throw await refused(response);
}

/**
 * Downloads an evidence file: fetched with the token (never in the URL), then saved under its
 * name through a temporary object URL.
 */
export async function downloadEvidence(
  workPlanId: string,
  fileId: string,
  fallbackName: string,
): Promise<void> {
  const response = await fetch(
    `${baseUrl}/v1/work-plans/${encodeURIComponent(workPlanId)}/evidence/${encodeURIComponent(fileId)}`,
    { headers: authorization() },
  );
  if (!response.ok) throw await refused(response);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = fileNameOf(response.headers.get("content-disposition")) ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of a `Content-Disposition` header (its UTF-8 form first), or undefined. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (utf8) {
    try {
      return decodeURIComponent(utf8);
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1];
}

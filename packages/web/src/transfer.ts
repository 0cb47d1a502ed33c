import { baseUrl } from "./api";
import { ApiError, type ApiErrorBody } from "./errors";
import { csvRowCount, type TransferProgress } from "./hr";
import { session } from "./session";

/**
 * Sends a CSV file to the service with `XMLHttpRequest`, whose upload events tell how much is
 * sent (fetch cannot report an upload's progress): the percentage and the rows sent while
 * uploading, then the phase in which the service checks and saves them. Resolves with the
 * answer's status and JSON body; a network failure rejects with a TypeError, as fetch does.
 */
export function uploadCsv(
  path: string,
  csv: string,
  onProgress: (progress: TransferProgress) => void,
): Promise<{ status: number; body: unknown }> {
  const totalRows = csvRowCount(csv);
  const bytes = new Blob([csv]).size;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${baseUrl}${path}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("accept", "application/json");
    const token = session.value?.token;
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    const report = (phase: TransferProgress["phase"], loaded: number, total: number | undefined) => {
      const share = total ? loaded / total : phase === "upload" ? 0 : 1;
      onProgress({ phase, loaded, total, rows: Math.floor(totalRows * share), totalRows });
    };
    xhr.upload.onprogress = (e) => report("upload", e.loaded, e.lengthComputable ? e.total : undefined);
    xhr.upload.onload = () => report("server", bytes, bytes);
    xhr.onerror = () => reject(new TypeError("network error"));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    report("upload", 0, bytes);
    xhr.send(csv);
  });
}

/** The refusal of an answer that is not a success, as the pages' {@link ApiError}. */
export function refusalOf(status: number, body: unknown, statusText = ""): ApiError {
  const b = (body ?? {}) as Partial<ApiErrorBody>;
  return new ApiError(status, {
    code: b.code ?? `HTTP_${status}`,
    message: b.message ?? statusText,
    details: b.details ?? {},
  });
}

/** Hands a downloaded file to the browser under a file name. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

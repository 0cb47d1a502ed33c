import type { Language } from "@kinerja/core";

/** An error body of the service: `{ code, message, details }`. */
export interface ApiErrorBody {
  /** The error code, e.g. `ILLEGAL_TRANSITION`. */
  code: string;
  /** What was wrong and where (English, from the service). */
  message: string;
  /** Structured details (issues, problems). */
  details?: Record<string, unknown>;
}

/** A refused request, thrown by the pages' API calls. */
export class ApiError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The service's error body. */
  readonly body: ApiErrorBody;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

const WHAT_TO_DO: Record<string, { id: string; en: string }> = {
  VALIDATION_FAILED: {
    id: "Isian belum sesuai. Perbaiki kolom yang disebut lalu kirim lagi.",
    en: "Some input is not valid. Correct the field named below and send again.",
  },
  ILLEGAL_TRANSITION: {
    id: "Langkah ini tidak bisa dilakukan pada tahap sekarang. Muat ulang untuk melihat tahap terbaru, lalu pilih langkah yang tersedia.",
    en: "This step is not possible at the current stage. Refresh to see the latest stage, then pick an available step.",
  },
  FORBIDDEN: {
    id: "Anda tidak berwenang melakukan ini. Minta pejabat yang berwenang, atau masuk dengan peran yang sesuai.",
    en: "You are not allowed to do this. Ask the person in charge, or sign in with the right role.",
  },
  CONFLICT: {
    id: "Data ini baru saja diubah orang lain. Muat ulang, periksa perubahan, lalu coba lagi.",
    en: "Someone else changed this just now. Refresh, check the change, then try again.",
  },
  NOT_FOUND: {
    id: "Data tidak ditemukan atau tidak dapat Anda lihat. Periksa pilihan periode atau pegawai.",
    en: "Not found, or not visible to you. Check the chosen period or employee.",
  },
  UNAUTHENTICATED: {
    id: "Sesi Anda berakhir atau token tidak sah. Keluar lalu masuk lagi.",
    en: "Your session ended or the token is not valid. Sign out and sign in again.",
  },
  WORK_PLAN_INVALID: {
    id: "SKP belum lengkap untuk langkah ini. Perbaiki masalah yang tercantum lalu coba lagi.",
    en: "The SKP is not complete enough for this step. Fix the listed problems and try again.",
  },
  CASCADE_INVALID: {
    id: "Hasil kerja belum terhubung dengan benar ke hasil kerja atasan. Pilih hasil kerja atasan yang diintervensi.",
    en: "Results are not linked correctly to the superior's results. Pick the superior's result each one supports.",
  },
  RATE_LIMITED: {
    id: "Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.",
    en: "Too many requests. Wait a moment and try again.",
  },
  PAYLOAD_TOO_LARGE: {
    id: "Berkas terlalu besar. Bagi menjadi beberapa berkas lalu unggah lagi.",
    en: "The file is too large. Split it and upload again.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    id: "Jenis berkas tidak diterima. Unggah berkas PDF, JPEG atau PNG.",
    en: "This file type is not accepted. Upload a PDF, JPEG or PNG file.",
  },
  UNAVAILABLE: {
    id: "Layanan sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi.",
    en: "The service cannot be reached right now. Try again in a moment.",
  },
};

/** Advice for refusals whose code alone says too little (recognised by their details). */
const SPECIFIC_ADVICE: { matches: (body: ApiErrorBody) => boolean; advice: { id: string; en: string } }[] = [
  {
    // The SIASN export without the agency's mapping of SIASN codes (a 409, not someone else's change).
    matches: (body) => body.code === "CONFLICT" && body.details?.kind === "SIASN",
    advice: {
      id: "Kode SIASN instansi belum diatur. Minta pengelola sistem mengisi pemetaan kode SIASN, lalu unduh lagi.",
      en: "The agency's SIASN codes are not set yet. Ask the system administrator to fill in the SIASN code mapping, then download again.",
    },
  },
];

const FALLBACK = {
  id: "Permintaan ditolak. Coba lagi; bila berulang, hubungi pengelola kepegawaian.",
  en: "The request was refused. Try again; if it repeats, contact HR.",
};

/**
 * A refusal as a sentence that says what to do, in the page language, followed by the
 * service's own words (which name the field or state).
 */
export function refusalSentence(error: unknown, lang: Language): string {
  if (error instanceof ApiError) {
    const advice = (SPECIFIC_ADVICE.find((a) => a.matches(error.body))?.advice ??
      WHAT_TO_DO[error.body.code] ??
      FALLBACK)[lang];
    const problems = (error.body.details?.problems ?? error.body.details?.issues) as
      | { message?: unknown; path?: unknown }[]
      | undefined;
    const listed = Array.isArray(problems)
      ? problems
          .slice(0, 5)
          .map((p) => String(p.message ?? ""))
          .filter(Boolean)
      : [];
    const detail = listed.length > 0 ? listed.join("; ") : error.body.message;
    return `${advice} (${detail})`;
  }
  if (error instanceof TypeError) {
    return lang === "id"
      ? "Tidak dapat menghubungi layanan. Periksa koneksi lalu coba lagi."
      : "Cannot reach the service. Check the connection and try again.";
  }
  return `${FALLBACK[lang]} (${error instanceof Error ? error.message : String(error)})`;
}

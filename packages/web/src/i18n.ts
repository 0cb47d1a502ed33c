import { type GlossaryCategory, type Language, label } from "@kinerja/core";
import { format, parseISO } from "date-fns";
import { enGB, id as idLocale } from "date-fns/locale";
import { signal } from "./signal";

/** The page language: Indonesian by default, English on request (kept for the tab only). */
export const language = signal<Language>(
  (globalThis.sessionStorage?.getItem("kinerja.lang") as Language | null) ?? "id",
);
language.subscribe((value) => {
  globalThis.sessionStorage?.setItem("kinerja.lang", value);
  if (globalThis.document) document.documentElement.lang = value;
});

/** The words of the pages, by key, in both languages. */
export const WORDS = {
  appName: { id: "Kinerja ASN", en: "Kinerja (civil-servant performance)" },
  skip: { id: "Lewati ke isi", en: "Skip to content" },
  signIn: { id: "Masuk", en: "Sign in" },
  signOut: { id: "Keluar", en: "Sign out" },
  language: { id: "English", en: "Bahasa Indonesia" },
  languageSwitch: { id: "Ganti bahasa ke English", en: "Switch language to Bahasa Indonesia" },
  pickPersona: { id: "Pilih peran demo", en: "Pick a demo persona" },
  demoNote: {
    id: "Layanan berjalan dalam mode demo: token dibuat dengan kunci pengembangan yang dipublikasikan. Jangan gunakan untuk data nyata.",
    en: "The service runs in demo mode: tokens are signed with the published development secret. Never use it for real data.",
  },
  otherStaff: { id: "Pegawai lain (rekan kerja)", en: "Another staff member (peer)" },
  signInAs: { id: "Masuk sebagai", en: "Sign in as" },
  pasteToken: {
    id: "Tempel token dari penyedia identitas instansi",
    en: "Paste a token from your agency's identity provider",
  },
  token: { id: "Token akses (JWT)", en: "Access token (JWT)" },
  employee: { id: "Pegawai", en: "Employee" },
  supervisor: { id: "Atasan", en: "Supervisor" },
  hr: { id: "Kepegawaian", en: "HR" },
  auditor: { id: "Auditor", en: "Auditor" },
  period: { id: "Periode", en: "Period" },
  choosePeriod: { id: "Pilih periode", en: "Choose a period" },
  mySkp: { id: "SKP saya", en: "My SKP" },
  noPlan: { id: "Belum ada SKP untuk periode ini.", en: "No SKP for this period yet." },
  startPlan: { id: "Buat draf SKP", en: "Start a draft SKP" },
  result: { id: "Hasil kerja", en: "Result" },
  addResult: { id: "Tambah hasil kerja", en: "Add a result" },
  addIndicator: { id: "Tambah indikator", en: "Add an indicator" },
  remove: { id: "Hapus", en: "Remove" },
  description: { id: "Uraian", en: "Description" },
  kind: { id: "Jenis", en: "Kind" },
  parentResult: { id: "Hasil kerja atasan yang diintervensi", en: "Superior's result it supports" },
  none: { id: "(tidak ada)", en: "(none)" },
  indicator: { id: "Indikator", en: "Indicator" },
  aspect: { id: "Aspek", en: "Aspect" },
  target: { id: "Target", en: "Target" },
  unit: { id: "Satuan", en: "Unit of measure" },
  orgUnit: { id: "Unit kerja", en: "Work unit" },
  save: { id: "Simpan", en: "Save" },
  saveDraft: { id: "Simpan draf", en: "Save draft" },
  submit: { id: "Ajukan ke atasan", en: "Submit to superior" },
  amend: { id: "Ubah SKP (amandemen)", en: "Amend the SKP" },
  amendReason: { id: "Alasan perubahan", en: "Reason for the change" },
  saved: { id: "Tersimpan.", en: "Saved." },
  problems: { id: "Masalah yang perlu diperbaiki sebelum diajukan", en: "Problems to fix before submitting" },
  reviewComment: { id: "Catatan atasan", en: "Superior's comment" },
  state: { id: "Status", en: "State" },
  realisations: { id: "Realisasi dan bukti dukung", en: "Realisations and evidence" },
  subPeriod: { id: "Sub-periode", en: "Sub-period" },
  value: { id: "Nilai realisasi", en: "Realised value" },
  evidenceUrl: { id: "Tautan bukti dukung", en: "Evidence link" },
  evidenceNote: { id: "Keterangan bukti", en: "Evidence note" },
  record: { id: "Catat realisasi", en: "Record realisation" },
  progress: { id: "Capaian saya", en: "My progress" },
  capaian: { id: "Capaian", en: "Achievement" },
  feedbackToGive: { id: "Permintaan umpan balik untuk saya", en: "Feedback requests for me" },
  noFeedbackToGive: {
    id: "Tidak ada permintaan umpan balik yang terbuka.",
    en: "No open feedback requests.",
  },
  aboutColleague: { id: "Tentang rekan", en: "About a colleague" },
  resultRating: { id: "Rating hasil kerja", en: "Result rating" },
  behaviourRating: { id: "Rating perilaku kerja (BerAKHLAK)", en: "Behaviour rating (BerAKHLAK)" },
  send: { id: "Kirim", en: "Send" },
  anonymous: {
    id: "Jawaban Anda anonim: atasan hanya melihat ringkasan.",
    en: "Your answer is anonymous: the superior sees only a summary.",
  },
  selfAssessment: { id: "Penilaian diri", en: "Self-assessment" },
  comments: { id: "Catatan", en: "Comments" },
  myResult: { id: "Hasil penilaian saya", en: "My assessment result" },
  noResult: { id: "Hasil belum final.", en: "The result is not final yet." },
  grade: { id: "Predikat kinerja", en: "Performance rating" },
  legalBasis: { id: "Dasar hukum", en: "Legal basis" },
  followUp: { id: "Tindak lanjut", en: "Follow-up" },
  team: { id: "Tim saya", en: "My team" },
  teamBoard: { id: "Papan tim", en: "Team board" },
  plansToReview: { id: "SKP menunggu persetujuan", en: "Plans awaiting review" },
  nothingToReview: { id: "Tidak ada SKP yang menunggu.", en: "No plans waiting." },
  approve: { id: "Setujui", en: "Approve" },
  returnPlan: { id: "Kembalikan untuk revisi", en: "Return for revision" },
  reason: { id: "Alasan", en: "Reason" },
  periodicFeedback: { id: "Umpan balik berkala", en: "Periodic feedback" },
  give: { id: "Berikan", en: "Give" },
  assessments: { id: "Penilaian", en: "Assessments" },
  suggestionAfterDraft: {
    id: "Saran sistem muncul setelah penilaian disimpan sebagai draf.",
    en: "The suggestion shows once the assessment is saved as a draft.",
  },
  suggested: { id: "Saran sistem", en: "Suggested" },
  justification: {
    id: "Justifikasi (wajib bila berbeda dari saran)",
    en: "Justification (required when departing from the suggestion)",
  },
  saveAssessment: { id: "Simpan penilaian", en: "Save assessment" },
  finalise: { id: "Finalkan", en: "Finalise" },
  final: { id: "Final", en: "Final" },
  draft: { id: "Draf", en: "Draft" },
  distribution: { id: "Sebaran predikat tim", en: "Team distribution" },
  askFeedback: { id: "Minta umpan balik rekan", en: "Ask peers for feedback" },
  raters: { id: "Penilai (rekan kerja)", en: "Raters (peers)" },
  publicLinks: { id: "Tautan survei masyarakat", en: "Citizen survey links" },
  makeLinks: { id: "Buat 3 tautan", en: "Make 3 links" },
  closeRound: { id: "Tutup putaran", en: "Close the round" },
  periods: { id: "Periode penilaian", en: "Assessment periods" },
  newPeriod: { id: "Periode baru", en: "New period" },
  name: { id: "Nama", en: "Name" },
  start: { id: "Mulai", en: "Start" },
  end: { id: "Selesai", en: "End" },
  cadence: { id: "Siklus", en: "Cadence" },
  create: { id: "Buat", en: "Create" },
  createPeriod: { id: "Buat periode", en: "Create the period" },
  createWebhook: { id: "Daftarkan webhook", en: "Register the webhook" },
  calibration: { id: "Kalibrasi per unit", en: "Calibration per unit" },
  applyProposal: { id: "Terapkan usulan", en: "Apply the proposal" },
  withinBounds: { id: "Sesuai batas SE 3/2023", en: "Within the SE 3/2023 bounds" },
  outsideBounds: { id: "Di luar batas SE 3/2023", en: "Outside the SE 3/2023 bounds" },
  audit: { id: "Log audit", en: "Audit log" },
  exports: { id: "Ekspor", en: "Exports" },
  webhooks: { id: "Webhook", en: "Webhooks" },
  staffImport: { id: "Impor pegawai (CSV)", en: "Staff import (CSV)" },
  agency: { id: "Instansi, unit dan paket aturan", en: "Agency, units and rule package" },
  citizenTitle: { id: "Survei kepuasan layanan", en: "Service satisfaction survey" },
  citizenIntro: {
    id: "Bagaimana layanan yang Anda terima dari pegawai ini? Jawaban Anda anonim dan hanya dapat dikirim sekali.",
    en: "How was the service you received from this officer? Your answer is anonymous and can be sent once.",
  },
  thanks: { id: "Terima kasih! Jawaban Anda sudah kami terima.", en: "Thank you! We received your answer." },
  loading: { id: "Memuat…", en: "Loading…" },
  refreshNote: { id: "Data diperbarui otomatis setiap 15 detik.", en: "Data refreshes every 15 seconds." },
  notAllowedHere: { id: "Halaman ini bukan untuk peran Anda.", en: "This page is not for your role." },
  // Staff pages: periodic feedback received, evidence files, team realisations, the curve.
  feedbackReceived: { id: "Umpan balik berkala dari atasan", en: "Periodic feedback from my superior" },
  noFeedbackReceived: { id: "Belum ada umpan balik berkala.", en: "No periodic feedback yet." },
  from: { id: "Dari", en: "From" },
  acknowledge: { id: "Tandai sudah dibaca", en: "Acknowledge" },
  feedbackGiven: { id: "Umpan balik yang sudah diberikan", en: "Feedback given" },
  acknowledged: { id: "Sudah dibaca", en: "Acknowledged" },
  notAcknowledged: { id: "Belum dibaca", en: "Not acknowledged yet" },
  evidenceFile: {
    id: "Berkas bukti dukung (PDF, JPEG atau PNG, maks. 5 MB)",
    en: "Evidence file (PDF, JPEG or PNG, at most 5 MB)",
  },
  evidence: { id: "Bukti dukung", en: "Evidence" },
  download: { id: "Unduh", en: "Download" },
  uploaded: { id: "Realisasi dan berkas bukti tersimpan.", en: "Realisation and evidence file saved." },
  teamRealisations: { id: "Realisasi tim", en: "Team realisations" },
  noRealisations: { id: "Belum ada realisasi.", en: "No realisations yet." },
  curve: { id: "Sebaran tim terhadap kurva SE 3/2023", en: "Team distribution against the SE 3/2023 curve" },
  orgPredikat: { id: "Predikat kinerja organisasi unit", en: "The unit's organisation rating" },
  noOrgPredikat: {
    id: "Predikat kinerja organisasi unit belum ditetapkan Kepegawaian, jadi batas kurva belum dapat diperiksa. Minta Kepegawaian menetapkannya.",
    en: "HR has not set the unit's organisation rating yet, so the curve's bounds cannot be checked. Ask HR to set it.",
  },
  boundMet: { id: "Terpenuhi", en: "Met" },
  boundViolated: { id: "Dilanggar", en: "Violated" },
  pendingResults: { id: "Belum final", en: "Not final yet" },
  finalResults: { id: "Hasil final", en: "Final results" },
} as const satisfies Record<string, { id: string; en: string }>;

/** A word of the pages in the given language. */
export function t(key: keyof typeof WORDS, lang: Language = language.value): string {
  return WORDS[key][lang];
}

/** The glossary label of a code (never the raw code when the glossary knows it). */
export function code(
  category: GlossaryCategory,
  value: string | null | undefined,
  lang: Language = language.value,
): string {
  if (value === null || value === undefined) return "—";
  return label(category, value)?.[lang] ?? value.replaceAll("_", " ").toLowerCase();
}

/** A date (ISO `YYYY-MM-DD` or a timestamp) as the language writes it, e.g. `31 Desember 2025`. */
export function date(value: string, lang: Language = language.value): string {
  const parsed = parseISO(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return format(parsed, value.length > 10 ? "d MMM yyyy HH:mm" : "d MMMM yyyy", {
    locale: lang === "id" ? idLocale : enGB,
  });
}

import type { Json, Language, LocalizedText, MessageCatalogue } from "@kinerja/core";

/** A number for explanation texts: at most two decimals, a decimal comma in Indonesian. */
const num = (n: number, language: Language) => {
  const s = String(Number(n.toFixed(2)));
  return language === "id" ? s.replace(".", ",") : s;
};
const pct = (n: number, language: Language) => `${num(n, language)} %`;
const RUPIAH = {
  id: new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }),
};
const idr = (n: number, language: Language) => `Rp ${RUPIAH[language].format(n)}`;

/** The labels of the TPP payment categories. */
export const TPP_GRADE_LABELS = {
  FULL: { id: "Dibayar penuh", en: "Paid in full" },
  REDUCED: { id: "Dipotong", en: "Reduced" },
  HEAVILY_REDUCED: { id: "Dipotong besar", en: "Heavily reduced" },
  NOT_PAID: { id: "Tidak dibayar", en: "Not paid" },
} as const satisfies Record<string, LocalizedText>;

/** The kinds of attendance deduction. */
const KINDS = {
  lateArrival: { id: "Terlambat masuk (TL)", en: "Late arrival (TL)" },
  earlyLeave: { id: "Pulang sebelum waktunya (PSW)", en: "Early leave (PSW)" },
  absence: { id: "Tidak masuk tanpa keterangan", en: "Absent without leave" },
  assembly: { id: "Tidak mengikuti apel", en: "Missed assembly (apel)" },
  noRecord: { id: "Tidak mengisi daftar hadir", en: "Missing attendance record" },
} satisfies Record<string, LocalizedText>;

/** One deduction message per kind, capped or not, with its title. */
function deductions(language: Language): Record<string, string> {
  const capped =
    language === "id" ? ", dibatasi {cap:pct} → {deduction:pct}" : ", capped at {cap:pct} → {deduction:pct}";
  const out: Record<string, string> = {};
  for (const [kind, name] of Object.entries(KINDS)) {
    for (const [key, suffix] of [
      [`deduction.${kind}`, ""],
      [`deduction.${kind}.capped`, capped],
    ] as const) {
      out[key] = `${name[language]}: {bands:bands} = {uncapped:pct}${suffix}.`;
      out[`${key}.title`] = `${name[language]}, {month}`;
    }
  }
  return out;
}

/** Each key's title, for the messages that share one. */
function titled(title: string, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [`${k}.title`, title]));
}
const PERFORMANCE = [
  "performance.missing",
  "performance.grade",
  "performance.mappedGrade",
  "performance.score",
  "performance.scoreTable",
];

/**
 * The prose of `tpp-regional`'s explanation steps, Indonesian and English with the same keys,
 * rendered only for `explain: "full"`.
 */
export const TPP_REGIONAL_MESSAGES: MessageCatalogue = {
  id: {
    ...titled("Faktor kinerja", PERFORMANCE),
    "performance.missing": "Tidak ada data kinerja: faktor 0 %.",
    "performance.grade": "Predikat {grade:predikat} → faktor {factor:pct}.",
    "performance.mappedGrade":
      "Predikat {from:predikat} ({package}) dipetakan ke {grade:predikat} → faktor {factor:pct}.",
    "performance.score": "Nilai kinerja {score:num} → faktor {factor:pct} (nilai dipakai langsung).",
    "performance.scoreTable": "Nilai kinerja {score:num} → faktor {factor:pct} menurut tabel.",
    ...deductions("id"),
    ...titled("Faktor disiplin, {month}", ["discipline", "discipline.capped"]),
    discipline: "Potongan {uncapped:pct}; faktor disiplin = maks(0, 100 % − {total:pct}) = {discipline:pct}.",
    "discipline.capped":
      "Potongan {uncapped:pct} (dibatasi {cap:pct}); faktor disiplin = maks(0, 100 % − {total:pct}) = {discipline:pct}.",
    ...titled("TPP dibayar, {month}", ["month", "month.amount"]),
    month: "{wp:pct} × {performance:pct} + {wd:pct} × {discipline:pct} = {percent:pct} dari pagu.",
    "month.amount":
      "{wp:pct} × {performance:pct} + {wd:pct} × {discipline:pct} = {percent:pct} dari pagu = {amount:idr}.",
    score: "Rata-rata {count:num} bulan: {score:pct} dari pagu.",
    "score.title": "Persentase TPP dibayar",
    amount: "Pagu {basis:idr} per bulan; jumlah {count:num} bulan = {amount:idr} (belum dibulatkan).",
    "amount.title": "Jumlah TPP",
    grade: "{score:pct}: {grade:tppGrade} (penuh ≥ {fullFrom:pct}, dipotong ≥ {reducedFrom:pct}).",
    "grade.title": "Kategori pembayaran TPP",
  },
  en: {
    ...titled("Performance factor", PERFORMANCE),
    "performance.missing": "No performance data: factor 0 %.",
    "performance.grade": "Grade {grade:predikat} → factor {factor:pct}.",
    "performance.mappedGrade":
      "Grade {from:predikat} ({package}) maps to {grade:predikat} → factor {factor:pct}.",
    "performance.score": "Performance score {score:num} → factor {factor:pct} (the score itself).",
    "performance.scoreTable": "Performance score {score:num} → factor {factor:pct} by the table.",
    ...deductions("en"),
    ...titled("Discipline factor, {month}", ["discipline", "discipline.capped"]),
    discipline:
      "Deductions {uncapped:pct}; discipline factor = max(0, 100 % − {total:pct}) = {discipline:pct}.",
    "discipline.capped":
      "Deductions {uncapped:pct} (capped at {cap:pct}); discipline factor = max(0, 100 % − {total:pct}) = {discipline:pct}.",
    ...titled("TPP paid, {month}", ["month", "month.amount"]),
    month: "{wp:pct} × {performance:pct} + {wd:pct} × {discipline:pct} = {percent:pct} of the basis.",
    "month.amount":
      "{wp:pct} × {performance:pct} + {wd:pct} × {discipline:pct} = {percent:pct} of the basis = {amount:idr}.",
    score: "Mean of {count:num} month(s): {score:pct} of the basis.",
    "score.title": "Share of TPP paid",
    amount: "Basis {basis:idr} a month; total over {count:num} month(s) = {amount:idr} (unrounded).",
    "amount.title": "TPP amount",
    grade: "{score:pct}: {grade:tppGrade} (full ≥ {fullFrom:pct}, reduced ≥ {reducedFrom:pct}).",
    "grade.title": "TPP payment category",
  },
  formats: {
    num: (v, language) => num(v as number, language),
    pct: (v, language) => pct(v as number, language),
    idr: (v, language) => idr(v as number, language),
    tppGrade: (v, language) => TPP_GRADE_LABELS[v as keyof typeof TPP_GRADE_LABELS][language],
    /** The bands that applied, `2 × TL1 (0,5 %) + …`, or that none did. */
    bands: (v, language) =>
      (v as { code: string; count: number; percent: number }[])
        .map((b) => `${b.count} × ${b.code} (${pct(b.percent, language)})`)
        .join(" + ") || (language === "id" ? "tidak ada" : "none"),
  } satisfies Record<string, (v: Json, language: Language) => string>,
};

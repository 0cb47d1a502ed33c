import { type Json, type Language, type LocalizedText, label, type MessageCatalogue } from "@kinerja/core";

/** A number for people: up to 2 decimals, a decimal comma in Indonesian. */
const num = (value: number, language: Language) => {
  const s = String(Math.round(value * 100) / 100);
  return language === "id" ? s.replace(".", ",") : s;
};

/** The development actions that follow from a predikat. */
export const DEVELOPMENT_LABELS = {
  COACHING: {
    id: "Bimbingan kinerja oleh atasan langsung",
    en: "Performance coaching by the direct superior",
  },
  TRAINING: {
    id: "Pengembangan kompetensi (pelatihan) sesuai kesenjangan kinerja",
    en: "Competence development (training) for the performance gap",
  },
  COUNSELLING: { id: "Konseling kinerja", en: "Performance counselling" },
  RECOGNITION: { id: "Penghargaan atas kinerja sangat baik", en: "Recognition of very good performance" },
} as const satisfies Record<string, LocalizedText>;

/** The assessor's ratings that may depart from their suggestion, in running text. */
export const DEPARTURE_LABELS = {
  resultRating: { id: "rating hasil kerja", en: "results rating" },
  behaviourRating: { id: "rating perilaku kerja", en: "behaviour rating" },
} as const satisfies Record<string, LocalizedText>;

/** Each key's title, for the messages that share one. */
function titled(title: string, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [`${k}.title`, title]));
}
const PLAN = ["capaian/plan", "capaian/plan.additional"];
const BEHAVIOUR = ["suggestion/behaviour", "suggestion/behaviour.none"];
const JUSTIFICATION = [
  "justification.notRequired",
  "justification.provided",
  "justification.missing.WARNING",
  "justification.missing.ERROR",
];
const ANGKA_KREDIT = ["angka-kredit", "angka-kredit.fullYear"];
const DEVELOPMENT = ["development", "development.none"];

/**
 * The prose of `permenpanrb-6-2022`'s explanation steps, Indonesian and English with the same
 * keys, rendered only for `explain: "full"`.
 */
export const PERMENPANRB_6_2022_MESSAGES: MessageCatalogue = {
  id: {
    "capaian/result":
      "Capaian {result} = {capaian:num} %: rata-rata tertimbang capaian {count:num} indikator ({indicators:indicators}).",
    "capaian/result.title": "Capaian hasil kerja {result}",
    ...titled("Capaian SKP", PLAN),
    "capaian/plan": "Capaian SKP = {capaian:num} %: rata-rata tertimbang hasil kerja utama.",
    "capaian/plan.additional":
      "Capaian SKP = {capaian:num} %: rata-rata tertimbang hasil kerja utama; hasil kerja tambahan {additional:num} % dicatat terpisah.",
    "suggestion/result":
      "Capaian {capaian:num} %: ≥ {aboveFrom:num} % di atas ekspektasi, ≥ {meetsFrom:num} % sesuai ekspektasi, selain itu di bawah ekspektasi → {rating:rating}.",
    "suggestion/result.title": "Saran rating hasil kerja",
    ...titled("Saran rating perilaku kerja", BEHAVIOUR),
    "suggestion/behaviour":
      "Rata-rata {count:num} rating perilaku (di atas = 3, sesuai = 2, di bawah = 1) = {mean:num}: ≥ {aboveFrom:num} di atas ekspektasi, ≥ {meetsFrom:num} sesuai ekspektasi → {rating:rating}.",
    "suggestion/behaviour.none": "Tidak ada umpan balik perilaku: tidak ada saran.",
    assessor:
      "Pejabat penilai: hasil kerja {result:givenRating} (saran {suggestedResult:rating}), perilaku kerja {behaviour:rating} (saran {suggestedBehaviour:suggestedRating}).",
    "assessor.title": "Rating pejabat penilai kinerja",
    ...titled("Justifikasi penyimpangan dari saran", JUSTIFICATION),
    "justification.notRequired": "Rating pejabat penilai sesuai saran: justifikasi tidak diperlukan.",
    "justification.provided": "Penyimpangan dari saran pada {departures:departures}, dengan justifikasi.",
    "justification.missing.WARNING":
      "Penyimpangan dari saran pada {departures:departures} tanpa justifikasi (peringatan).",
    "justification.missing.ERROR":
      "Penyimpangan dari saran pada {departures:departures} tanpa justifikasi (galat).",
    "head-of-unit":
      "Pegawai memimpin unit kerja: predikat organisasi {organisation:organisationPredikat} menjadi rating hasil kerja {rating:rating}.",
    "head-of-unit.title": "Rating hasil kerja pimpinan unit",
    "result-rating":
      "Pegawai bukan pimpinan unit: rating hasil kerja pejabat penilai ({rating:rating}) yang berlaku.",
    "result-rating.title": "Rating hasil kerja yang berlaku",
    matrix: "Hasil kerja {result:rating} × perilaku kerja {behaviour:rating} → {grade:predikat}.",
    "matrix.title": "Predikat kinerja pegawai",
    ...titled("Angka kredit", ANGKA_KREDIT),
    "angka-kredit":
      "Angka kredit {value:decimals3} = {percentage:plain} % × {coefficient:num} ({level:functionalLevel}) × {months:num}/12 bulan, predikat {grade:predikat}",
    "angka-kredit.fullYear":
      "Angka kredit {value:decimals3} = {percentage:plain} % × {coefficient:num} ({level:functionalLevel}) × {months:num}/12 bulan, predikat {grade:predikat} (periode tidak diberikan: dianggap 12 bulan)",
    ...titled("Tindak lanjut", DEVELOPMENT),
    development: "Tindak lanjut: {actions:actions}.",
    "development.none": "Predikat Baik: tidak ada tindak lanjut khusus.",
  },
  en: {
    "capaian/result":
      "Capaian of {result} = {capaian:num} %: weighted mean of the capaian of {count:num} indicator(s) ({indicators:indicators}).",
    "capaian/result.title": "Capaian of result {result}",
    ...titled("SKP capaian", PLAN),
    "capaian/plan": "SKP capaian = {capaian:num} %: weighted mean of the main results.",
    "capaian/plan.additional":
      "SKP capaian = {capaian:num} %: weighted mean of the main results; additional results {additional:num} % reported apart.",
    "suggestion/result":
      "Capaian {capaian:num} %: ≥ {aboveFrom:num} % above, ≥ {meetsFrom:num} % meets, otherwise below expectations → {rating:rating}.",
    "suggestion/result.title": "Suggested results rating",
    ...titled("Suggested behaviour rating", BEHAVIOUR),
    "suggestion/behaviour":
      "Mean of {count:num} behaviour rating(s) (above = 3, meets = 2, below = 1) = {mean:num}: ≥ {aboveFrom:num} above, ≥ {meetsFrom:num} meets expectations → {rating:rating}.",
    "suggestion/behaviour.none": "No behaviour feedback: no suggestion.",
    assessor:
      "Assessor: results {result:givenRating} (suggested {suggestedResult:rating}), behaviour {behaviour:rating} (suggested {suggestedBehaviour:suggestedRating}).",
    "assessor.title": "The assessing official's ratings",
    ...titled("Justification of departures from the suggestions", JUSTIFICATION),
    "justification.notRequired": "The assessor follows the suggestions: no justification needed.",
    "justification.provided":
      "The {departures:departures} depart(s) from the suggestion, with a justification.",
    "justification.missing.WARNING":
      "The {departures:departures} depart(s) from the suggestion without a justification (warning).",
    "justification.missing.ERROR":
      "The {departures:departures} depart(s) from the suggestion without a justification (error).",
    "head-of-unit":
      "The employee heads the unit: the organisation's predikat {organisation:organisationPredikat} gives the results rating {rating:rating}.",
    "head-of-unit.title": "Results rating of the unit head",
    "result-rating":
      "The employee does not head the unit: the assessor's results rating ({rating:rating}) counts.",
    "result-rating.title": "Results rating that counts",
    matrix: "Results {result:rating} × behaviour {behaviour:rating} → {grade:predikat}.",
    "matrix.title": "Employee predikat",
    ...titled("Credit points (angka kredit)", ANGKA_KREDIT),
    "angka-kredit":
      "Credit points {value:decimals3} = {percentage:plain} % × {coefficient:num} ({level:functionalLevel}) × {months:num}/12 months, predikat {grade:predikat}",
    "angka-kredit.fullYear":
      "Credit points {value:decimals3} = {percentage:plain} % × {coefficient:num} ({level:functionalLevel}) × {months:num}/12 months, predikat {grade:predikat} (no period given: 12 months assumed)",
    ...titled("Follow-up", DEVELOPMENT),
    development: "Follow-up: {actions:actions}.",
    "development.none": "Predikat Good: no specific follow-up.",
  },
  formats: {
    num: (v, language) => num(v as number, language),
    /** A number as written, e.g. a configured percentage. */
    plain: (v) => String(v),
    /** Three decimals, as BKN displays angka kredit. */
    decimals3: (v, language) => {
      const s = (v as number).toFixed(3);
      return language === "id" ? s.replace(".", ",") : s;
    },
    /** `k1 100 %; k2 80 %`: each indicator with its capaian. */
    indicators: (v, language) =>
      (v as { indicator: string; capaian: number }[])
        .map((i) => `${i.indicator} ${num(i.capaian, language)} %`)
        .join("; "),
    /** The assessor's results rating, or that it was not given (a unit head's). */
    givenRating: (v, language) =>
      v === null ? (language === "id" ? "(tidak diberikan)" : "(not given)") : rating(v, language),
    /** A suggested rating, or that there is none. */
    suggestedRating: (v, language) =>
      v === null ? (language === "id" ? "tidak ada" : "none") : rating(v, language),
    /** The ratings that depart from their suggestion: `rating hasil kerja dan rating perilaku kerja`. */
    departures: (v, language) =>
      (v as (keyof typeof DEPARTURE_LABELS)[])
        .map((d) => DEPARTURE_LABELS[d][language])
        .join(language === "id" ? " dan " : " and "),
    /** Development actions: their labels joined by `;`. */
    actions: (v, language) =>
      (v as (keyof typeof DEVELOPMENT_LABELS)[]).map((a) => DEVELOPMENT_LABELS[a][language]).join("; "),
  } satisfies Record<string, (v: Json, language: Language) => string>,
};

/** A rating's glossary label (the code as it is when the glossary has none). */
function rating(v: Json, language: Language): string {
  return label("rating", String(v))?.[language] ?? String(v);
}

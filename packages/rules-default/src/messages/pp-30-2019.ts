import { GLOSSARY, type Json, type Language, type MessageCatalogue } from "@kinerja/core";
import { fmt } from "./numbers";

const num = (v: Json, language: Language) => fmt(v as number, language);

type Term = { source: keyof typeof GLOSSARY.source; share: number; value: number };

const bothTitles = (id: string, en: string) => ({ id, en });
const TITLES = {
  "indicator-capaian": bothTitles("Capaian IKI {indicator}", "Capaian of indicator {indicator}"),
  "indicator-nilai": bothTitles("Nilai IKI {indicator}", "Value of indicator {indicator}"),
  result: bothTitles("Nilai hasil kerja {result}", "Value of result {result}"),
  skp: bothTitles("Nilai SKP", "SKP value"),
  "behaviour-source": bothTitles(
    "Nilai perilaku kerja dari {source:source}",
    "Work behaviour value from {source:source}",
  ),
  behaviour: bothTitles("Nilai perilaku kerja", "Work behaviour value"),
  weights: bothTitles("Bobot SKP dan perilaku kerja", "Weights of SKP and work behaviour"),
  score: bothTitles("Nilai kinerja PNS", "Civil servant performance score"),
  predikat: bothTitles("Predikat kinerja", "Performance predikat"),
};

/** Each key's title in one language, for the messages that share a title. */
function titles(language: Language, variants: Record<string, keyof typeof TITLES>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variants).map(([key, title]) => [`${key}.title`, TITLES[title][language]]),
  );
}

const VARIANTS = {
  "indicator-capaian": "indicator-capaian",
  "indicator-nilai": "indicator-nilai",
  result: "result",
  "result.weighted": "result",
  skp: "skp",
  "skp.weighted": "skp",
  "behaviour-source": "behaviour-source",
  "behaviour-source.noLeadership": "behaviour-source",
  behaviour: "behaviour",
  "weights.auto": "weights",
  "weights.auto360": "weights",
  "weights.configured": "weights",
  score: "score",
  "score.capped": "score",
  "predikat.innovation": "predikat",
  predikat: "predikat",
} as const;

const NILAI_BANDS_ID =
  "(0–59 %: c/59 × 49; 60–79 %: 50 + (c − 60); 80–99 %: 70 + (c − 80); 100 %: 109; 101–110 %: {above100From:num}–{at110:num}; di atas 110 %: 120)";
const NILAI_BANDS_EN =
  "(0–59 %: c/59 × 49; 60–79 %: 50 + (c − 60); 80–99 %: 70 + (c − 80); 100 %: 109; 101–110 %: {above100From:num}–{at110:num}; above 110 %: 120)";
const SCALE_ID =
  "(Sangat Baik: 110–120 dan inovasi; Baik: 90–120; Cukup: 70 sampai di bawah 90; Kurang: 50 sampai di bawah 70; Sangat Kurang: di bawah 50)";
const SCALE_EN =
  "(very good: 110–120 and innovation; good: 90–120; fair: 70 to below 90; poor: 50 to below 70; very poor: below 50)";

/**
 * The prose of `pp-30-2019`'s explanation steps, Indonesian and English with the same keys,
 * rendered only for `explain: "full"`.
 */
export const PP_30_2019_MESSAGES: MessageCatalogue = {
  id: {
    ...titles("id", VARIANTS),
    "indicator-capaian":
      "Realisasi {realization:realization} terhadap target {target:target} → capaian {capaian:num} %.",
    "indicator-nilai": `Capaian {capaian:num} % → nilai {nilai:num} ${NILAI_BANDS_ID}.`,
    result: "Rata-rata nilai {count:num} IKI = {value:num}.",
    "result.weighted": "Rata-rata tertimbang nilai {count:num} IKI = {value:num}.",
    skp: "Rata-rata nilai {count:num} hasil kerja utama = {value:num}.",
    "skp.weighted":
      "Rata-rata tertimbang (bobot hasil kerja) nilai {count:num} hasil kerja utama = {value:num}.",
    "behaviour-source":
      "Rata-rata {aspects:aspects} dari {raters:num} penilai {source:source} = {value:num}.",
    "behaviour-source.noLeadership":
      "Rata-rata {aspects:aspects} dari {raters:num} penilai {source:source} = {value:num}; kepemimpinan tidak dinilai karena bukan pejabat struktural.",
    behaviour:
      "{terms:terms} = {value:num}; sumber tanpa penilaian tidak dihitung dan bobot lainnya dinormalkan.",
    "weights.auto":
      "{skp:num}/{perilaku:num}: penilaian perilaku kerja tidak mempertimbangkan pendapat rekan kerja setingkat atau bawahan langsung ({raters:num} penilai, paling sedikit {minRaters360:num} untuk 60/40).",
    "weights.auto360":
      "{skp:num}/{perilaku:num}: penilaian perilaku kerja mempertimbangkan pendapat rekan kerja setingkat atau bawahan langsung ({raters:num} penilai, paling sedikit {minRaters360:num} untuk 60/40).",
    "weights.configured": "{skp:num}/{perilaku:num} menurut konfigurasi instansi.",
    score: "{skp:num} % × {nilaiSkp:num} + {perilaku:num} % × {nilaiPerilaku:num} = {raw:num}.",
    "score.capped":
      "{skp:num} % × {nilaiSkp:num} + {perilaku:num} % × {nilaiPerilaku:num} = {raw:num}, dibatasi 120.",
    "predikat.innovation": `{score:num} dengan ide atau cara baru → {grade:predikat} ${SCALE_ID}.`,
    predikat: `{score:num} tanpa ide atau cara baru → {grade:predikat} ${SCALE_ID}.`,
  },
  en: {
    ...titles("en", VARIANTS),
    "indicator-capaian":
      "Realisation {realization:realization} against target {target:target} → capaian {capaian:num} %.",
    "indicator-nilai": `Capaian {capaian:num} % → value {nilai:num} ${NILAI_BANDS_EN}.`,
    result: "Mean of the values of {count:num} indicators = {value:num}.",
    "result.weighted": "Weighted mean of the values of {count:num} indicators = {value:num}.",
    skp: "Mean of the values of {count:num} main results = {value:num}.",
    "skp.weighted": "Weighted mean (result weights) of the values of {count:num} main results = {value:num}.",
    "behaviour-source": "Mean of {aspects:aspects} from {raters:num} {source:source} rater(s) = {value:num}.",
    "behaviour-source.noLeadership":
      "Mean of {aspects:aspects} from {raters:num} {source:source} rater(s) = {value:num}; leadership is not assessed outside structural positions.",
    behaviour:
      "{terms:terms} = {value:num}; sources without an assessment are dropped and the other weights renormalised.",
    "weights.auto":
      "{skp:num}/{perilaku:num}: the behaviour assessment does not take peers' or direct subordinates' views into account ({raters:num} rater(s), at least {minRaters360:num} for 60/40).",
    "weights.auto360":
      "{skp:num}/{perilaku:num}: the behaviour assessment takes peers' or direct subordinates' views into account ({raters:num} rater(s), at least {minRaters360:num} for 60/40).",
    "weights.configured": "{skp:num}/{perilaku:num} by the agency's configuration.",
    score: "{skp:num} % × {nilaiSkp:num} + {perilaku:num} % × {nilaiPerilaku:num} = {raw:num}.",
    "score.capped":
      "{skp:num} % × {nilaiSkp:num} + {perilaku:num} % × {nilaiPerilaku:num} = {raw:num}, capped at 120.",
    "predikat.innovation": `{score:num} with a new idea or method → {grade:predikat} ${SCALE_EN}.`,
    predikat: `{score:num} without a new idea or method → {grade:predikat} ${SCALE_EN}.`,
  },
  formats: {
    num,
    /** A realisation, or that it is missing. */
    realization: (v, language) =>
      v === null ? (language === "id" ? "tidak ada" : "missing") : fmt(v as number, language),
    /** A target as written: a number or a range `min–max`. */
    target: (v) =>
      typeof v === "number" ? String(v) : `${(v as { min: number }).min}–${(v as { max: number }).max}`,
    /** Behaviour aspect codes as a lower-case list of their labels. */
    aspects: (v, language) =>
      (v as (keyof typeof GLOSSARY.behaviourAspect)[])
        .map((a) => GLOSSARY.behaviourAspect[a][language].toLowerCase())
        .join(", "),
    /** The weighted sources of the behaviour value: `share % × value (source)` joined by `+`. */
    terms: (v, language) =>
      (v as Term[])
        .map(
          (t) =>
            `${fmt(t.share, language)} % × ${fmt(t.value, language)} (${GLOSSARY.source[t.source][language]})`,
        )
        .join(" + "),
  },
};

import { BASE_SOURCES, GLOSSARY, type Json, type Language, type MessageCatalogue } from "@kinerja/core";

type Source = (typeof BASE_SOURCES)[number];
type Component = keyof typeof GLOSSARY.assessmentComponent;

/** A number for people: at most two decimals, a decimal comma in Indonesian. */
const num = (n: number, language: Language) => {
  const s = String(Number(n.toFixed(2)));
  return language === "id" ? s.replace(".", ",") : s;
};

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
/** The glossary's source labels, in running text. */
const SOURCE_LABELS = Object.fromEntries(
  BASE_SOURCES.map((s) => [
    s,
    { id: lowerFirst(GLOSSARY.source[s].id), en: lowerFirst(GLOSSARY.source[s].en) },
  ]),
) as Record<Source, { id: string; en: string }>;

const NONE = { id: "tidak ada", en: "none" };

const GRADE_SCALE = {
  id: "(Sangat Baik ≥ {SANGAT_BAIK:num}, Baik ≥ {BAIK:num}, Cukup ≥ {CUKUP:num}, Kurang ≥ {KURANG:num})",
  en: "(Very good ≥ {SANGAT_BAIK:num}, Good ≥ {BAIK:num}, Fair ≥ {CUKUP:num}, Poor ≥ {KURANG:num})",
};

/**
 * The prose of `weighted-360`'s explanation steps, Indonesian and English with the same keys,
 * rendered only for `explain: "full"`.
 */
export const WEIGHTED_360_MESSAGES: MessageCatalogue = {
  id: {
    raters: "Sumber dipakai (penilai/minimal): {kept:sources}.",
    "raters.title": "Jumlah penilai per sumber",
    "raters.dropped":
      "Sumber dipakai (penilai/minimal): {kept:sources}; diabaikan karena penilai kurang: {dropped:sources}.",
    "raters.dropped.title": "Jumlah penilai per sumber",
    "component.capaian": "Capaian rencana kerja {capaian:num} % → nilai {score:num} (paling tinggi 100).",
    "component.capaian.title": "{component:assessmentComponent}",
    component:
      "{component:assessmentComponent}: {terms:sourceTerms} = {score:num} (rata-rata per sumber, bobot sumber dinormalkan).",
    "component.title": "{component:assessmentComponent}",
    score: "{terms:componentTerms} = {score:num}.",
    "score.title": "Nilai akhir",
    grade: `{score:num} → {grade:predikat} ${GRADE_SCALE.id}.`,
    "grade.title": "Predikat",
  },
  en: {
    raters: "Sources used (raters/minimum): {kept:sources}.",
    "raters.title": "Raters per source",
    "raters.dropped":
      "Sources used (raters/minimum): {kept:sources}; dropped for too few raters: {dropped:sources}.",
    "raters.dropped.title": "Raters per source",
    "component.capaian": "Work-plan capaian {capaian:num} % → score {score:num} (at most 100).",
    "component.capaian.title": "{component:assessmentComponent}",
    component:
      "{component:assessmentComponent}: {terms:sourceTerms} = {score:num} (mean per source, source weights renormalised).",
    "component.title": "{component:assessmentComponent}",
    score: "{terms:componentTerms} = {score:num}.",
    "score.title": "Final score",
    grade: `{score:num} → {grade:predikat} ${GRADE_SCALE.en}.`,
    "grade.title": "Grade",
  },
  formats: {
    num: (v, language) => num(v as number, language),
    /** Sources with their raters and minimum, `peer 2/2, …`, or that there are none. */
    sources: (v, language) =>
      (v as { source: Source; raters: number; min: number }[])
        .map((s) => `${SOURCE_LABELS[s.source][language]} ${s.raters}/${s.min}`)
        .join(", ") || NONE[language],
    /** A component's sources: `peer 80 × 25 % + …`. */
    sourceTerms: (v, language) =>
      (v as { source: Source; mean: number; share: number }[])
        .map(
          (p) =>
            `${SOURCE_LABELS[p.source][language]} ${num(p.mean, language)} × ${num(p.share, language)} %`,
        )
        .join(" + "),
    /** The scored components: `Discipline 80 × 25 % + …`, or 0 when none is. */
    componentTerms: (v, language) =>
      (v as { component: Component; score: number; share: number }[])
        .map(
          (p) =>
            `${GLOSSARY.assessmentComponent[p.component][language]} ${num(p.score, language)} × ${num(p.share, language)} %`,
        )
        .join(" + ") || "0",
  } satisfies Record<string, (v: Json, language: Language) => string>,
};

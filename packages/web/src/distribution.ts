import type { Language } from "@kinerja/core";

/**
 * The grades of permenpanrb-6-2022 in the order of the curve, as its distribution counts name
 * them (`KURANG_MISCONDUCT`, not the glossary's `KURANG` of other packages).
 */
export const GRADE_ORDER = [
  "SANGAT_BAIK",
  "BAIK",
  "BUTUH_PERBAIKAN",
  "KURANG_MISCONDUCT",
  "SANGAT_KURANG",
] as const;

/** A distribution bound as `GET /v1/periods/{periodId}/team/distribution` returns it. */
export interface BoundView {
  /** The rule id (`permenpanrb-6-2022/distribution/BAIK/max-baik`). */
  rule: string;
  /** The grades counted together. */
  grades: string[];
  /** AT_MOST or AT_LEAST. */
  kind: "AT_MOST" | "AT_LEAST";
  /** The share, 0–1. */
  share: number;
  /** A head count the bound never goes below. */
  minCount: number;
  /** AT_LEAST only: strictly more than the share. */
  exceedShare: boolean;
  /** Whether the team's results violate it. */
  violated: boolean;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * A bound and the team's numbers in one sentence, e.g. `Baik paling banyak 70% — tim: 4 dari 5
 * (80%)`; `label` gives each grade's glossary label.
 */
export function boundSentence(
  bound: BoundView,
  counts: Readonly<Record<string, number>>,
  label: (grade: string) => string,
  lang: Language,
): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const count = bound.grades.reduce((sum, g) => sum + (counts[g] ?? 0), 0);
  const grades = bound.grades.map(label).join(lang === "id" ? " atau " : " or ");
  const words = {
    id: {
      atMost: "paling banyak",
      atLeast: "paling sedikit",
      moreThan: "lebih dari",
      one: "orang",
      many: "orang",
    },
    en: { atMost: "at most", atLeast: "at least", moreThan: "more than", one: "person", many: "people" },
  }[lang];
  const limit =
    bound.kind === "AT_MOST"
      ? `${words.atMost} ${percent(bound.share)}`
      : bound.share === 0 && bound.minCount > 0
        ? `${words.atLeast} ${bound.minCount} ${bound.minCount === 1 ? words.one : words.many}`
        : `${bound.exceedShare ? words.moreThan : words.atLeast} ${percent(bound.share)}`;
  const team =
    lang === "id"
      ? `tim: ${count} dari ${total}${total > 0 ? ` (${percent(count / total)})` : ""}`
      : `team: ${count} of ${total}${total > 0 ? ` (${percent(count / total)})` : ""}`;
  return `${grades} ${limit} — ${team}`;
}

import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { describe, expect, test } from "vitest";
import { type BoundView, boundSentence, GRADE_ORDER } from "../src/distribution";
import { EVIDENCE_MAX_BYTES, evidenceFileProblem, fileNameOf } from "../src/evidence";

const bound = (patch: Partial<BoundView>): BoundView => ({
  rule: "permenpanrb-6-2022/distribution/BAIK/max-baik",
  grades: ["BAIK"],
  kind: "AT_MOST",
  share: 0.7,
  minCount: 0,
  exceedShare: false,
  violated: false,
  ...patch,
});
const labels: Record<string, string> = {
  BAIK: "Baik",
  BUTUH_PERBAIKAN: "Butuh Perbaikan",
  KURANG_MISCONDUCT: "Kurang/Misconduct",
};
const label = (g: string) => labels[g] ?? g;

describe("the curve's bounds in words", () => {
  const counts = { SANGAT_BAIK: 0, BAIK: 4, BUTUH_PERBAIKAN: 1, KURANG_MISCONDUCT: 0, SANGAT_KURANG: 0 };

  test("an upper bound states the share and the team's count and share, in both languages", () => {
    expect(boundSentence(bound({}), counts, label, "id")).toBe(
      "Baik paling banyak 70% — tim: 4 dari 5 (80%)",
    );
    expect(boundSentence(bound({}), counts, label, "en")).toBe("Baik at most 70% — team: 4 of 5 (80%)");
  });

  test("'more than half' and a head count read as such; grades counted together are joined", () => {
    expect(
      boundSentence(bound({ kind: "AT_LEAST", share: 0.5, exceedShare: true }), counts, label, "id"),
    ).toBe("Baik lebih dari 50% — tim: 4 dari 5 (80%)");
    const atLeastOne = bound({
      kind: "AT_LEAST",
      share: 0,
      minCount: 1,
      grades: ["BUTUH_PERBAIKAN", "KURANG_MISCONDUCT"],
    });
    expect(boundSentence(atLeastOne, counts, label, "en")).toBe(
      "Butuh Perbaikan or Kurang/Misconduct at least 1 person — team: 1 of 5 (20%)",
    );
  });

  test("an empty team has no share to show", () => {
    expect(boundSentence(bound({}), {}, label, "id")).toBe("Baik paling banyak 70% — tim: 0 dari 0");
  });
});

describe("evidence files", () => {
  test("PDF, JPEG and PNG up to 5 MB pass; other types, larger and empty files get a sentence saying what to do", () => {
    expect(evidenceFileProblem({ name: "a.pdf", type: "application/pdf", size: 1000 }, "id")).toBeNull();
    expect(
      evidenceFileProblem({ name: "a.jpg", type: "image/jpeg", size: EVIDENCE_MAX_BYTES }, "en"),
    ).toBeNull();
    expect(evidenceFileProblem({ name: "a.docx", type: "application/msword", size: 10 }, "id")).toMatch(
      /a\.docx: jenis berkas tidak diterima\. Pilih berkas PDF, JPEG atau PNG/,
    );
    expect(
      evidenceFileProblem({ name: "scan.png", type: "image/png", size: EVIDENCE_MAX_BYTES + 1 }, "en"),
    ).toMatch(/scan\.png: 5\.0 MB, over the 5 MB limit\. Make it smaller/);
    expect(evidenceFileProblem({ name: "x.pdf", type: "application/pdf", size: 0 }, "id")).toMatch(/kosong/);
  });

  test("the download keeps the name the service gives, its UTF-8 form first", () => {
    expect(fileNameOf(`attachment; filename="laporan_.pdf"; filename*=UTF-8''laporan%C3%A9.pdf`)).toBe(
      "laporané.pdf",
    );
    expect(fileNameOf('attachment; filename="foto.png"')).toBe("foto.png");
    expect(fileNameOf(`attachment; filename="a.pdf"; filename*=UTF-8''%E0%A4`)).toBe("a.pdf");
    expect(fileNameOf(null)).toBeUndefined();
  });
});

test("the curve's grade order is the scale of permenpanrb-6-2022, so every count has a column (KURANG_MISCONDUCT was shown as an empty KURANG)", () => {
  expect([...GRADE_ORDER]).toEqual(permenpanrb6of2022.grades.map((g) => g.code));
});

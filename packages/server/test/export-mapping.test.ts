import { fc, test as fcTest } from "@fast-check/vitest";
import { isKinerjaError } from "@kinerja/core";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { csvCell, toCsv } from "../src/csv-export";
import { type SiasnMappingInput, SiasnMappingSchema, type SiasnSource, toSiasnRecord } from "../src/siasn";

const mappingInput: SiasnMappingInput = {
  ratingCodes: { DI_ATAS_EKSPEKTASI: "R1", SESUAI_EKSPEKTASI: "R2", DI_BAWAH_EKSPEKTASI: "R3" },
  quadrantCodes: { SANGAT_BAIK: 11, BAIK: 12, BUTUH_PERBAIKAN: 13, KURANG_MISCONDUCT: 14, SANGAT_KURANG: 15 },
  coefficientIds: { AHLI_PERTAMA: "K-AP" },
  periodicId: "PER-1",
};
const mapping = SiasnMappingSchema.parse(mappingInput);

const source: SiasnSource = {
  period: { start: "2026-01-01", end: "2026-12-31" },
  employee: { id: "199001012015031001", functionalLevel: "AHLI_PERTAMA", attributes: { siasnId: "A1B2-C3" } },
  assessor: {
    id: "196801011990031002",
    name: "Budi Santoso",
    unitName: "Bidang Pendidikan Dasar",
    attributes: { golongan: "IV/a", jabatan: "Kepala Bidang" },
  },
  grade: "BAIK",
  ratings: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" },
};

describe("SIASN record", () => {
  test("maps ratings and the grade through the configured codes, with the assessor's fields", () => {
    expect(toSiasnRecord(source, mapping)).toEqual({
      tahun: 2026,
      hasilKinerjaNilai: "R2",
      perilakuKerjaNilai: "R1",
      kuadranKinerjaNilai: 12,
      pnsDinilaiOrang: "A1B2-C3",
      penilaiNama: "Budi Santoso",
      penilaiNipNrp: "196801011990031002",
      penilaiGolongan: "IV/a",
      penilaiJabatan: "Kepala Bidang",
      penilaiUnorNama: "Bidang Pendidikan Dasar",
      statusPenilai: "ASN",
    });
  });

  test("a period shorter than a calendar year adds the periodic fields", () => {
    const record = toSiasnRecord({ ...source, period: { start: "2026-04-01", end: "2026-06-30" } }, mapping);
    expect(record).toMatchObject({
      tahun: 2026,
      periodikId: "PER-1",
      bulanMulaiPenilaian: 4,
      bulanSelesaiPenilaian: 6,
      tahunMulaiPenilaian: 2026,
      tahunSelesaiPenilaian: 2026,
      koefisienId: "K-AP",
    });
  });

  test("no code is built in: an unmapped grade or a missing rating is an error naming what to set", () => {
    const partial = SiasnMappingSchema.parse({ ...mappingInput, quadrantCodes: { SANGAT_BAIK: 11 } });
    let error: unknown;
    try {
      toSiasnRecord(source, partial);
    } catch (e) {
      error = e;
    }
    expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
    expect(isKinerjaError(error) && error.details.issues).toEqual([
      expect.objectContaining({ path: ["mapping", "quadrantCodes", "BAIK"] }),
    ]);
    expect(() => toSiasnRecord({ ...source, ratings: { score: 88 } }, mapping, ["records", 3])).toThrow(
      /records\[3\]\.ratings\.resultRating/,
    );
    expect(SiasnMappingSchema.safeParse({ quadrantCodes: {} }).success).toBe(false);
  });

  test("the rating keys, attribute names and assessor status are configurable", () => {
    const custom = SiasnMappingSchema.parse({
      ...mappingInput,
      resultRatingKey: "hasil",
      behaviourRatingKey: "perilaku",
      personIdAttribute: "idSiasn",
      statusPenilai: "NON ASN",
    });
    const record = toSiasnRecord(
      {
        ...source,
        employee: { ...source.employee, attributes: { idSiasn: "X9" } },
        assessor: undefined,
        ratings: { hasil: "DI_BAWAH_EKSPEKTASI", perilaku: "SESUAI_EKSPEKTASI" },
      } as unknown as SiasnSource,
      custom,
    );
    expect(record).toMatchObject({
      hasilKinerjaNilai: "R3",
      perilakuKerjaNilai: "R2",
      pnsDinilaiOrang: "X9",
      penilaiNama: null,
      penilaiNipNrp: null,
      statusPenilai: "NON ASN",
    });
  });
});

describe("CSV", () => {
  test("quotes commas, quotes and line breaks and neutralises formulas", () => {
    expect(
      toCsv(
        ["a", "b", "c"],
        [
          { a: 'x,"y"', b: "=1+2", c: -3 },
          { a: "line\nbreak", b: null },
        ],
      ),
    ).toBe('a,b,c\r\n"x,""y""",\'=1+2,-3\r\n"line\nbreak",,\r\n');
    expect(csvCell({ k: 1 })).toBe('"{""k"":1}"');
    expect(csvCell(true)).toBe("true");
  });

  fcTest.prop([fc.array(fc.dictionary(fc.constantFrom("a", "b", "c"), fc.string()), { maxLength: 20 })])(
    "a CSV parser reads back every row and cell (formula prefixes aside)",
    (rows) => {
      const columns = ["a", "b", "c"];
      const parsed = parse(toCsv(columns, rows), { columns: true, relax_column_count: false }) as Record<
        string,
        string
      >[];
      expect(parsed).toHaveLength(rows.length);
      parsed.forEach((row, i) => {
        for (const c of columns) {
          const original = rows[i]?.[c] ?? "";
          const expected = /^[=+\-@\t\r]/.test(original) ? `'${original}` : original;
          expect(row[c]).toBe(expected);
        }
      });
    },
  );
});

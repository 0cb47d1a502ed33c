import type { Role } from "@kinerja/core";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../../src/storage/index";
import { type TestApp, testApp } from "../helpers/app";
import { fixtureRegistry, type SeededAgency, seedAgency } from "../helpers/cycle-fixtures";
import { freshPglite } from "../helpers/pglite";

const NOW = new Date("2026-12-20T08:00:00Z");

let database: Database;
let t: TestApp;
let a: SeededAgency;
let ids = 0;

const as = (sub: string, roles: Role[] = ["EMPLOYEE"], agency = "ag1") =>
  t.authHeader({ sub, roles, agency });
const HR = () => as("hr-admin", ["HR_ADMIN"]);

const MAPPING = {
  ratingCodes: { DI_ATAS_EKSPEKTASI: "1", SESUAI_EKSPEKTASI: "2", DI_BAWAH_EKSPEKTASI: "3" },
  quadrantCodes: {
    SANGAT_BAIK: "Q1",
    BAIK: "Q2",
    BUTUH_PERBAIKAN: "Q3",
    KURANG_MISCONDUCT: "Q4",
    SANGAT_KURANG: "Q5",
  },
};

beforeAll(async () => {
  database = await freshPglite();
  a = await seedAgency(database, { agencyId: "ag1", state: "ASSESSMENT", staffCount: 3 });
  await seedAgency(database, { agencyId: "ag2", state: "ASSESSMENT" });
  t = await testApp({
    database,
    registry: fixtureRegistry(),
    clock: () => NOW,
    newId: () => {
      ids += 1;
      return `fu-${String(ids).padStart(5, "0")}`;
    },
  });
  const ratings = [
    ["DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"],
    ["SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"],
  ];
  for (const [i, [resultRating, behaviourRating]] of ratings.entries()) {
    const s = a.staff[i]!;
    await t.app.inject({
      method: "PUT",
      url: `/v1/periods/${a.periodId}/assessments/${s}`,
      headers: as(a.supervisor),
      payload: { resultRating, behaviourRating },
    });
    const fin = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${a.periodId}/assessments/${s}/finalise`,
      headers: as(a.supervisor),
    });
    expect(fin.statusCode, fin.body).toBe(200);
  }
});

afterAll(async () => {
  await t.close();
  await database.close();
});

describe("consequences", () => {
  test("the employee reads the consequences of their final result; not before it is final", async () => {
    const get = (employeeId: string, headers = as(employeeId)) =>
      t.app.inject({
        method: "GET",
        url: `/v1/periods/${a.periodId}/employees/${employeeId}/follow-up`,
        headers,
      });
    const own = await get(a.staff[0]!);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      grade: "SANGAT_BAIK",
      consequences: [{ kind: "DEVELOPMENT", legalBasis: expect.any(String), grade: "SANGAT_BAIK" }],
    });
    expect((await get(a.staff[2]!)).statusCode).toBe(409);
    expect((await get(a.staff[0]!, as(a.staff[1]!))).statusCode).toBe(403);
    expect((await get(a.staff[0]!, as(a.supervisor))).statusCode).toBe(200);
    expect((await get(a.staff[0]!, as("x", ["HR_ADMIN"], "ag2"))).statusCode).toBe(404);
  });
});

describe("exports", () => {
  test("results as JSON and CSV for HR only, final results only", async () => {
    const url = `/v1/periods/${a.periodId}/exports/results`;
    expect((await t.app.inject({ method: "GET", url, headers: as(a.supervisor) })).statusCode).toBe(403);
    const jsonExport = await t.app.inject({ method: "GET", url, headers: HR() });
    expect(jsonExport.statusCode).toBe(200);
    expect(jsonExport.json()).toMatchObject({
      rulePackage: { id: "server-fixture" },
      items: [
        { employeeId: a.staff[0], grade: "SANGAT_BAIK", unitName: "Bidang Satu", assessorId: a.supervisor },
        { employeeId: a.staff[1], grade: "BAIK" },
      ],
      pending: [a.staff[2]],
    });
    const csv = await t.app.inject({ method: "GET", url: `${url}?format=csv`, headers: HR() });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.employeeId, r.grade, r["rating.resultRating"]])).toEqual([
      [a.staff[0], "SANGAT_BAIK", "DI_ATAS_EKSPEKTASI"],
      [a.staff[1], "BAIK", "SESUAI_EKSPEKTASI"],
    ]);
    expect(JSON.parse(rows[0]!.consequences!)).toEqual([expect.objectContaining({ kind: "DEVELOPMENT" })]);
    const bad = await t.app.inject({ method: "GET", url: `${url}?format=xml`, headers: HR() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toEqual(["format"]);
  });

  test("SIASN records use only the configured codes", async () => {
    const url = `/v1/periods/${a.periodId}/exports/siasn`;
    const missing = await t.app.inject({ method: "GET", url, headers: HR() });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().message).toMatch(/export-mappings\/siasn/);

    const put = (payload: object, headers = HR()) =>
      t.app.inject({ method: "PUT", url: "/v1/export-mappings/siasn", headers, payload });
    expect((await put({ mapping: MAPPING }, as(a.supervisor))).statusCode).toBe(403);
    const bad = await put({ mapping: { ...MAPPING, ratingCodes: { DI_ATAS_EKSPEKTASI: "1" } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path.slice(0, 2)).toEqual(["mapping", "ratingCodes"]);
    const partial = await put({ mapping: { ...MAPPING, quadrantCodes: { SANGAT_BAIK: "Q1" } } });
    expect(partial.statusCode).toBe(201);
    const unmapped = await t.app.inject({ method: "GET", url, headers: HR() });
    expect(unmapped.statusCode).toBe(409);
    expect(unmapped.json().details.issues).toEqual([
      expect.objectContaining({ path: ["mapping", "quadrantCodes", "BAIK"] }),
    ]);

    const full = await put({ mapping: MAPPING, version: 1 });
    expect(full.statusCode).toBe(200);
    const records = await t.app.inject({ method: "GET", url, headers: HR() });
    expect(records.statusCode, records.body).toBe(200);
    expect(records.json().items).toEqual([
      {
        employeeId: a.staff[0],
        record: {
          tahun: 2026,
          hasilKinerjaNilai: "1",
          perilakuKerjaNilai: "1",
          kuadranKinerjaNilai: "Q1",
          pnsDinilaiOrang: `SIASN-${a.staff[0]}`,
          penilaiNama: `Name of ${a.supervisor}`,
          penilaiNipNrp: a.supervisor,
          penilaiGolongan: "III/b",
          penilaiJabatan: `Jabatan ${a.supervisor}`,
          penilaiUnorNama: "Bidang Satu",
          statusPenilai: "ASN",
        },
      },
      expect.objectContaining({
        employeeId: a.staff[1],
        record: expect.objectContaining({ kuadranKinerjaNilai: "Q2" }),
      }),
    ]);
    const csv = await t.app.inject({ method: "GET", url: `${url}?format=csv`, headers: HR() });
    expect(csv.body.split("\r\n")[0]).toMatch(
      /^employeeId,tahun,hasilKinerjaNilai,perilakuKerjaNilai,kuadranKinerjaNilai,/,
    );
    const read = await t.app.inject({ method: "GET", url: "/v1/export-mappings/siasn", headers: HR() });
    expect(read.json()).toMatchObject({
      kind: "SIASN",
      version: 2,
      mapping: { resultRatingKey: "resultRating" },
    });
  });
});

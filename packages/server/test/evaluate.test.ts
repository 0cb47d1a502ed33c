import { can, createRegistry, EvaluationResponseSchema, ROLES } from "@kinerja/core";
import { pp46of2011 } from "@kinerja/rules-default";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type TestApp, testApp } from "./helpers/app";
import { toyCase, toyPackage } from "./helpers/toy";

const employee = { sub: "199001012015031001", roles: ["EMPLOYEE"] as const, agency: "disdik" };

describe("POST /v1/evaluate", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ registry: createRegistry([toyPackage, pp46of2011]) });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (payload: unknown, claims = employee) =>
    t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader(claims),
      payload: payload as object,
    });

  test("evaluates cases with the chosen package and checks the distribution", async () => {
    const res = await post({
      rules: "toy@^1",
      config: { maxShareA: 0.5 },
      organisation: { id: "disdik", predikat: "BAIK" },
      cases: [toyCase("e1", 10, 12), toyCase("e2", 10, 11), toyCase("e3", 10, 5)],
    });
    expect(res.statusCode).toBe(200);
    const body = EvaluationResponseSchema.parse(res.json());
    expect(body.rules).toEqual({ id: "toy", version: "1.0.0" });
    expect(body.results.map((r) => [r.employeeId, r.grade])).toEqual([
      ["e1", "A"],
      ["e2", "A"],
      ["e3", "B"],
    ]);
    expect(body.results[0]!.explanation[0]).toMatchObject({ rule: "toy/reached" });
    expect(body.distribution.counts).toEqual({ A: 2, B: 1 });
    expect(body.distribution.violations).toHaveLength(1);
  });

  test("evaluates with a real package of @kinerja/rules-default", async () => {
    const res = await post({
      rules: "pp-46-2011",
      cases: [
        {
          employee: { id: "198507012010011001", positionKind: "JA" },
          workPlan: {
            results: [
              {
                id: "k1",
                kind: "UTAMA",
                indicators: [
                  { id: "k1-kuantitas", aspect: "KUANTITAS", target: 12, realization: 12 },
                  { id: "k1-kualitas", aspect: "KUALITAS", target: 100, realization: 100 },
                  { id: "k1-waktu", aspect: "WAKTU", target: 12, realization: 12 },
                ],
              },
            ],
          },
          assessments: [
            {
              source: "SUPERVISOR",
              raterId: "197001011995031001",
              behaviour: {
                ORIENTASI_PELAYANAN: 80,
                INTEGRITAS: 80,
                KOMITMEN: 80,
                DISIPLIN: 80,
                KERJA_SAMA: 80,
              },
            },
          ],
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rules.id).toBe("pp-46-2011");
    expect(typeof body.results[0].score).toBe("number");
    expect(body.results[0].explanation.length).toBeGreaterThan(0);
  });

  test("a wrong field in a case → 400 naming its path", async () => {
    const bad = toyCase("e1", 10, 12);
    (bad.workPlan.results[0]!.indicators[0] as { target: unknown }).target = "twelve";
    const res = await post({ rules: "toy", cases: [toyCase("e0", 1, 1), bad] });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.message).toContain("cases[1].workPlan.results[0].indicators[0].target");
    expect(body.details.issues[0].path).toEqual([
      "cases",
      1,
      "workPlan",
      "results",
      0,
      "indicators",
      0,
      "target",
    ]);
  });

  test("a missing field in a case → 400 naming its path", async () => {
    const res = await post({ rules: "toy", cases: [{ workPlan: toyCase("e1", 1, 1).workPlan }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain("cases[0].employee");
  });

  test("a bad configuration → 400 naming the config field", async () => {
    const res = await post({ rules: "toy", config: { maxShareA: 2 }, cases: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    expect(res.json().message).toMatch(/maxShareA/);
  });

  test("an unknown package → 400 RULE_PACKAGE_NOT_FOUND listing the known ones", async () => {
    const res = await post({ rules: "nope@^1", cases: [] });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("RULE_PACKAGE_NOT_FOUND");
    expect(body.message).toContain("pp-46-2011");
    expect(body.message).toContain("toy");
    expect(body.details.known).toEqual(["pp-46-2011", "toy"]);
    expect(body.details.issues[0].path).toEqual(["rules"]);
  });

  test("a version range nothing satisfies → 400 RULE_PACKAGE_NOT_FOUND", async () => {
    const res = await post({ rules: "toy@^2", cases: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("RULE_PACKAGE_NOT_FOUND");
  });

  test("roles: allowed and denied as the core policy says", async () => {
    for (const role of ROLES) {
      const actor = { id: "a1", agencyId: "disdik", roles: [role] };
      const expected = can(actor, "evaluate.run", { kind: "evaluate", agencyId: "disdik" });
      const res = await post(
        { rules: "toy", cases: [] },
        { sub: "a1", roles: [role] as never, agency: "disdik" },
      );
      if (expected) expect(res.statusCode, role).toBe(200);
      else {
        expect(res.statusCode, role).toBe(403);
        expect(res.json().code).toBe("FORBIDDEN");
      }
    }
  });
});

describe("with the default rule packages", () => {
  test("the request of DESIGN.md evaluates with permenpanrb-6-2022", async () => {
    const t = await testApp();
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader(employee),
      payload: {
        rules: "permenpanrb-6-2022",
        config: {},
        period: { start: "2026-01-01", end: "2026-12-31" },
        organisation: { id: "disdik", predikat: "BAIK" },
        cases: [
          {
            employee: {
              id: "199001012015031001",
              positionKind: "JF",
              functionalLevel: "AHLI_PERTAMA",
              isUnitHead: false,
            },
            workPlan: {
              approach: "KUANTITATIF",
              results: [
                {
                  id: "r1",
                  kind: "UTAMA",
                  indicators: [
                    { id: "i1", aspect: "KUANTITAS", target: 12, realization: 13, unit: "laporan" },
                  ],
                },
              ],
            },
            assessments: [
              {
                source: "SUPERVISOR",
                raterId: "196801011990031002",
                resultRating: "SESUAI_EKSPEKTASI",
                behaviourRating: "DI_ATAS_EKSPEKTASI",
                behaviour: {},
              },
            ],
          },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = EvaluationResponseSchema.parse(res.json());
    expect(body.rules.id).toBe("permenpanrb-6-2022");
    expect(body.results[0]).toMatchObject({ employeeId: "199001012015031001", grade: "BAIK", score: null });
    expect(Object.keys(body.distribution.counts)).toContain("SANGAT_BAIK");
    const known = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader(employee),
      payload: { rules: "nope", cases: [] },
    });
    expect(known.json().details.known).toEqual(
      expect.arrayContaining([
        "permenpanrb-6-2022",
        "pp-30-2019",
        "pp-46-2011",
        "tpp-regional",
        "weighted-360",
      ]),
    );
    await t.close();
  });
});

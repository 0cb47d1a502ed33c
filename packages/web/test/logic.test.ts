import { describe, expect, test } from "vitest";
import { ApiError, refusalSentence } from "../src/errors";
import {
  draftsOf,
  evidenceProblem,
  freshId,
  parseTarget,
  planFromDrafts,
  type ResultDraft,
} from "../src/plan-form";
import { gradeCounts, progressOver } from "../src/progress";
import { claimsOf } from "../src/session";

const draft = (target: string): ResultDraft[] => [
  {
    id: "r1",
    description: "Laporan",
    kind: "UTAMA",
    parentResultId: "",
    indicators: [{ id: "i1", description: "Jumlah laporan", aspect: "KUANTITAS", target, unit: "laporan" }],
  },
];

describe("plan form", () => {
  test("targets: numbers, the Indonesian decimal comma and ranges; anything else is no target", () => {
    expect(parseTarget("12")).toBe(12);
    expect(parseTarget("12,5")).toBe(12.5);
    expect(parseTarget("80-90")).toEqual({ min: 80, max: 90 });
    expect(parseTarget("")).toBeUndefined();
    expect(parseTarget("dua belas")).toBeUndefined();
  });

  test("a draft with a missing target still becomes a plan, and names the field to fix", () => {
    const { plan, problems } = planFromDrafts(draft(""));
    expect(plan.results[0]?.indicators[0]?.id).toBe("i1");
    expect(problems).toContainEqual({
      field: "results.0.indicators.0.target",
      message: expect.stringMatching(/^target:/),
    });
    expect(planFromDrafts(draft("12")).problems).toEqual([]);
  });

  test("the plan's own problems come from the core's checkWorkPlan (no main result)", () => {
    const extra = draft("12").map((r) => ({ ...r, kind: "TAMBAHAN" as const }));
    expect(
      planFromDrafts(extra)
        .problems.map((p) => p.message)
        .join(" "),
    ).toMatch(/UTAMA/);
  });

  test("a stored plan comes back to the form as it was", () => {
    const { plan } = planFromDrafts(draft("80-90"));
    expect(draftsOf(plan)).toEqual(draft("80-90"));
  });

  test("fresh ids never collide with the form's ids", () => {
    const results = draft("1");
    const id = freshId(results, "i", "2027-x");
    expect(results.flatMap((r) => [r.id, ...r.indicators.map((i) => i.id)])).not.toContain(id);
  });

  test("evidence links are checked with the core's schema", () => {
    expect(evidenceProblem("https://dms.example.go.id/1", "")).toBeNull();
    expect(evidenceProblem("not a link", "")).toMatch(/url/);
  });
});

describe("progress", () => {
  test("capaian grows with the realisations of each sub-period (core's planCapaian)", () => {
    const { plan } = planFromDrafts(draft("12"));
    const points = progressOver(
      plan,
      [
        { indicatorId: "i1", subPeriod: "Q1", value: 3 },
        { indicatorId: "i1", subPeriod: "Q2", value: 3 },
      ],
      ["Q1", "Q2", "Q3"],
    );
    expect(points.map((p) => p.subPeriod)).toEqual(["Q1", "Q2", "Q3"]);
    expect(points[0]!.capaian).toBeLessThan(points[1]!.capaian);
    expect(points[2]!.capaian).toBe(points[1]!.capaian);
  });

  test("grade counts follow the curve's order and count every grade once", () => {
    const counts = gradeCounts(["BAIK", "BAIK", "SANGAT_BAIK", null], ["SANGAT_BAIK", "BAIK", "KURANG"]);
    expect(counts).toEqual([
      { grade: "SANGAT_BAIK", count: 1 },
      { grade: "BAIK", count: 2 },
      { grade: "KURANG", count: 0 },
    ]);
  });
});

describe("refusals and tokens", () => {
  test("every refusal says what to do, in the page language, with the service's words", () => {
    const error = new ApiError(409, {
      code: "ILLEGAL_TRANSITION",
      message: "work plan: SUBMIT is not allowed in APPROVED",
      details: {},
    });
    expect(refusalSentence(error, "id")).toMatch(/^Langkah ini tidak bisa.*\(work plan: SUBMIT/);
    expect(refusalSentence(error, "en")).toMatch(/^This step is not possible/);
    const unknown = new ApiError(418, { code: "TEAPOT", message: "short and stout", details: {} });
    expect(refusalSentence(unknown, "id")).toMatch(/hubungi pengelola kepegawaian.*short and stout/);
  });

  test("a plan refusal lists the problems the service found", () => {
    const error = new ApiError(422, {
      code: "WORK_PLAN_INVALID",
      message: "work plan cannot be evaluated",
      details: {
        problems: [{ path: ["results"], message: "weights add up to 90, they must add up to 100" }],
      },
    });
    expect(refusalSentence(error, "en")).toContain("weights add up to 90");
  });

  test("a pasted token must carry sub, agency and roles", () => {
    const body = Buffer.from(JSON.stringify({ sub: "1", agency: "demo", roles: ["EMPLOYEE"] })).toString(
      "base64url",
    );
    expect(claimsOf(`x.${body}.y`)).toEqual({ sub: "1", agency: "demo", roles: ["EMPLOYEE"] });
    expect(() => claimsOf("not-a-token")).toThrow(/^token:/);
    const bare = Buffer.from(JSON.stringify({ sub: "1" })).toString("base64url");
    expect(() => claimsOf(`x.${bare}.y`)).toThrow(/sub, agency and roles/);
  });
});

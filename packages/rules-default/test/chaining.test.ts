import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRegistry, evaluate, evaluateRequest, isKinerjaError } from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { DEFAULT_RULE_PACKAGES } from "../src/index";
import { tppRegional } from "../src/tpp-regional";

/** The command-line request shown on a package's documentation page (the block with `rules`). */
function docRequest(id: string): unknown {
  const page = readFileSync(fileURLToPath(new URL(`../../../docs/rules/${id}.md`, import.meta.url)), "utf8");
  return [...page.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => JSON.parse(m[1] ?? "null") as Record<string, unknown>)
    .find((b) => "rules" in b && "cases" in b);
}

const sources = DEFAULT_RULE_PACKAGES.filter((p) => p.id !== tppRegional.id);

function tppCase(performance: unknown) {
  return {
    employee: { id: "199001012015031001", positionKind: "JF" },
    workPlan: {
      results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 12 }] }],
    },
    attendance: [{ subPeriod: "2026-03" }],
    performance,
    tpp: { basis: 1_000_000 },
  };
}

const factor = (performance: unknown) => {
  const tpp = evaluate(tppCase(performance), tppRegional, {
    period: { start: "2026-03-01", end: "2026-03-31", cadence: "MONTHLY" },
  }).consequences.find((c) => c.kind === "TPP") as unknown as {
    breakdown: { performance: { factor: number } };
  };
  return tpp.breakdown.performance.factor;
};

describe("issue 8 item 13: every package's grade chains into tpp-regional", () => {
  test.each(sources.map((p) => [p.id, p] as const))(
    "the results of %s's documented request evaluate in TPP with performance.source",
    (id, pkg) => {
      const response = evaluateRequest(docRequest(id), createRegistry([pkg]));
      expect(response.results.length).toBeGreaterThan(0);
      for (const result of response.results) {
        expect(factor({ grade: result.grade, source: id })).toBeGreaterThanOrEqual(0);
      }
    },
  );

  test.each(sources.map((p) => [p.id, p] as const))(
    "every grade of %s maps, best to worst, to factors that never increase",
    (id, pkg) => {
      const factors = pkg.grades.map((g) => factor({ grade: g.code, source: id }));
      expect(factors.length).toBe(pkg.grades.length);
      factors.forEach((f, i) => {
        if (i > 0) expect(f).toBeLessThanOrEqual(factors[i - 1]!);
      });
    },
  );

  test("the national KURANG_MISCONDUCT is TPP's KURANG (50 %); without a source it is refused with a hint", () => {
    expect(factor({ grade: "KURANG_MISCONDUCT", source: "permenpanrb-6-2022" })).toBe(50);
    expect(factor({ grade: "CUKUP", source: "pp-46-2011" })).toBe(75);
    expect(factor({ grade: "BURUK", source: "pp-46-2011" })).toBe(25);
    try {
      factor({ grade: "KURANG_MISCONDUCT" });
      throw new Error("expected VALIDATION_FAILED");
    } catch (error) {
      expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
      expect((error as Error).message).toContain("performance.source");
    }
  });

  test("an unknown source or a grade outside its mapping is VALIDATION_FAILED naming the field", () => {
    for (const [performance, path] of [
      [{ grade: "BAIK", source: "kab-contoh" }, "performance.source"],
      [{ grade: "ISTIMEWA", source: "permenpanrb-6-2022" }, "performance.grade"],
    ] as const) {
      try {
        factor(performance);
        throw new Error("expected VALIDATION_FAILED");
      } catch (error) {
        expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
        expect((error as Error).message).toContain(path);
      }
    }
  });

  test("the mapping is configuration: a region maps its own package; a target outside the TPP table is refused", () => {
    const config = { performance: { gradeMappings: { "kab-contoh": { A: "BAIK", B: "KURANG" } } } };
    const tpp = evaluate(tppCase({ grade: "B", source: "kab-contoh" }), tppRegional, {
      config: config,
      period: { start: "2026-03-01", end: "2026-03-31", cadence: "MONTHLY" },
    });
    const step = tpp.explanation.find((s) => s.rule === "tpp-regional/performance");
    expect(step?.output).toBe(50);
    expect(step?.text?.id).toContain("dipetakan ke Kurang");
    expect(() =>
      evaluate(tppCase({ grade: "A", source: "kab-contoh" }), tppRegional, {
        config: {
          performance: { gradeMappings: { "kab-contoh": { A: "LUAR_BIASA" } } },
        },
      }),
    ).toThrow(/gradeMappings/);
  });
});

import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseCase } from "../../src/engine";
import { type EvaluationCase, EvaluationCaseSchema } from "../../src/evaluation";
import { type Period, subPeriods } from "../../src/period";
import { arbitraryEmployee, arbitraryEvaluationCase, arbitraryEvaluationRequest } from "../../src/testing";
import { SCHEMA_ARBITRARIES } from "../fixtures/schema-arbitraries";
import { fairPackage } from "../fixtures/unfair-packages";

// Every arbitrary produces values in their parsed form: parsing gives back an equal value.
describe("every generated value parses with its schema, unchanged", () => {
  for (const [name, schema, arbitrary] of SCHEMA_ARBITRARIES) {
    test.prop([arbitrary])(name, (value) => {
      expect(schema.parse(value)).toEqual(value);
    });
  }
});

const indicatorsOf = (c: EvaluationCase) => c.workPlan.results.flatMap((r) => r.indicators);

describe("arbitraryEvaluationCase generates coherent cases", () => {
  test.prop([arbitraryEvaluationCase()])("the engine's consistency checks accept them", (c) => {
    expect(() => parseCase(c, fairPackage)).not.toThrow();
  });

  test.prop([arbitraryEvaluationCase()])("result ids and indicator ids are unique", (c) => {
    const results = c.workPlan.results.map((r) => r.id);
    const indicators = indicatorsOf(c).map((i) => i.id);
    expect(new Set(results).size).toBe(results.length);
    expect(new Set(indicators).size).toBe(indicators.length);
  });

  test.prop([arbitraryEvaluationCase()])(
    "weights are all absent or integers adding up to exactly 100 (over the UTAMA results; TAMBAHAN carries none)",
    (c) => {
      const check = (weights: (number | undefined)[]) => {
        if (weights.every((w) => w === undefined)) return;
        expect(weights.every((w) => Number.isInteger(w))).toBe(true);
        expect(weights.reduce((s: number, w) => s + (w ?? 0), 0)).toBe(100);
      };
      check(c.workPlan.results.filter((r) => r.kind === "UTAMA").map((r) => r.weight));
      expect(c.workPlan.results.filter((r) => r.kind === "TAMBAHAN").map((r) => r.weight)).not.toContain(
        expect.any(Number),
      );
      for (const r of c.workPlan.results) check(r.indicators.map((i) => i.weight));
    },
  );

  test.prop([arbitraryEvaluationCase()])(
    "realisations reference existing indicators, inline or per sub-period but not both",
    (c) => {
      const inline = new Set(
        indicatorsOf(c)
          .filter((i) => i.realization !== undefined)
          .map((i) => i.id),
      );
      const all = new Set(indicatorsOf(c).map((i) => i.id));
      for (const r of c.realizations) {
        expect(all.has(r.indicatorId)).toBe(true);
        expect(inline.has(r.indicatorId)).toBe(false);
      }
    },
  );

  test.prop([arbitraryEvaluationCase()])("sub-period keys belong to the case's period", (c) => {
    if (c.realizations.length === 0) return;
    expect(c.period).toBeDefined();
    const keys = new Set(subPeriods(c.period as Period).map((s) => s.key));
    for (const r of c.realizations) expect(keys.has(r.subPeriod)).toBe(true);
  });

  test.prop([arbitraryEvaluationCase({ subPeriods: true })])(
    "subPeriods: true records every realisation per sub-period",
    (c) => {
      for (const indicator of indicatorsOf(c)) {
        expect(indicator.realization).toBeUndefined();
        expect(c.realizations.some((r) => r.indicatorId === indicator.id)).toBe(true);
      }
    },
  );

  test.prop([arbitraryEvaluationCase({ subPeriods: false })])(
    "subPeriods: false records realisations inline only",
    (c) => {
      expect(c.realizations).toEqual([]);
    },
  );

  const period: Period = { start: "2025-01-01", end: "2025-12-31", cadence: "MONTHLY" };
  test.prop([arbitraryEvaluationCase({ period, subPeriods: true })])(
    "a fixed period gives its sub-period keys and no own period",
    (c) => {
      const keys = new Set(subPeriods(period).map((s) => s.key));
      expect(c.period).toBeUndefined();
      for (const r of c.realizations) expect(keys.has(r.subPeriod)).toBe(true);
    },
  );

  const options = {
    sources: ["SUPERVISOR", "PEER", "ATASAN_LANGSUNG"],
    behaviourAspects: ["ORIENTASI_PELAYANAN", "INTEGRITAS"],
    behaviourRange: { min: 50, max: 90 },
  };
  test.prop([arbitraryEvaluationCase(options)])("sources, behaviour aspects and range are respected", (c) => {
    expect(new Set(c.assessments.map((a) => a.source))).toEqual(new Set(options.sources));
    expect(c.assessments.filter((a) => a.source === "SUPERVISOR")).toHaveLength(1);
    for (const a of c.assessments) {
      expect(Object.keys(a.behaviour).sort()).toEqual([...options.behaviourAspects].sort());
      for (const v of Object.values(a.behaviour)) {
        expect(v).toBeGreaterThanOrEqual(50);
        expect(v).toBeLessThanOrEqual(90);
      }
      expect(a.resultRating).toBeDefined();
      expect(a.behaviourRating).toBeDefined();
    }
  });

  test.prop([arbitraryEmployee()])("employee attributes include gender, religion and ethnicity", (e) => {
    expect(Object.keys(e.attributes)).toEqual(expect.arrayContaining(["gender", "religion", "ethnicity"]));
  });

  test.prop([arbitraryEvaluationRequest()])("a request's cases are valid cases", (request) => {
    for (const c of request.cases) expect(() => EvaluationCaseSchema.parse(c)).not.toThrow();
  });
});

import { describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { evaluate } from "../../src/engine";
import type { Ratings } from "../../src/evaluation";
import { defineRulePackage, type RatingsOf } from "../../src/rule-package";
import { arbitraryEvaluationCase, fairnessProperties } from "../../src/testing";

/** Issue 8 item 5: a package's `ratingsSchema` types its results and the kit checks it. */
const RatingsSchema = z.object({
  capaianCount: z.number().int().describe("How many indicators the case has"),
  flagged: z.boolean().describe("Whether the case has no indicators"),
});

const base = {
  version: "1.0.0",
  title: { id: "Contoh", en: "Toy" },
  legalBasis: ["none"],
  configSchema: z.object({}),
  inputs: [],
  grades: [{ code: "OK", label: { id: "Baik", en: "Good" } }],
};

const indicators = (c: { workPlan: { results: { indicators: unknown[] }[] } }) =>
  c.workPlan.results.reduce((n, r) => n + r.indicators.length, 0);

const typed = defineRulePackage({
  ...base,
  id: "toy-typed",
  ratingsSchema: RatingsSchema,
  evaluate: (c) => ({
    grade: "OK",
    score: null,
    ratings: { capaianCount: indicators(c), flagged: indicators(c) === 0 },
    explanation: [],
  }),
});

/** Says it returns a count and a flag, returns the count as text and an undeclared key. */
const lying = defineRulePackage({
  ...base,
  id: "toy-lying",
  ratingsSchema: RatingsSchema,
  evaluate: (c) => ({
    grade: "OK",
    score: null,
    ratings: { capaianCount: String(indicators(c)), flagged: false } as unknown as z.infer<
      typeof RatingsSchema
    >,
    explanation: [],
  }),
});

const undeclared = defineRulePackage({
  ...base,
  id: "toy-undeclared",
  ratingsSchema: RatingsSchema,
  evaluate: (c) => ({
    grade: "OK",
    score: null,
    ratings: { capaianCount: indicators(c), flagged: false, nip: c.employee.id } as z.infer<
      typeof RatingsSchema
    >,
    explanation: [],
  }),
});

const property = (pkg: typeof typed) => {
  const found = fairnessProperties(pkg, { numRuns: 20, cases: arbitraryEvaluationCase() }).find(
    (p) => p.name === "ratings match ratingsSchema",
  );
  if (!found) throw new Error("no ratings property");
  return found;
};

describe("ratingsSchema", () => {
  test("types evaluate's ratings; a package without one has the generic Ratings", () => {
    expectTypeOf<RatingsOf<typeof typed>>().toEqualTypeOf<z.infer<typeof RatingsSchema>>();
    expectTypeOf(evaluate).parameter(1).toBeObject();
    const untyped = defineRulePackage({
      ...base,
      id: "toy-untyped",
      evaluate: () => ({ grade: "OK", score: null, ratings: { any: 1 }, explanation: [] }),
    });
    expectTypeOf<RatingsOf<typeof untyped>>().toEqualTypeOf<Ratings>();
    expect(
      fairnessProperties(untyped, { numRuns: 1 }).some((p) => p.name === "ratings match ratingsSchema"),
    ).toBe(false);
  });

  test("the fairness kit passes a package whose results match its ratingsSchema", () => {
    expect(() => property(typed).run()).not.toThrow();
  });

  test("the fairness kit catches ratings of the wrong type and keys the schema does not declare", () => {
    expect(() => property(lying).run()).toThrow(/do not match the package's ratingsSchema \(capaianCount/);
    expect(() => property(undeclared).run()).toThrow(/keys the ratingsSchema does not declare: nip/);
  });
});

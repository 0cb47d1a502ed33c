import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { defineRulePackage, EvaluationCaseSchema, isKinerjaError, parseCase, parseOrThrow } from "../src";
import { compiledSchema } from "../src/fast-validate";
import { arbitraryEvaluationCase, arbitraryMutatedInput, checkCompiledSchema } from "../src/testing";

const cases = arbitraryEvaluationCase();

// The compiled case schema decides like zod: same accept/refuse, same output, same issues.
describe("the compiled case schema agrees with zod", () => {
  test("on valid cases", () => {
    const { accepted, refused } = checkCompiledSchema(EvaluationCaseSchema, cases);
    expect(refused).toBe(0);
    expect(accepted).toBeGreaterThan(0);
  });

  test("on cases with random edits (wrong types, missing and extra keys, bounds, dates, codes)", () => {
    const { accepted, refused } = checkCompiledSchema(EvaluationCaseSchema, arbitraryMutatedInput(cases));
    // Both sides of the decision are exercised, not only refusals.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe("compiledSchema", () => {
  test("compiles the core case schema (no silent fallback to the runtime parser)", () => {
    expect(() => z.compile(EvaluationCaseSchema, { strict: true })).not.toThrow();
    expect(compiledSchema(EvaluationCaseSchema)).not.toBe(EvaluationCaseSchema);
  });

  test("compiles a schema once", () => {
    expect(compiledSchema(EvaluationCaseSchema)).toBe(compiledSchema(EvaluationCaseSchema));
  });

  test("keeps zod's output: trims, defaults, unknown keys of a loose object", () => {
    const input = {
      employee: { id: "  199001012020011001  ", positionKind: "JF" },
      workPlan: { results: [{ id: "r1", indicators: [{ id: " i1 ", aspect: "KUANTITAS", target: 10 }] }] },
      attendance: 0.98,
    };
    const parsed = compiledSchema(EvaluationCaseSchema).parse(input);
    expect(parsed).toStrictEqual(EvaluationCaseSchema.parse(input));
    expect(parsed.employee).toMatchObject({ id: "199001012020011001", structural: false, attributes: {} });
    expect((parsed as Record<string, unknown>).attendance).toBe(0.98);
    expect(input.employee.id).toBe("  199001012020011001  ");
  });

  test("generates no code under z.config({ jitless: true })", () => {
    const schema = z.object({ a: z.string() });
    const before = z.config().jitless;
    z.config({ jitless: true });
    try {
      expect(compiledSchema(schema)).toBe(schema);
    } finally {
      z.config({ jitless: before });
    }
  });

  test("falls back to the runtime parser for a schema the compiler cannot model", () => {
    const asyncRefined = z.object({ a: z.string() }).refine(async () => true);
    expect(compiledSchema(asyncRefined)).toBe(asyncRefined);
  });
});

describe("parseCase through the compiled schema", () => {
  const pkg = defineRulePackage({
    id: "fast-validate-test",
    version: "1.0.0",
    title: { id: "Uji", en: "Test" },
    legalBasis: ["test"],
    configSchema: z.object({}),
    inputs: [],
    grades: [{ code: "A", label: { id: "A", en: "A" } }],
    evaluate: () => ({ grade: "A", score: null, ratings: {}, explanation: [] }),
  });

  test("refuses with exactly zod's issues under the case's prefix", () => {
    fc.assert(
      fc.property(arbitraryMutatedInput(cases), (input) => {
        let expected: unknown;
        try {
          parseOrThrow(EvaluationCaseSchema, input, { prefix: ["cases", 3] });
          return; // valid for the schema: the consistency checks may still refuse, as before
        } catch (error) {
          expected = error;
        }
        let actual: unknown;
        try {
          parseCase(input, pkg, { prefix: ["cases", 3] });
        } catch (error) {
          actual = error;
        }
        expect(isKinerjaError(actual)).toBe(true);
        expect(isKinerjaError(expected)).toBe(true);
        if (isKinerjaError(actual) && isKinerjaError(expected)) {
          expect(actual.code).toBe("VALIDATION_FAILED");
          expect(actual.message).toBe(expected.message);
          expect(actual.details).toStrictEqual(expected.details);
        }
      }),
      { numRuns: 200 },
    );
  });
});

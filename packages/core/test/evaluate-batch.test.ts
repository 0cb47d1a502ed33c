import { describe, expect, test } from "vitest";
import { z } from "zod";
import { evaluateBatch, evaluateRequest, prepareEvaluator } from "../src/engine";
import { isKinerjaError } from "../src/errors";
import { createRegistry } from "../src/registry";
import { defineRulePackage } from "../src/rule-package";
import { toy, toyCase } from "./engine-fixtures";

const org = { id: "org", predikat: "BAIK" } as const;
const broken = { employee: { id: "bad-1" }, workPlan: {} };

describe("evaluateBatch: a prepared evaluator answers as evaluateRequest", () => {
  const registry = createRegistry([toy]);
  const cases = [toyCase("1"), toyCase("2", 1), toyCase("3")];

  test.each([
    { organisation: undefined, onError: "fail" as const },
    { organisation: org, onError: "fail" as const },
    { organisation: org, onError: "report" as const },
    { organisation: undefined, onError: "report" as const },
  ])("organisation $organisation.id, onError $onError", ({ organisation, onError }) => {
    const withBroken = onError === "report" ? [...cases, broken] : cases;
    const evaluator = prepareEvaluator(toy, { ...(organisation ? { organisation } : {}), explain: "steps" });
    expect(evaluateBatch(withBroken, evaluator, { onError })).toEqual(
      evaluateRequest(
        {
          rules: "toy",
          explain: "steps",
          onError,
          ...(organisation ? { organisation } : {}),
          cases: withBroken,
        },
        registry,
      ),
    );
  });

  test("the same evaluator answers a second batch as the first", () => {
    const evaluator = prepareEvaluator(toy, { organisation: org });
    expect(evaluateBatch(cases, evaluator)).toEqual(evaluateBatch(cases, evaluator));
  });

  test("a bad case fails the batch naming its index; a non-evaluator is VALIDATION_FAILED", () => {
    const evaluator = prepareEvaluator(toy, {});
    expect(() => evaluateBatch([toyCase("1"), broken], evaluator)).toThrow(/^cases\[1\]/);
    try {
      evaluateBatch(cases, toy as never);
      expect.unreachable();
    } catch (error) {
      expect(isKinerjaError(error) && error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("registry: remembered resolutions", () => {
  const pkg = (version: string) =>
    defineRulePackage({
      id: "a",
      version,
      title: { id: "a", en: "a" },
      legalBasis: ["Test fixture"],
      inputs: [],
      grades: [{ code: "OK", label: { id: "Baik", en: "Good" } }],
      configSchema: z.object({}),
      evaluate: () => ({ grade: "OK", score: null, ratings: {}, explanation: [] }),
    });

  test("a range resolved before a newer version is registered resolves to the newer one after", () => {
    const registry = createRegistry([pkg("1.0.0")]);
    expect(registry.resolveSpec("a@^1").version).toBe("1.0.0");
    expect(registry.resolveSpec("a@^1").version).toBe("1.0.0");
    registry.register(pkg("1.2.0"));
    expect(registry.resolveSpec("a@^1").version).toBe("1.2.0");
    expect(registry.resolveSpec("a").version).toBe("1.2.0");
  });

  test("an unresolvable spec stays RULE_PACKAGE_NOT_FOUND until a package satisfies it", () => {
    const registry = createRegistry([pkg("1.0.0")]);
    expect(() => registry.resolveSpec("a@^2")).toThrow(/no version of a satisfies/);
    registry.register(pkg("2.0.0"));
    expect(registry.resolveSpec("a@^2").version).toBe("2.0.0");
  });
});

import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import type { EvaluationCase } from "../../src/evaluation";
import { type AnyRulePackage, defineRulePackage } from "../../src/rule-package";
import { arbitraryEvaluationCase, checkRulePackage, fairnessProperties } from "../../src/testing";
import {
  calibrationPackage,
  fairPackage,
  namePackage,
  nonMonotonePackage,
  orderPackage,
} from "../fixtures/unfair-packages";

const RUNS = 200;
const TIMEOUT = 120_000;

/** The toy's cases: the base case plus its innovation flag. */
const toyCases = fc
  .tuple(arbitraryEvaluationCase(), fc.boolean())
  .map(([c, innovation]) => ({ ...c, innovation }));

/** Runs every property and returns the names of those that fail. */
function failing(pkg: AnyRulePackage, numRuns = RUNS): string[] {
  return fairnessProperties(pkg, { numRuns, cases: toyCases }).flatMap((p) => {
    try {
      p.run();
      return [];
    } catch {
      return [p.name];
    }
  });
}

// A root setup may configure fast-check globally (e.g. more runs); these tests change it and put it back.
const globalConfig = fc.readConfigureGlobal();
afterEach(() => {
  fc.configureGlobal(globalConfig);
});

describe("the fair toy package", () => {
  test(
    "passes checkRulePackage",
    () => {
      expect(() => checkRulePackage(fairPackage, { numRuns: RUNS, cases: toyCases })).not.toThrow();
    },
    TIMEOUT,
  );

  test(
    "passes with its default cases too (its case fields have defaults)",
    () => {
      expect(() => checkRulePackage(fairPackage, { numRuns: 50 })).not.toThrow();
    },
    TIMEOUT,
  );

  test("gets a property for every monotone declaration and none for the others", () => {
    const names = fairnessProperties(fairPackage).map((p) => p.name);
    expect(names).toEqual([
      "determinism",
      "permutation invariance: results",
      "permutation invariance: indicators",
      "permutation invariance: realizations",
      "permutation invariance: assessments",
      "identity invariance",
      "monotonicity: realization (INDICATOR_REALIZATION)",
      "monotonicity: SUPERVISOR.resultRating (RATING)",
      "monotonicity: SUPERVISOR.behaviour (BEHAVIOUR_SCORE)",
      "monotonicity: organisation (ORGANISATION_PREDIKAT)",
      "monotonicity: innovation (CASE)",
      "grades on the scale, scores finite or null",
      "valid cases are accepted",
      "invalid cases are rejected with VALIDATION_FAILED",
      "pool permutation invariance",
      "calibration order",
      "pool identity invariance",
    ]);
  });

  test("pool properties run only with distribute, unless asked", () => {
    const pool = (names: string[]) => names.filter((n) => n.startsWith("pool") || n === "calibration order");
    expect(pool(fairnessProperties(namePackage).map((p) => p.name))).toEqual([]);
    expect(pool(fairnessProperties(namePackage, { organisation: true }).map((p) => p.name))).toHaveLength(3);
    expect(pool(fairnessProperties(fairPackage, { organisation: false }).map((p) => p.name))).toEqual([]);
  });
});

describe("each unfair package is caught by the right property", () => {
  test(
    "reading the employee's name breaks identity invariance",
    () => {
      expect(failing(namePackage)).toEqual(["identity invariance"]);
    },
    TIMEOUT,
  );

  test(
    "taking the first result's capaian breaks permutation invariance of results",
    () => {
      expect(failing(orderPackage)).toEqual(["permutation invariance: results"]);
    },
    TIMEOUT,
  );

  test(
    "penalising capaian above 100 % breaks the declared monotonicity of realisation",
    () => {
      expect(failing(nonMonotonePackage)).toEqual(["monotonicity: realization (INDICATOR_REALIZATION)"]);
    },
    TIMEOUT,
  );

  test(
    "calibrating by employee id breaks calibration order and pool identity invariance",
    () => {
      expect(failing(calibrationPackage)).toEqual(["calibration order", "pool identity invariance"]);
    },
    TIMEOUT,
  );
});

describe("failure reports", () => {
  test(
    "checkRulePackage throws one error naming each failing property, with fast-check's seed and counterexample",
    () => {
      let message = "";
      try {
        checkRulePackage(namePackage, { numRuns: RUNS, cases: toyCases });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("toy-unfair-name@1.0.0 fails 1 fairness property: identity invariance");
      expect(message).toMatch(/seed: -?\d+/);
      expect(message).toContain("Counterexample:");
      expect(message).toContain("changing identity fields");
    },
    TIMEOUT,
  );

  test("a monotone input that no generated case exercises is reported", () => {
    const pkg = defineRulePackage({
      ...fairPackage,
      id: "toy-public-rating",
      inputs: [
        {
          name: "PUBLIC.resultRating",
          kind: "RATING",
          description: { id: "Rating publik", en: "Public rating" },
          monotone: true,
          sources: ["PUBLIC"],
        },
      ],
    });
    const cases = arbitraryEvaluationCase({ sources: ["SUPERVISOR"] });
    const property = fairnessProperties(pkg, { numRuns: 20, cases }).find((p) =>
      p.name.startsWith("monotonicity"),
    );
    expect(property?.run).toThrow(/never exercised in 20 runs/);
  });
});

describe("numRuns", () => {
  /** A fair package that counts its evaluations. */
  function counting() {
    const counter = { calls: 0 };
    const { distribute: _distribute, ...withoutDistribution } = fairPackage;
    const pkg = defineRulePackage({
      ...withoutDistribution,
      id: "toy-counting",
      inputs: [],
      evaluate: (c: EvaluationCase, config, context) => {
        counter.calls += 1;
        return fairPackage.evaluate(c as never, config, context);
      },
    });
    const determinism = fairnessProperties(pkg, { cases: toyCases }).find((p) => p.name === "determinism");
    return { counter, determinism, pkg };
  }

  test("defaults to fast-check's global numRuns (three evaluations per run of determinism)", () => {
    fc.configureGlobal({ numRuns: 7 });
    const { counter, determinism } = counting();
    determinism?.run();
    expect(counter.calls).toBe(21);
  });

  test("an explicit numRuns wins over the global one", () => {
    fc.configureGlobal({ numRuns: 7 });
    const { counter, pkg } = counting();
    fairnessProperties(pkg, { cases: toyCases, numRuns: 3 })
      .find((p) => p.name === "determinism")
      ?.run();
    expect(counter.calls).toBe(9);
  });

  test("is 1000 when neither is set", () => {
    const { numRuns: _numRuns, ...withoutNumRuns } = globalConfig;
    fc.configureGlobal(withoutNumRuns);
    const { counter, determinism } = counting();
    determinism?.run();
    expect(counter.calls).toBe(3000);
  });
});

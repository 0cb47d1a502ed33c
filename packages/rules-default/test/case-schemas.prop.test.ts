import { type AnyRulePackage, EvaluationCaseSchema } from "@kinerja/core";
import {
  arbitraryEvaluationCase,
  arbitraryMutatedInput,
  arbitraryOrganisation,
  checkCompiledSchema,
} from "@kinerja/core/testing";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { runs } from "../../../vitest.runs";
import { RELEASED_RULE_PACKAGES } from "../src/released/index";
import { WEIGHTED_360_COMPONENTS } from "../src/weighted-360";

const months = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }).chain((ms) =>
  fc.tuple(
    ...ms.map((m) =>
      fc.record(
        {
          subPeriod: fc.constant(`2026-${String(m).padStart(2, "0")}`),
          lateArrivals: fc.array(fc.integer({ min: 0, max: 240 }), { maxLength: 3 }),
          earlyLeaves: fc.array(fc.double({ min: 0, max: 240, noNaN: true }), { maxLength: 3 }),
          absentDays: fc.integer({ min: 0, max: 30 }),
          missedAssemblies: fc.integer({ min: 0, max: 5 }),
          noRecordDays: fc.integer({ min: 0, max: 5 }),
        },
        { requiredKeys: ["subPeriod"] },
      ),
    ),
  ),
);

const performance = fc.oneof(
  fc.constantFrom("SANGAT_BAIK", "BAIK", "KURANG").map((grade) => ({ grade })),
  fc.constant({ grade: "BAIK", source: "permenpanrb-6-2022" }),
  fc.double({ min: 0, max: 100, noNaN: true }).map((score) => ({ score })),
);

/** Valid cases of each package: the core's cases plus the fields the package's `caseSchema` adds. */
const VALID: Record<string, fc.Arbitrary<unknown>> = {
  "permenpanrb-6-2022": fc
    .tuple(arbitraryEvaluationCase(), fc.option(arbitraryOrganisation(), { nil: undefined }))
    .map(([c, organisation]) => (organisation ? { ...c, organisation } : c)),
  "pp-46-2011": fc
    .tuple(
      arbitraryEvaluationCase(),
      fc.option(fc.constantFrom("NONE", "UNIT_KERJA", "INSTANSI", "NASIONAL")),
    )
    .map(([c, creativity]) => (creativity === null ? c : { ...c, creativity })),
  "pp-30-2019": fc
    .tuple(arbitraryEvaluationCase(), fc.option(fc.boolean()))
    .map(([c, innovation]) => (innovation === null ? c : { ...c, innovation })),
  "tpp-regional": fc
    .record({
      c: arbitraryEvaluationCase(),
      attendance: months,
      performance: fc.option(performance, { nil: undefined }),
      basis: fc.option(fc.integer({ min: 0, max: 25_000_000 }), { nil: undefined }),
    })
    .map(({ c, attendance, performance: p, basis }) => ({
      ...c,
      attendance,
      ...(p === undefined ? {} : { performance: p }),
      ...(basis === undefined ? {} : { tpp: { basis } }),
    })),
  "weighted-360": arbitraryEvaluationCase({
    behaviourAspects: WEIGHTED_360_COMPONENTS,
    behaviourRange: { min: 0, max: 100 },
  }),
};

const packages: AnyRulePackage[] = Object.values(RELEASED_RULE_PACKAGES).flat();

// Every released package's case schema, compiled once for evaluation, decides like zod: same
// accept/refuse, same output, same issues (engine's parseCase relies on it).
describe.each(packages.map((pkg) => [`${pkg.id}@${pkg.version}`, pkg] as const))("%s", (_name, pkg) => {
  const schema = pkg.caseSchema ?? EvaluationCaseSchema;
  const valid = VALID[pkg.id];

  test("its case schema compiles (no silent fallback to the runtime parser)", () => {
    expect(valid, `no valid cases for ${pkg.id}: add them to VALID`).toBeDefined();
    expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  test("the compiled case schema agrees with zod on valid cases", () => {
    const { accepted } = checkCompiledSchema(schema, valid ?? fc.constant({}), { numRuns: runs(1000) });
    expect(accepted).toBeGreaterThan(0);
  });

  test("the compiled case schema agrees with zod on randomly edited cases", () => {
    const { accepted, refused } = checkCompiledSchema(
      schema,
      arbitraryMutatedInput(valid ?? fc.constant({})),
      {
        numRuns: runs(2000),
      },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

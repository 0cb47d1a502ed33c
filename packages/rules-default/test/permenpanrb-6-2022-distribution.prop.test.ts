import {
  type Distribution,
  type EvaluationResult,
  loadRulePackage,
  type OrganisationPredikat,
} from "@kinerja/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { permenpanrb6of2022 } from "../src/permenpanrb-6-2022";
import { type ReferenceDistribution, referenceDistribute } from "./reference/permenpanrb-6-2022-distribute";

const GRADES = ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"] as const;
const PREDIKAT: OrganisationPredikat[] = ["ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"];
const rating = fc.constantFrom(
  "DI_ATAS_EKSPEKTASI",
  "SESUAI_EKSPEKTASI",
  "DI_BAWAH_EKSPEKTASI",
  null,
  undefined,
);

/**
 * Evidence drawn from few values, so that many members tie (equal evidence is where the choice
 * of who moves is subtle), and sometimes from any double, infinity, -0 or no capaian at all.
 */
const capaian = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 85, max: 95 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const evidence = fc.record({
  resultRating: rating,
  behaviourRating: rating,
  suggestedResultRating: rating,
  suggestedBehaviourRating: rating,
  capaian,
});
type Evidence = typeof evidence extends fc.Arbitrary<infer T> ? T : never;
const member = fc.record({ grade: fc.constantFrom(...GRADES), evidence });
type Member = { grade: (typeof GRADES)[number]; evidence: Evidence };

/**
 * A pool of `min`–`max` members: each with its own evidence, or (half of the pools) all drawn
 * from one to four evidence profiles, so that many members of a grade have equal evidence.
 */
const pool = (min: number, max: number): fc.Arbitrary<Member[]> =>
  fc.oneof(
    fc.array(member, { minLength: min, maxLength: max }),
    fc
      .record({
        profiles: fc.array(evidence, { minLength: 1, maxLength: 4 }),
        picks: fc.array(fc.record({ grade: fc.constantFrom(...GRADES), profile: fc.nat() }), {
          minLength: min,
          maxLength: max,
        }),
      })
      .map(({ profiles, picks }) =>
        picks.map(({ grade, profile }) => ({
          grade,
          evidence: profiles[profile % profiles.length] as Member["evidence"],
        })),
      ),
  );

/** Results of the members; an undefined rating or capaian is left out. */
function resultsOf(members: Member[]): EvaluationResult[] {
  return members.map(({ grade, evidence }, i) => ({
    employeeId: `e${i}`,
    grade,
    score: null,
    ratings: Object.fromEntries(
      Object.entries(evidence).filter(([, value]) => value !== undefined),
    ) as EvaluationResult["ratings"],
    explanation: [],
    consequences: [],
    warnings: [],
  }));
}

const config = fc.record({
  minPoolSize: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
  severity: fc.constantFrom("WARNING", "ERROR"),
  rounding: fc.record({
    atMost: fc.constantFrom("FLOOR", "ROUND", "CEIL"),
    atLeast: fc.constantFrom("FLOOR", "ROUND", "CEIL"),
  }),
});

/** The package's distribution in the reference's shape: messages left out, each change's tie count read back from its reason. */
function comparable(d: Distribution): ReferenceDistribution {
  return {
    counts: d.counts,
    violations: d.violations.map(({ message: _, ...v }) => ({ ...v, grade: v.grade as string | string[] })),
    ...(d.proposal
      ? {
          proposal: {
            changes: d.proposal.changes.map((c) => ({
              employeeId: c.employeeId,
              from: c.from,
              to: c.to,
              tied: Number(/Evidence equal to (\d+) other/.exec(c.reason.en)?.[1] ?? 0),
            })),
            satisfiesBounds: d.proposal.satisfiesBounds,
          },
        }
      : {}),
  };
}

describe("permenpanrb-6-2022: the compact distribution equals the straightforward one", () => {
  test("property: same counts, violations, changes (in order, with their ties) and satisfiesBounds on random pools", () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 3, arbitrary: pool(0, 40) }, { weight: 1, arbitrary: pool(100, 400) }),
        fc.constantFrom(...PREDIKAT),
        config,
        (members, predikat, distribution) => {
          const results = resultsOf(members);
          const lp = loadRulePackage(permenpanrb6of2022, { distribution });
          const got = permenpanrb6of2022.distribute?.(results, { id: "unit", predikat }, lp.config);
          expect(got).toBeDefined();
          expect(comparable(got as Distribution)).toEqual(referenceDistribute(results, predikat, lp.config));
          if (got?.proposal) expect(got.proposal.order.en).toContain("fewest grade steps");
        },
      ),
      { numRuns: runs(1000) },
    );
  });

  test("equal evidence demoted across several boundaries: among those already moved, the worse former grade moves on first", () => {
    // SANGAT_KURANG unit of ten with equal evidence: 6 must reach SANGAT_KURANG, 1 must be
    // BUTUH_PERBAIKAN or KURANG_MISCONDUCT, none SANGAT_BAIK. The last cut falls among members
    // already moved down from two grades: the former BAIK move on before the former SANGAT_BAIK.
    const same: Member["evidence"] = {
      resultRating: "SESUAI_EKSPEKTASI",
      behaviourRating: "SESUAI_EKSPEKTASI",
      suggestedResultRating: null,
      suggestedBehaviourRating: null,
      capaian: 90,
    };
    const results = resultsOf([
      ...Array.from({ length: 3 }, () => ({ grade: "SANGAT_BAIK" as const, evidence: same })),
      ...Array.from({ length: 7 }, () => ({ grade: "BAIK" as const, evidence: same })),
    ]);
    const lp = loadRulePackage(permenpanrb6of2022, {});
    const got = comparable(
      permenpanrb6of2022.distribute?.(
        results,
        { id: "unit", predikat: "SANGAT_KURANG" },
        lp.config,
      ) as Distribution,
    );
    expect(got).toEqual(referenceDistribute(results, "SANGAT_KURANG", lp.config));
    expect(got.proposal?.changes.filter((c) => c.to === "BUTUH_PERBAIKAN").map((c) => c.from)).toEqual([
      "SANGAT_BAIK",
    ]);
  });

  test("property: below minPoolSize the violations are the same and only warnings, and there is no proposal", () => {
    fc.assert(
      fc.property(pool(1, 9), fc.constantFrom(...PREDIKAT), (members, predikat) => {
        const results = resultsOf(members);
        const lp = loadRulePackage(permenpanrb6of2022, { distribution: { severity: "ERROR" } });
        const got = permenpanrb6of2022.distribute?.(
          results,
          { id: "unit", predikat },
          lp.config,
        ) as Distribution;
        const before = referenceDistribute(results, predikat, lp.config, true);
        expect(got.proposal).toBeUndefined();
        expect(comparable(got).violations).toEqual(before.violations);
        expect(got.violations.every((v) => v.severity === "WARNING")).toBe(true);
      }),
      { numRuns: runs(500) },
    );
  });
});

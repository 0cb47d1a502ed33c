import { expect, test } from "vitest";
import { main as embedCore } from "./embed-core";
import { main as organisationDistribution } from "./organisation-distribution";
import { main as streamBatch } from "./stream-batch";

const quiet = () => {};

test("embed-core: BAIK, angka kredit 2/12 × 12.5 (3 decimals), an approved plan, no self-approval", () => {
  const { result, planState, mayApproveOwn } = embedCore(quiet);
  expect(result.grade).toBe("BAIK");
  expect(result.consequences.find((c) => c.kind === "ANGKA_KREDIT")?.value).toBe(
    Math.round((2 / 12) * 12.5 * 1000) / 1000,
  );
  expect(result.explanation.at(-3)?.rule).toBe("permenpanrb-6-2022/matrix");
  expect(planState).toBe("APPROVED");
  expect(mayApproveOwn).toBe(false);
});

test("organisation-distribution: an all-BAIK unit violates both SE 3/2023 bounds; the proposal meets them", () => {
  const distribution = organisationDistribution(quiet);
  expect(distribution.counts.BAIK).toBe(10);
  expect(distribution.violations).toHaveLength(2);
  expect(distribution.proposal?.satisfiesBounds).toBe(true);
  expect(distribution.proposal?.changes).toHaveLength(3);
});

test("stream-batch: every case is evaluated and graded on the PP 46/2011 scale", async () => {
  const counts = await streamBatch(500, quiet);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(500);
  for (const grade of Object.keys(counts))
    expect(["SANGAT_BAIK", "BAIK", "CUKUP", "KURANG", "BURUK"]).toContain(grade);
  expect(Object.keys(counts).length).toBeGreaterThan(1);
});

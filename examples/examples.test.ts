import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { main as embedCore } from "./embed-core";
import { toMarkdown, main as walkthrough } from "./http-walkthrough";
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

test("http-walkthrough: the full cycle over HTTP with the typed client ends CLOSED", async () => {
  const result = await walkthrough(quiet);
  const { requests, finalState, explainedGrade } = result;
  const status = (method: string, pattern: RegExp, actor?: string) =>
    requests
      .filter(
        (r) => r.method === method && pattern.test(r.path) && (actor === undefined || r.actor === actor),
      )
      .map((r) => r.status);
  // An incomplete draft is saved (201) and refused at submission (422).
  expect(status("POST", /^\/v1\/work-plans\/[^/]+\/submit$/, "staff1")).toEqual([422, 200, 200]);
  expect(status("POST", /request-revision$/)).toEqual([200]);
  // The aggregate is held back while the round is open, released once the supervisor closes it.
  expect(status("GET", /\/feedback\/PEER$/)).toEqual([409, 200]);
  // Nobody acts on their own record with a higher role.
  expect(status("POST", /\/feedback\/PEER\/close$/)).toEqual([403, 200]);
  expect(status("POST", /\/calibration\/changes$/)).toEqual([403, 201]);
  expect(status("POST", /^\/v1\/public\/feedback\//, "citizen")).toEqual([201]);
  expect(status("DELETE", /\/assessments\//)).toEqual([204]);
  expect(status("POST", /\/amendments$/)).toEqual([200]);
  expect(requests.filter((r) => r.status >= 500)).toEqual([]);
  expect(finalState).toBe("CLOSED");
  expect(explainedGrade).toBe("BAIK");
  // docs/walkthrough.md shows exactly these requests and bodies (the year is the current one).
  const year = String(new Date().getUTCFullYear());
  const page = await readFile(new URL("../docs/walkthrough.md", import.meta.url), "utf8");
  const sameYear = (text: string) => text.replace(/\b20\d\d\b(?!\d)/g, (y) => (y === year ? "YYYY" : y));
  expect(
    sameYear(toMarkdown(result)) === sameYear(page),
    "docs/walkthrough.md is stale: npx tsx examples/http-walkthrough.ts --markdown > docs/walkthrough.md",
  ).toBe(true);
}, 180_000);

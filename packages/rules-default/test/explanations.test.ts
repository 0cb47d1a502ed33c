import { readFileSync } from "node:fs";
import { evaluate } from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { DEFAULT_RULE_PACKAGES } from "../src/index";

interface Recorded {
  id: string;
  input: unknown;
  options: Record<string, unknown>;
  explanation: unknown[];
  warnings: unknown[];
}

// Recorded with the prose still written inline (record.ts): the catalogues must render the same text.
const recorded = JSON.parse(
  readFileSync(new URL("./explanations/full.json", import.meta.url), "utf8"),
) as Recorded[];

describe.each(DEFAULT_RULE_PACKAGES.map((p) => [p.id, p] as const))("%s explanations", (id, pkg) => {
  const cases = recorded.filter((r) => r.id === id);

  test("explain full renders the recorded titles and texts", () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const [i, r] of cases.entries()) {
      const result = evaluate(r.input, pkg, { ...r.options, explain: "full" });
      const steps = result.explanation.map(({ messageId: _m, params: _p, ...step }) => step);
      expect(steps, `${id}, recorded case ${i}`).toEqual(r.explanation);
      expect(result.warnings, `${id}, recorded case ${i}`).toEqual(r.warnings);
    }
  });
});

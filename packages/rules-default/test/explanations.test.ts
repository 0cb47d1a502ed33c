import { readFileSync } from "node:fs";
import { EvaluationCaseSchema, evaluate, loadRulePackage, renderStep } from "@kinerja/core";
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

  test("the package writes no prose: every step is a message key with params, rendered only for full", () => {
    for (const [i, r] of cases.entries()) {
      const steps = evaluate(r.input, pkg, { ...r.options, explain: "steps" }).explanation;
      for (const step of steps) {
        expect(step.messageId, `${id}, case ${i}, ${step.rule}`).toBeTypeOf("string");
        expect(step.params, `${id}, case ${i}, ${step.rule}`).toBeTypeOf("object");
        expect(step.title ?? step.text, `${id}, case ${i}, ${step.rule}`).toBeUndefined();
      }
      expect(evaluate(r.input, pkg, { ...r.options, explain: "none" }).explanation).toEqual([]);
    }
    // What the package itself returns, before the engine, carries no title or text either.
    const plain = cases.find((r) => Object.keys(r.options).length === 0);
    if (plain) {
      const loaded = loadRulePackage(pkg);
      const c = (pkg.caseSchema ?? EvaluationCaseSchema).parse(plain.input);
      const outcome = pkg.evaluate(c, loaded.config, {});
      expect(outcome.explanation.length).toBeGreaterThan(0);
      for (const step of outcome.explanation) expect(step.title ?? step.text).toBeUndefined();
    }
  });

  test("steps rendered later with the package's catalogue are the full explanation (less a catalogued step's inputs)", () => {
    for (const [i, r] of cases.entries()) {
      const steps = evaluate(r.input, pkg, { ...r.options, explain: "steps" }).explanation;
      const full = evaluate(r.input, pkg, { ...r.options, explain: "full" }).explanation;
      // `steps` keeps a catalogued step's params, not its inputs: the text comes from the params.
      const expected = full.map(({ inputs, ...step }) =>
        step.messageId === undefined ? { ...step, inputs } : step,
      );
      expect(
        steps.map((step) => renderStep(step, pkg.messages)),
        `${id}, case ${i}`,
      ).toEqual(expected);
    }
  });
});

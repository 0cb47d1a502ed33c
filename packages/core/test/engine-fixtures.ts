import { z } from "zod";
import { planCapaian } from "../src/capaian";
import { EvaluationCaseSchema } from "../src/evaluation";
import { explainer } from "../src/explanation";
import { defineRulePackage } from "../src/rule-package";

/** A small package for engine tests: grade by plan capaian, a config threshold, an extra case field. */
export const toy = defineRulePackage({
  id: "toy",
  version: "1.2.0",
  title: { id: "Paket contoh", en: "Toy package" },
  legalBasis: ["Test fixture"],
  configSchema: z.object({ goodFrom: z.number().min(0).default(90) }),
  caseSchema: EvaluationCaseSchema.extend({ bonus: z.number().min(0).max(10).default(0) }),
  inputs: [
    {
      name: "realization",
      kind: "INDICATOR_REALIZATION",
      description: { id: "Realisasi", en: "Realisation" },
      monotone: true,
    },
  ],
  grades: [
    { code: "GOOD", label: { id: "Baik", en: "Good" } },
    { code: "POOR", label: { id: "Kurang", en: "Poor" } },
  ],
  evaluate(c, config) {
    const ex = explainer("toy");
    const capaian = ex.step({
      rule: "capaian",
      legalBasis: "Test fixture",
      title: { id: "Capaian", en: "Capaian" },
      inputs: {},
      output: planCapaian(c.workPlan, c.realizations).capaian + c.bonus,
      text: { id: "capaian", en: "capaian" },
    });
    return {
      grade: capaian >= config.goodFrom ? "GOOD" : "POOR",
      score: capaian,
      ratings: { capaian },
      explanation: ex.steps,
    };
  },
  consequences: (result, _c, _config, context) =>
    result.grade === "GOOD"
      ? [{ kind: "RECOGNITION", legalBasis: "Test fixture", period: context.period?.start ?? null }]
      : [],
  distribute: (results, organisation) => ({
    counts: {
      GOOD: results.filter((r) => r.grade === "GOOD").length,
      POOR: results.filter((r) => r.grade === "POOR").length,
    },
    violations: [],
    proposal: {
      changes: [],
      satisfiesBounds: true,
      order: { id: organisation.predikat, en: organisation.predikat },
    },
  }),
});

/** A valid case for {@link toy}. */
export const toyCase = (id = "199001012015031001", realization = 12) => ({
  employee: { id, positionKind: "JF", name: "Siti" },
  workPlan: {
    results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization }] }],
  },
  assessments: [{ source: "SUPERVISOR", resultRating: "SESUAI_EKSPEKTASI" }],
});

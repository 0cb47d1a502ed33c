// @ts-check
/**
 * `@kab-contoh/kinerja-rules`: an example regional rule package, published on its own and loaded
 * by the service with `--rules-module @kab-contoh/kinerja-rules` (or a path to this folder).
 * Plain ESM JavaScript, so the command loads it without a build step; a published package
 * would usually ship TypeScript compiled to JavaScript the same way.
 */
import { defineRulePackage, EvaluationCaseSchema, explainer, planCapaian } from "@kinerja/core";
import { z } from "zod";

/** Configuration: the capaian (%) from which the grade is BAIK (default 90). */
export const ConfigSchema = z.object({
  goodFrom: z.number().min(0).default(90),
});

/** Skema Kabupaten Contoh: BAIK from `goodFrom` % capaian of the work plan, KURANG below. */
export const kabContoh2026 = defineRulePackage({
  id: "kab-contoh-2026",
  version: "1.0.0",
  title: { id: "Skema Kabupaten Contoh", en: "Example regency scheme" },
  legalBasis: ["Perbup Contoh No. 1 Tahun 2026"],
  configSchema: ConfigSchema,
  caseSchema: EvaluationCaseSchema,
  inputs: [
    {
      name: "realization",
      kind: "INDICATOR_REALIZATION",
      monotone: true,
      description: { id: "Realisasi indikator", en: "Indicator realisation" },
    },
  ],
  grades: [
    { code: "BAIK", label: { id: "Baik", en: "Good" } },
    { code: "KURANG", label: { id: "Kurang", en: "Poor" } },
  ],
  evaluate(c, config) {
    const ex = explainer("kab-contoh-2026");
    const capaian = ex.step({
      rule: "capaian",
      legalBasis: "Perbup Contoh No. 1 Tahun 2026 Pasal 5",
      title: { id: "Capaian SKP", en: "Plan achievement" },
      inputs: {},
      output: planCapaian(c.workPlan, c.realizations).capaian,
      text: { id: "Rata-rata capaian hasil kerja utama", en: "Mean achievement of the main results" },
    });
    return {
      grade: capaian >= config.goodFrom ? "BAIK" : "KURANG",
      score: capaian,
      ratings: { capaian },
      explanation: ex.steps,
    };
  },
});

export default kabContoh2026;

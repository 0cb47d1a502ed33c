import type { EvaluationCase, RulePackage } from "@kinerja/core";
import type { z } from "zod";

/** Configuration: the capaian (%) from which the grade is BAIK (default 90). */
export declare const ConfigSchema: z.ZodObject<{ goodFrom: z.ZodDefault<z.ZodNumber> }>;
/** Skema Kabupaten Contoh: BAIK from `goodFrom` % capaian of the work plan, KURANG below. */
export declare const kabContoh2026: RulePackage<typeof ConfigSchema, EvaluationCase>;
export default kabContoh2026;

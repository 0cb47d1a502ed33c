import fc from "fast-check";
import { THOROUGH } from "./vitest.runs";

// KINERJA_THOROUGH=1 runs every property 10 000 times instead of 1 000, and the expensive ones
// (fairness kit, HTTP fuzzing) their full count instead of a fifth (vitest.runs.ts).
fc.configureGlobal({
  numRuns: THOROUGH ? 10_000 : 1_000,
  ...(process.env.KINERJA_SEED ? { seed: Number(process.env.KINERJA_SEED) } : {}),
});

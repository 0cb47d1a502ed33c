import fc from "fast-check";

// KINERJA_THOROUGH=1 runs every property (and the fairness kit) 10 000 times instead of 1 000.
const thorough = process.env.KINERJA_THOROUGH === "1" || process.env.KINERJA_THOROUGH === "true";
fc.configureGlobal({
  numRuns: thorough ? 10_000 : 1_000,
  ...(process.env.KINERJA_SEED ? { seed: Number(process.env.KINERJA_SEED) } : {}),
});

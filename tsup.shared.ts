import type { Options } from "tsup";

/**
 * Shared tsup options: ESM JavaScript, one entry list per package. Declarations come from
 * `tsc --build` and rollup-plugin-dts (scripts/build.mjs), which is much faster than tsup's dts.
 */
export const packageBuild = (entry: Record<string, string>): Options => ({
  entry,
  format: ["esm"],
  dts: false,
  tsconfig: "tsconfig.json",
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: true,
});

import type { Options } from "tsup";

/** Shared tsup options: ESM + declarations, one entry list per package. */
export const packageBuild = (entry: Record<string, string>): Options => ({
  entry,
  format: ["esm"],
  dts: { compilerOptions: { paths: {} } },
  tsconfig: "tsconfig.json",
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: true,
});

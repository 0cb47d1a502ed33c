import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig(
  packageBuild({
    index: "src/index.ts",
    cli: "src/cli.ts",
    "evaluate-worker": "src/evaluate-worker.ts",
    "ndjson-worker": "src/ndjson-worker.ts",
  }),
);

import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// dist/testing.js, the `./testing` entry, is written by scripts/build.mjs: it checks that the
// optional peer fast-check is installed, then loads testing-kit.js.

export default defineConfig(packageBuild({ index: "src/index.ts", "testing-kit": "src/testing/index.ts" }));

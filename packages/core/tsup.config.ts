import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

// dist/testing.js, the `./testing` entry, is written by scripts/build.mjs: it checks that the
// optional peer fast-check is installed, then loads testing-kit.js.

// date-fns is bundled: only the dozen functions and two locales the core uses. Loaded from
// node_modules, `date-fns` and `date-fns/locale` are over 800 ES modules, about a third of the
// service's start-up (docs/benchmarks.md "Where the time goes").
export default defineConfig({
  ...packageBuild({ index: "src/index.ts", "testing-kit": "src/testing/index.ts" }),
  noExternal: ["date-fns"],
});

import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.shared";

export default defineConfig([
  {
    ...packageBuild({
      index: "src/index.ts",
      cli: "src/cli.ts",
      "evaluate-worker": "src/evaluate-worker.ts",
      // Run by scripts/build.mjs: the migrated and the seeded demo databases in dist/prepared.
      "prepare-copies": "src/prepare-copies.ts",
    }),
    // The two builds run at once: this one's cleaning must not remove the other's output.
    clean: ["!ndjson-worker.js", "!ndjson-worker.js.map"],
    // Kysely (and its PGlite dialect, so that there is one copy of it) is bundled: from
    // node_modules it is over 260 ES modules, about a tenth of `kinerja serve`'s start
    // (docs/benchmarks.md "Where the time goes"). It stays a dependency for `Database.db`'s types.
    noExternal: ["kysely", "kysely-pglite-dialect"],
  },
  {
    // The worker of `evaluate --ndjson --workers N` as one file with the rule packages and their
    // dependencies (from source, through tsconfig's paths): it loads in a fraction of the time of
    // the ~1,000 modules it would import, and each thread loads it. piscina stays shared.
    ...packageBuild({ "ndjson-worker": "src/ndjson-worker.ts" }),
    clean: false,
    splitting: false,
    noExternal: [/^(?!piscina$)/],
  },
]);

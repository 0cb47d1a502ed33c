import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests import sibling packages by name; resolve them to source so `npm test` needs no build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@kinerja\/core\/testing$/, replacement: src("core/src/testing/index.ts") },
      { find: /^@kinerja\/core$/, replacement: src("core/src/index.ts") },
      { find: /^@kinerja\/rules-default$/, replacement: src("rules-default/src/index.ts") },
      { find: /^@kinerja\/server$/, replacement: src("server/src/index.ts") },
      { find: /^@kinerja\/client$/, replacement: src("client/src/index.ts") },
    ],
  },
  test: {
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
    // Every core runs test files (vitest's default leaves one core idle: one worker on two cores).
    maxWorkers: Math.max(availableParallelism(), 2),
    // A property runs its 1 000 cases in one test: on a busy two-core machine that can take more
    // than vitest's default 5 s. Not a speed target (those live in bench/), only a hang guard.
    testTimeout: 60_000,
    // The slow suites are projects of their own, so that `--project` picks them out and they
    // run beside the fast ones: the fairness kit against each rule package and the HTTP fuzzing.
    projects: [
      { extends: true, test: { name: "core", root: "packages/core", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "rules-default",
          root: "packages/rules-default",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/**/*.prop.test.ts", "test/**/*.fairness.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "fairness",
          root: "packages/rules-default",
          include: ["test/**/*.prop.test.ts", "test/**/*.fairness.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "server",
          root: "packages/server",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/fuzz.prop.test.ts"],
          globalSetup: ["test/helpers/pglite-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "server-fuzz",
          root: "packages/server",
          include: ["test/fuzz.prop.test.ts"],
          globalSetup: ["test/helpers/pglite-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "client",
          root: "packages/client",
          include: ["test/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
      { extends: true, test: { name: "web", root: "packages/web", include: ["test/**/*.test.ts"] } },
      { extends: true, test: { name: "examples", root: "examples", include: ["**/*.test.ts"] } },
    ],
  },
});

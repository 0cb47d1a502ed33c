import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests import sibling packages by name; resolve them to source so `npm test` needs no build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@kinerja\/core\/testing$/, replacement: src("core/src/testing/index.ts") },
      { find: /^@kinerja\/core$/, replacement: src("core/src/index.ts") },
      { find: /^@kinerja\/rules-default$/, replacement: src("rules-default/src/index.ts") },
      { find: /^@kinerja\/server$/, replacement: src("server/src/index.ts") },
    ],
  },
  test: {
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
    projects: [
      { extends: true, test: { name: "core", root: "packages/core", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "rules-default", root: "packages/rules-default", include: ["test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "server",
          root: "packages/server",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { extends: true, test: { name: "examples", root: "examples", include: ["**/*.test.ts"] } },
    ],
  },
});

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/**
 * The order in which the projects' files are handed to the workers. A project's files stay
 * together, so that a worker goes on with the next file of the same project without loading the
 * modules again (`isolate: false`); the projects with the longest files start first (server-fuzz
 * is one long file, so one core runs it while the other starts the server's files) and the one with
 * many short files comes last, so that both cores finish at about the same time.
 */
const PROJECT_ORDER = [
  "server-fuzz",
  "server",
  "fairness",
  "rules-default",
  "examples",
  "client",
  "web",
  "core",
];

/**
 * The files that took longest in the CI runs (about 15–60 s each on two cores), longest first.
 * vitest starts the files it has timed longest first, but a fresh clone has no timings yet and
 * vitest then starts the largest files first: a short file with a long test would start last and
 * finish alone while the other core waits.
 */
const SLOW_FILES = [
  "packages/server/test/model.prop.test.ts",
  "packages/server/test/cli.test.ts",
  "packages/server/test/serve-start.test.ts",
  "packages/core/test/testing/fairness-kit.test.ts",
  "packages/server/test/fuzz.prop.test.ts",
  "packages/server/test/storage/audit-chain.test.ts",
  "packages/rules-default/test/tpp-regional.prop.test.ts",
  "packages/server/test/storage/storage.test.ts",
  "packages/rules-default/test/weighted-360.prop.test.ts",
  "packages/server/test/ndjson-workers.test.ts",
  "packages/server/test/webhooks.test.ts",
  "packages/rules-default/test/permenpanrb-6-2022.fairness.test.ts",
];

const rank = (list: string[], item: string) => {
  const index = list.indexOf(item);
  return index === -1 ? list.length : index;
};

/** Runs the projects in {@link PROJECT_ORDER} and, in each, the longest files first. */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const relative = (spec: TestSpecification) => spec.moduleId.slice(root.length + 1);
    const key = (spec: TestSpecification) => `${spec.project.name}:${relative(spec)}`;
    const duration = (spec: TestSpecification) => this.ctx.cache.getFileTestResults(key(spec))?.duration;
    const size = (spec: TestSpecification) => this.ctx.cache.getFileStats(key(spec))?.size ?? 0;
    return [...files].sort((a, b) => {
      const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (group !== 0) return group;
      const project = rank(PROJECT_ORDER, a.project.name) - rank(PROJECT_ORDER, b.project.name);
      if (project !== 0) return project;
      if (a.project.name !== b.project.name) return a.project.name < b.project.name ? -1 : 1;
      const [da, db] = [duration(a), duration(b)];
      if (da !== undefined && db !== undefined) return db - da;
      const slow = rank(SLOW_FILES, relative(a)) - rank(SLOW_FILES, relative(b));
      if (slow !== 0) return slow;
      return size(b) - size(a);
    });
  }
}

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
    // A worker runs one file after another of the same project without loading the modules again
    // (PGlite's WebAssembly, Fastify, zod schemas): loading them for every file was a third of the
    // run. Tests do not rely on a fresh module state: every file opens its own databases and apps,
    // and vitest still restores mocks and its config between files.
    isolate: false,
    // The longest files first (SlowFirstSequencer above), so that no long file starts last.
    sequence: { sequencer: SlowFirstSequencer },
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

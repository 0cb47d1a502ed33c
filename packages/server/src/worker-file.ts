/**
 * Where a worker thread's module is and how to start it, for the service's evaluation pool and
 * the `--ndjson --workers` threads: from source (tests) the worker is TypeScript, run through tsx
 * with the package's tsconfig paths to its sibling packages' sources; built, it is JavaScript
 * next to this file.
 *
 * @internal
 */
import { fileURLToPath } from "node:url";

/** The worker module `name` (without extension) and, from source, how to run it. */
export function workerFile(name: string): {
  filename: string;
  source?: { execArgv: string[]; env: NodeJS.ProcessEnv };
} {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    return {
      filename: new URL(`./${name}.ts`, here).href,
      source: {
        execArgv: ["--import", "tsx"],
        env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL("../tsconfig.json", here)) },
      },
    };
  }
  return { filename: new URL(`./${name}.js`, here).href };
}

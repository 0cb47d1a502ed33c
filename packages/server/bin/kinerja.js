#!/usr/bin/env node
// The `kinerja` command. npm links a package's `bin` only when the file exists at install time,
// so this small launcher is committed and loads the built command from ../dist/cli.js. In a clone
// of the repository before `npm run build`, it runs the TypeScript source through tsx instead;
// anywhere else without dist/ it says how to build.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/cli.js", import.meta.url);
const source = new URL("../src/cli.ts", import.meta.url);
const rootTsconfig = new URL("../../../tsconfig.json", import.meta.url);

if (existsSync(built)) {
  await import(built.href);
} else if (existsSync(source) && existsSync(rootTsconfig)) {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    fail("tsx is not installed (run `npm install` at the repository root)");
  }
  register({ tsconfig: fileURLToPath(rootTsconfig) });
  await import(source.href);
} else {
  fail(`${fileURLToPath(built)} is missing`);
}

function fail(why) {
  process.stderr.write(
    `kinerja: the command is not built: ${why}.\n` +
      "Build it at the repository root with `npm run build` (or `npm run build -w @kinerja/server`), then run it again.\n",
  );
  process.exit(1);
}

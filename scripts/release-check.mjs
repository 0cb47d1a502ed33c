// Checks the packages as npm would publish them: packs each one, lints the tarball's package.json
// with publint and its types with @arethetypeswrong/cli, installs the three tarballs into a new
// project, imports every entry under ESM and CJS, checks that no installed dependency excludes
// Node.js 20.19 by its `engines`, that @kinerja/core/testing says what to do without fast-check,
// and runs `kinerja --help`. Run after `npm run build`; exits non-zero naming the first failure.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const semver = require("semver");
const keep = process.argv.includes("--keep");
/** The oldest Node.js line the packages support (`require` of ESM needs 20.19). */
const OLDEST_NODE = "20.19.0";

/** Each package, its entries and a named export each entry must have. */
const PACKAGES = [
  {
    name: "@kinerja/core",
    dir: "packages/core",
    entries: { "@kinerja/core": "evaluate", "@kinerja/core/testing": "checkRulePackage" },
  },
  {
    name: "@kinerja/rules-default",
    dir: "packages/rules-default",
    entries: { "@kinerja/rules-default": "createDefaultRegistry" },
  },
  { name: "@kinerja/server", dir: "packages/server", entries: { "@kinerja/server": "buildApp" } },
  { name: "@kinerja/client", dir: "packages/client", entries: { "@kinerja/client": "createKinerjaClient" } },
];

const step = (text) => console.log(`\n==> release:check: ${text}`);
const run = (command, args, options = {}) =>
  execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
const bin = (name) => join(root, "node_modules", ".bin", name);

const work = mkdtempSync(join(tmpdir(), "kinerja-release-"));
try {
  step("build");
  run(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });

  step("npm pack");
  const tarballs = {};
  for (const pkg of PACKAGES) {
    const [packed] = JSON.parse(
      run("npm", ["pack", "--json", "--pack-destination", work], { cwd: join(root, pkg.dir) }),
    );
    const files = packed.files.map((f) => f.path);
    for (const needed of ["README.md", "LICENSE", "package.json", "dist/index.js", "dist/index.d.ts"])
      assert.ok(files.includes(needed), `${pkg.name}: the tarball lacks ${needed}`);
    assert.ok(
      !files.some((f) => f.startsWith("src/") || f.startsWith("test/")),
      `${pkg.name}: the tarball ships src/ or test/`,
    );
    const manifest = JSON.parse(readFileSync(join(root, pkg.dir, "package.json"), "utf8"));
    assert.ok(manifest.repository?.url, `${pkg.name}: package.json has no repository`);
    // `require("@kinerja/…")` loads ESM, which Node.js does from 20.19: the engines say so.
    assert.equal(
      semver.minVersion(manifest.engines?.node ?? "*")?.version,
      OLDEST_NODE,
      `${pkg.name}: engines.node must start at ${OLDEST_NODE} (require of ESM), not ${manifest.engines?.node}`,
    );
    tarballs[pkg.name] = join(work, packed.filename);
    console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB`);
  }

  step("publint");
  for (const pkg of PACKAGES) console.log(run(bin("publint"), ["--strict", tarballs[pkg.name]]).trim());

  step("@arethetypeswrong/cli");
  // node16 profile: resolvers without `exports` (TypeScript's node10) are not supported. The
  // packages are ESM; CommonJS consumers load them with require(esm), so "CJS resolves to ESM" is
  // the intended shape, not an error.
  for (const pkg of PACKAGES) {
    console.log(
      run(bin("attw"), [
        tarballs[pkg.name],
        "--profile",
        "node16",
        "--ignore-rules",
        "cjs-resolves-to-esm",
        "--no-color",
      ]).trim(),
    );
  }

  step("install the tarballs into a new project (without fast-check)");
  const project = join(work, "project");
  execFileSync("mkdir", ["-p", project]);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "release-check", private: true }, null, 2),
  );
  run("npm", ["install", "--no-audit", "--no-fund", ...PACKAGES.map((p) => tarballs[p.name])], {
    cwd: project,
  });

  step(`engines of every installed dependency admit Node.js ${OLDEST_NODE}`);
  const tooNew = [];
  const walk = (dir) => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      if (name.startsWith(".")) continue;
      if (name.startsWith("@")) {
        walk(join(dir, name));
        continue;
      }
      const manifestPath = join(dir, name, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      const range = manifest.engines?.node;
      if (range && !semver.satisfies(OLDEST_NODE, range))
        tooNew.push(`${manifest.name}@${manifest.version} (node ${range})`);
      walk(join(dir, name, "node_modules"));
    }
  };
  walk(join(project, "node_modules"));
  assert.deepEqual(tooNew, [], `dependencies that exclude Node.js ${OLDEST_NODE}: ${tooNew.join(", ")}`);
  console.log("ok");

  step("@kinerja/core/testing without fast-check says what to do");
  const missing = (() => {
    try {
      run(process.execPath, ["--input-type=module", "-e", 'await import("@kinerja/core/testing")'], {
        cwd: project,
      });
      return "";
    } catch (error) {
      return String(error.stderr);
    }
  })();
  assert.match(missing, /npm install --save-dev fast-check/, `unexpected error:\n${missing}`);
  console.log(missing.split("\n").find((l) => l.startsWith("Error:")));

  step("import each entry under ESM and CJS");
  run("npm", ["install", "--no-audit", "--no-fund", "--save-dev", "fast-check"], { cwd: project });
  for (const pkg of PACKAGES) {
    for (const [entry, name] of Object.entries(pkg.entries)) {
      const esm = `const m = await import(${JSON.stringify(entry)}); if (typeof m.${name} !== "function") throw new Error("no ${name}");`;
      const cjs = `const m = require(${JSON.stringify(entry)}); if (typeof m.${name} !== "function") throw new Error("no ${name}");`;
      run(process.execPath, ["--input-type=module", "-e", esm], { cwd: project });
      run(process.execPath, ["--input-type=commonjs", "-e", cjs], { cwd: project });
      console.log(`${entry}: import and require both give ${name}`);
    }
  }

  step("npx kinerja --help");
  const help = run("npx", ["--no-install", "kinerja", "--help"], { cwd: project });
  assert.match(help, /Usage: kinerja <command>/);
  console.log(help.split("\n")[0]);

  console.log("\nrelease:check passed");
} finally {
  if (keep) console.log(`(kept ${work})`);
  else rmSync(work, { recursive: true, force: true });
}

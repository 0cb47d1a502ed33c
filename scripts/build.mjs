// Builds the packages whose sources changed since their last build (`--force`: all of them).
// JavaScript with tsup (esbuild, well under a second per package); type declarations with
// `tsc --build` over the packages' project references (incremental: only what changed is checked
// again), then bundled into one file per entry with rollup-plugin-dts. A package is up to date when
// the hash of its inputs matches the one recorded after its last build and its dist/ is there.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const force = process.argv.includes("--force");
const stamps = join(root, "node_modules", ".cache", "kinerja-build");

/** The packages in dependency order, with their declaration entries (name → file under .types/). */
const PACKAGES = [
  {
    name: "@kinerja/core",
    dir: "packages/core",
    dts: { index: "index.d.ts", testing: "testing/index.d.ts" },
    // `./testing` needs the optional peer fast-check: its entry checks for it before loading the kit.
    guarded: { entry: "testing", kit: "testing-kit", needs: "fast-check" },
  },
  { name: "@kinerja/rules-default", dir: "packages/rules-default", dts: { index: "index.d.ts" } },
  {
    name: "@kinerja/server",
    dir: "packages/server",
    dts: { index: "index.d.ts" },
    // Its `--ndjson --workers` worker bundles the built core and default rules (one file loads in a
    // fraction of the time of ~1,000 modules): it is built again when their sources change.
    bundles: ["@kinerja/core", "@kinerja/rules-default"],
    // Then the built code migrates an in-memory database and seeds the demo through its API, and
    // leaves both in dist/prepared: `serve` and `serve --demo` start from them (no initdb, no
    // seeding) on a fresh install.
    prepared: { script: "dist/prepare-copies.js", dir: "dist/prepared" },
  },
  { name: "@kinerja/client", dir: "packages/client", dts: { index: "index.d.ts" } },
];

/** Files outside a package that change every package's build. */
const SHARED = ["tsup.shared.ts", "tsconfig.base.json", "scripts/build.mjs"];

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

async function inputHash(pkg) {
  const dir = join(root, pkg.dir);
  const inputs = [
    ...(await files(join(dir, "src"))),
    ...["package.json", "tsconfig.json", "tsconfig.build.json", "tsup.config.ts"].map((f) => join(dir, f)),
    ...SHARED.map((f) => join(root, f)),
  ].sort();
  const hash = createHash("sha256");
  for (const file of inputs) {
    hash.update(relative(root, file));
    hash.update(existsSync(file) ? await readFile(file) : "(missing)");
  }
  return hash.digest("hex");
}

const stampOf = (pkg) => join(stamps, `${pkg.name.replace("/", "+")}.sha256`);

async function upToDate(pkg, hash) {
  if (force) return false;
  const dist = join(root, pkg.dir, "dist");
  if (
    !Object.keys(pkg.dts).every(
      (entry) => existsSync(join(dist, `${entry}.js`)) && existsSync(join(dist, `${entry}.d.ts`)),
    )
  )
    return false;
  if (pkg.prepared && !existsSync(join(root, pkg.dir, pkg.prepared.dir))) return false;
  const recorded = await readFile(stampOf(pkg), "utf8").catch(() => "");
  return recorded === hash;
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} ${args.join(" ")} (in ${relative(root, cwd) || "."}) failed:\n${output}`),
          ),
    );
  });
}

/**
 * Writes dist/<entry>.js: it names the missing optional peer and how to install it, instead of
 * Node's bare ERR_MODULE_NOT_FOUND, then loads the kit with require() (ESM, Node.js >= 20.19) and
 * re-exports its names. A static import would fail at link time, before any check could run.
 */
async function writeGuardedEntry(pkg) {
  const { entry, kit, needs } = pkg.guarded;
  const dist = join(root, pkg.dir, "dist");
  const built = await readFile(join(dist, `${kit}.js`), "utf8");
  const list = /export\s*\{([^}]*)\};?\s*(?:\/\/# sourceMappingURL=.*)?$/.exec(built);
  if (!list) throw new Error(`${pkg.name}: no export list at the end of dist/${kit}.js`);
  const names = list[1]
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => n.split(/\s+as\s+/).pop());
  const message = `${pkg.name}/${entry} needs ${needs}, an optional peer dependency of ${pkg.name}: install it with \`npm install --save-dev ${needs}\``;
  await writeFile(
    join(dist, `${entry}.js`),
    `// ${pkg.name}/${entry}: checks that ${needs} is installed, then loads ${kit}.js (generated by scripts/build.mjs).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
try {
  require.resolve(${JSON.stringify(needs)});
} catch (cause) {
  throw new Error(${JSON.stringify(message)}, { cause });
}
const kit = require("./${kit}.js");

export const { ${names.join(", ")} } = kit;
`,
  );
}

async function bundleDeclarations(pkg) {
  const [{ rollup }, { dts }] = await Promise.all([import("rollup"), import("rollup-plugin-dts")]);
  const dir = join(root, pkg.dir);
  const input = Object.fromEntries(
    Object.entries(pkg.dts).map(([name, file]) => [name, join(dir, ".types", file)]),
  );
  const bundle = await rollup({
    input,
    plugins: [dts({ respectExternal: false })],
    // Dependencies, sibling packages and node: built-ins stay imports; only relative files are bundled.
    external: (id) => !id.startsWith(".") && !id.startsWith("/"),
    onwarn: (warning, warn) => {
      if (warning.code !== "EMPTY_BUNDLE") warn(warning);
    },
  });
  await bundle.write({
    dir: join(dir, "dist"),
    format: "es",
    entryFileNames: "[name].d.ts",
    chunkFileNames: "shared-[hash].d.ts",
  });
  await bundle.close();
}

/**
 * The web pages (packages/web): a Vite build into packages/web/dist, after the packages it
 * imports; again only when its sources or the built core/client changed.
 */
const WEB = { name: "@kinerja/web", dir: "packages/web" };

async function webHash() {
  const dir = join(root, WEB.dir);
  const inputs = [
    ...(await files(join(dir, "src"))),
    ...["package.json", "index.html", "vite.config.ts"].map((f) => join(dir, f)),
    ...["packages/core/dist/index.js", "packages/client/dist/index.js"].map((f) => join(root, f)),
  ].sort();
  const hash = createHash("sha256");
  for (const file of inputs) {
    hash.update(relative(root, file));
    hash.update(existsSync(file) ? await readFile(file) : "(missing)");
  }
  return hash.digest("hex");
}

async function buildWeb() {
  const hash = await webHash();
  const built = existsSync(join(root, WEB.dir, "dist", "index.html"));
  if (!force && built && (await readFile(stampOf(WEB), "utf8").catch(() => "")) === hash) return false;
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  await run(process.execPath, [vite, "build", "--logLevel", "warn"], join(root, WEB.dir));
  await mkdir(stamps, { recursive: true });
  await writeFile(stampOf(WEB), hash);
  return true;
}

const started = performance.now();
const hashes = new Map(await Promise.all(PACKAGES.map(async (pkg) => [pkg, await inputHash(pkg)])));
for (const pkg of PACKAGES) {
  if (!pkg.bundles) continue;
  const hash = createHash("sha256").update(hashes.get(pkg));
  for (const name of pkg.bundles) hash.update(hashes.get(PACKAGES.find((p) => p.name === name)));
  hashes.set(pkg, hash.digest("hex"));
}
const stale = [];
for (const pkg of PACKAGES) if (!(await upToDate(pkg, hashes.get(pkg)))) stale.push(pkg);

if (stale.length === 0) {
  const web = await buildWeb();
  console.log(
    web
      ? `build: ${WEB.name} in ${((performance.now() - started) / 1000).toFixed(1)}s`
      : "build: every package is up to date (npm run build -- --force rebuilds them)",
  );
} else {
  const tsup = join(root, "node_modules", "tsup", "dist", "cli-default.js");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  // JavaScript of the stale packages (in parallel) and the declarations of every package (tsc
  // --build checks again only what changed) at the same time.
  const types = run(
    process.execPath,
    [
      tsc,
      "--build",
      ...(force ? ["--force"] : []),
      join(root, "packages/server/tsconfig.build.json"),
      join(root, "packages/client/tsconfig.build.json"),
    ],
    root,
  );
  await Promise.all(stale.map((pkg) => run(process.execPath, [tsup, "--silent"], join(root, pkg.dir))));
  await Promise.all(stale.filter((pkg) => pkg.guarded).map(writeGuardedEntry));
  // Every package's JavaScript is final now (the copies' key hashes it): prepare while tsc runs.
  const prepared = Promise.all(
    stale
      .filter((pkg) => pkg.prepared)
      .map((pkg) => run(process.execPath, [pkg.prepared.script], join(root, pkg.dir))),
  );
  await Promise.all([types, prepared]);
  await Promise.all(stale.map(bundleDeclarations));
  await mkdir(stamps, { recursive: true });
  await Promise.all(stale.map((pkg) => writeFile(stampOf(pkg), hashes.get(pkg))));
  if (await buildWeb()) stale.push(WEB);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`build: ${stale.map((p) => p.name).join(", ")} in ${seconds}s`);
}

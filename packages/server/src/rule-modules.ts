import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type AnyRulePackage,
  createRegistry,
  defineRulePackage,
  isKinerjaError,
  KinerjaError,
  type RulePackageRegistry,
} from "@kinerja/core";

/** The environment variable listing rule modules to load, comma-separated. */
export const RULE_MODULES_ENV = "KINERJA_RULE_MODULES";

/** The rule modules named by `KINERJA_RULE_MODULES` (comma-separated, blanks ignored) then by the flags. */
export function ruleModuleSpecs(
  env: Record<string, string | undefined>,
  flags: readonly string[] = [],
): string[] {
  const fromEnv = (env[RULE_MODULES_ENV] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return [...fromEnv, ...flags.map((s) => s.trim()).filter((s) => s !== "")];
}

const isPath = (spec: string) =>
  spec.startsWith(".") || isAbsolute(spec) || spec.startsWith("/") || /^[A-Za-z]:[\\/]/.test(spec);

function moduleError(spec: string, message: string, cause?: unknown): KinerjaError {
  return new KinerjaError("VALIDATION_FAILED", `--rules-module ${spec}: ${message}`, {
    details: { issues: [{ path: ["rulesModules", spec], message, code: "invalid_rule_module" }] },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Where a module is imported from: a path against `cwd`, an npm name as installed beside `cwd`. */
function moduleUrl(spec: string, cwd: string): string {
  if (isPath(spec)) {
    const path = resolve(cwd, spec);
    try {
      // A folder with a package.json (its `exports`/`main`), or a file.
      return pathToFileURL(createRequire(join(path, "noop.js")).resolve(path)).href;
    } catch {
      return pathToFileURL(path).href;
    }
  }
  try {
    return pathToFileURL(createRequire(join(cwd, "noop.js")).resolve(spec)).href;
  } catch {
    // Not installed beside cwd: as the service itself would import it (e.g. a global install).
    return spec;
  }
}

const looksLikePackage = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  ((value as { kind?: unknown }).kind === "kinerja.rule-package" ||
    (typeof (value as { id?: unknown }).id === "string" &&
      typeof (value as { version?: unknown }).version === "string" &&
      typeof (value as { evaluate?: unknown }).evaluate === "function"));

/**
 * The rule packages a module exports (named or default exports, a package or an array of
 * packages), each checked again by `defineRulePackage` (identifiers, semver version, grades,
 * inputs), whichever copy of `@kinerja/core` built it.
 */
function packagesOf(spec: string, exports: Record<string, unknown>): AnyRulePackage[] {
  const seen = new Set<unknown>();
  const found: AnyRulePackage[] = [];
  for (const value of Object.values(exports).flatMap((v) => (Array.isArray(v) ? v : [v]))) {
    if (!looksLikePackage(value) || seen.has(value)) continue;
    seen.add(value);
    const { kind: _kind, defaultConfig: _defaultConfig, ...definition } = value;
    try {
      found.push(defineRulePackage(definition as unknown as Parameters<typeof defineRulePackage>[0]));
    } catch (error) {
      throw moduleError(spec, isKinerjaError(error) ? error.message : String(error), error);
    }
  }
  if (found.length === 0) {
    throw moduleError(
      spec,
      "exports no rule package: export the value of defineRulePackage(…) from @kinerja/core (named or default)",
    );
  }
  return found;
}

/**
 * Imports rule modules (npm names or paths, resolved from `cwd`) and returns the packages they
 * export, each passing `defineRulePackage`'s checks; VALIDATION_FAILED naming the module when
 * one cannot be imported, exports none, or exports an invalid one.
 *
 * @example
 * const packages = await loadRuleModules(["@kab-contoh/kinerja-rules", "./rules/kota.js"]);
 */
export async function loadRuleModules(
  specs: readonly string[],
  options: { cwd?: string } = {},
): Promise<AnyRulePackage[]> {
  const cwd = options.cwd ?? process.cwd();
  const packages: AnyRulePackage[] = [];
  for (const spec of specs) {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(moduleUrl(spec, cwd))) as Record<string, unknown>;
    } catch (error) {
      const reason = isKinerjaError(error)
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
      throw moduleError(spec, `cannot be loaded (${reason})`, error);
    }
    packages.push(...packagesOf(spec, exports));
  }
  return packages;
}

/**
 * A registry with the packages of `base` plus those of the rule modules; `base` itself when
 * there are none. A module package with the id and version of a registered one is a CONFLICT.
 */
export async function registryWithModules(
  base: RulePackageRegistry,
  specs: readonly string[],
  options: { cwd?: string } = {},
): Promise<RulePackageRegistry> {
  if (specs.length === 0) return base;
  return createRegistry([...base.list(), ...(await loadRuleModules(specs, options))]);
}

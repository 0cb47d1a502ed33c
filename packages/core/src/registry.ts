import semver from "semver";
import { KinerjaError } from "./errors";
import type { AnyRulePackage } from "./rule-package";

/** A rule package reference: `ID` or `ID@RANGE` (a semver range, e.g. `^1`, `1.2.0`). */
export interface RulePackageSpec {
  /** Package id. */
  id: string;
  /** Semver range; `*` when not given. */
  range: string;
}

/** Parses `permenpanrb-6-2022@^2` into `{ id, range }`. */
export function parseRulePackageSpec(spec: string): RulePackageSpec {
  const at = spec.indexOf("@");
  const id = (at === -1 ? spec : spec.slice(0, at)).trim();
  const range = at === -1 ? "*" : spec.slice(at + 1).trim() || "*";
  if (id === "" || semver.validRange(range) === null) {
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `rules: "${spec}" is not ID or ID@VERSION (e.g. permenpanrb-6-2022@^2)`,
      {
        details: {
          issues: [{ path: ["rules"], message: "expected ID or ID@VERSION", code: "invalid_format" }],
        },
      },
    );
  }
  return { id, range };
}

/** A registry of rule packages, resolved by id and semver range. */
export interface RulePackageRegistry {
  /** Adds a package; registering the same id and version twice is a CONFLICT. */
  register(pkg: AnyRulePackage): RulePackageRegistry;
  /** The highest version of `id` satisfying `range` (default `*`); RULE_PACKAGE_NOT_FOUND otherwise. */
  resolve(id: string, range?: string): AnyRulePackage;
  /** Resolves `ID` or `ID@RANGE`. */
  resolveSpec(spec: string): AnyRulePackage;
  /** Every registered package, by id then version. */
  list(): AnyRulePackage[];
}

/**
 * Creates a registry, optionally with packages.
 *
 * @example
 * const registry = createRegistry([permenpanrb6of2022]);
 * registry.resolveSpec("permenpanrb-6-2022@^2");
 */
export function createRegistry(packages: Iterable<AnyRulePackage> = []): RulePackageRegistry {
  const byId = new Map<string, Map<string, AnyRulePackage>>();
  // What each spec resolved to, until a package is registered (parsing a semver range on every
  // resolution was a twentieth of a one-case POST /v1/evaluate).
  const resolved = new Map<string, AnyRulePackage>();
  const known = () => [...byId.keys()].sort();
  const registry: RulePackageRegistry = {
    register(pkg) {
      const versions = byId.get(pkg.id) ?? new Map<string, AnyRulePackage>();
      if (versions.has(pkg.version)) {
        throw new KinerjaError("CONFLICT", `rule package ${pkg.id}@${pkg.version} is already registered`, {
          details: { id: pkg.id, version: pkg.version },
        });
      }
      versions.set(pkg.version, pkg);
      byId.set(pkg.id, versions);
      resolved.clear();
      return registry;
    },
    resolve(id, range = "*") {
      const versions = byId.get(id);
      const best = versions ? semver.maxSatisfying([...versions.keys()], range) : null;
      if (!versions || best === null) {
        const list = known().join(", ") || "(none)";
        const what = versions ? `no version of ${id} satisfies ${range}` : `unknown rule package "${id}"`;
        throw new KinerjaError("RULE_PACKAGE_NOT_FOUND", `${what}; known packages: ${list}`, {
          details: { id, range, known: known() },
        });
      }
      return versions.get(best)!;
    },
    resolveSpec(spec) {
      const hit = resolved.get(spec);
      if (hit !== undefined) return hit;
      const { id, range } = parseRulePackageSpec(spec);
      const pkg = registry.resolve(id, range);
      if (resolved.size >= 256) resolved.clear();
      resolved.set(spec, pkg);
      return pkg;
    },
    list() {
      return known().flatMap((id) =>
        [...byId.get(id)!.values()].sort((a, b) => semver.compare(a.version, b.version)),
      );
    },
  };
  for (const pkg of packages) registry.register(pkg);
  return registry;
}

import { type AnyRulePackage, createRegistry, type RulePackageRegistry } from "@kinerja/core";
import * as rulesDefault from "@kinerja/rules-default";

function isRulePackage(value: unknown): value is AnyRulePackage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kinerja.rule-package" &&
    typeof (value as { id?: unknown }).id === "string" &&
    typeof (value as { version?: unknown }).version === "string"
  );
}

/**
 * A registry with every rule package that `@kinerja/rules-default` exports (its
 * `defaultRegistry`, package list or package constants).
 */
export function defaultRegistry(): RulePackageRegistry {
  const exported = rulesDefault as Record<string, unknown>;
  const candidates: unknown[] = [];
  const given = exported.defaultRegistry;
  if (typeof given === "function") candidates.push(...(given as () => RulePackageRegistry)().list());
  else if (typeof given === "object" && given !== null && "list" in given) {
    candidates.push(...(given as RulePackageRegistry).list());
  }
  for (const value of Object.values(exported)) {
    if (Array.isArray(value)) candidates.push(...value);
    else candidates.push(value);
  }
  const seen = new Set<string>();
  const packages: AnyRulePackage[] = [];
  for (const candidate of candidates) {
    if (!isRulePackage(candidate)) continue;
    const key = `${candidate.id}@${candidate.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    packages.push(candidate);
  }
  return createRegistry(packages);
}

import type { RulePackageRegistry } from "@kinerja/core";
import { createDefaultRegistry } from "@kinerja/rules-default";

/**
 * A new registry with every rule package of `@kinerja/rules-default` (the service's default
 * when `buildApp` gets no `registry`).
 */
export function defaultRegistry(): RulePackageRegistry {
  return createDefaultRegistry();
}

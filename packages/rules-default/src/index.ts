/**
 * `@kinerja/rules-default`: the rule packages for `@kinerja/core` — the national scheme
 * (PermenPAN-RB 6/2022, the default), the legacy numeric schemes (PP 46/2011, PP 30/2019) and
 * configurable regional schemes (TPP allowances, weighted 360° feedback), each naming its legal
 * basis.
 *
 * @packageDocumentation
 */

import { type AnyRulePackage, createRegistry, type RulePackageRegistry } from "@kinerja/core";
import { permenpanrb6of2022 } from "./permenpanrb-6-2022";
import { pp30of2019 } from "./pp-30-2019";
import { pp46of2011 } from "./pp-46-2011";
import { RELEASED_RULE_PACKAGES } from "./released/index";
import { tppRegional } from "./tpp-regional";
import { weighted360 } from "./weighted-360";

export {
  PERMENPANRB_6_2022_ID,
  type Permenpanrb6of2022Case,
  Permenpanrb6of2022CaseSchema,
  type Permenpanrb6of2022Config,
  Permenpanrb6of2022ConfigSchema,
  permenpanrb6of2022,
} from "./permenpanrb-6-2022";
export {
  evaluatePeriodic,
  type PeriodicAggregation,
  PeriodicAggregationSchema,
  PeriodicAssessmentsSchema,
  type PeriodicEvaluation,
  type PeriodicEvaluator,
  type PeriodicOptions,
  PeriodicOptionsSchema,
  type PeriodicResult,
  preparePeriodic,
} from "./permenpanrb-6-2022-periodic";
export { type Pp30of2019Config, Pp30of2019ConfigSchema, pp30of2019 } from "./pp-30-2019";
export { type Pp46of2011Config, Pp46of2011ConfigSchema, pp46of2011 } from "./pp-46-2011";
export {
  type PermenpanrbRatings,
  PermenpanrbRatingsSchema,
  type Pp30Ratings,
  Pp30RatingsSchema,
  type Pp46Ratings,
  Pp46RatingsSchema,
  type TppRatings,
  TppRatingsSchema,
  type Weighted360Ratings,
  Weighted360RatingsSchema,
} from "./ratings";
export { RELEASED_RULE_PACKAGES, releasedRulePackage } from "./released/index";
export {
  TPP_PRESETS,
  TPP_REGIONAL_ID,
  type TppAttendance,
  TppAttendanceSchema,
  TppPerformanceSchema,
  type TppRegionalCase,
  type TppRegionalCaseInput,
  TppRegionalCaseSchema,
  type TppRegionalConfig,
  type TppRegionalConfigInput,
  TppRegionalConfigSchema,
  tppRegional,
} from "./tpp-regional";
export {
  WEIGHTED_360_COMPONENTS,
  WEIGHTED_360_ID,
  WEIGHTED_360_PRESETS,
  Weighted360CaseSchema,
  type Weighted360Component,
  type Weighted360Config,
  type Weighted360ConfigInput,
  Weighted360ConfigSchema,
  weighted360,
} from "./weighted-360";

/**
 * The current version of every rule package of `@kinerja/rules-default`, the default
 * (`permenpanrb-6-2022`) first. Older released versions are in {@link RELEASED_RULE_PACKAGES}.
 */
export const DEFAULT_RULE_PACKAGES: readonly AnyRulePackage[] = [
  permenpanrb6of2022,
  pp46of2011,
  pp30of2019,
  tppRegional,
  weighted360,
];

/**
 * A registry holding every released version of every package of `@kinerja/rules-default`
 * ({@link RELEASED_RULE_PACKAGES}): an unpinned lookup gets the current version, a period pinned
 * to an older version still finds it.
 *
 * @example
 * const registry = createDefaultRegistry();
 * registry.resolveSpec("pp-46-2011").title.en;
 * registry.resolve("permenpanrb-6-2022", "1.0.0").version; // "1.0.0"
 */
export function createDefaultRegistry(): RulePackageRegistry {
  return createRegistry(Object.values(RELEASED_RULE_PACKAGES).flat());
}

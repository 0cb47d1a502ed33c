import type { AnyRulePackage } from "@kinerja/core";
import { permenpanrb6of2022 } from "../permenpanrb-6-2022";
import { pp30of2019 } from "../pp-30-2019";
import { pp46of2011 } from "../pp-46-2011";
import { tppRegional } from "../tpp-regional";
import { weighted360 } from "../weighted-360";
import { permenpanrb6of2022V1_0_0 } from "./permenpanrb-6-2022/v1_0_0";
import { pp30of2019V1_0_0 } from "./pp-30-2019/v1_0_0";
import { tppRegionalV1_0_0 } from "./tpp-regional/v1_0_0";

/**
 * Every released version of every package of `@kinerja/rules-default`, by package id, oldest
 * first; the last one of each list is the current version (the one `DEFAULT_RULE_PACKAGES`
 * holds). A period pins an exact version, so a released version is never removed.
 *
 * A version identifies results (grade, score, ratings, consequences, distribution); the wording
 * of explanation texts may improve within a version.
 *
 * To release a change to a package's results: copy its current module, frozen, to
 * `src/released/<id>/v<MAJOR>_<MINOR>_<PATCH>.ts` (exporting the package under
 * `<name>V<MAJOR>_<MINOR>_<PATCH>`), add it before the current version here, then bump the
 * current module's `version`. `test/released.test.ts` checks every released version against the
 * results recorded when it was released (`test/released/<id>@<version>.json`), so a change to a
 * released version's results fails there.
 */
export const RELEASED_RULE_PACKAGES: Readonly<Record<string, readonly AnyRulePackage[]>> = {
  // 2.0.0: SE 3/2023's floor, small units warn, calibration by ratings first, angka kredit
  // months configurable and rounded to 3 decimals, periods over a year refused.
  "permenpanrb-6-2022": [permenpanrb6of2022V1_0_0, permenpanrb6of2022],
  "pp-46-2011": [pp46of2011],
  // 2.0.0: KEPEMIMPINAN only for structural officials by default; AUTO needs 3 raters for 60/40.
  "pp-30-2019": [pp30of2019V1_0_0, pp30of2019],
  // 1.1.0: grades of other packages through `performance.source` and `gradeMappings`.
  "tpp-regional": [tppRegionalV1_0_0, tppRegional],
  "weighted-360": [weighted360],
};

/**
 * One released version of a package of `@kinerja/rules-default`, for an embedder that pins
 * versions without a registry; RULE_PACKAGE_NOT_FOUND is thrown by the registry instead when
 * looking up through `createDefaultRegistry()`. Returns `undefined` when not released.
 *
 * @example
 * releasedRulePackage("permenpanrb-6-2022", "1.0.0")?.version; // "1.0.0"
 */
export function releasedRulePackage(id: string, version: string): AnyRulePackage | undefined {
  return RELEASED_RULE_PACKAGES[id]?.find((p) => p.version === version);
}

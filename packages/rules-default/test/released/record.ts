/**
 * Records the results of a released package version on fixed cases, once, when the version is
 * released: `node --import tsx packages/rules-default/test/released/record.ts`. Existing
 * recordings are never rewritten (a released version's results do not change); delete one only
 * when its version was never published.
 */
import { existsSync, writeFileSync } from "node:fs";
import { RELEASED_RULE_PACKAGES } from "../../src/index";
import { distributionOf, recordingPath, releasedCases, resultOf } from "./cases";

for (const versions of Object.values(RELEASED_RULE_PACKAGES)) {
  for (const pkg of versions) {
    const path = recordingPath(pkg);
    if (existsSync(path)) continue;
    const inputs = releasedCases(pkg);
    const cases = inputs.map((input) => ({ input, result: resultOf(pkg, input) }));
    const distribution = distributionOf(pkg, inputs);
    // One case a line: small, and a diff names the case.
    const lines = cases.map((c) => JSON.stringify(c)).join(",\n");
    const head = `{"id":"${pkg.id}","version":"${pkg.version}","distribution":${JSON.stringify(distribution)}`;
    writeFileSync(path, `${head},"cases":[\n${lines}\n]}\n`);
    console.log(`recorded ${pkg.id}@${pkg.version}: ${cases.length} cases in ${path}`);
  }
}

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  createDefaultRegistry,
  DEFAULT_RULE_PACKAGES,
  RELEASED_RULE_PACKAGES,
  releasedRulePackage,
} from "../src/index";
import { distributionOf, recordingPath, resultOf } from "./released/cases";

describe("released versions", () => {
  test("the default registry holds every released version; an exact pin resolves that version", () => {
    const registry = createDefaultRegistry();
    const registered = registry.list().map((p) => `${p.id}@${p.version}`);
    for (const [id, versions] of Object.entries(RELEASED_RULE_PACKAGES)) {
      expect(versions.length).toBeGreaterThan(0);
      for (const pkg of versions) {
        expect(pkg.id).toBe(id);
        expect(registered).toContain(`${id}@${pkg.version}`);
        expect(registry.resolve(id, pkg.version)).toBe(pkg);
        expect(releasedRulePackage(id, pkg.version)).toBe(pkg);
      }
      // The unpinned lookup gets the current version, the last released one.
      expect(registry.resolve(id)).toBe(versions.at(-1));
    }
    expect(DEFAULT_RULE_PACKAGES.map((p) => p.id).sort()).toEqual(Object.keys(RELEASED_RULE_PACKAGES).sort());
    for (const pkg of DEFAULT_RULE_PACKAGES) expect(RELEASED_RULE_PACKAGES[pkg.id]?.at(-1)).toBe(pkg);
  });

  const all = Object.values(RELEASED_RULE_PACKAGES).flat();
  test.each(all.map((p) => [`${p.id}@${p.version}`, p] as const))(
    "%s, pinned, still gives the results recorded when it was released",
    (_name, pkg) => {
      const path = recordingPath(pkg);
      expect(
        existsSync(path),
        `no recording of ${pkg.id}@${pkg.version}: run node --import tsx packages/rules-default/test/released/record.ts`,
      ).toBe(true);
      const recording = JSON.parse(readFileSync(path, "utf8")) as {
        distribution: unknown;
        cases: { input: unknown; result: unknown }[];
      };
      const pinned = createDefaultRegistry().resolve(pkg.id, pkg.version);
      expect(recording.cases.length).toBeGreaterThan(0);
      for (const [i, { input, result }] of recording.cases.entries()) {
        expect(resultOf(pinned, input), `${pkg.id}@${pkg.version}, recorded case ${i}`).toEqual(result);
      }
      const inputs = recording.cases.map((c) => c.input);
      expect(distributionOf(pinned, inputs), `${pkg.id}@${pkg.version}, distribution`).toEqual(
        recording.distribution,
      );
    },
  );
});

import { describe, expect, test } from "vitest";
import { z } from "zod";
import { isKinerjaError } from "../src/errors";
import { createRegistry, parseRulePackageSpec } from "../src/registry";
import { defineRulePackage } from "../src/rule-package";

const definition = (id: string, version: string) => ({
  id,
  version,
  title: { id, en: id },
  legalBasis: ["Test fixture"],
  inputs: [],
  grades: [{ code: "OK", label: { id: "Baik", en: "Good" } }],
  evaluate: () => ({ grade: "OK", score: null, ratings: {}, explanation: [] }),
});

const pkg = (id: string, version: string) =>
  defineRulePackage({ ...definition(id, version), configSchema: z.object({}) });

describe("registry", () => {
  const registry = createRegistry([
    pkg("a", "1.0.0"),
    pkg("a", "1.4.2"),
    pkg("a", "2.0.0"),
    pkg("b", "0.3.0"),
  ]);

  test("resolves the highest version in a semver range", () => {
    expect(registry.resolve("a").version).toBe("2.0.0");
    expect(registry.resolve("a", "^1").version).toBe("1.4.2");
    expect(registry.resolve("a", "1.0.0").version).toBe("1.0.0");
    expect(registry.resolveSpec("a@~1.4").version).toBe("1.4.2");
    expect(registry.resolveSpec("b").version).toBe("0.3.0");
  });

  test("lists packages by id then version", () => {
    expect(registry.list().map((p) => `${p.id}@${p.version}`)).toEqual([
      "a@1.0.0",
      "a@1.4.2",
      "a@2.0.0",
      "b@0.3.0",
    ]);
  });

  test("an unknown id or unsatisfied range is RULE_PACKAGE_NOT_FOUND listing the known ids", () => {
    for (const spec of ["c", "a@^3"]) {
      try {
        registry.resolveSpec(spec);
        expect.unreachable();
      } catch (error) {
        expect(isKinerjaError(error) && error.code).toBe("RULE_PACKAGE_NOT_FOUND");
        expect((error as Error).message).toMatch(/known packages: a, b$/);
      }
    }
  });

  test("registering the same version twice is a CONFLICT", () => {
    expect(() => createRegistry([pkg("a", "1.0.0"), pkg("a", "1.0.0")])).toThrow(/already registered/);
  });

  test("parses specs and rejects bad ranges", () => {
    expect(parseRulePackageSpec("permenpanrb-6-2022@^1")).toEqual({ id: "permenpanrb-6-2022", range: "^1" });
    expect(parseRulePackageSpec("pp-46-2011")).toEqual({ id: "pp-46-2011", range: "*" });
    expect(() => parseRulePackageSpec("x@not a range!")).toThrow(
      /rules: "x@not a range!" is not ID or ID@VERSION/,
    );
  });
});

describe("defineRulePackage", () => {
  test("parses the default configuration once", () => {
    const p = defineRulePackage({
      ...definition("c", "1.0.0"),
      configSchema: z.object({
        threshold: z.number().default(90),
        mode: z.enum(["WARNING", "ERROR"]).default("WARNING"),
      }),
    });
    expect(p.defaultConfig).toEqual({ threshold: 90, mode: "WARNING" });
    expect(p.sources).toEqual(["SELF", "SUPERVISOR", "PEER", "SUBORDINATE", "PUBLIC"]);
  });

  test("rejects bad definitions with RULE_PACKAGE_INVALID naming each problem", () => {
    try {
      defineRulePackage({
        ...definition("c", "1.0.0"),
        configSchema: z.object({}),
        id: "Bad Id",
        version: "1",
        legalBasis: [],
        inputs: [
          { name: "time", kind: "INDICATOR_REALIZATION", description: { id: "", en: "" }, monotone: false },
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect(isKinerjaError(error) && error.code).toBe("RULE_PACKAGE_INVALID");
      expect((error as Error).message).toMatch(
        /id "Bad Id".*version "1".*legalBasis.*input "time" is not monotone/,
      );
    }
  });

  test("a configuration schema without defaults for required fields is rejected at definition", () => {
    expect(() =>
      defineRulePackage({ ...definition("d", "1.0.0"), configSchema: z.object({ basis: z.number() }) }),
    ).toThrow(/default configuration: basis/);
  });
});

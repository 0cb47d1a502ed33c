import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { distribute, evaluate, evaluateMany, evaluateOrganisation, isKinerjaError } from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { DEFAULT_RULE_PACKAGES } from "../src/index";

/** The documented command-line request of a package (a valid case and configuration for it). */
function docRequest(id: string): { config?: unknown; cases: Record<string, unknown>[] } {
  const page = readFileSync(fileURLToPath(new URL(`../../../docs/rules/${id}.md`, import.meta.url)), "utf8");
  const request = [...page.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => JSON.parse(m[1] ?? "null") as Record<string, unknown>)
    .find((b) => "rules" in b && "cases" in b);
  return request as { config?: unknown; cases: Record<string, unknown>[] };
}

/** The error a call throws; a raw TypeError fails the test. */
function thrown(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (error) {
    if (isKinerjaError(error)) {
      const issues = (error.details.issues ?? []) as { path: PropertyKey[] }[];
      return { code: error.code, paths: issues.map((i) => i.path.join(".")) };
    }
    throw error;
  }
  throw new Error("expected a KinerjaError");
}

const packages = DEFAULT_RULE_PACKAGES.map((p) => [p.id, p] as const);

describe("issue 8 item 1: every entry point validates its context", () => {
  test.each(packages)("%s: a period without cadence is read as ANNUAL, never a TypeError", (id, pkg) => {
    const { config, cases } = docRequest(id);
    const input = { ...cases[0], period: undefined };
    const result = evaluate(input, pkg, {
      config: config,
      period: { start: "2026-01-01", end: "2026-12-31" } as never,
    });
    expect(pkg.grades.map((g) => g.code)).toContain(result.grade);
  });

  test.each(packages)(
    "%s: a period ending before it starts is VALIDATION_FAILED on period.end",
    (id, pkg) => {
      const { config, cases } = docRequest(id);
      const period = { start: "2026-12-31", end: "2026-01-01", cadence: "ANNUAL" } as const;
      expect(thrown(() => evaluate(cases[0], pkg, { config: config, period }))).toEqual({
        code: "VALIDATION_FAILED",
        paths: ["period.end"],
      });
    },
  );

  test.each(packages)("%s: an unknown organisation predikat is refused, unit head or not", (id, pkg) => {
    const { config, cases } = docRequest(id);
    const organisation = { id: "org", predikat: "HEBAT" } as never;
    const head = { ...cases[0], employee: { ...(cases[0]?.employee as object), isUnitHead: true } };
    for (const input of [cases[0], head]) {
      expect(thrown(() => evaluate(input, pkg, { config: config, organisation }))).toEqual({
        code: "VALIDATION_FAILED",
        paths: ["organisation.predikat"],
      });
    }
    expect(
      thrown(() => evaluateOrganisation(cases, pkg, { organisation: organisation, config: config })),
    ).toEqual({
      code: "VALIDATION_FAILED",
      paths: ["organisation.predikat"],
    });
    expect(thrown(() => distribute([], pkg, { organisation: organisation, config: config })).paths).toEqual([
      "organisation.predikat",
    ]);
  });

  test("evaluateMany refuses a bad context before reading any case", async () => {
    const [id, pkg] = packages[0]!;
    const { cases } = docRequest(id);
    await expect(async () => {
      for await (const _ of evaluateMany(cases, pkg, {
        period: { start: "2026-02-30", end: "2026-12-31" } as never,
      }));
    }).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/^period\.start/) });
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createRegistry,
  evaluate,
  evaluateRequest,
  type prepareEvaluator,
  type Rating,
  type RatingsOf,
} from "@kinerja/core";
import { describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import {
  DEFAULT_RULE_PACKAGES,
  type PermenpanrbRatings,
  type Pp30Ratings,
  permenpanrb6of2022,
  type pp30of2019,
  type TppRatings,
  type tppRegional,
} from "../src/index";

/** The command-line request shown on a package's documentation page (the block with `rules`). */
function docRequest(id: string): unknown {
  const page = readFileSync(fileURLToPath(new URL(`../../../docs/rules/${id}.md`, import.meta.url)), "utf8");
  return [...page.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => JSON.parse(m[1] ?? "null") as Record<string, unknown>)
    .find((b) => "rules" in b && "cases" in b);
}

describe("issue 8 item 5: ratings typed per package", () => {
  test.each(DEFAULT_RULE_PACKAGES.map((p) => [p.id, p] as const))(
    "%s declares a ratingsSchema that its documented results match exactly",
    (id, pkg) => {
      expect(pkg.ratingsSchema, `${id} has no ratingsSchema`).toBeDefined();
      // Strict: a key the schema does not declare is a mismatch, not silently dropped.
      const strict = (pkg.ratingsSchema as z.ZodObject).strict();
      const response = evaluateRequest(docRequest(id), createRegistry([pkg]));
      expect(response.results.length).toBeGreaterThan(0);
      for (const result of response.results) {
        const checked = strict.safeParse(result.ratings);
        expect(checked.success, `${id} ${result.employeeId}: ${checked.error?.message}`).toBe(true);
      }
    },
  );

  test("every declared rating is documented (a description for the service's schema)", () => {
    for (const pkg of DEFAULT_RULE_PACKAGES) {
      const shape = (pkg.ratingsSchema as z.ZodObject).shape;
      for (const [key, schema] of Object.entries(shape)) {
        expect((schema as z.ZodType).description, `${pkg.id} ratings.${key}`).toBeTruthy();
      }
      expect(() => z.toJSONSchema(pkg.ratingsSchema as z.ZodType)).not.toThrow();
    }
  });

  test("a result's ratings have the package's type", () => {
    const request = docRequest("permenpanrb-6-2022") as { cases: unknown[]; period: never };
    const result = evaluate(request.cases[0], permenpanrb6of2022, { period: request.period });
    expectTypeOf(result.ratings).toEqualTypeOf<PermenpanrbRatings>();
    expectTypeOf(result.ratings.resultRating).toEqualTypeOf<Rating>();
    expectTypeOf(result.ratings.capaian).toEqualTypeOf<number>();
    // @ts-expect-error: not a rating of permenpanrb-6-2022
    expect(result.ratings.nilaiSkp).toBeUndefined();
    expect(["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]).toContain(
      result.ratings.resultRating,
    );
    expectTypeOf(evaluate).returns.toHaveProperty("ratings");
    expectTypeOf<RatingsOf<typeof pp30of2019>>().toEqualTypeOf<Pp30Ratings>();
    expectTypeOf<RatingsOf<typeof tppRegional>>().toEqualTypeOf<TppRatings>();
    expectTypeOf<
      RatingsOf<ReturnType<typeof prepareEvaluator<typeof tppRegional>>>
    >().toEqualTypeOf<TppRatings>();
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { z } from "zod";
import { type TestApp, testApp } from "./helpers/app";
import { client, toyRegistry } from "./helpers/records";

/**
 * Every query is strict, like every body: an unknown query parameter is a 400 naming it, so a
 * misspelt or outdated parameter (`?after=` for `?cursor=`) is never silently ignored. Lists
 * page with `?cursor=`, the `nextCursor` of the previous page.
 */

let t: TestApp;

beforeAll(async () => {
  t = await testApp({ registry: toyRegistry() });
});

afterAll(async () => {
  await t.close();
});

const hr = () => t.authHeader({ sub: "hr-admin-1", roles: ["HR_ADMIN"], agency: "strict-q" });

function urlOf(pattern: string): string {
  return pattern
    .replace(":source", "PEER")
    .replace(":token", "A".repeat(43))
    .replace(/:[^/]+/g, "x");
}

describe("every query is strict", () => {
  test("every /v1 route declares a query schema that refuses an unknown parameter", () => {
    const routes = t.app.routeCatalog.filter((r) => r.url.startsWith("/v1"));
    expect(routes.length).toBeGreaterThan(40);
    const loose = routes.filter((r) => {
      const schema = r.schemas.querystring as z.ZodType | undefined;
      if (schema === undefined) return true;
      const result = schema.safeParse({ zzUnknown: "1" });
      return result.success || !result.error.issues.some((i) => i.code === "unrecognized_keys");
    });
    expect(loose.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  test("an unknown parameter on any GET route is a 400 naming it", async () => {
    const gets = t.app.routeCatalog.filter((r) => r.url.startsWith("/v1") && r.method === "GET");
    expect(gets.length).toBeGreaterThan(20);
    const answers: string[] = [];
    for (const route of gets) {
      const res = await t.app.inject({
        method: "GET",
        url: `${urlOf(route.url)}?zzUnknown=1`,
        headers: hr(),
      });
      const issues = (res.json().details?.issues ?? []) as { path: unknown[]; code?: string }[];
      const named = issues.some((i) => i.code === "unrecognized_keys" && i.path.at(-1) === "zzUnknown");
      if (res.statusCode !== 400 || !named) answers.push(`GET ${route.url} → ${res.statusCode}`);
    }
    expect(answers).toEqual([]);
  });

  test("the old `?after=` of the lists is a 400 naming it, not a silently ignored parameter", async () => {
    for (const url of ["/v1/staff", "/v1/periods", "/v1/work-plans", "/v1/audit"]) {
      const res = await t.app.inject({ method: "GET", url: `${url}?after=1`, headers: hr() });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toContain('unknown key "after"');
    }
  });

  test("a list pages with `?cursor=`, the `nextCursor` of the previous page", async () => {
    const c = client(t, "strict-q-pages");
    await c.setup();
    const headers = c.hr;
    for (const year of [2024, 2025, 2026]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/v1/periods",
        headers,
        payload: { name: `Penilaian ${year}`, start: `${year}-01-01`, end: `${year}-12-31` },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const first = (await t.app.inject({ method: "GET", url: "/v1/periods?limit=2", headers })).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await t.app.inject({ method: "GET", url: `/v1/periods?limit=2&cursor=${first.nextCursor}`, headers })
    ).json();
    expect([...first.items, ...second.items].map((p: { name: string }) => p.name)).toEqual([
      "Penilaian 2026",
      "Penilaian 2025",
      "Penilaian 2024",
    ]);
    expect(second.nextCursor).toBeNull();
  });
});

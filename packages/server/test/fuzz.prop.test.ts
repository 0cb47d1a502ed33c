/**
 * Bad input never breaks the service: for every route of the catalog, 1 000 random requests with
 * KINERJA_THOROUGH=1 (200 in `npm test` and CI) — malformed, truncated, oversized or wrongly typed bodies that the route's schema
 * rejects, or random path and query values for routes without a body — get a 4xx with
 * `{ code, message, details }` (never a 5xx), and the stored data does not change (a hash of
 * every table before and after).
 */
import { createHash } from "node:crypto";
import type { Role } from "@kinerja/core";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { z } from "zod";
import { runs } from "../../../vitest.runs";
import { DEMO_AGENCY_ID, DEMO_HR_ADMIN_ID, demoStaff, seedDemo } from "../src/demo";
import { ErrorBodySchema } from "../src/http-errors";
import type { Database } from "../src/storage";
import { type TestApp, testApp } from "./helpers/app";

const RUNS = runs(1000);
const BODY_LIMIT = 64 * 1024;

/** A hash of every row of every table: equal before and after means nothing was stored. */
async function snapshot(database: Database): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
  const hash = createHash("sha256");
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(
      database.db,
    );
    const lines = rows.rows.map((r) => JSON.stringify(r)).sort();
    hash.update(`${table_name}\n${lines.join("\n")}\n`);
  }
  return hash.digest("hex");
}

function isZod(value: unknown): value is z.ZodType {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === "function"
  );
}

/** The top-level keys of an object schema (to generate wrongly typed values for real fields). */
function keysOf(schema: z.ZodType): string[] {
  let current: unknown = schema;
  for (let i = 0; i < 5 && current; i += 1) {
    const def = (current as { def?: { type?: string; innerType?: unknown; in?: unknown; schema?: unknown } })
      .def;
    const shape = (current as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === "object") return Object.keys(shape);
    current = def?.innerType ?? def?.in ?? def?.schema;
  }
  return [];
}

type Payload = { kind: "json"; value: unknown } | { kind: "raw"; text: string; contentType: string };

function bodyArbitrary(schema: z.ZodType): fc.Arbitrary<Payload> {
  const keys = keysOf(schema);
  const json = fc.jsonValue({ maxDepth: 4 });
  const shaped =
    keys.length === 0
      ? json
      : fc.dictionary(
          fc.constantFrom(...keys),
          fc.oneof(json, fc.constant(null), fc.array(json, { maxLength: 3 })),
          {
            minKeys: 1,
            maxKeys: keys.length,
          },
        );
  const value = fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 2, arbitrary: json });
  // The service reads a JSON `null` body as no body (see buildApp): keep only what it rejects.
  const rejected = value.filter((v) => !schema.safeParse(v === null ? undefined : v).success);
  const truncated = fc
    .tuple(value, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([v, at]) => {
      const text = JSON.stringify(v) ?? "null";
      return text.slice(0, Math.max(1, Math.floor(text.length * at)));
    })
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
  const oversized = fc.nat({ max: 9 }).map((n) => `{"pad":"${"x".repeat(BODY_LIMIT + n)}"}`);
  return fc.oneof(
    { weight: 12, arbitrary: rejected.map((v): Payload => ({ kind: "json", value: v })) },
    {
      weight: 3,
      arbitrary: truncated.map((text): Payload => ({ kind: "raw", text, contentType: "application/json" })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 200 })
        .map((text): Payload => ({ kind: "raw", text, contentType: "application/xml" })),
    },
    {
      weight: 1,
      arbitrary: oversized.map((text): Payload => ({ kind: "raw", text, contentType: "application/json" })),
    },
  );
}

/** A random path segment or query value: odd characters, long strings, numbers, empty-ish. */
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/),
  fc.integer().map(String),
  fc.constantFrom("..", "%", "null", "undefined", "0", "-1", "1e309", "%00", "' or 1=1 --"),
);

describe("random input never breaks a route or changes stored data", () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let token: { authorization: string };

  beforeAll(async () => {
    t = await testApp({ bodyLimit: BODY_LIMIT });
    await seedDemo(t.app, { sign: (claims) => t.tokenFor(claims) });
    const roles: Role[] = ["HR_ADMIN", "EMPLOYEE"];
    token = t.authHeader({ sub: DEMO_HR_ADMIN_ID, roles, agency: DEMO_AGENCY_ID });
    const get = async (url: string) => (await t.app.inject({ method: "GET", url, headers: token })).json();
    const periods = (await get("/v1/periods")).items as { id: string; state: string }[];
    const periodId = periods.find((p) => p.state === "ASSESSMENT")!.id;
    const employee = demoStaff().find((e) => e.unitId === "bidang-sd" && !e.isUnitHead)!;
    const plan = (await get(`/v1/work-plans?periodId=${periodId}&employeeId=${employee.id}`)).items[0];
    ids = {
      agencyId: DEMO_AGENCY_ID,
      periodId,
      employeeId: employee.id,
      workPlanId: plan.id,
      unitId: employee.unitId,
      source: "PEER",
    };
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  test("the catalog has routes to fuzz", () => {
    expect(t.app.routeCatalog.filter((r) => r.url.startsWith("/v1")).length).toBeGreaterThan(20);
  });

  const check = (res: { statusCode: number; body: string }, where: string) => {
    if (res.statusCode >= 500) throw new Error(`${where}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) {
      const parsed = ErrorBodySchema.safeParse(JSON.parse(res.body));
      if (!parsed.success)
        throw new Error(`${where}: error body is not { code, message, details }: ${res.body.slice(0, 300)}`);
      if (/\bat .+\.(ts|js):\d+/.test(res.body)) throw new Error(`${where}: a stack trace in the body`);
    }
  };

  test("every /v1 route", async () => {
    const routes = t.app.routeCatalog.filter((r) => r.url.startsWith("/v1"));
    for (const route of routes) {
      const before = await snapshot(t.database);
      const body = isZod(route.schemas.body) ? route.schemas.body : undefined;
      const realUrl = route.url.replace(/:(\w+)/g, (_m, name: string) =>
        encodeURIComponent(ids[name] ?? "x"),
      );
      const where = `${route.method} ${route.url}`;
      if (body && route.method !== "GET") {
        await fc.assert(
          fc.asyncProperty(bodyArbitrary(body), async (payload) => {
            const res = await t.app.inject({
              method: route.method as "POST",
              url: realUrl,
              headers:
                payload.kind === "raw"
                  ? { ...token, "content-type": payload.contentType }
                  : { ...token, "content-type": "application/json" },
              payload: payload.kind === "raw" ? payload.text : JSON.stringify(payload.value),
            });
            check(res, where);
            expect(res.statusCode, `${where}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          }),
          { numRuns: RUNS },
        );
      } else {
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        await fc.assert(
          fc.asyncProperty(
            fc.array(segment, { minLength: names.length, maxLength: names.length }),
            fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,12}$/), segment, { maxKeys: 4 }),
            async (values, query) => {
              let i = 0;
              const url = route.url.replace(/:(\w+)/g, () => encodeURIComponent(values[i++] ?? "x"));
              const qs = new URLSearchParams(query).toString();
              const res = await t.app.inject({
                method: route.method as "GET",
                url: `${url}${qs ? `?${qs}` : ""}`,
                headers: token,
                ...(route.method === "GET" || route.method === "DELETE" ? {} : { payload: {} }),
              });
              check(res, where);
            },
          ),
          { numRuns: RUNS },
        );
      }
      expect(await snapshot(t.database), `${where} changed stored data`).toBe(before);
    }
  }, 1_800_000);
});

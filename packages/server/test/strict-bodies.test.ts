import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type TestApp, testApp } from "./helpers/app";

/**
 * Every request body is strict: an unknown key is a 400 naming the key, on every route with a
 * body (taken from the OpenAPI document), feedback and public links included.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

let t: TestApp;
let routes: { method: string; path: string; schema: JsonSchema }[] = [];
let components: Record<string, JsonSchema> = {};

beforeAll(async () => {
  t = await testApp();
  const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json() as {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  components = doc.components?.schemas ?? {};
  routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      const schema = operation.requestBody?.content?.["application/json"]?.schema;
      return schema === undefined ? [] : [{ method: method.toUpperCase(), path, schema }];
    }),
  );
});

afterAll(async () => {
  await t.close();
});

/** The object schemas in a JSON schema that name properties but accept any other key. */
function looseObjects(schema: JsonSchema, where: string, seen = new Set<string>()): string[] {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.split("/").pop() ?? "";
    if (seen.has(name)) return [];
    seen.add(name);
    const target = components[name];
    return target === undefined ? [] : looseObjects(target, `${where}→${name}`, seen);
  }
  const found: string[] = [];
  if (schema.properties !== undefined && schema.additionalProperties === undefined) found.push(where);
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    found.push(...looseObjects(child, `${where}.${key}`, seen));
  if (typeof schema.additionalProperties === "object")
    found.push(...looseObjects(schema.additionalProperties, `${where}.*`, seen));
  const items = Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : [];
  for (const item of [...items, ...(schema.prefixItems ?? [])])
    found.push(...looseObjects(item, `${where}[]`, seen));
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    found.push(...looseObjects(option, where, seen));
  return found;
}

describe("every request body is strict", () => {
  test("the service has routes with bodies to check", () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toContainEqual(expect.objectContaining({ method: "POST", path: "/v1/work-plans" }));
  });

  test("an unknown key at the top of any body is a 400 naming the key", async () => {
    const headers = t.authHeader({ sub: "hr-admin-1", roles: ["HR_ADMIN"], agency: "strict" });
    const answers: string[] = [];
    for (const route of routes) {
      const url = route.path
        .replace("{source}", "PEER")
        .replace("{token}", "A".repeat(43))
        .replace(/\{[^}]+\}/g, "x");
      const res = await t.app.inject({
        method: route.method as "POST",
        url,
        headers,
        payload: { zzUnknown: 1 },
      });
      const issues = (res.json().details?.issues ?? []) as { path: unknown[]; code?: string }[];
      const named = issues.some((i) => i.code === "unrecognized_keys" && i.path.at(-1) === "zzUnknown");
      if (res.statusCode !== 400 || !named) answers.push(`${route.method} ${route.path} → ${res.statusCode}`);
    }
    expect(answers).toEqual([]);
  });

  test("every object in every body schema refuses unknown keys (or accepts them on purpose)", () => {
    const loose = routes.flatMap((r) => looseObjects(r.schema, `${r.method} ${r.path} body`));
    expect(loose).toEqual([]);
  });
});

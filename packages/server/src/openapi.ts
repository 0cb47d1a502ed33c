/**
 * Tidies the OpenAPI document that fastify-type-provider-zod generates: every schema registered
 * with an id gets an input and an output twin (`X` and `XInput`); a twin identical to its
 * counterpart is merged into it, and components no path reaches are dropped, so the document has
 * one schema per shape and every `$ref` resolves.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PREFIX = "#/components/schemas/";

function mapRefs(value: Json, rename: (name: string) => string): Json {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, rename));
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof v === "string" && v.startsWith(PREFIX)
        ? PREFIX + rename(v.slice(PREFIX.length))
        : mapRefs(v, rename);
  }
  return out;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, into);
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string" && v.startsWith(PREFIX)) into.add(v.slice(PREFIX.length));
      else collectRefs(v, into);
    }
  }
}

/** Merges identical `XInput` twins into `X` and drops unreachable component schemas. */
export function tidyOpenApi<T extends object>(document: T): T {
  const doc = document as unknown as JsonObject;
  const components = (doc.components ?? {}) as JsonObject;
  const schemas = (components.schemas ?? {}) as JsonObject;
  const rename = (name: string): string => {
    const base = name.endsWith("Input") ? name.slice(0, -"Input".length) : undefined;
    if (base === undefined || schemas[base] === undefined || schemas[name] === undefined) return name;
    const same =
      JSON.stringify(mapRefs(schemas[name] as Json, (n) => n.replace(/Input$/, ""))) ===
      JSON.stringify(mapRefs(schemas[base] as Json, (n) => n.replace(/Input$/, "")));
    return same ? base : name;
  };
  const renamed = mapRefs(doc, rename) as JsonObject;
  const renamedSchemas = ((renamed.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const reachable = new Set<string>();
  const { components: _components, ...rest } = renamed;
  collectRefs(rest, reachable);
  const queue = [...reachable];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    const found = new Set<string>();
    collectRefs(renamedSchemas[name] ?? null, found);
    for (const ref of found)
      if (!reachable.has(ref)) {
        reachable.add(ref);
        queue.push(ref);
      }
  }
  const kept: JsonObject = {};
  for (const name of Object.keys(renamedSchemas).sort()) {
    if (reachable.has(name)) kept[name] = renamedSchemas[name] as Json;
  }
  return { ...renamed, components: { ...(renamed.components as JsonObject), schemas: kept } } as unknown as T;
}

import fc from "fast-check";
import type { z } from "zod";
import { compiledSchema } from "../fast-validate";
import { show } from "./compare";
import { clone } from "./transforms";

/** Values a mutation writes in place of a field: wrong types, edge numbers, bad dates, codes out of place. */
const ODD_VALUES: readonly unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -1,
  0.5,
  100,
  100.5,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "",
  " ",
  "x",
  "  padded  ",
  "2026-02-30",
  "2026-13-01",
  "2026-1-1",
  "2026-12-31",
  "SUPERVISOR",
  "PEER",
  "KUANTITAS",
  "DI_ATAS_EKSPEKTASI",
  "lower_case",
  "not a url",
  "https://example.org/bukti.pdf",
  "x".repeat(70),
  "x".repeat(2100),
  [],
  [1],
  {},
  { min: 90, max: 80 },
  { kind: "DOCUMENT" },
];

/** Keys a mutation adds to an object: unknown ones, and ones other objects of a case declare. */
const EXTRA_KEYS: readonly string[] = ["extra", "id", "name", "source", "weight", "period", "__proto__"];

const OPERATIONS = ["replace", "nudge", "delete", "add key", "drop item", "repeat item"] as const;

interface Edit {
  at: number;
  operation: (typeof OPERATIONS)[number];
  value: unknown;
  key: string;
  variant: number;
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

/** Every place in `value`: its parent and key (the root has none), depth first. */
function places(value: unknown): { parent: Container | undefined; key: string | number; node: unknown }[] {
  const out: { parent: Container | undefined; key: string | number; node: unknown }[] = [];
  const walk = (parent: Container | undefined, key: string | number, node: unknown) => {
    out.push({ parent, key, node });
    if (Array.isArray(node)) for (const [i, item] of node.entries()) walk(node, i, item);
    else if (isContainer(node)) for (const [k, item] of Object.entries(node)) walk(node, k, item);
  };
  walk(undefined, "", value);
  return out;
}

/** A value near `node`: a number moved across a bound, a string padded, cut or recased. */
function nudged(node: unknown, variant: number): unknown {
  if (typeof node === "number") {
    const options = [node + 1, node - 1, -node, node * 1000, node + 0.5, node - 100];
    return options[variant % options.length];
  }
  if (typeof node === "string") {
    const options = [` ${node}`, `${node} `, `${node}x`, node.slice(1), node.toLowerCase(), node.repeat(40)];
    return options[variant % options.length];
  }
  if (typeof node === "boolean") return variant % 2 === 0 ? String(node) : Number(node);
  return node;
}

function setKey(parent: Container, key: string | number, value: unknown): void {
  // A JSON body may carry an own `__proto__` key: define it rather than replace the prototype.
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function apply(root: unknown, edit: Edit): unknown {
  const all = places(root);
  const place = all[edit.at % all.length];
  if (place === undefined) return root;
  const { parent, key, node } = place;
  const replace = (value: unknown) => {
    if (parent === undefined) return value;
    setKey(parent, key, value);
    return root;
  };
  switch (edit.operation) {
    case "replace":
      return replace(edit.value);
    case "nudge":
      return replace(nudged(node, edit.variant));
    case "delete":
      if (parent === undefined) return undefined;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key as string];
      return root;
    case "add key":
      if (isContainer(node) && !Array.isArray(node)) setKey(node, edit.key, edit.value);
      return root;
    case "drop item":
      if (Array.isArray(node)) node.pop();
      return root;
    case "repeat item":
      if (Array.isArray(node) && node.length > 0) node.push(clone(node[edit.variant % node.length]));
      return root;
  }
}

/**
 * Inputs near the valid ones: each a valid input from `valid` with one to three random edits —
 * a field replaced by a value of the wrong type, an edge number, a bad date or a code out of
 * place; a number or string nudged across a bound; a key removed or added (including an own
 * `__proto__`); an array item dropped or repeated. Some stay valid, most do not.
 *
 * @example
 * fc.sample(arbitraryMutatedInput(arbitraryEvaluationCase()), 3);
 */
export function arbitraryMutatedInput(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const edit: fc.Arbitrary<Edit> = fc.record({
    at: fc.nat(),
    operation: fc.constantFrom(...OPERATIONS),
    value: fc.constantFrom(...ODD_VALUES),
    key: fc.constantFrom(...EXTRA_KEYS),
    variant: fc.nat(),
  });
  return fc
    .tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 }))
    .map(([input, edits]) => edits.reduce<unknown>((value, e) => apply(value, e), clone(input)));
}

/** Options of {@link checkCompiledSchema}. */
export interface CompiledSchemaOptions {
  /** Runs (default: fast-check's global `numRuns`). */
  numRuns?: number;
}

/** How many inputs the compiled schema accepted and refused while agreeing with zod. */
export interface CompiledSchemaReport {
  /** Inputs both accepted, with the same output. */
  accepted: number;
  /** Inputs both refused, with the same issues. */
  refused: number;
}

/**
 * Checks that a schema compiled once for fast validation (the path `parseCase` and every
 * evaluation take) decides every input of `inputs` exactly as the zod schema does: the same
 * accept or refuse, the same output (defaults, trims and key order included), the same issues
 * when refused, and the input left unchanged. Throws with fast-check's seed and counterexample
 * on the first difference; returns how many inputs were accepted and refused.
 *
 * @example
 * const { accepted, refused } = checkCompiledSchema(
 *   pkg.caseSchema ?? EvaluationCaseSchema,
 *   fc.oneof(cases, arbitraryMutatedInput(cases)),
 * );
 */
export function checkCompiledSchema(
  schema: z.ZodType,
  inputs: fc.Arbitrary<unknown>,
  options: CompiledSchemaOptions = {},
): CompiledSchemaReport {
  const fast = compiledSchema(schema);
  const report: CompiledSchemaReport = { accepted: 0, refused: 0 };
  fc.assert(
    fc.property(inputs, (input) => {
      const before = fc.stringify(input);
      const expected = schema.safeParse(input);
      const actual = fast.safeParse(input);
      if (fc.stringify(input) !== before) throw new Error(`the input was changed: ${show(input)}`);
      if (actual.success !== expected.success) {
        throw new Error(
          `zod ${expected.success ? "accepts" : "refuses"} but the compiled schema ${actual.success ? "accepts" : "refuses"}: ${show(expected.success ? expected.data : expected.error.issues)}`,
        );
      }
      const [a, e] = actual.success
        ? [fc.stringify(actual.data), fc.stringify(expected.data)]
        : [fc.stringify(actual.error.issues), fc.stringify(expected.error?.issues)];
      if (a !== e)
        throw new Error(
          `different ${actual.success ? "outputs" : "issues"}:\n  zod      ${e}\n  compiled ${a}`,
        );
      if (actual.success) report.accepted += 1;
      else report.refused += 1;
    }),
    options.numRuns === undefined ? {} : { numRuns: options.numRuns },
  );
  return report;
}

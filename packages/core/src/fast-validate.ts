import { z } from "zod";

/** Each schema's compiled twin, made on first use and kept as long as the schema lives. */
const compiled = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema compiled once by zod's own compiler (`z.compile`): a generated parser that builds
 * the same output (defaults, trims, stripped keys) and runs the same checks and refinements,
 * handing every input it refuses to the schema's ordinary parser, so a refused input gets
 * exactly the issues zod gives today. A schema the compiler cannot model (async checks, cycles)
 * comes back unchanged; so does every schema where code generation is not allowed (a page whose
 * Content-Security-Policy forbids `new Function`) or not wanted (`z.config({ jitless: true })`).
 * Compiled once per schema object: a package's `caseSchema` is compiled at its first case and
 * reused by every later one.
 *
 * @example
 * const fast = compiledSchema(EvaluationCaseSchema);
 * fast.safeParse(input); // same result as EvaluationCaseSchema.safeParse(input), faster
 */
export function compiledSchema<TSchema extends z.ZodType>(schema: TSchema): TSchema {
  let fast = compiled.get(schema);
  if (fast === undefined) {
    fast = z.config().jitless ? schema : z.compile(schema);
    compiled.set(schema, fast);
  }
  return fast as TSchema;
}

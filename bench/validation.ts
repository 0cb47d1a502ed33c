/**
 * Case validation alone and inside `evaluateMany` (issue 9, the validation target), outside the
 * test suite, interleaved runs, median and min–max, in cases per CPU-second of this process (its
 * threads and GC included), which a busy shared machine disturbs less than wall time:
 *
 *   node --import tsx bench/validation.ts [cases=20000] [--baseline <dir of a built @kinerja/core>]
 *
 * 1. Parsing the realistic case (bench/cases.ts) with `permenpanrb-6-2022`'s case schema: zod's
 *    runtime parser, the same schema compiled once (`z.compile`, what the engine uses), and
 *    `parseCase` (compiled schema plus the work plan's consistency checks).
 * 2. A refused case (no SUPERVISOR rating): the compiled path tries the compiled parser first and
 *    then runs zod for the issues, so a refusal costs a little more than zod alone.
 * 3. `evaluateMany` with `explain: "full"` and `"none"`; with `--baseline`, the same runs with the
 *    `evaluateMany` of another build (e.g. the commit before the compiled schema), interleaved.
 */
import { type evaluateMany as EvaluateMany, evaluateMany, parseCase } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { z } from "zod";
import { caseArray } from "./cases";
import { PERIOD } from "./engine";

const argv = process.argv.slice(2);
const baselineAt = argv.indexOf("--baseline");
const baselineDir = baselineAt >= 0 ? argv[baselineAt + 1] : undefined;
const N = Number(argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
const RUNS = 7;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (n: number | undefined) => Math.round(n ?? 0).toLocaleString("en");
  return `median ${r(s[Math.floor(s.length / 2)])} (min ${r(s[0])}, max ${r(s.at(-1))})`;
};
/** Seconds of CPU this process used (all its threads, GC included): steadier than wall time on a shared machine. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rate = (items: readonly Record<string, unknown>[], each: (input: unknown) => unknown) => {
  const c0 = cpu();
  for (const input of items) each(input);
  return items.length / (cpu() - c0);
};

const cases = caseArray(N);
const schema = permenpanrb6of2022.caseSchema ?? z.never();
const compiled = z.compile(schema);
const refused = cases.slice(0, Math.min(N, 5_000)).map((c) => ({
  ...c,
  assessments: [{ source: "SUPERVISOR", resultRating: "SESUAI_EKSPEKTASI" }],
}));

const parse: Record<string, number[]> = {
  zod: [],
  compiled: [],
  parseCase: [],
  refusedZod: [],
  refusedCompiled: [],
};
for (let run = 0; run < RUNS; run += 1) {
  parse.zod?.push(rate(cases, (c) => schema.safeParse(c)));
  parse.compiled?.push(rate(cases, (c) => compiled.safeParse(c)));
  parse.parseCase?.push(rate(cases, (c) => parseCase(c, permenpanrb6of2022)));
  parse.refusedZod?.push(rate(refused, (c) => schema.safeParse(c)));
  parse.refusedCompiled?.push(rate(refused, (c) => compiled.safeParse(c)));
}
console.log(
  `parse, ${N.toLocaleString("en")} realistic cases, permenpanrb-6-2022's case schema (cases per CPU-second):`,
);
console.log(`  zod runtime parser        ${stats(parse.zod ?? [])}`);
console.log(`  compiled once (z.compile) ${stats(parse.compiled ?? [])}`);
console.log(`  parseCase (compiled + consistency checks, no period) ${stats(parse.parseCase ?? [])}`);
console.log(`refused case (missing behaviourRating), issues built by zod (cases per CPU-second):`);
console.log(`  zod runtime parser        ${stats(parse.refusedZod ?? [])}`);
console.log(`  compiled, then zod        ${stats(parse.refusedCompiled ?? [])}`);

const baseline: typeof EvaluateMany | undefined = baselineDir
  ? ((await import(`${baselineDir}/index.js`)) as { evaluateMany: typeof EvaluateMany }).evaluateMany
  : undefined;
const many = async (fn: typeof EvaluateMany, explain: "full" | "none") => {
  const c0 = cpu();
  let n = 0;
  for await (const _ of fn(cases, permenpanrb6of2022, { config: {}, period: PERIOD, explain })) n += 1;
  return n / (cpu() - c0);
};
for (const explain of ["full", "none"] as const) {
  const ours: number[] = [];
  const theirs: number[] = [];
  await many(evaluateMany, explain);
  if (baseline) await many(baseline, explain);
  for (let run = 0; run < RUNS; run += 1) {
    ours.push(await many(evaluateMany, explain));
    if (baseline) theirs.push(await many(baseline, explain));
  }
  console.log(`evaluateMany, explain ${explain} (cases per CPU-second):`);
  console.log(`  this build               ${stats(ours)}`);
  if (baseline) console.log(`  baseline ${baselineDir}   ${stats(theirs)}`);
}

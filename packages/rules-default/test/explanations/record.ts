/**
 * Records the full explanations (titles and texts in both languages) of the current packages on
 * the cases their tests evaluate, so that moving the prose into catalogues provably keeps the
 * text: `node --import tsx packages/rules-default/test/explanations/record.ts [cases.ndjson]`.
 * Without an argument it re-records the cases already in full.json (after an intended wording
 * change, say which in the commit). The optional file holds one `{ id, version, input, config,
 * period, organisation }` a line, e.g. collected from a test run; extra.ts adds the branches
 * those cases miss.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { evaluate, isKinerjaError } from "@kinerja/core";
import { DEFAULT_RULE_PACKAGES } from "../../src/index";
import { EXTRA_CASES } from "./extra";

const PATH = fileURLToPath(new URL("./full.json", import.meta.url));
/** At most this many cases a package, spread over what the tests evaluate. */
const PER_PACKAGE = 80;

interface Recorded {
  id: string;
  input: unknown;
  options: Record<string, unknown>;
  explanation: unknown[];
  warnings: unknown[];
}

const file = process.argv[2];
const sources: { id: string; version?: string; input: unknown; options: Record<string, unknown> }[] = file
  ? readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const { id, version, input, ...rest } = JSON.parse(line);
        const options = Object.fromEntries(
          Object.entries(rest).filter(([, v]) => v !== undefined && v !== null),
        );
        return { id, version, input, options };
      })
  : (JSON.parse(readFileSync(PATH, "utf8")) as Recorded[]);
if (file) sources.push(...EXTRA_CASES);

const out: Recorded[] = [];
for (const pkg of DEFAULT_RULE_PACKAGES) {
  const mine = sources.filter(
    (s) => s.id === pkg.id && (s.version === undefined || s.version === pkg.version),
  );
  const step = Math.max(1, mine.length / PER_PACKAGE);
  const seen = new Set<string>();
  for (let k = 0; k < mine.length && seen.size < PER_PACKAGE; k += step) {
    const s = mine[Math.floor(k)];
    if (!s) continue;
    const key = JSON.stringify([s.input, s.options]);
    if (seen.has(key)) continue;
    try {
      const result = evaluate(s.input, pkg, { ...s.options, explain: "full" });
      seen.add(key);
      out.push({
        id: pkg.id,
        input: s.input,
        options: s.options,
        explanation: result.explanation.map(({ messageId: _m, params: _p, ...step }) => step),
        warnings: result.warnings,
      });
    } catch (error) {
      if (!isKinerjaError(error)) throw error;
    }
  }
  console.log(`${pkg.id}@${pkg.version}: ${seen.size} cases`);
}
writeFileSync(PATH, `[\n${out.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);

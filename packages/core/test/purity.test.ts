import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

// The core reads no clock, environment or randomness and does no I/O: time, ids and randomness
// are passed in, so every result can be reproduced and property-tested.
const src = fileURLToPath(new URL("../src", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });

const forbidden: [string, RegExp][] = [
  ["process", /\bprocess\s*\./],
  ["Date.now()", /\bDate\.now\s*\(/],
  ["new Date() without arguments", /\bnew Date\s*\(\s*\)/],
  ["Math.random()", /\bMath\.random\s*\(/],
  ["a Node.js built-in", /from\s+["']node:/],
  ["require()", /\brequire\s*\(/],
  ["a server or database library", /from\s+["'](fastify|pg|kysely|@electric-sql\/pglite)["'/]/],
];

describe("packages/core/src is pure", () => {
  test.each(files(src).map((f) => [f.slice(src.length + 1), f]))("%s", (_name, file) => {
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const [what, pattern] of forbidden) expect(pattern.test(code), `${file} uses ${what}`).toBe(false);
  });
});

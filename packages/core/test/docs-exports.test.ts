import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import * as core from "../src/index";

const doc = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url)), "utf8");

test("every value @kinerja/core exports is named in docs/core.md or docs/rule-packages.md", () => {
  const pages = doc("core.md") + doc("rule-packages.md");
  const unnamed = Object.keys(core).filter((name) => !pages.includes(`\`${name}\``) && !pages.includes(name));
  expect(unnamed).toEqual([]);
});

// Imports each built package from its dist/ (as a user would after `npm install`) and uses it.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";

const core = await import("@kinerja/core");
const testing = await import("@kinerja/core/testing");
const rules = await import("@kinerja/rules-default");
const server = await import("@kinerja/server");

assert.equal(typeof core.evaluate, "function");
assert.equal(typeof testing.checkRulePackage, "function");
assert.equal(typeof server.buildApp, "function");
const registry = rules.createDefaultRegistry();
const response = core.evaluateRequest(
  {
    rules: "permenpanrb-6-2022",
    period: { start: "2026-01-01", end: "2026-12-31" },
    organisation: { id: "disdik", predikat: "BAIK" },
    cases: [
      {
        employee: { id: "199001012015031001", positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
        workPlan: {
          results: [
            { id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 13 }] },
          ],
        },
        assessments: [
          { source: "SUPERVISOR", resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" },
        ],
      },
    ],
  },
  registry,
);
assert.equal(response.results[0].grade, "BAIK");
const { createKinerjaClient } = await import("@kinerja/client");
assert.equal(typeof createKinerjaClient({ baseUrl: "http://127.0.0.1:3000" }).GET, "function");
for (const name of ["@kinerja/core", "@kinerja/rules-default", "@kinerja/server", "@kinerja/client"]) {
  const url = import.meta.resolve(name);
  assert.match(url, /\/dist\//, `${name} resolves to ${url}, expected its dist/`);
}
const help = execFileSync(process.execPath, ["packages/server/dist/cli.js", "--help"], { encoding: "utf8" });
assert.match(help, /kinerja/);
console.log(
  "smoke: @kinerja/core, @kinerja/core/testing, @kinerja/rules-default, @kinerja/server and @kinerja/client load from dist/ and work",
);

import { evaluateMany, loadRulePackage } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";
import { realisticCases } from "./engine-cases";

const N = Number(process.argv[2] ?? 20000);
const cases = [...realisticCases(N)];
const loaded = loadRulePackage(permenpanrb6of2022, {});
const period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  let n = 0;
  for await (const _ of evaluateMany(cases, loaded, { period })) n++;
  console.log(`old evaluateMany: ${Math.round(n / ((performance.now() - t) / 1000))} cases/s`);
}

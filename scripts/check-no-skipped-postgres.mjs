// Fails when a PostgreSQL test was skipped (or none ran) in a vitest JSON report under CI=true.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const tests = report.testResults.flatMap((file) =>
  file.assertionResults.map((t) => ({ ...t, file: file.name })),
);
const postgres = tests.filter((t) => /postgres/i.test(`${t.fullName} ${t.ancestorTitles?.join(" ")}`));
const skipped = postgres.filter((t) => t.status !== "passed" && t.status !== "failed");
console.log(`PostgreSQL tests: ${postgres.length} found, ${skipped.length} not run`);
if (process.env.CI === "true" && (postgres.length === 0 || skipped.length > 0)) {
  for (const t of skipped.slice(0, 20)) console.error(`  not run: ${t.fullName} (${t.status})`);
  console.error("PostgreSQL tests must run in CI (CI=true); install Debian's postgresql package.");
  process.exit(1);
}

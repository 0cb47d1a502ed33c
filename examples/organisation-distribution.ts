/**
 * One organisation: evaluate its staff, check the SE MenPAN-RB 3/2023 distribution for the
 * organisation's predikat, and read the calibration proposal (never applied on its own).
 *
 * Run: npx tsx examples/organisation-distribution.ts
 */
import { pathToFileURL } from "node:url";
import { evaluateOrganisation } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";

const staff = (i: number, realization: number, resultRating: string, behaviourRating: string) => ({
  employee: { id: `19900101201503${String(1000 + i)}`, positionKind: "JA" },
  workPlan: {
    results: [{ id: `r${i}`, indicators: [{ id: `i${i}`, aspect: "KUANTITAS", target: 10, realization }] }],
  },
  assessments: [{ source: "SUPERVISOR", raterId: "196801011990031002", resultRating, behaviourRating }],
});

export function main(log: (line: string) => void = console.log) {
  // Ten staff, all rated SESUAI × SESUAI (BAIK) in an organisation rated BAIK: SE 3/2023 allows at
  // most 70 % BAIK and wants at least one BUTUH_PERBAIKAN or KURANG_MISCONDUCT.
  const cases = Array.from({ length: 10 }, (_, i) =>
    staff(i, 6 + i, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
  );
  const { distribution } = evaluateOrganisation(cases, permenpanrb6of2022, {
    organisation: { id: "bkpsdm", predikat: "BAIK" },
  });
  log(`counts: ${JSON.stringify(distribution.counts)}`);
  for (const v of distribution.violations) log(`  ${v.severity}: ${v.message.id}`);
  for (const c of distribution.proposal?.changes ?? [])
    log(`  propose ${c.employeeId}: ${c.from} → ${c.to} (${c.reason.en})`);
  return distribution;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

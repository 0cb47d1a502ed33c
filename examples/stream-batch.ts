/**
 * A large batch as a stream: `evaluateMany` takes any (async) iterable and yields results one at
 * a time, so memory stays flat whatever the number of cases. Here the cases come from a
 * generator; in production, from a database cursor or an NDJSON file.
 *
 * Run: npx tsx examples/stream-batch.ts
 */
import { pathToFileURL } from "node:url";
import { evaluateMany, loadRulePackage } from "@kinerja/core";
import { pp46of2011 } from "@kinerja/rules-default";

function* legacyCases(count: number) {
  for (let i = 0; i < count; i += 1) {
    yield {
      employee: { id: `1980${String(i).padStart(14, "0")}`, positionKind: "JA", structural: false },
      workPlan: {
        results: [
          {
            id: "k1",
            indicators: [
              { id: "k1-output", aspect: "KUANTITAS", target: 12, realization: 6 + (i % 8) },
              { id: "k1-quality", aspect: "KUALITAS", target: 100, realization: 60 + (i % 41) },
              { id: "k1-time", aspect: "WAKTU", target: 12, realization: 12 },
            ],
          },
        ],
      },
      assessments: [
        {
          source: "SUPERVISOR",
          behaviour: {
            ORIENTASI_PELAYANAN: 80,
            INTEGRITAS: 85,
            KOMITMEN: 80,
            DISIPLIN: 60 + (i % 40),
            KERJA_SAMA: 80,
          },
        },
      ],
    };
  }
}

export async function main(count = 1_000, log: (line: string) => void = console.log) {
  const pkg = loadRulePackage(pp46of2011); // configuration parsed once
  const counts: Record<string, number> = {};
  for await (const result of evaluateMany(legacyCases(count), pkg)) {
    counts[result.grade] = (counts[result.grade] ?? 0) + 1;
  }
  log(`PP 46/2011 grades over ${count} cases: ${JSON.stringify(counts)}`);
  return counts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

/**
 * Embedding the core: evaluate one employee with the national scheme (PermenPAN-RB 6/2022),
 * read the explanation, move a work plan through its workflow and ask the policy.
 *
 * Run: npx tsx examples/embed-core.ts
 */
import { pathToFileURL } from "node:url";
import { can, evaluate, transitionWorkPlan } from "@kinerja/core";
import { permenpanrb6of2022 } from "@kinerja/rules-default";

export function main(log: (line: string) => void = console.log) {
  const result = evaluate(
    {
      employee: {
        id: "199001012015031001",
        name: "Siti Rahmawati",
        positionKind: "JF",
        functionalLevel: "AHLI_PERTAMA",
      },
      workPlan: {
        results: [
          {
            id: "r1",
            description: "Laporan analisis kebijakan kepegawaian",
            indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 13, unit: "laporan" }],
          },
        ],
      },
      assessments: [
        {
          source: "SUPERVISOR",
          raterId: "196801011990031002",
          resultRating: "SESUAI_EKSPEKTASI",
          behaviourRating: "DI_ATAS_EKSPEKTASI",
        },
      ],
    },
    permenpanrb6of2022,
    { period: { start: "2026-01-01", end: "2026-02-28", cadence: "MONTHLY" } },
  );

  log(`predikat: ${result.grade}`);
  for (const step of result.explanation) log(`  [${step.rule}] ${step.text?.id} (${step.legalBasis})`);
  const ak = result.consequences.find((c) => c.kind === "ANGKA_KREDIT");
  log(`angka kredit: ${String(ak?.value)}`);

  const submitted = transitionWorkPlan("DRAFT", {
    type: "SUBMIT",
    actorId: "199001012015031001",
    at: "2026-01-05T08:00:00Z",
  });
  const approved = transitionWorkPlan(submitted.state, {
    type: "APPROVE",
    actorId: "196801011990031002",
    at: "2026-01-06T09:30:00Z",
  });
  log(`work plan: DRAFT → ${submitted.state} → ${approved.state}`);

  const mayApproveOwn = can(
    { id: "199001012015031001", agencyId: "disdik", roles: ["EMPLOYEE"] },
    "workPlan.approve",
    {
      kind: "workPlan",
      agencyId: "disdik",
      ownerId: "199001012015031001",
      supervisorChain: ["196801011990031002"],
    },
  );
  log(`may an employee approve their own plan? ${mayApproveOwn}`);
  return { result, planState: approved.state, mayApproveOwn };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

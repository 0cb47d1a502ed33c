/**
 * The baselines the engine is compared with: the 9-cell rating matrix of PermenPANRB 6/2022
 * (result rating × behaviour rating → predikat) by hand and as json-rules-engine rules. They do
 * only the matrix — no validation, no indicators, no explanation — so they are a ceiling, not a
 * peer doing the same work.
 */
import { Engine } from "json-rules-engine";
import { RATINGS } from "./cases";

type Rating = (typeof RATINGS)[number];

/** The predikat of each (result, behaviour) pair. */
export const MATRIX: Record<Rating, Record<Rating, string>> = {
  DI_ATAS_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "SANGAT_BAIK",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_BAWAH_EKSPEKTASI: "KURANG",
  },
  SESUAI_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "BAIK",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_BAWAH_EKSPEKTASI: "KURANG",
  },
  DI_BAWAH_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "BUTUH_PERBAIKAN",
    SESUAI_EKSPEKTASI: "BUTUH_PERBAIKAN",
    DI_BAWAH_EKSPEKTASI: "SANGAT_KURANG",
  },
};

/** The supervisor's two ratings of a realistic case. */
export function supervisorRatings(c: Record<string, unknown>): { result: Rating; behaviour: Rating } {
  const assessments = c.assessments as { source: string; resultRating?: Rating; behaviourRating: Rating }[];
  const supervisor = assessments.find((a) => a.source === "SUPERVISOR");
  return { result: supervisor?.resultRating as Rating, behaviour: supervisor?.behaviourRating as Rating };
}

/** A json-rules-engine (v7) engine with the 9 cells as 9 rules. */
export function matrixEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const result of RATINGS) {
    for (const behaviour of RATINGS) {
      engine.addRule({
        conditions: {
          all: [
            { fact: "result", operator: "equal", value: result },
            { fact: "behaviour", operator: "equal", value: behaviour },
          ],
        },
        event: { type: "predikat", params: { predikat: MATRIX[result][behaviour] } },
      });
    }
  }
  return engine;
}

/** Runs the json-rules-engine matrix over `cases`; returns how many got a predikat. */
export async function jsonRulesEngineMatrix(
  engine: Engine,
  cases: Record<string, unknown>[],
): Promise<number> {
  let graded = 0;
  for (const c of cases) {
    const { events } = await engine.run(supervisorRatings(c));
    if (events.length > 0) graded += 1;
  }
  return graded;
}

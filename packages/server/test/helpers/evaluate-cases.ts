/** A valid `permenpanrb-6-2022` case and the annual period, for the evaluate route's tests. */
import type { TestApp } from "./app";

export const ANNUAL_2026 = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" };

/**
 * Case `i`: a functional official with one result and one indicator; the realisation and the
 * results rating vary with `i`. `description` (optional) makes the body larger per case.
 */
export function permenpanCase(i: number, description?: string) {
  return {
    employee: {
      id: `19900101201503${String(i).padStart(4, "0")}`,
      positionKind: "JF",
      functionalLevel: "AHLI_PERTAMA",
    },
    workPlan: {
      results: [
        {
          id: "r1",
          ...(description === undefined ? {} : { description }),
          indicators: [
            { id: "i1", aspect: "KUANTITAS", target: 12, realization: 10 + (i % 5), unit: "laporan" },
          ],
        },
      ],
    },
    assessments: [
      {
        source: "SUPERVISOR",
        raterId: "196801011990031002",
        resultRating: i % 3 === 0 ? "DI_ATAS_EKSPEKTASI" : "SESUAI_EKSPEKTASI",
        behaviourRating: "DI_ATAS_EKSPEKTASI",
      },
    ],
  };
}

/** `POST /v1/evaluate` with `payload` sent as it is (JSON text), as an employee of agency `ag`. */
export function postEvaluateText(t: TestApp, payload: string) {
  return t.app.inject({
    method: "POST",
    url: "/v1/evaluate",
    headers: {
      ...t.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "ag" }),
      "content-type": "application/json",
    },
    payload,
  });
}

import { defineRulePackage, isKinerjaError } from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { type CalibrationPoolMember, planCalibration } from "../src/calibration";

const pkg = defineRulePackage({
  id: "toy-grades",
  version: "1.0.0",
  title: { id: "Contoh", en: "Toy" },
  legalBasis: ["none (test package)"],
  configSchema: z.object({}),
  inputs: [],
  grades: [
    { code: "A", label: { id: "A", en: "A" } },
    { code: "B", label: { id: "B", en: "B" } },
    { code: "C", label: { id: "C", en: "C" } },
  ],
  evaluate: () => ({ grade: "A", score: null, ratings: {}, explanation: [] }),
});

const pool: CalibrationPoolMember[] = [
  { employeeId: "e1", assessmentId: "a1", grade: "A", final: true, version: 2 },
  { employeeId: "e2", assessmentId: "a2", grade: "B", final: true, version: 1 },
  { employeeId: "e3", assessmentId: "a3", grade: "B", final: false, version: 1 },
];

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isKinerjaError(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("planCalibration", () => {
  test("plans each change from the current grade, in the order given", () => {
    expect(
      planCalibration(
        pool,
        [
          { employeeId: "e2", to: "C", reason: "lowest capaian in the unit" },
          { employeeId: "e1", to: "B", reason: "curve" },
        ],
        pkg,
      ),
    ).toEqual([
      {
        employeeId: "e2",
        assessmentId: "a2",
        from: "B",
        to: "C",
        reason: "lowest capaian in the unit",
        version: 1,
      },
      { employeeId: "e1", assessmentId: "a1", from: "A", to: "B", reason: "curve", version: 2 },
    ]);
  });

  test("names the field of each bad change", () => {
    const error = errorOf(() =>
      planCalibration(
        pool,
        [
          { employeeId: "nobody", to: "A", reason: "r" },
          { employeeId: "e1", to: "Z", reason: "r" },
          { employeeId: "e2", to: "B", reason: "r" },
        ],
        pkg,
      ),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((error.details.issues as { path: unknown[] }[]).map((i) => i.path)).toEqual([
      ["changes", 0, "employeeId"],
      ["changes", 1, "to"],
      ["changes", 2, "to"],
    ]);
    const twice = errorOf(() =>
      planCalibration(
        pool,
        [
          { employeeId: "e1", to: "B", reason: "r" },
          { employeeId: "e1", to: "C", reason: "r" },
        ],
        pkg,
      ),
    );
    expect(twice.details.issues).toEqual([expect.objectContaining({ path: ["changes", 1, "employeeId"] })]);
  });

  test("a non-final assessment or a stale version is a conflict", () => {
    expect(errorOf(() => planCalibration(pool, [{ employeeId: "e3", to: "A", reason: "r" }], pkg)).code).toBe(
      "CONFLICT",
    );
    expect(
      errorOf(() => planCalibration(pool, [{ employeeId: "e1", to: "C", reason: "r", version: 1 }], pkg))
        .code,
    ).toBe("CONFLICT");
  });
});

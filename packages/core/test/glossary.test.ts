import { describe, expect, test } from "vitest";
import { RatingSchema } from "../src/assessment";
import { FunctionalLevelSchema, PositionKindSchema } from "../src/employee";
import { CORE_VALUE_GUIDES, GLOSSARY, label, lookup } from "../src/glossary";
import { OrganisationPredikatSchema } from "../src/organisation";
import { CadenceSchema } from "../src/period";
import { EvidenceKindSchema } from "../src/realization";
import {
  AggregationSchema,
  ApproachSchema,
  AspectSchema,
  CoreValueSchema,
  DirectionSchema,
  PerspectiveSchema,
  ResultKindSchema,
} from "../src/work-plan";

describe("glossary", () => {
  test.each([
    ["positionKind", PositionKindSchema.options],
    ["functionalLevel", FunctionalLevelSchema.options],
    ["approach", ApproachSchema.options],
    ["resultKind", ResultKindSchema.options],
    ["perspective", PerspectiveSchema.options],
    ["aspect", AspectSchema.options],
    ["direction", DirectionSchema.options],
    ["aggregation", AggregationSchema.options],
    ["coreValue", CoreValueSchema.options],
    ["rating", RatingSchema.options],
    ["organisationPredikat", OrganisationPredikatSchema.options],
    ["cadence", CadenceSchema.options],
    ["evidenceKind", EvidenceKindSchema.options],
  ] as const)("every %s code has exactly one Indonesian and English label", (category, codes) => {
    expect(Object.keys(GLOSSARY[category]).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      const l = label(category, code);
      expect(l?.id.length, code).toBeGreaterThan(0);
      expect(l?.en.length, code).toBeGreaterThan(0);
    }
  });

  test("the predikat labels follow the regulation", () => {
    expect(label("predikat", "KURANG_MISCONDUCT")).toEqual({
      id: "Kurang/Misconduct",
      en: "Poor/Misconduct",
    });
    expect(label("rating", "DI_ATAS_EKSPEKTASI")?.id).toBe("Di atas ekspektasi");
  });

  test("each BerAKHLAK value has its three behavioural guides", () => {
    for (const value of CoreValueSchema.options) expect(CORE_VALUE_GUIDES[value]).toHaveLength(3);
    expect(CORE_VALUE_GUIDES.ADAPTIF[2]).toEqual({ id: "Bertindak proaktif", en: "Acts proactively" });
  });

  test("lookup finds codes by label in either language", () => {
    expect(lookup("Triwulanan")).toEqual([
      { category: "cadence", code: "QUARTERLY", label: { id: "Triwulanan", en: "Quarterly" } },
    ]);
    expect(lookup("meets expectations").map((e) => e.code)).toEqual(["SESUAI_EKSPEKTASI"]);
    expect(label("aspect", "NOPE")).toBeUndefined();
  });
});

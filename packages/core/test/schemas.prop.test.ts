import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { describe, expect } from "vitest";
import type { z } from "zod";
import { AssessmentSchema, RatingSchema, SourceSchema } from "../src/assessment";
import {
  AgencySchema,
  EmployeeIdSchema,
  EmployeeSchema,
  FunctionalLevelSchema,
  OrganisationUnitSchema,
  PositionKindSchema,
  ReportingLineSchema,
} from "../src/employee";
import {
  BoundSchema,
  CalibrationChangeSchema,
  CalibrationProposalSchema,
  ConsequenceSchema,
  DistributionSchema,
  EvaluationCaseSchema,
  EvaluationRequestSchema,
  EvaluationResponseSchema,
  EvaluationResultSchema,
  ExplanationStepSchema,
  JsonSchema,
  RatingsSchema,
  ViolationSchema,
  WarningSchema,
} from "../src/evaluation";
import { OrganisationPredikatSchema, OrganisationSchema } from "../src/organisation";
import { CadenceSchema, IsoDateSchema, PeriodSchema } from "../src/period";
import { EvidenceKindSchema, EvidenceSchema, RealizationSchema } from "../src/realization";
import {
  arbitraryAgency,
  arbitraryAssessment,
  arbitraryAttachments,
  arbitraryBehaviourExpectation,
  arbitraryCalibrationChange,
  arbitraryCalibrationProposal,
  arbitraryConsequence,
  arbitraryDistribution,
  arbitraryEmployee,
  arbitraryEmployeeId,
  arbitraryEvaluationCase,
  arbitraryEvaluationRequest,
  arbitraryEvaluationResponse,
  arbitraryEvaluationResult,
  arbitraryEvidence,
  arbitraryExplanationStep,
  arbitraryIndicator,
  arbitraryIsoDate,
  arbitraryJson,
  arbitraryLocalizedText,
  arbitraryOrganisation,
  arbitraryOrganisationUnit,
  arbitraryPeriod,
  arbitraryRealization,
  arbitraryReportingLine,
  arbitraryResult,
  arbitraryTarget,
  arbitraryViolation,
  arbitraryWarning,
  arbitraryWorkPlan,
} from "../src/testing";
import { LocalizedTextSchema } from "../src/text";
import {
  AggregationSchema,
  ApproachSchema,
  AspectSchema,
  AttachmentsSchema,
  BehaviourExpectationSchema,
  CoreValueSchema,
  DirectionSchema,
  IndicatorSchema,
  PerspectiveSchema,
  ResultKindSchema,
  ResultSchema,
  TargetRangeSchema,
  TargetSchema,
  WorkPlanSchema,
} from "../src/work-plan";

// parse ∘ serialise = identity: a parsed value written as JSON and parsed again is the same value.

const enumOf = (schema: { options: readonly string[] }) => fc.constantFrom(...schema.options);

const schemas: [string, z.ZodType, fc.Arbitrary<unknown>][] = [
  ["LocalizedTextSchema", LocalizedTextSchema, arbitraryLocalizedText()],
  ["EmployeeIdSchema", EmployeeIdSchema, arbitraryEmployeeId()],
  ["PositionKindSchema", PositionKindSchema, enumOf(PositionKindSchema)],
  ["FunctionalLevelSchema", FunctionalLevelSchema, enumOf(FunctionalLevelSchema)],
  ["EmployeeSchema", EmployeeSchema, arbitraryEmployee()],
  ["OrganisationUnitSchema", OrganisationUnitSchema, arbitraryOrganisationUnit()],
  ["AgencySchema", AgencySchema, arbitraryAgency()],
  ["ReportingLineSchema", ReportingLineSchema, arbitraryReportingLine()],
  ["OrganisationPredikatSchema", OrganisationPredikatSchema, enumOf(OrganisationPredikatSchema)],
  ["OrganisationSchema", OrganisationSchema, arbitraryOrganisation()],
  ["CadenceSchema", CadenceSchema, enumOf(CadenceSchema)],
  ["IsoDateSchema", IsoDateSchema, arbitraryIsoDate()],
  ["PeriodSchema", PeriodSchema, arbitraryPeriod()],
  ["ApproachSchema", ApproachSchema, enumOf(ApproachSchema)],
  ["ResultKindSchema", ResultKindSchema, enumOf(ResultKindSchema)],
  ["PerspectiveSchema", PerspectiveSchema, enumOf(PerspectiveSchema)],
  ["AspectSchema", AspectSchema, enumOf(AspectSchema)],
  ["DirectionSchema", DirectionSchema, enumOf(DirectionSchema)],
  ["AggregationSchema", AggregationSchema, enumOf(AggregationSchema)],
  ["CoreValueSchema", CoreValueSchema, enumOf(CoreValueSchema)],
  ["TargetRangeSchema", TargetRangeSchema, arbitraryTarget().filter((t) => typeof t !== "number")],
  ["TargetSchema", TargetSchema, arbitraryTarget()],
  ["IndicatorSchema", IndicatorSchema, arbitraryIndicator()],
  ["ResultSchema", ResultSchema, arbitraryResult()],
  ["BehaviourExpectationSchema", BehaviourExpectationSchema, arbitraryBehaviourExpectation()],
  ["AttachmentsSchema", AttachmentsSchema, arbitraryAttachments()],
  ["WorkPlanSchema", WorkPlanSchema, arbitraryWorkPlan()],
  ["EvidenceKindSchema", EvidenceKindSchema, enumOf(EvidenceKindSchema)],
  ["EvidenceSchema", EvidenceSchema, arbitraryEvidence()],
  ["RealizationSchema", RealizationSchema, arbitraryRealization()],
  ["SourceSchema", SourceSchema, arbitraryAssessment().map((a) => a.source)],
  ["RatingSchema", RatingSchema, enumOf(RatingSchema)],
  ["AssessmentSchema", AssessmentSchema, arbitraryAssessment()],
  ["EvaluationCaseSchema", EvaluationCaseSchema, arbitraryEvaluationCase()],
  ["EvaluationRequestSchema", EvaluationRequestSchema, arbitraryEvaluationRequest()],
  ["JsonSchema", JsonSchema, arbitraryJson()],
  ["ExplanationStepSchema", ExplanationStepSchema, arbitraryExplanationStep()],
  ["WarningSchema", WarningSchema, arbitraryWarning()],
  ["ConsequenceSchema", ConsequenceSchema, arbitraryConsequence()],
  ["RatingsSchema", RatingsSchema, arbitraryEvaluationResult().map((r) => r.ratings)],
  ["EvaluationResultSchema", EvaluationResultSchema, arbitraryEvaluationResult()],
  ["BoundSchema", BoundSchema, arbitraryViolation().map((v) => v.bound)],
  ["ViolationSchema", ViolationSchema, arbitraryViolation()],
  ["CalibrationChangeSchema", CalibrationChangeSchema, arbitraryCalibrationChange()],
  ["CalibrationProposalSchema", CalibrationProposalSchema, arbitraryCalibrationProposal()],
  ["DistributionSchema", DistributionSchema, arbitraryDistribution()],
  ["EvaluationResponseSchema", EvaluationResponseSchema, arbitraryEvaluationResponse()],
];

describe("parse ∘ serialise = identity", () => {
  for (const [name, schema, arbitrary] of schemas) {
    test.prop([arbitrary])(name, (value) => {
      const parsed = schema.parse(value);
      expect(schema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    });
  }
});

/**
 * `@kinerja/core`: the pure domain library for evaluating the performance of Indonesian civil
 * servants (ASN) under PermenPAN-RB 6/2022 and the schemes that came before and beside it.
 * No I/O, no clock, no randomness: time and identifiers are passed in.
 *
 * @packageDocumentation
 */

export { type Assessment, type AssessmentInput, AssessmentSchema, BASE_SOURCES, type Rating, RATINGS_BEST_FIRST, RatingSchema, type Source, SourceSchema } from "./assessment";
export {
  type IndicatorCapaian,
  type NilaiBandOptions,
  type PlanCapaian,
  type ResultCapaian,
  capaianHigherIsBetter,
  capaianLowerIsBetter,
  efficiencyScore,
  indicatorCapaian,
  indicatorRealization,
  nilaiFromCapaian,
  planCapaian,
  resultCapaian,
  sortedSum,
  weightedMean,
} from "./capaian";
export {
  type Agency,
  AgencySchema,
  type Employee,
  type EmployeeInput,
  EmployeeIdSchema,
  EmployeeSchema,
  type FunctionalLevel,
  FunctionalLevelSchema,
  type OrganisationUnit,
  OrganisationUnitSchema,
  type PositionKind,
  PositionKindSchema,
  type ReportingLine,
  ReportingLineSchema,
} from "./employee";
export {
  type EvaluateManyOptions,
  countGrades,
  distribute,
  evaluate,
  evaluateMany,
  evaluateOrganisation,
  evaluateRequest,
  parseCase,
} from "./engine";
export {
  ERROR_CODES,
  type KinerjaErrorCode,
  type KinerjaErrorOptions,
  type KinerjaIssue,
  KinerjaError,
  formatPath,
  isKinerjaError,
  parseOrThrow,
  validationError,
} from "./errors";
export {
  BoundSchema,
  type CalibrationChange,
  CalibrationChangeSchema,
  type CalibrationProposal,
  CalibrationProposalSchema,
  type Consequence,
  ConsequenceSchema,
  type Distribution,
  DistributionSchema,
  type EvaluationCase,
  type EvaluationCaseInput,
  EvaluationCaseSchema,
  type EvaluationRequest,
  EvaluationRequestSchema,
  type EvaluationResponse,
  EvaluationResponseSchema,
  type EvaluationResult,
  EvaluationResultSchema,
  type ExplanationStep,
  ExplanationStepSchema,
  type Json,
  JsonSchema,
  RatingsSchema,
  type Violation,
  ViolationSchema,
  type Warning,
  WarningSchema,
} from "./evaluation";
export { type Explainer, type StepInput, explainer } from "./explanation";
export { CORE_VALUE_GUIDES, GLOSSARY, type GlossaryCategory, label, lookup } from "./glossary";
export { type Organisation, type OrganisationPredikat, OrganisationPredikatSchema, OrganisationSchema } from "./organisation";
export {
  type Cadence,
  CadenceSchema,
  IsoDateSchema,
  type Period,
  type PeriodInput,
  PeriodSchema,
  type SubPeriod,
  isInPeriod,
  subPeriods,
  wholeMonths,
} from "./period";
export { type Evidence, EvidenceKindSchema, EvidenceSchema, type Realization, RealizationSchema } from "./realization";
export { type RulePackageRegistry, type RulePackageSpec, createRegistry, parseRulePackageSpec } from "./registry";
export {
  type AnyRulePackage,
  type EvaluationContext,
  type GradeDefinition,
  type InputDeclaration,
  type InputKind,
  type LoadedRulePackage,
  type PackageOutcome,
  type RulePackage,
  type RulePackageDefinition,
  defineRulePackage,
  gradeRank,
  isLoadedRulePackage,
  loadRulePackage,
} from "./rule-package";
export { type Language, type LocalizedText, LocalizedTextSchema, text } from "./text";
export {
  type Aggregation,
  AggregationSchema,
  type Approach,
  ApproachSchema,
  type Aspect,
  AspectSchema,
  AttachmentsSchema,
  type Attachments,
  type BehaviourExpectation,
  BehaviourExpectationSchema,
  type CoreValue,
  CoreValueSchema,
  type Direction,
  DirectionSchema,
  type Indicator,
  IndicatorSchema,
  type Perspective,
  PerspectiveSchema,
  type Result,
  type ResultKind,
  ResultKindSchema,
  ResultSchema,
  type Target,
  TargetRangeSchema,
  TargetSchema,
  type WorkPlan,
  type WorkPlanInput,
  WorkPlanSchema,
  defaultAggregation,
  defaultDirection,
} from "./work-plan";

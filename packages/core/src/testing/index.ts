/**
 * `@kinerja/core/testing`: the fairness kit. fast-check arbitraries for every schema, and a
 * property suite that any rule package runs against itself (determinism, permutation and
 * identity invariance, monotonicity, grades on the scale, validation, and fair calibration).
 * fast-check is a peer dependency.
 *
 * @packageDocumentation
 */

export {
  type AssessmentArbitraryOptions,
  arbitraryAgency,
  arbitraryAssessment,
  arbitraryAttachments,
  arbitraryBehaviourExpectation,
  arbitraryCalibrationChange,
  arbitraryCalibrationProposal,
  arbitraryConsequence,
  arbitraryDistribution,
  arbitraryEmployee,
  arbitraryEmployeeAttributes,
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
  arbitraryNip,
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
  type EvaluationCaseArbitraryOptions,
  type EvaluationRequestArbitraryOptions,
  type ResultArbitraryOptions,
  type WorkPlanArbitraryOptions,
} from "./arbitraries";
export {
  checkRulePackage,
  type FairnessOptions,
  type FairnessProperty,
  fairnessProperties,
} from "./properties";
export {
  arbitraryMutatedInput,
  type CompiledSchemaOptions,
  type CompiledSchemaReport,
  checkCompiledSchema,
} from "./validation";

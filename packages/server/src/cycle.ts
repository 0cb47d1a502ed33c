import {
  type Assessment,
  type Employee,
  type EvaluationCaseInput,
  type EvaluationContext,
  type EvaluationResult,
  EvaluationResultSchema,
  evaluate,
  KinerjaError,
  type LoadedRulePackage,
  label,
  loadRulePackage,
  type Organisation,
  OrganisationPredikatSchema,
  type Period,
  type PeriodState,
  parseCase,
  RatingSchema,
  type Resource,
  type RulePackageRegistry,
  type Warning,
} from "@kinerja/core";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { storedRatings } from "./assessment-rows";
import type { AssessmentRow, CycleTables } from "./cycle-tables";
import { canonicalOrder, type Round, roundsOf } from "./feedback-rounds";
import { findSelfAssessment, selfAssessment } from "./self-periodic";
import {
  type DB,
  type EmployeeRow,
  type LoadOptions,
  notFound,
  type PeriodRow,
  supervisorChain,
  type Tx,
} from "./storage";

const withCycle = (db: Kysely<DB>) => db.withTables<CycleTables>();
/** The query builder (or a transaction) over the tables of migrations 0001 and 0002. */
export type CycleDb = ReturnType<typeof withCycle>;

/** Reaches the tables of migration 0002 from a query builder or transaction. */
export function cycleDb(db: Kysely<DB>): CycleDb {
  return withCycle(db);
}

/** Period states in which feedback may be requested and given (pelaksanaan and penilaian). */
export const FEEDBACK_STATES: readonly PeriodState[] = ["EXECUTION", "ASSESSMENT"];
/** Period states in which assessments may be written, finalised and reopened. */
export const ASSESSMENT_STATES: readonly PeriodState[] = ["ASSESSMENT", "CALIBRATION", "REOPENED"];
/** Period states in which calibration changes may be applied. */
export const CALIBRATION_STATES: readonly PeriodState[] = ["CALIBRATION", "REOPENED"];

/** Throws CONFLICT unless the period is in one of `states` (e.g. finalising needs ASSESSMENT). */
export function requirePeriodState(period: PeriodRow, states: readonly PeriodState[], doing: string): void {
  if (!states.includes(period.state as PeriodState)) {
    throw new KinerjaError(
      "CONFLICT",
      `period ${period.id} is ${period.state}: ${doing} is possible only while it is ${states.join(" or ")}`,
      { details: { periodId: period.id, state: period.state, allowed: [...states] } },
    );
  }
}

/** The core period of a period row. */
export function corePeriod(period: PeriodRow): Period {
  return { start: period.start_date, end: period.end_date, cadence: period.cadence as Period["cadence"] };
}

/** An employee row with its unit's name. */
export type EmployeeWithUnit = EmployeeRow & { unit_name: string | null };

/** The employee with their unit's name, looked up within the agency (another agency's employee is NOT_FOUND). */
export async function loadEmployeeWithUnit(
  tx: Tx,
  agencyId: string,
  employeeId: string,
): Promise<EmployeeWithUnit> {
  const row = await tx
    .selectFrom("employees as e")
    .leftJoin("units as u", (join) =>
      join.onRef("u.agency_id", "=", "e.agency_id").onRef("u.id", "=", "e.unit_id"),
    )
    .selectAll("e")
    .select("u.name as unit_name")
    .where("e.agency_id", "=", agencyId)
    .where("e.id", "=", employeeId)
    .executeTakeFirst();
  if (row === undefined) throw notFound("employee", employeeId);
  return row;
}

/** The policy resource of something about an employee (the owner and their supervisor chain). */
export async function employeeResource(
  tx: Tx,
  kind: Resource["kind"],
  employee: EmployeeRow,
  extra: Omit<Resource, "kind" | "agencyId" | "ownerId" | "supervisorChain"> = {},
): Promise<Resource> {
  return {
    kind,
    agencyId: employee.agency_id,
    ownerId: employee.id,
    supervisorChain: await supervisorChain(tx, employee.agency_id, employee.id),
    ...extra,
  };
}

/** The core employee of a row. */
export function coreEmployee(row: EmployeeWithUnit): Employee {
  return {
    id: row.id,
    ...(row.name === null ? {} : { name: row.name }),
    positionKind: row.position_kind as Employee["positionKind"],
    structural: row.structural,
    ...(row.functional_level === null
      ? {}
      : { functionalLevel: row.functional_level as NonNullable<Employee["functionalLevel"]> }),
    isUnitHead: row.is_unit_head,
    ...(row.unit_id === null ? {} : { unitId: row.unit_id }),
    ...(row.unit_name === null ? {} : { unitName: row.unit_name }),
    ...(row.supervisor_id === null ? {} : { supervisorId: row.supervisor_id }),
    attributes: row.attributes ?? {},
  };
}

/**
 * The rule package, exact version and configuration the period pinned when planning started,
 * loaded; CONFLICT when the period has not pinned one yet.
 */
export function pinnedPackage(period: PeriodRow, registry: RulePackageRegistry): LoadedRulePackage {
  if (period.rule_package_id === null || period.rule_package_version === null) {
    throw new KinerjaError(
      "CONFLICT",
      `period ${period.id} has no rule package yet: it is pinned when planning starts`,
      {
        details: { periodId: period.id, state: period.state },
      },
    );
  }
  const pkg = registry.resolve(period.rule_package_id, period.rule_package_version);
  return loadRulePackage(pkg, period.rule_package_config ?? {});
}

/** The unit's organisation result (predikat) for the period, when set. */
export async function organisationOf(
  tx: Tx,
  period: PeriodRow,
  unitId: string | null,
): Promise<Organisation | undefined> {
  if (unitId === null) return undefined;
  const row = await cycleDb(tx)
    .selectFrom("organisation_results as o")
    .innerJoin("units as u", (join) =>
      join.onRef("u.agency_id", "=", "o.agency_id").onRef("u.id", "=", "o.unit_id"),
    )
    .select(["o.unit_id", "o.predikat", "u.name"])
    .where("o.period_id", "=", period.id)
    .where("o.unit_id", "=", unitId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { id: row.unit_id, name: row.name, predikat: OrganisationPredikatSchema.parse(row.predikat) };
}

/** The supervisor's assessment row of an employee in a period, if any. */
export async function findAssessment(
  tx: Tx,
  agencyId: string,
  periodId: string,
  employeeId: string,
  options: LoadOptions = {},
): Promise<AssessmentRow | undefined> {
  let query = cycleDb(tx)
    .selectFrom("assessments")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("period_id", "=", periodId)
    .where("employee_id", "=", employeeId);
  if (options.forUpdate === true) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The supervisor's assessment as a core assessment (the comments stay out of the case). */
export function supervisorAssessment(row: AssessmentRow): Assessment {
  return {
    source: "SUPERVISOR",
    raterId: row.rater_id,
    ...storedRatings(row),
    ...(row.justification === null ? {} : { justification: row.justification }),
  };
}

/** What a case is evaluated with, as stored with a final assessment. */
export const CaseSnapshotSchema = z.object({
  /** The case (core EvaluationCase input). */
  case: z.record(z.string(), z.unknown()),
  /** The period. */
  period: z.object({ start: z.string(), end: z.string(), cadence: z.string() }),
  /** The organisation and its predikat, when set. */
  organisation: z
    .object({ id: z.string(), name: z.string().optional(), predikat: OrganisationPredikatSchema })
    .optional(),
});
/** A case snapshot. */
export type CaseSnapshot = z.infer<typeof CaseSnapshotSchema>;

/** A case ready to evaluate, and the warnings the service adds. */
export interface BuiltCase {
  /** The case, its period and organisation. */
  snapshot: CaseSnapshot;
  /** Warnings about feedback left out of the case. */
  warnings: Warning[];
}

/** The warning for a round whose answers are not used: still open, or closed below k; none when released. */
function unreleasedWarning(round: Round, k: number): Warning | undefined {
  if (round.released) return undefined;
  const name = label("source", round.source) ?? { id: round.source, en: round.source };
  if (round.state === "OPEN") {
    return {
      code: "FEEDBACK_ROUND_OPEN",
      message: {
        id: `Umpan balik ${name.id} belum dipakai: putarannya masih terbuka. Hasilnya dirilis saat atasan atau SDM menutupnya (atau saat penilaian difinalkan), bila ada minimal ${k} jawaban.`,
        en: `${name.en} feedback is not used yet: its round is still open. It is released when the supervisor or HR closes it (or the assessment is finalised), with at least ${k} answers.`,
      },
      path: ["assessments"],
    };
  }
  return {
    code: "FEEDBACK_BELOW_ANONYMITY_THRESHOLD",
    message: {
      id: `Umpan balik ${name.id} tidak dipakai: putarannya ditutup dengan ${round.answerCount} jawaban, minimal ${k} agar penilai tetap anonim.`,
      en: `${name.en} feedback is left out: its round closed with ${round.answerCount} answer(s); at least ${k} are needed to keep raters anonymous.`,
    },
    path: ["assessments"],
  };
}

/**
 * Builds the evaluation case of an employee for a period from the store: the employee, their
 * APPROVED work plan and its realisations, the supervisor's assessment, and the anonymous
 * feedback of every RELEASED round only (closed with at least k answers, `minAnonymousAnswers`):
 * an open round, or one closed with fewer answers, is left out with a warning, so that no result
 * or explanation changes with one person's answer. Anonymous answers are ordered by content,
 * never by arrival. CONFLICT when there is no approved work plan.
 */
export async function buildCase(
  tx: Tx,
  period: PeriodRow,
  employee: EmployeeWithUnit,
  minAnonymousAnswers: number,
): Promise<BuiltCase> {
  const plan = await tx
    .selectFrom("work_plans")
    .select(["id", "state", "plan"])
    .where("agency_id", "=", employee.agency_id)
    .where("period_id", "=", period.id)
    .where("employee_id", "=", employee.id)
    .where("state", "<>", "REJECTED")
    .executeTakeFirst();
  if (plan === undefined || plan.state !== "APPROVED") {
    throw new KinerjaError(
      "CONFLICT",
      `${employee.id} has no approved work plan in period ${period.id}${plan ? ` (it is ${plan.state})` : ""}; it is needed to evaluate`,
      { details: { employeeId: employee.id, periodId: period.id, workPlanState: plan?.state ?? null } },
    );
  }
  const realizations = await tx
    .selectFrom("realizations")
    .select(["indicator_id", "sub_period", "value", "evidence"])
    .where("work_plan_id", "=", plan.id)
    .orderBy("indicator_id")
    .orderBy("sub_period")
    .execute();
  const assessments: Assessment[] = [];
  const assessment = await findAssessment(tx, employee.agency_id, period.id, employee.id);
  if (assessment !== undefined) assessments.push(supervisorAssessment(assessment));
  const self = await findSelfAssessment(tx, employee.agency_id, period.id, employee.id);
  if (self !== undefined) assessments.push(selfAssessment(self));
  const warnings: Warning[] = [];
  const rounds = await roundsOf(tx, employee.agency_id, period.id, employee.id);
  for (const source of [...rounds.keys()].sort()) {
    const round = rounds.get(source) as Round;
    const warning = unreleasedWarning(round, minAnonymousAnswers);
    if (warning !== undefined) {
      warnings.push(warning);
      continue;
    }
    for (const answer of canonicalOrder(round.answers))
      assessments.push({ behaviour: {}, ...answer, source } as Assessment);
  }
  const organisation = await organisationOf(tx, period, employee.unit_id);
  const caseInput: EvaluationCaseInput = {
    employee: coreEmployee(employee),
    workPlan: plan.plan as EvaluationCaseInput["workPlan"],
    realizations: realizations.map((r) => ({
      indicatorId: r.indicator_id,
      subPeriod: r.sub_period,
      value: r.value,
      evidence: r.evidence as NonNullable<EvaluationCaseInput["realizations"]>[number]["evidence"],
    })),
    assessments,
  };
  return {
    snapshot: {
      case: JSON.parse(JSON.stringify(caseInput)) as Record<string, unknown>,
      period: corePeriod(period),
      ...(organisation ? { organisation } : {}),
    },
    warnings,
  };
}

function contextOf(snapshot: CaseSnapshot): EvaluationContext {
  return {
    period: snapshot.period as Period,
    ...(snapshot.organisation ? { organisation: snapshot.organisation } : {}),
  };
}

/** Evaluates a built case with the period's pinned package (core `evaluate`), adding the service's warnings. */
export function evaluateBuilt(built: BuiltCase, lp: LoadedRulePackage): EvaluationResult {
  const result = evaluate(built.snapshot.case, lp, contextOf(built.snapshot));
  return built.warnings.length === 0
    ? result
    : { ...result, warnings: [...result.warnings, ...built.warnings] };
}

/**
 * The final result of a FINAL assessment: the stored snapshot, with the calibrated grade when
 * calibrated and the consequences the package gives for that grade (from the stored case).
 */
export function finalResultOf(row: AssessmentRow, lp: LoadedRulePackage): EvaluationResult {
  if (row.status !== "FINAL" || row.result === null) {
    throw new KinerjaError("CONFLICT", `the assessment of ${row.employee_id} is not final`, {
      details: { employeeId: row.employee_id, status: row.status },
    });
  }
  const result = EvaluationResultSchema.parse(row.result);
  const grade = row.calibrated_grade;
  if (grade === null || grade === result.grade) return result;
  const calibrated: EvaluationResult = { ...result, grade };
  const pkg = lp.package;
  if (pkg.consequences === undefined || row.case_snapshot === null) return calibrated;
  const snapshot = CaseSnapshotSchema.parse(row.case_snapshot);
  const context = contextOf(snapshot);
  const parsed = parseCase(snapshot.case, pkg, context.period ? { period: context.period } : {});
  return { ...calibrated, consequences: pkg.consequences(calibrated, parsed, lp.config, context) };
}

/** The rule package (id and exact version) a period pinned, as the API shows it; CONFLICT when none yet. */
export function pinnedRef(period: PeriodRow): { id: string; version: string } {
  if (period.rule_package_id === null || period.rule_package_version === null) {
    throw new KinerjaError(
      "CONFLICT",
      `period ${period.id} has no rule package yet: it is pinned when planning starts`,
      { details: { periodId: period.id, state: period.state } },
    );
  }
  return { id: period.rule_package_id, version: period.rule_package_version };
}

/**
 * The final result of a FINAL assessment of a period. In a CLOSED period: the result it closed
 * with (stored at CLOSE, consequences included), so a closed period reads the same whatever
 * rule packages are registered; otherwise (or for a period closed before results were stored
 * at CLOSE) {@link finalResultOf} with the period's pinned package.
 */
export function periodFinalResult(
  period: PeriodRow,
  row: AssessmentRow,
  registry: RulePackageRegistry,
): EvaluationResult {
  if (period.state === "CLOSED" && row.status === "FINAL" && row.closed_result !== null) {
    return EvaluationResultSchema.parse(row.closed_result);
  }
  return finalResultOf(row, pinnedPackage(period, registry));
}

/**
 * Stores, on every FINAL assessment of a period that is closing, the final result it closes
 * with (see {@link periodFinalResult}).
 */
export async function storeClosedResults(
  tx: Tx,
  period: PeriodRow,
  registry: RulePackageRegistry,
): Promise<void> {
  const rows = await cycleDb(tx)
    .selectFrom("assessments")
    .selectAll()
    .where("agency_id", "=", period.agency_id)
    .where("period_id", "=", period.id)
    .where("status", "=", "FINAL")
    .execute();
  if (rows.length === 0) return;
  const lp = pinnedPackage(period, registry);
  // One statement per 500 assessments (not one per assessment): closing an agency of thousands
  // of staff stays a few round trips inside the transaction.
  for (let at = 0; at < rows.length; at += CLOSED_RESULTS_PER_STATEMENT) {
    const values = rows
      .slice(at, at + CLOSED_RESULTS_PER_STATEMENT)
      .map((row) => sql`(${row.id}, ${JSON.stringify(finalResultOf(row, lp))})`);
    await sql`update assessments as a set closed_result = cast(v.result as jsonb)
      from (values ${sql.join(values)}) as v (id, result)
      where a.id = v.id and a.agency_id = ${period.agency_id} and a.period_id = ${period.id}`.execute(tx);
  }
}

const CLOSED_RESULTS_PER_STATEMENT = 500;

const Iso = z.string().describe("ISO 8601 timestamp");

/** An assessment as the API shows it. */
export const AssessmentViewSchema = z
  .object({
    /** Assessment id. */
    id: z.string(),
    /** Period id. */
    periodId: z.string(),
    /** The employee assessed. */
    employeeId: z.string(),
    /** The assessor (pejabat penilai kinerja). */
    raterId: z.string(),
    /** DRAFT while the assessor works on it; FINAL once finalised (immutable until reopened). */
    status: z.enum(["DRAFT", "FINAL"]),
    /** Rating hasil kerja. */
    resultRating: RatingSchema.nullable(),
    /** Rating perilaku kerja. */
    behaviourRating: RatingSchema.nullable(),
    /** Behaviour scores by aspect. */
    behaviour: z.record(z.string(), z.number()),
    /** Why the assessor departs from the suggested rating. */
    justification: z.string().nullable(),
    /** Comments. */
    comments: z.string().nullable(),
    /** The final grade (after calibration); null while DRAFT. */
    grade: z.string().nullable(),
    /** The grade the rule package gave, before calibration; null while DRAFT. */
    evaluatedGrade: z.string().nullable(),
    /** The rule package the result was reached with. */
    rulePackage: z.object({ id: z.string(), version: z.string() }).nullable(),
    /** When finalised. */
    finalisedAt: Iso.nullable(),
    /** Who finalised. */
    finalisedBy: z.string().nullable(),
    /** Why it was last reopened. */
    reopenReason: z.string().nullable(),
    /** When it was last reopened. */
    reopenedAt: Iso.nullable(),
    /** Who last reopened it. */
    reopenedBy: z.string().nullable(),
    /** Optimistic-concurrency version (send it back as If-Match). */
    version: z.number().int(),
    /** When created. */
    createdAt: Iso,
    /** When last changed. */
    updatedAt: Iso,
  })
  .meta({ id: "Assessment" });
/** An assessment view. */
export type AssessmentView = z.infer<typeof AssessmentViewSchema>;

const isoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** The API view of an assessment row. */
export function assessmentView(row: AssessmentRow): AssessmentView {
  const evaluated = row.result === null ? null : String((row.result as { grade?: unknown }).grade ?? "");
  return {
    id: row.id,
    periodId: row.period_id,
    employeeId: row.employee_id,
    raterId: row.rater_id,
    status: row.status === "FINAL" ? "FINAL" : "DRAFT",
    resultRating: row.result_rating === null ? null : RatingSchema.parse(row.result_rating),
    behaviourRating: row.behaviour_rating === null ? null : RatingSchema.parse(row.behaviour_rating),
    behaviour: row.behaviour ?? {},
    justification: row.justification,
    comments: row.comments,
    grade: row.status === "FINAL" ? (row.calibrated_grade ?? evaluated) : null,
    evaluatedGrade: row.status === "FINAL" ? evaluated : null,
    rulePackage:
      row.rule_package_id === null || row.rule_package_version === null
        ? null
        : { id: row.rule_package_id, version: row.rule_package_version },
    finalisedAt: isoOrNull(row.finalised_at),
    finalisedBy: row.finalised_by,
    reopenReason: row.reopen_reason,
    reopenedAt: isoOrNull(row.reopened_at),
    reopenedBy: row.reopened_by,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Path parameters of routes about one employee in one period. */
export const PeriodEmployeeParamsSchema = z.object({
  /** Period id. */
  periodId: z.string().min(1).max(64),
  /** The employee's id (NIP). */
  employeeId: z.string().min(1).max(64),
});

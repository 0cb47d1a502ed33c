import { resultCapaian, weightedMean } from "./capaian";
import type { ReportingLine } from "./employee";
import { KinerjaError } from "./errors";
import type { Realization } from "./realization";
import type { Result, WorkPlan } from "./work-plan";

/** A work plan as the cascade needs it: its id, its employee and its results. */
export type CascadePlan = Pick<WorkPlan, "id" | "employeeId"> & {
  /** The plan's results (RHK); `parentResultId` names the superior's RHK it intervenes. */
  results: readonly Pick<Result, "id" | "kind" | "parentResultId" | "weight" | "indicators">[];
};

/** The kinds of cascade problem {@link checkCascade} reports, each with what it means. */
export const CASCADE_ISSUE_CODES = {
  /** A plan has no id. */
  PLAN_ID_MISSING: "a plan in a cascade needs an id",
  /** A plan has no employeeId. */
  EMPLOYEE_MISSING: "a plan in a cascade needs an employeeId",
  /** Two plans share an id. */
  DUPLICATE_PLAN_ID: "plan ids must be unique",
  /** Two results (in the same or different plans) share an id. */
  DUPLICATE_RESULT_ID: "result ids must be unique across plans",
  /** The reporting lines give an employee more than one direct superior. */
  MULTIPLE_SUPERVISORS: "an employee has one direct superior",
  /** The reporting lines contain a cycle (including reporting to oneself). */
  REPORTING_CYCLE: "reporting lines must not form a cycle",
  /** A result's parent is not a result of any plan. */
  PARENT_NOT_FOUND: "the intervened result does not exist",
  /** A result names a parent, but its employee has no direct superior. */
  NO_SUPERIOR: "a result can intervene only its employee's direct superior's result",
  /** A result's parent is in the plan of someone other than the employee's direct superior. */
  PARENT_NOT_IN_SUPERIOR_PLAN: "the intervened result must be in the direct superior's plan",
  /** Results' parents form a cycle (including a result that is its own parent). */
  PARENT_CYCLE: "intervened results must not form a cycle",
  /** (with `requireParent`) A UTAMA result names no parent although the superior's plan is present. */
  MISSING_PARENT: "a main result must intervene a result of the direct superior",
} as const;

/** A cascade issue code. */
export type CascadeIssueCode = keyof typeof CASCADE_ISSUE_CODES;

/** One problem of a cascade, naming the plan, employee and result concerned. */
export interface CascadeIssue {
  /** What kind of problem. */
  code: CascadeIssueCode;
  /** What is wrong, where, and what is expected. */
  message: string;
  /** Where, e.g. `["plans", 2, "results", 0, "parentResultId"]` or `["reportingLines", 4]`. */
  path: (string | number)[];
  /** The plan concerned. */
  planId?: string;
  /** The employee concerned. */
  employeeId?: string;
  /** The result concerned. */
  resultId?: string;
}

/** Options of {@link checkCascade}. */
export interface CascadeOptions {
  /**
   * Report MISSING_PARENT for a UTAMA result that intervenes nothing although its employee's
   * direct superior has a plan in the set (default false: plans of a partial set are not
   * blamed for what is not there).
   */
  requireParent?: boolean;
}

interface Located {
  planIndex: number;
  resultIndex: number;
  planId: string | undefined;
  employeeId: string | undefined;
}

const planLabel = (plan: CascadePlan, index: number): string =>
  `plan ${plan.id ?? `#${index}`}${plan.employeeId === undefined ? "" : ` (employee ${plan.employeeId})`}`;

const named = (plan: CascadePlan): { planId?: string; employeeId?: string } => ({
  ...(plan.id === undefined ? {} : { planId: plan.id }),
  ...(plan.employeeId === undefined ? {} : { employeeId: plan.employeeId }),
});

function checkReportingLines(lines: readonly ReportingLine[], issues: CascadeIssue[]): Map<string, string> {
  const superior = new Map<string, string>();
  lines.forEach((line, i) => {
    const known = superior.get(line.employeeId);
    if (known !== undefined && known !== line.supervisorId) {
      issues.push({
        code: "MULTIPLE_SUPERVISORS",
        message: `reporting line ${i}: employee ${line.employeeId} already reports to ${known}, not also to ${line.supervisorId}; an employee has one direct superior`,
        path: ["reportingLines", i],
        employeeId: line.employeeId,
      });
      return;
    }
    superior.set(line.employeeId, line.supervisorId);
  });
  const reported = new Set<string>();
  for (const start of superior.keys()) {
    const seen: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !seen.includes(current)) {
      seen.push(current);
      current = superior.get(current);
    }
    if (current === undefined) continue;
    const cycle = seen.slice(seen.indexOf(current));
    const key = [...cycle].sort().join("\u0000");
    if (reported.has(key)) continue;
    reported.add(key);
    const first = [...cycle].sort()[0] ?? current;
    const ordered = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
    issues.push({
      code: "REPORTING_CYCLE",
      message: `reporting lines form a cycle: ${ordered.join(" → ")}; remove one of these lines`,
      path: ["reportingLines", lines.findIndex((l) => l.employeeId === first)],
      employeeId: first,
    });
  }
  return superior;
}

/**
 * Checks a set of work plans against the reporting lines (PermenPAN-RB 6/2022: each RHK
 * intervenes an RHK of the direct superior, the pejabat penilai kinerja): every plan has an id
 * and an employee; plan ids and result ids are unique across the set; each employee has one
 * direct superior and the reporting lines have no cycle; each `parentResultId` names a result in
 * a plan of the employee's DIRECT superior; result parents form no cycle. Returns the issues,
 * empty when the cascade is consistent, in a stable order (reporting lines, then plans in order).
 */
export function checkCascade(
  plans: readonly CascadePlan[],
  reportingLines: readonly ReportingLine[],
  options: CascadeOptions = {},
): CascadeIssue[] {
  const issues: CascadeIssue[] = [];
  const superior = checkReportingLines(reportingLines, issues);

  const planIds = new Map<string, number>();
  const employeesWithPlans = new Set<string>();
  plans.forEach((plan, p) => {
    if (plan.id === undefined) {
      issues.push({
        code: "PLAN_ID_MISSING",
        message: `${planLabel(plan, p)}: give the plan an id`,
        path: ["plans", p, "id"],
        ...named(plan),
      });
    } else if (planIds.has(plan.id)) {
      issues.push({
        code: "DUPLICATE_PLAN_ID",
        message: `${planLabel(plan, p)}: plan id ${plan.id} is also used by plans[${planIds.get(plan.id)}]; plan ids must be unique`,
        path: ["plans", p, "id"],
        ...named(plan),
      });
    } else {
      planIds.set(plan.id, p);
    }
    if (plan.employeeId === undefined) {
      issues.push({
        code: "EMPLOYEE_MISSING",
        message: `${planLabel(plan, p)}: name the plan's employeeId`,
        path: ["plans", p, "employeeId"],
        ...named(plan),
      });
    } else {
      employeesWithPlans.add(plan.employeeId);
    }
  });

  const index = new Map<string, Located>();
  plans.forEach((plan, p) => {
    plan.results.forEach((result, r) => {
      const first = index.get(result.id);
      if (first !== undefined) {
        const where =
          first.planIndex === p ? "the same plan" : `plan ${first.planId ?? `#${first.planIndex}`}`;
        issues.push({
          code: "DUPLICATE_RESULT_ID",
          message: `${planLabel(plan, p)}: result id ${result.id} is also used in ${where}; result ids must be unique across plans`,
          path: ["plans", p, "results", r, "id"],
          ...named(plan),
          resultId: result.id,
        });
        return;
      }
      index.set(result.id, { planIndex: p, resultIndex: r, planId: plan.id, employeeId: plan.employeeId });
    });
  });

  plans.forEach((plan, p) => {
    const boss = plan.employeeId === undefined ? undefined : superior.get(plan.employeeId);
    plan.results.forEach((result, r) => {
      const path = ["plans", p, "results", r, "parentResultId"];
      const where = `${planLabel(plan, p)}, result ${result.id}`;
      const parentId = result.parentResultId;
      if (parentId === undefined) {
        if (
          options.requireParent &&
          result.kind === "UTAMA" &&
          boss !== undefined &&
          employeesWithPlans.has(boss)
        ) {
          issues.push({
            code: "MISSING_PARENT",
            message: `${where}: a main result must name the result of ${boss}'s plan it intervenes (parentResultId)`,
            path,
            ...named(plan),
            resultId: result.id,
          });
        }
        return;
      }
      if (parentId === result.id) {
        issues.push({
          code: "PARENT_CYCLE",
          message: `${where}: a result cannot intervene itself`,
          path,
          ...named(plan),
          resultId: result.id,
        });
        return;
      }
      const parent = index.get(parentId);
      if (parent === undefined) {
        issues.push({
          code: "PARENT_NOT_FOUND",
          message: `${where}: parentResultId ${parentId} is not a result of any plan${boss === undefined ? "" : `; it must be a result of ${boss}'s plan`}`,
          path,
          ...named(plan),
          resultId: result.id,
        });
        return;
      }
      if (boss === undefined) {
        issues.push({
          code: "NO_SUPERIOR",
          message: `${where}: intervenes ${parentId}, but employee ${plan.employeeId ?? "(unknown)"} has no direct superior in the reporting lines`,
          path,
          ...named(plan),
          resultId: result.id,
        });
        return;
      }
      if (parent.employeeId !== boss) {
        issues.push({
          code: "PARENT_NOT_IN_SUPERIOR_PLAN",
          message: `${where}: intervenes ${parentId} of ${parent.employeeId ?? "an unknown employee"}, but it must intervene a result of the direct superior ${boss}`,
          path,
          ...named(plan),
          resultId: result.id,
        });
      }
    });
  });

  const reported = new Set<string>();
  for (const start of index.keys()) {
    const seen: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !seen.includes(current)) {
      seen.push(current);
      const at = index.get(current);
      const next =
        at === undefined ? undefined : plans[at.planIndex]?.results[at.resultIndex]?.parentResultId;
      current = next !== undefined && index.has(next) ? next : undefined;
    }
    if (current === undefined) continue;
    const cycle = seen.slice(seen.indexOf(current));
    if (cycle.length < 2) continue;
    const key = [...cycle].sort().join("\u0000");
    if (reported.has(key)) continue;
    reported.add(key);
    const first = [...cycle].sort()[0] ?? current;
    const at = index.get(first);
    const plan = at === undefined ? undefined : plans[at.planIndex];
    if (at === undefined || plan === undefined) continue;
    const ordered = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
    issues.push({
      code: "PARENT_CYCLE",
      message: `${planLabel(plan, at.planIndex)}: intervened results form a cycle: ${ordered.join(" → ")}`,
      path: ["plans", at.planIndex, "results", at.resultIndex, "parentResultId"],
      ...named(plan),
      resultId: first,
    });
  }
  return issues;
}

/** Throws a KinerjaError CASCADE_INVALID with `details.issues` when {@link checkCascade} finds any issue. */
export function assertCascade(
  plans: readonly CascadePlan[],
  reportingLines: readonly ReportingLine[],
  options: CascadeOptions = {},
): void {
  const issues = checkCascade(plans, reportingLines, options);
  if (issues.length === 0) return;
  const head = issues
    .slice(0, 3)
    .map((i) => i.message)
    .join("; ");
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  throw new KinerjaError("CASCADE_INVALID", `work plan cascade: ${head}${more}`, { details: { issues } });
}

/** How a rolled-up capaian was reached. */
export type RollUpBasis = "OWN" | "CHILDREN" | "NONE";

/** A subordinate result that intervenes a result, with its rolled-up capaian. */
export interface RolledUpChild {
  /** The child's plan. */
  planId: string;
  /** The child result. */
  resultId: string;
  /** The child's rolled-up capaian, in percent. */
  capaian: number;
  /** The child's weight in its own plan, when given. */
  weight?: number;
}

/** The rolled-up capaian of one result. */
export interface RolledUpResult {
  /** The result's plan. */
  planId: string;
  /** The plan's employee. */
  employeeId: string;
  /** The result. */
  resultId: string;
  /** The capaian of the result's own indicators, when any of them has a realisation; else `null`. */
  own: number | null;
  /** The subordinate results that intervene this one. */
  children: RolledUpChild[];
  /** The mean of the children's rolled-up capaian (weighted when every child has a weight); `null` without children. */
  childrenCapaian: number | null;
  /** Whether `childrenCapaian` used the children's weights (`true`) or a plain mean (`false`); `null` without children. */
  weighted: boolean | null;
  /** The rolled-up capaian: `own` when present, else `childrenCapaian`, else 0. */
  capaian: number;
  /** OWN, CHILDREN, or NONE (no realisation anywhere below: 0, as a result not carried out). */
  basis: RollUpBasis;
}

/**
 * Rolls capaian up the cascade (PermenPAN-RB 6/2022: an RHK is carried by the subordinates'
 * RHK that intervene it). For each result:
 * - `own` is the capaian of its own indicators ({@link resultCapaian}, PermenPAN-RB 8/2021),
 *   when at least one of them has a realisation (in `realizationsByPlan[planId]` or the
 *   indicator's `realization`);
 * - `childrenCapaian` is the mean of the rolled-up capaian of the results that intervene it:
 *   weighted by the children's `weight` when every child has one, a plain mean otherwise (the
 *   children's weights come from different plans, so they are used only when all are given);
 * - `capaian` is `own` when the result's own indicators were measured — the superior's IKI
 *   measure the superior's result directly, and the children only contribute to it — and the
 *   children's mean otherwise (a proxy while the superior has recorded nothing); 0 when neither
 *   exists (not carried out). Both numbers are always reported, so a reader sees when the two
 *   disagree.
 * The cascade is checked first ({@link assertCascade}): rolled-up numbers over an inconsistent
 * cascade would be meaningless. The output follows the order of plans and results; the numbers
 * do not depend on that order.
 */
export function rollUp(
  plans: readonly CascadePlan[],
  reportingLines: readonly ReportingLine[],
  realizationsByPlan: Readonly<Record<string, readonly Realization[]>> = {},
): RolledUpResult[] {
  assertCascade(plans, reportingLines);
  type Entry = { planId: string; employeeId: string; result: CascadePlan["results"][number] };
  const entries: Entry[] = [];
  const children = new Map<string, Entry[]>();
  for (const plan of plans) {
    for (const result of plan.results) {
      // assertCascade guarantees both ids.
      const entry = { planId: plan.id ?? "", employeeId: plan.employeeId ?? "", result };
      entries.push(entry);
      if (result.parentResultId !== undefined) {
        const list = children.get(result.parentResultId) ?? [];
        list.push(entry);
        children.set(result.parentResultId, list);
      }
    }
  }
  const done = new Map<string, RolledUpResult>();
  const roll = (entry: Entry): RolledUpResult => {
    const cached = done.get(entry.result.id);
    if (cached !== undefined) return cached;
    const realizations = realizationsByPlan[entry.planId] ?? [];
    const computed = resultCapaian(entry.result, realizations);
    const measured = computed.indicators.some((i) => i.realization !== undefined);
    const own = measured ? computed.capaian : null;
    const kids: RolledUpChild[] = (children.get(entry.result.id) ?? []).map((child) => ({
      planId: child.planId,
      resultId: child.result.id,
      capaian: roll(child).capaian,
      ...(child.result.weight === undefined ? {} : { weight: child.result.weight }),
    }));
    const weighted = kids.length === 0 ? null : kids.every((k) => k.weight !== undefined);
    const childrenCapaian =
      kids.length === 0
        ? null
        : weightedMean(kids.map((k) => [k.capaian, weighted ? (k.weight ?? 1) : 1] as const));
    const rolled: RolledUpResult = {
      planId: entry.planId,
      employeeId: entry.employeeId,
      resultId: entry.result.id,
      own,
      children: kids,
      childrenCapaian,
      weighted,
      capaian: own ?? childrenCapaian ?? 0,
      basis: own !== null ? "OWN" : childrenCapaian !== null ? "CHILDREN" : "NONE",
    };
    done.set(entry.result.id, rolled);
    return rolled;
  };
  return entries.map(roll);
}

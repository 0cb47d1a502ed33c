import {
  authorize,
  distribute,
  type EvaluationResult,
  type LoadedRulePackage,
  OrganisationPredikatSchema,
  ViolationSchema,
} from "@kinerja/core";
import { PERMENPANRB_6_2022_ID, type Permenpanrb6of2022Config } from "@kinerja/rules-default";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { cycleDb, employeeResource, finalResultOf, organisationOf, pinnedPackage } from "../cycle";
import type { RouteDeps } from "../deps";
import { inTransaction, loadPeriod } from "../storage/index";
import { ERROR_RESPONSES } from "./record-support";

const BoundViewSchema = z.object({
  /** The rule id, as a violation names it (`permenpanrb-6-2022/distribution/BAIK/max-baik`). */
  rule: z.string(),
  /** The grades counted together. */
  grades: z.array(z.string()),
  /** AT_MOST or AT_LEAST. */
  kind: z.enum(["AT_MOST", "AT_LEAST"]),
  /** The share of the team, 0–1. */
  share: z.number(),
  /** A head count the bound never goes below. */
  minCount: z.number().int(),
  /** AT_LEAST only: strictly more than the share ("sebagian besar"). */
  exceedShare: z.boolean(),
  /** Whether the team's final results violate it. */
  violated: z.boolean(),
});

/** The signed-in superior's team distribution against the curve. */
export const TeamDistributionSchema = z
  .object({
    periodId: z.string(),
    /** The organisation result (predikat) of the superior's unit, when HR has set it. */
    organisation: z
      .object({ id: z.string(), name: z.string().optional(), predikat: OrganisationPredikatSchema })
      .nullable(),
    /** The rule package pinned by the period (null before planning starts). */
    rulePackage: z.object({ id: z.string(), version: z.string() }).nullable(),
    /** Direct reports with a final result, and their (calibrated) grade. */
    members: z.array(z.object({ employeeId: z.string(), grade: z.string() })),
    /** Direct reports without a final result yet. */
    pending: z.array(z.string()),
    /** Final results per grade (every grade of the scale, zeros included). */
    counts: z.record(z.string(), z.number().int()),
    /** The bounds of the organisation's predikat (SE 3/2023 for permenpanrb-6-2022), each with whether it is violated. */
    bounds: z.array(BoundViewSchema),
    /** The violated bounds as the rule package states them. */
    violations: z.array(ViolationSchema),
  })
  .meta({ id: "TeamDistribution" });

function boundsOf(
  lp: LoadedRulePackage,
  predikat: string | undefined,
  violated: Set<string>,
): z.infer<typeof BoundViewSchema>[] {
  if (lp.package.id !== PERMENPANRB_6_2022_ID || predikat === undefined) return [];
  const config = lp.config as Permenpanrb6of2022Config;
  const rules = config.distribution.bounds[predikat as keyof typeof config.distribution.bounds] ?? [];
  return rules.map((b) => {
    const rule = `${PERMENPANRB_6_2022_ID}/distribution/${predikat}/${b.id}`;
    return {
      rule,
      grades: [...b.grades],
      kind: b.kind,
      share: b.share,
      minCount: b.minCount,
      exceedShare: b.exceedShare,
      violated: violated.has(rule),
    };
  });
}

/**
 * The superior's view of the curve: the final results of their direct reports counted per grade
 * and checked against the distribution bounds of their unit's organisation predikat (the
 * calibration itself stays HR's, per unit).
 */
export const teamDistributionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get(
    "/periods/:periodId/team/distribution",
    {
      config: { action: "result.read" },
      schema: {
        tags: ["calibration"],
        summary: "My team's final results against the distribution curve (the signed-in superior)",
        description:
          "The signed-in actor's direct reports: their final (calibrated) grades counted per grade, the organisation predikat of the actor's unit, the bounds of that predikat (SE 3/2023 under permenpanrb-6-2022) and the violated ones. Anyone may call it; without direct reports the team is empty. Nothing is stored; the unit's calibration stays HR's (`…/units/{unitId}/calibration`).",
        params: z.object({ periodId: z.string().min(1).max(64) }),
        response: { 200: TeamDistributionSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const me = await tx
          .selectFrom("employees")
          .selectAll()
          .where("agency_id", "=", actor.agencyId)
          .where("id", "=", actor.id)
          .executeTakeFirst();
        const reports =
          me === undefined
            ? []
            : await tx
                .selectFrom("employees")
                .selectAll()
                .where("agency_id", "=", actor.agencyId)
                .where("supervisor_id", "=", actor.id)
                .orderBy("id")
                .execute();
        for (const employee of reports) {
          authorize(actor, "result.read", await employeeResource(tx, "result", employee), deps.policy);
        }
        const lp = period.rule_package_id === null ? undefined : pinnedPackage(period, deps.registry);
        const organisation = await organisationOf(tx, period, me?.unit_id ?? null);
        const rows =
          reports.length === 0
            ? []
            : await cycleDb(tx)
                .selectFrom("assessments")
                .selectAll()
                .where("agency_id", "=", actor.agencyId)
                .where("period_id", "=", periodId)
                .where(
                  "employee_id",
                  "in",
                  reports.map((e) => e.id),
                )
                .where("status", "=", "FINAL")
                .execute();
        const finals = new Map(rows.map((r) => [r.employee_id, r]));
        const results: EvaluationResult[] = [];
        const members: { employeeId: string; grade: string }[] = [];
        if (lp !== undefined) {
          for (const employee of reports) {
            const row = finals.get(employee.id);
            if (row === undefined) continue;
            const result = finalResultOf(row, lp);
            results.push(result);
            members.push({ employeeId: employee.id, grade: result.grade });
          }
        }
        const distribution =
          lp === undefined ? undefined : distribute(results, lp, organisation ? { organisation } : {});
        const violations = distribution?.violations ?? [];
        return {
          periodId,
          organisation: organisation ?? null,
          rulePackage: lp === undefined ? null : { id: lp.package.id, version: lp.package.version },
          members,
          pending: reports.filter((e) => !members.some((m) => m.employeeId === e.id)).map((e) => e.id),
          counts: distribution?.counts ?? {},
          bounds:
            lp === undefined
              ? []
              : boundsOf(lp, organisation?.predikat, new Set(violations.map((v) => v.rule))),
          violations,
        };
      });
    },
  );
};

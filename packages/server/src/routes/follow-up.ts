import {
  authorize,
  ConsequenceSchema,
  type EvaluationResult,
  isKinerjaError,
  KinerjaError,
  RatingsSchema,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type CsvValue, toCsv } from "../csv-export";
import {
  coreEmployee,
  cycleDb,
  employeeResource,
  findAssessment,
  loadEmployeeWithUnit,
  PeriodEmployeeParamsSchema,
  periodFinalResult,
  pinnedRef,
} from "../cycle";
import type { AssessmentRow } from "../cycle-tables";
import type { RouteDeps } from "../deps";
import { SIASN_COLUMNS, SiasnMappingSchema, SiasnRecordSchema, toSiasnRecord } from "../siasn";
import {
  assertVersion,
  expectedVersion,
  inTransaction,
  json,
  loadPeriod,
  notFound,
  type PeriodRow,
  recordChange,
  type Tx,
} from "../storage/index";
import { auditActor, ERROR_RESPONSES, iso, UpdateHeadersSchema, withEtag } from "./record-support";

const FollowUpSchema = z
  .object({
    periodId: z.string(),
    employeeId: z.string(),
    /** The final grade (after calibration). */
    grade: z.string(),
    /** The rule package the result was reached with. */
    rulePackage: z.object({ id: z.string(), version: z.string() }),
    /** Angka kredit, TPP, development recommendations… as the package gives them for the final grade. */
    consequences: z.array(ConsequenceSchema),
  })
  .meta({ id: "FollowUp" });

const ExportQuerySchema = z.strictObject({
  /** `json` (default) or `csv`. */
  format: z.enum(["json", "csv"]).default("json"),
  /** Only the employees of this unit. */
  unitId: z.string().min(1).max(64).optional(),
});

const ResultRowSchema = z.object({
  employeeId: z.string(),
  name: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** The final grade (after calibration). */
  grade: z.string(),
  /** The grade the rule package gave, before calibration. */
  evaluatedGrade: z.string(),
  score: z.number().nullable(),
  ratings: RatingsSchema,
  consequences: z.array(ConsequenceSchema),
  assessorId: z.string(),
  finalisedAt: z.string().nullable(),
});

const ResultsExportSchema = z
  .object({
    periodId: z.string(),
    rulePackage: z.object({ id: z.string(), version: z.string() }),
    /** One row per final assessment. */
    items: z.array(ResultRowSchema),
    /** Employees with an approved plan whose assessment is not final yet (not exported). */
    pending: z.array(z.string()),
  })
  .meta({ id: "ResultsExport" });

const SiasnExportSchema = z
  .object({
    periodId: z.string(),
    /** One SIASN-style SKP record per final assessment. */
    items: z.array(z.object({ employeeId: z.string(), record: SiasnRecordSchema })),
    /** Employees with an approved plan whose assessment is not final yet (not exported). */
    pending: z.array(z.string()),
  })
  .meta({ id: "SiasnExport" });

const MappingViewSchema = z
  .object({
    kind: z.literal("SIASN"),
    mapping: SiasnMappingSchema,
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: "SiasnMappingView" });

interface FinalRow {
  row: AssessmentRow;
  employee: Awaited<ReturnType<typeof loadEmployeeWithUnit>>;
  result: EvaluationResult;
}

async function finalRows(
  tx: Tx,
  deps: RouteDeps,
  period: PeriodRow,
  unitId: string | undefined,
): Promise<{ finals: FinalRow[]; pending: string[] }> {
  const rows = await cycleDb(tx)
    .selectFrom("assessments")
    .selectAll()
    .where("agency_id", "=", period.agency_id)
    .where("period_id", "=", period.id)
    .where("status", "=", "FINAL")
    .orderBy("employee_id")
    .execute();
  const employees = new Map(
    (rows.length === 0
      ? []
      : await tx
          .selectFrom("employees as e")
          .leftJoin("units as u", (join) =>
            join.onRef("u.agency_id", "=", "e.agency_id").onRef("u.id", "=", "e.unit_id"),
          )
          .selectAll("e")
          .select("u.name as unit_name")
          .where("e.agency_id", "=", period.agency_id)
          .where(
            "e.id",
            "in",
            rows.map((r) => r.employee_id),
          )
          .execute()
    ).map((e) => [e.id, e]),
  );
  const finals: FinalRow[] = [];
  for (const row of rows) {
    const employee = employees.get(row.employee_id);
    if (employee === undefined || (unitId !== undefined && employee.unit_id !== unitId)) continue;
    finals.push({ row, employee, result: periodFinalResult(period, row, deps.registry) });
  }
  let pendingQuery = tx
    .selectFrom("work_plans as w")
    .innerJoin("employees as e", (join) =>
      join.onRef("e.agency_id", "=", "w.agency_id").onRef("e.id", "=", "w.employee_id"),
    )
    .select("w.employee_id")
    .where("w.agency_id", "=", period.agency_id)
    .where("w.period_id", "=", period.id)
    .where("w.state", "=", "APPROVED");
  if (unitId !== undefined) pendingQuery = pendingQuery.where("e.unit_id", "=", unitId);
  const final = new Set(rows.map((r) => r.employee_id));
  const pending = (await pendingQuery.orderBy("w.employee_id").execute())
    .map((p) => p.employee_id)
    .filter((id) => !final.has(id));
  return { finals, pending };
}

/**
 * A CSV text sent as the body: Fastify sends a string with a non-JSON content type as it is,
 * without the JSON serializer of the route's response schema (which documents the JSON form).
 */
function csvPayload(csv: string): never {
  return csv as never;
}

async function loadMapping(tx: Tx, agencyId: string) {
  return cycleDb(tx)
    .selectFrom("export_mappings")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("kind", "=", "SIASN")
    .executeTakeFirst();
}

/**
 * Follow-up (tindak lanjut): the consequences of a final result (angka kredit, TPP, development
 * recommendations, as the period's rule package gives them for the final, calibrated grade), and
 * exports of the final results as JSON or CSV, including SIASN-style SKP records whose codes come
 * from the agency's configured mapping (SIASN's reference codes are not public).
 */
export const followUpRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const policy = { minAnonymousAnswers: deps.policy.minAnonymousAnswers };

  app.get(
    "/periods/:periodId/employees/:employeeId/follow-up",
    {
      config: { action: "followUp.read" },
      schema: {
        tags: ["follow-up"],
        summary: "The consequences of an employee's final result",
        description: "409 while the assessment is not final.",
        params: PeriodEmployeeParamsSchema,
        response: { 200: FollowUpSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { periodId, employeeId } = request.params;
      return inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        const employee = await loadEmployeeWithUnit(tx, actor.agencyId, employeeId);
        authorize(actor, "followUp.read", await employeeResource(tx, "followUp", employee), policy);
        const row = await findAssessment(tx, actor.agencyId, periodId, employeeId);
        if (row === undefined || row.status !== "FINAL") {
          throw new KinerjaError(
            "CONFLICT",
            `the assessment of ${employeeId} in period ${periodId} is not final yet`,
            {
              details: { periodId, employeeId, status: row?.status ?? null },
            },
          );
        }
        const result = periodFinalResult(period, row, deps.registry);
        return {
          periodId,
          employeeId,
          grade: result.grade,
          rulePackage: pinnedRef(period),
          consequences: result.consequences,
        };
      });
    },
  );

  app.get(
    "/periods/:periodId/exports/results",
    {
      config: { action: "followUp.export" },
      schema: {
        tags: ["follow-up"],
        summary: "Export the final results (JSON or CSV)",
        description:
          "One row per final assessment: grade (calibrated), the package's grade, score, ratings and consequences. `format=csv` answers `text/csv` with one column per rating (`rating.<key>`) and the consequences as JSON.",
        params: z.object({ periodId: z.string().min(1).max(64) }),
        querystring: ExportQuerySchema,
        response: { 200: ResultsExportSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId } = request.params;
      const body = await inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        authorize(actor, "followUp.export", { kind: "followUp", agencyId: actor.agencyId }, policy);
        const rulePackage = pinnedRef(period);
        const { finals, pending } = await finalRows(tx, deps, period, request.query.unitId);
        return {
          periodId,
          rulePackage,
          items: finals.map(({ row, employee, result }) => ({
            employeeId: row.employee_id,
            name: employee.name,
            unitId: employee.unit_id,
            unitName: employee.unit_name,
            grade: result.grade,
            evaluatedGrade: String((row.result as { grade?: unknown }).grade),
            score: result.score,
            ratings: result.ratings,
            consequences: result.consequences,
            assessorId: row.rater_id,
            finalisedAt: row.finalised_at === null ? null : iso(row.finalised_at),
          })),
          pending,
        };
      });
      if (request.query.format === "json") return body;
      const ratingKeys = [...new Set(body.items.flatMap((i) => Object.keys(i.ratings)))].sort();
      const columns = [
        "employeeId",
        "name",
        "unitId",
        "unitName",
        "grade",
        "evaluatedGrade",
        "score",
        ...ratingKeys.map((key) => `rating.${key}`),
        "consequences",
        "assessorId",
        "finalisedAt",
      ];
      const rows = body.items.map((item) => {
        const { ratings, consequences, ...rest } = item;
        const cells: Record<string, CsvValue> = { ...rest, consequences };
        for (const key of ratingKeys) cells[`rating.${key}`] = ratings[key] ?? null;
        return cells;
      });
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="results-${periodId}.csv"`)
        .send(csvPayload(toCsv(columns, rows)));
    },
  );

  app.get(
    "/periods/:periodId/exports/siasn",
    {
      config: { action: "followUp.export" },
      schema: {
        tags: ["follow-up"],
        summary: "Export SIASN-style SKP records (JSON or CSV)",
        description:
          "One record per final assessment with SIASN's field names (tahun, hasilKinerjaNilai, perilakuKerjaNilai, kuadranKinerjaNilai, penilai…, pnsDinilaiOrang, statusPenilai; the periodic fields for a period shorter than a calendar year). Every code comes from the agency's SIASN mapping (`PUT /v1/export-mappings/siasn`): SIASN's reference codes are not public, so none is built in. 409 when the mapping is missing or lacks a code that a result needs.",
        params: z.object({ periodId: z.string().min(1).max(64) }),
        querystring: ExportQuerySchema,
        response: { 200: SiasnExportSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { periodId } = request.params;
      const body = await inTransaction(deps.database, async (tx) => {
        const period = await loadPeriod(tx, actor.agencyId, periodId);
        authorize(actor, "followUp.export", { kind: "followUp", agencyId: actor.agencyId }, policy);
        const stored = await loadMapping(tx, actor.agencyId);
        if (stored === undefined) {
          throw new KinerjaError(
            "CONFLICT",
            "no SIASN mapping is configured for this agency: set SIASN's codes with PUT /v1/export-mappings/siasn",
            { details: { kind: "SIASN" } },
          );
        }
        const mapping = SiasnMappingSchema.parse(stored.mapping);
        const { finals, pending } = await finalRows(tx, deps, period, request.query.unitId);
        const assessors = new Map<string, Awaited<ReturnType<typeof loadEmployeeWithUnit>> | undefined>();
        const items = [];
        for (const [index, { row, employee, result }] of finals.entries()) {
          if (!assessors.has(row.rater_id)) {
            const assessor = await loadEmployeeWithUnit(tx, actor.agencyId, row.rater_id).catch(
              (error: unknown) => {
                if (isKinerjaError(error) && error.code === "NOT_FOUND") return undefined;
                throw error;
              },
            );
            assessors.set(row.rater_id, assessor);
          }
          const assessor = assessors.get(row.rater_id);
          try {
            const record = toSiasnRecord(
              {
                period: { start: period.start_date, end: period.end_date },
                employee: coreEmployee(employee),
                ...(assessor === undefined ? {} : { assessor: coreEmployee(assessor) }),
                grade: result.grade,
                ratings: result.ratings,
              },
              mapping,
              ["items", index],
            );
            items.push({ employeeId: employee.id, record });
          } catch (error) {
            if (isKinerjaError(error) && error.code === "VALIDATION_FAILED") {
              throw new KinerjaError("CONFLICT", `${error.message} (employee ${employee.id})`, {
                details: { ...error.details, employeeId: employee.id },
                cause: error,
              });
            }
            throw error;
          }
        }
        return { periodId, items, pending };
      });
      if (request.query.format === "json") return body;
      const columns = ["employeeId", ...SIASN_COLUMNS];
      const rows = body.items.map(
        (i) => ({ employeeId: i.employeeId, ...i.record }) as Record<string, CsvValue>,
      );
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="siasn-${periodId}.csv"`)
        .send(csvPayload(toCsv(columns, rows)));
    },
  );

  app.get(
    "/export-mappings/siasn",
    {
      config: { action: "followUp.export" },
      schema: {
        tags: ["follow-up"],
        summary: "The agency's SIASN code mapping",
        response: { 200: MappingViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const view = await inTransaction(deps.database, async (tx) => {
        authorize(actor, "followUp.export", { kind: "followUp", agencyId: actor.agencyId }, policy);
        const stored = await loadMapping(tx, actor.agencyId);
        if (stored === undefined) throw notFound("SIASN mapping of agency", actor.agencyId);
        return {
          kind: "SIASN" as const,
          mapping: SiasnMappingSchema.parse(stored.mapping),
          version: stored.version,
          updatedAt: iso(stored.updated_at),
        };
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.put(
    "/export-mappings/siasn",
    {
      config: { action: "agency.configure" },
      schema: {
        tags: ["follow-up"],
        summary: "Set the agency's SIASN code mapping",
        description:
          "SIASN's codes for each rating (`ratingCodes`) and each grade of the rule package (`quadrantCodes`), and optionally the periodic and coefficient ids, the rating keys and the employee attributes holding SIASN's person id, golongan and jabatan. These codes are not public (unverified): take them from your SIASN reference tables. Updates take `If-Match` or `version`.",
        headers: UpdateHeadersSchema,
        body: z.strictObject({ mapping: SiasnMappingSchema, version: z.number().int().min(1).optional() }),
        response: { 200: MappingViewSchema, 201: MappingViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const expected = expectedVersion(request.headers["if-match"], request.body.version);
      const { view, created } = await inTransaction(deps.database, async (tx) => {
        const now = deps.clock();
        authorize(actor, "agency.configure", { kind: "agency", agencyId: actor.agencyId }, policy);
        const existing = await cycleDb(tx)
          .selectFrom("export_mappings")
          .selectAll()
          .where("agency_id", "=", actor.agencyId)
          .where("kind", "=", "SIASN")
          .forUpdate()
          .executeTakeFirst();
        const mapping = request.body.mapping as unknown as Record<string, unknown>;
        if (existing !== undefined) {
          assertVersion({ entity: "SIASN mapping", id: actor.agencyId, current: existing.version, expected });
        }
        const db = cycleDb(tx);
        const row =
          existing === undefined
            ? await db
                .insertInto("export_mappings")
                .values({
                  agency_id: actor.agencyId,
                  kind: "SIASN",
                  mapping: json(mapping),
                  version: 1,
                  created_at: now,
                  updated_at: now,
                })
                .returningAll()
                .executeTakeFirstOrThrow()
            : await db
                .updateTable("export_mappings")
                .set({ mapping: json(mapping), version: existing.version + 1, updated_at: now })
                .where("agency_id", "=", actor.agencyId)
                .where("kind", "=", "SIASN")
                .returningAll()
                .executeTakeFirstOrThrow();
        const view = {
          kind: "SIASN" as const,
          mapping: SiasnMappingSchema.parse(row.mapping),
          version: row.version,
          updatedAt: iso(row.updated_at),
        };
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at: now,
          action: "export_mapping.set",
          entityType: "export_mapping",
          entityId: `${actor.agencyId}/SIASN`,
          ...(existing === undefined ? {} : { before: existing.mapping }),
          after: view.mapping,
          event: {
            id: deps.newId(),
            type: "exportMapping.set",
            payload: { kind: "SIASN", version: row.version },
          },
        });
        return { view, created: existing === undefined };
      });
      withEtag(reply, view.version);
      return reply.code(created ? 201 : 200).send(view);
    },
  );
};

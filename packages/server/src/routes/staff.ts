import {
  authorize,
  type Employee,
  EmployeeSchema,
  formatPath,
  KinerjaError,
  type KinerjaIssue,
  type OrganisationUnit,
  OrganisationUnitSchema,
  validationError,
} from "@kinerja/core";
import { parse as parseCsv } from "csv-parse/sync";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import {
  type EmployeeRow,
  idempotencyScope,
  inTransaction,
  json,
  loadAgency,
  loadEmployee,
  recordChange,
  supervisorChain,
  type Tx,
  translated,
  withIdempotency,
} from "../storage/index";
import { upsertUnits } from "./agencies";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  errorResponses,
  iso,
  PageQuerySchema,
  pageOf,
  sendStored,
  withEtag,
} from "./record-support";

/** An employee as the API returns it: the core Employee plus version and timestamps. */
export const EmployeeViewSchema = EmployeeSchema.extend({
  /** Optimistic-concurrency version. */
  version: z.number().int(),
  /** When created. */
  createdAt: z.string(),
  /** When last changed. */
  updatedAt: z.string(),
}).meta({ id: "EmployeeView" });
/** An employee view. */
export type EmployeeView = z.infer<typeof EmployeeViewSchema>;

/** One employee with the NIPs of their direct reports. */
export const EmployeeDetailSchema = EmployeeViewSchema.extend({
  /** NIPs of the employees who report to this one directly. */
  directReports: z.array(z.string()),
}).meta({ id: "EmployeeDetail" });

/** How an import treats bad rows. */
export const ImportModeSchema = z.enum(["all-or-nothing", "accept-valid"]);

/** The JSON body of a staff import: optional units and the employee rows (each validated on its own). */
export const StaffImportJsonSchema = z
  .strictObject({
    /** Units to create or update before the employees (by id). */
    units: z.array(OrganisationUnitSchema).max(5000).default([]),
    /** Employee rows: each an Employee (`id` is the NIP, `supervisorId` the reporting line). */
    employees: z.array(z.record(z.string(), z.unknown())).min(1).max(20000),
  })
  .meta({ id: "StaffImport" });

/** The import report: rows accepted (created, updated or unchanged) and rows rejected with reasons. */
export const ImportReportSchema = z
  .object({
    /** The mode used. */
    mode: ImportModeSchema,
    /** Whether this was a dry run (nothing written). */
    dryRun: z.boolean(),
    /** Whether the accepted rows were written. */
    applied: z.boolean(),
    /** Accepted rows: 1-based row number, NIP and what happened. */
    accepted: z.array(
      z.object({
        row: z.number().int(),
        nip: z.string(),
        action: z.enum(["created", "updated", "unchanged"]),
      }),
    ),
    /** Rejected rows with their reasons (path inside the row, message). */
    rejected: z.array(
      z.object({
        row: z.number().int(),
        line: z.number().int().optional(),
        nip: z.string().optional(),
        reasons: z.array(z.object({ path: z.string(), message: z.string() })),
      }),
    ),
    /** Units created for `unitId`/`unitName` pairs not stored yet. */
    unitsCreated: z.array(z.string()),
  })
  .meta({ id: "StaffImportReport" });
/** An import report. */
export type ImportReport = z.infer<typeof ImportReportSchema>;

const ImportQuerySchema = z.strictObject({
  /** `all-or-nothing` (default): one bad row rejects the file and nothing is written. `accept-valid`: good rows are written, bad rows reported. */
  mode: ImportModeSchema.default("all-or-nothing"),
  /** Validate and report only; write nothing. */
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

const ListQuerySchema = PageQuerySchema.extend({
  /** Only employees of this unit. */
  unitId: z.string().min(1).max(64).optional(),
  /** Only direct reports of this NIP. */
  supervisorId: z.string().min(1).max(64).optional(),
});

/** A raw row of the file with where it came from. */
interface RawRow {
  row: number;
  line?: number;
  value: Record<string, unknown>;
}

interface RejectedRow {
  row: number;
  line?: number;
  nip?: string;
  reasons: { path: string; message: string; at: PropertyKey[] }[];
}

const BOOLEAN_TEXT: Record<string, boolean> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  yes: true,
  no: false,
  ya: true,
  tidak: false,
  y: true,
  n: false,
};
const CSV_FIELDS = new Set([
  "id",
  "nip",
  "name",
  "positionKind",
  "structural",
  "functionalLevel",
  "isUnitHead",
  "unitId",
  "unitName",
  "supervisorId",
  "supervisorNip",
]);

/**
 * Reads a CSV staff file: a header row, then one employee per row. Columns: `nip` (or `id`),
 * `name`, `positionKind`, `structural`, `functionalLevel`, `isUnitHead`, `unitId`, `unitName`,
 * `supervisorId` (or `supervisorNip`) and `attr.<key>` for free attributes. Booleans accept
 * true/false, 1/0, yes/no, ya/tidak. Empty cells are absent values. An unknown column, a missing
 * `nip` or `positionKind` column, or a malformed file is a VALIDATION_FAILED for the whole file.
 */
export function readStaffCsv(text: string): { employees: Record<string, unknown>[]; lines: number[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      columns: true,
      info: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
    }) as typeof records;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw validationError(
      [{ path: ["body"], message: `the CSV file cannot be read: ${message}`, code: "invalid_csv" }],
      { cause: error },
    );
  }
  const columns = Object.keys(records[0]?.record ?? {});
  const issues: KinerjaIssue[] = [];
  for (const column of columns) {
    if (!CSV_FIELDS.has(column) && !/^(attr|attributes)\.[^.]+$/.test(column)) {
      issues.push({
        path: ["body", "columns", column],
        message: `unknown column "${column}"; use ${[...CSV_FIELDS].join(", ")} or attr.<key>`,
        code: "unknown_column",
      });
    }
  }
  if (records.length === 0)
    issues.push({ path: ["body"], message: "the CSV file has no employee rows", code: "empty" });
  else {
    if (!columns.includes("nip") && !columns.includes("id"))
      issues.push({
        path: ["body", "columns", "nip"],
        message: "a nip column is required",
        code: "missing_column",
      });
    if (!columns.includes("positionKind"))
      issues.push({
        path: ["body", "columns", "positionKind"],
        message: "a positionKind column is required",
        code: "missing_column",
      });
  }
  if (records.length > 20000)
    issues.push({ path: ["body"], message: "at most 20000 rows per file", code: "too_big" });
  if (issues.length > 0) throw validationError(issues);
  const employees = records.map(({ record }) => {
    const value: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    for (const [column, cell] of Object.entries(record)) {
      if (cell === "") continue;
      const attribute = /^(?:attr|attributes)\.(.+)$/.exec(column);
      if (attribute?.[1] !== undefined) attributes[attribute[1]] = cell;
      else if (column === "nip") value.id = cell;
      else if (column === "supervisorNip") value.supervisorId = cell;
      else if (column === "structural" || column === "isUnitHead")
        value[column] = BOOLEAN_TEXT[cell.toLowerCase()] ?? cell;
      else value[column] = cell;
    }
    if (Object.keys(attributes).length > 0) value.attributes = attributes;
    return value;
  });
  return { employees, lines: records.map(({ info }) => info.lines) };
}

/** The core Employee of a row (absent fields omitted); `unitName` from the units table. */
export function employeeFromRow(row: EmployeeRow, unitName?: string): Employee {
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
    ...(unitName === undefined ? {} : { unitName }),
    ...(row.supervisor_id === null ? {} : { supervisorId: row.supervisor_id }),
    attributes: row.attributes,
  };
}

function employeeView(row: EmployeeRow, unitName?: string): EmployeeView {
  return {
    ...employeeFromRow(row, unitName),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );

function columnsOf(employee: Employee) {
  return {
    name: employee.name ?? null,
    position_kind: employee.positionKind,
    structural: employee.structural,
    functional_level: employee.functionalLevel ?? null,
    is_unit_head: employee.isUnitHead,
    unit_id: employee.unitId ?? null,
    supervisor_id: employee.supervisorId ?? null,
  };
}

function sameEmployee(row: EmployeeRow, employee: Employee): boolean {
  const next = columnsOf(employee);
  return (
    row.name === next.name &&
    row.position_kind === next.position_kind &&
    row.structural === next.structural &&
    row.functional_level === next.functional_level &&
    row.is_unit_head === next.is_unit_head &&
    row.unit_id === next.unit_id &&
    row.supervisor_id === next.supervisor_id &&
    canonical(row.attributes) === canonical(employee.attributes)
  );
}

/**
 * Conflict of interest: an importer may create their own staff record (bootstrapping an agency)
 * but never change it (position, level, supervisor, unit — all of which decide their own grade
 * and angka kredit); another HR admin must. The row is moved to the rejected ones.
 */
function refuseOwnRecordChange(
  actorId: string,
  valid: Map<string, { raw: RawRow; employee: Employee }>,
  rejected: RejectedRow[],
  stored: ReadonlyMap<string, EmployeeRow>,
): void {
  const own = valid.get(actorId);
  const before = stored.get(actorId);
  if (own === undefined || before === undefined || sameEmployee(before, own.employee)) return;
  valid.delete(actorId);
  rejected.push({
    row: own.raw.row,
    ...(own.raw.line === undefined ? {} : { line: own.raw.line }),
    nip: actorId,
    reasons: [
      {
        path: "id",
        message: "this row changes your own staff record; another HR admin must import it",
        at: ["id"],
      },
    ],
  });
  rejected.sort((x, y) => x.row - y.row);
}

/** The longest cycle shown in full in a rejection message. */
const CYCLE_SHOWN = 20;

/**
 * Rejects the rows whose reporting line is broken, in time linear in the number of rows (a
 * reporting chain of any depth): a row whose supervisor is neither a valid row nor stored staff
 * (cascading to the rows below it), and every row on a cycle of reporting lines (a row's
 * superior is its row's `supervisorId`, else the stored one). Repeats until nothing changes,
 * since removing a row can orphan others or let a stored line close a new cycle.
 */
function rejectBrokenReportingLines(
  valid: Map<string, { raw: RawRow; employee: Employee }>,
  stored: ReadonlyMap<string, EmployeeRow>,
  reject: (raw: RawRow, nip: string | undefined, at: PropertyKey[], message: string) => void,
): void {
  const superior = (id: string): string | undefined => {
    const row = valid.get(id);
    if (row !== undefined) return row.employee.supervisorId;
    return stored.get(id)?.supervisor_id ?? undefined;
  };
  for (;;) {
    let changed = false;
    const children = new Map<string, string[]>();
    const orphans: string[] = [];
    for (const [nip, { employee }] of valid) {
      const boss = employee.supervisorId;
      if (boss === undefined) continue;
      const list = children.get(boss);
      if (list === undefined) children.set(boss, [nip]);
      else list.push(nip);
      if (!valid.has(boss) && !stored.has(boss)) orphans.push(nip);
    }
    for (let i = 0; i < orphans.length; i++) {
      const nip = orphans[i] as string;
      const entry = valid.get(nip);
      if (entry === undefined) continue;
      const boss = entry.employee.supervisorId;
      reject(
        entry.raw,
        nip,
        ["supervisorId"],
        `supervisor ${boss} is neither a valid row of this file nor on the staff`,
      );
      valid.delete(nip);
      changed = true;
      if (!stored.has(nip)) for (const child of children.get(nip) ?? []) orphans.push(child);
    }
    // Each id has at most one superior: walk every line once, marking ids done; a walk that
    // meets an id of its own path has found a cycle.
    const done = new Set<string>();
    const cycles: string[][] = [];
    for (const start of valid.keys()) {
      if (done.has(start)) continue;
      const index = new Map<string, number>();
      const path: string[] = [];
      let current: string | undefined = start;
      while (current !== undefined && !done.has(current) && !index.has(current)) {
        index.set(current, path.length);
        path.push(current);
        current = superior(current);
      }
      if (current !== undefined && index.has(current)) cycles.push(path.slice(index.get(current)));
      for (const id of path) done.add(id);
    }
    for (const cycle of cycles) {
      for (const [i, nip] of cycle.entries()) {
        const entry = valid.get(nip);
        if (entry === undefined) continue;
        const first = Array.from(
          { length: Math.min(cycle.length, CYCLE_SHOWN) },
          (_, k) => cycle[(i + k) % cycle.length],
        );
        const shown =
          cycle.length <= CYCLE_SHOWN
            ? [...first, nip].join(" → ")
            : `${first.join(" → ")} → … (${cycle.length} employees) → ${nip}`;
        reject(entry.raw, nip, ["supervisorId"], `reporting lines form a cycle: ${shown}`);
        valid.delete(nip);
        changed = true;
      }
    }
    if (!changed) return;
  }
}

/** Validates the rows: schema, duplicate NIPs, units, supervisors that exist, no reporting cycles. */
function validateRows(
  rows: readonly RawRow[],
  stored: ReadonlyMap<string, EmployeeRow>,
  storedUnits: ReadonlySet<string>,
  fileUnits: readonly OrganisationUnit[],
): {
  valid: Map<string, { raw: RawRow; employee: Employee }>;
  rejected: RejectedRow[];
  newUnits: OrganisationUnit[];
} {
  const rejected = new Map<number, RejectedRow>();
  const reject = (raw: RawRow, nip: string | undefined, at: PropertyKey[], message: string) => {
    const entry = rejected.get(raw.row) ?? {
      row: raw.row,
      ...(raw.line === undefined ? {} : { line: raw.line }),
      ...(nip === undefined ? {} : { nip }),
      reasons: [],
    };
    entry.reasons.push({ path: formatPath(at), message, at });
    rejected.set(raw.row, entry);
  };
  const parsed: { raw: RawRow; employee: Employee }[] = [];
  for (const raw of rows) {
    const result = EmployeeSchema.safeParse(raw.value);
    const nip =
      typeof raw.value.id === "string" && raw.value.id.trim() !== "" ? raw.value.id.trim() : undefined;
    if (!result.success) {
      for (const issue of result.error.issues) reject(raw, nip, issue.path, issue.message);
      continue;
    }
    parsed.push({ raw, employee: result.data });
  }
  const byNip = new Map<string, { raw: RawRow; employee: Employee }[]>();
  for (const entry of parsed) byNip.set(entry.employee.id, [...(byNip.get(entry.employee.id) ?? []), entry]);
  const valid = new Map<string, { raw: RawRow; employee: Employee }>();
  for (const [nip, entries] of byNip) {
    if (entries.length === 1 && entries[0] !== undefined) {
      valid.set(nip, entries[0]);
      continue;
    }
    const where = entries.map((e) => e.raw.row).join(", ");
    for (const e of entries)
      reject(e.raw, nip, ["id"], `NIP ${nip} appears in rows ${where}; each employee once per file`);
  }
  const knownUnits = new Set([...storedUnits, ...fileUnits.map((u) => u.id)]);
  const newUnits = new Map<string, OrganisationUnit>();
  for (const { employee } of [...valid.values()].sort((a, b) => a.raw.row - b.raw.row)) {
    const { unitId, unitName } = employee;
    if (unitId === undefined || unitName === undefined || knownUnits.has(unitId) || newUnits.has(unitId))
      continue;
    newUnits.set(unitId, { id: unitId, name: unitName });
  }
  for (const [nip, { raw, employee }] of valid) {
    if (employee.unitId === undefined || knownUnits.has(employee.unitId) || newUnits.has(employee.unitId))
      continue;
    reject(
      raw,
      nip,
      ["unitId"],
      `unit ${employee.unitId} does not exist; add it to units or give unitName to create it`,
    );
    valid.delete(nip);
  }
  rejectBrokenReportingLines(valid, stored, reject);
  return {
    valid,
    rejected: [...rejected.values()].sort((a, b) => a.row - b.row),
    newUnits: [...newUnits.values()],
  };
}

/**
 * Staff: bulk import of employees and reporting lines (JSON or CSV), list and read.
 *
 * Import policy: the file is applied in one transaction. Rows are matched by NIP (`id`): a new
 * NIP is created, a known one updated (re-importing the same file changes nothing), staff not
 * in the file stay as they are. A row's reporting line is its `supervisorId`, which must be a
 * valid row of the file or stored staff, and the resulting lines must not form a cycle.
 * `mode=all-or-nothing` (default): any rejected row rejects the whole file with a 400 whose
 * `details.report` lists every row, and nothing is written. `mode=accept-valid`: good rows are
 * written, rejected rows (and rows whose supervisor was rejected) are reported. `dryRun=true`
 * validates and reports without writing.
 */
export const staffRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const csvLines = new WeakMap<object, number[]>();
  app.addContentTypeParser(["text/csv", "application/csv"], { parseAs: "string" }, (request, body, done) => {
    try {
      const { employees, lines } = readStaffCsv(String(body));
      csvLines.set(request, lines);
      done(null, { units: [], employees });
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.post(
    "/staff/import",
    {
      config: { action: "staff.import" },
      schema: {
        tags: ["staff"],
        summary: "Import employees and reporting lines (JSON or text/csv; HR_ADMIN)",
        description:
          "Idempotent by NIP. JSON: `{ units?, employees: Employee[] }`. CSV (Content-Type text/csv): header `nip,name,positionKind,structural,functionalLevel,isUnitHead,unitId,unitName,supervisorId,attr.<key>`. `mode=all-or-nothing` (default) writes nothing when any row is bad (400 with `details.report`); `mode=accept-valid` writes the good rows. Accepts an Idempotency-Key.",
        headers: CreateHeadersSchema,
        querystring: ImportQuerySchema,
        body: StaffImportJsonSchema,
        response: {
          200: ImportReportSchema,
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      authorize(actor, "staff.import", { kind: "staff", agencyId }, deps.policy);
      const { mode, dryRun } = request.query;
      const body = request.body;
      const lines = csvLines.get(request);
      const rows: RawRow[] = body.employees.map((value, index) => {
        const line = lines?.[index];
        return { row: index + 1, ...(line === undefined ? {} : { line }), value };
      });
      const fileUnits = body.units;
      const scope = dryRun
        ? undefined
        : idempotencyScope({
            header: request.headers["idempotency-key"],
            actor,
            route: "POST /v1/staff/import",
            request: { query: request.query, body },
          });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          await loadAgency(tx, agencyId, { forUpdate: true });
          const stored = new Map(
            (await tx.selectFrom("employees").selectAll().where("agency_id", "=", agencyId).execute()).map(
              (e) => [e.id, e],
            ),
          );
          const storedUnits = new Set(
            (await tx.selectFrom("units").select("id").where("agency_id", "=", agencyId).execute()).map(
              (u) => u.id,
            ),
          );
          const { valid, rejected, newUnits } = validateRows(rows, stored, storedUnits, fileUnits);
          refuseOwnRecordChange(actor.id, valid, rejected, stored);
          const report: ImportReport = {
            mode,
            dryRun,
            applied: false,
            accepted: [...valid.values()]
              .sort((a, b) => a.raw.row - b.raw.row)
              .map(({ raw, employee }) => {
                const before = stored.get(employee.id);
                const action =
                  before === undefined ? "created" : sameEmployee(before, employee) ? "unchanged" : "updated";
                return { row: raw.row, nip: employee.id, action };
              }),
            rejected: rejected.map(({ reasons, ...rest }) => ({
              ...rest,
              reasons: reasons.map(({ path, message }) => ({ path, message })),
            })),
            unitsCreated: newUnits.map((u) => u.id).filter((id) => !fileUnits.some((u) => u.id === id)),
          };
          if (rejected.length > 0 && mode === "all-or-nothing") {
            const issues: KinerjaIssue[] = rejected.flatMap((r) =>
              r.reasons.map((reason) => ({
                path: ["employees", r.row - 1, ...reason.at],
                message: reason.message,
                code: "rejected_row",
              })),
            );
            const error = validationError(issues, {
              context: `staff import: ${rejected.length} of ${rows.length} rows rejected, nothing was written (use mode=accept-valid to import the good rows)`,
            });
            throw new KinerjaError("VALIDATION_FAILED", error.message, {
              details: { ...error.details, report },
            });
          }
          if (dryRun || valid.size === 0) return { statusCode: 200, body: report };
          const at = deps.clock();
          const who = auditActor(actor);
          await upsertUnits(tx, {
            agencyId,
            units: [...fileUnits, ...newUnits],
            actor: who,
            at,
            incomingStaff: new Set(valid.keys()),
          });
          const created: string[] = [];
          const updated: string[] = [];
          for (const { employee } of [...valid.values()].sort((a, b) => a.raw.row - b.raw.row)) {
            const before = stored.get(employee.id);
            const { unitName: _unitName, ...after } = employee;
            if (before === undefined) {
              await tx
                .insertInto("employees")
                .values({
                  agency_id: agencyId,
                  id: employee.id,
                  ...columnsOf(employee),
                  attributes: json(employee.attributes),
                  version: 1,
                  created_at: at,
                  updated_at: at,
                })
                .execute();
              created.push(employee.id);
              await recordChange(tx, {
                agencyId,
                actor: who,
                at,
                action: "employee.create",
                entityType: "employee",
                entityId: employee.id,
                after,
              });
            } else if (!sameEmployee(before, employee)) {
              await tx
                .updateTable("employees")
                .set({
                  ...columnsOf(employee),
                  attributes: json(employee.attributes),
                  version: before.version + 1,
                  updated_at: at,
                })
                .where("agency_id", "=", agencyId)
                .where("id", "=", employee.id)
                .execute();
              updated.push(employee.id);
              await recordChange(tx, {
                agencyId,
                actor: who,
                at,
                action: "employee.update",
                entityType: "employee",
                entityId: employee.id,
                before: employeeFromRow(before),
                after,
              });
            }
          }
          await recordChange(tx, {
            agencyId,
            actor: who,
            at,
            action: "staff.import",
            entityType: "agency",
            entityId: agencyId,
            details: {
              mode,
              rows: rows.length,
              created: created.length,
              updated: updated.length,
              rejected: rejected.length,
            },
            event: {
              id: deps.newId(),
              type: "staff.imported",
              payload: { agencyId, created, updated, rejected: rejected.length },
            },
          });
          return { statusCode: 200, body: { ...report, applied: true } };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/staff",
    {
      config: { action: "staff.read" },
      schema: {
        tags: ["staff"],
        summary: "List the agency's employees (HR_ADMIN, AUDITOR)",
        querystring: ListQuerySchema,
        response: {
          200: pageOf(EmployeeViewSchema),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      authorize(actor, "staff.read", { kind: "staff", agencyId }, deps.policy);
      const { limit, cursor, unitId, supervisorId } = request.query;
      let query = deps.database.db
        .selectFrom("employees")
        .leftJoin("units", (join) =>
          join
            .onRef("units.agency_id", "=", "employees.agency_id")
            .onRef("units.id", "=", "employees.unit_id"),
        )
        .selectAll("employees")
        .select("units.name as unit_name")
        .where("employees.agency_id", "=", agencyId);
      if (cursor !== undefined) query = query.where("employees.id", ">", cursor);
      if (unitId !== undefined) query = query.where("employees.unit_id", "=", unitId);
      if (supervisorId !== undefined) query = query.where("employees.supervisor_id", "=", supervisorId);
      const rows = await translated(() =>
        query
          .orderBy("employees.id")
          .limit(limit + 1)
          .execute(),
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map(({ unit_name, ...row }) => employeeView(row, unit_name ?? undefined)),
        nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },
  );

  app.get(
    "/staff/:employeeId",
    {
      config: { action: "staff.read" },
      schema: {
        tags: ["staff"],
        summary: "Read an employee (the employee, their superiors, HR_ADMIN, AUDITOR)",
        params: z.object({ employeeId: z.string().min(1).max(64) }),
        response: {
          200: EmployeeDetailSchema,
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const { employeeId } = request.params;
      const detail = await inTransaction(deps.database, async (tx: Tx) => {
        const row = await loadEmployee(tx, agencyId, employeeId);
        const chain = await supervisorChain(tx, agencyId, employeeId);
        authorize(
          actor,
          "staff.read",
          { kind: "staff", agencyId, ownerId: employeeId, supervisorChain: chain },
          deps.policy,
        );
        const unit =
          row.unit_id === null
            ? undefined
            : await tx
                .selectFrom("units")
                .select("name")
                .where("agency_id", "=", agencyId)
                .where("id", "=", row.unit_id)
                .executeTakeFirst();
        const reports = await tx
          .selectFrom("employees")
          .select("id")
          .where("agency_id", "=", agencyId)
          .where("supervisor_id", "=", employeeId)
          .orderBy("id")
          .execute();
        return { ...employeeView(row, unit?.name), directReports: reports.map((r) => r.id) };
      });
      withEtag(reply, detail.version);
      return detail;
    },
  );
};

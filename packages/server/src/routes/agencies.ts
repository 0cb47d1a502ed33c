import {
  AgencySchema,
  type AnyRulePackage,
  authorize,
  isKinerjaError,
  KinerjaError,
  type KinerjaIssue,
  type OrganisationUnit,
  OrganisationUnitSchema,
  parseOrThrow,
  type RulePackageRegistry,
  validationError,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import {
  type AgencyRow,
  assertVersion,
  expectedVersion,
  idempotencyScope,
  inTransaction,
  json,
  loadAgency,
  notFound,
  recordChange,
  type Tx,
  type UnitRow,
  withIdempotency,
} from "../storage/index";
import {
  auditActor,
  CreateHeadersSchema,
  ERROR_RESPONSES,
  iso,
  sendStored,
  UpdateHeadersSchema,
  withEtag,
} from "./record-support";

/** The rule package an agency chooses: id, version (exact or a semver range; the newest when omitted) and configuration. */
export const RulePackageChoiceInputSchema = z
  .strictObject({
    /** Rule package id, e.g. `permenpanrb-6-2022`. */
    id: z.string().trim().min(1).max(100),
    /** Exact version or semver range (`^1`); the newest registered version when omitted. */
    version: z.string().trim().min(1).max(50).optional(),
    /** The package configuration; validated by the package's own schema, defaults filled in. */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "RulePackageSelection" });

/** A chosen rule package as stored: the exact version and the configuration with defaults. */
export const RulePackageChoiceSchema = z
  .object({
    /** Rule package id. */
    id: z.string(),
    /** The exact version resolved. */
    version: z.string(),
    /** The configuration after the package's defaults. */
    config: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "RulePackageChoice" });

/** An agency as the API returns it. */
export const AgencyViewSchema = z
  .object({
    /** Agency id (the `agency` claim of its users' tokens). */
    id: z.string(),
    /** Agency name. */
    name: z.string(),
    /** Its organisation units. */
    units: z.array(OrganisationUnitSchema),
    /** The chosen rule package, null until chosen. */
    rulePackage: RulePackageChoiceSchema.nullable(),
    /** Optimistic-concurrency version (send it back as If-Match). */
    version: z.number().int(),
    /** When created. */
    createdAt: z.string(),
    /** When last changed. */
    updatedAt: z.string(),
  })
  .meta({ id: "AgencyView" });
/** An agency view. */
export type AgencyView = z.infer<typeof AgencyViewSchema>;

/** The body of `POST /v1/agencies`. */
export const CreateAgencyBodySchema = AgencySchema.extend({
  /** The rule package to use, if chosen now. */
  rulePackage: RulePackageChoiceInputSchema.optional(),
}).meta({ id: "CreateAgency" });

/** The body of `POST /v1/agencies/:agencyId/units`. */
export const UpsertUnitsBodySchema = z.strictObject({
  /** Units to create or update (by id). */
  units: z.array(OrganisationUnitSchema).min(1).max(5000),
});

const AgencyParamsSchema = z.object({ agencyId: z.string().min(1).max(64) });

/** The unit as the core schema has it (absent fields omitted). */
export function unitFromRow(row: UnitRow): OrganisationUnit {
  return {
    id: row.id,
    name: row.name,
    ...(row.parent_id === null ? {} : { parentId: row.parent_id }),
    ...(row.head_id === null ? {} : { headId: row.head_id }),
  };
}

function agencyView(row: AgencyRow, units: UnitRow[]): AgencyView {
  return {
    id: row.id,
    name: row.name,
    units: units.map(unitFromRow),
    rulePackage:
      row.rule_package_id === null || row.rule_package_version === null
        ? null
        : { id: row.rule_package_id, version: row.rule_package_version, config: row.rule_package_config },
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The agency with its units, as the API returns it. */
export async function loadAgencyView(tx: Tx, agencyId: string): Promise<AgencyView> {
  const row = await loadAgency(tx, agencyId);
  const units = await tx
    .selectFrom("units")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .orderBy("id")
    .execute();
  return agencyView(row, units);
}

/**
 * Resolves a rule package choice with the registry and validates its configuration with the
 * package's own schema: an unknown package is a VALIDATION_FAILED naming `rulePackage.id` (or
 * `rulePackage.version` when no version satisfies the range), a bad configuration names
 * `rulePackage.config.<field>`.
 */
export function resolveRulePackageChoice(
  registry: RulePackageRegistry,
  input: z.infer<typeof RulePackageChoiceInputSchema>,
  prefix: readonly PropertyKey[] = ["rulePackage"],
): { id: string; version: string; config: Record<string, unknown> } {
  let pkg: AnyRulePackage;
  try {
    pkg = registry.resolve(input.id, input.version ?? "*");
  } catch (error) {
    if (isKinerjaError(error) && error.code === "RULE_PACKAGE_NOT_FOUND") {
      const knownId = registry.list().some((p) => p.id === input.id);
      const field = knownId ? "version" : "id";
      throw validationError(
        [{ path: [...prefix, field], message: error.message, code: "rule_package_not_found" }],
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const config = parseOrThrow(pkg.configSchema, input.config ?? {}, {
    prefix: [...prefix, "config"],
  }) as Record<string, unknown>;
  return {
    id: pkg.id,
    version: pkg.version,
    config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
  };
}

/** Checks a list of units on its own: unique ids, parents inside the list or already stored, no parent cycle. */
function checkUnits(
  units: readonly OrganisationUnit[],
  stored: ReadonlyMap<string, UnitRow>,
  prefix: PropertyKey[],
): void {
  const issues: KinerjaIssue[] = [];
  const seen = new Set<string>();
  const parent = new Map<string, string>();
  for (const row of stored.values()) if (row.parent_id !== null) parent.set(row.id, row.parent_id);
  units.forEach((unit, i) => {
    if (seen.has(unit.id))
      issues.push({
        path: [...prefix, i, "id"],
        message: `unit ${unit.id} appears twice`,
        code: "duplicate",
      });
    seen.add(unit.id);
    if (unit.parentId === undefined) parent.delete(unit.id);
    else parent.set(unit.id, unit.parentId);
  });
  units.forEach((unit, i) => {
    if (unit.parentId === undefined) return;
    if (!seen.has(unit.parentId) && !stored.has(unit.parentId)) {
      issues.push({
        path: [...prefix, i, "parentId"],
        message: `parent unit ${unit.parentId} does not exist`,
        code: "not_found",
      });
      return;
    }
    const visited = new Set<string>([unit.id]);
    let current = parent.get(unit.id);
    while (current !== undefined) {
      if (visited.has(current)) {
        issues.push({
          path: [...prefix, i, "parentId"],
          message: `unit ${unit.id} is inside itself through its parents`,
          code: "cycle",
        });
        return;
      }
      visited.add(current);
      current = parent.get(current);
    }
  });
  if (issues.length > 0) throw validationError(issues);
}

/** A unit's `headId` must name a member of the agency's staff (stored, or written with it). */
async function checkHeads(
  tx: Tx,
  agencyId: string,
  units: readonly OrganisationUnit[],
  prefix: PropertyKey[],
  incoming: ReadonlySet<string> = new Set(),
): Promise<void> {
  const wanted = [
    ...new Set(units.map((u) => u.headId).filter((h): h is string => h !== undefined && !incoming.has(h))),
  ];
  if (wanted.length === 0) return;
  const found = new Set(
    (
      await tx
        .selectFrom("employees")
        .select("id")
        .where("agency_id", "=", agencyId)
        .where("id", "in", wanted)
        .execute()
    ).map((r) => r.id),
  );
  const issues: KinerjaIssue[] = [];
  units.forEach((unit, i) => {
    if (unit.headId === undefined || incoming.has(unit.headId) || found.has(unit.headId)) return;
    issues.push({
      path: [...prefix, i, "headId"],
      message: `head ${unit.headId} is not on the staff of this agency; import the employee first`,
      code: "not_found",
    });
  });
  if (issues.length > 0) throw validationError(issues);
}

/**
 * Creates or updates units of an agency inside the caller's transaction, with an audit entry
 * per created or changed unit. Returns the ids created and updated.
 */
export async function upsertUnits(
  tx: Tx,
  input: {
    agencyId: string;
    units: readonly OrganisationUnit[];
    actor: { id: string; roles: string[] };
    at: Date;
    prefix?: PropertyKey[];
    /** Employees written in the same unit of work (a staff import's rows), valid heads too. */
    incomingStaff?: ReadonlySet<string>;
  },
): Promise<{ created: string[]; updated: string[] }> {
  const existing = await tx.selectFrom("units").selectAll().where("agency_id", "=", input.agencyId).execute();
  const byId = new Map(existing.map((u) => [u.id, u]));
  checkUnits(input.units, byId, input.prefix ?? ["units"]);
  await checkHeads(tx, input.agencyId, input.units, input.prefix ?? ["units"], input.incomingStaff);
  const created: string[] = [];
  const updated: string[] = [];
  for (const unit of input.units) {
    const before = byId.get(unit.id);
    const values = { name: unit.name, parent_id: unit.parentId ?? null, head_id: unit.headId ?? null };
    if (before === undefined) {
      await tx
        .insertInto("units")
        .values({
          agency_id: input.agencyId,
          id: unit.id,
          ...values,
          version: 1,
          created_at: input.at,
          updated_at: input.at,
        })
        .execute();
      created.push(unit.id);
      await recordChange(tx, {
        agencyId: input.agencyId,
        actor: input.actor,
        at: input.at,
        action: "unit.create",
        entityType: "unit",
        entityId: unit.id,
        after: unit,
      });
      continue;
    }
    if (
      before.name === values.name &&
      before.parent_id === values.parent_id &&
      before.head_id === values.head_id
    )
      continue;
    await tx
      .updateTable("units")
      .set({ ...values, version: before.version + 1, updated_at: input.at })
      .where("agency_id", "=", input.agencyId)
      .where("id", "=", unit.id)
      .execute();
    updated.push(unit.id);
    await recordChange(tx, {
      agencyId: input.agencyId,
      actor: input.actor,
      at: input.at,
      action: "unit.update",
      entityType: "unit",
      entityId: unit.id,
      before: unitFromRow(before),
      after: unit,
    });
  }
  return { created, updated };
}

/**
 * Agencies: create (HR_ADMIN of that agency), read, choose the rule package and configuration,
 * and maintain organisation units.
 *
 * Bootstrap rule: the identity provider is the source of tenancy. An HR_ADMIN creates the
 * agency named by their token's `agency` claim; creating any other agency is a 403, an agency
 * that exists already a 409.
 */
export const agencyRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.post(
    "/agencies",
    {
      config: { action: "agency.configure" },
      schema: {
        tags: ["agencies"],
        summary: "Create the agency of your token (HR_ADMIN)",
        description:
          "Creates the agency named by the token's `agency` claim, with its units and optionally its rule package (validated by the package's configuration schema). Accepts an Idempotency-Key.",
        headers: CreateHeadersSchema,
        body: CreateAgencyBodySchema,
        response: { 201: AgencyViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const body = request.body;
      authorize(actor, "agency.configure", { kind: "agency", agencyId: body.id }, deps.policy);
      const choice =
        body.rulePackage === undefined
          ? undefined
          : resolveRulePackageChoice(deps.registry, body.rulePackage);
      const scope = idempotencyScope({
        header: request.headers["idempotency-key"],
        actor,
        route: "POST /v1/agencies",
        request: { body },
      });
      const response = await withIdempotency(
        deps.database,
        scope,
        async (tx) => {
          const at = deps.clock();
          const exists = await tx
            .selectFrom("agencies")
            .select("id")
            .where("id", "=", body.id)
            .executeTakeFirst();
          if (exists !== undefined) {
            throw new KinerjaError("CONFLICT", `agency ${body.id} already exists`, {
              details: { entity: "agency", id: body.id },
            });
          }
          await tx
            .insertInto("agencies")
            .values({
              id: body.id,
              name: body.name,
              rule_package_id: choice?.id ?? null,
              rule_package_version: choice?.version ?? null,
              rule_package_config: json(choice?.config ?? {}),
              version: 1,
              created_at: at,
              updated_at: at,
            })
            .execute();
          await upsertUnits(tx, { agencyId: body.id, units: body.units, actor: auditActor(actor), at });
          const view = await loadAgencyView(tx, body.id);
          await recordChange(tx, {
            agencyId: body.id,
            actor: auditActor(actor),
            at,
            action: "agency.create",
            entityType: "agency",
            entityId: body.id,
            after: view,
            event: {
              id: deps.newId(),
              type: "agency.created",
              payload: {
                agencyId: body.id,
                rulePackage: choice ? { id: choice.id, version: choice.version } : null,
              },
            },
          });
          return { statusCode: 201, body: view };
        },
        deps.clock,
      );
      return sendStored(reply, response);
    },
  );

  app.get(
    "/agencies/:agencyId",
    {
      config: { action: "agency.read" },
      schema: {
        tags: ["agencies"],
        summary: "Read an agency",
        params: AgencyParamsSchema,
        response: { 200: AgencyViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { agencyId } = request.params;
      if (agencyId !== actor.agencyId) throw notFound("agency", agencyId);
      const view = await inTransaction(deps.database, async (tx) => {
        const found = await loadAgencyView(tx, agencyId);
        authorize(actor, "agency.read", { kind: "agency", agencyId }, deps.policy);
        return found;
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.put(
    "/agencies/:agencyId/rule-package",
    {
      config: { action: "agency.configure" },
      schema: {
        tags: ["agencies"],
        summary: "Choose the agency's rule package, version and configuration (HR_ADMIN)",
        description:
          "Resolves the package in the registry (an unknown id is a 400 naming `rulePackage.id`), validates the configuration with the package's own schema (errors name `rulePackage.config.<field>`) and stores the exact version with defaults filled in. Periods pin it when their planning starts. Send If-Match with the agency's version.",
        params: AgencyParamsSchema,
        headers: UpdateHeadersSchema,
        body: RulePackageChoiceInputSchema,
        response: { 200: AgencyViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { agencyId } = request.params;
      if (agencyId !== actor.agencyId) throw notFound("agency", agencyId);
      const expected = expectedVersion(request.headers["if-match"]);
      const view = await inTransaction(deps.database, async (tx) => {
        const row = await loadAgency(tx, agencyId, { forUpdate: true });
        authorize(actor, "agency.configure", { kind: "agency", agencyId }, deps.policy);
        assertVersion({ entity: "agency", id: agencyId, current: row.version, expected });
        const choice = resolveRulePackageChoice(deps.registry, request.body);
        const at = deps.clock();
        const before = await loadAgencyView(tx, agencyId);
        await tx
          .updateTable("agencies")
          .set({
            rule_package_id: choice.id,
            rule_package_version: choice.version,
            rule_package_config: json(choice.config),
            version: row.version + 1,
            updated_at: at,
          })
          .where("id", "=", agencyId)
          .execute();
        const after = await loadAgencyView(tx, agencyId);
        await recordChange(tx, {
          agencyId,
          actor: auditActor(actor),
          at,
          action: "agency.configure",
          entityType: "agency",
          entityId: agencyId,
          before: before.rulePackage,
          after: after.rulePackage,
          event: {
            id: deps.newId(),
            type: "agency.configured",
            payload: { agencyId, rulePackage: { id: choice.id, version: choice.version } },
          },
        });
        return after;
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.post(
    "/agencies/:agencyId/units",
    {
      config: { action: "agency.configure" },
      schema: {
        tags: ["agencies"],
        summary: "Create or update organisation units (HR_ADMIN)",
        description:
          "Units are matched by id; parents must be in the list or stored already, and must not form a cycle.",
        params: AgencyParamsSchema,
        body: UpsertUnitsBodySchema,
        response: { 200: AgencyViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { agencyId } = request.params;
      if (agencyId !== actor.agencyId) throw notFound("agency", agencyId);
      const view = await inTransaction(deps.database, async (tx) => {
        await loadAgency(tx, agencyId, { forUpdate: true });
        authorize(actor, "agency.configure", { kind: "agency", agencyId }, deps.policy);
        const at = deps.clock();
        const { created, updated } = await upsertUnits(tx, {
          agencyId,
          units: request.body.units,
          actor: auditActor(actor),
          at,
        });
        if (created.length + updated.length > 0) {
          await recordChange(tx, {
            agencyId,
            actor: auditActor(actor),
            at,
            action: "agency.units",
            entityType: "agency",
            entityId: agencyId,
            details: { created, updated },
            event: { id: deps.newId(), type: "agency.unitsChanged", payload: { agencyId, created, updated } },
          });
        }
        return loadAgencyView(tx, agencyId);
      });
      withEtag(reply, view.version);
      return view;
    },
  );
};

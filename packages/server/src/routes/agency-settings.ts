import { type AnyRulePackage, authorize, type LocalizedText, LocalizedTextSchema } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import {
  assertVersion,
  expectedVersion,
  inTransaction,
  loadAgency,
  notFound,
  recordChange,
} from "../storage/index";
import { AgencyViewSchema, loadAgencyView } from "./agencies";
import { auditActor, ERROR_RESPONSES, UpdateHeadersSchema, withEtag } from "./record-support";

/** The body of `PATCH /v1/agencies/:agencyId`: the agency's details (its id never changes). */
export const UpdateAgencyBodySchema = z
  .strictObject({
    /** The agency's name. */
    name: z.string().trim().min(1, "the agency's name must not be empty").max(200),
    /** The version you changed (or send If-Match). */
    version: z.number().int().min(1).optional(),
  })
  .meta({ id: "UpdateAgency" });

/** A rule package the service offers, as `GET /v1/rule-packages` lists it. */
export const RulePackageInfoSchema = z
  .object({
    /** Package id, e.g. `permenpanrb-6-2022`. */
    id: z.string(),
    /** Exact version. */
    version: z.string(),
    /** Title in Indonesian and English. */
    title: LocalizedTextSchema,
    /** What the package does, in both languages, when it says. */
    description: LocalizedTextSchema.nullable(),
    /** The legal basis, one entry per instrument. */
    legalBasis: z.array(z.string()),
    /** The configuration with every default applied (a starting point for `config`). */
    defaultConfig: z.record(z.string(), z.unknown()),
    /** The grade scale, best first, with labels. */
    grades: z.array(z.object({ code: z.string(), label: LocalizedTextSchema })),
    /**
     * The JSON Schema of the `ratings` its results carry (from the package's `ratingsSchema`, each
     * value described), or `null` when the package declares none.
     */
    ratingsSchema: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "RulePackageInfo" });

const AgencyParamsSchema = z.object({ agencyId: z.string().min(1).max(64) });

/**
 * The agency's settings beside `agencies.ts`: its details (`PATCH /v1/agencies/:agencyId`, HR_ADMIN)
 * and the rule packages it may choose (`GET /v1/rule-packages`, anyone who reads the agency).
 */
export const agencySettingsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  // The registry does not change while the service runs: described once, on the first request.
  let packages: z.infer<typeof RulePackageInfoSchema>[] | undefined;
  app.patch(
    "/agencies/:agencyId",
    {
      config: { action: "agency.configure" },
      schema: {
        tags: ["agencies"],
        summary: "Change the agency's details (HR_ADMIN)",
        description:
          "Renames the agency (its id is the `agency` claim of its tokens and never changes). Send If-Match or `version` with the agency's version; a stale one is a 409.",
        params: AgencyParamsSchema,
        headers: UpdateHeadersSchema,
        body: UpdateAgencyBodySchema,
        response: { 200: AgencyViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const { agencyId } = request.params;
      if (agencyId !== actor.agencyId) throw notFound("agency", agencyId);
      const expected = expectedVersion(request.headers["if-match"], request.body.version);
      const view = await inTransaction(deps.database, async (tx) => {
        const row = await loadAgency(tx, agencyId, { forUpdate: true });
        authorize(actor, "agency.configure", { kind: "agency", agencyId }, deps.policy);
        assertVersion({ entity: "agency", id: agencyId, current: row.version, expected });
        if (row.name === request.body.name) return loadAgencyView(tx, agencyId);
        const at = deps.clock();
        await tx
          .updateTable("agencies")
          .set({ name: request.body.name, version: row.version + 1, updated_at: at })
          .where("id", "=", agencyId)
          .execute();
        await recordChange(tx, {
          agencyId,
          actor: auditActor(actor),
          at,
          action: "agency.update",
          entityType: "agency",
          entityId: agencyId,
          before: { name: row.name },
          after: { name: request.body.name },
          event: {
            id: deps.newId(),
            type: "agency.updated",
            payload: { agencyId, version: row.version + 1 },
          },
        });
        return loadAgencyView(tx, agencyId);
      });
      withEtag(reply, view.version);
      return view;
    },
  );

  app.get(
    "/rule-packages",
    {
      config: { action: "agency.read" },
      schema: {
        tags: ["agencies"],
        summary: "The rule packages an agency may choose (every registered version)",
        description:
          "Each registered version, in version order per package, with its titles, legal basis and default configuration; choose one with `PUT /v1/agencies/:agencyId/rule-package`.",
        response: { 200: z.object({ items: z.array(RulePackageInfoSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = request.actor;
      authorize(actor, "agency.read", { kind: "agency", agencyId: actor.agencyId }, deps.policy);
      packages ??= deps.registry.list().map(packageInfo);
      return { items: packages };
    },
  );
};

/** How `GET /v1/rule-packages` describes a package. */
function packageInfo(pkg: AnyRulePackage): z.infer<typeof RulePackageInfoSchema> {
  return {
    id: pkg.id,
    version: pkg.version,
    title: pkg.title,
    description: pkg.description ?? null,
    legalBasis: [...pkg.legalBasis],
    defaultConfig: JSON.parse(JSON.stringify(pkg.defaultConfig ?? {})) as Record<string, unknown>,
    grades: pkg.grades.map((g: { code: string; label: LocalizedText }) => ({ code: g.code, label: g.label })),
    ratingsSchema:
      pkg.ratingsSchema === undefined
        ? null
        : (z.toJSONSchema(pkg.ratingsSchema, { unrepresentable: "any" }) as Record<string, unknown>),
  };
}

/**
 * Registers every route plugin under /v1.
 *
 * CONVENTION for every route file (owners add ONE `await app.register(xxxRoutes, deps);` line
 * below for each of their files, nothing else):
 *
 * - A route file exports one plugin, `export const xxxRoutes: FastifyPluginAsyncZod<RouteDeps> =
 *   async (app, deps) => { ... }` (types from "fastify-type-provider-zod" and "../deps"). Its
 *   URLs are relative to /v1 (`app.post("/evaluate", ...)` serves `POST /v1/evaluate`).
 * - Every route declares the core policy action it performs in its config:
 *   `config: { action: "workPlan.approve" }` (an `Action` of packages/core/src/policy.ts). The
 *   role × route test (test/role-matrix.test.ts) enumerates `app.routeCatalog` and fails for a
 *   /v1 route without an action. A route that performs several actions names the one it
 *   authorizes first.
 * - The handler authorizes with the core: `authorize(request.actor, action, resource,
 *   deps.policy)` with the resource's facts read from the store within the actor's agency
 *   (another agency's record → 404 NOT_FOUND, a missing right → the core's FORBIDDEN → 403).
 * - Every /v1 route needs a bearer token (`request.actor` is set) unless it declares
 *   `config: { auth: false }` (e.g. the public one-time feedback link); such a route still names
 *   its action and is shown in OpenAPI without security.
 * - `schema: { tags, summary, params, querystring, body, response }` with zod schemas; error
 *   responses may use `ErrorBodySchema` from "../http-errors". Errors are thrown as
 *   `KinerjaError` (the error handler maps codes to statuses: see HTTP_STATUS_BY_CODE).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteDeps } from "../deps";
import { agencyRoutes } from "./agencies";
import { agencySettingsRoutes } from "./agency-settings";
import { assessmentRoutes } from "./assessments";
import { auditRoutes } from "./audit";
import { calibrationRoutes } from "./calibration";
import { evaluateRoutes } from "./evaluate";
import { evidenceRoutes } from "./evidence";
import { feedbackRoutes } from "./feedback";
import { followUpRoutes } from "./follow-up";
import { periodicFeedbackRoutes } from "./periodic-feedback";
import { periodRoutes } from "./periods";
import { realizationRoutes } from "./realizations";
import { selfAssessmentRoutes } from "./self-assessment";
import { staffRoutes } from "./staff";
import { teamDistributionRoutes } from "./team-distribution";
import { webhookRoutes } from "./webhooks";
import { workPlanRoutes } from "./work-plans";

/** Every /v1 route plugin, registered with the route dependencies. */
export const v1Routes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  await app.register(evaluateRoutes, deps);
  await app.register(agencyRoutes, deps);
  await app.register(agencySettingsRoutes, deps);
  await app.register(staffRoutes, deps);
  await app.register(periodRoutes, deps);
  await app.register(workPlanRoutes, deps);
  await app.register(realizationRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(feedbackRoutes, deps);
  await app.register(assessmentRoutes, deps);
  await app.register(calibrationRoutes, deps);
  await app.register(followUpRoutes, deps);
  await app.register(webhookRoutes, deps);
  await app.register(selfAssessmentRoutes, deps);
  await app.register(periodicFeedbackRoutes, deps);
  await app.register(evidenceRoutes, deps);
  await app.register(teamDistributionRoutes, deps);
};

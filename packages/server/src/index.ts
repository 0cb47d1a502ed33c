/**
 * `@kinerja/server`: the reference Fastify service around `@kinerja/core` and the `kinerja`
 * command. Embed it with {@link buildApp} on a database from {@link openDatabase}; run it with
 * `kinerja serve`.
 *
 * @packageDocumentation
 */

export {
  type AppOptions,
  buildApp,
  DEFAULT_BODY_LIMIT,
  DEFAULT_RATE_LIMIT,
  type RateLimitOptions,
  type RouteInfo,
} from "./app";
export {
  type AuthOptions,
  DEVELOPMENT_JWT_SECRET,
  MIN_SECRET_LENGTH,
  type SigningKey,
  signToken,
  type TokenClaims,
} from "./auth";
export { type CliIo, EXIT, runCli } from "./commands";
export { DEMO_AGENCY_ID, DEMO_HR_ADMIN_ID, type DemoSummary, seedDemo } from "./demo";
export type { PolicyDeps, RouteDeps, WebhookDeps } from "./deps";
export {
  type ErrorBody,
  ErrorBodySchema,
  HTTP_STATUS_BY_CODE,
  HTTP_TRANSPORT_CODES,
  type HttpErrorCode,
  httpStatusOf,
} from "./http-errors";
export {
  type SiasnMapping,
  SiasnMappingSchema,
  type SiasnRecord,
  SiasnRecordSchema,
  toSiasnRecord,
} from "./siasn";
export {
  type Database,
  type DatabaseKind,
  type MigrateResult,
  migrate,
  type OpenDatabaseOptions,
  openDatabase,
} from "./storage";
export {
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from "./webhooks";

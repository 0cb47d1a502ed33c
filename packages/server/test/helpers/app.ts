import type { Role, RulePackageRegistry } from "@kinerja/core";
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "../../src/app";
import { signToken } from "../../src/auth";
import type { Database } from "../../src/storage";
import { freshPglite } from "./pglite";

/** The HS256 secret of test apps. */
export const TEST_SECRET = "kinerja-test-secret-0123456789-abcdefghij";

/** A test app: the app, a token minter for it, and close (app and, when opened here, the database). */
export interface TestApp {
  /** The app (use `app.inject()`). */
  app: FastifyInstance;
  /** The database behind it. */
  database: Database;
  /** A valid token for the given claims (HS256 with {@link TEST_SECRET}, valid one hour). */
  tokenFor(claims: { sub: string; roles: readonly Role[]; agency: string }): string;
  /** `{ authorization: "Bearer …" }` for the given claims. */
  authHeader(claims: { sub: string; roles: readonly Role[]; agency: string }): { authorization: string };
  /** Closes the app, and the database when `testApp` opened it. */
  close(): Promise<void>;
}

/**
 * Builds an app for tests with the real storage: the given database, or a fresh migrated
 * in-memory PGlite. Logging and rate limiting are off unless overridden.
 */
export async function testApp(
  options: { database?: Database; registry?: RulePackageRegistry } & Partial<
    Omit<AppOptions, "database">
  > = {},
): Promise<TestApp> {
  const own = options.database === undefined;
  const database = options.database ?? (await freshPglite());
  const { database: _ignored, ...rest } = options;
  const app = await buildApp({
    logger: false,
    rateLimit: false,
    auth: { secret: TEST_SECRET },
    ...rest,
    database,
  });
  const tokenFor: TestApp["tokenFor"] = (claims) =>
    signToken(
      { sub: claims.sub, agency: claims.agency, roles: claims.roles },
      { secret: TEST_SECRET },
      { ttlSeconds: 3600, now: new Date() },
    );
  return {
    app,
    database,
    tokenFor,
    authHeader: (claims) => ({ authorization: `Bearer ${tokenFor(claims)}` }),
    async close() {
      await app.close();
      if (own) await database.close();
    },
  };
}

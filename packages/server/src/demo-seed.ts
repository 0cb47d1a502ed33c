import type { RulePackageRegistry } from "@kinerja/core";
import { buildApp } from "./app";
import type { AuthOptions } from "./auth";
import { type DemoSigner, type DemoSummary, seedDemo } from "./demo";
import type { Database } from "./storage";

/**
 * Seeds the demo agency into `database` through an app of its own, without rate limits, logs or
 * evaluation threads (so a service's low limits never matter), closed afterwards: what
 * `kinerja seed --demo`, `kinerja serve --demo` and the build's prepared copy all do. `sign`
 * mints the tokens of the seeding requests (they are not stored).
 *
 * @internal
 */
export async function seedDemoDatabase(
  database: Database,
  options: { auth: AuthOptions; sign: DemoSigner; registry?: RulePackageRegistry },
): Promise<DemoSummary> {
  const seeder = await buildApp({
    database,
    auth: options.auth,
    ...(options.registry ? { registry: options.registry } : {}),
    logger: false,
    rateLimit: false,
    evaluation: { workers: false },
  });
  try {
    return await seedDemo(seeder, { sign: options.sign });
  } finally {
    await seeder.close();
  }
}

/**
 * Run by scripts/build.mjs once the package's JavaScript is built (`node dist/prepare-copies.js`):
 * migrates a fresh in-memory PGlite, seeds the demo through the API as `kinerja serve --demo`
 * does, and leaves both databases in `dist/prepared` under the key of the code just built, so
 * that a fresh install starts from them instead of running initdb and the seeding.
 *
 * @internal
 * @packageDocumentation
 */
import { pathToFileURL } from "node:url";
import { DEVELOPMENT_JWT_SECRET, signToken } from "./auth";
import type { DemoSigner } from "./demo";
import { demoCacheKey, preparedDir, writePreparedCopies } from "./demo-cache";
import { seedDemoDatabase } from "./demo-seed";
import { dumpDatabase, migrate, openDatabase } from "./storage";

/** What {@link prepareCopies} wrote. */
export interface PreparedCopies {
  /** The code's key (the files' names carry it). */
  key: string;
  /** Seconds the seeding took. */
  seededInSeconds: number;
}

/** Makes the prepared copies of this code into `dir` (default: `dist/prepared` beside it). */
export async function prepareCopies(dir = preparedDir()): Promise<PreparedCopies> {
  const key = await demoCacheKey();
  if (key === undefined) throw new Error("prepare-copies: the code's key cannot be computed");
  const database = await openDatabase();
  try {
    await migrate(database);
    const template = await dumpDatabase(database);
    const started = Date.now();
    // The same app and tokens as `kinerja serve --demo`'s seeding; the tokens are not stored.
    const auth = { secret: DEVELOPMENT_JWT_SECRET };
    const sign: DemoSigner = (claims) =>
      signToken({ ...claims, roles: [...claims.roles] }, auth, { ttlSeconds: 3600, now: new Date() });
    const summary = await seedDemoDatabase(database, { auth, sign });
    const seededInSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
    const data = await dumpDatabase(database);
    if (!template || !data) throw new Error("prepare-copies: PGlite gave no dump");
    await writePreparedCopies(dir, key, { template, demo: { data, summary, seededInSeconds } });
    return { key, seededInSeconds };
  } finally {
    await database.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { key, seededInSeconds } = await prepareCopies();
  process.stdout.write(`prepare-copies: ${preparedDir()} (key ${key}, seeded in ${seededInSeconds}s)\n`);
}

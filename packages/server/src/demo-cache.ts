import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DemoSummary } from "./demo";
import { type Database, dumpDatabase } from "./storage";

/**
 * The seeded demo database of `kinerja serve --demo` (in memory), kept between runs: a fresh
 * in-memory PGlite runs initdb and the seeding sends about 500 requests, together most of the
 * start-up time. The copy is keyed by a hash of the code that seeds (this package, the core, the
 * rule packages, PGlite), so a change of any of them seeds again.
 *
 * @internal
 */
export interface DemoSnapshot {
  /** The PGlite data directory (an uncompressed tar: it opens faster than a gzipped one). */
  data: Uint8Array;
  /** What the seeding created (ids for the banner). */
  summary: DemoSummary;
  /** How long the seeding took when the copy was made, in seconds. */
  seededInSeconds: number;
}

/** Where the copies live: KINERJA_CACHE_DIR, else `kinerja-<uid>` in the system's temporary folder. */
export function demoCacheDir(env: Record<string, string | undefined>): string {
  return env.KINERJA_CACHE_DIR || join(tmpdir(), `kinerja-${process.getuid?.() ?? "user"}`);
}

/**
 * Whether `dir` may hold copies the service starts from: created private (0700) when missing,
 * owned by this user and writable by no one else. A copy becomes the service's database, so a
 * folder another local user could write to (the shared temporary folder) is never trusted.
 */
export async function isPrivateDir(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    const uid = process.getuid?.();
    return info.isDirectory() && (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

async function hashDir(hash: ReturnType<typeof createHash>, dir: string, contents: boolean): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    // Source maps and declarations do not change what runs (and are most of the bytes to read).
    if (entry.name.endsWith(".map") || entry.name.endsWith(".d.ts")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await hashDir(hash, path, contents);
    else if (contents) hash.update(`${entry.name}\0`).update(await readFile(path));
    else hash.update(`${entry.name}\0${(await stat(path)).size}\0`);
  }
}

/** The key of the current code's demo, or undefined when a package's folder cannot be found. */
export async function demoCacheKey(): Promise<string | undefined> {
  try {
    const hash = createHash("sha256");
    await hashDir(hash, dirname(fileURLToPath(import.meta.url)), true);
    for (const name of ["@kinerja/core", "@kinerja/rules-default"])
      await hashDir(hash, dirname(fileURLToPath(import.meta.resolve(name))), true);
    await hashDir(hash, dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite"))), false);
    return hash.digest("hex").slice(0, 24);
  } catch {
    return undefined;
  }
}

/** The cached copy for `key`, if there is a readable one. */
export async function readDemoSnapshot(dir: string, key: string): Promise<DemoSnapshot | undefined> {
  if (!(await isPrivateDir(dir))) return undefined;
  try {
    const [data, meta] = await Promise.all([
      readFile(join(dir, `demo-${key}.tar`)),
      readFile(join(dir, `demo-${key}.json`), "utf8"),
    ]);
    const { summary, seededInSeconds } = JSON.parse(meta) as Omit<DemoSnapshot, "data">;
    return { data, summary, seededInSeconds };
  } catch {
    return undefined;
  }
}

/** Writes `data` to `dir/name` through a temporary file and a rename (readers never see half a file). */
async function writeAtomically(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  if (!(await isPrivateDir(dir))) throw new Error(`${dir} is not a private folder of this user`);
  const partial = join(dir, `${name}.${process.pid}-${Date.now()}.tmp`);
  await writeFile(partial, data);
  await rename(partial, join(dir, name));
}

/**
 * The empty, migrated in-memory database of `kinerja serve` (without `--data-dir` or
 * DATABASE_URL), kept between runs like the demo: a fresh PGlite runs initdb, which takes
 * seconds and leaves about 400 MB more resident memory for the life of the process; started
 * from this copy, PGlite skips initdb and the migrations have nothing to do.
 */
export async function readMigratedTemplate(dir: string, key: string): Promise<Uint8Array | undefined> {
  if (!(await isPrivateDir(dir))) return undefined;
  try {
    return await readFile(join(dir, `migrated-${key}.tar`));
  } catch {
    return undefined;
  }
}

/** Saves a copy of the freshly migrated, still empty `database` for `key`; a failure only loses the cache. */
export async function writeMigratedTemplate(dir: string, key: string, database: Database): Promise<boolean> {
  try {
    const data = await dumpDatabase(database);
    if (!data) return false;
    await writeAtomically(dir, `migrated-${key}.tar`, data);
    return true;
  } catch {
    return false;
  }
}

/** Saves a copy of the freshly seeded `database` for `key`; a failure only loses the cache. */
export async function writeDemoSnapshot(
  dir: string,
  key: string,
  database: Database,
  summary: DemoSummary,
  seededInSeconds: number,
): Promise<boolean> {
  try {
    const data = await dumpDatabase(database);
    if (!data) return false;
    await writeAtomically(dir, `demo-${key}.tar`, data);
    await writeAtomically(dir, `demo-${key}.json`, JSON.stringify({ summary, seededInSeconds }));
    return true;
  } catch {
    return false;
  }
}

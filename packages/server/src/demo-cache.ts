import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, brotliDecompress, constants } from "node:zlib";
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
  /** The folder the copy was read from (the cache, or the copies prepared by the build). */
  from: string;
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
    // The copies prepared by the build are made by the code hashed here, not part of it.
    if (entry.name === PREPARED_FOLDER && entry.isDirectory()) continue;
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
    const { summary, seededInSeconds } = JSON.parse(meta) as Omit<DemoSnapshot, "data" | "from">;
    return { data, summary, seededInSeconds, from: dir };
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

/**
 * The folder beside the built code (`dist/prepared`) where `npm run build` (scripts/build.mjs,
 * through `dist/prepare-copies.js`) leaves the migrated empty database and the seeded demo of the
 * code it built, brotli-compressed (about 1.6 and 2 MB; 41 and 43 MB as tars). A fresh install
 * then starts from them: no initdb and no seeding, not even the first time. They are made by this
 * code, under the same key as the cache; a copy under another key is never read.
 */
export const PREPARED_FOLDER = "prepared";

/** The prepared copies' folder of this build of the package. */
export const preparedDir = (): string => join(dirname(fileURLToPath(import.meta.url)), PREPARED_FOLDER);

const unbrotli = promisify(brotliDecompress);
const brotli = promisify(brotliCompress);

/**
 * Brotli with a 16 MB window: PostgreSQL's three databases (template0, template1, postgres) are
 * near copies of each other, which gzip's 32 kB window cannot see (4.4 MB gzipped, 1.6 MB here).
 */
const compress = (data: Uint8Array) =>
  brotli(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });

/** The migrated empty database prepared for `key` by the build, if there is one. */
export async function readPreparedTemplate(
  key: string,
  dir = preparedDir(),
): Promise<Uint8Array | undefined> {
  try {
    return await unbrotli(await readFile(join(dir, `migrated-${key}.tar.br`)));
  } catch {
    return undefined;
  }
}

/** The seeded demo prepared for `key` by the build, if there is one. */
export async function readPreparedDemo(key: string, dir = preparedDir()): Promise<DemoSnapshot | undefined> {
  try {
    const [data, meta] = await Promise.all([
      readFile(join(dir, `demo-${key}.tar.br`)).then((bytes) => unbrotli(bytes)),
      readFile(join(dir, `demo-${key}.json`), "utf8"),
    ]);
    const { summary, seededInSeconds } = JSON.parse(meta) as Omit<DemoSnapshot, "data" | "from">;
    return { data, summary, seededInSeconds, from: dir };
  } catch {
    return undefined;
  }
}

/** Writes the prepared copies for `key` into `dir` (the build's step; see {@link PREPARED_FOLDER}). */
export async function writePreparedCopies(
  dir: string,
  key: string,
  copies: { template: Uint8Array; demo: Omit<DemoSnapshot, "from"> },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const [template, demo] = await Promise.all([compress(copies.template), compress(copies.demo.data)]);
  const { summary, seededInSeconds } = copies.demo;
  await Promise.all([
    writeFile(join(dir, `migrated-${key}.tar.br`), template),
    writeFile(join(dir, `demo-${key}.tar.br`), demo),
    writeFile(join(dir, `demo-${key}.json`), JSON.stringify({ summary, seededInSeconds })),
  ]);
}

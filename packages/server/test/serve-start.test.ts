import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDatabase } from "../src/storage";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kinerja-serve-start-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `kinerja serve` in memory until `/ready` answers 200, then stops it; returns its output. */
async function serveUntilReady(env: Record<string, string>): Promise<string> {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", cli, "serve", "--port", "0"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, KINERJA_JWT_SECRET: "kinerja-test-secret-0123456789-abcdefghijkl", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  for (;;) {
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    if (url) {
      const ready = await fetch(`${url}/ready`);
      expect(ready.status).toBe(200);
      break;
    }
    if (child.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  return stdout;
}

test("an in-memory serve keeps a migrated copy and the next start begins from it", async () => {
  const cache = join(dir, "cache");
  await serveUntilReady({ KINERJA_CACHE_DIR: cache });
  const files = (await readdir(cache)).filter((f) => /^migrated-\w+\.tar$/.test(f));
  expect(files).toHaveLength(1);
  const written = (await stat(join(cache, files[0] as string))).mtimeMs;
  await serveUntilReady({ KINERJA_CACHE_DIR: cache });
  // Started from the copy: nothing left to migrate, so the copy is not written again.
  expect((await stat(join(cache, files[0] as string))).mtimeMs).toBe(written);
}, 240_000);

test("a cache folder other users may write to is never trusted: a copy planted there is not loaded", async () => {
  const first = join(dir, "first");
  await serveUntilReady({ KINERJA_CACHE_DIR: first });
  const name = (await readdir(first)).find((f) => /^migrated-\w+\.tar$/.test(f)) as string;
  const shared = join(dir, "shared");
  await mkdir(shared, { recursive: true });
  await chmod(shared, 0o777);
  // Not a database: a service that loaded it would fail to start.
  await writeFile(join(shared, name), "planted by another user");
  await serveUntilReady({ KINERJA_CACHE_DIR: shared });
  expect(await readFile(join(shared, name), "utf8")).toBe("planted by another user");
}, 240_000);

test("PGlite runs with small shared buffers (PostgreSQL's 128 MB default is touched at every start)", async () => {
  const database = await openDatabase();
  try {
    const { rows } = await sql<{
      setting: string;
    }>`select setting from pg_settings where name = 'shared_buffers'`.execute(database.db);
    // In 8 kB pages: 16 MB.
    expect(rows[0]?.setting).toBe("2048");
  } finally {
    await database.close();
  }
}, 120_000);

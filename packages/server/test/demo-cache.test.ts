import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DemoSummary } from "../src/demo";
import {
  demoCacheDir,
  demoCacheKey,
  readDemoSnapshot,
  readPreparedDemo,
  readPreparedTemplate,
  writeDemoSnapshot,
  writePreparedCopies,
} from "../src/demo-cache";
import { openDatabase } from "../src/storage";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kinerja-demo-cache-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const summary: DemoSummary = {
  created: true,
  agencyId: "demo",
  hrAdminId: "198003152006042001",
  staff: 49,
  draftAssessments: ["199312222003082123"],
};

test("the cache folder is KINERJA_CACHE_DIR, else kinerja in the temporary folder", () => {
  expect(demoCacheDir({ KINERJA_CACHE_DIR: "/x" })).toBe("/x");
  expect(demoCacheDir({})).toBe(join(tmpdir(), `kinerja-${process.getuid?.() ?? "user"}`));
});

test("the key is the same for the same code", async () => {
  const key = await demoCacheKey();
  expect(key).toMatch(/^[0-9a-f]{24}$/);
  expect(await demoCacheKey()).toBe(key);
});

test("a saved copy opens as an in-memory database with the same rows and summary", async () => {
  expect(await readDemoSnapshot(dir, "missing")).toBeUndefined();
  const database = await openDatabase();
  try {
    await sql`create table t (x int)`.execute(database.db);
    await sql`insert into t values (7)`.execute(database.db);
    expect(await writeDemoSnapshot(dir, "k1", database, summary, 4.2)).toBe(true);
  } finally {
    await database.close();
  }
  const snapshot = await readDemoSnapshot(dir, "k1");
  expect(snapshot?.summary).toEqual(summary);
  expect(snapshot?.seededInSeconds).toBe(4.2);
  const copy = await openDatabase({ loadDataDir: snapshot!.data });
  try {
    const rows = await sql<{ x: number }>`select x from t`.execute(copy.db);
    expect(rows.rows).toEqual([{ x: 7 }]);
  } finally {
    await copy.close();
  }
}, 60_000);

test("the build's prepared copies are read back under their key only, byte for byte", async () => {
  const prepared = join(dir, "prepared");
  const template = new Uint8Array(100_000).map((_, i) => i % 251);
  const data = new Uint8Array(50_000).map((_, i) => i % 13);
  await writePreparedCopies(prepared, "k2", { template, demo: { data, summary, seededInSeconds: 1.5 } });
  expect(await readPreparedTemplate("k2", prepared)).toEqual(Buffer.from(template));
  const demo = await readPreparedDemo("k2", prepared);
  expect(demo && { ...demo, data: new Uint8Array(demo.data) }).toEqual({
    data,
    summary,
    seededInSeconds: 1.5,
    from: prepared,
  });
  expect(await readPreparedTemplate("other", prepared)).toBeUndefined();
  expect(await readPreparedDemo("other", prepared)).toBeUndefined();
});

import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { expect, test } from "vitest";
import { dumpDatabase, openDatabase } from "../../src/storage";
import { pgliteClientOf } from "../../src/storage/database";
import { readTar } from "../../src/storage/prepared-memory-fs";

async function dumpWithRow(gzip: boolean): Promise<Uint8Array> {
  const database = await openDatabase();
  try {
    await sql`create table t (x int, s text)`.execute(database.db);
    await sql`insert into t values (7, repeat('kinerja', 5000))`.execute(database.db);
    return (await dumpDatabase(database, { gzip })) as Uint8Array;
  } finally {
    await database.close();
  }
}

const rowsOf = async (loadDataDir: Blob | Uint8Array) => {
  const copy = await openDatabase({ loadDataDir });
  try {
    await sql`insert into t values (8, 'later')`.execute(copy.db);
    return (await sql<{ x: number; n: number }>`select x, length(s) as n from t order by x`.execute(copy.db))
      .rows;
  } finally {
    await copy.close();
  }
};

test("a dump opens with its rows, from a Blob, from bytes and gzipped; the dump itself is never written to", async () => {
  const bytes = await dumpWithRow(false);
  const before = Buffer.from(bytes).toString("base64");
  const expected = [
    { x: 7, n: 35_000 },
    { x: 8, n: 5 },
  ];
  // Opened twice from the same bytes: the second copy does not see the first one's row 8.
  expect(await rowsOf(bytes)).toEqual(expected);
  expect(await rowsOf(bytes)).toEqual(expected);
  expect(Buffer.from(bytes).toString("base64")).toBe(before);
  // A Buffer too (as read from a file): its slice() is a view, not a copy.
  const file = Buffer.from(bytes);
  expect(await rowsOf(file)).toEqual(expected);
  expect(await rowsOf(file)).toEqual(expected);
  expect(await rowsOf(new Blob([bytes]))).toEqual(expected);
  expect(await rowsOf(await dumpWithRow(true))).toEqual(expected);
}, 120_000);

test("readTar lists a dump's files with their sizes and refuses a damaged header", async () => {
  const bytes = await dumpWithRow(false);
  const entries = readTar(bytes);
  const version = entries.find((e) => e.path.replace(/^\//, "") === "PG_VERSION");
  expect(new TextDecoder().decode(version?.data).trim()).toMatch(/^\d+$/);
  expect(entries.some((e) => e.directory && e.path.includes("base"))).toBe(true);
  const damaged = bytes.slice();
  damaged[0] = (damaged[0] as number) ^ 0xff;
  expect(() => readTar(damaged)).toThrow(/checksum/);
  const big = entries.find((e) => e.data.length > 1024) as { data: Uint8Array };
  expect(() => readTar(bytes.subarray(0, big.data.byteOffset + 512))).toThrow(/cut short/);
}, 120_000);

test("dumpDatabase writes the same files as PGlite's dumpDataDir, and PGlite's own loader opens it", async () => {
  const database = await openDatabase();
  try {
    await sql`create table t (x int)`.execute(database.db);
    await sql`insert into t values (7)`.execute(database.db);
    const ours = readTar((await dumpDatabase(database)) as Uint8Array);
    const client = pgliteClientOf(database) as PGlite;
    const theirs = readTar(new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer()));
    const view = (entries: ReturnType<typeof readTar>) =>
      entries.map((e) => [e.path, e.directory, Buffer.from(e.data).toString("base64")]);
    expect(view(ours)).toEqual(view(theirs));
    const reopened = new PGlite({ loadDataDir: new Blob([(await dumpDatabase(database)) as Uint8Array]) });
    try {
      expect((await reopened.query<{ x: number }>("select x from t")).rows).toEqual([{ x: 7 }]);
    } finally {
      await reopened.close();
    }
  } finally {
    await database.close();
  }
}, 120_000);

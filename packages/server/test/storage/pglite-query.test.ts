import { sql } from "kysely";
import { expect, test } from "vitest";
import { pgliteClientOf } from "../../src/storage/database";
import { inTransaction, supervisorChain } from "../../src/storage/index";
import { batchedQuery } from "../../src/storage/pglite-query";
import { describeEachDatabase } from "../helpers/databases";
import { freshPglite } from "../helpers/pglite";

const AT = new Date("2026-01-05T08:00:00Z");

test("a batched query answers as PGlite's query does: values, types, nulls, affected rows and errors", async () => {
  const database = await freshPglite();
  const client = pgliteClientOf(database)!;
  try {
    await client.exec(
      "create table t (id int primary key, a text, n numeric, b bool, at timestamptz, d date, j jsonb)",
    );
    const cases: [string, unknown[]][] = [
      [
        "insert into t values ($1, $2, $3, $4, $5, $6, $7)",
        [1, "x'\"\\", 1.5, true, AT, "2026-02-01", '{"k":[1]}'],
      ],
      ["insert into t values ($1, $2, $3, $4, $5, $6, $7)", [2, null, undefined, false, null, null, null]],
      ["insert into t (id, j) values ($1, $2)", [3, { k: [2] }]],
      ["update t set a = $1 where id > $2", ["y", 1]],
      ["select *, $1::int8 as big, $2 as untyped from t order by id", [9007199254740991n, "s"]],
      ["select count(*) from t where at < $1", [new Date("2027-01-01T00:00:00Z")]],
      ["select * from t where id = any($1)", [[1, 3]]],
    ];
    for (const [text, params] of cases) {
      await client.exec("begin");
      const expected = await client.query(text, params);
      await client.exec("rollback");
      expect(await batchedQuery(client, text, params)).toEqual(expected);
    }
    const duplicate = await batchedQuery(client, "insert into t (id) values ($1)", [1]).catch((e) => e);
    expect(duplicate).toMatchObject({ code: "23505", table: "t", query: "insert into t (id) values ($1)" });
    // The backend is ready for the next query after an error.
    expect((await batchedQuery(client, "select $1::int + 1 as x", [1])).rows).toEqual([{ x: 2 }]);
  } finally {
    await database.close();
  }
});

describeEachDatabase("supervisorChain", (dbs) => {
  test("walks up the reporting lines, nearest first, up to the depth, and stops at a loop", async () => {
    const database = await dbs.fresh();
    const person = (id: string, supervisor: string | null) => ({
      agency_id: "a",
      id,
      name: null,
      position_kind: "JF" as const,
      structural: false,
      functional_level: null,
      is_unit_head: false,
      unit_id: null,
      supervisor_id: supervisor,
      attributes: {},
      version: 1,
      created_at: AT,
      updated_at: AT,
    });
    await inTransaction(database, async (tx) => {
      await tx
        .insertInto("agencies")
        .values({
          id: "a",
          name: "A",
          rule_package_id: null,
          rule_package_version: null,
          rule_package_config: {},
          version: 1,
          created_at: AT,
          updated_at: AT,
        })
        .execute();
      await tx
        .insertInto("employees")
        .values([
          person("head", null),
          person("mid", "head"),
          person("low", "mid"),
          person("x", "y"),
          person("y", "z"),
          person("z", "x"),
        ])
        .execute();
    });
    const chain = (id: string, depth?: number) =>
      inTransaction(database, (tx) => supervisorChain(tx, "a", id, depth));
    expect(await chain("low")).toEqual(["mid", "head"]);
    expect(await chain("low", 1)).toEqual(["mid"]);
    expect(await chain("low", 5)).toEqual(["mid", "head"]);
    expect(await chain("low", 0)).toEqual([]);
    expect(await chain("head")).toEqual([]);
    expect(await chain("nobody")).toEqual([]);
    expect(await chain("x", 10)).toEqual(["y", "z"]);
    expect(await inTransaction(database, (tx) => supervisorChain(tx, "other", "low"))).toEqual([]);
    await sql`select 1`.execute(database.db);
  });
});

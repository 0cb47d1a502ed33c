import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toHttpError } from "../src/http-errors";
import { type Database, inTransaction, json } from "../src/storage/index";
import { type TestApp, testApp } from "./helpers/app";
import { freshPglite } from "./helpers/pglite";
import { client, orgChart, toyRegistry } from "./helpers/records";

const T = new Date("2026-01-01T00:00:00Z");

describe("database errors reach clients as codes and field paths, never database text", () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshPglite();
  });
  afterAll(async () => {
    await database.close();
  });
  const failure = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      return toHttpError(error);
    }
    throw new Error("expected a failure");
  };
  const addAgency = (id: string, name = id) =>
    inTransaction(database, (tx) =>
      tx
        .insertInto("agencies")
        .values({ id, name, rule_package_config: json({}), version: 1, created_at: T, updated_at: T })
        .execute(),
    );

  test("a duplicate key, a missing reference and an unstorable value", async () => {
    await addAgency("a1");
    const duplicate = await failure(() => addAgency("a1"));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: "CONFLICT", details: { field: "id" } });
    const orphan = await failure(() =>
      inTransaction(database, (tx) =>
        tx
          .insertInto("employees")
          .values({
            agency_id: "a1",
            id: "1",
            name: null,
            position_kind: "JF",
            structural: false,
            functional_level: null,
            is_unit_head: false,
            unit_id: null,
            supervisor_id: "nobody",
            attributes: json({}),
            version: 1,
            created_at: T,
            updated_at: T,
          })
          .execute(),
      ),
    );
    expect(orphan.status).toBe(400);
    expect(orphan.body.details.issues).toEqual([expect.objectContaining({ path: ["supervisorId"] })]);
    const nul = await failure(() => addAgency("a2", "A\u0000B"));
    expect(nul.status).toBe(400);
    for (const body of [duplicate.body, orphan.body, nul.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toMatch(
        /pkey|fkey|_uq|duplicate|violates|constraint|Key \(|invalid byte|0x00|nobody/i,
      );
    }
  });
});

describe("HTTP details", () => {
  let t: TestApp;
  let hr: Record<string, string>;
  beforeAll(async () => {
    t = await testApp({ registry: toyRegistry() });
    const c = client(t, "leaks");
    hr = c.hr;
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/v1/agencies",
          headers: hr,
          payload: { id: "leaks", name: "leaks" },
        })
      ).statusCode,
    ).toBe(201);
    const imported = await t.app.inject({
      method: "POST",
      url: "/v1/staff/import",
      headers: hr,
      payload: { employees: orgChart() },
    });
    expect(imported.statusCode, imported.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  test("every /v1 response, errors included, says Cache-Control: no-store", async () => {
    const ok = await t.app.inject({ method: "GET", url: "/v1/agencies/leaks", headers: hr });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["cache-control"]).toBe("no-store");
    const missing = await t.app.inject({ method: "GET", url: "/v1/periods/nope", headers: hr });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["cache-control"]).toBe("no-store");
    const anonymous = await t.app.inject({ method: "GET", url: "/v1/agencies/leaks" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers["cache-control"]).toBe("no-store");
  });

  test("a unit's headId must name a member of the agency's staff", async () => {
    const put = (headId: string) =>
      t.app.inject({
        method: "POST",
        url: "/v1/agencies/leaks/units",
        headers: hr,
        payload: { units: [{ id: "u-bid", name: "Bidang", headId }] },
      });
    const bad = await put("199999999999999999");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toEqual(["units", 0, "headId"]);
    const head = orgChart().find((e) => e.unitId === "u-bid" && e.isUnitHead)?.id as string;
    expect((await put(head)).statusCode).toBe(200);
  });

  test("text/plain on a JSON route is 415", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: { ...hr, "content-type": "text/plain" },
      payload: '{"rules":"toy","cases":[]}',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});

describe("kinerja evaluate --ndjson … | head", () => {
  test("exits quietly with status 0 when the reader closes the pipe early", async () => {
    const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", cli, "evaluate", "--ndjson", "--rules", "permenpanrb-6-2022"],
      {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const line = JSON.stringify({
      employee: { id: "199001012015031001", positionKind: "JF", functionalLevel: "AHLI_PERTAMA" },
      workPlan: {
        results: [{ id: "r1", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 12, realization: 13 }] }],
      },
      assessments: [
        {
          source: "SUPERVISOR",
          raterId: "196801011990031002",
          resultRating: "SESUAI_EKSPEKTASI",
          behaviourRating: "DI_ATAS_EKSPEKTASI",
        },
      ],
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(`${`${line}\n`.repeat(5000)}`);
    // Like `head -n 1`: read the first line, then close our end.
    await new Promise<void>((resolve) => {
      child.stdout.once("data", () => {
        child.stdout.destroy();
        resolve();
      });
    });
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  }, 120_000);
});

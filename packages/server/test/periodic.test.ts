import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../src/commands";
import { RAW_BODY_MIN_BYTES } from "../src/routes/evaluate";
import { type TestApp, testApp } from "./helpers/app";

/**
 * Periodic predikat under PermenPAN-RB 6/2022 through the command and the service (issue 8,
 * item 14): each quarter from its own realisations and ratings, the annual one the last
 * quarter's (TW IV) with the periodic ones beside it.
 */
const A = "DI_ATAS_EKSPEKTASI";
const S = "SESUAI_EKSPEKTASI";
const B = "DI_BAWAH_EKSPEKTASI";
const QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"];
const quarters: [string, string, number][] = [
  [A, A, 30],
  [S, S, 25],
  [B, S, 10],
  [S, A, 26],
];

const yearCase = {
  employee: { id: "199001012015031001", positionKind: "JA" },
  workPlan: {
    results: [
      {
        id: "r1",
        kind: "UTAMA",
        indicators: [{ id: "i1", aspect: "KUANTITAS", target: 25, aggregation: "SUM" }],
      },
    ],
  },
  realizations: quarters.map(([, , value], i) => ({ indicatorId: "i1", subPeriod: QUARTERS[i], value })),
  periods: quarters.map(([resultRating, behaviourRating], i) => ({
    subPeriod: QUARTERS[i],
    assessments: [
      {
        source: "SUPERVISOR",
        resultRating,
        behaviourRating,
        justification: "Sesuai catatan kinerja triwulan.",
      },
    ],
  })),
};

const request = {
  rules: "permenpanrb-6-2022",
  period: { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
  cases: [yearCase],
};

interface Periodic {
  rules: { id: string; version: string };
  results: {
    employeeId: string;
    annual: { grade: string };
    periodic: { subPeriod: string; result: { grade: string } }[];
  }[];
}

const expectYear = (body: Periodic) => {
  expect(body.rules.id).toBe("permenpanrb-6-2022");
  const [r] = body.results;
  expect(r?.employeeId).toBe("199001012015031001");
  expect(r?.periodic.map((p) => [p.subPeriod, p.result.grade])).toEqual([
    ["2026-Q1", "SANGAT_BAIK"],
    ["2026-Q2", "BAIK"],
    ["2026-Q3", "BUTUH_PERBAIKAN"],
    ["2026-Q4", "BAIK"],
  ]);
  // The annual predikat is the last period's (TW IV), not an average of the quarters.
  expect(r?.annual.grade).toBe("BAIK");
};

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], stdin: string) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdin: Readable.from([stdin]), stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("kinerja evaluate --periodic", () => {
  test("gives each quarter's predikat and the annual one (TW IV's)", async () => {
    const r = await run(["evaluate", "--periodic"], JSON.stringify(request));
    expect(r.code, r.stderr).toBe(0);
    expectYear(JSON.parse(r.stdout) as Periodic);
  });

  test("a wrong case field is exit 1 naming cases[i]…; an ANNUAL period names period.cadence", async () => {
    const bad = {
      ...request,
      cases: [{ ...yearCase, periods: [{ ...yearCase.periods[0], subPeriod: "2026-13" }] }],
    };
    const r = await run(["evaluate", "--periodic"], JSON.stringify(bad));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cases[0].periods[0].subPeriod");
    const annual = await run(
      ["evaluate", "--periodic", "--period", "2026-01-01..2026-12-31"],
      JSON.stringify(request),
    );
    expect(annual.code).toBe(1);
    expect(annual.stderr).toContain("period.cadence");
    const other = await run(["evaluate", "--periodic", "--rules", "pp-46-2011"], JSON.stringify(request));
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("rules: periodic evaluations use permenpanrb-6-2022");
  });

  test("--periodic with --ndjson is a usage error", async () => {
    const r = await run(["evaluate", "--periodic", "--ndjson"], "");
    expect(r.code).toBe(2);
  });
});

describe("POST /v1/evaluate/periodic", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    await t.close();
  });
  const headers = () => t.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "a1" });

  test("answers the periodic and annual predikat", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate/periodic",
      headers: headers(),
      payload: request,
    });
    expect(r.statusCode, r.body).toBe(200);
    expectYear(r.json() as Periodic);
  });

  test("a bad field is a 400 naming its path", async () => {
    const bad = {
      ...request,
      cases: [{ ...yearCase, periods: [{ ...yearCase.periods[0], subPeriod: "2026-13" }] }],
    };
    const r = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate/periodic",
      headers: headers(),
      payload: bad,
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain("cases[0].periods[0].subPeriod");
  });

  test("a batch runs on the worker pool, off the event loop, and answers as the request's thread would", async () => {
    const pooled = await testApp({ evaluation: { workers: 1 } });
    try {
      const pool = pooled.app.evaluationPool;
      expect(pool).toBeDefined();
      const cases = Array.from({ length: 200 }, (_, i) => ({
        ...yearCase,
        employee: { ...yearCase.employee, id: `19900101201503${String(i).padStart(4, "0")}` },
      }));
      const post = (app: TestApp, payload: unknown) =>
        app.app.inject({
          method: "POST",
          url: "/v1/evaluate/periodic",
          headers: app.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "a1" }),
          payload: payload as Record<string, unknown>,
        });
      const running = post(pooled, { ...request, cases });
      for (let i = 0; i < 10_000 && (pool?.pending ?? 0) === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // The worker has it; /health answers meanwhile.
      expect(pool?.pending).toBe(1);
      expect((await pooled.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
      const viaPool = await running;
      expect(viaPool.statusCode, viaPool.body.slice(0, 300)).toBe(200);
      expect(viaPool.headers["content-type"]).toMatch(/application\/json/);
      expect(viaPool.json()).toEqual(await post(t, { ...request, cases }).then((r) => r.json()));
      // A bad case is the same 400 from a worker.
      const bad = await post(pooled, {
        ...request,
        cases: [
          ...cases.slice(0, 30),
          { ...yearCase, periods: [{ ...yearCase.periods[0], subPeriod: "2026-13" }] },
        ],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain("cases[30].periods[0].subPeriod");
    } finally {
      await pooled.close();
    }
  });

  test("a large body with the worker pool on is parsed like any other (only /v1/evaluate keeps raw bytes)", async () => {
    const pooled = await testApp({ evaluation: { workers: 1 } });
    try {
      const cases = Array.from({ length: 80 }, (_, i) => ({
        ...yearCase,
        employee: { ...yearCase.employee, id: `19900101201503${String(i).padStart(4, "0")}` },
      }));
      const payload = JSON.stringify({ ...request, cases });
      expect(Buffer.byteLength(payload)).toBeGreaterThanOrEqual(RAW_BODY_MIN_BYTES);
      const r = await pooled.app.inject({
        method: "POST",
        url: "/v1/evaluate/periodic",
        headers: {
          ...pooled.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "a1" }),
          "content-type": "application/json",
        },
        payload,
      });
      expect(r.statusCode, r.body).toBe(200);
      expect((r.json() as Periodic).results).toHaveLength(80);
    } finally {
      await pooled.close();
    }
  });
});

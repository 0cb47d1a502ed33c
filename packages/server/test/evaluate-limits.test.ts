import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type TestApp, testApp } from "./helpers/app";
import { ANNUAL_2026, permenpanCase } from "./helpers/evaluate-cases";

const AGENCY = "ag-eval";
const period = ANNUAL_2026;
const request = (n: number) => ({
  rules: "permenpanrb-6-2022",
  period,
  cases: Array.from({ length: n }, (_, i) => permenpanCase(i)),
});

describe("POST /v1/evaluate limits and worker threads", () => {
  let pooled: TestApp;
  let inline: TestApp;
  beforeAll(async () => {
    pooled = await testApp({ evaluation: { workers: 1 } });
    inline = await testApp({ evaluation: { workers: false, maxCases: 3 } });
  });
  afterAll(async () => {
    await pooled.close();
    await inline.close();
  });
  const post = (t: TestApp, payload: unknown) =>
    t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader({ sub: "e1", roles: ["EMPLOYEE"], agency: AGENCY }),
      payload: payload as Record<string, unknown>,
    });

  test("more cases than the limit is a 413 naming cases (default 5 000; configurable)", async () => {
    const tooMany = await post(pooled, request(5001));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/^cases: 5001 cases .* at most 5000/),
    });
    const small = await post(inline, request(4));
    expect(small.statusCode).toBe(413);
    expect(small.json().message).toMatch(/at most 3/);
    expect((await post(inline, request(3))).statusCode).toBe(200);
  });

  test("a batch on the worker pool answers as the request's thread would", async () => {
    const body = request(40);
    const viaPool = await post(pooled, body);
    expect(viaPool.statusCode, viaPool.body.slice(0, 300)).toBe(200);
    expect(viaPool.headers["content-type"]).toMatch(/application\/json/);
    const local = await testApp({ evaluation: { workers: false } });
    try {
      const inThread = await post(local, body);
      expect(viaPool.json()).toEqual(inThread.json());
    } finally {
      await local.close();
    }
    const bad = await post(pooled, {
      ...request(20),
      rules: "permenpanrb-6-2022",
      cases: [...request(19).cases, { employee: {} }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("cases[19]");
  });

  test("/health answers while a batch of 5 000 cases is being evaluated", async () => {
    const pool = pooled.app.evaluationPool;
    expect(pool).toBeDefined();
    const running = post(pooled, request(5000));
    for (let i = 0; i < 10_000 && (pool?.pending ?? 0) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(pool?.pending).toBe(1);
    const health = await pooled.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    // The answer came while the evaluation was still running.
    expect(pool?.pending).toBe(1);
    const done = await running;
    expect(done.statusCode).toBe(200);
    expect(done.json().results).toHaveLength(5000);
  });
});

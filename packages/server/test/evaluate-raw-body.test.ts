import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { RAW_BODY_MIN_BYTES } from "../src/routes/evaluate";
import { type TestApp, testApp } from "./helpers/app";
import { ANNUAL_2026, permenpanCase, postEvaluateText } from "./helpers/evaluate-cases";

const period = ANNUAL_2026;
const DESCRIPTION = "Terselenggaranya layanan administrasi kepegawaian yang tertib dan tepat waktu";
const cases = (n: number) => Array.from({ length: n }, (_, i) => permenpanCase(i, DESCRIPTION));
// Enough cases for a body past RAW_BODY_MIN_BYTES.
const LARGE = 200;

describe("POST /v1/evaluate: a large body is parsed and validated on a worker, with the same answers", () => {
  let pooled: TestApp;
  let inline: TestApp;
  beforeAll(async () => {
    pooled = await testApp({ evaluation: { workers: 1, maxCases: 300 } });
    inline = await testApp({ evaluation: { workers: false, maxCases: 300 } });
  });
  afterAll(async () => {
    await pooled.close();
    await inline.close();
  });
  const post = postEvaluateText;

  test("the raw bytes go to the pool, and the response is the in-process one", async () => {
    const body = JSON.stringify({ rules: "permenpanrb-6-2022", period, cases: cases(LARGE) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(RAW_BODY_MIN_BYTES);
    const pool = pooled.app.evaluationPool;
    if (pool === undefined) throw new Error("no pool");
    const spy = vi.spyOn(pool, "evaluateJson");
    const [a, b] = [await post(pooled, body), await post(inline, body)];
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toBeInstanceOf(Uint8Array);
    spy.mockRestore();
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual(b.json());
  }, 120_000);

  test.each([
    ["not JSON", `{"rules":"permenpanrb-6-2022","cases":${JSON.stringify(cases(LARGE)).slice(0, -2)}`],
    [
      "an unknown key",
      JSON.stringify({ rules: "permenpanrb-6-2022", period, cases: cases(LARGE), rulez: 1 }),
    ],
    ["a wrong type", JSON.stringify({ rules: 7, period, cases: cases(LARGE) })],
    [
      "prototype poisoning",
      `{"rules":"permenpanrb-6-2022","__proto__":{"x":1},"cases":${JSON.stringify(cases(LARGE))}}`,
    ],
    ["too many cases", JSON.stringify({ rules: "permenpanrb-6-2022", period, cases: cases(301) })],
    [
      "a bad case",
      JSON.stringify({ rules: "permenpanrb-6-2022", period, cases: [...cases(LARGE), { employee: {} }] }),
    ],
  ])(
    "%s: the same status and body as without the pool",
    async (_, body) => {
      expect(Buffer.byteLength(body)).toBeGreaterThan(RAW_BODY_MIN_BYTES);
      const [a, b] = [await post(pooled, body), await post(inline, body)];
      expect(a.statusCode).toBeGreaterThanOrEqual(400);
      expect(a.statusCode).toBeLessThan(500);
      expect({ status: a.statusCode, body: a.json() }).toEqual({ status: b.statusCode, body: b.json() });
    },
    120_000,
  );
});

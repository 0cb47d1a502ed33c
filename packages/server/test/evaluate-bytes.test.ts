/**
 * POST /v1/evaluate answers with the same bytes whichever path evaluates it: in the request's
 * thread (one case), on a worker from the parsed body (more than `inProcessUpTo` cases) or from
 * the raw bytes (a body past RAW_BODY_MIN_BYTES), at every explanation level; the in-thread
 * answer is JSON.stringify of the core's response. A bad request is the same 400 on every path.
 */
import { EvaluationResponseSchema, evaluateRequest } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultRegistry } from "../src/registry";
import { RAW_BODY_MIN_BYTES } from "../src/routes/evaluate";
import { type TestApp, testApp } from "./helpers/app";
import { ANNUAL_2026, permenpanCase, postEvaluateText } from "./helpers/evaluate-cases";

const DESCRIPTION = "Terselenggaranya layanan administrasi kepegawaian yang tertib dan tepat waktu";
const cases = (n: number) => Array.from({ length: n }, (_, i) => permenpanCase(i, DESCRIPTION));

describe("POST /v1/evaluate: the same bytes on every path", () => {
  let pooled: TestApp;
  let inline: TestApp;
  beforeAll(async () => {
    pooled = await testApp({ evaluation: { workers: 1 } });
    inline = await testApp({ evaluation: { workers: false } });
  });
  afterAll(async () => {
    await pooled.close();
    await inline.close();
  });
  const post = postEvaluateText;

  test.each([
    [1, undefined],
    [1, "steps"],
    [1, "none"],
    [40, undefined],
    [40, "steps"],
    [40, "none"],
    [200, undefined],
    [200, "steps"],
    [200, "none"],
  ])(
    "%i cases, explain %s",
    async (n, explain) => {
      const request = {
        rules: "permenpanrb-6-2022",
        period: ANNUAL_2026,
        ...(explain ? { explain } : {}),
        cases: cases(n),
      };
      const body = JSON.stringify(request);
      if (n === 200) expect(Buffer.byteLength(body)).toBeGreaterThan(RAW_BODY_MIN_BYTES);
      const [a, b] = [await post(pooled, body), await post(inline, body)];
      expect(a.statusCode).toBe(200);
      expect(a.headers["content-type"]).toBe(b.headers["content-type"]);
      const expected = JSON.stringify(evaluateRequest(request, defaultRegistry()));
      expect(a.rawPayload.equals(Buffer.from(expected))).toBe(true);
      expect(b.rawPayload.equals(Buffer.from(expected))).toBe(true);
      expect(EvaluationResponseSchema.safeParse(a.json()).success).toBe(true);
    },
    120_000,
  );

  test.each([
    [1, "rulez"],
    [40, "rulez"],
    [200, "rulez"],
    [1, "cases[0].workPlan.results[0].indicators[0]"],
    [40, "cases[39].workPlan.results[0].indicators[0]"],
    [200, "cases[199].workPlan.results[0].indicators[0]"],
  ])(
    "%i cases, a wrong field (%s): the same 400 naming it",
    async (n, field) => {
      const bad: unknown[] = cases(n);
      bad[n - 1] = { ...cases(n)[n - 1], workPlan: { results: [{ id: "r1", indicators: [{ id: "i1" }] }] } };
      const body = JSON.stringify({
        rules: "permenpanrb-6-2022",
        period: ANNUAL_2026,
        cases: bad,
        ...(field === "rulez" ? { rulez: 1 } : {}),
      });
      const [a, b] = [await post(pooled, body), await post(inline, body)];
      expect(a.statusCode).toBe(400);
      expect(a.rawPayload.equals(b.rawPayload)).toBe(true);
      expect(a.body).toContain(field);
    },
    120_000,
  );
});

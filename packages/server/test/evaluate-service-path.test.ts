import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { createRegistry, evaluateRequest } from "@kinerja/core";
import helmet from "helmet";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { SECURITY_HEADER_OPTIONS, securityHeaders } from "../src/app";
import { createRequestEvaluator, PREPARED_EVALUATORS_KEPT } from "../src/evaluation-requests";
import { defaultRegistry } from "../src/registry";
import { type TestApp, testApp } from "./helpers/app";
import { ANNUAL_2026, permenpanCase } from "./helpers/evaluate-cases";
import { toyCase, toyPackage } from "./helpers/toy";

const AGENCY = "ag-path";
const request = (n: number, extra: Record<string, unknown> = {}) => ({
  rules: "permenpanrb-6-2022",
  period: ANNUAL_2026,
  cases: Array.from({ length: n }, (_, i) => permenpanCase(i)),
  ...extra,
});

/** The headers helmet itself sets, with the service's settings, on a real response. */
function helmetHeaders(): Record<string, unknown> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet({ ...SECURITY_HEADER_OPTIONS })(
    new IncomingMessage(new Socket()) as never,
    response as never,
    (error?: unknown) => {
      if (error) throw error;
    },
  );
  return response.getHeaders();
}

describe("security headers worked out once", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ evaluation: { workers: false } });
  });
  afterAll(async () => {
    await t.close();
  });

  test("every response carries exactly the headers helmet sets (a 200, a 400, a 401, a 404)", async () => {
    const expected = helmetHeaders();
    expect(Object.keys(expected)).toContain("content-security-policy");
    const auth = t.authHeader({ sub: "e1", roles: ["EMPLOYEE"], agency: AGENCY });
    const responses = [
      await t.app.inject({ method: "GET", url: "/health" }),
      await t.app.inject({ method: "POST", url: "/v1/evaluate", headers: auth, payload: request(1) }),
      await t.app.inject({ method: "POST", url: "/v1/evaluate", headers: auth, payload: { rules: 7 } }),
      await t.app.inject({ method: "POST", url: "/v1/evaluate", payload: request(1) }),
      await t.app.inject({ method: "GET", url: "/nope" }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 400, 401, 404]);
    for (const response of responses) {
      for (const [name, value] of Object.entries(expected)) expect(response.headers[name]).toEqual(value);
      expect(response.headers["x-powered-by"]).toBeUndefined();
    }
  });

  test("a setting that would depend on the request is refused when the app is built", () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { "script-src": [(request) => String(request.url)] } },
      }),
    ).toThrow(/reads the request/);
  });
});

describe("prepared evaluators kept across requests", () => {
  const registry = defaultRegistry();

  test("each request answers as evaluateRequest, whichever evaluator was kept before it", () => {
    const requests = createRequestEvaluator(registry);
    const variants = [
      request(2),
      request(2, { explain: "steps" }),
      request(2, { explain: "none" }),
      request(2, { period: { start: "2026-01-01", end: "2026-06-30", cadence: "ANNUAL" } }),
      request(2, { organisation: { id: "org", predikat: "BAIK" } }),
      request(2, { organisation: { id: "org", predikat: "KURANG" } }),
      request(2, { onError: "report", cases: [permenpanCase(0), { employee: {} }] }),
      request(2, { rules: "permenpanrb-6-2022@^2" }),
    ];
    // Twice round, and past the number kept, so that both kept and evicted evaluators are used.
    const filler = Array.from({ length: PREPARED_EVALUATORS_KEPT }, (_, i) =>
      request(1, { organisation: { id: `filler-${i}`, predikat: "BAIK" } }),
    );
    for (const batch of [variants, filler, variants, variants]) {
      for (const r of batch) expect(requests.evaluate(r)).toEqual(evaluateRequest(r, registry));
    }
  });

  test("a request that is not valid is VALIDATION_FAILED, as evaluateRequest answers", () => {
    const requests = createRequestEvaluator(registry);
    const bad = { ...request(1), cases: [{ employee: {} }] };
    expect(() => requests.evaluate(bad)).toThrow(/^cases\[0\]/);
    expect(() => requests.evaluate({ rules: 7, cases: [] })).toThrow(/rules/);
  });

  test("a package registered later is used by the next request", () => {
    const base = defaultRegistry().list();
    const only = base.filter((p) => p.id === "permenpanrb-6-2022");
    const growing = createRegistry(only);
    const requests = createRequestEvaluator(growing);
    const r = request(1, { rules: "permenpanrb-6-2022@*" });
    const before = requests.evaluate(r);
    const newer = { ...only.at(-1)!, version: "99.0.0" };
    growing.register(newer);
    const after = requests.evaluate(r);
    expect(before.rules.version).toBe(only.at(-1)?.version);
    expect(after.rules.version).toBe("99.0.0");
  });

  test("a configuration with -0 gets its own evaluator, not the one kept for 0", () => {
    const requests = createRequestEvaluator(createRegistry([toyPackage]));
    const toy = (maxShareA: number) => ({
      rules: "toy",
      config: { maxShareA },
      organisation: { id: "org", predikat: "BAIK" },
      cases: [toyCase("e1", 10, 12)],
    });
    const share = (maxShareA: number) =>
      requests.evaluate(toy(maxShareA)).distribution.violations[0]?.bound.share;
    expect(Object.is(share(0), 0)).toBe(true);
    expect(Object.is(share(-0), -0)).toBe(true);
    expect(Object.is(share(0), 0)).toBe(true);
  });
});

describe("a small request in the request's thread answers as through the pool", () => {
  let pooled: TestApp;
  let inline: TestApp;
  beforeAll(async () => {
    // Every request through the pool (none is small enough to stay in the request's thread).
    pooled = await testApp({ evaluation: { workers: 1, inProcessUpTo: 0 } });
    inline = await testApp({ evaluation: { workers: false } });
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

  test("the same bytes and content type, request after request (kept evaluators included)", async () => {
    const pool = pooled.app.evaluationPool;
    if (pool === undefined) throw new Error("no pool");
    const spy = vi.spyOn(pool, "evaluate");
    const bodies = Array.from({ length: 6 }, (_, i) =>
      request(1 + (i % 2), {
        explain: (["full", "steps", "none"] as const)[i % 3],
        ...(i >= 3 ? { organisation: { id: "org", predikat: "BAIK" } } : {}),
      }),
    );
    for (const body of [...bodies, ...bodies]) {
      const [viaPool, inThread] = [await post(pooled, body), await post(inline, body)];
      expect(inThread.statusCode).toBe(200);
      expect(viaPool.statusCode).toBe(200);
      expect(viaPool.headers["content-type"]).toBe(inThread.headers["content-type"]);
      expect(viaPool.body).toBe(inThread.body);
    }
    expect(spy).toHaveBeenCalledTimes(2 * bodies.length);
    spy.mockRestore();
  }, 60_000);

  test("a bad small request: the same status and body", async () => {
    const bad = [
      { ...request(1), cases: [{ employee: {} }] },
      { ...request(1), rules: "nope" },
      { ...request(1), config: { nope: 1 } },
      { ...request(1), onError: "report", cases: [permenpanCase(0), { employee: {} }] },
    ];
    for (const body of bad) {
      const [viaPool, inThread] = [await post(pooled, body), await post(inline, body)];
      expect({ status: viaPool.statusCode, body: viaPool.json() }).toEqual({
        status: inThread.statusCode,
        body: inThread.json(),
      });
    }
  }, 60_000);
});

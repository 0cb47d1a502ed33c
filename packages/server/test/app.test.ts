import { isKinerjaError } from "@kinerja/core";
import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildApp } from "../src/app";
import { type TestApp, testApp } from "./helpers/app";
import { freshPglite } from "./helpers/pglite";

describe("buildApp", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    await t.close();
  });

  test("refuses to build without a way to verify tokens", async () => {
    const error = await buildApp({ database: t.database, auth: {}, logger: false }).catch((e: unknown) => e);
    expect(isKinerjaError(error)).toBe(true);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((error as Error).message).toMatch(/KINERJA_JWT_SECRET/);
  });

  test("refuses two ways at once and a short secret", async () => {
    await expect(
      buildApp({
        database: t.database,
        auth: { secret: "x".repeat(40), jwksUrl: "https://idp.example/jwks" },
        logger: false,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      buildApp({ database: t.database, auth: { secret: "short" }, logger: false }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringMatching(/at least 32/),
    });
  });

  test("GET /health is public and answers ok", async () => {
    const res = await t.app.inject({ method: "GET", url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
  });

  test("GET /ready pings the database", async () => {
    const res = await t.app.inject({ method: "GET", url: "/ready" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ready", database: "pglite" });
  });

  test("security headers are set", async () => {
    const res = await t.app.inject({ method: "GET", url: "/health" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["strict-transport-security"]).toBeDefined();
  });

  test("unknown routes are 404 in the error body shape", async () => {
    for (const url of ["/nope", "/v1/nope?x=1"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(404);
      const body = res.json();
      expect(body).toEqual({
        code: "NOT_FOUND",
        message: expect.stringContaining(url.split("?")[0]!),
        details: { method: "GET" },
      });
    }
  });

  test("GET /openapi.json is an OpenAPI 3 document listing the routes with bearer security", async () => {
    const res = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("Kinerja");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/health", "/ready", "/v1/evaluate"]));
    expect(doc.paths["/health"].get.security).toEqual([]);
    const evaluate = doc.paths["/v1/evaluate"].post;
    expect(evaluate.requestBody.content["application/json"].schema).toBeDefined();
    expect(evaluate.responses["200"]).toBeDefined();
    expect(evaluate.responses["400"]).toBeDefined();
    expect(evaluate.security).toBeUndefined();
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/docs"))).toBe(false);
    // Every documented /v1 route is in the route catalog and the other way round.
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const catalog = t.app.routeCatalog
      .filter((r) => r.url.startsWith("/v1"))
      .map((r) => `${r.method} ${r.url}`);
    expect(documented.filter((d) => d.includes(" /v1")).sort()).toEqual([...catalog].sort());
  });

  test("the OpenAPI document is valid: every $ref resolves, one schema per shape", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result.valid ? [] : result.errors, null, 2).slice(0, 2000)).toBe(
      true,
    );
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    const names = Object.keys(doc.components.schemas);
    const shapes = names.map((n) => JSON.stringify(doc.components.schemas[n]));
    expect(new Set(shapes).size, "two component schemas with the same shape").toBe(names.length);
  });

  test("GET /docs serves the docs page", async () => {
    const res = await t.app.inject({ method: "GET", url: "/docs" });
    const page =
      res.statusCode === 302
        ? await t.app.inject({ method: "GET", url: res.headers.location as string })
        : res;
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toMatch(/swagger/i);
    const spec = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(spec.statusCode, spec.body).toBe(200);
    expect(spec.json().paths["/v1/evaluate"]).toBeDefined();
  });

  test("every /v1 route of the catalog needs a token unless it says auth: false", () => {
    for (const route of t.app.routeCatalog) {
      if (route.url.startsWith("/v1")) expect(typeof route.auth).toBe("boolean");
      else expect(route.auth).toBe(false);
    }
  });
});

describe("readiness and limits", () => {
  test("GET /ready is 503 when the database is unreachable", async () => {
    const database = await freshPglite();
    const t = await testApp({ database });
    await database.close();
    const res = await t.app.inject({ method: "GET", url: "/ready" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ code: "UNAVAILABLE", message: "the database is unreachable", details: {} });
    const health = await t.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    await t.close();
  });

  test("rate limiting answers 429 RATE_LIMITED past the limit", async () => {
    const t = await testApp({ rateLimit: { max: 2, timeWindow: 60_000 } });
    const token = t.authHeader({ sub: "1", roles: ["EMPLOYEE"], agency: "a" });
    const codes: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await t.app.inject({ method: "POST", url: "/v1/evaluate", headers: token, payload: {} });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json()).toMatchObject({ code: "RATE_LIMITED", details: {} });
        expect(res.headers["retry-after"]).toBeDefined();
      }
    }
    expect(codes).toEqual([400, 400, 429]);
    await t.close();
  });

  test("bodies over the limit are 413 PAYLOAD_TOO_LARGE", async () => {
    const t = await testApp({ bodyLimit: 1024 });
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: {
        ...t.authHeader({ sub: "1", roles: ["EMPLOYEE"], agency: "a" }),
        "content-type": "application/json",
      },
      payload: JSON.stringify({ rules: "x", cases: [], pad: "y".repeat(2000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ code: "PAYLOAD_TOO_LARGE", message: expect.any(String), details: {} });
    await t.close();
  });
});

describe("logs", () => {
  test("carry request ids and route patterns, never names, comments or tokens", async () => {
    const { Writable } = await import("node:stream");
    const { createRegistry } = await import("@kinerja/core");
    const { toyCase, toyPackage } = await import("./helpers/toy");
    let output = "";
    const stream = new Writable({
      write(chunk, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    const t = await testApp({ logger: { level: "trace", stream }, registry: createRegistry([toyPackage]) });
    const headers = t.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "disdik" });
    const named = toyCase("199001012015031001", 10, 12, {
      assessments: [{ source: "SUPERVISOR", comments: "komentar rahasia tentang kinerja" }],
    });
    (named.employee as Record<string, unknown>).name = "Siti Rahmawati";
    const ok = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers,
      payload: { rules: "toy", cases: [named] },
    });
    expect(ok.statusCode).toBe(200);
    // A name in the query (a parameter the route does not read: a 400) is not logged either.
    const queried = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate?name=Siti%20Rahmawati",
      headers,
      payload: { rules: "toy", cases: [named] },
    });
    expect(queried.statusCode).toBe(400);
    const bad = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers,
      payload: { rules: "toy", cases: [{ ...named, employee: { name: "Siti Rahmawati", id: 7 } }] },
    });
    expect(bad.statusCode).toBe(400);
    await t.close();
    expect(output).not.toContain("Siti");
    expect(output).not.toContain("Rahmawati");
    expect(output).not.toContain("komentar");
    expect(output).not.toContain(headers.authorization.slice(7));
    const lines = output
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const incoming = lines.filter((l) => l.msg === "incoming request");
    expect(incoming.length).toBe(3);
    for (const line of incoming) {
      expect(line.req).toEqual({ id: expect.any(String), method: "POST", url: "/v1/evaluate" });
    }
    expect(lines.some((l) => l.code === "VALIDATION_FAILED" && l.statusCode === 400)).toBe(true);
  });
});

describe("webhook worker", () => {
  test("runs while the app runs when asked, delivering signed events, and stops with the app", async () => {
    const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push({
        url: String(input),
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        body: String(init?.body ?? ""),
      });
      return new Response("ok", { status: 200 });
    }) as typeof fetch;
    const t = await testApp({ webhookWorker: { intervalMs: 50 }, webhook: { fetch: fakeFetch } });
    const hr = t.authHeader({ sub: "198001012006041001", roles: ["HR_ADMIN"], agency: "hooks" });
    const created = await t.app.inject({
      method: "POST",
      url: "/v1/agencies",
      headers: hr,
      payload: { id: "hooks", name: "Hooks", units: [] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = await t.app.inject({
      method: "POST",
      url: "/v1/webhooks",
      headers: hr,
      payload: { url: "https://hooks.example.go.id/kinerja", eventTypes: ["*"] },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const units = await t.app.inject({
      method: "POST",
      url: "/v1/agencies/hooks/units",
      headers: hr,
      payload: { units: [{ id: "u1", name: "Unit" }] },
    });
    expect(units.statusCode, units.body).toBe(200);
    for (let i = 0; i < 200 && calls.length === 0; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]!.url).toBe("https://hooks.example.go.id/kinerja");
    expect(calls[0]!.headers["kinerja-signature"]).toMatch(/^t=\d+, v1=[0-9a-f]{64}$/);
    await t.close();
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.length).toBe(after);
  });
});

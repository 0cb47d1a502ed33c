import { ERROR_CODES, KinerjaError, type KinerjaErrorCode } from "@kinerja/core";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  closestKey,
  ErrorBodySchema,
  HTTP_STATUS_BY_CODE,
  keyAwareValidatorCompiler,
  knownKeysAt,
  registerErrorHandling,
  toHttpError,
} from "../src/http-errors";
import { type TestApp, testApp } from "./helpers/app";

describe("the code → status table", () => {
  test("covers every core error code with the agreed status", () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(HTTP_STATUS_BY_CODE).toEqual({
      VALIDATION_FAILED: 400,
      RULE_PACKAGE_NOT_FOUND: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      ILLEGAL_TRANSITION: 409,
      CASCADE_INVALID: 422,
      WORK_PLAN_INVALID: 422,
      RULE_PACKAGE_INVALID: 500,
      INTERNAL: 500,
    });
  });

  test.each(Object.keys(ERROR_CODES) as KinerjaErrorCode[])("%s keeps code, message and details", (code) => {
    const { status, body } = toHttpError(
      new KinerjaError(code, `something about ${code}`, { details: { id: "x" } }),
    );
    expect(status).toBe(HTTP_STATUS_BY_CODE[code]);
    expect(body.code).toBe(code);
    expect(body.message).toBe(`something about ${code}`);
    expect(body.details).toMatchObject({ id: "x" });
    expect(ErrorBodySchema.safeParse(body).success).toBe(true);
  });

  test("RULE_PACKAGE_NOT_FOUND names the rules field", () => {
    const { body } = toHttpError(
      new KinerjaError("RULE_PACKAGE_NOT_FOUND", 'unknown rule package "x"; known packages: a, b', {
        details: { id: "x", known: ["a", "b"] },
      }),
    );
    expect(body.details).toMatchObject({ known: ["a", "b"], issues: [{ path: ["rules"] }] });
  });

  test("an unexpected error is 500 INTERNAL without its message or stack", () => {
    const { status, body } = toHttpError(new Error("password=hunter2 at /srv/app.js:1"), "req-1");
    expect(status).toBe(500);
    expect(body).toEqual({
      code: "INTERNAL",
      message: expect.stringContaining("req-1"),
      details: { requestId: "req-1" },
    });
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });
});

describe("through fastify", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ logger: false, bodyLimit: 200 });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.post(
      "/things/:n",
      {
        schema: {
          params: z.object({ n: z.coerce.number().int() }),
          querystring: z.object({ limit: z.coerce.number().max(10).optional() }),
          body: z.object({ items: z.array(z.object({ weight: z.number() })), "a/b": z.string().optional() }),
        },
      },
      async () => ({ ok: true }),
    );
    typed.get("/boom", async () => {
      throw new Error("secret detail of the database: Budi Santoso");
    });
    typed.get("/conflict", async () => {
      throw new KinerjaError("CONFLICT", "work plan wp-1 is at version 3, not 2", {
        details: { current: 3 },
      });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  test("a wrong nested field → 400 VALIDATION_FAILED naming its path", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/things/1",
      payload: { items: [{ weight: 1 }, { weight: "x" }] },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.message).toMatch(/^body: items\[1\]\.weight: /);
    expect(body.details.issues).toEqual([
      expect.objectContaining({ path: ["items", 1, "weight"], in: "body", code: "invalid_type" }),
    ]);
  });

  test("querystring and params issues say where they are", async () => {
    const q = await app.inject({ method: "POST", url: "/things/1?limit=99", payload: { items: [] } });
    expect(q.statusCode).toBe(400);
    expect(q.json().details.issues[0]).toMatchObject({ path: ["limit"], in: "querystring" });
    const p = await app.inject({ method: "POST", url: "/things/abc", payload: { items: [] } });
    expect(p.statusCode).toBe(400);
    expect(p.json().details.issues[0]).toMatchObject({ path: ["n"], in: "params" });
  });

  test("a missing body → 400 naming the root", async () => {
    const res = await app.inject({ method: "POST", url: "/things/1" });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
  });

  test("malformed and truncated JSON → 400", async () => {
    for (const payload of ['{"items": [', "{items: 1}", '{"items": []}}']) {
      const res = await app.inject({
        method: "POST",
        url: "/things/1",
        headers: { "content-type": "application/json" },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: [] }] } });
    }
  });

  test("an empty JSON body → 400", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/things/1",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
  });

  test("__proto__ pollution attempts → 400", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/things/1",
      headers: { "content-type": "application/json" },
      payload: '{"items": [], "__proto__": {"x": 1}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
  });

  test("too large → 413; unsupported media type → 415", async () => {
    const big = await app.inject({
      method: "POST",
      url: "/things/1",
      payload: { items: [], pad: "x".repeat(500) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("PAYLOAD_TOO_LARGE");
    const xml = await app.inject({
      method: "POST",
      url: "/things/1",
      headers: { "content-type": "application/xml" },
      payload: "<a/>",
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  test("a KinerjaError thrown by a handler keeps its code and details", async () => {
    const res = await app.inject({ method: "GET", url: "/conflict" });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      code: "CONFLICT",
      message: "work plan wp-1 is at version 3, not 2",
      details: { current: 3 },
    });
  });

  test("a bug → 500 INTERNAL without message or stack trace", async () => {
    const res = await app.inject({ method: "GET", url: "/boom" });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe("INTERNAL");
    expect(res.body).not.toMatch(/Budi|secret|\.ts:\d+|at /);
  });
});

describe("in the service", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    await t.close();
  });

  test("the error body of a validation failure on /v1/evaluate names the field", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader({ sub: "1", roles: ["EMPLOYEE"], agency: "a" }),
      payload: { rules: 42, cases: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0]).toMatchObject({ path: ["rules"], in: "body" });
  });

  test("text/plain bodies are refused as 400 or 415, never 5xx", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: {
        ...t.authHeader({ sub: "1", roles: ["EMPLOYEE"], agency: "a" }),
        "content-type": "text/plain",
      },
      payload: "hello",
    });
    expect([400, 415]).toContain(res.statusCode);
  });
});

describe("requests without a body", () => {
  test("reach an optional body schema as no body, and a required one as a 400 naming the root", async () => {
    const t = await testApp();
    const headers = t.authHeader({ sub: "1", roles: ["EMPLOYEE"], agency: "a" });
    // The evaluate route requires a body: a POST without one is a 400 naming the root.
    const res = await t.app.inject({ method: "POST", url: "/v1/evaluate", headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0]).toMatchObject({ path: [], in: "body" });
    // An optional body (submitting a work plan): no body passes validation and reaches the handler.
    const submit = await t.app.inject({ method: "POST", url: "/v1/work-plans/no-such-plan/submit", headers });
    expect(submit.statusCode).toBe(404);
    expect(submit.json().code).toBe("NOT_FOUND");
    await t.close();
  });
});

describe("unknown keys", () => {
  const Rating = z.enum(["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]);
  const AssessmentBody = z.strictObject({
    resultRating: Rating.optional(),
    behaviourRating: Rating.optional(),
    justification: z.string().optional(),
    version: z.number().int().optional(),
  });
  const Indicator = z.strictObject({
    id: z.string(),
    target: z.number(),
    realization: z.number().optional(),
  });
  const PlanBody = z.strictObject({
    plan: z
      .strictObject({ results: z.array(z.strictObject({ id: z.string(), indicators: z.array(Indicator) })) })
      .optional(),
    change: z
      .union([z.strictObject({ reason: z.string() }), z.strictObject({ comment: z.string() })])
      .optional(),
  });
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ logger: false });
    app.setValidatorCompiler(keyAwareValidatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.put("/assessments/:id", { schema: { body: AssessmentBody } }, async () => ({ ok: true }));
    typed.post("/plans", { schema: { body: PlanBody } }, async () => ({ ok: true }));
  });
  afterAll(async () => {
    await app.close();
  });

  test('"result" instead of "resultRating" is a 400 naming the key and the key meant, never dropped', async () => {
    const res = await app.inject({
      method: "PUT",
      url: "/assessments/1",
      payload: { result: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: "VALIDATION_FAILED",
      message: 'body: result: unknown key "result"; did you mean "resultRating"?',
      details: {
        issues: [
          {
            path: ["result"],
            message: 'unknown key "result"; did you mean "resultRating"?',
            code: "unrecognized_keys",
            in: "body",
            key: "result",
            suggestion: "resultRating",
          },
        ],
      },
    });
  });

  test("each unknown key is its own issue at its path; a key close to none gets no suggestion", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/plans",
      payload: {
        plan: {
          results: [{ id: "r1", indicators: [{ id: "i1", target: 1, realisation: 2, zzUnknown: 3 }] }],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues).toEqual([
      expect.objectContaining({
        path: ["plan", "results", 0, "indicators", 0, "realisation"],
        suggestion: "realization",
      }),
      expect.objectContaining({
        path: ["plan", "results", 0, "indicators", 0, "zzUnknown"],
        message: 'unknown key "zzUnknown"',
      }),
    ]);
    expect(res.json().details.issues[1]).not.toHaveProperty("suggestion");
  });

  test("the keys known at a path are those of every object the schema could be there", () => {
    expect(knownKeysAt(PlanBody, ["plan", "results", 0, "indicators", 3])).toEqual([
      "id",
      "target",
      "realization",
    ]);
    expect(knownKeysAt(PlanBody, ["change"])).toEqual(["reason", "comment"]);
    expect(knownKeysAt(PlanBody, ["nowhere", 1])).toEqual([]);
  });

  test.each([
    ["realisation", ["id", "realization", "target"], "realization"],
    ["result", ["behaviourRating", "resultRating", "justification"], "resultRating"],
    ["REASON", ["reason", "version"], "reason"],
    ["behavior", ["behaviour", "behaviourRating"], "behaviour"],
    ["zzUnknown", ["id", "realization", "target"], undefined],
    ["id", ["ids", "kind"], "ids"],
  ])("closestKey(%s) among %j is %s", (unknown, known, expected) => {
    expect(closestKey(unknown, known)).toBe(expected);
  });
});

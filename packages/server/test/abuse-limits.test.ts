import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseTrustProxy } from "../src/commands";
import { FailedAuthLimiter } from "../src/failed-auth-limit";
import { type TestApp, testApp } from "./helpers/app";

const BAD = { authorization: "Bearer not.a.token" };

describe("failed authentications are limited per address, before any token is verified", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ rateLimit: { max: 1000, failedAuthPerAddress: 3 } });
  });
  afterAll(async () => {
    await t.close();
  });

  test("past the limit an address gets 429 even with a valid token; other addresses do not", async () => {
    const get = (headers: Record<string, string>, remoteAddress = "198.51.100.7") =>
      t.app.inject({ method: "GET", url: "/v1/webhooks", headers, remoteAddress });
    const good = t.authHeader({ sub: "hr", roles: ["HR_ADMIN"], agency: "a" });
    expect((await get(good)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get(BAD)).statusCode).toBe(401);
    const blocked = await get(BAD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: "RATE_LIMITED" });
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect((await get(good)).statusCode).toBe(429);
    expect((await get(BAD, "198.51.100.8")).statusCode).toBe(401);
    expect((await get(good, "198.51.100.8")).statusCode).toBe(200);
    // Public routes are not behind authentication.
    expect(
      (await t.app.inject({ method: "GET", url: "/health", remoteAddress: "198.51.100.7" })).statusCode,
    ).toBe(200);
    // Public pages have no actor: they are limited per address and answer normally.
    expect((await t.app.inject({ method: "GET", url: "/docs" })).statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: "/openapi.json" })).statusCode).toBe(200);
  });
});

describe("requests are limited per subject after authentication", () => {
  test("one subject's burst does not limit another subject at the same address", async () => {
    const t = await testApp({ rateLimit: { max: 2 } });
    try {
      const as = (sub: string) => t.authHeader({ sub, roles: ["HR_ADMIN"], agency: "a" });
      const get = (sub: string) => t.app.inject({ method: "GET", url: "/v1/webhooks", headers: as(sub) });
      expect((await get("alice")).statusCode).toBe(200);
      expect((await get("alice")).statusCode).toBe(200);
      expect((await get("alice")).statusCode).toBe(429);
      expect((await get("bob")).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  test("a public route without a token is limited per address (it answered 500 before)", async () => {
    const t = await testApp({ rateLimit: { max: 2 } });
    try {
      const url = `/v1/public/feedback/${"a".repeat(43)}`;
      const get = () => t.app.inject({ method: "GET", url });
      expect((await get()).statusCode).toBe(404);
      expect((await get()).statusCode).toBe(404);
      expect((await get()).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });
});

describe("behind a trusted proxy the client address comes from X-Forwarded-For", () => {
  test("failed authentications are counted per forwarded address", async () => {
    const t = await testApp({ trustProxy: true, rateLimit: { failedAuthPerAddress: 1 } });
    try {
      const get = (client: string) =>
        t.app.inject({
          method: "GET",
          url: "/v1/webhooks",
          headers: { ...BAD, "x-forwarded-for": client },
          remoteAddress: "127.0.0.1",
        });
      expect((await get("203.0.113.1")).statusCode).toBe(401);
      expect((await get("203.0.113.2")).statusCode).toBe(401);
      expect((await get("203.0.113.1")).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });

  test("--trust-proxy / KINERJA_TRUST_PROXY values", () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy("true")).toBe(true);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("10.0.0.0/8, 127.0.0.1")).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(() => parseTrustProxy("yes please")).toThrow(/--trust-proxy/);
  });
});

describe("FailedAuthLimiter", () => {
  test("a window resets; memory of expired windows is dropped", () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(2, 1000, () => now);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(1);
    now = 1000;
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });
});

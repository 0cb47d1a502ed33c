import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signToken } from "../src/auth";
import { DEMO_AGENCY_ID, DEMO_HR_ADMIN_ID, demoPersonas } from "../src/demo";
import { TEST_SECRET, type TestApp, testApp } from "./helpers/app";

describe("web pages at /", () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kinerja-web-"));
    await mkdir(join(dir, "assets"));
    await writeFile(join(dir, "index.html"), "<!doctype html><title>Kinerja app</title>");
    await writeFile(join(dir, "assets", "app-abc.js"), "console.log(1)");
    t = await testApp({ web: { root: dir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("serves index.html at / and for page paths, assets with a long cache", async () => {
    for (const url of ["/", "/employee", "/supervisor/team?x=1", "/f/some-token"]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain("Kinerja app");
    }
    const asset = await t.app.inject({ url: "/assets/app-abc.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
  });

  test("leaves the API alone: unknown /v1 paths and missing files stay JSON 404s", async () => {
    for (const url of ["/v1/nope", "/assets/missing.js", "/favicon.ico"]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: "NOT_FOUND" });
    }
    const health = await t.app.inject({ url: "/health" });
    expect(health.json()).toEqual({ status: "ok" });
  });
});

describe("web pages not built", () => {
  test("/ says how to build them", async () => {
    const t = await testApp({ web: { root: join(tmpdir(), "kinerja-web-missing-folder") } });
    try {
      const res = await t.app.inject({ url: "/" });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain("npm run build");
    } finally {
      await t.close();
    }
  });

  test("without the web option, / is a 404 as before (--no-web)", async () => {
    const t = await testApp();
    try {
      expect((await t.app.inject({ url: "/" })).statusCode).toBe(404);
      expect((await t.app.inject({ url: "/demo/personas" })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe("demo sign-in (serve --demo only)", () => {
  let t: TestApp;
  beforeAll(async () => {
    const sign = (claims: { sub: string; agency: string; roles: readonly string[] }) =>
      signToken(
        { sub: claims.sub, agency: claims.agency, roles: claims.roles as never },
        { secret: TEST_SECRET },
        { ttlSeconds: 600, now: new Date() },
      );
    t = await testApp({ demo: { sign } });
  });
  afterAll(async () => {
    await t.close();
  });

  test("lists the four personas first, then every other staff member once", async () => {
    const res = await t.app.inject({ url: "/demo/personas" });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { agencyId: string; personas: { key: string; id: string }[] };
    expect(body.agencyId).toBe(DEMO_AGENCY_ID);
    expect(body.personas.slice(0, 4).map((p) => p.key)).toEqual(["employee", "supervisor", "hr", "auditor"]);
    expect(body.personas.find((p) => p.key === "hr")?.id).toBe(DEMO_HR_ADMIN_ID);
    expect(new Set(body.personas.map((p) => p.id)).size).toBe(body.personas.length);
    expect(body.personas).toHaveLength(demoPersonas().length);
  });

  test("signs a token the service accepts, with the persona's roles", async () => {
    const hr = demoPersonas().find((p) => p.key === "hr")!;
    const res = await t.app.inject({ method: "POST", url: "/demo/token", payload: { id: hr.id } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const { token } = res.json() as { token: string };
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as {
      sub: string;
      roles: string[];
    };
    expect(claims).toMatchObject({ sub: hr.id, roles: ["HR_ADMIN", "EMPLOYEE"], agency: DEMO_AGENCY_ID });
    const agencies = await t.app.inject({
      url: "/v1/periods",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(agencies.statusCode, agencies.body).toBe(200);
  });

  test("refuses someone outside the demo agency with a sentence naming the field", async () => {
    const res = await t.app.inject({ method: "POST", url: "/demo/token", payload: { id: "123" } });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/^id: 123 is not a person of the demo agency/);
    const bad = await t.app.inject({ method: "POST", url: "/demo/token", payload: {} });
    expect(bad.statusCode).toBe(400);
  });
});

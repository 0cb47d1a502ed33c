import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { actorFromClaims, parseDuration, signToken } from "../src/auth";
import type { Database } from "../src/storage";
import { TEST_SECRET, testApp } from "./helpers/app";
import { freshPglite } from "./helpers/pglite";

const claims = { sub: "199001012015031001", agency: "disdik", roles: ["EMPLOYEE"] as const };
const now = () => new Date();

/** A request that reaches the evaluate route's handler when authenticated: an empty body is a 400. */
async function probe(app: import("fastify").FastifyInstance, authorization?: string) {
  return app.inject({
    method: "POST",
    url: "/v1/evaluate",
    headers: authorization === undefined ? {} : { authorization },
    payload: {},
  });
}

let database: Database;
beforeAll(async () => {
  database = await freshPglite();
});
afterAll(async () => {
  await database.close();
});

describe("HS256 secret", () => {
  test("a valid token passes authentication (the route then validates the body)", async () => {
    const t = await testApp({ database });
    const token = signToken(claims, { secret: TEST_SECRET }, { ttlSeconds: 60, now: now() });
    const res = await probe(t.app, `Bearer ${token}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    await t.close();
  });

  test("a token verified once is reused from the cache only until it expires", async () => {
    const t = await testApp({ database });
    try {
      // exp is in whole seconds: a token of 1 s signed now expires within the next 2 s.
      const token = `Bearer ${signToken(claims, { secret: TEST_SECRET }, { ttlSeconds: 1, now: now() })}`;
      expect((await probe(t.app, token)).statusCode).toBe(400);
      expect((await probe(t.app, token)).statusCode).toBe(400);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const late = await probe(t.app, token);
      expect(late.statusCode).toBe(401);
      expect(late.json().message).toMatch(/expired/);
      // A forged token with the same claims is not taken from the cache.
      const [h, p] = token.slice(7).split(".");
      expect((await probe(t.app, `Bearer ${h}.${p}.${"A".repeat(43)}`)).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  test.each([
    ["missing", undefined, /no bearer token/],
    ["not bearer", "Basic abc", /no bearer token/],
    ["garbage", "Bearer not.a.jwt", /invalid|could not be verified/],
    [
      "forged (other secret)",
      `Bearer ${signToken(claims, { secret: "another-secret-of-at-least-32-characters" }, { ttlSeconds: 60, now: now() })}`,
      /invalid/,
    ],
    [
      "expired",
      `Bearer ${signToken(claims, { secret: TEST_SECRET }, { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) })}`,
      /expired/,
    ],
  ])("%s token → 401 UNAUTHENTICATED", async (_name, authorization, message) => {
    const t = await testApp({ database });
    const res = await probe(t.app, authorization);
    expect(res.statusCode).toBe(401);
    const body = res.json();
    expect(body).toEqual({ code: "UNAUTHENTICATED", message: expect.stringMatching(message), details: {} });
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    await t.close();
  });

  test("a token whose payload was altered after signing → 401", async () => {
    const t = await testApp({ database });
    const [h, , s] = signToken(claims, { secret: TEST_SECRET }, { ttlSeconds: 60, now: now() }).split(".");
    const payload = Buffer.from(
      JSON.stringify({ ...claims, roles: ["HR_ADMIN"], exp: 9_999_999_999 }),
    ).toString("base64url");
    const res = await probe(t.app, `Bearer ${h}.${payload}.${s}`);
    expect(res.statusCode).toBe(401);
    await t.close();
  });

  test("an unsigned (alg none) token → 401", async () => {
    const t = await testApp({ database });
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ ...claims, exp: 9_999_999_999 })).toString("base64url");
    const res = await probe(t.app, `Bearer ${header}.${payload}.`);
    expect(res.statusCode).toBe(401);
    await t.close();
  });

  test("a token without an expiry → 401", async () => {
    const t = await testApp({ database });
    const { createHmac } = await import("node:crypto");
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const signature = createHmac("sha256", TEST_SECRET).update(`${header}.${payload}`).digest("base64url");
    const res = await probe(t.app, `Bearer ${header}.${payload}.${signature}`);
    expect(res.statusCode).toBe(401);
    await t.close();
  });

  test("a token without the agency claim → 401 naming the claim", async () => {
    const t = await testApp({ database });
    const token = signToken(
      { ...claims, agency: "" },
      { secret: TEST_SECRET },
      { ttlSeconds: 60, now: now() },
    );
    const res = await probe(t.app, `Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/agency/);
    await t.close();
  });

  test("issuer and audience are enforced when configured", async () => {
    const t = await testApp({
      database,
      auth: { secret: TEST_SECRET, issuer: "https://idp.example", audience: "kinerja" },
    });
    const good = signToken(
      { ...claims, iss: "https://idp.example", aud: "kinerja" },
      { secret: TEST_SECRET },
      { ttlSeconds: 60, now: now() },
    );
    const wrongIss = signToken(
      { ...claims, iss: "https://evil.example", aud: "kinerja" },
      { secret: TEST_SECRET },
      { ttlSeconds: 60, now: now() },
    );
    const noAud = signToken(
      { ...claims, iss: "https://idp.example" },
      { secret: TEST_SECRET },
      { ttlSeconds: 60, now: now() },
    );
    expect((await probe(t.app, `Bearer ${good}`)).statusCode).toBe(400);
    expect((await probe(t.app, `Bearer ${wrongIss}`)).statusCode).toBe(401);
    expect((await probe(t.app, `Bearer ${noAud}`)).statusCode).toBe(401);
    await t.close();
  });
});

describe("public keys", () => {
  test("RS256: a token signed with the private key passes; another key pair's does not", async () => {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKey = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const t = await testApp({ database, auth: { publicKey } });
    const sign = (key: typeof pair.privateKey) =>
      signToken(
        claims,
        { privateKey: key.export({ type: "pkcs8", format: "pem" }).toString() },
        { ttlSeconds: 60, now: now() },
      );
    expect((await probe(t.app, `Bearer ${sign(pair.privateKey)}`)).statusCode).toBe(400);
    expect((await probe(t.app, `Bearer ${sign(other.privateKey)}`)).statusCode).toBe(401);
    // Algorithm confusion: an HS256 token whose secret is the public key is refused.
    const confused = signToken(claims, { secret: publicKey }, { ttlSeconds: 60, now: now() });
    expect((await probe(t.app, `Bearer ${confused}`)).statusCode).toBe(401);
    // An HS256 token with the test secret is refused too.
    const hs = signToken(claims, { secret: TEST_SECRET }, { ttlSeconds: 60, now: now() });
    expect((await probe(t.app, `Bearer ${hs}`)).statusCode).toBe(401);
    await t.close();
  });

  test("ES256: a token signed with the P-256 private key passes", async () => {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const t = await testApp({
      database,
      auth: { publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString() },
    });
    const token = signToken(
      claims,
      { privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
      { ttlSeconds: 60, now: now() },
    );
    expect((await probe(t.app, `Bearer ${token}`)).statusCode).toBe(400);
    const expired = signToken(
      claims,
      { privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
      { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) },
    );
    expect((await probe(t.app, `Bearer ${expired}`)).statusCode).toBe(401);
    await t.close();
  });

  test("a PEM that is not a public key is refused at build time", async () => {
    await expect(testApp({ database, auth: { publicKey: "not a key" } })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});

describe("JWKS", () => {
  let server: Server;
  let url: string;
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKey = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  beforeAll(async () => {
    const jwk = { ...pair.publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
    server = createServer((req, res) => {
      if (req.url === "/realms/x/certs") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/x/certs`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test("verifies tokens with the key of the token's kid from the JWKS URL", async () => {
    const t = await testApp({ database, auth: { jwksUrl: url } });
    const good = signToken(claims, { privateKey }, { ttlSeconds: 60, now: now(), kid: "k1" });
    const unknownKid = signToken(claims, { privateKey }, { ttlSeconds: 60, now: now(), kid: "k2" });
    const noKid = signToken(claims, { privateKey }, { ttlSeconds: 60, now: now() });
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const forged = signToken(claims, { privateKey: other }, { ttlSeconds: 60, now: now(), kid: "k1" });
    expect((await probe(t.app, `Bearer ${good}`)).statusCode).toBe(400);
    for (const token of [unknownKid, noKid, forged]) {
      const res = await probe(t.app, `Bearer ${token}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("UNAUTHENTICATED");
    }
    await t.close();
  });
});

describe("claims and durations", () => {
  test("actorFromClaims keeps only known roles and reads a space-separated roles claim", () => {
    expect(actorFromClaims({ sub: "a", agency: "x", roles: ["HR_ADMIN", "offline_access"] })).toEqual({
      id: "a",
      agencyId: "x",
      roles: ["HR_ADMIN"],
    });
    expect(actorFromClaims({ sub: "a", agency: "x", roles: "EMPLOYEE AUDITOR" }).roles).toEqual([
      "EMPLOYEE",
      "AUDITOR",
    ]);
    expect(
      actorFromClaims(
        { sub: "a", org: "x", groups: ["AUDITOR"] },
        { agencyClaim: "org", rolesClaim: "groups" },
      ),
    ).toEqual({
      id: "a",
      agencyId: "x",
      roles: ["AUDITOR"],
    });
    expect(() => actorFromClaims({ agency: "x" })).toThrow(/sub/);
  });

  test("parseDuration", () => {
    expect(parseDuration("8h")).toBe(28_800);
    expect(parseDuration("30m")).toBe(1_800);
    expect(parseDuration("2d")).toBe(172_800);
    expect(parseDuration("45")).toBe(45);
    expect(() => parseDuration("soon", "--ttl")).toThrow(/--ttl/);
    expect(() => parseDuration("0")).toThrow();
  });
});

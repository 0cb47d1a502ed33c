import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createRegistry } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEVELOPMENT_JWT_SECRET } from "../src/auth";
import { type CliIo, runCli } from "../src/commands";
import { defaultRegistry } from "../src/registry";
import { testApp } from "./helpers/app";
import { toyCase, toyPackage } from "./helpers/toy";

const registry = createRegistry([...defaultRegistry().list(), toyPackage]);

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], stdin: string | Readable = "", env: CliIo["env"] = {}) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, {
    stdin: typeof stdin === "string" ? Readable.from([stdin]) : stdin,
    stdout,
    stderr,
    env,
    registry,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const lines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));

let dir: string;

/**
 * A data folder seeded once by `kinerja seed --demo`, shared by the tests that need a seeded
 * folder: seeding the demo through the API is most of this file's time, so it happens once per
 * folder kind (here, and once in memory under low limits below).
 */
let seededFolder: Promise<{ dataDir: string; first: Awaited<ReturnType<typeof run>> }> | undefined;
function seededDataDir() {
  seededFolder ??= (async () => {
    const dataDir = join(dir, "seeded");
    return { dataDir, first: await run(["seed", "--demo", "--data-dir", dataDir]) };
  })();
  return seededFolder;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kinerja-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kinerja", () => {
  test("without a command prints the help and exits 2", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: kinerja <command>");
  });

  test("an unknown command exits 2", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  test.each(["evaluate", "serve", "migrate", "seed", "token"])(
    "%s --help prints its usage and exits 0",
    async (command) => {
      const r = await run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: kinerja ${command}`);
    },
  );

  test("an unknown option exits 2 and points to --help", async () => {
    const r = await run(["evaluate", "--frob"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("kinerja evaluate --help");
  });
});

describe("kinerja evaluate (JSON)", () => {
  const request = { rules: "toy", cases: [toyCase("e1", 10, 12), toyCase("e2", 10, 5)] };

  test("reads the request on stdin and writes the response on stdout", async () => {
    const r = await run(["evaluate"], JSON.stringify(request));
    expect(r.code).toBe(0);
    const response = JSON.parse(r.stdout);
    expect(response.rules).toEqual({ id: "toy", version: "1.0.0" });
    expect(response.results.map((x: { grade: string }) => x.grade)).toEqual(["A", "B"]);
    expect(response.distribution).toEqual({ counts: { A: 1, B: 1 }, violations: [] });
  });

  test("--rules sets the package, --config FILE the configuration", async () => {
    const config = join(dir, "toy.json");
    await writeFile(config, JSON.stringify({ threshold: 0.4 }));
    const { rules: _r, ...withoutRules } = request;
    const r = await run(
      ["evaluate", "--rules", "toy@1.0.0", "--config", config],
      JSON.stringify(withoutRules),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { grade: string }) => x.grade)).toEqual(["A", "A"]);
  });

  test("distribution violations are findings: exit 0", async () => {
    const r = await run(
      ["evaluate", "--organisation", "disdik:BAIK"],
      JSON.stringify({ ...request, cases: [toyCase("e1", 1, 1)] }),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).distribution.violations).toHaveLength(1);
  });

  test("a wrong field exits 1 naming its path", async () => {
    const bad = toyCase("e1", 10, 12);
    (bad.workPlan.results[0]!.indicators[0] as { target?: unknown }).target = undefined;
    const r = await run(["evaluate"], JSON.stringify({ rules: "toy", cases: [bad] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cases[0].workPlan.results[0].indicators[0].target");
    expect(r.stdout).toBe("");
  });

  test("an unknown package exits 1 listing the known ones", async () => {
    const r = await run(["evaluate", "--rules", "nope"], JSON.stringify({ cases: [] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RULE_PACKAGE_NOT_FOUND");
    expect(r.stderr).toContain("pp-46-2011");
    expect(r.stderr).toContain("toy");
  });

  test("no rules at all exits 1 naming --rules and the known packages", async () => {
    const r = await run(["evaluate"], JSON.stringify({ cases: [] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--rules.*toy/);
  });

  test("invalid JSON exits 1; an empty stdin exits 2", async () => {
    const bad = await run(["evaluate"], '{"rules": "toy", ');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("not valid JSON");
    const empty = await run(["evaluate"], "");
    expect(empty.code).toBe(2);
  });

  test("a bad --period or --organisation exits 1 naming the option", async () => {
    const p = await run(["evaluate", "--period", "2026-13-01..2026-12-31"], JSON.stringify(request));
    expect(p.code).toBe(1);
    expect(p.stderr).toContain("--period");
    const o = await run(["evaluate", "--organisation", "disdik:GREAT"], JSON.stringify(request));
    expect(o.code).toBe(1);
    expect(o.stderr).toContain("organisation.predikat");
  });
});

describe("kinerja evaluate --ndjson", () => {
  const ndjson = (...values: unknown[]) => values.map((v) => JSON.stringify(v)).join("\n");

  test("streams one result per line and a summary with the counts", async () => {
    const input = ndjson(toyCase("e1", 10, 12), toyCase("e2", 10, 5), toyCase("e3", 3, 3));
    const r = await run(["evaluate", "--ndjson", "--rules", "toy"], `${input}\n\n`);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.slice(0, 3).map((x) => [x.employeeId, x.grade])).toEqual([
      ["e1", "A"],
      ["e2", "B"],
      ["e3", "A"],
    ]);
    expect(out[3]).toEqual({
      rules: { id: "toy", version: "1.0.0" },
      count: 3,
      distribution: { counts: { A: 2, B: 1 }, violations: [] },
    });
  });

  test("reads a header line; options override it; violations with an organisation exit 0", async () => {
    const header = { rules: "toy", config: { maxShareA: 0.9 }, organisation: { id: "x", predikat: "BAIK" } };
    const input = ndjson(header, toyCase("e1", 1, 1), toyCase("e2", 1, 1));
    const fromHeader = await run(["evaluate", "--ndjson"], input);
    expect(fromHeader.code).toBe(0);
    expect(lines(fromHeader.stdout).at(-1).distribution.violations).toHaveLength(1);
    const config = join(dir, "strict.json");
    await writeFile(config, JSON.stringify({ maxShareA: 1 }));
    const overridden = await run(["evaluate", "--ndjson", "--config", config], input);
    expect(overridden.code).toBe(0);
    expect(lines(overridden.stdout).at(-1).distribution).toEqual({ counts: { A: 2, B: 0 }, violations: [] });
  });

  test("a progress line on stderr every N cases", async () => {
    const input = ndjson(...Array.from({ length: 7 }, (_, i) => toyCase(`e${i}`, 1, i % 2)));
    const r = await run(["evaluate", "--ndjson", "--rules", "toy", "--progress", "3"], input);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/kinerja evaluate: \d+ cases/g)).toEqual([
      "kinerja evaluate: 3 cases",
      "kinerja evaluate: 6 cases",
    ]);
    expect(lines(r.stdout)).toHaveLength(8);
  });

  test("a bad case exits 1 naming its line and field path", async () => {
    const bad = toyCase("e2", 1, 1);
    (bad.employee as { positionKind: string }).positionKind = "CEO";
    const input = ndjson({ rules: "toy" }, toyCase("e1", 1, 1), bad);
    const r = await run(["evaluate", "--ndjson"], input);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("line 3");
    expect(r.stderr).toContain("cases[1].employee.positionKind");
    expect(lines(r.stdout)).toHaveLength(1);
  });

  test("a line that is not JSON exits 1 naming the line", async () => {
    const r = await run(
      ["evaluate", "--ndjson", "--rules", "toy"],
      `${JSON.stringify(toyCase("e1", 1, 1))}\n{oops\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("line 2");
    // The result of the good line before it is written, not lost in an output buffer.
    expect(lines(r.stdout)).toEqual([expect.objectContaining({ employeeId: "e1" })]);
  });

  test("results are written in batches, not one write per case", async () => {
    const total = 2_000;
    let writes = 0;
    let text = "";
    const stdout = new Writable({
      write(chunk, _enc, next) {
        writes += 1;
        text += chunk.toString();
        next();
      },
    });
    const input = Array.from({ length: total }, (_, i) => JSON.stringify(toyCase(`e${i}`, 10, i % 20))).join(
      "\n",
    );
    const code = await runCli(["evaluate", "--ndjson", "--rules", "toy", "--progress", "0"], {
      stdin: Readable.from([`${input}\n`]),
      stdout,
      stderr: new Sink(),
      env: {},
      registry,
    });
    expect(code).toBe(0);
    expect(lines(text)).toHaveLength(total + 1);
    expect(writes).toBeLessThan(total / 10);
  });

  test("results are written while the input is still open (streaming)", async () => {
    const stdin = new PassThrough();
    const stdout = new Sink();
    const stderr = new Sink();
    const done = runCli(["evaluate", "--ndjson", "--rules", "toy"], {
      stdin,
      stdout,
      stderr,
      env: {},
      registry,
    });
    stdin.write(`${JSON.stringify(toyCase("e1", 1, 1))}\n`);
    for (let i = 0; i < 100 && stdout.text === ""; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(lines(stdout.text)).toEqual([expect.objectContaining({ employeeId: "e1" })]);
    stdin.end(`${JSON.stringify(toyCase("e2", 1, 0))}\n`);
    expect(await done).toBe(0);
    expect(lines(stdout.text).map((x) => x.employeeId ?? "summary")).toEqual(["e1", "e2", "summary"]);
  });

  test("many cases stream from a generator without being held in memory", async () => {
    const total = 20_000;
    function* source() {
      for (let i = 0; i < total; i += 1) yield `${JSON.stringify(toyCase(`e${i}`, 10, i % 20))}\n`;
    }
    let count = 0;
    let summary: { count: number; distribution: { counts: Record<string, number> } } | undefined;
    let buffered = "";
    const stdout = new Writable({
      write(chunk, _enc, next) {
        buffered += chunk.toString();
        const parts = buffered.split("\n");
        buffered = parts.pop() ?? "";
        for (const p of parts) {
          const value = JSON.parse(p);
          if (value.employeeId) count += 1;
          else summary = value;
        }
        next();
      },
    });
    const code = await runCli(["evaluate", "--ndjson", "--rules", "toy", "--progress", "0"], {
      stdin: Readable.from(source()),
      stdout,
      stderr: new Sink(),
      env: {},
      registry,
    });
    expect(code).toBe(0);
    expect(count).toBe(total);
    expect(summary?.count).toBe(total);
    expect(summary?.distribution.counts).toEqual({ A: total / 2, B: total / 2 });
  });
});

describe("kinerja token", () => {
  test("--demo signs with the development secret and prints the token last", async () => {
    const r = await run([
      "token",
      "--sub",
      "199001012015031001",
      "--role",
      "HR_ADMIN",
      "--agency",
      "demo",
      "--demo",
      "--ttl",
      "1h",
    ]);
    expect(r.code).toBe(0);
    const token = r.stdout.trim().split("\n").at(-1)!;
    const t = await testApp({ auth: { secret: DEVELOPMENT_JWT_SECRET }, registry });
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: { authorization: `Bearer ${token}` },
      payload: { rules: "toy", cases: [] },
    });
    expect(res.statusCode).toBe(200);
    await t.close();
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(payload).toMatchObject({ sub: "199001012015031001", agency: "demo", roles: ["HR_ADMIN"] });
    expect(payload.exp - payload.iat).toBe(3600);
  });

  test("signs with KINERJA_JWT_SECRET and adds issuer and audience", async () => {
    const secret = "a-configured-secret-of-at-least-32-chars";
    const r = await run(["token", "--sub", "s", "--role", "EMPLOYEE,AUDITOR", "--agency", "a"], "", {
      KINERJA_JWT_SECRET: secret,
      KINERJA_JWT_ISSUER: "https://idp",
      KINERJA_JWT_AUDIENCE: "kinerja",
    });
    expect(r.code).toBe(0);
    const token = r.stdout.trim().split("\n").at(-1)!;
    const t = await testApp({ auth: { secret, issuer: "https://idp", audience: "kinerja" }, registry });
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    await t.close();
  });

  test("refuses without a key, an unknown role or missing claims", async () => {
    expect((await run(["token", "--sub", "s", "--role", "EMPLOYEE", "--agency", "a"])).code).toBe(1);
    expect((await run(["token", "--sub", "s", "--role", "KING", "--agency", "a", "--demo"])).code).toBe(2);
    expect((await run(["token", "--role", "EMPLOYEE", "--agency", "a", "--demo"])).code).toBe(2);
    expect(
      (await run(["token", "--sub", "s", "--role", "EMPLOYEE", "--agency", "a", "--demo", "--ttl", "soon"]))
        .code,
    ).toBe(1);
  });
});

describe("kinerja serve / migrate / seed", () => {
  test("serve refuses to start without a configured secret", async () => {
    const r = await run(["serve", "--port", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to start");
    expect(r.stderr).toContain("KINERJA_JWT_SECRET");
    expect(r.stderr).toContain("--demo");
  });

  test("serve names a bad port, host or log level from the flag or the environment", async () => {
    const flag = await run(["serve", "--port", "70000"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--port: "70000" is not a port');
    const env = await run(["serve"], "", { PORT: "web" });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('PORT: "web" is not a port');
    const level = await run(["serve", "--log-level", "loud"]);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('--log-level: "loud" is not a log level');
    const envLevel = await run(["serve"], "", { LOG_LEVEL: "chatty" });
    expect(envLevel.code).toBe(2);
    expect(envLevel.stderr).toContain('LOG_LEVEL: "chatty" is not a log level');
  });

  test("serve names a KINERJA_WEBHOOK_MAX_ATTEMPTS that is not a positive whole number", async () => {
    const r = await run(["serve", "--port", "0"], "", {
      KINERJA_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
      KINERJA_WEBHOOK_MAX_ATTEMPTS: "twice",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KINERJA_WEBHOOK_MAX_ATTEMPTS: "twice" is not a positive whole number');
  });

  test("migrate applies the migrations to a data folder once", async () => {
    const dataDir = join(dir, "pgdata");
    const first = await run(["migrate", "--data-dir", dataDir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied 0001_core/);
    const second = await run(["migrate", "--data-dir", dataDir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("already up to date");
  });

  test("seed needs --demo", async () => {
    expect((await run(["seed"])).code).toBe(2);
  });

  test("seed --demo seeds a data folder once", async () => {
    const { dataDir, first } = await seededDataDir();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('seeded the demo agency "demo"');
    const second = await run(["seed", "--demo", "--data-dir", dataDir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("already exists");
  }, 180_000);
});

describe("the real command", () => {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const serverDir = fileURLToPath(new URL("..", import.meta.url));

  function spawnCli(args: string[], input: string, env: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
        cwd: serverDir,
        env: { ...process.env, ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  test("kinerja evaluate runs as a process with the default packages", async () => {
    const request = {
      rules: "pp-46-2011",
      cases: [
        {
          employee: { id: "198507012010011001", positionKind: "JA" },
          workPlan: {
            results: [
              {
                id: "k1",
                kind: "UTAMA",
                indicators: [
                  { id: "k1-kuantitas", aspect: "KUANTITAS", target: 12, realization: 12 },
                  { id: "k1-kualitas", aspect: "KUALITAS", target: 100, realization: 100 },
                  { id: "k1-waktu", aspect: "WAKTU", target: 12, realization: 12 },
                ],
              },
            ],
          },
          assessments: [
            {
              source: "SUPERVISOR",
              behaviour: {
                ORIENTASI_PELAYANAN: 80,
                INTEGRITAS: 80,
                KOMITMEN: 80,
                DISIPLIN: 80,
                KERJA_SAMA: 80,
              },
            },
          ],
        },
      ],
    };
    // Two independent processes: started together, each loading the modules on its own.
    const [ok, bad] = await Promise.all([
      spawnCli(["evaluate"], JSON.stringify(request)),
      spawnCli(["evaluate", "--rules", "nope"], JSON.stringify({ cases: [] })),
    ]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).rules.id).toBe("pp-46-2011");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("pp-46-2011");
  }, 60_000);

  function startServe(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ["--import", "tsx", cli, "serve", ...args], {
      cwd: serverDir,
      env: { ...process.env, PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const url = new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d;
        const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.on("close", () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    return { child, url, exited, output: () => ({ stdout, stderr }) };
  }

  test("kinerja serve --demo seeds the demo agency whatever KINERJA_RATE_LIMIT says, and starts from its copy next time", async () => {
    // A cache folder of its own, so that the demo is seeded now rather than copied from a saved seed.
    const serve = startServe(["--demo"], {
      KINERJA_RATE_LIMIT: "2",
      KINERJA_FAILED_AUTH_LIMIT: "1",
      KINERJA_CACHE_DIR: join(dir, "cache-rate-limit"),
    });
    const base = await serve.url;
    expect(serve.output().stdout).toMatch(/seeded the agency "demo" through the API \(49 staff/);
    const token = serve
      .output()
      .stdout.split("\n")
      .find((l) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(l.trim()))!
      .trim();
    const get = () => fetch(`${base}/v1/agencies/demo`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toBe(0);

    // The next start opens the copy it saved (already migrated: migrations are not run again).
    const again = startServe(["--demo"], { KINERJA_CACHE_DIR: join(dir, "cache-rate-limit") });
    const url = await again.url;
    expect(again.output().stdout).toMatch(/the agency "demo" \(49 staff\) from a copy seeded once/);
    const staff = await fetch(`${url}/v1/staff?limit=500`, { headers: { authorization: `Bearer ${token}` } });
    expect(staff.status).toBe(200);
    expect(((await staff.json()) as { items: unknown[] }).items).toHaveLength(49);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 240_000);

  test("kinerja serve --demo on a seeded data folder prints a working token and drains on SIGTERM; the folder survives the restart", async () => {
    // The folder `kinerja seed --demo` seeded (the seeding itself is checked above, and through
    // `serve --demo` under low limits).
    const { dataDir } = await seededDataDir();
    const first = startServe(["--demo", "--data-dir", dataDir]);
    const base = await first.url;
    const { stdout, stderr } = first.output();
    expect(stderr).toContain("PUBLISHED development secret");
    // Seeding is quiet (no request logs) and the banner with the token comes last.
    expect(stdout.split("\n").filter((l) => l.startsWith("{")).length).toBeLessThan(5);
    expect(stdout).toMatch(/the agency "demo" exists already; left as it is/);
    const token = stdout
      .split("\n")
      .find((l) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(l.trim()))!
      .trim();
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const agency = await fetch(`${base}/v1/agencies/demo`, { headers: { authorization: `Bearer ${token}` } });
    expect(agency.status).toBe(200);
    expect((await fetch(`${base}/v1/agencies/demo`)).status).toBe(401);
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    const slow = fetch(`${base}/v1/staff?limit=500`, { headers: { authorization: `Bearer ${token}` } });
    first.child.kill("SIGTERM");
    expect((await slow).status).toBe(200);
    expect(await first.exited).toBe(0);

    const second = startServe(["--data-dir", dataDir], {
      KINERJA_JWT_SECRET: "kinerja-development-secret-do-not-use-in-production",
    });
    const again = await second.url;
    const staff = await fetch(`${again}/v1/staff?limit=500`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(staff.status).toBe(200);
    expect(((await staff.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(45);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 240_000);
});

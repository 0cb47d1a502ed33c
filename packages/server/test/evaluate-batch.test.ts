import { Readable, Writable } from "node:stream";
import { createRegistry, EvaluationResponseSchema } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../src/commands";
import { type TestApp, testApp } from "./helpers/app";
import { toyCase, toyPackage } from "./helpers/toy";

const registry = createRegistry([toyPackage]);
const employee = { sub: "199001012015031001", roles: ["EMPLOYEE"] as const, agency: "disdik" };
const broken = { employee: { id: "bad-1" }, workPlan: {} };

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], stdin: string) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdin: Readable.from([stdin]), stdout, stderr, env: {}, registry });
  return {
    code,
    out: stdout.text
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l)),
    stderr: stderr.text,
  };
}

const ndjson = (...values: unknown[]) =>
  values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n");

describe("POST /v1/evaluate: onError and explain (issues 8 item 4, 9 item 2)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ registry });
  });
  afterAll(async () => {
    await t.close();
  });
  const post = (payload: unknown) =>
    t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader(employee),
      payload: payload as object,
    });

  test("onError report: 200 with the good results, the failures with their index and a summary", async () => {
    const res = await post({
      rules: "toy",
      onError: "report",
      cases: [toyCase("e1", 10, 12), broken, toyCase("e3", 10, 5)],
    });
    expect(res.statusCode).toBe(200);
    const body = EvaluationResponseSchema.parse(res.json());
    expect(body.results.map((r) => r.employeeId)).toEqual(["e1", "e3"]);
    expect(body.failures?.map((f) => [f.index, f.employeeId, f.error.code])).toEqual([
      [1, "bad-1", "VALIDATION_FAILED"],
    ]);
    expect(body.summary).toEqual({ evaluated: 2, failed: 1 });
  });

  test("onError fail (default) is still a 400 naming the case", async () => {
    const res = await post({ rules: "toy", cases: [toyCase("e1", 10, 12), broken] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^cases\[1\]/);
  });

  test("explain is full by default, steps and none on request", async () => {
    const full = (await post({ rules: "toy", cases: [toyCase("e1", 10, 12)] })).json();
    expect(full.results[0].explanation[0].text).toBeDefined();
    const steps = (await post({ rules: "toy", explain: "steps", cases: [toyCase("e1", 10, 12)] })).json();
    expect(steps.results[0].explanation[0].rule).toBe("toy/reached");
    expect(steps.results[0].explanation[0].text).toBeUndefined();
    const none = (await post({ rules: "toy", explain: "none", cases: [toyCase("e1", 10, 12)] })).json();
    expect(none.results[0].explanation).toEqual([]);
  });

  test("two cases of one employee are a 400 naming both indexes", async () => {
    const res = await post({ rules: "toy", cases: [toyCase("e1", 10, 12), toyCase("e1", 10, 5)] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/cases\[1\]\.employee\.id: employee "e1" is also cases\[0\]/);
  });
});

describe("kinerja evaluate --on-error report and --explain", () => {
  test("--ndjson: a bad line is written in its place with index, line and employee id; the run goes on; exit 1", async () => {
    const r = await run(
      ["evaluate", "--ndjson", "--rules", "toy", "--on-error", "report"],
      ndjson(toyCase("e1", 10, 12), broken, "{not json", toyCase("e4", 10, 5)),
    );
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(5);
    expect(r.out[0].employeeId).toBe("e1");
    expect(r.out[1]).toMatchObject({
      index: 1,
      line: 2,
      employeeId: "bad-1",
      error: { code: "VALIDATION_FAILED" },
    });
    expect(r.out[1].error.message).toMatch(/^line 2: cases\[1\]\./);
    expect(r.out[2]).toMatchObject({ index: 2, line: 3, error: { code: "VALIDATION_FAILED" } });
    expect(r.out[2].employeeId).toBeUndefined();
    expect(r.out[3].employeeId).toBe("e4");
    expect(r.out[4]).toMatchObject({ count: 2, evaluated: 2, failed: 1 + 1 });
  });

  test("--ndjson explains steps by default (no text); --explain full adds the text; none drops the steps", async () => {
    const input = ndjson(toyCase("e1", 10, 12));
    const steps = await run(["evaluate", "--ndjson", "--rules", "toy"], input);
    expect(steps.out[0].explanation[0].rule).toBe("toy/reached");
    expect(steps.out[0].explanation[0].text).toBeUndefined();
    const full = await run(["evaluate", "--ndjson", "--rules", "toy", "--explain", "full"], input);
    expect(full.out[0].explanation[0].text).toBeDefined();
    const none = await run(["evaluate", "--ndjson", "--rules", "toy", "--explain", "none"], input);
    expect(none.out[0].explanation).toEqual([]);
    const header = await run(
      ["evaluate", "--ndjson"],
      ndjson({ rules: "toy", explain: "full" }, toyCase("e1", 10, 12)),
    );
    expect(header.out[0].explanation[0].text).toBeDefined();
  });

  test("a JSON request: explain full by default, --on-error report puts failures in the response", async () => {
    const r = await run(
      ["evaluate", "--on-error", "report"],
      JSON.stringify({ rules: "toy", cases: [toyCase("e1", 10, 12), broken] }),
    );
    expect(r.code).toBe(1);
    expect(r.out[0].results[0].explanation[0].text).toBeDefined();
    expect(r.out[0].summary).toEqual({ evaluated: 1, failed: 1 });
  });

  test("a bad --explain or --on-error is a usage error", async () => {
    expect((await run(["evaluate", "--explain", "short"], "{}")).code).toBe(2);
    expect((await run(["evaluate", "--on-error", "skip"], "{}")).code).toBe(2);
  });
});

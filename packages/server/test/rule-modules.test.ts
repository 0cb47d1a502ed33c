import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliIo, runCli } from "../src/commands";
import { defaultRegistry } from "../src/registry";
import { loadRuleModules, registryWithModules, ruleModuleSpecs } from "../src/rule-modules";
import { type TestApp, testApp } from "./helpers/app";
import { toyCase } from "./helpers/toy";

/**
 * Third-party rule packages through the command and the service: `--rules-module` (repeatable)
 * and KINERJA_RULE_MODULES load the packages a module exports, each checked by
 * `defineRulePackage`; the example package of examples/rule-package-example is one.
 */
const EXAMPLE = fileURLToPath(new URL("../../../examples/rule-package-example", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/rule-modules/${name}`, import.meta.url));

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], stdin = "", env: CliIo["env"] = {}) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdin: Readable.from([stdin]), stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const request = JSON.stringify({
  rules: "kab-contoh-2026",
  cases: [toyCase("199001012015031001", 10, 10), toyCase("199001012015031002", 10, 5)],
});

describe("kinerja evaluate --rules-module", () => {
  test("evaluates with a package of a module given by path; the built-in packages stay", async () => {
    const r = await run(["evaluate", "--rules-module", EXAMPLE], request);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.rules).toEqual({ id: "kab-contoh-2026", version: "1.0.0" });
    expect(body.results.map((x: { grade: string }) => x.grade)).toEqual(["BAIK", "KURANG"]);
    const builtIn = await run(["evaluate", "--rules-module", EXAMPLE, "--rules", "nope"], request);
    expect(builtIn.code).toBe(1);
    expect(builtIn.stderr).toMatch(/known packages: .*kab-contoh-2026.*permenpanrb-6-2022/);
  });

  test("KINERJA_RULE_MODULES (comma-separated) loads modules too", async () => {
    const r = await run(["evaluate"], request, { KINERJA_RULE_MODULES: ` ${EXAMPLE} , ` });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rules.id).toBe("kab-contoh-2026");
    expect(ruleModuleSpecs({ KINERJA_RULE_MODULES: "a, ,b" }, ["c"])).toEqual(["a", "b", "c"]);
  });

  test("without the module the package is unknown (exit 1, the known packages listed)", async () => {
    const r = await run(["evaluate"], request);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown rule package "kab-contoh-2026"');
  });

  test("a module whose package fails defineRulePackage's checks is refused, naming the module and the problems", async () => {
    const r = await run(["evaluate", "--rules-module", fixture("invalid.mjs")], request);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--rules-module ${fixture("invalid.mjs")}`);
    expect(r.stderr).toContain("is not a semver version");
    expect(r.stderr).toContain("must give a reason");
    expect(r.stdout).toBe("");
  });

  test("a module exporting no package, or one that cannot be found, is refused with exit 1", async () => {
    const empty = await run(["evaluate", "--rules-module", fixture("empty.mjs")], request);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("exports no rule package");
    const missing = await run(["evaluate", "--rules-module", "@kab-nowhere/kinerja-rules"], request);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--rules-module @kab-nowhere/kinerja-rules: cannot be loaded");
    const path = await run(["evaluate", "--rules-module", "./no/such/module.js"], request);
    expect(path.code).toBe(1);
  });

  test("serve refuses to start with a bad module (exit 1) before opening anything", async () => {
    const r = await run(["serve", "--demo", "--port", "0", "--rules-module", fixture("invalid.mjs")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--rules-module");
  });

  test("serve refuses KINERJA_EVALUATE_WORKERS with rule modules (the pool would be silently off)", async () => {
    const r = await run(["serve", "--demo", "--port", "0", "--rules-module", EXAMPLE], "", {
      KINERJA_EVALUATE_WORKERS: "2",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("KINERJA_EVALUATE_WORKERS");
  });
});

describe("the service with a rule module", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ registry: await registryWithModules(defaultRegistry(), [EXAMPLE]) });
  });
  afterAll(async () => {
    await t.close();
  });

  test("POST /v1/evaluate evaluates with the module's package", async () => {
    const headers = t.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "a1" });
    const r = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers,
      payload: JSON.parse(request),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().results.map((x: { grade: string }) => x.grade)).toEqual(["BAIK", "KURANG"]);
    const [pkg] = await loadRuleModules([EXAMPLE]);
    expect(pkg?.id).toBe("kab-contoh-2026");
  });
});

import { describe, expect, test } from "vitest";
import {
  distribute,
  evaluate,
  evaluateMany,
  evaluateOrganisation,
  evaluateRequest,
  isEvaluationFailure,
  prepareEvaluator,
} from "../src/engine";
import { isKinerjaError, type KinerjaError, KinerjaError as KinerjaErrorClass } from "../src/errors";
import { type Consequence, ConsequenceSchema, type EvaluationResult } from "../src/evaluation";
import { createRegistry } from "../src/registry";
import { toy, toyCase } from "./engine-fixtures";

const fail = (fn: () => unknown): KinerjaError => {
  try {
    fn();
  } catch (error) {
    if (isKinerjaError(error)) return error;
    throw error;
  }
  throw new Error("expected a KinerjaError");
};

const org = { id: "org", predikat: "BAIK" } as const;
const broken = { employee: { id: "bad-1" }, workPlan: {} };

describe("issue 8 item 4: onError", () => {
  test("evaluateMany with report yields the failure in place (index, employee id, error) and goes on", async () => {
    const out = [];
    for await (const r of evaluateMany([toyCase("1"), broken, 42, toyCase("4")], toy, { onError: "report" }))
      out.push(r);
    expect(
      out.map((r) => (isEvaluationFailure(r) ? `fail ${r.index} ${r.employeeId ?? "-"}` : r.employeeId)),
    ).toEqual(["1", "fail 1 bad-1", "fail 2 -", "4"]);
    const failure = out[1];
    expect(isEvaluationFailure(failure!) && failure.error.code).toBe("VALIDATION_FAILED");
    expect(isEvaluationFailure(failure!) && failure.error.message).toMatch(
      /^cases\[1\]\.employee\.positionKind/,
    );
  });

  test("evaluateMany with fail (the default) stops at the first bad case", async () => {
    await expect(async () => {
      for await (const _ of evaluateMany([toyCase("1"), broken], toy));
    }).rejects.toThrow(/^cases\[1\]/);
  });

  test("a request with onError report answers every good case, the failures and a summary counting both", () => {
    const res = evaluateRequest(
      { rules: "toy", onError: "report", organisation: org, cases: [toyCase("1"), broken, toyCase("3", 1)] },
      createRegistry([toy]),
    );
    expect(res.results.map((r) => r.employeeId)).toEqual(["1", "3"]);
    expect(res.failures).toEqual([
      expect.objectContaining({
        index: 1,
        employeeId: "bad-1",
        error: expect.objectContaining({ code: "VALIDATION_FAILED" }),
      }),
    ]);
    expect(res.summary).toEqual({ evaluated: 2, failed: 1 });
    expect(res.distribution.counts).toEqual({ GOOD: 1, POOR: 1 });
  });

  test("an unknown onError is VALIDATION_FAILED naming it", () => {
    expect(
      fail(() => evaluateRequest({ rules: "toy", onError: "ignore", cases: [] }, createRegistry([toy])))
        .message,
    ).toMatch(/^onError: /);
  });
});

describe("issue 8 item 4: one employee, one count", () => {
  test("two cases of one employee in a pool are an error naming both indexes", () => {
    const e = fail(() =>
      evaluateOrganisation([toyCase("1"), toyCase("2"), toyCase("1")], toy, { organisation: org }),
    );
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.message).toMatch(/^cases\[2\]\.employee\.id: employee "1" is also cases\[0\]/);
  });

  test("the same for distribute and for a request", () => {
    const r = (employeeId: string): EvaluationResult => evaluate(toyCase(employeeId), toy);
    expect(fail(() => distribute([r("1"), r("1")], toy, { organisation: org })).message).toMatch(
      /^results\[1\]\.employee\.id: employee "1" is also results\[0\]/,
    );
    const registry = createRegistry([toy]);
    expect(
      fail(() =>
        evaluateRequest({ rules: "toy", cases: [toyCase("7"), toyCase("8"), toyCase("7")] }, registry),
      ).message,
    ).toMatch(/cases\[2\].*also cases\[0\]/);
  });

  test("with report, the indexes are the cases' even when an earlier case failed", () => {
    const e = fail(() =>
      evaluateRequest(
        { rules: "toy", onError: "report", cases: [broken, toyCase("1"), toyCase("1")] },
        createRegistry([toy]),
      ),
    );
    expect(e.message).toMatch(/^cases\[2\]\.employee\.id: employee "1" is also cases\[1\]/);
  });

  test("segments of one employee's year (a mid-year promotion) count once: the last segment given", () => {
    const before = {
      ...toyCase("1", 1),
      segment: "JF ahli pertama",
      period: { start: "2026-01-01", end: "2026-06-30" },
    };
    const after = {
      ...toyCase("1", 12),
      segment: "JF ahli muda",
      period: { start: "2026-07-01", end: "2026-12-31" },
    };
    const res = evaluateOrganisation([before, after, toyCase("2", 12)], toy, { organisation: org });
    expect(res.results.map((r) => [r.employeeId, r.segment, r.grade])).toEqual([
      ["1", "JF ahli pertama", "POOR"],
      ["1", "JF ahli muda", "GOOD"],
      ["2", undefined, "GOOD"],
    ]);
    expect(res.distribution.counts).toEqual({ GOOD: 2, POOR: 0 });
    expect(fail(() => evaluateOrganisation([before, before], toy, { organisation: org })).message).toMatch(
      /^cases\[1\]\.segment: segment "JF ahli pertama" of employee "1" is given twice/,
    );
  });
});

describe("issue 9 item 4: evaluateOrganisation with a prepared evaluator", () => {
  test("the evaluator's organisation is used; the cases may be a generator; the response is the package's", () => {
    const evaluator = prepareEvaluator(toy, { organisation: org, explain: "none" });
    function* cases() {
      for (const id of ["1", "2", "3"]) yield toyCase(id, Number(id) * 5);
    }
    const viaEvaluator = evaluateOrganisation(cases(), evaluator);
    const viaPackage = evaluateOrganisation([...cases()], toy, { organisation: org, explain: "none" });
    expect(viaEvaluator).toEqual(viaPackage);
    expect(viaEvaluator.results.every((r) => r.explanation.length === 0)).toBe(true);
    expect(evaluateOrganisation(cases(), evaluator, { onError: "report" }).summary).toEqual({
      evaluated: 3,
      failed: 0,
    });
  });

  test("an evaluator without an organisation, or an organisation beside an evaluator, is VALIDATION_FAILED", () => {
    expect(fail(() => evaluateOrganisation([toyCase("1")], prepareEvaluator(toy))).message).toMatch(
      /^organisation: an organisation with its predikat is required .*prepareEvaluator/,
    );
    const evaluator = prepareEvaluator(toy, { organisation: org });
    expect(
      fail(() => evaluateOrganisation([toyCase("1")], evaluator, { organisation: org } as never)).message,
    ).toMatch(/^organisation: already fixed by the prepared evaluator/);
  });
});

describe("issue 8 item 5 / issue 9 item 1: one shape and a prepared evaluator", () => {
  test("every entry point takes (data, rules, options), with a package or a prepared evaluator", async () => {
    const options = { config: { goodFrom: 95 }, period: { start: "2026-01-01", end: "2026-12-31" } };
    const evaluator = prepareEvaluator(toy, options);
    const viaPackage = evaluate(toyCase("1", 11), toy, options);
    expect(evaluate(toyCase("1", 11), evaluator)).toEqual(viaPackage);
    expect(evaluator.evaluate(toyCase("1", 11))).toEqual(viaPackage);
    const many = [];
    for await (const r of evaluateMany([toyCase("1", 11)], evaluator)) many.push(r);
    expect(many).toEqual([viaPackage]);
    expect(evaluateOrganisation([toyCase("1", 11)], toy, { ...options, organisation: org }).results).toEqual([
      viaPackage,
    ]);
    expect(distribute([viaPackage], evaluator, { organisation: org }).counts).toEqual({ GOOD: 0, POOR: 1 });
  });

  test("a prepared evaluator refuses options that would change it", () => {
    const evaluator = prepareEvaluator(toy, {});
    expect(fail(() => evaluate(toyCase(), evaluator, { config: { goodFrom: 1 } })).message).toMatch(
      /^config: already fixed by the prepared evaluator/,
    );
  });

  test("explain: full has the text, steps only rule/legal basis/inputs/output, none no step", () => {
    const full = evaluate(toyCase(), toy).explanation[0];
    expect(full).toMatchObject({ rule: "toy/capaian", title: expect.any(Object), text: expect.any(Object) });
    expect(evaluate(toyCase(), toy, { explain: "steps" }).explanation[0]).toEqual({
      rule: full?.rule,
      legalBasis: full?.legalBasis,
      inputs: full?.inputs,
      output: full?.output,
    });
    expect(evaluate(toyCase(), toy, { explain: "none" }).explanation).toEqual([]);
    expect(fail(() => evaluate(toyCase(), toy, { explain: "short" as never })).message).toMatch(/^explain: /);
  });

  test("a consequence narrows by kind", () => {
    const consequence: Consequence = ConsequenceSchema.parse({
      kind: "ANGKA_KREDIT",
      value: 12.5,
      percentage: 100,
      coefficient: 12.5,
      months: 12,
    });
    const value = consequence.kind === "ANGKA_KREDIT" ? consequence.value : undefined;
    expect(value).toBe(12.5);
    expect(ConsequenceSchema.safeParse({ kind: "ANGKA_KREDIT" }).success).toBe(false);
    expect(ConsequenceSchema.safeParse({ kind: "tpp-kota-x/BONUS", amount: 1 }).success).toBe(true);
    expect(ConsequenceSchema.safeParse({ kind: "BONUS" }).success).toBe(false);
  });
});

describe("a package's consequences are checked against the union", () => {
  test("an unprefixed unknown kind, or a known kind without its fields, is RULE_PACKAGE_INVALID naming it", () => {
    for (const consequence of [{ kind: "BONUS" }, { kind: "DEVELOPMENT" }]) {
      const pkg = { ...toy, consequences: () => [consequence] } as typeof toy;
      const e = fail(() => evaluate(toyCase(), pkg));
      expect(e.code).toBe("RULE_PACKAGE_INVALID");
      expect(e.message).toMatch(new RegExp(`consequence 0 of kind "${consequence.kind}"`));
    }
    const own = { ...toy, consequences: () => [{ kind: "toy/BONUS" as const, amount: 1 }] } as typeof toy;
    expect(evaluate(toyCase(), own).consequences).toEqual([{ kind: "toy/BONUS", amount: 1 }]);
  });
});

describe("options are strict and batches keep their errors apart (review)", () => {
  test("an unknown option is VALIDATION_FAILED naming it (a configuration passed without config)", () => {
    const error = fail(() => evaluate(toyCase("1", 12), toy, { goodFrom: 95 } as never));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(/goodFrom: unknown option/);
  });

  test("an error thrown into evaluateMany by its consumer is not reported as a case's failure", async () => {
    const run = evaluateMany([toyCase("1", 12), toyCase("2", 12)], toy, { onError: "report" });
    const first = await run.next();
    expect(first.done).toBe(false);
    const stop = new KinerjaErrorClass("VALIDATION_FAILED", "consumer stopped");
    await expect(run.throw(stop)).rejects.toBe(stop);
  });

  test("a consequence of another package's kind is RULE_PACKAGE_INVALID", () => {
    const foreign = { ...toy, consequences: () => [{ kind: "other-package/BONUS" }] } as typeof toy;
    const error = fail(() => evaluate(toyCase("1", 12), foreign));
    expect(error.code).toBe("RULE_PACKAGE_INVALID");
    expect(error.message).toContain('"toy/KIND"');
  });
});

describe("issue 9: less work per case, the same results", () => {
  test("a frozen consequence shared by results is kept; a frozen invalid one is refused on every case", () => {
    const shared = Object.freeze({
      kind: "DEVELOPMENT" as const,
      action: "COACHING",
      label: Object.freeze({ id: "Bimbingan", en: "Coaching" }),
    });
    const sharing = { ...toy, consequences: () => [shared] } as typeof toy;
    const evaluator = prepareEvaluator(sharing, {});
    const results = [toyCase("1", 12), toyCase("2", 6)].map((c, i) => evaluator.evaluate(c, i));
    expect(results.map((r) => r.consequences)).toEqual([[shared], [shared]]);
    const invalid = Object.freeze({ kind: "DEVELOPMENT" as const });
    const refusing = prepareEvaluator({ ...toy, consequences: () => [invalid] } as unknown as typeof toy, {});
    for (const [i, c] of [toyCase("1", 12), toyCase("2", 6)].entries()) {
      expect(fail(() => refusing.evaluate(c, i)).code).toBe("RULE_PACKAGE_INVALID");
    }
  });

  test("a frozen consequence valid for one package is still another package's kind for the next", () => {
    const foreign = Object.freeze({
      kind: "other-package/BONUS" as const,
      label: Object.freeze({ id: "x", en: "x" }),
    });
    const pkg = { ...toy, consequences: () => [foreign] } as typeof toy;
    const evaluator = prepareEvaluator(pkg, {});
    expect(fail(() => evaluator.evaluate(toyCase("1", 12), 0)).code).toBe("RULE_PACKAGE_INVALID");
    expect(fail(() => evaluator.evaluate(toyCase("2", 12), 1)).code).toBe("RULE_PACKAGE_INVALID");
  });

  test("evaluateMany over an array awaits the cases that are promises, as for await does", async () => {
    const cases = [toyCase("1", 12), Promise.resolve(toyCase("2", 6)), toyCase("3", 12)];
    const ids: string[] = [];
    for await (const r of evaluateMany(cases, toy)) ids.push(r.employeeId);
    expect(ids).toEqual(["1", "2", "3"]);
    const done: number[] = [];
    for await (const _ of evaluateMany([toyCase("1", 12)], toy, { onProgress: (n) => done.push(n) })) {
      // read to the end
    }
    expect(done).toEqual([1]);
  });

  test("the package is told the explanation level the engine keeps", () => {
    const seen: unknown[] = [];
    const spy = {
      ...toy,
      evaluate: (c: never, config: never, context: { explain?: unknown }) => {
        seen.push(context.explain);
        return toy.evaluate(c, config, context as never);
      },
    } as typeof toy;
    for (const explain of ["full", "steps", "none"] as const) evaluate(toyCase(), spy, { explain });
    evaluate(toyCase(), spy);
    expect(seen).toEqual(["full", "steps", "none", "full"]);
  });
});

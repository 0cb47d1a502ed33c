import { createRegistry, defineRulePackage } from "@kinerja/core";
import { expect, test } from "vitest";
import { testApp } from "./helpers/app";
import { toyCase, toyPackage } from "./helpers/toy";

// A package whose explanation steps carry a field the response schema does not list: zod's
// response validation would strip it, so it shows whether the response was validated again.
const noted = defineRulePackage({
  ...toyPackage,
  id: "toy-noted",
  evaluate(c, config, context) {
    const outcome = toyPackage.evaluate(c, config, context);
    return { ...outcome, explanation: outcome.explanation.map((step) => ({ ...step, note: "as built" })) };
  },
});

test("POST /v1/evaluate sends the core's response as it is, without validating it a second time", async () => {
  const t = await testApp({ registry: createRegistry([noted]) });
  try {
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/evaluate",
      headers: t.authHeader({ sub: "199001012015031001", roles: ["EMPLOYEE"], agency: "disdik" }),
      payload: { rules: "toy-noted", cases: [toyCase("e1", 10, 12)] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].explanation[0].note).toBe("as built");
  } finally {
    await t.close();
  }
});

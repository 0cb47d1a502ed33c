import { describe, expect, test } from "vitest";
import { z } from "zod";
import { planCapaian } from "../src/capaian";
import { evaluate } from "../src/engine";
import { isKinerjaError } from "../src/errors";
import { explainer } from "../src/explanation";
import { defineRulePackage } from "../src/rule-package";
import { toyCase } from "./engine-fixtures";

/** A package whose prose lives in a catalogue beside its logic (issue 9 item 2). */
const messages = {
  id: { capaian: "Capaian {capaian} % dari target {target}", "capaian.title": "Capaian kinerja" },
  en: { capaian: "Achievement {capaian} % of target {target}", "capaian.title": "Performance achievement" },
};
const catalogued = (catalogue = messages, messageId = "capaian") =>
  defineRulePackage({
    id: "catalogued",
    version: "1.0.0",
    title: { id: "Katalog", en: "Catalogue" },
    legalBasis: ["Test fixture"],
    configSchema: z.object({}),
    inputs: [],
    grades: [{ code: "OK", label: { id: "Baik", en: "Good" } }],
    messages: catalogue,
    evaluate(c) {
      const ex = explainer("catalogued");
      const capaian = planCapaian(c.workPlan, c.realizations).capaian;
      ex.step({
        rule: "capaian",
        legalBasis: "Test fixture",
        messageId,
        params: { capaian, target: 12 },
        inputs: {},
        output: capaian,
      });
      return { grade: "OK", score: capaian, ratings: {}, explanation: ex.steps };
    },
  });

describe("explanations as data", () => {
  test("steps carry the message key and params; no text is rendered", () => {
    expect(evaluate(toyCase("1", 6), catalogued(), { explain: "steps" }).explanation).toEqual([
      {
        rule: "catalogued/capaian",
        legalBasis: "Test fixture",
        messageId: "capaian",
        params: { capaian: 50, target: 12 },
        inputs: {},
        output: 50,
      },
    ]);
  });

  test("full renders the title and text in both languages from the catalogue, numbers per language", () => {
    const step = evaluate({ ...toyCase("1", 12.5) }, catalogued()).explanation[0];
    expect(step?.title).toEqual({ id: "Capaian kinerja", en: "Performance achievement" });
    expect(step?.text).toEqual({
      id: "Capaian 104,167 % dari target 12",
      en: "Achievement 104.167 % of target 12",
    });
  });

  test("a catalogue whose languages differ is refused when the package is defined", () => {
    expect(() => catalogued({ id: messages.id, en: { capaian: messages.en.capaian } as never })).toThrow(
      /messages capaian\.title have no English text/,
    );
  });

  test("a message missing from both languages is RULE_PACKAGE_INVALID when rendered", () => {
    try {
      evaluate(toyCase(), catalogued({ id: {}, en: {} } as never));
      throw new Error("expected RULE_PACKAGE_INVALID");
    } catch (error) {
      expect(isKinerjaError(error) && error.code).toBe("RULE_PACKAGE_INVALID");
      expect((error as Error).message).toMatch(/uses message "capaian", missing id:capaian/);
    }
  });

  test("a key that only an object's prototype has (constructor) is missing, not found", () => {
    try {
      evaluate(toyCase(), catalogued(messages, "constructor"));
      throw new Error("expected RULE_PACKAGE_INVALID");
    } catch (error) {
      expect(isKinerjaError(error) && error.code).toBe("RULE_PACKAGE_INVALID");
      expect((error as Error).message).toMatch(/missing id:constructor(,| |$)/);
    }
  });
});

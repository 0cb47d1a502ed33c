import { describe, expect, test } from "vitest";
import { z } from "zod";
import { planCapaian } from "../src/capaian";
import { evaluate, prepareEvaluator } from "../src/engine";
import { isKinerjaError } from "../src/errors";
import type { Json } from "../src/evaluation";
import { explainer, type MessageCatalogue } from "../src/explanation";
import { defineRulePackage } from "../src/rule-package";
import { toyCase } from "./engine-fixtures";

/** A package whose prose lives in a catalogue beside its logic (issue 9 item 2). */
const messages = {
  id: { capaian: "Capaian {capaian} % dari target {target}", "capaian.title": "Capaian kinerja" },
  en: { capaian: "Achievement {capaian} % of target {target}", "capaian.title": "Performance achievement" },
};
const catalogued = (
  catalogue: MessageCatalogue = messages,
  messageId = "capaian",
  params: Record<string, Json> = {},
) =>
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
        params: { capaian, target: 12, ...params },
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

  test("{name:category} renders the glossary label of a code in each language; a catalogue format wins", () => {
    const labelled = {
      id: { capaian: "{grade:predikat}, {src:source}: {capaian:pct}", "capaian.title": "Predikat" },
      en: { capaian: "{grade:predikat}, {src:source}: {capaian:pct}", "capaian.title": "Predikat" },
      formats: { pct: (v: Json, language: "id" | "en") => `${language === "id" ? "±" : "~"}${String(v)} %` },
    };
    const step = evaluate(
      toyCase("1", 6),
      catalogued(labelled, "capaian", { grade: "SANGAT_BAIK", src: "PEER" }),
    ).explanation[0];
    expect(step?.text).toEqual({ id: "Sangat Baik, Rekan kerja: ±50 %", en: "Very good, Peer: ~50 %" });
    // The data stays codes and numbers.
    expect(step?.params).toEqual({ capaian: 50, target: 12, grade: "SANGAT_BAIK", src: "PEER" });
  });

  test("a placeholder format that is neither the catalogue's nor a glossary category is refused when defined", () => {
    const bad = {
      id: { capaian: "{capaian:nope}", "capaian.title": "T" },
      en: { capaian: "{capaian}", "capaian.title": "T" },
    };
    expect(() => catalogued(bad)).toThrow(/id:capaian uses \{…:nope\}/);
  });

  test("a prepared evaluator checks a message once and still refuses a missing one on the case that uses it", () => {
    const evaluator = prepareEvaluator(catalogued({ id: {}, en: {} } as never), { explain: "steps" });
    // steps renders nothing, so nothing is looked up.
    expect(evaluator.evaluate(toyCase()).explanation[0]?.messageId).toBe("capaian");
    expect(() => prepareEvaluator(catalogued({ id: {}, en: {} } as never)).evaluate(toyCase())).toThrow(
      /uses message "capaian", missing/,
    );
    // Count the lookups of the key in the Indonesian table once the package is defined.
    let lookups = 0;
    const id = new Proxy(messages.id, {
      getOwnPropertyDescriptor(target, key) {
        if (key === "capaian") lookups += 1;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    const full = prepareEvaluator(catalogued({ id, en: messages.en }));
    lookups = 0;
    const texts = [6, 12, 3].map((r) => full.evaluate(toyCase("1", r)).explanation[0]?.text?.en);
    expect(texts).toEqual([
      "Achievement 50 % of target 12",
      "Achievement 100 % of target 12",
      "Achievement 25 % of target 12",
    ]);
    expect(lookups).toBe(1);
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AnyRulePackage,
  createRegistry,
  type EvaluationResponse,
  evaluateRequest,
  GLOSSARY,
} from "@kinerja/core";
import { describe, expect, test } from "vitest";
import { DEFAULT_RULE_PACKAGES } from "../src/index";

type Request = Record<string, unknown> & { cases: Record<string, unknown>[] };

/** The command-line request shown on a package's documentation page. */
function docRequest(id: string): Request {
  const page = readFileSync(fileURLToPath(new URL(`../../../docs/rules/${id}.md`, import.meta.url)), "utf8");
  const found = [...page.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => JSON.parse(m[1] ?? "null") as Request)
    .find((b) => "rules" in b && "cases" in b);
  if (!found) throw new Error(`no request on docs/rules/${id}.md`);
  return found;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** An additional (TAMBAHAN) result whose indicator has no realisation. */
const extraResult = {
  id: "t1",
  kind: "TAMBAHAN",
  indicators: [{ id: "t1-i1", aspect: "KUANTITAS", target: 1 }],
};

/** Variants of the documented request that reach the warnings and the other branches. */
const VARIANTS: Record<string, ((r: Request) => Request)[]> = {
  "permenpanrb-6-2022": [
    (r) => {
      // No justifications, a unit head whose assessor gave a results rating, an ISTIMEWA unit.
      const v = clone(r);
      v.organisation = { id: "disdik", predikat: "ISTIMEWA" };
      for (const c of v.cases) {
        const s = (c.assessments as Record<string, unknown>[])[0]!;
        delete s.justification;
        s.resultRating = "DI_ATAS_EKSPEKTASI";
        (c.workPlan as { results: unknown[] }).results.push(clone(extraResult));
      }
      (v.cases[0]!.employee as Record<string, unknown>).functionalLevel = undefined;
      return v;
    },
    (r) => {
      const v = clone(r);
      delete v.period;
      v.organisation = { id: "disdik", predikat: "SANGAT_KURANG" };
      return v;
    },
  ],
  "pp-46-2011": [
    (r) => {
      const v = clone(r);
      for (const c of v.cases) {
        c.creativity = "INSTANSI";
        const results = (c.workPlan as { results: { indicators: Record<string, unknown>[] }[] }).results;
        for (const i of results[0]!.indicators) if (i.aspect === "KUANTITAS") delete i.realization;
        results.push(clone(extraResult) as never);
        c.employee = { ...(c.employee as object), structural: false };
      }
      return v;
    },
  ],
  "pp-30-2019": [
    (r) => {
      const v = clone(r);
      for (const c of v.cases) {
        c.employee = { ...(c.employee as object), structural: false };
        const results = (c.workPlan as { results: { indicators: Record<string, unknown>[] }[] }).results;
        delete results[0]!.indicators[0]!.realization;
        results.push(clone(extraResult) as never);
      }
      return v;
    },
  ],
  "tpp-regional": [
    (r) => {
      const v = clone(r);
      for (const c of v.cases) {
        c.performance = { grade: "KURANG_MISCONDUCT", source: "permenpanrb-6-2022" };
        delete c.tpp;
      }
      return v;
    },
    (r) => {
      const v = clone(r);
      for (const c of v.cases) delete c.performance;
      return v;
    },
  ],
  "weighted-360": [
    (r) => {
      // Only the supervisor: sources below their minimum are dropped, components go missing.
      const v = clone(r);
      for (const c of v.cases) {
        c.assessments = (c.assessments as { source: string }[]).filter((a) => a.source === "SUPERVISOR");
        for (const a of c.assessments as { behaviour: Record<string, number> }[]) {
          delete a.behaviour.COLLABORATION;
        }
      }
      return v;
    },
  ],
};

/** Every text a person reads, in Indonesian, from a package's metadata and its responses. */
function indonesianTexts(pkg: AnyRulePackage, responses: EvaluationResponse[]): string[] {
  const out = [pkg.title.id, pkg.description?.id ?? ""];
  for (const i of pkg.inputs) out.push(i.description.id);
  for (const g of pkg.grades) out.push(g.label.id);
  for (const response of responses) {
    for (const r of response.results) {
      for (const s of r.explanation) {
        if (s.title) out.push(s.title.id);
        if (s.text) out.push(s.text.id);
      }
      for (const w of r.warnings) out.push(w.message.id);
      for (const c of r.consequences) {
        const l = (c as { label?: { id: string } }).label;
        if (l) out.push(l.id);
      }
    }
    for (const v of response.distribution.violations) out.push(v.message.id);
    for (const c of response.distribution.proposal?.changes ?? []) out.push(c.reason.id);
    if (response.distribution.proposal) out.push(response.distribution.proposal.order.id);
  }
  return out;
}

/** Abbreviations that are words of the Indonesian text, not codes. */
const ABBREVIATIONS = new Set([
  "SKP",
  "IKI",
  "PNS",
  "ASN",
  "TPP",
  "BKN",
  "NIP",
  "PP",
  "SE",
  "RB",
  "UUD",
  "NKRI",
]);
/** Every code Kinerja knows: the glossary and every package's grades. */
const CODES = new Set([
  ...Object.values(GLOSSARY).flatMap((category) => Object.keys(category)),
  ...DEFAULT_RULE_PACKAGES.flatMap((p) => p.grades.map((g) => g.code)),
]);

function rawCodes(text: string): string[] {
  return [...text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b/g)]
    .map((m) => m[0])
    .filter(
      (token) =>
        !ABBREVIATIONS.has(token) &&
        // Permentan 68/2012 names its late and early-leave bands TL1–TL4 and PSW1–PSW4.
        !/^(TL|PSW)\d+$/.test(token) &&
        (token.includes("_") || CODES.has(token)),
    );
}

describe("issue 8 item 15: no raw codes in Indonesian text", () => {
  test("the scanner finds the codes it should", () => {
    expect(
      rawCodes("Komponen TARGET_ACHIEVEMENT dari SELF: predikat BAIK, aspek KUANTITAS, tingkat INSTANSI"),
    ).toEqual(["TARGET_ACHIEVEMENT", "SELF", "BAIK", "KUANTITAS", "INSTANSI"]);
    expect(rawCodes("Nilai SKP dan IKI PNS; 2 × TL1 (0,5 %); R / T × 100")).toEqual([]);
  });

  test.each(DEFAULT_RULE_PACKAGES.map((p) => [p.id, p] as const))(
    "%s: metadata, explanations, warnings, consequences and distribution texts use glossary labels",
    (id, pkg) => {
      const registry = createRegistry([pkg]);
      const base = docRequest(id);
      const responses = [base, ...(VARIANTS[id] ?? []).map((variant) => variant(base))].map((request) =>
        evaluateRequest(request, registry),
      );
      // The variants reach warnings: the scan covers more than the happy path.
      expect(responses.some((r) => r.results.some((x) => x.warnings.length > 0))).toBe(true);
      const leaks = indonesianTexts(pkg, responses).flatMap((text) =>
        rawCodes(text).map((code) => `${code} in "${text}"`),
      );
      expect(leaks).toEqual([]);
    },
  );
});

/**
 * jsonBytes writes exactly the UTF-8 bytes of JSON.stringify: for any JSON value and for the
 * shapes it treats element by element (a plain object with top-level arrays), including what
 * JSON leaves out or turns into null, non-ASCII text, surrogate pairs and lone surrogates.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { runs } from "../../../vitest.runs";
import { jsonBytes } from "../src/json-bytes";

function same(value: unknown): void {
  expect(Buffer.from(jsonBytes(value)).toString("hex")).toBe(
    Buffer.from(JSON.stringify(value) ?? "").toString("hex"),
  );
}

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
const json = fc.jsonValue({ maxDepth: 3 });
const element = fc.oneof(
  json,
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.constant(new Date(0)),
);

test("a plain object with top-level arrays: the bytes of JSON.stringify", () => {
  fc.assert(
    fc.property(
      fc.dictionary(
        text,
        fc.oneof(
          json,
          fc.array(element, { maxLength: 20 }),
          fc.constant(undefined),
          fc.constant(new Date(0)),
        ),
      ),
      (value) => same(value),
    ),
    { numRuns: runs(500) },
  );
});

test("any JSON value: the bytes of JSON.stringify", () => {
  fc.assert(
    fc.property(json, (value) => same(value)),
    { numRuns: runs(500) },
  );
});

test("an explanation's ≥, → and ×, an emoji and a lone surrogate are written as JSON.stringify writes them", () => {
  same({
    rules: { id: "p" },
    results: [{ text: "capaian ≥ 110 % → SANGAT_BAIK × 2" }, { t: "😀\ud800" }],
    n: 1,
  });
});

test("a small first element then large ones: the buffer grows and keeps every byte", () => {
  const results = [
    { a: "≥" },
    ...Array.from({ length: 50 }, (_, i) => ({ text: `≥${"x".repeat(20_000 + i)}` })),
  ];
  same({ results, distribution: { counts: {} } });
});

test("an ASCII first element, then text beyond ASCII: the same bytes", () => {
  same({ results: [{ a: 1 }, { text: "capaian ≥ 110 %" }], distribution: {} });
});

test("arrays first, empty arrays, arrays of arrays", () => {
  same({ results: [], failures: [[1, [2]], []], summary: { evaluated: 0 } });
  same({ results: [null, "a", 1, true] });
});

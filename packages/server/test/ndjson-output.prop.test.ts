/**
 * `--ndjson` writes each result with `Utf8Output.addJsonLine` (`ndjson-output.ts`), which encodes
 * the JSON of frozen shared data once: its bytes must be those of `JSON.stringify(value) + "\n"`
 * in UTF-8 whatever the value, and frozen data that could still change (a getter, a nested
 * object that is not frozen) must not be served from the cache.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { Utf8Output } from "../src/ndjson-output";

function line(value: object, out = new Utf8Output(16)): string {
  out.addJsonLine(value);
  return Buffer.from(out.bytes()).toString("utf8");
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** JSON-ish values with non-ASCII text, undefined (dropped or null), and frozen parts. */
const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "grapheme" }),
    fc.constantFrom("×", "Ł", "\u2028", 'a"b\\', "😀"),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
    tie("value").map((v) => deepFreeze(v)),
  ),
}));

test("addJsonLine writes the bytes of JSON.stringify, frozen parts included", () => {
  const shared = deepFreeze({ kind: "DEVELOPMENT", label: { id: "Angka kredit 3 × 12", en: "x" } });
  fc.assert(
    fc.property(fc.dictionary(fc.string(), data.value, { maxKeys: 6 }), (record) => {
      const value = {
        ...record,
        consequences: [shared, ...(record.consequences ? [record.consequences] : [])],
      };
      const out = new Utf8Output(16);
      // Twice into one output: the second time from the cache.
      expect(line(value, out)).toBe(`${JSON.stringify(value)}\n`);
      expect(line(value)).toBe(`${JSON.stringify(value)}\n`);
      expect(line(deepFreeze(value))).toBe(`${JSON.stringify(value)}\n`);
    }),
  );
});

test("frozen objects whose JSON can change are not cached", () => {
  let label = "a";
  const getter = Object.freeze({
    get label() {
      return label;
    },
  });
  const inner = { label: "a" };
  const shallow = Object.freeze({ inner });
  const value = { items: [getter, shallow], shallow, getter };
  expect(line(value)).toBe(`${JSON.stringify(value)}\n`);
  label = "b";
  inner.label = "b";
  expect(line(value)).toBe(`${JSON.stringify(value)}\n`);
  expect(line(value)).not.toContain('"a"');
});

test("a value with toJSON or another prototype is written as JSON.stringify writes it", () => {
  const withToJson = { a: 1, toJSON: () => ({ b: 2 }) };
  expect(line(withToJson)).toBe('{"b":2}\n');
  expect(line(new Date(0))).toBe(`${JSON.stringify(new Date(0))}\n`);
  expect(line([Object.freeze({ a: "×" }), undefined])).toBe('[{"a":"×"},null]\n');
});

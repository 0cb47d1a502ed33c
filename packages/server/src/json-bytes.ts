/**
 * `JSON.stringify` of a response written straight into UTF-8 bytes, one element of its top-level
 * arrays at a time, for the evaluation pool's workers.
 *
 * @internal
 */
import { Utf8Output } from "./ndjson-output";

/** A plain object: its JSON is its own enumerable keys, with no `toJSON` of its own to call. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !("toJSON" in value);
}

/** Whether `JSON.stringify(value)` of an array element would be its own JSON (not a `toJSON`'s). */
function elementsArePlain(items: readonly unknown[]): boolean {
  for (const item of items) {
    if (typeof item === "object" && item !== null && !isPlainObject(item) && !Array.isArray(item))
      return false;
  }
  return true;
}

/** Whether a value's JSON is its own, whatever its key (no `toJSON` that could read the key). */
function ownJson(value: unknown): boolean {
  return typeof value !== "object" || value === null || Array.isArray(value) || isPlainObject(value);
}

/**
 * Whether the first element of the first non-empty array is ASCII JSON: then the whole text is
 * most likely one byte per character, which V8 builds and Node encodes fast in one piece (element
 * by element was 5-10 % slower for `explain: "steps"` on a worker); a `≥` in an explanation
 * makes it UTF-16, which is what pays to encode element by element.
 */
function asciiSample(arrays: readonly unknown[][]): boolean {
  const items = arrays.find((a) => a.length > 0);
  if (items === undefined) return true;
  const json = JSON.stringify(items[0]) ?? "null";
  return Buffer.byteLength(json) === json.length;
}

/** `JSON.stringify(value)` encoded in one piece (as the workers did before {@link jsonBytes}). */
function wholeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value) ?? "");
}

/**
 * The bytes of `JSON.stringify(value)` in UTF-8, exactly. When a plain object's top-level arrays
 * (a response's `results`) hold text beyond ASCII, they are stringified element by element and
 * each encoded at once: no string of the whole response (tens of megabytes for a batch, and
 * UTF-16 as soon as one explanation has a `≥`) is built, then encoded in a second pass. The
 * view's buffer is its own and may be longer.
 *
 * @example
 * jsonBytes({ results: [{ grade: "BAIK" }] }); // the bytes of {"results":[{"grade":"BAIK"}]}
 */
export function jsonBytes(value: unknown): Uint8Array {
  if (!isPlainObject(value) || !Object.values(value).every(ownJson)) return wholeJson(value);
  const keys = Object.keys(value);
  const arrays = keys.filter((key) => {
    const v = value[key];
    return Array.isArray(v) && elementsArePlain(v);
  });
  if (arrays.length === 0 || asciiSample(arrays.map((key) => value[key] as unknown[])))
    return wholeJson(value);
  const out = new Utf8Output(64 * 1024);
  let first = true;
  let head = "{";
  for (const key of keys) {
    const v = value[key];
    if (arrays.includes(key)) {
      out.add(`${head}${first ? "" : ","}${JSON.stringify(key)}:[`);
      head = "";
      first = false;
      const items = v as unknown[];
      for (let i = 0; i < items.length; i += 1) {
        // undefined, a function or a symbol in an array is null, as JSON.stringify writes it.
        const json = JSON.stringify(items[i]) ?? "null";
        out.add(i === 0 ? json : `,${json}`);
      }
      head = "]";
      continue;
    }
    const json = JSON.stringify(v);
    // Keys whose value JSON leaves out (undefined, functions, symbols) are left out.
    if (json === undefined) continue;
    head += `${first ? "" : ","}${JSON.stringify(key)}:${json}`;
    first = false;
  }
  out.add(`${head}}`);
  // A view of a buffer of its own (not Node's pool), so that it can be moved to another thread.
  return out.bytes();
}

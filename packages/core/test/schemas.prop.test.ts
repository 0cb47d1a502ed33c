import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { SCHEMA_ARBITRARIES } from "./fixtures/schema-arbitraries";

// parse ∘ serialise = identity: a parsed value written as JSON and parsed again is the same value.
describe("parse ∘ serialise = identity", () => {
  for (const [name, schema, arbitrary] of SCHEMA_ARBITRARIES) {
    test.prop([arbitrary])(name, (value) => {
      const parsed = schema.parse(value);
      expect(schema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    });
  }
});

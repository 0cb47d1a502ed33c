import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  ERROR_CODES,
  formatPath,
  isKinerjaError,
  KinerjaError,
  parseOrThrow,
  validationError,
} from "../src/errors";

describe("KinerjaError", () => {
  test("keeps code, details and cause", () => {
    const cause = new Error("db down");
    const error = new KinerjaError("CONFLICT", "work plan wp-1 was changed", {
      details: { id: "wp-1" },
      cause,
    });
    expect(error.code).toBe("CONFLICT");
    expect(error.details).toEqual({ id: "wp-1" });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({
      code: "CONFLICT",
      message: "work plan wp-1 was changed",
      details: { id: "wp-1" },
    });
  });

  test("isKinerjaError recognises a copy from another installed package by its brand", () => {
    const foreign = Object.assign(new Error("x"), {
      code: "NOT_FOUND",
      [Symbol.for("@kinerja/core/KinerjaError")]: true,
    });
    expect(isKinerjaError(foreign)).toBe(true);
    expect(isKinerjaError(new KinerjaError("NOT_FOUND", "x"))).toBe(true);
  });

  test("isKinerjaError rejects look-alikes without the brand or with an unknown code", () => {
    expect(isKinerjaError(Object.assign(new Error("x"), { code: "NOT_FOUND" }))).toBe(false);
    expect(isKinerjaError({ code: "NOPE", [Symbol.for("@kinerja/core/KinerjaError")]: true })).toBe(false);
    expect(isKinerjaError(null)).toBe(false);
    expect(isKinerjaError("NOT_FOUND")).toBe(false);
  });

  test("every code has a description", () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      expect(description.length, code).toBeGreaterThan(3);
    }
  });
});

describe("validation errors", () => {
  test("formatPath writes paths as users write them", () => {
    expect(formatPath(["cases", 0, "workPlan", "results", 1, "id"])).toBe("cases[0].workPlan.results[1].id");
    expect(formatPath([])).toBe("(root)");
  });

  test("parseOrThrow names the field path under a prefix and keeps zod's issues", () => {
    const schema = z.object({ target: z.number() });
    try {
      parseOrThrow(schema, { target: "12" }, { prefix: ["cases", 3] });
      expect.unreachable();
    } catch (error) {
      expect(isKinerjaError(error)).toBe(true);
      const e = error as KinerjaError;
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.message).toMatch(/^cases\[3\]\.target: /);
      const issues = e.details.issues as { path: unknown[]; code: string }[];
      expect(issues[0]?.path).toEqual(["cases", 3, "target"]);
      expect(issues[0]?.code).toBe("invalid_type");
      expect(e.cause).toBeInstanceOf(z.ZodError);
    }
  });

  test("validationError summarises at most three issues", () => {
    const issues = [1, 2, 3, 4, 5].map((i) => ({ path: ["a", i], message: "bad" }));
    expect(validationError(issues).message).toBe("a[1]: bad; a[2]: bad; a[3]: bad (and 2 more)");
  });
});

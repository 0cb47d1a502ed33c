import { fairnessProperties } from "@kinerja/core/testing";
import { describe, test } from "vitest";
import { runs } from "../../vitest.runs";
import { kabContoh2026 } from "./index.js";

describe("kab-contoh-2026 (example third-party package) passes the fairness kit", () => {
  for (const p of fairnessProperties(kabContoh2026, { numRuns: runs(200) })) test(p.name, p.run, 120_000);
});

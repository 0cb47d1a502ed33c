import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

/** Debian's chromium (never a downloaded browser): `which chromium`, or CHROMIUM_PATH. */
function chromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)");
  }
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 480_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [["list"]],
  globalSetup: "./e2e/service.ts",
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 360, height: 740 },
    launchOptions: {
      executablePath: chromium(),
      args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

/** The pages must start on a modest link: the JavaScript of the first load is at most 150 kB gzipped. */
test("initial JavaScript is at most 150 kB gzipped", async ({ request }) => {
  const base = process.env.KINERJA_E2E_URL!;
  const html = await (await request.get(`${base}/`)).text();
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  let total = 0;
  for (const path of scripts) {
    const body = await (await request.get(`${base}${path}`)).body();
    total += gzipSync(body, { level: 9 }).length;
  }
  expect(total, `initial JS: ${(total / 1024).toFixed(1)} kB gzipped`).toBeLessThanOrEqual(150 * 1024);
  // The built file the service serves is the one in packages/web/dist.
  const index = await readFile(fileURLToPath(new URL("../dist/index.html", import.meta.url)), "utf8");
  expect(index).toBe(html);
});

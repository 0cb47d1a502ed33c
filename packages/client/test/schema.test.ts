import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { generateSchema, SCHEMA_FILE } from "../scripts/generate";

test("src/schema.ts is the generation from the current OpenAPI document (npm run generate:client -w @kinerja/client)", async () => {
  const committed = await readFile(SCHEMA_FILE, "utf8");
  expect(
    committed === (await generateSchema()),
    "src/schema.ts is stale: run `npm run generate:client -w @kinerja/client`",
  ).toBe(true);
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestApp, testApp } from "../helpers/app";
import { client, toyRegistry } from "../helpers/records";

/**
 * The hierarchy checks of a staff import are linear in the number of rows: a reporting chain
 * 5 000 deep (which took minutes with the former path walks) is checked within the test's time
 * limit, and the result is right. The timing itself lives in bench/staff-import.ts.
 */
const DEPTH = 5000;
const nip = (i: number) => `19900101201503${String(i).padStart(4, "0")}`;
const chain = (closed: boolean) =>
  Array.from({ length: DEPTH }, (_, i) => ({
    id: nip(i),
    name: `Pegawai ${i}`,
    positionKind: i === 0 ? "JPT" : "JF",
    ...(i === 0 ? {} : { functionalLevel: "AHLI_PERTAMA" }),
    ...(i === 0 ? (closed ? { supervisorId: nip(DEPTH - 1) } : {}) : { supervisorId: nip(i - 1) }),
  }));

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ registry: toyRegistry() });
  const c = client(t, "deep");
  const res = await t.app.inject({
    method: "POST",
    url: "/v1/agencies",
    headers: c.hr,
    payload: { id: "deep", name: "deep" },
  });
  expect(res.statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const importRows = (employees: unknown[], query: string) =>
  t.app.inject({
    method: "POST",
    url: `/v1/staff/import${query}`,
    headers: client(t, "deep").hr,
    payload: { employees },
  });

test(`a reporting chain ${DEPTH} deep is accepted as it is`, async () => {
  const response = await importRows(chain(false), "?dryRun=true");
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  expect(response.json()).toMatchObject({ rejected: [] });
});

test(`a cycle through ${DEPTH} rows rejects every row of it, with a bounded message`, async () => {
  const response = await importRows(chain(true), "?dryRun=true&mode=accept-valid");
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  const report = response.json();
  expect(report.rejected).toHaveLength(DEPTH);
  const first = report.rejected[0];
  expect(first.reasons[0].message).toMatch(
    /^reporting lines form a cycle: 1990010120150300\d{2} → .* → … \(5000 employees\) → /,
  );
  expect(first.reasons[0].message.length).toBeLessThan(600);
});

test("a chain hanging from a rejected row is rejected below it, the rest stays", async () => {
  const rows = chain(false).slice(0, 50);
  rows[10] = { ...rows[10], supervisorId: "000000000000000000" } as (typeof rows)[number];
  const response = await importRows(rows, "?dryRun=true&mode=accept-valid");
  expect(response.statusCode).toBe(200);
  const report = response.json();
  expect(report.rejected.map((r: { nip: string }) => r.nip)).toEqual(rows.slice(10).map((r) => r.id));
  expect(report.rejected[0].reasons[0].message).toMatch(/neither a valid row/);
});

/**
 * Benchmark of the reference service's abuse limits (not a test; `npm run bench:server`; the
 * `/health` part also runs in `npm run bench`):
 * 1. `/health` latency over real HTTP on the loopback interface while 4 batches of 5 000 cases
 *    are evaluated at once (target: p99 under 50 ms; the batches run on worker threads);
 * 2. the hierarchy checks of a staff import whose rows form one reporting chain 3 000, 5 000 and
 *    20 000 deep (dry runs; linear in the rows).
 * Results are recorded in docs/benchmarks.md.
 */
import { buildApp, migrate, openDatabase, signToken } from "@kinerja/server";
import { syntheticCases } from "./cases";

const SECRET = "kinerja-bench-secret-0123456789-abcdefghijkl";
const token = (roles: string[]) =>
  `Bearer ${signToken({ sub: "bench", agency: "bench", roles: roles as never }, { secret: SECRET }, { ttlSeconds: 3600, now: new Date() })}`;
const period = { start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" as const };
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** `/health` probes every 10 ms while `batches` × `POST /v1/evaluate` of `size` cases run at once. */
export async function healthUnderLoad(
  batches = 4,
  size = 5000,
): Promise<{ probes: number; p50: number; p99: number; max: number; seconds: number; rssMiB: number }> {
  const database = await openDatabase();
  await migrate(database);
  // 5 000 realistic cases are about 9.5 MB: past the default body limit of 5 MiB.
  const app = await buildApp({
    database,
    auth: { secret: SECRET },
    logger: false,
    rateLimit: false,
    bodyLimit: 32 * 1024 * 1024,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  const body = JSON.stringify({ rules: "permenpanrb-6-2022", period, cases: [...syntheticCases(size)] });
  const started = performance.now();
  let running = true;
  const inFlight = Promise.all(
    Array.from({ length: batches }, () =>
      fetch(`${base}/v1/evaluate`, {
        method: "POST",
        headers: { authorization: token(["EMPLOYEE"]), "content-type": "application/json" },
        body,
      }).then(async (r) => {
        if (r.status !== 200) throw new Error(`evaluate answered ${r.status}`);
        await r.arrayBuffer();
      }),
    ),
  ).finally(() => {
    running = false;
  });
  const latencies: number[] = [];
  while (running) {
    const t0 = performance.now();
    const r = await fetch(`${base}/health`);
    await r.arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await inFlight;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    probes: latencies.length,
    p50: Number(percentile(latencies, 0.5).toFixed(1)),
    p99: Number(percentile(latencies, 0.99).toFixed(1)),
    max: Number((latencies.at(-1) ?? 0).toFixed(1)),
    seconds: Number(seconds.toFixed(1)),
    rssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
  };
  console.log(
    `/health during ${batches} × POST /v1/evaluate of ${size} cases (${result.seconds} s): ${result.probes} probes, ` +
      `p50 ${result.p50} ms, p99 ${result.p99} ms (target < 50 ms), max ${result.max} ms; RSS ${result.rssMiB} MiB`,
  );
  await app.close();
  await database.close();
  return result;
}

async function deepChain(depth: number): Promise<void> {
  const database = await openDatabase();
  await migrate(database);
  const app = await buildApp({ database, auth: { secret: SECRET }, logger: false, rateLimit: false });
  const hr = { authorization: token(["HR_ADMIN"]) };
  await app.inject({
    method: "POST",
    url: "/v1/agencies",
    headers: hr,
    payload: { id: "bench", name: "bench" },
  });
  const nip = (i: number) => `1990010120150${String(i).padStart(5, "0")}`;
  const employees = Array.from({ length: depth }, (_, i) => ({
    id: nip(i),
    name: `Pegawai ${i}`,
    positionKind: i === 0 ? "JPT" : "JF",
    ...(i === 0 ? {} : { functionalLevel: "AHLI_PERTAMA", supervisorId: nip(i - 1) }),
  }));
  const started = performance.now();
  const response = await app.inject({
    method: "POST",
    url: "/v1/staff/import?dryRun=true",
    headers: hr,
    payload: { employees },
  });
  const ms = performance.now() - started;
  console.log(
    `staff import dry run, one reporting chain ${depth} deep: ${response.statusCode} in ${ms.toFixed(0)} ms`,
  );
  await app.close();
  await database.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await healthUnderLoad();
  for (const depth of [3000, 5000, 20_000]) await deepChain(depth);
}

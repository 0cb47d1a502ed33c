/**
 * An HTTP target of the benchmarks, run as its own process so that the load generator does not
 * share its event loop: `kinerja` (the reference service in memory, rate limiting off, default
 * evaluation pool) or `bare` (a bare Fastify route that parses the same body and applies the
 * hand-written matrix). Prints `PORT <n>` when listening.
 */
import Fastify from "fastify";
import { MATRIX, supervisorRatings } from "./baselines";

const kind = process.argv[2];
let port: number;
if (kind === "kinerja") {
  const { buildApp, migrate, openDatabase } = await import("@kinerja/server");
  const database = await openDatabase();
  await migrate(database);
  const app = await buildApp({
    database,
    auth: { secret: process.env.BENCH_SECRET as string },
    logger: false,
    rateLimit: false,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as { port: number }).port;
} else {
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  app.post("/v1/evaluate", async (request) => {
    const body = request.body as { cases: Record<string, unknown>[] };
    return {
      results: body.cases.map((c) => {
        const { result, behaviour } = supervisorRatings(c);
        return { employeeId: (c.employee as { id: string }).id, grade: MATRIX[result][behaviour] };
      }),
    };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as { port: number }).port;
}
process.stdout.write(`PORT ${port}\n`);

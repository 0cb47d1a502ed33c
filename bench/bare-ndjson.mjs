// The bare NDJSON pass of the benchmarks: readline + JSON.parse + the hand-written 9-cell matrix
// + JSON.stringify, nothing else (plain JavaScript, so no loader is timed). stdin → stdout.
import { createInterface } from "node:readline";

const MATRIX = {
  DI_ATAS_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "SANGAT_BAIK",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_BAWAH_EKSPEKTASI: "KURANG",
  },
  SESUAI_EKSPEKTASI: { DI_ATAS_EKSPEKTASI: "BAIK", SESUAI_EKSPEKTASI: "BAIK", DI_BAWAH_EKSPEKTASI: "KURANG" },
  DI_BAWAH_EKSPEKTASI: {
    DI_ATAS_EKSPEKTASI: "BUTUH_PERBAIKAN",
    SESUAI_EKSPEKTASI: "BUTUH_PERBAIKAN",
    DI_BAWAH_EKSPEKTASI: "SANGAT_KURANG",
  },
};
let count = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (line.trim() === "") continue;
  const c = JSON.parse(line);
  const s = c.assessments.find((a) => a.source === "SUPERVISOR");
  const grade = MATRIX[s.resultRating]?.[s.behaviourRating];
  count += 1;
  if (!process.stdout.write(`${JSON.stringify({ employeeId: c.employee.id, grade })}\n`))
    await new Promise((resolve) => process.stdout.once("drain", resolve));
}
process.stdout.write(`${JSON.stringify({ count })}\n`);

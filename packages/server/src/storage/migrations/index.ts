import type { Migration } from "kysely";
import * as m0001 from "./0001_core";
import * as m0002 from "./0002_feedback_assessments";
import * as m0003 from "./0003_anonymous_feedback";
import * as m0004 from "./0004_self_periodic";
import * as m0005 from "./0005_hardening";
import * as m0006 from "./0006_closed_results";
import * as m0007 from "./0007_evidence_files";

/**
 * Every migration, by name; Kysely runs them in name order. A static map, so the bundle needs no
 * directory scan.
 *
 * To add one: create `./NNNN_name.ts` exporting `up(db)` (and `down(db)`), add
 * `import * as mNNNN from "./NNNN_name";` above and `"NNNN_name": mNNNN,` to the map. A
 * migration's tables get their own Kysely interface, used with `db.withTables<TTables>()`.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_core": m0001,
  "0002_feedback_assessments": m0002,
  "0003_anonymous_feedback": m0003,
  "0004_self_periodic": m0004,
  "0005_hardening": m0005,
  "0006_closed_results": m0006,
  "0007_evidence_files": m0007,
};

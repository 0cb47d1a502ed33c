/**
 * Every state has a way forward (issue 7): random sequences of API operations by random actors
 * (the employees, their superior, the head of unit, a peer in another unit, HR, an HR admin who is
 * also one of the staff, an auditor) on one PGlite database, a fresh agency per sequence. After
 * each step: no 5xx; a CLOSED period holds only FINAL assessments; no released aggregate covers
 * fewer than k answers; every APPROVED plan passes the core's work-plan check; and nobody
 * succeeded in acting on their own record with a higher role. After each sequence the documented
 * way forward (docs/server.md, "Ways forward") must take the period to CLOSED from wherever it is.
 *
 * `npm test` runs 200 sequences of 30–40 steps; KINERJA_THOROUGH=1 runs 1 000.
 */
import { checkWorkPlan, POLICY_TABLE, type Role, WorkPlanSchema } from "@kinerja/core";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { CycleTables } from "../src/cycle-tables";
import type { SelfPeriodicTables } from "../src/self-periodic";
import type { Database } from "../src/storage/index";
import { type TestApp, testApp } from "./helpers/app";
import { fixtureRegistry, seedAgency, simplePlan } from "./helpers/cycle-fixtures";
import { freshPglite } from "./helpers/pglite";

const thorough = process.env.KINERJA_THOROUGH === "1" || process.env.KINERJA_THOROUGH === "true";
const SEQUENCES = Number(process.env.KINERJA_MODEL_SEQUENCES ?? (thorough ? 1_000 : 200));
const MIN_STEPS = 30;
const MAX_STEPS = 40;
const K = 3;

interface Actor {
  id: string;
  roles: Role[];
}

interface World {
  agencyId: string;
  periodId: string;
  staff: [string, string];
  supervisor: string;
  head: string;
  others: [string, string];
  actors: Actor[];
}

/** What the operations of one sequence share. */
interface Real {
  t: TestApp;
  database: Database;
  w: World;
  trace: string[];
  /** Whether the last operation succeeded (a refused request changes nothing, so invariants hold). */
  changed: boolean;
}

type Model = Record<string, never>;

let database: Database;
let t: TestApp;
let agencies = 0;

beforeAll(async () => {
  database = await freshPglite();
  t = await testApp({ database, registry: fixtureRegistry(), policy: { minAnonymousAnswers: K } });
});

afterAll(async () => {
  await t.close();
  await database.close();
});

const cycle = (db: Database) => db.db.withTables<CycleTables>();

async function newWorld(): Promise<World> {
  agencies += 1;
  const a = await seedAgency(database, {
    agencyId: `m${agencies}`,
    state: "DRAFT",
    staffCount: 2,
    plans: false,
  });
  const [e1, e2] = a.staff as [string, string];
  const [o1, o2] = a.others as [string, string];
  const employee = (id: string): Actor => ({ id, roles: ["EMPLOYEE"] });
  return {
    agencyId: a.agencyId,
    periodId: a.periodId,
    staff: [e1, e2],
    supervisor: a.supervisor,
    head: a.head,
    others: [o1, o2],
    actors: [
      employee(e1),
      employee(e2),
      employee(a.supervisor),
      employee(a.head),
      employee(o1),
      { id: `${a.agencyId}-hr`, roles: ["HR_ADMIN", "EMPLOYEE"] },
      { id: e1, roles: ["HR_ADMIN", "EMPLOYEE"] },
      { id: `${a.agencyId}-aud`, roles: ["AUDITOR"] },
    ],
  };
}

/** Actions an actor may take on a record about themselves: those the policy gives to EMPLOYEE. */
const OWN_RECORD_ACTIONS = new Set(
  Object.entries(POLICY_TABLE)
    .filter(([, rule]) => rule.roles.includes("EMPLOYEE") && !rule.read)
    .map(([action]) => action),
);

interface Call {
  actor: Actor;
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  body?: object;
  /** The employee whose record this is, when it is one. */
  owner?: string;
  /** The policy action, for the own-record check. */
  action: string;
}

async function call(real: Real, c: Call) {
  const res = await real.t.app.inject({
    method: c.method,
    url: c.url,
    headers: real.t.authHeader({ sub: c.actor.id, roles: c.actor.roles, agency: real.w.agencyId }),
    ...(c.body === undefined ? {} : { payload: c.body }),
  });
  real.trace.push(`${c.actor.id}[${c.actor.roles.join("+")}] ${c.method} ${c.url} → ${res.statusCode}`);
  const where = () => `${real.trace.join("\n")}\n${res.body.slice(0, 400)}`;
  expect(res.statusCode, where()).toBeLessThan(500);
  expect(res.statusCode, where()).not.toBe(401);
  const ok = res.statusCode >= 200 && res.statusCode < 300;
  if (ok) real.changed = true;
  if (ok && c.owner !== undefined && c.owner === c.actor.id && c.method !== "GET") {
    expect(OWN_RECORD_ACTIONS.has(c.action), `acted on own record with ${c.action}\n${where()}`).toBe(true);
  }
  return res;
}

async function planOf(real: Real, employeeId: string) {
  return cycle(real.database)
    .selectFrom("work_plans")
    .select(["id", "state", "version", "plan"])
    .where("period_id", "=", real.w.periodId)
    .where("employee_id", "=", employeeId)
    .where("state", "<>", "REJECTED")
    .executeTakeFirst();
}

async function periodState(real: Real): Promise<string> {
  const row = await real.database.db
    .selectFrom("periods")
    .select("state")
    .where("id", "=", real.w.periodId)
    .executeTakeFirstOrThrow();
  return row.state;
}

async function checkInvariants(real: Real): Promise<void> {
  const db = cycle(real.database);
  const [counts] = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("assessments")
        .innerJoin("periods", "periods.id", "assessments.period_id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("assessments.period_id", "=", real.w.periodId)
        .where("periods.state", "=", "CLOSED")
        .where("assessments.status", "<>", "FINAL")
        .as("openInClosed"),
      eb
        .selectFrom("feedback_rounds")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("agency_id", "=", real.w.agencyId)
        .where("released", "=", true)
        .where("answer_count", "<", K)
        .as("leaky"),
    ])
    .execute();
  expect(Number(counts?.openInClosed), `CLOSED with open assessments\n${real.trace.join("\n")}`).toBe(0);
  expect(Number(counts?.leaky), "a released aggregate below k").toBe(0);
  const approved = await db
    .selectFrom("work_plans")
    .select(["employee_id", "plan"])
    .where("period_id", "=", real.w.periodId)
    .where("state", "=", "APPROVED")
    .execute();
  for (const plan of approved) {
    expect(planProblems(plan.plan), `approved plan of ${plan.employee_id} is invalid`).toEqual([]);
  }
}

/** The core's problems with a stored plan (a plan that does not even parse has one). */
function planProblems(plan: unknown): unknown[] {
  const parsed = WorkPlanSchema.safeParse(plan);
  return parsed.success ? checkWorkPlan(parsed.data) : parsed.error.issues;
}

// ---- plans of every shape the issue named, valid and not ----

const indicator = (id: string, extra: object = {}) => ({
  id,
  aspect: "KUANTITAS",
  target: 10,
  unit: "laporan",
  ...extra,
});
const PLANS = {
  valid: simplePlan,
  validWeighted: {
    approach: "KUANTITATIF",
    results: [
      { id: "r1", kind: "UTAMA", weight: 60, indicators: [indicator("i1")] },
      { id: "r2", kind: "UTAMA", weight: 40, indicators: [indicator("i2")] },
    ],
  },
  weightsOver100: {
    approach: "KUANTITATIF",
    results: [
      { id: "r1", kind: "UTAMA", weight: 70, indicators: [indicator("i1")] },
      { id: "r2", kind: "UTAMA", weight: 50, indicators: [indicator("i2")] },
    ],
  },
  partialIndicatorWeights: {
    approach: "KUANTITATIF",
    results: [{ id: "r1", kind: "UTAMA", indicators: [indicator("i1", { weight: 100 }), indicator("i2")] }],
  },
  duplicateIndicator: {
    approach: "KUANTITATIF",
    results: [{ id: "r1", kind: "UTAMA", indicators: [indicator("i1"), indicator("i1")] }],
  },
} as const;
type PlanKind = keyof typeof PLANS;
const planKind = fc.constantFrom(...(Object.keys(PLANS) as PlanKind[]));

const RATINGS = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"] as const;
const PERIOD_EVENTS = [
  "START_PLANNING",
  "START_EXECUTION",
  "START_ASSESSMENT",
  "START_CALIBRATION",
  "CLOSE",
  "REOPEN",
] as const;

// ---- the operations ----

type Op = (real: Real) => Promise<void>;

const who = fc.nat({ max: 7 });
const emp = fc.nat({ max: 1 });

const periodUrl = (real: Real) => `/v1/periods/${real.w.periodId}`;

const operations: fc.Arbitrary<{ name: string; run: Op }>[] = [
  fc.tuple(who, fc.constantFrom(...PERIOD_EVENTS)).map(([a, event]) => ({
    name: `transition ${event}`,
    run: async (real) => {
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `${periodUrl(real)}/transitions`,
        body: { event, reason: "model" },
        action: "period.transition",
      });
    },
  })),
  fc.tuple(who, emp, planKind).map(([a, e, kind]) => ({
    name: `draft plan ${kind}`,
    run: async (real) => {
      const owner = real.w.staff[e]!;
      const plan = await planOf(real, owner);
      await call(real, {
        actor: real.w.actors[a]!,
        ...(plan === undefined
          ? {
              method: "POST" as const,
              url: "/v1/work-plans",
              body: { periodId: real.w.periodId, employeeId: owner, plan: PLANS[kind] },
              action: "workPlan.draft",
            }
          : {
              method: "PUT" as const,
              url: `/v1/work-plans/${plan.id}`,
              body: { plan: PLANS[kind] },
              action: "workPlan.edit",
            }),
        owner,
      });
    },
  })),
  fc
    .tuple(who, emp, fc.constantFrom("submit", "approve", "request-revision", "reject"))
    .map(([a, e, verb]) => ({
      name: `plan ${verb}`,
      run: async (real) => {
        const owner = real.w.staff[e]!;
        const plan = await planOf(real, owner);
        if (plan === undefined) return;
        await call(real, {
          actor: real.w.actors[a]!,
          method: "POST",
          url: `/v1/work-plans/${plan.id}/${verb}`,
          body: verb === "submit" || verb === "approve" ? {} : { reason: "model" },
          owner,
          action:
            verb === "submit"
              ? "workPlan.submit"
              : verb === "approve"
                ? "workPlan.approve"
                : "workPlan.reject",
        });
      },
    })),
  fc.tuple(who, emp, planKind).map(([a, e, kind]) => ({
    name: `amend plan ${kind}`,
    run: async (real) => {
      const owner = real.w.staff[e]!;
      const plan = await planOf(real, owner);
      if (plan === undefined) return;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `/v1/work-plans/${plan.id}/amendments`,
        body: { reason: "model", plan: PLANS[kind] },
        owner,
        action: "workPlan.amend",
      });
    },
  })),
  fc.tuple(who, emp, fc.integer({ min: 0, max: 20 })).map(([a, e, value]) => ({
    name: "realise",
    run: async (real) => {
      const owner = real.w.staff[e]!;
      const plan = await planOf(real, owner);
      if (plan === undefined) return;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `/v1/work-plans/${plan.id}/realizations`,
        body: { indicatorId: "i1", subPeriod: "2026", value, evidence: [] },
        owner,
        action: "realization.record",
      });
    },
  })),
  fc.tuple(who, emp, fc.subarray([0, 1, 2, 3, 4], { minLength: 1 })).map(([a, e, picks]) => ({
    name: "ask peers",
    run: async (real) => {
      const owner = real.w.staff[e]!;
      const pool = [...real.w.staff.filter((s) => s !== owner), ...real.w.others, real.w.head];
      const raterIds = [...new Set(picks.map((p) => pool[p % pool.length]!))];
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `${periodUrl(real)}/feedback-requests`,
        body: { employeeId: owner, source: "PEER", raterIds },
        owner,
        action: "feedback.request",
      });
    },
  })),
  fc.tuple(who, fc.constantFrom(...RATINGS)).map(([a, rating]) => ({
    name: "answer",
    run: async (real) => {
      const actor = real.w.actors[a]!;
      const open = await cycle(real.database)
        .selectFrom("feedback_requests")
        .select(["id", "employee_id"])
        .where("agency_id", "=", real.w.agencyId)
        .where("state", "=", "OPEN")
        .orderBy("id")
        .execute();
      const mine = open.find((r) => r.employee_id !== actor.id) ?? open[0];
      if (mine === undefined) return;
      await call(real, {
        actor,
        method: "POST",
        url: `/v1/feedback-requests/${mine.id}/answers`,
        body: { behaviourRating: rating },
        owner: mine.employee_id,
        action: "feedback.submit",
      });
    },
  })),
  fc.tuple(who, emp).map(([a, e]) => ({
    name: "close round",
    run: async (real) => {
      const owner = real.w.staff[e]!;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `${periodUrl(real)}/employees/${owner}/feedback/PEER/close`,
        owner,
        action: "feedback.request",
      });
    },
  })),
  fc.tuple(who, emp, fc.constantFrom(...RATINGS), fc.constantFrom(...RATINGS)).map(([a, e, r1, r2]) => ({
    name: "write assessment",
    run: async (real) => {
      const owner = real.w.staff[e]!;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "PUT",
        url: `${periodUrl(real)}/assessments/${owner}`,
        body: { resultRating: r1, behaviourRating: r2, justification: "model" },
        owner,
        action: "assessment.finalise",
      });
    },
  })),
  fc.tuple(who, emp, fc.constantFrom("finalise", "reopen", "withdraw")).map(([a, e, verb]) => ({
    name: `assessment ${verb}`,
    run: async (real) => {
      const owner = real.w.staff[e]!;
      const url = `${periodUrl(real)}/assessments/${owner}`;
      await call(real, {
        actor: real.w.actors[a]!,
        ...(verb === "withdraw"
          ? { method: "DELETE" as const, url, action: "assessment.withdraw" }
          : {
              method: "POST" as const,
              url: `${url}/${verb}`,
              body: verb === "reopen" ? { reason: "model" } : {},
              action: verb === "reopen" ? "assessment.reopen" : "assessment.finalise",
            }),
        owner,
      });
    },
  })),
  fc.tuple(who, emp, fc.constantFrom(...RATINGS)).map(([a, e, rating]) => ({
    name: "self-assess",
    run: async (real) => {
      const owner = real.w.staff[e]!;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "PUT",
        url: `${periodUrl(real)}/employees/${owner}/self-assessment`,
        body: { behaviourRating: rating },
        owner,
        action: "feedback.writeSelf",
      });
    },
  })),
  fc.tuple(who, emp, fc.boolean()).map(([a, e, acknowledge]) => ({
    name: acknowledge ? "acknowledge periodic feedback" : "give periodic feedback",
    run: async (real) => {
      const owner = real.w.staff[e]!;
      const url = `${periodUrl(real)}/employees/${owner}/periodic-feedback`;
      if (!acknowledge) {
        await call(real, {
          actor: real.w.actors[a]!,
          method: "POST",
          url,
          body: { subPeriod: "2026", text: "model" },
          owner,
          action: "feedback.givePeriodic",
        });
        return;
      }
      const given = await real.database.db
        .withTables<SelfPeriodicTables>()
        .selectFrom("periodic_feedback")
        .select("id")
        .where("agency_id", "=", real.w.agencyId)
        .where("employee_id", "=", owner)
        .where("acknowledged_at", "is", null)
        .executeTakeFirst();
      if (given === undefined) return;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `${url}/${given.id}/acknowledge`,
        owner,
        action: "feedback.acknowledgePeriodic",
      });
    },
  })),
  fc.tuple(who, emp, fc.constantFrom("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN")).map(([a, e, to]) => ({
    name: `calibrate to ${to}`,
    run: async (real) => {
      const owner = real.w.staff[e]!;
      await call(real, {
        actor: real.w.actors[a]!,
        method: "POST",
        url: `${periodUrl(real)}/units/u1/calibration/changes`,
        body: { changes: [{ employeeId: owner, to, reason: "model" }] },
        owner,
        action: "calibration.apply",
      });
    },
  })),
];

// ---- the documented way forward ----

/**
 * Takes the period to CLOSED from any state with allowed operations by the right actors, as
 * docs/server.md ("Ways forward") describes: plans are made valid, submitted and approved while
 * plans may change; in ASSESSMENT, amended plans are approved again, assessments are written and
 * finalised, drafts that cannot be finalised are withdrawn; then START_CALIBRATION and CLOSE.
 */
async function wayForward(real: Real): Promise<void> {
  const { w } = real;
  const hr: Actor = { id: `${w.agencyId}-hr`, roles: ["HR_ADMIN", "EMPLOYEE"] };
  const sup: Actor = { id: w.supervisor, roles: ["EMPLOYEE"] };
  const must = async (c: Omit<Call, "action"> & { action?: string }) => {
    const res = await call(real, { action: c.action ?? "way-forward", ...c });
    expect(res.statusCode, `way forward refused\n${real.trace.join("\n")}\n${res.body}`).toBeLessThan(300);
    return res;
  };
  const transition = (event: string) =>
    must({
      actor: hr,
      method: "POST",
      url: `/v1/periods/${w.periodId}/transitions`,
      body: { event, reason: "way forward" },
    });
  const approvePlans = async () => {
    for (const owner of w.staff) {
      const me: Actor = { id: owner, roles: ["EMPLOYEE"] };
      let plan = await planOf(real, owner);
      if (plan === undefined) {
        await must({
          actor: me,
          method: "POST",
          url: "/v1/work-plans",
          body: { periodId: w.periodId, employeeId: owner, plan: PLANS.valid },
        });
        plan = await planOf(real, owner);
      }
      if (plan === undefined) throw new Error("no plan after drafting one");
      if (plan.state === "DRAFT" || plan.state === "REVISION_REQUESTED") {
        // A plan sent back for revision is resubmitted only after an edit (guard EDITS_REQUIRED).
        if (planProblems(plan.plan).length > 0 || plan.state === "REVISION_REQUESTED")
          await must({
            actor: me,
            method: "PUT",
            url: `/v1/work-plans/${plan.id}`,
            body: { plan: PLANS.valid },
          });
        await must({ actor: me, method: "POST", url: `/v1/work-plans/${plan.id}/submit`, body: {} });
        plan = await planOf(real, owner);
      }
      if (plan?.state === "SUBMITTED" && planProblems(plan.plan).length > 0) {
        await must({
          actor: sup,
          method: "POST",
          url: `/v1/work-plans/${plan.id}/request-revision`,
          body: { reason: "fix" },
        });
        await must({
          actor: me,
          method: "PUT",
          url: `/v1/work-plans/${plan.id}`,
          body: { plan: PLANS.valid },
        });
        await must({ actor: me, method: "POST", url: `/v1/work-plans/${plan.id}/submit`, body: {} });
        plan = await planOf(real, owner);
      }
      if (plan?.state === "SUBMITTED")
        await must({ actor: sup, method: "POST", url: `/v1/work-plans/${plan.id}/approve`, body: {} });
    }
  };
  const finaliseAll = async () => {
    for (const owner of w.staff) {
      const plan = await planOf(real, owner);
      if (plan?.state === "SUBMITTED")
        await must({ actor: sup, method: "POST", url: `/v1/work-plans/${plan.id}/approve`, body: {} });
      const approved = (await planOf(real, owner))?.state === "APPROVED";
      const row = await cycle(real.database)
        .selectFrom("assessments")
        .select(["status", "version"])
        .where("period_id", "=", w.periodId)
        .where("employee_id", "=", owner)
        .executeTakeFirst();
      const url = `/v1/periods/${w.periodId}/assessments/${owner}`;
      if (row?.status === "FINAL") continue;
      if (!approved) {
        // Withdrawing a draft names the version withdrawn (a 409 without it).
        if (row !== undefined)
          await must({ actor: sup, method: "DELETE", url: `${url}?version=${row.version}` });
        continue;
      }
      await must({
        actor: sup,
        method: "PUT",
        url,
        body: {
          resultRating: "SESUAI_EKSPEKTASI",
          behaviourRating: "SESUAI_EKSPEKTASI",
          justification: "way forward",
        },
      });
      await must({ actor: sup, method: "POST", url: `${url}/finalise`, body: {} });
    }
  };
  for (let guard = 0; guard < 12; guard += 1) {
    const state = await periodState(real);
    real.trace.push(`-- way forward from ${state}`);
    if (state === "CLOSED") break;
    if (state === "DRAFT") await transition("START_PLANNING");
    else if (state === "PLANNING") {
      await approvePlans();
      await transition("START_EXECUTION");
    } else if (state === "EXECUTION") {
      await approvePlans();
      await transition("START_ASSESSMENT");
    } else if (state === "ASSESSMENT") {
      await finaliseAll();
      await transition("START_CALIBRATION");
    } else if (state === "REOPENED") {
      await transition("START_CALIBRATION");
    } else {
      await finaliseAll();
      await transition("CLOSE");
    }
    await checkInvariants(real);
  }
  expect(await periodState(real), real.trace.join("\n")).toBe("CLOSED");
  await checkInvariants(real);
}

/** An operation as a fast-check command: always applicable; the service decides what is allowed. */
class Operation implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly op: Op,
  ) {}
  check(): boolean {
    return true;
  }
  async run(_model: Model, real: Real): Promise<void> {
    real.trace.push(`# ${this.name}`);
    real.changed = false;
    await this.op(real);
    if (real.changed) await checkInvariants(real);
  }
  toString(): string {
    return this.name;
  }
}

const commands = fc.array(
  fc.oneof(...operations).map(({ name, run }) => new Operation(name, run)),
  { minLength: MIN_STEPS, maxLength: MAX_STEPS },
);

test(
  `from every state there is a way forward (${SEQUENCES} sequences of ${MIN_STEPS}–${MAX_STEPS} steps)`,
  async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const real: Real = { t, database, w: await newWorld(), trace: [], changed: false };
        await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
        await wayForward(real);
      }),
      { numRuns: SEQUENCES, endOnFailure: true },
    );
  },
  thorough ? 3_600_000 : 900_000,
);

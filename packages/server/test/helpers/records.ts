import { createRegistry, defineRulePackage, type Role, type WorkPlanInput } from "@kinerja/core";
import { z } from "zod";
import type { TestApp } from "./app";

/**
 * Fixtures for the record routes (agencies, staff, periods, work plans, realisations, audit):
 * a small rule package of our own, a registry with two versions of it, an org chart and plans.
 */

/** A tiny rule package for tests: one grade by a configurable threshold (its config has a default per field). */
export function toyPackage(version: string) {
  return defineRulePackage({
    id: "toy-rules",
    version,
    title: { id: "Aturan contoh", en: "Toy rules" },
    legalBasis: ["none (test fixture)"],
    configSchema: z.object({
      threshold: z.number().min(0).max(100).default(50),
      label: z.string().default("toy"),
    }),
    inputs: [],
    grades: [
      { code: "BAIK", label: { id: "Baik", en: "Good" } },
      { code: "KURANG", label: { id: "Kurang", en: "Poor" } },
    ],
    evaluate: (_input, config) => ({
      grade: config.threshold > 50 ? "KURANG" : "BAIK",
      score: null,
      ratings: {},
      explanation: [],
    }),
  });
}

/** A registry with toy-rules 1.0.0 and 1.1.0. */
export function toyRegistry() {
  return createRegistry([toyPackage("1.0.0"), toyPackage("1.1.0")]);
}

/** NIPs of the fixture org chart: head (JPT) ← chief (JA) ← staff1, staff2 (JF); outsider has no superior. */
export const NIP = {
  head: "196801011990031001",
  chief: "197501012000031002",
  staff1: "199001012015031003",
  staff2: "199202022016032004",
  outsider: "198503032010011005",
} as const;

/** The fixture staff as JSON rows. */
export function orgChart(): Record<string, unknown>[] {
  return [
    {
      id: NIP.head,
      name: "Kepala Dinas",
      positionKind: "JPT",
      structural: true,
      isUnitHead: true,
      unitId: "u-root",
      unitName: "Dinas",
    },
    {
      id: NIP.chief,
      name: "Kepala Bidang",
      positionKind: "JA",
      structural: true,
      isUnitHead: true,
      unitId: "u-bid",
      unitName: "Bidang",
      supervisorId: NIP.head,
    },
    {
      id: NIP.staff1,
      name: "Staf Satu",
      positionKind: "JF",
      functionalLevel: "AHLI_PERTAMA",
      unitId: "u-bid",
      supervisorId: NIP.chief,
      attributes: { gender: "F" },
    },
    {
      id: NIP.staff2,
      name: "Staf Dua",
      positionKind: "JF",
      functionalLevel: "AHLI_MUDA",
      unitId: "u-bid",
      supervisorId: NIP.chief,
    },
    { id: NIP.outsider, name: "Pegawai Lain", positionKind: "JF", unitId: "u-root" },
  ];
}

/** A plan with one result and two indicators; result ids prefixed so plans in a cascade do not collide. */
export function planFor(prefix: string, parentResultId?: string): WorkPlanInput {
  return {
    approach: "KUANTITATIF",
    results: [
      {
        id: `${prefix}-r1`,
        kind: "UTAMA",
        ...(parentResultId === undefined ? {} : { parentResultId }),
        indicators: [
          { id: `${prefix}-i1`, aspect: "KUANTITAS", target: 12, unit: "laporan" },
          { id: `${prefix}-i2`, aspect: "WAKTU", target: 10, unit: "hari" },
        ],
      },
    ],
  };
}

/** Request helpers bound to one test app and agency. */
export function client(t: TestApp, agency: string) {
  const auth = (sub: string, roles: readonly Role[]) => t.authHeader({ sub, roles, agency });
  const hr = auth("hr-admin-1", ["HR_ADMIN"]);
  const auditor = auth("auditor-1", ["AUDITOR"]);
  const as = (sub: string) => auth(sub, ["EMPLOYEE"]);
  return {
    auth,
    hr,
    auditor,
    as,
    /** Creates the agency (with the toy rule package unless `rulePackage: null`) and imports the fixture staff. */
    async setup(options: { rulePackage?: null } = {}) {
      const created = await t.app.inject({
        method: "POST",
        url: "/v1/agencies",
        headers: hr,
        payload: {
          id: agency,
          name: `Agency ${agency}`,
          ...(options.rulePackage === null
            ? {}
            : { rulePackage: { id: "toy-rules", version: "1.0.0", config: { threshold: 40 } } }),
        },
      });
      if (created.statusCode !== 201) throw new Error(`agency: ${created.statusCode} ${created.body}`);
      const imported = await t.app.inject({
        method: "POST",
        url: "/v1/staff/import",
        headers: hr,
        payload: { employees: orgChart() },
      });
      if (imported.statusCode !== 200) throw new Error(`staff: ${imported.statusCode} ${imported.body}`);
    },
    /** Creates a quarterly 2026 period and returns its id. */
    async period(name = "2026"): Promise<string> {
      const res = await t.app.inject({
        method: "POST",
        url: "/v1/periods",
        headers: hr,
        payload: { name, start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
      });
      if (res.statusCode !== 201) throw new Error(`period: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    },
    /** Applies a period event as HR. */
    async transition(periodId: string, event: string, extra: Record<string, unknown> = {}) {
      return t.app.inject({
        method: "POST",
        url: `/v1/periods/${periodId}/transitions`,
        headers: hr,
        payload: { event, ...extra },
      });
    },
    /** Drafts a plan as its employee; returns the response. */
    async draft(periodId: string, nip: string, plan: WorkPlanInput) {
      return t.app.inject({
        method: "POST",
        url: "/v1/work-plans",
        headers: as(nip),
        payload: { periodId, plan },
      });
    },
    /** POSTs a work plan step (`submit`, `approve`, …) as `nip`. */
    async step(workPlanId: string, path: string, nip: string, payload: Record<string, unknown> = {}) {
      return t.app.inject({
        method: "POST",
        url: `/v1/work-plans/${workPlanId}/${path}`,
        headers: as(nip),
        payload,
      });
    },
    /**
     * Sets the agency up, opens a period for planning and approves `plan` for staff1 (approved by
     * the chief): the start of every test about what happens to an approved plan.
     */
    async approvedStaffPlan(plan: WorkPlanInput): Promise<{ periodId: string; planId: string }> {
      await this.setup();
      const periodId = await this.period();
      const planning = await this.transition(periodId, "START_PLANNING");
      if (planning.statusCode !== 200)
        throw new Error(`START_PLANNING: ${planning.statusCode} ${planning.body}`);
      const planId = await this.approvedPlan(periodId, NIP.staff1, NIP.chief, plan);
      return { periodId, planId };
    },
    /** Drafts, submits and approves a plan; returns its id. */
    async approvedPlan(
      periodId: string,
      nip: string,
      approver: string,
      plan: WorkPlanInput,
    ): Promise<string> {
      const drafted = await this.draft(periodId, nip, plan);
      if (drafted.statusCode !== 201) throw new Error(`draft: ${drafted.statusCode} ${drafted.body}`);
      const id = drafted.json().id as string;
      const submitted = await this.step(id, "submit", nip);
      if (submitted.statusCode !== 200) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
      const approved = await this.step(id, "approve", approver);
      if (approved.statusCode !== 200) throw new Error(`approve: ${approved.statusCode} ${approved.body}`);
      return id;
    },
  };
}

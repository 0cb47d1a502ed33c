/**
 * Role × route: every registered /v1 route (from `app.routeCatalog`, each with the core policy
 * action it declares) is called by an actor holding each role on one employee's records, and the
 * answer must match the core policy (`can`): denied → 403 (a list leaves the employee out),
 * allowed → neither 401 nor 403. A route may be stricter than the table only where listed in
 * `narrower`, with the reason; it may never be looser. Another agency's HR_ADMIN gets 404 and
 * none of the agency's data. The world is the demo agency, seeded through the API.
 */
import { ACTIONS, type Action, actionKind, can, type Resource, ROLES, type Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_AGENCY_ID, DEMO_HR_ADMIN_ID, demoStaff, seedDemo } from "../src/demo";
import { type TestApp, testApp } from "./helpers/app";

interface World {
  /** The employee whose records are addressed. */
  T: string;
  S: string;
  SS: string;
  /** A peer asked for feedback about T (open request). */
  P: string;
  HR: string;
  AUD: string;
  past: string;
  current: string;
  tPastPlan: string;
  tCurrentPlan: string;
  tCurrentPlanBody: unknown;
  peerRequest: string;
  publicRequest: string;
  /** A periodic feedback entry from S to T in the past period (unacknowledged at first). */
  periodicFeedback: string;
  webhook?: string;
}

interface Sample {
  /** The concrete URL. */
  url: string;
  /** The body, when the route takes one. */
  body?: unknown;
  /** Whether the resource is T's (owner-scoped) rather than agency-wide. */
  owner: boolean;
  /** For list routes: a string present in the answer exactly when the actor may see the addressed record. */
  marker?: string;
  /** Roles the table allows but the route refuses on purpose, with why. */
  narrower?: { roles: Role[]; why: string };
  /** The route serves the caller's own inbox: any authenticated actor gets 200. */
  anyActor?: boolean;
  /** Facts of the addressed record the policy decides on besides ownership (e.g. the feedback source). */
  facts?: Pick<Resource, "feedbackSource">;
}

const simplePlan = (w: World) => w.tCurrentPlanBody;

/** Makes fresh records for samples whose allowed call consumes its record (a DELETE). */
interface Fresh {
  /** A new webhook subscription's id. */
  webhook(): Promise<string>;
  /** A draft assessment of T (in a period of its own, in ASSESSMENT), as its URL with `?version=`. */
  draftAssessment(): Promise<string>;
}

/** One sample request per route, keyed `METHOD /v1/url-pattern`. */
const SAMPLES: Record<string, (w: World, fresh: Fresh) => Sample | Promise<Sample>> = {
  "POST /v1/evaluate": () => ({
    url: "/v1/evaluate",
    body: { rules: "permenpanrb-6-2022", cases: [] },
    owner: false,
  }),
  "POST /v1/evaluate/periodic": () => ({
    url: "/v1/evaluate/periodic",
    body: {
      period: { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
      cases: [
        {
          employee: { id: "199001012015031001", positionKind: "JA" },
          workPlan: {
            results: [
              { id: "r1", kind: "UTAMA", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 25 }] },
            ],
          },
          realizations: [{ indicatorId: "i1", subPeriod: "2026-Q1", value: 25 }],
          periods: [
            {
              subPeriod: "2026-Q1",
              assessments: [
                {
                  source: "SUPERVISOR",
                  resultRating: "SESUAI_EKSPEKTASI",
                  behaviourRating: "SESUAI_EKSPEKTASI",
                },
              ],
            },
          ],
        },
      ],
    },
    owner: false,
  }),
  "POST /v1/agencies": () => ({
    url: "/v1/agencies",
    body: { id: DEMO_AGENCY_ID, name: "Demo", units: [] },
    owner: false,
  }),
  "GET /v1/agencies/:agencyId": () => ({ url: `/v1/agencies/${DEMO_AGENCY_ID}`, owner: false }),
  "PUT /v1/agencies/:agencyId/rule-package": () => ({
    url: `/v1/agencies/${DEMO_AGENCY_ID}/rule-package`,
    body: { id: "permenpanrb-6-2022" },
    owner: false,
  }),
  "PATCH /v1/agencies/:agencyId": () => ({
    url: `/v1/agencies/${DEMO_AGENCY_ID}`,
    body: { name: "Dinas Pendidikan (role matrix)" },
    owner: false,
  }),
  "GET /v1/rule-packages": () => ({ url: "/v1/rule-packages", owner: false }),
  "POST /v1/agencies/:agencyId/units": (w) => ({
    url: `/v1/agencies/${DEMO_AGENCY_ID}/units`,
    body: {
      units: [{ id: "bidang-sd", name: "Bidang Pembinaan Sekolah Dasar", parentId: "dinas", headId: w.S }],
    },
    owner: false,
  }),
  "POST /v1/staff/import": (w) => {
    const t = demoStaff().find((e) => e.id === w.T)!;
    return { url: "/v1/staff/import", body: { employees: [t] }, owner: false };
  },
  "GET /v1/staff": (w) => ({
    url: "/v1/staff?limit=500",
    owner: true,
    marker: `"${w.T}"`,
    narrower: {
      roles: ["EMPLOYEE", "SUPERVISOR", "SUPERVISOR_OF_SUPERVISOR"],
      why: "the staff list is the agency's register (HR_ADMIN, AUDITOR); others read a record by NIP",
    },
  }),
  "GET /v1/staff/:employeeId": (w) => ({ url: `/v1/staff/${w.T}`, owner: true }),
  "POST /v1/periods": () => ({
    url: "/v1/periods",
    body: { name: "Matrix", start: "2030-01-01", end: "2030-12-31" },
    owner: false,
  }),
  "GET /v1/periods": (w) => ({ url: "/v1/periods", owner: false, marker: w.current }),
  "GET /v1/periods/:periodId": (w) => ({ url: `/v1/periods/${w.current}`, owner: false }),
  "POST /v1/periods/:periodId/transitions": (w) => ({
    url: `/v1/periods/${w.current}/transitions`,
    body: { event: "START_EXECUTION" },
    owner: false,
  }),
  "POST /v1/work-plans": (w) => ({
    url: "/v1/work-plans",
    body: { periodId: w.current, employeeId: w.T, plan: simplePlan(w) },
    owner: true,
  }),
  "GET /v1/work-plans": (w) => ({
    url: `/v1/work-plans?periodId=${w.current}&employeeId=${w.T}`,
    owner: true,
    marker: w.tCurrentPlan,
  }),
  "GET /v1/work-plans/:workPlanId": (w) => ({ url: `/v1/work-plans/${w.tCurrentPlan}`, owner: true }),
  "PUT /v1/work-plans/:workPlanId": (w) => ({
    url: `/v1/work-plans/${w.tCurrentPlan}`,
    body: { plan: simplePlan(w) },
    owner: true,
  }),
  "POST /v1/work-plans/:workPlanId/submit": (w) => ({
    url: `/v1/work-plans/${w.tCurrentPlan}/submit`,
    body: {},
    owner: true,
  }),
  "POST /v1/work-plans/:workPlanId/approve": (w) => ({
    url: `/v1/work-plans/${w.tCurrentPlan}/approve`,
    body: {},
    owner: true,
  }),
  "POST /v1/work-plans/:workPlanId/request-revision": (w) => ({
    url: `/v1/work-plans/${w.tCurrentPlan}/request-revision`,
    body: { reason: "matrix" },
    owner: true,
  }),
  "POST /v1/work-plans/:workPlanId/reject": (w) => ({
    url: `/v1/work-plans/${w.tCurrentPlan}/reject`,
    body: { reason: "matrix" },
    owner: true,
  }),
  "POST /v1/work-plans/:workPlanId/amendments": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/amendments`,
    body: { reason: "matrix", plan: w.tCurrentPlanBody },
    owner: true,
  }),
  "GET /v1/work-plans/:workPlanId/amendments": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/amendments`,
    owner: true,
  }),
  "GET /v1/work-plans/:workPlanId/cascade": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/cascade`,
    owner: true,
  }),
  "POST /v1/work-plans/:workPlanId/realizations": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/realizations`,
    body: { indicatorId: `2025-${w.T}-i1`, subPeriod: "2025", value: 11, evidence: [] },
    owner: true,
  }),
  "GET /v1/work-plans/:workPlanId/realizations": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/realizations`,
    owner: true,
  }),
  // Authorised before the body is read: a JSON body is a 415 (or the period's 409) for the owner.
  "POST /v1/work-plans/:workPlanId/realizations/:realizationId/evidence": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/realizations/no-such-realization/evidence`,
    body: {},
    owner: true,
  }),
  "GET /v1/periods/:periodId/team/distribution": (w) => ({
    url: `/v1/periods/${w.past}/team/distribution`,
    owner: false,
    anyActor: true,
  }),
  "GET /v1/work-plans/:workPlanId/evidence/:fileId": (w) => ({
    url: `/v1/work-plans/${w.tPastPlan}/evidence/no-such-file`,
    owner: true,
  }),
  "GET /v1/audit": () => ({ url: "/v1/audit?limit=5", owner: false }),
  "PUT /v1/periods/:periodId/assessments/:employeeId": (w) => ({
    url: `/v1/periods/${w.past}/assessments/${w.T}`,
    body: {
      resultRating: "SESUAI_EKSPEKTASI",
      behaviourRating: "SESUAI_EKSPEKTASI",
      justification: "matrix",
    },
    owner: true,
  }),
  "POST /v1/periods/:periodId/feedback-requests": (w) => ({
    url: `/v1/periods/${w.past}/feedback-requests`,
    body: { employeeId: w.T, source: "PUBLIC" },
    owner: true,
  }),
  "GET /v1/feedback-requests/assigned": () => ({
    url: "/v1/feedback-requests/assigned",
    owner: false,
    anyActor: true,
  }),
  "POST /v1/feedback-requests/:requestId/answers": (w) => ({
    url: `/v1/feedback-requests/${w.peerRequest}/answers`,
    body: { resultRating: "SESUAI_EKSPEKTASI", behaviour: {} },
    owner: true,
    narrower: {
      roles: ["EMPLOYEE"],
      why: "a request is answered by the rater it names only; the employee's own view is the SELF source, not a peer's request",
    },
  }),
  "POST /v1/feedback-requests/:requestId/close": (w) => ({
    url: `/v1/feedback-requests/${w.peerRequest}/close`,
    body: {},
    owner: true,
  }),
  "POST /v1/feedback-requests/:requestId/links": (w) => ({
    url: `/v1/feedback-requests/${w.publicRequest}/links`,
    body: { count: 1 },
    owner: true,
  }),
  "GET /v1/periods/:periodId/employees/:employeeId/feedback": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/feedback`,
    owner: true,
  }),
  "POST /v1/periods/:periodId/employees/:employeeId/feedback/:source/close": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/feedback/SUBORDINATE/close`,
    body: {},
    owner: true,
  }),
  "GET /v1/periods/:periodId/employees/:employeeId/feedback/:source": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/feedback/PEER`,
    owner: true,
  }),
  "GET /v1/periods/:periodId/assessments": (w) => ({
    url: `/v1/periods/${w.past}/assessments`,
    owner: true,
    marker: `"${w.T}"`,
  }),
  "GET /v1/periods/:periodId/assessments/:employeeId": (w) => ({
    url: `/v1/periods/${w.past}/assessments/${w.T}`,
    owner: true,
  }),
  "GET /v1/periods/:periodId/employees/:employeeId/periodic-results": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/periodic-results`,
    owner: true,
  }),
  "POST /v1/periods/:periodId/assessments/:employeeId/preview": (w) => ({
    url: `/v1/periods/${w.past}/assessments/${w.T}/preview`,
    owner: true,
  }),
  "POST /v1/periods/:periodId/assessments/:employeeId/finalise": (w) => ({
    url: `/v1/periods/${w.past}/assessments/${w.T}/finalise`,
    body: {},
    owner: true,
  }),
  "POST /v1/periods/:periodId/assessments/:employeeId/reopen": (w) => ({
    url: `/v1/periods/${w.past}/assessments/${w.T}/reopen`,
    body: { reason: "matrix" },
    owner: true,
  }),
  "DELETE /v1/periods/:periodId/assessments/:employeeId": async (_w, fresh) => ({
    url: await fresh.draftAssessment(),
    owner: true,
  }),
  "PUT /v1/periods/:periodId/employees/:employeeId/self-assessment": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/self-assessment`,
    body: { behaviourRating: "SESUAI_EKSPEKTASI", comments: "matrix" },
    owner: true,
  }),
  "GET /v1/periods/:periodId/employees/:employeeId/self-assessment": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/self-assessment`,
    owner: true,
    facts: { feedbackSource: "SELF" },
  }),
  "POST /v1/periods/:periodId/employees/:employeeId/periodic-feedback": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/periodic-feedback`,
    body: { subPeriod: "2025", text: "matrix" },
    owner: true,
  }),
  "GET /v1/periods/:periodId/employees/:employeeId/periodic-feedback": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/periodic-feedback`,
    owner: true,
    facts: { feedbackSource: "SUPERVISOR" },
  }),
  "PUT /v1/periods/:periodId/employees/:employeeId/periodic-feedback/:feedbackId": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/periodic-feedback/${w.periodicFeedback}`,
    body: { subPeriod: "2025", text: "matrix, corrected" },
    owner: true,
  }),
  "POST /v1/periods/:periodId/employees/:employeeId/periodic-feedback/:feedbackId/acknowledge": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/periodic-feedback/${w.periodicFeedback}/acknowledge`,
    body: {},
    owner: true,
  }),
  "GET /v1/periods/:periodId/assessments/:employeeId/explanation": (w) => ({
    url: `/v1/periods/${w.past}/assessments/${w.T}/explanation`,
    owner: true,
  }),
  "PUT /v1/periods/:periodId/units/:unitId/organisation-result": (w) => ({
    url: `/v1/periods/${w.past}/units/bidang-sd/organisation-result`,
    body: { predikat: "ISTIMEWA" },
    owner: false,
  }),
  "GET /v1/periods/:periodId/units/:unitId/calibration": (w) => ({
    url: `/v1/periods/${w.past}/units/bidang-sd/calibration`,
    owner: false,
  }),
  "POST /v1/periods/:periodId/units/:unitId/calibration/changes": (w) => ({
    url: `/v1/periods/${w.past}/units/bidang-sd/calibration/changes`,
    body: { changes: [{ employeeId: w.T, to: "BAIK", reason: "matrix" }] },
    owner: true,
  }),
  "GET /v1/periods/:periodId/units/:unitId/calibration/changes": (w) => ({
    url: `/v1/periods/${w.past}/units/bidang-sd/calibration/changes`,
    owner: false,
  }),
  "GET /v1/periods/:periodId/employees/:employeeId/follow-up": (w) => ({
    url: `/v1/periods/${w.past}/employees/${w.T}/follow-up`,
    owner: true,
  }),
  "GET /v1/periods/:periodId/exports/results": (w) => ({
    url: `/v1/periods/${w.past}/exports/results`,
    owner: false,
  }),
  "GET /v1/periods/:periodId/exports/siasn": (w) => ({
    url: `/v1/periods/${w.past}/exports/siasn`,
    owner: false,
  }),
  "GET /v1/export-mappings/siasn": () => ({ url: "/v1/export-mappings/siasn", owner: false }),
  "PUT /v1/export-mappings/siasn": () => ({
    url: "/v1/export-mappings/siasn",
    body: {
      mapping: {
        ratingCodes: { DI_ATAS_EKSPEKTASI: "1", SESUAI_EKSPEKTASI: "2", DI_BAWAH_EKSPEKTASI: "3" },
        quadrantCodes: {
          SANGAT_BAIK: "1",
          BAIK: "2",
          BUTUH_PERBAIKAN: "3",
          KURANG_MISCONDUCT: "4",
          SANGAT_KURANG: "5",
        },
      },
    },
    owner: false,
  }),
  "POST /v1/webhooks": () => ({
    url: "/v1/webhooks",
    body: { url: "https://hooks.example.go.id/kinerja", eventTypes: ["*"] },
    owner: false,
  }),
  "GET /v1/webhooks": () => ({ url: "/v1/webhooks", owner: false }),
  "GET /v1/webhooks/:id": (w) => ({ url: `/v1/webhooks/${w.webhook}`, owner: false }),
  "PATCH /v1/webhooks/:id": (w) => ({
    url: `/v1/webhooks/${w.webhook}`,
    body: { description: "matrix" },
    owner: false,
  }),
  "PUT /v1/webhooks/:id": (w) => ({
    url: `/v1/webhooks/${w.webhook}`,
    body: { description: "matrix" },
    owner: false,
  }),
  "POST /v1/webhooks/:id/rotate-secret": (w) => ({
    url: `/v1/webhooks/${w.webhook}/rotate-secret`,
    body: {},
    owner: false,
  }),
  "DELETE /v1/webhooks/:id": async (_w, fresh) => ({
    url: `/v1/webhooks/${await fresh.webhook()}`,
    owner: false,
  }),
  "GET /v1/webhooks/:id/deliveries": (w) => ({ url: `/v1/webhooks/${w.webhook}/deliveries`, owner: false }),
  "POST /v1/webhooks/:id/deliveries/:deliveryId/retry": (w) => ({
    url: `/v1/webhooks/${w.webhook}/deliveries/00000000-0000-4000-8000-000000000000/retry`,
    body: {},
    owner: false,
  }),
};

describe("role × route", () => {
  let t: TestApp;
  let w: World;
  const headers = (sub: string, roles: readonly Role[], agency = DEMO_AGENCY_ID) =>
    t.authHeader({ sub, roles, agency });

  beforeAll(async () => {
    t = await testApp();
    await seedDemo(t.app, { sign: (claims) => t.tokenFor(claims) });
    const staff = demoStaff();
    const field = staff.filter((e) => e.unitId === "bidang-sd" && !e.isUnitHead);
    // field[0]'s peer round is closed by the demo; field[1] still has open rounds.
    const T = field[1]!.id;
    const S = field[1]!.supervisorId!;
    const SS = staff.find((e) => e.id === S)!.supervisorId!;
    const P = field[4]!.id;
    const AUD = staff.find(
      (e) => e.unitId === "sekretariat" && !e.isUnitHead && e.id !== DEMO_HR_ADMIN_ID,
    )!.id;
    const hr = headers(DEMO_HR_ADMIN_ID, ["HR_ADMIN", "EMPLOYEE"]);
    const get = async (url: string) => (await t.app.inject({ method: "GET", url, headers: hr })).json();
    const periods = (await get("/v1/periods")).items as { id: string; state: string }[];
    const past = periods.find((p) => p.state === "ASSESSMENT")!.id;
    const current = periods.find((p) => p.state === "PLANNING")!.id;
    const planOf = async (period: string) =>
      (await get(`/v1/work-plans?periodId=${period}&employeeId=${T}`)).items[0];
    const pastPlan = await planOf(past);
    const currentPlan = await planOf(current);
    const ask = async (body: unknown) => {
      const res = await t.app.inject({
        method: "POST",
        url: `/v1/periods/${past}/feedback-requests`,
        headers: headers(S, ["EMPLOYEE"]),
        payload: body as object,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().requests[0].id as string;
    };
    const peerRequest = await ask({ employeeId: T, source: "PEER", raterIds: [P] });
    const publicRequest = await ask({ employeeId: T, source: "PUBLIC" });
    const feedback = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${past}/employees/${T}/periodic-feedback`,
      headers: headers(S, ["EMPLOYEE"]),
      payload: { subPeriod: "2025", text: "matrix" },
    });
    expect(feedback.statusCode, feedback.body).toBe(201);
    let webhook: string | undefined;
    if (t.app.routeCatalog.some((r) => r.method === "POST" && r.url === "/v1/webhooks")) {
      const res = await t.app.inject({
        method: "POST",
        url: "/v1/webhooks",
        headers: hr,
        payload: { url: "https://hooks.example.go.id/kinerja", eventTypes: ["*"] },
      });
      expect(res.statusCode, res.body).toBe(201);
      webhook = res.json().id;
    }
    w = {
      T,
      S,
      SS,
      P,
      HR: DEMO_HR_ADMIN_ID,
      AUD,
      past,
      current,
      tPastPlan: pastPlan.id,
      tCurrentPlan: currentPlan.id,
      tCurrentPlanBody: currentPlan.plan,
      peerRequest,
      publicRequest,
      periodicFeedback: feedback.json().id,
      ...(webhook ? { webhook } : {}),
    };
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  const fresh: Fresh = {
    async webhook() {
      const res = await t.app.inject({
        method: "POST",
        url: "/v1/webhooks",
        headers: headers(DEMO_HR_ADMIN_ID, ["HR_ADMIN"]),
        payload: { url: "https://hooks.example.go.id/kinerja", eventTypes: ["*"] },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    },
    async draftAssessment() {
      const hr = headers(DEMO_HR_ADMIN_ID, ["HR_ADMIN"]);
      if (withdrawPeriod === undefined) {
        const created = await t.app.inject({
          method: "POST",
          url: "/v1/periods",
          headers: hr,
          payload: { name: "Matrix withdraw", start: "2031-01-01", end: "2031-12-31" },
        });
        expect(created.statusCode, created.body).toBe(201);
        const id = created.json().id as string;
        let version = created.json().version as number;
        for (const event of ["START_PLANNING", "START_EXECUTION", "START_ASSESSMENT"]) {
          const moved = await t.app.inject({
            method: "POST",
            url: `/v1/periods/${id}/transitions`,
            headers: hr,
            payload: { event, version },
          });
          expect(moved.statusCode, moved.body).toBe(200);
          version = moved.json().version;
        }
        withdrawPeriod = id;
      }
      const url = `/v1/periods/${withdrawPeriod}/assessments/${w.T}`;
      const draft = await t.app.inject({
        method: "PUT",
        url,
        headers: headers(w.S, ["EMPLOYEE"]),
        payload: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
      });
      expect(draft.statusCode, draft.body).toBeLessThan(300);
      return `${url}?version=${draft.json().version}`;
    },
  };
  let withdrawPeriod: string | undefined;

  /** The actor that holds `role` on T's records, with the token roles such a person has. */
  function actorFor(role: Role): { id: string; roles: Role[] } {
    switch (role) {
      case "EMPLOYEE":
        return { id: w.T, roles: ["EMPLOYEE"] };
      case "SUPERVISOR":
        return { id: w.S, roles: ["EMPLOYEE"] };
      case "SUPERVISOR_OF_SUPERVISOR":
        return { id: w.SS, roles: ["EMPLOYEE"] };
      case "PEER":
        return { id: w.P, roles: ["EMPLOYEE"] };
      case "HR_ADMIN":
        return { id: w.HR, roles: ["HR_ADMIN"] };
      case "AUDITOR":
        return { id: w.AUD, roles: ["AUDITOR"] };
    }
  }

  function resourceFor(action: Action, sample: Sample): Resource {
    const base = { kind: actionKind(action), agencyId: DEMO_AGENCY_ID };
    if (!sample.owner) return base;
    return {
      ...base,
      ...sample.facts,
      ownerId: w.T,
      supervisorChain: [w.S, w.SS],
      assignedRaterIds: [w.P],
      feedbackAnswerCount: 3,
    };
  }

  test("every /v1 route declares a policy action and has a sample here", () => {
    const problems: string[] = [];
    for (const route of t.app.routeCatalog) {
      if (!route.url.startsWith("/v1")) continue;
      const key = `${route.method} ${route.url}`;
      if (route.action === undefined || !(ACTIONS as readonly string[]).includes(route.action)) {
        problems.push(`${key}: config.action ${route.action ?? "(none)"} is not a core policy action`);
      }
      if (route.auth && SAMPLES[key] === undefined)
        problems.push(`${key}: no sample request in role-matrix.test.ts`);
    }
    expect(problems).toEqual([]);
  });

  test("public routes answer without a token and never with another's data", async () => {
    const publicRoutes = t.app.routeCatalog.filter((r) => r.url.startsWith("/v1") && !r.auth);
    for (const route of publicRoutes) {
      const url = route.url.replace(/:(\w+)/g, "A".repeat(43));
      const res = await t.app.inject({
        method: route.method as "GET",
        url,
        ...(route.method === "GET" ? {} : { payload: {} }),
      });
      expect([400, 404, 410], `${route.method} ${route.url}: ${res.body}`).toContain(res.statusCode);
    }
  });

  describe.each(ROLES.map((r) => [r]))("%s", (role) => {
    test("gets exactly what the policy table allows on every route", async () => {
      const mismatches: string[] = [];
      let tested = 0;
      const routes = t.app.routeCatalog.filter(
        (r) => r.url.startsWith("/v1") && r.auth && r.action !== undefined,
      );
      for (const route of routes) {
        const key = `${route.method} ${route.url}`;
        const make = SAMPLES[key];
        if (!make) continue;
        const sample = await make(w, fresh);
        const action = route.action as Action;
        const actor = actorFor(role);
        const allowed = can({ ...actor, agencyId: DEMO_AGENCY_ID }, action, resourceFor(action, sample));
        const narrowed = sample.narrower?.roles.includes(role) ?? false;
        const res = await t.app.inject({
          method: route.method as "GET",
          url: sample.url,
          headers: headers(actor.id, actor.roles),
          ...(sample.body === undefined ? {} : { payload: sample.body as object }),
        });
        tested += 1;
        const status = res.statusCode;
        const where = `${key} as ${role} (${actor.id}): ${status} ${res.body.slice(0, 200)}`;
        if (status >= 500 || status === 401) {
          mismatches.push(`${where} — never expected`);
          continue;
        }
        if (sample.anyActor) {
          if (status !== 200) mismatches.push(`${where} — any actor should get 200`);
          continue;
        }
        if (sample.marker !== undefined) {
          const sees = status === 200 && res.body.includes(sample.marker);
          if (allowed && !narrowed && !sees)
            mismatches.push(`${where} — allowed: the list should include ${sample.marker}`);
          if (narrowed && sees)
            mismatches.push(`${where} — narrower route: the list should leave ${sample.marker} out`);
          if (!allowed && sees)
            mismatches.push(`${where} — denied: the list must leave ${sample.marker} out`);
          if (!allowed && status !== 200 && status !== 403)
            mismatches.push(`${where} — denied: expected 403 or a list without it`);
          continue;
        }
        if (allowed && !narrowed && status === 403) mismatches.push(`${where} — the policy allows this`);
        if (!allowed && status !== 403) mismatches.push(`${where} — the policy denies this: expected 403`);
        if (narrowed && status !== 403) mismatches.push(`${where} — narrower route: expected 403`);
      }
      expect(mismatches).toEqual([]);
      expect(tested).toBe(routes.length);
    }, 120_000);
  });

  test("no one acts on their own record with a higher role: T holding every token role is only EMPLOYEE there", async () => {
    const everything: Role[] = ["HR_ADMIN", "AUDITOR", "EMPLOYEE"];
    const asEmployee = { id: w.T, agencyId: DEMO_AGENCY_ID, roles: ["EMPLOYEE"] as Role[] };
    const mismatches: string[] = [];
    const writes = t.app.routeCatalog.filter(
      (r) => r.url.startsWith("/v1") && r.auth && r.action !== undefined && r.method !== "GET",
    );
    let owned = 0;
    for (const route of writes) {
      const make = SAMPLES[`${route.method} ${route.url}`];
      if (!make) continue;
      const sample = await make(w, fresh);
      if (!sample.owner) continue;
      owned += 1;
      const action = route.action as Action;
      const allowed = can(asEmployee, action, resourceFor(action, sample));
      const res = await t.app.inject({
        method: route.method as "POST",
        url: sample.url,
        headers: headers(w.T, everything),
        ...(sample.body === undefined ? {} : { payload: sample.body as object }),
      });
      const where = `${route.method} ${route.url} as T with ${everything.join("+")}: ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (res.statusCode >= 500 || res.statusCode === 401) mismatches.push(`${where} — never expected`);
      else if (!allowed && res.statusCode !== 403)
        mismatches.push(`${where} — only EMPLOYEE here: expected 403`);
      else if (allowed && res.statusCode === 403 && !sample.narrower?.roles.includes("EMPLOYEE"))
        mismatches.push(`${where} — an EMPLOYEE may do this on their own record`);
    }
    expect(mismatches).toEqual([]);
    // Calibration, finalise, reopen, approve and feedback about oneself are among them.
    expect(owned).toBeGreaterThanOrEqual(15);
  }, 120_000);

  test("an HR admin cannot calibrate their own grade, nor change their own staff record", async () => {
    const hrAsOwner = headers(w.HR, ["HR_ADMIN", "EMPLOYEE"]);
    const calibrate = await t.app.inject({
      method: "POST",
      url: `/v1/periods/${w.past}/units/sekretariat/calibration/changes`,
      headers: hrAsOwner,
      payload: { changes: [{ employeeId: w.HR, to: "SANGAT_BAIK", reason: "self" }] },
    });
    expect(calibrate.statusCode, calibrate.body).toBe(403);
    const me = demoStaff().find((e) => e.id === w.HR)!;
    const promote = await t.app.inject({
      method: "POST",
      url: "/v1/staff/import",
      headers: hrAsOwner,
      payload: { employees: [{ ...me, functionalLevel: "AHLI_UTAMA", positionKind: "JF" }] },
    });
    expect(promote.statusCode, promote.body).toBe(400);
    expect(promote.body).toMatch(/your own staff record/);
  });

  test("another agency's HR_ADMIN gets 404 and none of this agency's data", async () => {
    const other = headers("198001012000011001", ["HR_ADMIN", "EMPLOYEE"], "other-agency");
    const leaks: string[] = [];
    for (const route of t.app.routeCatalog.filter((r) => r.url.startsWith("/v1") && r.auth)) {
      const make = SAMPLES[`${route.method} ${route.url}`];
      if (!make) continue;
      const sample = await make(w, fresh);
      const res = await t.app.inject({
        method: route.method as "GET",
        url: sample.url,
        headers: other,
        ...(sample.body === undefined ? {} : { payload: sample.body as object }),
      });
      const where = `${route.method} ${route.url}: ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (res.statusCode >= 500) leaks.push(`${where} — 5xx`);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      if (ok && (res.body.includes(w.T) || res.body.includes(w.past) || res.body.includes(w.tCurrentPlan))) {
        leaks.push(`${where} — shows this agency's data`);
      }
      const addressesRecord = /:(agencyId|periodId|employeeId|workPlanId|requestId|id|unitId)\b/.test(
        route.url,
      );
      if (addressesRecord && res.statusCode !== 404) leaks.push(`${where} — expected 404`);
      if (
        res.statusCode >= 200 &&
        res.statusCode < 300 &&
        route.method !== "GET" &&
        route.url !== "/v1/evaluate" &&
        route.url !== "/v1/evaluate/periodic"
      ) {
        leaks.push(`${where} — changed something across agencies`);
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});

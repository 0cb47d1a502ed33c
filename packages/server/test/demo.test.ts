import type { Role } from "@kinerja/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_AGENCY_ID, DEMO_HR_ADMIN_ID, type DemoSummary, demoStaff, seedDemo } from "../src/demo";
import { type TestApp, testApp } from "./helpers/app";

describe("the demo agency", () => {
  let t: TestApp;
  let summary: DemoSummary;
  const as = (sub: string, roles: readonly Role[] = ["EMPLOYEE"]) =>
    t.authHeader({ sub, roles, agency: DEMO_AGENCY_ID });
  const hr = () => as(DEMO_HR_ADMIN_ID, ["HR_ADMIN", "EMPLOYEE"]);
  const get = async (url: string, headers = hr()) => {
    const res = await t.app.inject({ method: "GET", url, headers });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await testApp();
    summary = await seedDemo(t.app, { sign: (claims) => t.tokenFor(claims) });
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  test("is seeded through the API: units, about 50 staff with reporting lines, the default rule package", async () => {
    expect(summary.created).toBe(true);
    expect(summary.staff).toBe(demoStaff().length);
    expect(summary.staff).toBeGreaterThanOrEqual(45);
    const agency = await get(`/v1/agencies/${DEMO_AGENCY_ID}`);
    expect(agency.units).toHaveLength(5);
    expect(agency.rulePackage.id).toBe("permenpanrb-6-2022");
    const staff = await get("/v1/staff?limit=500");
    expect(staff.items).toHaveLength(summary.staff);
    expect(staff.items.filter((e: { supervisorId?: string }) => e.supervisorId === undefined)).toHaveLength(
      1,
    );
  });

  test("every change went through the API and is in the audit log", async () => {
    const audit = await get("/v1/audit?limit=500");
    expect(audit.items.length).toBeGreaterThan(100);
  });

  test("the current period is in PLANNING with plans in every state", async () => {
    const period = await get(`/v1/periods/${summary.currentPeriodId}`);
    expect(period.state).toBe("PLANNING");
    const plans = await get(`/v1/work-plans?periodId=${summary.currentPeriodId}&limit=500`);
    const states = new Set(plans.items.map((p: { state: string }) => p.state));
    expect([...states].sort()).toEqual(["APPROVED", "DRAFT", "REVISION_REQUESTED", "SUBMITTED"]);
  });

  test("the past period waits in ASSESSMENT with final and draft assessments, realisations and feedback", async () => {
    const period = await get(`/v1/periods/${summary.pastPeriodId}`);
    expect(period.state).toBe("ASSESSMENT");
    const assessments = await get(`/v1/periods/${summary.pastPeriodId}/assessments`);
    const drafts = assessments.items
      .filter((a: { status: string }) => a.status === "DRAFT")
      .map((a: { employeeId: string }) => a.employeeId);
    expect(drafts.sort()).toEqual([...summary.draftAssessments].sort());
    expect(assessments.items.filter((a: { status: string }) => a.status === "FINAL").length).toBeGreaterThan(
      40,
    );
    const plans = await get(
      `/v1/work-plans?periodId=${summary.pastPeriodId}&employeeId=${summary.sampleEmployeeId}`,
    );
    const realizations = await get(
      `/v1/work-plans/${plans.items[0].id}/realizations`,
      as(summary.sampleEmployeeId!),
    );
    expect(realizations.items).toHaveLength(3);
    const feedback = await get(
      `/v1/periods/${summary.pastPeriodId}/employees/${summary.sampleEmployeeId}/feedback/PEER`,
      as(summary.sampleSupervisorId!),
    );
    expect(feedback.answers).toBe(3);
    const explanation = await get(
      `/v1/periods/${summary.pastPeriodId}/assessments/${summary.sampleEmployeeId}/explanation`,
      as(summary.sampleEmployeeId!),
    );
    expect(JSON.stringify(explanation)).toContain("permenpanrb-6-2022");
  });

  test("the sample employee has a self-assessment in the case and acknowledged periodic feedback", async () => {
    const base = `/v1/periods/${summary.pastPeriodId}/employees/${summary.sampleEmployeeId}`;
    const self = await get(`${base}/self-assessment`, as(summary.sampleSupervisorId!));
    expect(self).toMatchObject({ source: "SELF", behaviourRating: "DI_ATAS_EKSPEKTASI" });
    const feedback = await get(`${base}/periodic-feedback`, as(summary.sampleEmployeeId!));
    expect(feedback.items).toEqual([
      expect.objectContaining({
        subPeriod: "2025",
        authorId: summary.sampleSupervisorId,
        acknowledgedAt: expect.any(String),
      }),
    ]);
    const explanation = await get(
      `/v1/periods/${summary.pastPeriodId}/assessments/${summary.sampleEmployeeId}/explanation`,
      as(summary.sampleEmployeeId!),
    );
    const suggestion = explanation.explanation.find((step: { rule: string }) =>
      step.rule.endsWith("suggestion/behaviour"),
    );
    expect(JSON.stringify(suggestion.inputs)).toContain('"source":"SELF"');
  });

  test("a newcomer can finish the cycle by hand: finalise the drafts, calibrate, close", async () => {
    const staff = new Map(demoStaff().map((e) => [e.id, e]));
    for (const id of summary.draftAssessments) {
      const res = await t.app.inject({
        method: "POST",
        url: `/v1/periods/${summary.pastPeriodId}/assessments/${id}/finalise`,
        headers: as(staff.get(id)!.supervisorId!),
        payload: {},
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const transition = (event: string) =>
      t.app.inject({
        method: "POST",
        url: `/v1/periods/${summary.pastPeriodId}/transitions`,
        headers: hr(),
        payload: { event },
      });
    expect((await transition("START_CALIBRATION")).statusCode).toBe(200);
    const calibration = await get(`/v1/periods/${summary.pastPeriodId}/units/bidang-sd/calibration`);
    expect(calibration.organisation.predikat).toBe("ISTIMEWA");
    expect(calibration.members.length).toBeGreaterThan(5);
    const close = await transition("CLOSE");
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json().state).toBe("CLOSED");
  });

  test("seeding again changes nothing", async () => {
    const before = await get("/v1/audit?limit=500");
    const again = await seedDemo(t.app, { sign: (claims) => t.tokenFor(claims) });
    expect(again.created).toBe(false);
    const after = await get("/v1/audit?limit=500");
    expect(after.items.length).toBe(before.items.length);
  });
});

import type { Role } from "@kinerja/core";
import { parse } from "csv-parse/sync";
import { expect, test } from "vitest";
import { defaultRegistry } from "../src/registry";
import { createWebhookDispatcher, verifyWebhookSignature } from "../src/webhooks";
import { testApp } from "./helpers/app";
import { describeEachDatabase } from "./helpers/databases";

/**
 * The whole cycle through the HTTP API, as an agency would run it, on PGlite and on PostgreSQL:
 * agency → staff import → period → plans → approval → realisations → feedback → assessment →
 * calibration → close → reopen, with the default rule package `permenpanrb-6-2022`, webhooks
 * receiving the events, and the SIASN export at the end.
 */

const AGENCY = "disdik-kota";
const NIP = {
  kepala: "196801011990031001",
  kabid: "197501012000031002",
  staff: [
    "199001012015031003",
    "199102022015032004",
    "199203032016031005",
    "199304042016032006",
    "199405052017031007",
  ],
} as const;

const STAFF_CSV = [
  "nip,name,positionKind,structural,functionalLevel,isUnitHead,unitId,unitName,supervisorId,attr.siasnId,attr.golongan,attr.jabatan",
  `${NIP.kepala},Kepala Dinas,JPT,true,,true,u-dinas,Dinas Pendidikan,,S-0,IV/c,Kepala Dinas`,
  `${NIP.kabid},Kepala Bidang SD,JA,true,,true,u-sd,Bidang Sekolah Dasar,${NIP.kepala},S-1,IV/a,Kepala Bidang`,
  ...NIP.staff.map(
    (nip, i) =>
      `${nip},Staf ${i + 1},JF,false,AHLI_PERTAMA,false,u-sd,Bidang Sekolah Dasar,${NIP.kabid},S-${i + 2},III/b,Pengawas`,
  ),
].join("\n");

/** Realised counts of the staff against a target of 12 reports: 108 %, 100 %, 100 %, 92 %, 58 % capaian. */
const REALISED = [13, 12, 12, 11, 7];

describeEachDatabase("full cycle", (dbs) => {
  test("agency → import → period → plans → realisations → feedback → assessment → calibration → close → reopen", async () => {
    const database = await dbs.fresh();
    let now = new Date("2026-01-05T01:00:00Z");
    let ids = 0;
    const t = await testApp({
      database,
      clock: () => now,
      newId: () => {
        ids += 1;
        return `id-${String(ids).padStart(6, "0")}`;
      },
    });
    try {
      const auth = (sub: string, roles: Role[] = ["EMPLOYEE"]) =>
        t.authHeader({ sub, roles, agency: AGENCY });
      const hr = auth("hr-1", ["HR_ADMIN"]);
      const call = async (
        method: "GET" | "POST" | "PUT",
        url: string,
        headers: Record<string, string>,
        payload?: object,
        status?: number,
      ) => {
        const response = await t.app.inject({
          method,
          url,
          headers,
          ...(payload === undefined ? {} : { payload }),
        });
        if (status !== undefined)
          expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
        return response;
      };
      const transition = async (periodId: string, event: string, extra: Record<string, unknown> = {}) =>
        (await call("POST", `/v1/periods/${periodId}/transitions`, hr, { event, ...extra }, 200)).json();

      // Agency, webhook subscription and staff.
      const pkg = defaultRegistry().resolve("permenpanrb-6-2022");
      await call(
        "POST",
        "/v1/agencies",
        hr,
        {
          id: AGENCY,
          name: "Dinas Pendidikan Kota",
          // A unit of six is below the default minPoolSize (10), which only warns and proposes
          // nothing; this cycle calibrates it, so the agency configures proposals for every unit.
          rulePackage: { id: pkg.id, version: pkg.version, config: { distribution: { minPoolSize: 0 } } },
        },
        201,
      );
      const subscription = (
        await call(
          "POST",
          "/v1/webhooks",
          hr,
          { url: "https://hris.example/kinerja", eventTypes: ["*"] },
          201,
        )
      ).json();
      const imported = await t.app.inject({
        method: "POST",
        url: "/v1/staff/import",
        headers: { ...hr, "content-type": "text/csv" },
        payload: STAFF_CSV,
      });
      expect(imported.statusCode, imported.body).toBe(200);

      // Period; planning pins the rule package.
      const period = (
        await call(
          "POST",
          "/v1/periods",
          hr,
          { name: "SKP 2026", start: "2026-01-01", end: "2026-12-31", cadence: "ANNUAL" },
          201,
        )
      ).json();
      const p = period.id as string;
      expect((await transition(p, "START_PLANNING")).rulePackage).toMatchObject({
        id: pkg.id,
        version: pkg.version,
      });

      // Plans: the head of the field first, then the staff, cascading from it; approval by the superior.
      const planOf = (prefix: string, parentResultId?: string) => ({
        approach: "KUANTITATIF",
        results: [
          {
            id: `${prefix}-r1`,
            kind: "UTAMA",
            ...(parentResultId ? { parentResultId } : {}),
            indicators: [{ id: `${prefix}-i1`, aspect: "KUANTITAS", target: 12, unit: "laporan" }],
          },
        ],
      });
      const approvedPlan = async (nip: string, approver: string, plan: unknown) => {
        const drafted = (await call("POST", "/v1/work-plans", auth(nip), { periodId: p, plan }, 201)).json();
        await call("POST", `/v1/work-plans/${drafted.id}/submit`, auth(nip), {}, 200);
        await call("POST", `/v1/work-plans/${drafted.id}/approve`, auth(nip), {}, 403);
        await call("POST", `/v1/work-plans/${drafted.id}/approve`, auth(approver), {}, 200);
        return drafted.id as string;
      };
      const kabidPlan = await approvedPlan(NIP.kabid, NIP.kepala, planOf("kabid"));
      const staffPlans: string[] = [];
      for (const [i, nip] of NIP.staff.entries())
        staffPlans.push(await approvedPlan(nip, NIP.kabid, planOf(`s${i + 1}`, "kabid-r1")));
      await transition(p, "START_EXECUTION");

      // Realisations with evidence.
      now = new Date("2026-11-30T01:00:00Z");
      await call(
        "POST",
        `/v1/work-plans/${kabidPlan}/realizations`,
        auth(NIP.kabid),
        { indicatorId: "kabid-i1", subPeriod: "2026", value: 12 },
        201,
      );
      for (const [i, nip] of NIP.staff.entries()) {
        await call(
          "POST",
          `/v1/work-plans/${staffPlans[i]}/realizations`,
          auth(nip),
          {
            indicatorId: `s${i + 1}-i1`,
            subPeriod: "2026",
            value: REALISED[i],
            evidence: [{ kind: "LINK", url: `https://dms.example/${nip}/laporan-2026` }],
          },
          201,
        );
      }

      // Feedback: three peers answer anonymously about the first staff member; the public through a link.
      const [s1, s2, s3, s4, s5] = NIP.staff;
      const peers = (
        await call(
          "POST",
          `/v1/periods/${p}/feedback-requests`,
          auth(NIP.kabid),
          { employeeId: s1, source: "PEER", raterIds: [s2, s3, s4] },
          201,
        )
      ).json().requests as { id: string; raterId: string }[];
      for (const request of peers) {
        await call(
          "POST",
          `/v1/feedback-requests/${request.id}/answers`,
          auth(request.raterId),
          { behaviourRating: "DI_ATAS_EKSPEKTASI", behaviour: { KOLABORATIF: 90 } },
          201,
        );
      }
      await call("GET", `/v1/periods/${p}/employees/${s1}/feedback/PEER`, auth(s1), undefined, 409);
      await call(
        "POST",
        `/v1/periods/${p}/employees/${s1}/feedback/PEER/close`,
        auth(NIP.kabid),
        undefined,
        200,
      );
      const aggregate = (
        await call("GET", `/v1/periods/${p}/employees/${s1}/feedback/PEER`, auth(s1), undefined, 200)
      ).json();
      expect(aggregate).toMatchObject({
        answers: 3,
        behaviourRating: { DI_ATAS_EKSPEKTASI: 3 },
        behaviour: { KOLABORATIF: { mean: 90 } },
      });
      expect(JSON.stringify(aggregate)).not.toMatch(new RegExp(`${s2}|${s3}|${s4}`));
      const publicRequest = (
        await call(
          "POST",
          `/v1/periods/${p}/feedback-requests`,
          auth(NIP.kabid),
          { employeeId: s2, source: "PUBLIC" },
          201,
        )
      ).json().requests[0];
      const [link] = (
        await call(
          "POST",
          `/v1/feedback-requests/${publicRequest.id}/links`,
          auth(NIP.kabid),
          { count: 1 },
          201,
        )
      ).json().links;
      await call("POST", link.path, {}, { behaviourRating: "SESUAI_EKSPEKTASI" }, 201);
      await call("POST", link.path, {}, { behaviourRating: "SESUAI_EKSPEKTASI" }, 409);

      // Assessment.
      await transition(p, "START_ASSESSMENT");
      await call("PUT", `/v1/periods/${p}/units/u-sd/organisation-result`, hr, { predikat: "BAIK" }, 201);
      for (const nip of NIP.staff) {
        await call(
          "PUT",
          `/v1/periods/${p}/assessments/${nip}`,
          auth(NIP.kabid),
          {
            resultRating: "SESUAI_EKSPEKTASI",
            behaviourRating: "SESUAI_EKSPEKTASI",
            justification:
              nip === s5 ? "Capaian 58 %, tetapi beban kerja bertambah karena tugas tambahan." : undefined,
          },
          201,
        );
      }
      await call(
        "PUT",
        `/v1/periods/${p}/assessments/${NIP.kabid}`,
        auth(NIP.kepala),
        { behaviourRating: "SESUAI_EKSPEKTASI" },
        201,
      );
      const preview = (
        await call("POST", `/v1/periods/${p}/assessments/${s1}/preview`, auth(NIP.kabid), undefined, 200)
      ).json();
      expect(preview.result.grade).toBe("BAIK");
      await call("POST", `/v1/periods/${p}/assessments/${s1}/finalise`, auth(NIP.kabid), undefined, 200);
      await call("POST", `/v1/periods/${p}/transitions`, hr, { event: "START_CALIBRATION" }, 409);
      for (const nip of [s2, s3, s4, s5])
        await call("POST", `/v1/periods/${p}/assessments/${nip}/finalise`, auth(NIP.kabid), undefined, 200);
      const head = (
        await call(
          "POST",
          `/v1/periods/${p}/assessments/${NIP.kabid}/finalise`,
          auth(NIP.kepala),
          undefined,
          200,
        )
      ).json();
      expect(head.result.ratings.resultRating).toBe("SESUAI_EKSPEKTASI");
      const explanation = (
        await call("GET", `/v1/periods/${p}/assessments/${s1}/explanation`, auth(s1), undefined, 200)
      ).json();
      expect(explanation.basis).toBe("FINAL");
      expect(explanation.explanation.length).toBeGreaterThan(1);
      for (const step of explanation.explanation) expect(step.legalBasis).not.toBe("");

      // Calibration: everyone BAIK in a BAIK unit breaks the SE 3/2023 curve; HR applies the proposal with reasons.
      await transition(p, "START_CALIBRATION");
      const calibration = (
        await call("GET", `/v1/periods/${p}/units/u-sd/calibration`, hr, undefined, 200)
      ).json();
      expect(calibration.counts.BAIK).toBe(6);
      expect(calibration.violations.length).toBeGreaterThan(0);
      expect(calibration.proposal.changes.length).toBeGreaterThan(0);
      const changes = calibration.proposal.changes.map(
        (c: { employeeId: string; to: string; reason: { id: string } }) => ({
          employeeId: c.employeeId,
          to: c.to,
          reason: `Kalibrasi SE 3/2023: ${c.reason.id}`,
        }),
      );
      const applied = (
        await call("POST", `/v1/periods/${p}/units/u-sd/calibration/changes`, hr, { changes }, 201)
      ).json();
      expect(applied.applied).toHaveLength(changes.length);
      if (calibration.proposal.satisfiesBounds) expect(applied.violations).toEqual([]);
      const demoted = changes[0].employeeId as string;
      const demotedView = (
        await call("GET", `/v1/periods/${p}/assessments/${demoted}`, auth(demoted), undefined, 200)
      ).json();
      expect(demotedView).toMatchObject({ grade: changes[0].to, evaluatedGrade: "BAIK" });
      const followUp = (
        await call("GET", `/v1/periods/${p}/employees/${demoted}/follow-up`, auth(demoted), undefined, 200)
      ).json();
      expect(followUp.grade).toBe(changes[0].to);

      // Close; results are frozen.
      now = new Date("2027-01-15T01:00:00Z");
      await transition(p, "CLOSE");
      await call(
        "PUT",
        `/v1/periods/${p}/assessments/${s1}`,
        auth(NIP.kabid),
        { resultRating: "DI_ATAS_EKSPEKTASI", behaviourRating: "DI_ATAS_EKSPEKTASI" },
        409,
      );
      await call("POST", `/v1/periods/${p}/assessments/${s5}/reopen`, hr, { reason: "keberatan" }, 409);

      // Follow-up exports.
      await call(
        "PUT",
        "/v1/export-mappings/siasn",
        hr,
        {
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
        201,
      );
      const siasn = (await call("GET", `/v1/periods/${p}/exports/siasn`, hr, undefined, 200)).json();
      expect(siasn.items).toHaveLength(6);
      expect(siasn.items.find((i: { employeeId: string }) => i.employeeId === s1).record).toMatchObject({
        tahun: 2026,
        pnsDinilaiOrang: "S-2",
        penilaiNipNrp: NIP.kabid,
        penilaiNama: "Kepala Bidang SD",
        penilaiGolongan: "IV/a",
        penilaiUnorNama: "Bidang Sekolah Dasar",
      });
      const csv = await call("GET", `/v1/periods/${p}/exports/results?format=csv`, hr, undefined, 200);
      const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
      expect(rows.find((r) => r.employeeId === demoted)?.grade).toBe(changes[0].to);
      const ak = (
        await call("GET", `/v1/periods/${p}/employees/${s1}/follow-up`, auth(s1), undefined, 200)
      ).json();
      expect(ak.consequences.map((c: { kind: string }) => c.kind)).toContain("ANGKA_KREDIT");

      // Reopen the period for an upheld objection; the assessment is reopened, changed and finalised again.
      await transition(p, "REOPEN", { reason: "Keberatan Staf 5 diterima" });
      await transition(p, "START_ASSESSMENT");
      await call(
        "POST",
        `/v1/periods/${p}/assessments/${s5}/reopen`,
        hr,
        { reason: "Keberatan diterima: bukti tambahan" },
        200,
      );
      await call(
        "PUT",
        `/v1/periods/${p}/assessments/${s5}`,
        auth(NIP.kabid),
        {
          resultRating: "DI_ATAS_EKSPEKTASI",
          behaviourRating: "DI_ATAS_EKSPEKTASI",
          justification: "Bukti tambahan: 6 laporan di luar SKP diterima.",
        },
        200,
      );
      const refinalised = (
        await call("POST", `/v1/periods/${p}/assessments/${s5}/finalise`, auth(NIP.kabid), undefined, 200)
      ).json();
      expect(refinalised.grade).toBe("SANGAT_BAIK");
      await transition(p, "START_CALIBRATION");
      expect((await transition(p, "CLOSE")).state).toBe("CLOSED");

      // The audit log has every step; anonymous answers are not in it.
      const audit = (await call("GET", "/v1/audit?limit=500", hr, undefined, 200)).json();
      const actions = new Set(audit.items.map((e: { action: string }) => e.action));
      for (const action of [
        "assessment.finalise",
        "assessment.calibrate",
        "assessment.reopen",
        "feedback.closeRound",
      ]) {
        expect(actions).toContain(action);
      }
      expect(actions).not.toContain("feedback.answer");
      expect(JSON.stringify(audit)).not.toContain("KOLABORATIF");

      // The subscriber receives every event, signed.
      const received: { body: string; signature: string | undefined }[] = [];
      const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
        received.push({
          body: String(init?.body),
          signature: ((init?.headers ?? {}) as Record<string, string>)["kinerja-signature"],
        });
        return new Response(null, { status: 204 });
      }) as typeof globalThis.fetch;
      let deliveryIds = 0;
      const dispatcher = createWebhookDispatcher({
        database,
        newId: () => {
          deliveryIds += 1;
          return `delivery-${deliveryIds}`;
        },
        fetch,
        batchSize: 500,
      });
      let report = await dispatcher.deliverDue(now);
      while (report.fannedOut > 0 || report.delivered > 0) report = await dispatcher.deliverDue(now);
      const types = received.map((r) => JSON.parse(r.body).type as string);
      for (const type of [
        "assessment.finalised",
        "assessment.calibrated",
        "period.closed",
        "feedback.roundClosed",
      ])
        expect(types).toContain(type);
      expect(types).not.toContain("feedback.answered");
      for (const r of received)
        expect(verifyWebhookSignature(r.signature, r.body, subscription.secret, { now })).toBe(true);
    } finally {
      await t.close();
    }
  }, 120_000);
});

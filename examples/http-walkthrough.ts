// The full cycle over HTTP with the typed client (@kinerja/client): the real service on a free
// port (127.0.0.1, an in-memory PGlite, an HS256 test secret), then agency → staff → period →
// plans → execution → feedback → assessment → calibration → CLOSED, printing every request.
//
//   npx tsx examples/http-walkthrough.ts              # the steps, one line per request
//   npx tsx examples/http-walkthrough.ts --markdown   # every request body (docs/walkthrough.md)
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createKinerjaClient, type KinerjaClient } from "@kinerja/client";
import { buildApp, migrate, openDatabase, signToken } from "@kinerja/server";

/** The HS256 secret of this walkthrough's service (a test secret, never for production). */
const SECRET = "kinerja-walkthrough-secret-0123456789-abcdef";
const AGENCY = "disdik-kota";
const NIP = {
  kepala: "196801011990031001",
  hr: "197803032005012002",
  kabid: "197501012000031002",
  staff: [
    "199001012015031003",
    "199102022015032004",
    "199203032016031005",
    "199304042016032006",
    "199405052017031007",
  ],
} as const;
const [S1, S2, S3, S4, S5] = NIP.staff;

/** One request as it went over the wire. */
export interface WalkthroughRequest {
  /** Who sent it (a name from the staff list, or "citizen"). */
  actor: string;
  method: string;
  /** The path with its query. */
  path: string;
  /** The JSON body sent, if any. */
  body: unknown;
  status: number;
}

/** What {@link main} returns: every request and the period's final state. */
export interface WalkthroughResult {
  requests: WalkthroughRequest[];
  /** The section title of each request, by index. */
  sections: string[];
  finalState: string;
  /** Readable names of generated ids (period, plans), for the Markdown page. */
  labels: Record<string, string>;
  /** The grade the employee S1 reads in their explanation. */
  explainedGrade: string | undefined;
}

/** Fails the walkthrough unless the response has the expected status. */
function expectStatus(what: string, result: { response: Response; error?: unknown }, status: number): void {
  if (result.response.status !== status)
    throw new Error(
      `${what}: expected ${status}, got ${result.response.status} ${JSON.stringify(result.error ?? null)}`,
    );
}

/** Starts the service, walks the cycle, stops it. `log` receives each printed line. */
export async function main(log: (line: string) => void = console.log): Promise<WalkthroughResult> {
  const database = await openDatabase();
  await migrate(database);
  const app = await buildApp({
    database,
    auth: { secret: SECRET },
    logger: process.env.WALK_DEBUG ? { level: "error" } : false,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  log(`service listening on ${baseUrl} (in-memory PGlite, HS256 test secret)`);

  const requests: WalkthroughRequest[] = [];
  const sections: string[] = [];
  let section = "";
  const say = (title: string) => {
    section = title;
    log("");
    log(`## ${title}`);
  };

  /** A client acting as `name` (token claims: sub, roles, agency); every request is printed. */
  const as = (name: string, sub: string | undefined, roles: ("EMPLOYEE" | "HR_ADMIN")[]): KinerjaClient => {
    const token =
      sub === undefined
        ? undefined
        : signToken(
            { sub, roles, agency: AGENCY },
            { secret: SECRET },
            { ttlSeconds: 3600, now: new Date() },
          );
    const client = createKinerjaClient({ baseUrl, ...(token === undefined ? {} : { token }) });
    const sent = new Map<Request, unknown>();
    client.use({
      async onRequest({ request }) {
        const text = request.body === null ? "" : await request.clone().text();
        sent.set(request, text === "" ? undefined : JSON.parse(text));
        return request;
      },
      onResponse({ request, response }) {
        const url = new URL(request.url);
        const body = sent.get(request);
        sent.delete(request);
        const entry = {
          actor: name,
          method: request.method,
          path: url.pathname + url.search,
          body,
          status: response.status,
        };
        requests.push(entry);
        sections.push(section);
        const summary = body === undefined ? "" : ` ${JSON.stringify(body)}`;
        log(
          `${name.padEnd(8)} ${entry.method.padEnd(6)} ${entry.path}${summary.length > 140 ? `${summary.slice(0, 137)}…` : summary} → ${response.status}`,
        );
        return response;
      },
    });
    return client;
  };

  try {
    const hr = as("hr", NIP.hr, ["EMPLOYEE", "HR_ADMIN"]);
    const kepala = as("kepala", NIP.kepala, ["EMPLOYEE"]);
    const kabid = as("kabid", NIP.kabid, ["EMPLOYEE"]);
    const staff = NIP.staff.map((nip, i) => as(`staff${i + 1}`, nip, ["EMPLOYEE"]));
    const [s1, s2, s3, s4, s5] = staff as [
      KinerjaClient,
      KinerjaClient,
      KinerjaClient,
      KinerjaClient,
      KinerjaClient,
    ];
    const citizen = as("citizen", undefined, []);

    say("Agency, units and staff (HR)");
    expectStatus(
      "create agency",
      await hr.POST("/v1/agencies", {
        // The units here are smaller than the default minPoolSize (10), below which the
        // distribution only warns and proposes nothing; this walkthrough calibrates one.
        body: {
          id: AGENCY,
          name: "Dinas Pendidikan Kota",
          rulePackage: { id: "permenpanrb-6-2022", config: { distribution: { minPoolSize: 0 } } },
        },
      }),
      201,
    );
    expectStatus(
      "units",
      await hr.POST("/v1/agencies/{agencyId}/units", {
        params: { path: { agencyId: AGENCY } },
        body: {
          units: [
            { id: "u-dinas", name: "Dinas Pendidikan" },
            { id: "u-sd", name: "Bidang Sekolah Dasar", parentId: "u-dinas" },
          ],
        },
      }),
      200,
    );
    expectStatus(
      "staff import",
      await hr.POST("/v1/staff/import", {
        body: {
          employees: [
            {
              id: NIP.kepala,
              name: "Kepala Dinas",
              positionKind: "JPT",
              structural: true,
              isUnitHead: true,
              unitId: "u-dinas",
            },
            {
              id: NIP.hr,
              name: "Kasubbag Kepegawaian",
              positionKind: "JA",
              structural: true,
              unitId: "u-dinas",
              supervisorId: NIP.kepala,
            },
            {
              id: NIP.kabid,
              name: "Kepala Bidang SD",
              positionKind: "JA",
              structural: true,
              isUnitHead: true,
              unitId: "u-sd",
              supervisorId: NIP.kepala,
            },
            ...NIP.staff.map((id, i) => ({
              id,
              name: `Pengawas ${i + 1}`,
              positionKind: "JF",
              functionalLevel: "AHLI_PERTAMA",
              unitId: "u-sd",
              supervisorId: NIP.kabid,
            })),
          ],
        },
      }),
      200,
    );

    say("A period, through START_PLANNING (HR)");
    const year = new Date().getUTCFullYear();
    const created = await hr.POST("/v1/periods", {
      body: { name: `SKP ${year}`, start: `${year}-01-01`, end: `${year}-12-31`, cadence: "ANNUAL" },
    });
    expectStatus("create period", created, 201);
    const periodId = created.data!.id;
    const transition = async (
      event: "START_PLANNING" | "START_EXECUTION" | "START_ASSESSMENT" | "START_CALIBRATION" | "CLOSE",
    ) => {
      const result = await hr.POST("/v1/periods/{periodId}/transitions", {
        params: { path: { periodId } },
        body: { event },
      });
      expectStatus(event, result, 200);
      return result.data!.state;
    };
    await transition("START_PLANNING");

    say("Plans: the head of the field first, approved by the head of the agency");
    const kabidPlan = await kabid.POST("/v1/work-plans", {
      body: {
        periodId,
        plan: {
          results: [
            {
              id: "kabid-r1",
              description: "Mutu pembelajaran SD meningkat",
              indicators: [{ id: "kabid-i1", aspect: "KUANTITAS", target: 12, unit: "laporan supervisi" }],
            },
          ],
        },
      },
    });
    expectStatus("kabid draft", kabidPlan, 201);
    const kabidPlanId = kabidPlan.data!.id;
    expectStatus(
      "kabid submit",
      await kabid.POST("/v1/work-plans/{workPlanId}/submit", {
        params: { path: { workPlanId: kabidPlanId } },
        body: {},
      }),
      200,
    );
    expectStatus(
      "kabid approve",
      await kepala.POST("/v1/work-plans/{workPlanId}/approve", {
        params: { path: { workPlanId: kabidPlanId } },
        body: {},
      }),
      200,
    );

    say("Staff 1 drafts an incomplete plan: the draft is saved with its problems");
    const draft = await s1.POST("/v1/work-plans", {
      body: {
        periodId,
        plan: {
          results: [
            {
              id: "s1-r1",
              parentResultId: "kabid-r1",
              weight: 70,
              indicators: [{ id: "s1-i1", aspect: "KUANTITAS", target: 12, unit: "laporan supervisi" }],
            },
            {
              id: "s1-r2",
              weight: 50,
              indicators: [{ id: "s1-i2", aspect: "KUANTITAS", target: 4, unit: "kunjungan sekolah" }],
            },
          ],
        },
      },
    });
    expectStatus("s1 draft", draft, 201);
    const s1PlanId = draft.data!.id;
    for (const problem of draft.data!.problems) log(`         problem ${problem.code}: ${problem.message}`);
    expectStatus(
      "s1 submits the incomplete draft",
      await s1.POST("/v1/work-plans/{workPlanId}/submit", {
        params: { path: { workPlanId: s1PlanId } },
        body: {},
      }),
      422,
    );
    const fixedPlan = {
      results: [
        {
          id: "s1-r1",
          parentResultId: "kabid-r1",
          weight: 70,
          indicators: [{ id: "s1-i1", aspect: "KUANTITAS" as const, target: 12, unit: "laporan supervisi" }],
        },
        {
          id: "s1-r2",
          weight: 30,
          indicators: [{ id: "s1-i2", aspect: "KUANTITAS" as const, target: 4, unit: "kunjungan sekolah" }],
        },
      ],
    };
    const fixed = await s1.PUT("/v1/work-plans/{workPlanId}", {
      params: { path: { workPlanId: s1PlanId } },
      body: { plan: fixedPlan, version: draft.data!.version },
    });
    expectStatus("s1 fixes the weights", fixed, 200);
    log(`         problems now: ${fixed.data!.problems.length}`);
    expectStatus(
      "s1 submit",
      await s1.POST("/v1/work-plans/{workPlanId}/submit", {
        params: { path: { workPlanId: s1PlanId } },
        body: {},
      }),
      200,
    );

    say("The supervisor asks for a revision, then approves");
    expectStatus(
      "request revision",
      await kabid.POST("/v1/work-plans/{workPlanId}/request-revision", {
        params: { path: { workPlanId: s1PlanId } },
        body: { reason: "Tambahkan uraian hasil kerja kunjungan sekolah." },
      }),
      200,
    );
    const revised = await s1.PUT("/v1/work-plans/{workPlanId}", {
      params: { path: { workPlanId: s1PlanId } },
      body: {
        plan: {
          results: [
            fixedPlan.results[0]!,
            { ...fixedPlan.results[1]!, description: "Sekolah binaan dikunjungi dan didampingi" },
          ],
        },
      },
    });
    expectStatus("s1 revises", revised, 200);
    expectStatus(
      "s1 resubmits",
      await s1.POST("/v1/work-plans/{workPlanId}/submit", {
        params: { path: { workPlanId: s1PlanId } },
        body: {},
      }),
      200,
    );
    expectStatus(
      "approve",
      await kabid.POST("/v1/work-plans/{workPlanId}/approve", {
        params: { path: { workPlanId: s1PlanId } },
        body: { comment: "Disetujui." },
      }),
      200,
    );

    say("The other staff's plans (drafted, submitted, approved)");
    const planIds: string[] = [s1PlanId];
    for (const [i, client] of staff.entries()) {
      if (i === 0) continue;
      const drafted = await client.POST("/v1/work-plans", {
        body: {
          periodId,
          plan: {
            results: [
              {
                id: `s${i + 1}-r1`,
                parentResultId: "kabid-r1",
                indicators: [
                  { id: `s${i + 1}-i1`, aspect: "KUANTITAS", target: 12, unit: "laporan supervisi" },
                ],
              },
            ],
          },
        },
      });
      expectStatus("draft", drafted, 201);
      const workPlanId = drafted.data!.id;
      planIds.push(workPlanId);
      expectStatus(
        "submit",
        await client.POST("/v1/work-plans/{workPlanId}/submit", {
          params: { path: { workPlanId } },
          body: {},
        }),
        200,
      );
      expectStatus(
        "approve",
        await kabid.POST("/v1/work-plans/{workPlanId}/approve", {
          params: { path: { workPlanId } },
          body: {},
        }),
        200,
      );
    }

    say("START_EXECUTION; realisations with evidence");
    await transition("START_EXECUTION");
    const subPeriod = String(year);
    expectStatus(
      "kabid realisation",
      await kabid.POST("/v1/work-plans/{workPlanId}/realizations", {
        params: { path: { workPlanId: kabidPlanId } },
        body: { indicatorId: "kabid-i1", subPeriod, value: 12 },
      }),
      201,
    );
    const realised = [13, 12, 12, 11, 7];
    for (const [i, client] of staff.entries()) {
      expectStatus(
        "realisation",
        await client.POST("/v1/work-plans/{workPlanId}/realizations", {
          params: { path: { workPlanId: planIds[i]! } },
          body: {
            indicatorId: `s${i + 1}-i1`,
            subPeriod,
            value: realised[i]!,
            evidence: [{ kind: "LINK", url: `https://dms.example.go.id/${NIP.staff[i]}/laporan-${year}` }],
          },
        }),
        201,
      );
    }
    expectStatus(
      "s1 second indicator",
      await s1.POST("/v1/work-plans/{workPlanId}/realizations", {
        params: { path: { workPlanId: s1PlanId } },
        body: {
          indicatorId: "s1-i2",
          subPeriod,
          value: 4,
          evidence: [
            {
              kind: "DOCUMENT",
              url: `https://dms.example.go.id/${S1}/berita-acara-kunjungan-${year}.pdf`,
              description: "Berita acara kunjungan (4 sekolah)",
            },
          ],
        },
      }),
      201,
    );

    say("Periodic feedback from the supervisor, acknowledged by the employee");
    const given = await kabid.POST("/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback", {
      params: { path: { periodId, employeeId: S1 } },
      body: {
        subPeriod,
        text: "Laporan supervisi tepat waktu; kunjungan sekolah perlu dijadwalkan lebih awal.",
        resultRating: "SESUAI_EKSPEKTASI",
      },
    });
    expectStatus("periodic feedback", given, 201);
    expectStatus(
      "acknowledge",
      await s1.POST(
        "/v1/periods/{periodId}/employees/{employeeId}/periodic-feedback/{feedbackId}/acknowledge",
        {
          params: { path: { periodId, employeeId: S1, feedbackId: given.data!.id } },
          body: {},
        },
      ),
      200,
    );

    say("The employee's self-assessment (source SELF)");
    expectStatus(
      "self-assessment",
      await s1.PUT("/v1/periods/{periodId}/employees/{employeeId}/self-assessment", {
        params: { path: { periodId, employeeId: S1 } },
        body: {
          resultRating: "DI_ATAS_EKSPEKTASI",
          behaviourRating: "SESUAI_EKSPEKTASI",
          comments: "Target laporan terlampaui; kunjungan sesuai rencana.",
        },
      }),
      201,
    );

    say("Feedback: three peers asked by the supervisor, public links for citizens");
    const peerRequests = await kabid.POST("/v1/periods/{periodId}/feedback-requests", {
      params: { path: { periodId } },
      body: { employeeId: S1, source: "PEER", raterIds: [S2, S3, S4] },
    });
    expectStatus("peer requests", peerRequests, 201);
    const publicRequest = await kabid.POST("/v1/periods/{periodId}/feedback-requests", {
      params: { path: { periodId } },
      body: { employeeId: S1, source: "PUBLIC" },
    });
    expectStatus("public request", publicRequest, 201);
    const links = await kabid.POST("/v1/feedback-requests/{requestId}/links", {
      params: { path: { requestId: publicRequest.data!.requests[0]!.id } },
      body: { count: 3, expiresInDays: 14 },
    });
    expectStatus("links", links, 201);

    say("Peers answer anonymously; a citizen answers through a link");
    const peerClients = new Map<string, KinerjaClient>([
      [S2, s2],
      [S3, s3],
      [S4, s4],
    ]);
    const ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"] as const;
    for (const [i, request] of peerRequests.data!.requests.entries()) {
      const peer = peerClients.get(request.raterId ?? "");
      if (peer === undefined) throw new Error(`no client for rater ${request.raterId}`);
      expectStatus(
        "peer answer",
        await peer.POST("/v1/feedback-requests/{requestId}/answers", {
          params: { path: { requestId: request.id } },
          body: { behaviourRating: ratings[i]!, behaviour: { KOLABORATIF: 85 + i * 5 } },
        }),
        201,
      );
    }
    expectStatus(
      "citizen answer",
      await citizen.POST("/v1/public/feedback/{token}", {
        params: { path: { token: links.data!.links[0]!.token } },
        body: { behaviourRating: "SESUAI_EKSPEKTASI" },
      }),
      201,
    );

    say("The aggregate is held back while the round is open; the employee may not close their own round");
    const held = await s1.GET("/v1/periods/{periodId}/employees/{employeeId}/feedback/{source}", {
      params: { path: { periodId, employeeId: S1, source: "PEER" } },
    });
    expectStatus("aggregate while open", held, 409);
    expectStatus(
      "employee closes own round",
      await s1.POST("/v1/periods/{periodId}/employees/{employeeId}/feedback/{source}/close", {
        params: { path: { periodId, employeeId: S1, source: "PEER" } },
        body: {},
      }),
      403,
    );
    expectStatus(
      "supervisor closes the round",
      await kabid.POST("/v1/periods/{periodId}/employees/{employeeId}/feedback/{source}/close", {
        params: { path: { periodId, employeeId: S1, source: "PEER" } },
        body: {},
      }),
      200,
    );
    const released = await s1.GET("/v1/periods/{periodId}/employees/{employeeId}/feedback/{source}", {
      params: { path: { periodId, employeeId: S1, source: "PEER" } },
    });
    expectStatus("released aggregate", released, 200);
    log(`         released: ${JSON.stringify(released.data)}`);

    say("START_ASSESSMENT; the supervisor writes and finalises the assessments");
    await transition("START_ASSESSMENT");
    expectStatus(
      "organisation result",
      await hr.PUT("/v1/periods/{periodId}/units/{unitId}/organisation-result", {
        params: { path: { periodId, unitId: "u-sd" } },
        body: { predikat: "BAIK" },
      }),
      201,
    );
    for (const [i, nip] of NIP.staff.entries()) {
      const written = await kabid.PUT("/v1/periods/{periodId}/assessments/{employeeId}", {
        params: { path: { periodId, employeeId: nip } },
        body: {
          resultRating: "SESUAI_EKSPEKTASI",
          behaviourRating: "SESUAI_EKSPEKTASI",
          ...(i === 0 ? { comments: "Pertahankan; jadwalkan kunjungan lebih awal." } : {}),
        },
      });
      expectStatus("assessment", written, 201);
      if (nip === S5) {
        say("Staff 5's plan must be amended first: the draft assessment is withdrawn");
        expectStatus(
          "withdraw",
          await kabid.DELETE("/v1/periods/{periodId}/assessments/{employeeId}", {
            params: { path: { periodId, employeeId: S5 } },
            body: {
              reason: "Target SKP harus diubah dulu: dua bulan penugasan di bidang lain.",
              version: written.data!.version,
            },
          }),
          204,
        );
        const amended = await s5.POST("/v1/work-plans/{workPlanId}/amendments", {
          params: { path: { workPlanId: planIds[4]! } },
          body: {
            reason:
              "Penugasan sementara di Bidang SMP (Mei–Juni): target disesuaikan dari 12 menjadi 8 laporan.",
            plan: {
              results: [
                {
                  id: "s5-r1",
                  parentResultId: "kabid-r1",
                  indicators: [{ id: "s5-i1", aspect: "KUANTITAS", target: 8, unit: "laporan supervisi" }],
                },
              ],
            },
          },
        });
        expectStatus("amend", amended, 200);
        log(`         plan ${amended.data!.id} is ${amended.data!.state} after the amendment`);
        if (amended.data!.state === "SUBMITTED")
          expectStatus(
            "approve amendment",
            await kabid.POST("/v1/work-plans/{workPlanId}/approve", {
              params: { path: { workPlanId: planIds[4]! } },
              body: { comment: "Perubahan target disetujui." },
            }),
            200,
          );
        expectStatus(
          "assessment again",
          await kabid.PUT("/v1/periods/{periodId}/assessments/{employeeId}", {
            params: { path: { periodId, employeeId: S5 } },
            body: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
          }),
          201,
        );
      }
    }
    expectStatus(
      "kabid assessed by kepala",
      await kepala.PUT("/v1/periods/{periodId}/assessments/{employeeId}", {
        params: { path: { periodId, employeeId: NIP.kabid } },
        body: { resultRating: "SESUAI_EKSPEKTASI", behaviourRating: "SESUAI_EKSPEKTASI" },
      }),
      201,
    );
    const preview = await kabid.POST("/v1/periods/{periodId}/assessments/{employeeId}/preview", {
      params: { path: { periodId, employeeId: S1 } },
    });
    expectStatus("preview", preview, 200);
    for (const nip of NIP.staff)
      expectStatus(
        "finalise",
        await kabid.POST("/v1/periods/{periodId}/assessments/{employeeId}/finalise", {
          params: { path: { periodId, employeeId: nip } },
          body: {},
        }),
        200,
      );
    expectStatus(
      "finalise kabid",
      await kepala.POST("/v1/periods/{periodId}/assessments/{employeeId}/finalise", {
        params: { path: { periodId, employeeId: NIP.kabid } },
        body: {},
      }),
      200,
    );

    say("Calibration (HR): the board, a refused self-calibration, a change with a reason");
    await transition("START_CALIBRATION");
    const board = await hr.GET("/v1/periods/{periodId}/units/{unitId}/calibration", {
      params: { path: { periodId, unitId: "u-sd" } },
    });
    expectStatus("board", board, 200);
    log(`         counts ${JSON.stringify(board.data!.counts)}; violations ${board.data!.violations.length}`);
    expectStatus(
      "HR calibrates own grade",
      await hr.POST("/v1/periods/{periodId}/units/{unitId}/calibration/changes", {
        params: { path: { periodId, unitId: "u-dinas" } },
        body: { changes: [{ employeeId: NIP.hr, to: "SANGAT_BAIK", reason: "Kinerja sangat baik." }] },
      }),
      403,
    );
    const proposed = board.data!.proposal?.changes ?? [];
    if (proposed.length > 0)
      expectStatus(
        "calibration changes",
        await hr.POST("/v1/periods/{periodId}/units/{unitId}/calibration/changes", {
          params: { path: { periodId, unitId: "u-sd" } },
          body: {
            changes: proposed.map((c) => ({
              employeeId: c.employeeId,
              to: c.to,
              reason: `Kalibrasi kurva SE MenPAN-RB 3/2023: ${c.reason.id}`,
            })),
          },
        }),
        201,
      );
    const finalState = await transition("CLOSE");

    say("The employees read their explanations");
    const explanation = await s1.GET("/v1/periods/{periodId}/assessments/{employeeId}/explanation", {
      params: { path: { periodId, employeeId: S1 } },
    });
    expectStatus("explanation", explanation, 200);
    const grade = explanation.data!.grade;
    const last = explanation.data!.explanation.at(-1);
    log(
      `         ${S1}: ${grade} (${explanation.data!.basis}); ${explanation.data!.explanation.length} steps, the last: ${last?.text?.en ?? ""}`,
    );
    const calibrated = proposed[0]?.employeeId;
    const calibratedClient = staff.find((_, i) => NIP.staff[i] === calibrated);
    if (calibrated !== undefined && calibratedClient !== undefined) {
      const theirs = await calibratedClient.GET(
        "/v1/periods/{periodId}/assessments/{employeeId}/explanation",
        {
          params: { path: { periodId, employeeId: calibrated } },
        },
      );
      expectStatus("calibrated explanation", theirs, 200);
      for (const change of theirs.data!.calibration)
        log(
          `         ${calibrated}: evaluated ${theirs.data!.evaluatedGrade}, calibrated ${change.from} → ${change.to}: ${change.reason}`,
        );
    }
    log("");
    log(`period ${periodId}: ${finalState}`);
    const labels: Record<string, string> = { [periodId]: "{periodId}", [kabidPlanId]: "{kabidPlanId}" };
    for (const [i, id] of planIds.entries()) labels[id] = `{planId of staff${i + 1}}`;
    return { requests, sections, finalState, labels, explainedGrade: grade };
  } finally {
    await app.close();
    await database.close();
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The requests as a Markdown page: each section with every request and its body. */
export function toMarkdown(result: WalkthroughResult): string {
  const out: string[] = [
    "# Walkthrough: the full cycle over HTTP",
    "",
    "<!-- Generated by `npx tsx examples/http-walkthrough.ts --markdown > docs/walkthrough.md`; do not edit by hand. -->",
    "",
    "Every request of [`examples/http-walkthrough.ts`](../examples/http-walkthrough.ts), in order, with the body",
    "it sends and the status it gets: an agency with a head of agency, an HR admin who is also staff, a head",
    "of field (`kabid`) and five staff under `permenpanrb-6-2022`, taken from nothing to a CLOSED period. The",
    "script starts the real service on a free port (127.0.0.1, in-memory PGlite, an HS256 test secret) and",
    "talks to it with the typed client [`@kinerja/client`](../packages/client); run it with",
    "`npx tsx examples/http-walkthrough.ts` (one line per request) and test it with",
    "`npx vitest run --project examples`. Ids the service generates are shown as `{periodId}`,",
    "`{planId of staff1}` or `{id}`; tokens carry `sub` (the NIP), `roles` and `agency` (see",
    "[server.md](server.md#http-api-v1)). What the refusals mean: [Anonymity and conflicts of",
    "interest](server.md#anonymity-and-conflicts-of-interest) and [the anonymity threat model](anonymity.md).",
  ];
  let section = "";
  for (const [i, r] of result.requests.entries()) {
    if (result.sections[i] !== section) {
      section = result.sections[i] ?? "";
      out.push("", `## ${section}`, "");
    }
    const path = r.path
      .replace(/\/v1\/public\/feedback\/[A-Za-z0-9_-]{43}/, "/v1/public/feedback/{token}")
      .replace(UUID, (id) => result.labels[id] ?? "{id}");
    out.push(`\`${r.method} ${path}\` as **${r.actor}** → **${r.status}**`, "");
    if (r.body !== undefined && JSON.stringify(r.body) !== "{}")
      out.push(
        "```json",
        JSON.stringify(r.body, null, 2).replace(UUID, (id) => result.labels[id] ?? "{id}"),
        "```",
        "",
      );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--markdown")) process.stdout.write(toMarkdown(await main(() => {})));
  else await main();
}

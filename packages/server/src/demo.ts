import { KinerjaError, type Role } from "@kinerja/core";
import type { FastifyInstance } from "fastify";

/** The demo agency's id (the `agency` claim of demo tokens). */
export const DEMO_AGENCY_ID = "demo";

/** The NIP of the demo HR administrator (a staff member of the secretariat with HR_ADMIN in the token). */
export const DEMO_HR_ADMIN_ID = "198003152006042001";

/** Signs a token for the app being seeded. */
export type DemoSigner = (claims: { sub: string; roles: readonly Role[]; agency: string }) => string;

/** What {@link seedDemo} created (ids only). */
export interface DemoSummary {
  /** Whether the agency was created now (false: it existed already and nothing was changed). */
  created: boolean;
  /** The agency id. */
  agencyId: string;
  /** The HR administrator's NIP. */
  hrAdminId: string;
  /** The past period, in ASSESSMENT with most assessments final. */
  pastPeriodId?: string;
  /** The current period, in PLANNING with plans in several states. */
  currentPeriodId?: string;
  /** Staff count. */
  staff: number;
  /** A staff member with an approved plan, realisations, feedback and a final assessment. */
  sampleEmployeeId?: string;
  /** Their direct superior. */
  sampleSupervisorId?: string;
  /** Staff whose past assessment is still a draft (for trying finalise by hand). */
  draftAssessments: string[];
}

/** A demo staff member, as imported through `POST /v1/staff/import` (fictional). */
export interface DemoEmployee {
  /** NIP-shaped id. */
  id: string;
  /** Fictional name. */
  name: string;
  /** JPT, JA or JF. */
  positionKind: "JPT" | "JA" | "JF";
  /** Whether the position is structural. */
  structural: boolean;
  /** Functional level (JF only). */
  functionalLevel?: string;
  /** Whether they head their unit. */
  isUnitHead: boolean;
  /** Their unit. */
  unitId: string;
  /** Their direct superior (absent for the head of the agency). */
  supervisorId?: string;
  /** HR attributes no rule reads (gender, rank). */
  attributes: Record<string, string>;
}

const UNITS = [
  { id: "dinas", name: "Dinas Pendidikan Kabupaten Contoh" },
  { id: "sekretariat", name: "Sekretariat", parentId: "dinas" },
  { id: "bidang-sd", name: "Bidang Pembinaan Sekolah Dasar", parentId: "dinas" },
  { id: "bidang-smp", name: "Bidang Pembinaan Sekolah Menengah Pertama", parentId: "dinas" },
  { id: "bidang-gtk", name: "Bidang Guru dan Tenaga Kependidikan", parentId: "dinas" },
] as const;

const FIRST = [
  "Ahmad",
  "Siti",
  "Budi",
  "Dewi",
  "Rudi",
  "Ani",
  "Agus",
  "Rina",
  "Hendra",
  "Sri",
  "Yusuf",
  "Maya",
  "Eko",
  "Lina",
  "Fajar",
  "Nur",
];
const LAST = [
  "Saputra",
  "Lestari",
  "Santoso",
  "Wulandari",
  "Hidayat",
  "Kusuma",
  "Pratama",
  "Handayani",
  "Nugroho",
  "Rahmawati",
  "Siregar",
  "Harahap",
];
const LEVELS = ["AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "TERAMPIL", "MAHIR", "PENYELIA"] as const;
const RATINGS = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"] as const;

/** A NIP-shaped id (birth date, appointment month, gender, sequence): fictional. */
function nip(i: number, gender: 1 | 2): string {
  const year = 1970 + (i % 26);
  const month = String(1 + (i % 12)).padStart(2, "0");
  const day = String(1 + ((i * 7) % 28)).padStart(2, "0");
  const appointed = `${2000 + (i % 20)}${String(1 + ((i * 5) % 12)).padStart(2, "0")}`;
  return `${year}${month}${day}${appointed}${gender}${String(100 + i).slice(-3)}`;
}

/** The demo staff, 49: the head of the agency, four unit heads, the HR administrator and 43 staff. */
export function demoStaff(): DemoEmployee[] {
  const people: DemoEmployee[] = [];
  const person = (i: number, fields: Omit<DemoEmployee, "id" | "name" | "attributes">): DemoEmployee => {
    const gender = (i % 2 === 0 ? 1 : 2) as 1 | 2;
    return {
      id: nip(i, gender),
      name: `${FIRST[i % FIRST.length]} ${LAST[(i * 5) % LAST.length]}`,
      attributes: {
        jenisKelamin: gender === 1 ? "L" : "P",
        golongan: ["III/a", "III/b", "III/c", "III/d", "IV/a"][i % 5]!,
      },
      ...fields,
    };
  };
  const head = person(0, { positionKind: "JPT", structural: true, isUnitHead: true, unitId: "dinas" });
  people.push(head);
  let i = 1;
  for (const unit of UNITS.slice(1)) {
    const unitHead = person(i++, {
      positionKind: "JA",
      structural: true,
      isUnitHead: true,
      unitId: unit.id,
      supervisorId: head.id,
    });
    people.push(unitHead);
    if (unit.id === "sekretariat") {
      people.push({
        id: DEMO_HR_ADMIN_ID,
        name: "Ratna Kusumawardani",
        positionKind: "JF",
        structural: false,
        functionalLevel: "AHLI_MUDA",
        isUnitHead: false,
        unitId: unit.id,
        supervisorId: unitHead.id,
        attributes: { jenisKelamin: "P", golongan: "III/c" },
      });
    }
    const count = unit.id === "sekretariat" ? 10 : 11;
    for (let k = 0; k < count; k += 1) {
      const jf = k % 4 !== 3;
      people.push(
        person(i++, {
          positionKind: jf ? "JF" : "JA",
          structural: false,
          ...(jf ? { functionalLevel: LEVELS[k % LEVELS.length] } : {}),
          isUnitHead: false,
          unitId: unit.id,
          supervisorId: unitHead.id,
        }),
      );
    }
  }
  return people;
}

function planOf(employee: DemoEmployee, year: number, withParent: boolean) {
  const parent = withParent && employee.supervisorId !== undefined && employee.positionKind !== "JPT";
  const id = (suffix: string) => `${year}-${employee.id}-${suffix}`;
  return {
    approach: "KUANTITATIF",
    results: [
      {
        id: id("r1"),
        kind: "UTAMA",
        ...(parent ? { parentResultId: `${year}-${employee.supervisorId}-r1` } : {}),
        indicators: [
          { id: id("i1"), aspect: "KUANTITAS", target: 12, unit: "laporan" },
          { id: id("i2"), aspect: "KUALITAS", target: 90, unit: "persen" },
        ],
      },
      {
        id: id("r2"),
        kind: "UTAMA",
        indicators: [{ id: id("i3"), aspect: "WAKTU", target: 12, unit: "bulan" }],
      },
    ],
  };
}

type Caller = (
  method: "GET" | "POST" | "PUT",
  url: string,
  as: string,
  body?: unknown,
  roles?: readonly Role[],
) => Promise<Record<string, unknown>>;

function caller(app: FastifyInstance, sign: DemoSigner): Caller {
  // One token per person and roles, as a client keeps its token: the seeding sends about 570 requests.
  const tokens = new Map<string, string>();
  return async (method, url, as, body, roles = ["EMPLOYEE"]) => {
    const who = `${as} ${roles.join(",")}`;
    let token = tokens.get(who);
    if (token === undefined) {
      token = sign({ sub: as, roles, agency: DEMO_AGENCY_ID });
      tokens.set(who, token);
    }
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    if (res.statusCode >= 300) {
      let code = "UNKNOWN";
      let message = res.body.slice(0, 500);
      try {
        const parsed = res.json() as { code?: string; message?: string };
        code = parsed.code ?? code;
        message = parsed.message ?? message;
      } catch {
        // The body is not JSON: keep its start.
      }
      throw new KinerjaError(
        "INTERNAL",
        `demo seeding: ${method} ${url} answered ${res.statusCode} ${code}: ${message}`,
        {
          details: { method, url, status: res.statusCode, code },
        },
      );
    }
    return res.body === "" ? {} : (res.json() as Record<string, unknown>);
  };
}

/**
 * Seeds the demo agency THROUGH THE HTTP API (app.inject), as its HR administrator and as each
 * employee and superior would: five units, 49 staff with reporting lines, the rule package
 * `permenpanrb-6-2022`, a past period (2025) that went through planning, execution with
 * realisations, peer and public feedback, supervisor assessments and finalisation (a few left as
 * drafts; the period waits in ASSESSMENT), and a current period (2026) in PLANNING with plans in
 * every state (draft, submitted, approved, revision requested). Does nothing when the agency
 * exists. Names are fictional.
 */
export async function seedDemo(app: FastifyInstance, options: { sign: DemoSigner }): Promise<DemoSummary> {
  const call = caller(app, options.sign);
  const hr = DEMO_HR_ADMIN_ID;
  const HR: readonly Role[] = ["HR_ADMIN", "EMPLOYEE"];
  const existing = await app.inject({
    method: "GET",
    url: `/v1/agencies/${DEMO_AGENCY_ID}`,
    headers: { authorization: `Bearer ${options.sign({ sub: hr, roles: HR, agency: DEMO_AGENCY_ID })}` },
  });
  if (existing.statusCode === 200) {
    return {
      created: false,
      agencyId: DEMO_AGENCY_ID,
      hrAdminId: hr,
      staff: demoStaff().length,
      draftAssessments: [],
    };
  }

  const staff = demoStaff();
  const byId = new Map(staff.map((e) => [e.id, e]));
  await call(
    "POST",
    "/v1/agencies",
    hr,
    { id: DEMO_AGENCY_ID, name: "Dinas Pendidikan Kabupaten Contoh (demo)", units: [] },
    HR,
  );
  await call("PUT", `/v1/agencies/${DEMO_AGENCY_ID}/rule-package`, hr, { id: "permenpanrb-6-2022" }, HR);
  await call("POST", "/v1/staff/import", hr, { units: UNITS.map((u) => ({ ...u })), employees: staff }, HR);
  await call(
    "POST",
    `/v1/agencies/${DEMO_AGENCY_ID}/units`,
    hr,
    {
      units: UNITS.map((u) => ({ ...u, headId: staff.find((e) => e.unitId === u.id && e.isUnitHead)!.id })),
    },
    HR,
  );

  // Everyone but the head of the agency (whose superior is outside it) has a plan.
  const planned = staff.filter((e) => e.supervisorId !== undefined);
  // Heads first, so their staff can link their results to the head's.
  const ordered = [...planned.filter((e) => e.isUnitHead), ...planned.filter((e) => !e.isUnitHead)];

  // --- The past period: the full cycle up to the assessments.
  const past = await call(
    "POST",
    "/v1/periods",
    hr,
    { name: "Penilaian Kinerja 2025", start: "2025-01-01", end: "2025-12-31", cadence: "ANNUAL" },
    HR,
  );
  const pastId = String(past.id);
  await call("POST", `/v1/periods/${pastId}/transitions`, hr, { event: "START_PLANNING" }, HR);
  const pastPlans = new Map<string, string>();
  for (const e of ordered) {
    const plan = await call("POST", "/v1/work-plans", e.id, {
      periodId: pastId,
      plan: planOf(e, 2025, !e.isUnitHead),
    });
    pastPlans.set(e.id, String(plan.id));
    await call("POST", `/v1/work-plans/${plan.id}/submit`, e.id, {});
  }
  for (const e of ordered) {
    await call("POST", `/v1/work-plans/${pastPlans.get(e.id)}/approve`, e.supervisorId!, {
      comment: "Disetujui.",
    });
  }
  await call("POST", `/v1/periods/${pastId}/transitions`, hr, { event: "START_EXECUTION" }, HR);
  for (const [n, e] of ordered.entries()) {
    const planId = pastPlans.get(e.id)!;
    const values = { i1: 9 + (n % 6), i2: 80 + ((n * 3) % 21), i3: 12 - (n % 3 === 0 ? 1 : 0) };
    for (const [indicator, value] of Object.entries(values)) {
      await call("POST", `/v1/work-plans/${planId}/realizations`, e.id, {
        indicatorId: `2025-${e.id}-${indicator}`,
        subPeriod: "2025",
        value,
        evidence: [
          {
            kind: "LINK",
            url: `https://dms.example.go.id/2025/${e.id}/${indicator}`,
            description: "Bukti dukung",
          },
        ],
      });
    }
  }
  await call("POST", `/v1/periods/${pastId}/transitions`, hr, { event: "START_ASSESSMENT" }, HR);

  // Peer feedback for the first staff member of each field unit: three peers asked, two answer.
  const fieldStaff = (unitId: string) => staff.filter((e) => e.unitId === unitId && !e.isUnitHead);
  const sample = fieldStaff("bidang-sd")[0]!;
  for (const unitId of ["bidang-sd", "bidang-smp", "bidang-gtk"]) {
    const [subject, ...peers] = fieldStaff(unitId);
    const raters = peers.slice(0, 3).map((p) => p.id);
    const created = await call("POST", `/v1/periods/${pastId}/feedback-requests`, subject!.supervisorId!, {
      employeeId: subject!.id,
      source: "PEER",
      raterIds: raters,
    });
    const requests = created.requests as { id: string; raterId: string | null }[];
    for (const [r, rater] of raters.slice(0, unitId === "bidang-sd" ? 3 : 2).entries()) {
      const request = requests.find((q) => q.raterId === rater)!;
      await call("POST", `/v1/feedback-requests/${request.id}/answers`, rater, {
        resultRating: RATINGS[r % 2],
        behaviourRating: "SESUAI_EKSPEKTASI",
        behaviour: {},
      });
    }
    // The superior closes the round: released with k answers (bidang-sd), withheld with fewer.
    await call(
      "POST",
      `/v1/periods/${pastId}/employees/${subject!.id}/feedback/PEER/close`,
      subject!.supervisorId!,
      {},
    );
  }
  // Public feedback about the sample employee through one-time links: two of three used.
  const publicRequest = await call("POST", `/v1/periods/${pastId}/feedback-requests`, sample.supervisorId!, {
    employeeId: sample.id,
    source: "PUBLIC",
  });
  const publicId = (publicRequest.requests as { id: string }[])[0]!.id;
  const links = await call("POST", `/v1/feedback-requests/${publicId}/links`, sample.supervisorId!, {
    count: 3,
    expiresInDays: 90,
  });
  for (const link of ((links.links as { path: string }[]) ?? []).slice(0, 2)) {
    const res = await app.inject({
      method: "POST",
      url: link.path,
      payload: { resultRating: "DI_ATAS_EKSPEKTASI", behaviour: {} },
    });
    if (res.statusCode >= 300) {
      throw new KinerjaError("INTERNAL", `demo seeding: public feedback answered ${res.statusCode}`, {
        details: { status: res.statusCode },
      });
    }
  }

  // Self-assessments of the field staff, and their superiors' periodic feedback for the year
  // (the first three of each field unit; the first two have acknowledged it).
  for (const unitId of ["bidang-sd", "bidang-smp", "bidang-gtk"]) {
    for (const [n, e] of fieldStaff(unitId).entries()) {
      await call("PUT", `/v1/periods/${pastId}/employees/${e.id}/self-assessment`, e.id, {
        resultRating: "SESUAI_EKSPEKTASI",
        behaviourRating: n % 4 === 0 ? "DI_ATAS_EKSPEKTASI" : "SESUAI_EKSPEKTASI",
        comments: "Target tahunan tercapai; laporan triwulan dikirim tepat waktu.",
      });
      if (n >= 3) continue;
      const entry = await call(
        "POST",
        `/v1/periods/${pastId}/employees/${e.id}/periodic-feedback`,
        e.supervisorId!,
        {
          subPeriod: "2025",
          text: "Capaian sesuai rencana; perkuat dokumentasi bukti dukung di semester berikutnya.",
          resultRating: "SESUAI_EKSPEKTASI",
        },
      );
      if (n < 2) {
        await call(
          "POST",
          `/v1/periods/${pastId}/employees/${e.id}/periodic-feedback/${String(entry.id)}/acknowledge`,
          e.id,
          {},
        );
      }
    }
  }

  // Organisation results of the units (needed for the head-of-unit rule and calibration).
  const predikat: Record<string, string> = {
    sekretariat: "BAIK",
    "bidang-sd": "ISTIMEWA",
    "bidang-smp": "BAIK",
    "bidang-gtk": "BUTUH_PERBAIKAN",
  };
  for (const [unitId, value] of Object.entries(predikat)) {
    await call(
      "PUT",
      `/v1/periods/${pastId}/units/${unitId}/organisation-result`,
      hr,
      { predikat: value },
      HR,
    );
  }

  // Supervisor assessments; every one finalised except the last staff member of each field unit.
  const drafts = new Set(["bidang-sd", "bidang-smp", "bidang-gtk"].map((u) => fieldStaff(u).at(-1)!.id));
  for (const [n, e] of ordered.entries()) {
    const result = e.isUnitHead ? undefined : RATINGS[n % 7 === 0 ? 0 : n % 11 === 0 ? 2 : 1];
    const behaviour = RATINGS[n % 5 === 0 ? 0 : n % 13 === 0 ? 2 : 1];
    await call("PUT", `/v1/periods/${pastId}/assessments/${e.id}`, e.supervisorId!, {
      ...(result ? { resultRating: result } : {}),
      behaviourRating: behaviour,
      behaviour: {},
      justification: "Sesuai bukti dukung dan umpan balik periode ini.",
    });
    if (!drafts.has(e.id))
      await call("POST", `/v1/periods/${pastId}/assessments/${e.id}/finalise`, e.supervisorId!, {});
  }

  // --- The current period: planning, with plans in every state.
  const current = await call(
    "POST",
    "/v1/periods",
    hr,
    { name: "Penilaian Kinerja 2026", start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" },
    HR,
  );
  const currentId = String(current.id);
  await call("POST", `/v1/periods/${currentId}/transitions`, hr, { event: "START_PLANNING" }, HR);
  for (const [n, e] of ordered.entries()) {
    const plan = await call("POST", "/v1/work-plans", e.id, {
      periodId: currentId,
      plan: planOf(e, 2026, !e.isUnitHead),
    });
    const stage = e.isUnitHead ? 2 : n % 4;
    if (stage === 0) continue; // DRAFT
    await call("POST", `/v1/work-plans/${plan.id}/submit`, e.id, {});
    if (stage === 1) continue; // SUBMITTED
    if (stage === 2) {
      await call("POST", `/v1/work-plans/${plan.id}/approve`, e.supervisorId!, {});
      continue; // APPROVED
    }
    await call("POST", `/v1/work-plans/${plan.id}/request-revision`, e.supervisorId!, {
      reason: "Mohon tambahkan indikator kualitas yang terukur.",
    }); // REVISION_REQUESTED
  }

  const supervisor = byId.get(sample.supervisorId!)!;
  return {
    created: true,
    agencyId: DEMO_AGENCY_ID,
    hrAdminId: hr,
    pastPeriodId: pastId,
    currentPeriodId: currentId,
    staff: staff.length,
    sampleEmployeeId: sample.id,
    sampleSupervisorId: supervisor.id,
    draftAssessments: [...drafts],
  };
}

/** A person of the demo agency one can sign in as on the demo pages (`GET /demo/personas`). */
export interface DemoPersona {
  /** `employee`, `supervisor`, `hr`, `auditor`, or `staff` for any other staff member. */
  key: "employee" | "supervisor" | "hr" | "auditor" | "staff";
  /** NIP (the token's `sub`). */
  id: string;
  /** Fictional name. */
  name: string;
  /** Unit id. */
  unitId: string;
  /** The roles in the token. */
  roles: readonly Role[];
}

/**
 * The demo agency's people to sign in as: an employee of Bidang SD, their superior (the unit
 * head), the HR administrator, an auditor (a secretariat staff member with AUDITOR), then every
 * other staff member as a plain employee (peers, other teams).
 */
export function demoPersonas(): DemoPersona[] {
  const staff = demoStaff();
  const field = staff.filter((e) => e.unitId === "bidang-sd" && !e.isUnitHead);
  const employee = field[0]!;
  const supervisor = staff.find((e) => e.id === employee.supervisorId)!;
  const hr = staff.find((e) => e.id === DEMO_HR_ADMIN_ID)!;
  const auditor = staff.find((e) => e.unitId === "sekretariat" && !e.isUnitHead && e.id !== hr.id)!;
  const persona = (key: DemoPersona["key"], e: DemoEmployee, roles: readonly Role[]): DemoPersona => ({
    key,
    id: e.id,
    name: e.name,
    unitId: e.unitId,
    roles,
  });
  const featured = [
    persona("employee", employee, ["EMPLOYEE"]),
    persona("supervisor", supervisor, ["EMPLOYEE", "SUPERVISOR"]),
    persona("hr", hr, ["HR_ADMIN", "EMPLOYEE"]),
    persona("auditor", auditor, ["AUDITOR"]),
  ];
  const taken = new Set(featured.map((p) => p.id));
  return [
    ...featured,
    ...staff.filter((e) => !taken.has(e.id)).map((e) => persona("staff", e, ["EMPLOYEE"])),
  ];
}

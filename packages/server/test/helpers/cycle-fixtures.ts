import {
  type Assessment,
  createRegistry,
  type Distribution,
  defineRulePackage,
  type EvaluationResult,
  explainer,
  gradeRank,
  planCapaian,
  type Rating,
  type RulePackageRegistry,
  validationError,
} from "@kinerja/core";
import { z } from "zod";
import { defaultRegistry } from "../../src/registry";
import { type Database, inTransaction, json } from "../../src/storage/index";
import { testApp } from "./app";

const GRADES = ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"] as const;
type Grade = (typeof GRADES)[number];

/** The results × behaviour matrix of PermenPAN-RB 6/2022 (docs/regulations.md §1), for the fixture package. */
const MATRIX: Record<Rating, Record<Rating, Grade>> = {
  DI_ATAS_EKSPEKTASI: {
    DI_BAWAH_EKSPEKTASI: "KURANG_MISCONDUCT",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_ATAS_EKSPEKTASI: "SANGAT_BAIK",
  },
  SESUAI_EKSPEKTASI: {
    DI_BAWAH_EKSPEKTASI: "KURANG_MISCONDUCT",
    SESUAI_EKSPEKTASI: "BAIK",
    DI_ATAS_EKSPEKTASI: "BAIK",
  },
  DI_BAWAH_EKSPEKTASI: {
    DI_BAWAH_EKSPEKTASI: "SANGAT_KURANG",
    SESUAI_EKSPEKTASI: "BUTUH_PERBAIKAN",
    DI_ATAS_EKSPEKTASI: "BUTUH_PERBAIKAN",
  },
};

/**
 * A small rule package for the server's route tests, independent of @kinerja/rules-default: the
 * grade from the SUPERVISOR's two ratings through the matrix, the capaian and the number of
 * anonymous answers per source as ratings (to observe what reached the case), a DEVELOPMENT
 * consequence naming the grade, and a distribution bound "SANGAT_BAIK at most `maxTopShare`"
 * whose proposal moves the lowest-capaian SANGAT_BAIK members down to BAIK.
 */
export const fixturePackage = defineRulePackage({
  id: "server-fixture",
  version: "1.0.0",
  title: { id: "Paket uji server", en: "Server test package" },
  legalBasis: ["PermenPAN-RB 6/2022 (matrix, test fixture)"],
  configSchema: z.object({ maxTopShare: z.number().min(0).max(1).default(0.5) }),
  inputs: [
    {
      name: "SUPERVISOR ratings",
      kind: "RATING",
      sources: ["SUPERVISOR"],
      fields: ["resultRating", "behaviourRating"],
      monotone: true,
      description: { id: "Rating atasan", en: "Supervisor ratings" },
    },
  ],
  grades: GRADES.map((code) => ({ code, label: { id: code, en: code } })),
  evaluate(c) {
    const x = explainer("server-fixture");
    const supervisor = c.assessments.find((a: Assessment) => a.source === "SUPERVISOR");
    if (supervisor?.resultRating === undefined || supervisor.behaviourRating === undefined) {
      throw validationError([
        {
          path: ["assessments"],
          message: "the SUPERVISOR's resultRating and behaviourRating are needed",
          code: "missing",
        },
      ]);
    }
    const capaian = planCapaian(c.workPlan, c.realizations).capaian;
    const grade = x.step({
      rule: "matrix",
      legalBasis: "PermenPAN-RB 6/2022",
      title: { id: "Predikat", en: "Predikat" },
      inputs: { resultRating: supervisor.resultRating, behaviourRating: supervisor.behaviourRating },
      output: MATRIX[supervisor.resultRating][supervisor.behaviourRating],
      text: { id: "Matriks rating", en: "Rating matrix" },
    }) as Grade;
    const count = (source: string) => c.assessments.filter((a: Assessment) => a.source === source).length;
    return {
      grade,
      score: null,
      ratings: {
        resultRating: supervisor.resultRating,
        behaviourRating: supervisor.behaviourRating,
        capaian,
        peerAnswers: count("PEER"),
        publicAnswers: count("PUBLIC"),
      },
      explanation: x.steps,
    };
  },
  consequences(result) {
    return [
      {
        kind: "DEVELOPMENT",
        action: "COACHING",
        legalBasis: "PermenPAN-RB 6/2022 Pasal 5 (tindak lanjut)",
        label: { id: `Tindak lanjut ${result.grade}`, en: `Follow-up for ${result.grade}` },
        grade: result.grade,
      },
    ];
  },
  distribute(results: readonly EvaluationResult[], _organisation, config): Distribution {
    const counts: Record<string, number> = Object.fromEntries(GRADES.map((g) => [g, 0]));
    for (const r of results) counts[r.grade] = (counts[r.grade] ?? 0) + 1;
    const limit = Math.floor(config.maxTopShare * results.length);
    const top = counts.SANGAT_BAIK ?? 0;
    if (top <= limit) return { counts, violations: [] };
    const excess = results
      .filter((r) => r.grade === "SANGAT_BAIK")
      .sort((a, b) => Number(a.ratings.capaian) - Number(b.ratings.capaian))
      .slice(0, top - limit);
    return {
      counts,
      violations: [
        {
          rule: "server-fixture/distribution/max-top",
          grade: "SANGAT_BAIK",
          bound: { kind: "AT_MOST", share: config.maxTopShare, count: limit },
          actual: { count: top, share: top / results.length },
          severity: "WARNING",
          message: { id: "Terlalu banyak SANGAT_BAIK", en: "Too many SANGAT_BAIK" },
        },
      ],
      proposal: {
        changes: excess.map((r) => ({
          employeeId: r.employeeId,
          from: "SANGAT_BAIK",
          to: "BAIK",
          reason: { id: "Capaian terendah", en: "Lowest capaian" },
        })),
        satisfiesBounds: true,
        order: { id: "Capaian terendah lebih dulu", en: "Lowest capaian first" },
      },
    };
  },
});

/** Every rule package of @kinerja/rules-default plus the fixture package. */
export function fixtureRegistry(): RulePackageRegistry {
  return createRegistry([...defaultRegistry().list(), fixturePackage]);
}

/** The grade rank of a grade of the fixture package (0 = best). */
export const fixtureRank = (grade: string) => gradeRank(fixturePackage, grade);

/** A simple approved plan: one UTAMA result with one KUANTITAS indicator (target 10). */
export const simplePlan = {
  approach: "KUANTITATIF",
  results: [
    { id: "r1", kind: "UTAMA", indicators: [{ id: "i1", aspect: "KUANTITAS", target: 10, unit: "laporan" }] },
  ],
};

/** Ids of a seeded agency. */
export interface SeededAgency {
  agencyId: string;
  periodId: string;
  unitId: string;
  /** Head of unit; supervisor of `supervisor`. */
  head: string;
  /** Supervisor of every staff member. */
  supervisor: string;
  /** Staff (JF, AHLI_PERTAMA) reporting to `supervisor`, each with an approved plan. */
  staff: string[];
  /** Another unit's employees (peers of nobody in particular). */
  others: string[];
}

const T = new Date("2026-01-02T00:00:00Z");

/**
 * Seeds an agency straight into the tables (the route tests of feedback, assessments,
 * calibration and follow-up do not depend on the record routes): a unit with a head, a
 * supervisor and `staffCount` staff with approved plans and realisations, a second unit, and a
 * period in `state` that pinned the fixture package.
 */
export async function seedAgency(
  database: Database,
  options: {
    agencyId: string;
    state: string;
    staffCount?: number;
    capaian?: number[];
    config?: Record<string, unknown>;
    /** Whether the staff get approved plans and realisations (default true). */
    plans?: boolean;
  },
): Promise<SeededAgency> {
  const a = options.agencyId;
  const staff = Array.from({ length: options.staffCount ?? 4 }, (_, i) => `${a}-s${i + 1}`);
  const others = [`${a}-o1`, `${a}-o2`];
  const seeded: SeededAgency = {
    agencyId: a,
    periodId: `${a}-p2026`,
    unitId: "u1",
    head: `${a}-head`,
    supervisor: `${a}-sup`,
    staff,
    others,
  };
  await inTransaction(database, async (tx) => {
    await tx
      .insertInto("agencies")
      .values({
        id: a,
        name: `Agency ${a}`,
        rule_package_id: fixturePackage.id,
        rule_package_version: fixturePackage.version,
        rule_package_config: json(options.config ?? {}),
        version: 1,
        created_at: T,
        updated_at: T,
      })
      .execute();
    for (const [id, name] of [
      ["u1", "Bidang Satu"],
      ["u2", "Bidang Dua"],
    ] as const) {
      await tx
        .insertInto("units")
        .values({
          agency_id: a,
          id,
          name,
          parent_id: null,
          head_id: null,
          version: 1,
          created_at: T,
          updated_at: T,
        })
        .execute();
    }
    const employee = (
      id: string,
      unit: string,
      supervisor: string | null,
      extra: Record<string, unknown> = {},
    ) =>
      tx
        .insertInto("employees")
        .values({
          agency_id: a,
          id,
          name: `Name of ${id}`,
          position_kind: "JF",
          structural: false,
          functional_level: "AHLI_PERTAMA",
          is_unit_head: false,
          unit_id: unit,
          supervisor_id: supervisor,
          attributes: json({ siasnId: `SIASN-${id}`, golongan: "III/b", jabatan: `Jabatan ${id}` }),
          version: 1,
          created_at: T,
          updated_at: T,
          ...extra,
        })
        .execute();
    await employee(seeded.head, "u1", null, {
      position_kind: "JA",
      functional_level: null,
      is_unit_head: true,
    });
    await employee(seeded.supervisor, "u1", seeded.head, { position_kind: "JA", functional_level: null });
    for (const id of staff) await employee(id, "u1", seeded.supervisor);
    for (const id of others) await employee(id, "u2", seeded.head);
    await tx
      .insertInto("periods")
      .values({
        id: seeded.periodId,
        agency_id: a,
        name: "2026",
        start_date: "2026-01-01",
        end_date: "2026-12-31",
        cadence: "ANNUAL",
        state: options.state,
        rule_package_id: fixturePackage.id,
        rule_package_version: fixturePackage.version,
        rule_package_config: json(options.config ?? {}),
        version: 1,
        created_at: T,
        updated_at: T,
      })
      .execute();
    for (const [i, id] of (options.plans === false ? [] : staff).entries()) {
      const planId = `${id}-plan`;
      await tx
        .insertInto("work_plans")
        .values({
          id: planId,
          agency_id: a,
          period_id: seeded.periodId,
          employee_id: id,
          state: "APPROVED",
          plan: json(simplePlan),
          edited_since_review: false,
          review: null,
          version: 1,
          created_at: T,
          updated_at: T,
        })
        .execute();
      await tx
        .insertInto("realizations")
        .values({
          id: `${planId}-r`,
          agency_id: a,
          work_plan_id: planId,
          indicator_id: "i1",
          sub_period: "2026",
          value: options.capaian?.[i] ?? 10 + i,
          evidence: json([]),
          version: 1,
          created_at: T,
          updated_at: T,
        })
        .execute();
    }
  });
  return seeded;
}

/**
 * A test app over `database` with the fixture registry, a fixed clock and sequential ids
 * `${prefix}-00001`, … (what the route tests of one seeded agency share).
 */
export async function fixtureApp(database: Database, options: { prefix: string; now: Date }) {
  let ids = 0;
  return testApp({
    database,
    registry: fixtureRegistry(),
    clock: () => options.now,
    newId: () => {
      ids += 1;
      return `${options.prefix}-${String(ids).padStart(5, "0")}`;
    },
  });
}

import fc from "fast-check";
import { type Assessment, BASE_SOURCES, RatingSchema } from "../assessment";
import {
  type Agency,
  type Employee,
  FunctionalLevelSchema,
  type OrganisationUnit,
  PositionKindSchema,
  type ReportingLine,
} from "../employee";
import type {
  CalibrationChange,
  CalibrationProposal,
  Consequence,
  Distribution,
  EvaluationCase,
  EvaluationRequest,
  EvaluationResponse,
  EvaluationResult,
  ExplanationStep,
  Json,
  Violation,
  Warning,
} from "../evaluation";
import { type Organisation, OrganisationPredikatSchema } from "../organisation";
import { CadenceSchema, type Period, subPeriods } from "../period";
import { type Evidence, EvidenceKindSchema, type Realization } from "../realization";
import type { LocalizedText } from "../text";
import {
  AggregationSchema,
  ApproachSchema,
  type Aspect,
  AspectSchema,
  type Attachments,
  type BehaviourExpectation,
  CoreValueSchema,
  type Direction,
  DirectionSchema,
  type Indicator,
  PerspectiveSchema,
  type Result,
  ResultKindSchema,
  type Target,
  type WorkPlan,
} from "../work-plan";

// Every arbitrary below produces values in their parsed form (defaults present), so that
// `Schema.parse(value)` gives back an equal value.

const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");
const ALNUM = [...LOWER, ..."0123456789".split("")];

/** `-0` does not survive JSON; adding 0 turns it into `0` and leaves every other number alone. */
const noNegativeZero = (n: number): number => n + 0;

const word = (min = 1, max = 8) =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: max });

const slug = (prefix: string) => word(1, 8).map((s) => `${prefix}-${s}`);

const freeText = (maxLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: Math.min(maxLength, 40) }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: Math.min(maxLength, 20) }) },
  );

const INDONESIAN_NAMES = [
  "Siti Rahmawati",
  "Budi Santoso",
  "I Gusti Ayu Made Sari",
  "Yohanes Pardede",
  "Andi Tenri Ajeng",
  "Ni Luh Putu Ariani",
  "Muhammad Rizky Pratama",
  "Theresia Wulandari",
  "Lim Swie Hong",
  "Teuku Ardiansyah",
];

/** A finite number within `[min, max]`: integers mostly, any double sometimes, never `-0`. */
function numberIn(min: number, max: number): fc.Arbitrary<number> {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  const double = fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
  if (lo > hi) return double;
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: lo, max: hi }).map(noNegativeZero) },
    { weight: 1, arbitrary: double },
  );
}

/** Makes ids unique in order by appending `-2`, `-3`, … to repeats. */
function uniquify(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.map((id) => {
    let candidate = id;
    for (let n = 2; seen.has(candidate); n += 1) candidate = `${id}-${n}`;
    seen.add(candidate);
    return candidate;
  });
}

/** Integer weights, each at least 1, that add up to exactly 100, proportional to `raw`. */
function weightsSummingTo100(raw: readonly number[]): number[] {
  const n = raw.length;
  const free = 100 - n;
  const total = raw.reduce((s, v) => s + v, 0);
  const weights = raw.map((v) => 1 + Math.floor((free * v) / total));
  let rest = 100 - weights.reduce((s, v) => s + v, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest -= 1) weights[i] = (weights[i] ?? 0) + 1;
  return weights;
}

/** An arbitrary {@link LocalizedText}: a text in Indonesian and English. */
export function arbitraryLocalizedText(): fc.Arbitrary<LocalizedText> {
  return fc.record({ id: freeText(200), en: freeText(200) });
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * An arbitrary NIP (Nomor Induk Pegawai, 18 digits) as BKN forms it: the birth date (YYYYMMDD,
 * 1955–2006), the month of appointment (YYYYMM, 1975–2030), the sex digit (1 male, 2 female) and
 * a serial number (3 digits). A rule keyed on any part of it changes results under the kit's
 * identity changes.
 */
export function arbitraryNip(): fc.Arbitrary<string> {
  // Days 1–28 keep every birth date real without a calendar; integers are cheap to draw.
  return fc
    .tuple(
      fc.integer({ min: 1955, max: 2006 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 1975, max: 2030 }),
      fc.integer({ min: 1, max: 12 }),
      fc.constantFrom(1, 2),
      fc.integer({ min: 1, max: 999 }),
    )
    .map(
      ([year, month, day, appointedYear, appointedMonth, sex, serial]) =>
        `${year}${pad(month, 2)}${pad(day, 2)}${appointedYear}${pad(appointedMonth, 2)}${sex}${pad(serial, 3)}`,
    );
}

/** An arbitrary employee id: a NIP-shaped id most of the time ({@link arbitraryNip}), another HR system's id sometimes. */
export function arbitraryEmployeeId(): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: arbitraryNip() }, { weight: 1, arbitrary: slug("emp") });
}

/** Sex codes as HR systems spell them, far beyond L/P (a rule keyed on any of them must be caught). */
const SEX_CODES = [
  "L",
  "P",
  "PRIA",
  "WANITA",
  "LAKI-LAKI",
  "PEREMPUAN",
  "M",
  "F",
  "MALE",
  "FEMALE",
  "1",
  "2",
];
const RELIGIONS = ["ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KONGHUCU", "KEPERCAYAAN", "Islam", "1"];
const ETHNICITIES = [
  "JAWA",
  "SUNDA",
  "BATAK",
  "MINANGKABAU",
  "BUGIS",
  "BALI",
  "DAYAK",
  "PAPUA",
  "TIONGHOA",
  "MELAYU",
];

const PROVINCES = ["ACEH", "SUMATERA_UTARA", "JAMBI", "KALIMANTAN_BARAT", "SULAWESI_BARAT", "PAPUA"];
const MARITAL_STATUSES = ["BELUM_KAWIN", "KAWIN", "CERAI_HIDUP", "CERAI_MATI", "K/1", "TK/0"];
const DISABILITIES = ["TIDAK_ADA", "FISIK", "SENSORIK", "INTELEKTUAL", "MENTAL"];

/**
 * Arbitrary HR attributes that no rule may read: every protected key in every spelling
 * (`jenisKelamin`/`gender`, `agama`/`religion`, `suku`/`ethnicity`, `tanggalLahir`/`birthDate`,
 * `usia`/`age`, marital status, origin, disability, political background, … see
 * `PROTECTED_ATTRIBUTES`), each with codes as different HR systems write them,
 * free text or `null`, plus `extra` keys (a region's own protected attributes) and a few others.
 */
export function arbitraryEmployeeAttributes(
  extra: readonly string[] = [],
): fc.Arbitrary<Employee["attributes"]> {
  const value = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof(
      { weight: 6, arbitrary: arb },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  const sex = value(fc.constantFrom(...SEX_CODES));
  const religion = value(fc.constantFrom(...RELIGIONS));
  const ethnicity = value(fc.constantFrom(...ETHNICITIES));
  const birthDate = value(arbitraryIsoDate().map((d) => `${Number(d.slice(0, 4)) - 40}${d.slice(4)}`));
  const age = value(fc.integer({ min: 18, max: 65 }));
  const origin = value(fc.constantFrom(...PROVINCES));
  const birthPlace = value(fc.constantFrom(...PROVINCES));
  const marital = value(fc.constantFrom(...MARITAL_STATUSES));
  const disability = fc.oneof(value(fc.constantFrom(...DISABILITIES)), fc.boolean());
  const politics = value(fc.constantFrom("TIDAK_ADA", "PARTAI_A", "PARTAI_B", "MANTAN_ANGGOTA_PARTAI"));
  const skin = value(fc.constantFrom("SAWO_MATANG", "KUNING_LANGSAT", "GELAP", "TERANG"));
  // One value per attribute, under every spelling: a rule keyed on any of them sees it vary.
  return fc
    .record({
      sex,
      religion,
      ethnicity,
      birthDate,
      age,
      merit: fc.record({ origin, birthPlace, marital, disability, politics, skin }),
      regional: fc.tuple(...extra.map(() => value(fc.string({ maxLength: 12 })))),
      others: fc.dictionary(
        word(1, 6).map((k) => `x_${k}`),
        fc.oneof(
          fc.string({ maxLength: 10 }),
          fc.integer({ min: -1000, max: 1000 }),
          fc.boolean(),
          fc.constant(null),
        ),
        { maxKeys: 2 },
      ),
    })
    .map(({ others, regional, merit, sex: s, religion: r, ethnicity: e, birthDate: b, age: a }) => ({
      ...others,
      jenisKelamin: s,
      gender: s,
      agama: r,
      religion: r,
      suku: e,
      ethnicity: e,
      tanggalLahir: b,
      birthDate: b,
      usia: a,
      age: a,
      ras: e,
      race: e,
      warnaKulit: merit.skin,
      skinColour: merit.skin,
      asalUsul: merit.origin,
      origin: merit.origin,
      daerahAsal: merit.origin,
      placeOfOrigin: merit.origin,
      tempatLahir: merit.birthPlace,
      birthPlace: merit.birthPlace,
      statusPernikahan: merit.marital,
      statusPerkawinan: merit.marital,
      maritalStatus: merit.marital,
      disabilitas: merit.disability,
      kondisiKecacatan: merit.disability,
      disability: merit.disability,
      afiliasiPolitik: merit.politics,
      latarBelakangPolitik: merit.politics,
      politicalAffiliation: merit.politics,
      ...Object.fromEntries(extra.map((key, i) => [key, regional[i] ?? null])),
    }));
}

/** An arbitrary employee (parsed form): a NIP-shaped id, every protected attribute among the attributes. */
export function arbitraryEmployee(): fc.Arbitrary<Employee> {
  return fc.record(
    {
      id: arbitraryEmployeeId(),
      name: fc.oneof(fc.constantFrom(...INDONESIAN_NAMES), freeText(200)),
      positionKind: fc.constantFrom(...PositionKindSchema.options),
      structural: fc.boolean(),
      functionalLevel: fc.constantFrom(...FunctionalLevelSchema.options),
      isUnitHead: fc.boolean(),
      unitId: slug("unit"),
      unitName: freeText(200),
      supervisorId: arbitraryEmployeeId(),
      attributes: arbitraryEmployeeAttributes(),
    },
    { requiredKeys: ["id", "positionKind", "structural", "isUnitHead", "attributes"] },
  );
}

/** An arbitrary organisation unit. */
export function arbitraryOrganisationUnit(): fc.Arbitrary<OrganisationUnit> {
  return fc.record(
    {
      id: slug("unit"),
      name: fc.string({ minLength: 1, maxLength: 60 }),
      parentId: slug("unit"),
      headId: arbitraryEmployeeId(),
    },
    { requiredKeys: ["id", "name"] },
  );
}

/** An arbitrary agency (instansi) with a few units. */
export function arbitraryAgency(): fc.Arbitrary<Agency> {
  return fc.record({
    id: slug("agency"),
    name: fc.string({ minLength: 1, maxLength: 60 }),
    units: fc.array(arbitraryOrganisationUnit(), { maxLength: 4 }),
  });
}

/** An arbitrary reporting line. */
export function arbitraryReportingLine(): fc.Arbitrary<ReportingLine> {
  return fc.record({ employeeId: arbitraryEmployeeId(), supervisorId: arbitraryEmployeeId() });
}

/** An arbitrary organisation with a random predikat. */
export function arbitraryOrganisation(): fc.Arbitrary<Organisation> {
  return fc.record(
    {
      id: slug("org"),
      name: freeText(200),
      predikat: fc.constantFrom(...OrganisationPredikatSchema.options),
    },
    { requiredKeys: ["id", "predikat"] },
  );
}

const DAY_MS = 86_400_000;
const isoDay = (year: number, dayOfYear: number) =>
  new Date(Date.UTC(year, 0, 1) + dayOfYear * DAY_MS).toISOString().slice(0, 10);

/** An arbitrary calendar date `YYYY-MM-DD` between 2015 and 2035. */
export function arbitraryIsoDate(): fc.Arbitrary<string> {
  return fc
    .record({ year: fc.integer({ min: 2015, max: 2035 }), day: fc.integer({ min: 0, max: 364 }) })
    .map(({ year, day }) => isoDay(year, day));
}

/**
 * An arbitrary assessment period inside one calendar year (2015–2035): the whole year most of
 * the time, any start and end day otherwise, with any cadence.
 */
export function arbitraryPeriod(): fc.Arbitrary<Period> {
  return fc
    .record({
      year: fc.integer({ min: 2015, max: 2035 }),
      wholeYear: fc.boolean(),
      a: fc.integer({ min: 0, max: 364 }),
      b: fc.integer({ min: 0, max: 364 }),
      cadence: fc.constantFrom(...CadenceSchema.options),
    })
    .map(({ year, wholeYear, a, b, cadence }) =>
      wholeYear
        ? { start: `${year}-01-01`, end: `${year}-12-31`, cadence }
        : { start: isoDay(year, Math.min(a, b)), end: isoDay(year, Math.max(a, b)), cadence },
    );
}

/** A positive target magnitude: counts, percentages, amounts. */
const magnitude = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
  { weight: 1, arbitrary: fc.double({ min: 0.5, max: 1000, noNaN: true }) },
);

/** An arbitrary target: a positive number, 0 (e.g. zero complaints), or a `{ min, max }` range. */
export function arbitraryTarget(): fc.Arbitrary<Target> {
  return fc.oneof(
    { weight: 6, arbitrary: magnitude },
    { weight: 1, arbitrary: fc.constant(0) },
    {
      weight: 2,
      arbitrary: fc
        .record({ min: magnitude, width: fc.integer({ min: 0, max: 50 }) })
        .map(({ min, width }) => ({ min, max: min + width })),
    },
  );
}

/** Target magnitude used to scale realisations (range → its lower bound). */
const targetBase = (t: Target): number => (typeof t === "number" ? t : t.min);

/** A realisation percentage of the target: 0–200 %, integer most of the time. */
const percentage = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 200 }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 200, noNaN: true }) },
);

const realised = (target: Target, pct: number): number => {
  const base = targetBase(target);
  return noNegativeZero(base === 0 ? Math.round(pct / 40) : (base * pct) / 100);
};

/** Draft of an indicator: the indicator's fields plus how its realisation is recorded. */
interface IndicatorDraft {
  id: string;
  description?: string;
  aspect: Aspect;
  direction?: Direction;
  unit?: string;
  aggregation?: Indicator["aggregation"];
  target: Target;
  pct: number;
  mode: "inline" | "periods" | "missing";
  slots: number[];
  jitter: number[];
  rawWeight: number;
}

function indicatorDraft(subPeriodMode: boolean | undefined): fc.Arbitrary<IndicatorDraft> {
  const mode: fc.Arbitrary<IndicatorDraft["mode"]> =
    subPeriodMode === true
      ? fc.constant("periods")
      : subPeriodMode === false
        ? fc.oneof(
            { weight: 9, arbitrary: fc.constant("inline" as const) },
            { weight: 1, arbitrary: fc.constant("missing" as const) },
          )
        : fc.oneof(
            { weight: 5, arbitrary: fc.constant("inline" as const) },
            { weight: 4, arbitrary: fc.constant("periods" as const) },
            { weight: 1, arbitrary: fc.constant("missing" as const) },
          );
  return fc.record(
    {
      id: slug("iki"),
      description: fc.string({ maxLength: 60 }),
      aspect: fc.constantFrom(...AspectSchema.options),
      direction: fc.constantFrom(...DirectionSchema.options),
      unit: fc.constantFrom("laporan", "%", "bulan", "hari", "rupiah", "dokumen", "orang"),
      aggregation: fc.constantFrom(...AggregationSchema.options),
      target: arbitraryTarget(),
      pct: percentage,
      mode,
      slots: fc.uniqueArray(fc.nat({ max: 11 }), { minLength: 1, maxLength: 4 }),
      jitter: fc.array(fc.integer({ min: 50, max: 150 }), { minLength: 4, maxLength: 4 }),
      rawWeight: fc.integer({ min: 1, max: 100 }),
    },
    { requiredKeys: ["id", "aspect", "target", "pct", "mode", "slots", "jitter", "rawWeight"] },
  );
}

interface ResultDraft {
  id: string;
  description?: string;
  kind: Result["kind"];
  parentResultId?: string;
  perspective?: Result["perspective"];
  rawWeight: number;
  weighted: boolean;
  indicators: IndicatorDraft[];
}

function resultDraft(subPeriodMode: boolean | undefined, maxIndicators: number): fc.Arbitrary<ResultDraft> {
  return fc.record(
    {
      id: slug("rhk"),
      description: fc.string({ maxLength: 60 }),
      kind: fc.oneof(
        { weight: 4, arbitrary: fc.constant("UTAMA" as const) },
        { weight: 1, arbitrary: fc.constantFrom(...ResultKindSchema.options) },
      ),
      parentResultId: slug("rhk-atasan"),
      perspective: fc.constantFrom(...PerspectiveSchema.options),
      rawWeight: fc.integer({ min: 1, max: 100 }),
      weighted: fc.boolean(),
      indicators: fc.array(indicatorDraft(subPeriodMode), { minLength: 1, maxLength: maxIndicators }),
    },
    { requiredKeys: ["id", "kind", "rawWeight", "weighted", "indicators"] },
  );
}

/** Turns drafts into results (unique ids, coherent weights) and sub-period realisations. */
function buildResults(
  drafts: readonly ResultDraft[],
  weighted: boolean,
  keys: readonly string[],
): { results: Result[]; realizations: Realization[] } {
  const resultIds = uniquify(drafts.map((d) => d.id));
  const indicatorIds = uniquify(drafts.flatMap((d) => d.indicators.map((i) => i.id)));
  // A plan needs a main result; weights go to the main results only (TAMBAHAN carries none).
  const kinds = drafts.map((d, i) =>
    i === 0 && !drafts.some((x) => x.kind === "UTAMA") ? ("UTAMA" as const) : d.kind,
  );
  const mainWeights = weighted
    ? weightsSummingTo100(drafts.filter((_, i) => kinds[i] === "UTAMA").map((d) => d.rawWeight))
    : undefined;
  let nextMain = 0;
  const resultWeights = mainWeights
    ? kinds.map((kind) => (kind === "UTAMA" ? mainWeights[nextMain++] : undefined))
    : undefined;
  const realizations: Realization[] = [];
  let next = 0;
  const results = drafts.map((d, ri): Result => {
    const indicatorWeights = d.weighted
      ? weightsSummingTo100(d.indicators.map((i) => i.rawWeight))
      : undefined;
    const indicators = d.indicators.map((draft, ii): Indicator => {
      const id = indicatorIds[next] ?? draft.id;
      next += 1;
      const total = realised(draft.target, draft.pct);
      const mode = draft.mode === "periods" && keys.length === 0 ? "inline" : draft.mode;
      if (mode === "periods") {
        const chosen = [...new Set(draft.slots.map((s) => keys[s % keys.length] ?? ""))];
        const aggregation = draft.aggregation ?? (draft.aspect === "KUALITAS" ? "MEAN" : "SUM");
        chosen.forEach((subPeriod, k) => {
          const share = aggregation === "SUM" ? total / chosen.length : total;
          const value = noNegativeZero((share * (draft.jitter[k % draft.jitter.length] ?? 100)) / 100);
          realizations.push({ indicatorId: id, subPeriod, value, evidence: [] });
        });
      }
      return {
        id,
        ...(draft.description !== undefined ? { description: draft.description } : {}),
        aspect: draft.aspect,
        target: draft.target,
        ...(draft.unit !== undefined ? { unit: draft.unit } : {}),
        ...(draft.direction !== undefined ? { direction: draft.direction } : {}),
        ...(indicatorWeights ? { weight: indicatorWeights[ii] ?? 1 } : {}),
        ...(draft.aggregation !== undefined ? { aggregation: draft.aggregation } : {}),
        ...(mode === "inline" ? { realization: total } : {}),
      };
    });
    const weight = resultWeights?.[ri];
    return {
      id: resultIds[ri] ?? d.id,
      ...(d.description !== undefined ? { description: d.description } : {}),
      kind: kinds[ri] ?? d.kind,
      ...(d.parentResultId !== undefined && !resultIds.includes(d.parentResultId)
        ? { parentResultId: d.parentResultId }
        : {}),
      ...(d.perspective !== undefined ? { perspective: d.perspective } : {}),
      ...(weight !== undefined ? { weight } : {}),
      indicators,
    };
  });
  return { results, realizations };
}

/** An arbitrary indicator (IKI), with an inline realisation most of the time. */
export function arbitraryIndicator(): fc.Arbitrary<Indicator> {
  return fc
    .record({
      draft: indicatorDraft(false),
      weight: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    })
    .map(({ draft, weight }) => {
      const indicator = buildResults(
        [{ id: "r", kind: "UTAMA", rawWeight: 1, weighted: false, indicators: [draft] }],
        false,
        [],
      ).results[0]?.indicators[0] as Indicator;
      return weight === undefined ? indicator : { ...indicator, weight };
    });
}

/** An arbitrary planned result (RHK) with 1–3 indicators: unique ids, weights absent or adding up to 100. */
export function arbitraryResult(): fc.Arbitrary<Result> {
  return fc
    .record({
      draft: resultDraft(false, 3),
      weight: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    })
    .map(({ draft, weight }) => {
      const result = buildResults([draft], false, []).results[0] as Result;
      return weight === undefined ? result : { ...result, weight };
    });
}

/** An arbitrary BerAKHLAK behaviour expectation. */
export function arbitraryBehaviourExpectation(): fc.Arbitrary<BehaviourExpectation> {
  return fc.record({
    value: fc.constantFrom(...CoreValueSchema.options),
    expectation: fc.string({ maxLength: 80 }),
  });
}

/** Arbitrary SKP attachments (lampiran). */
export function arbitraryAttachments(): fc.Arbitrary<Attachments> {
  const list = fc.array(fc.string({ maxLength: 60 }), { maxLength: 3 });
  return fc.record({ DUKUNGAN_SUMBER_DAYA: list, SKEMA_PERTANGGUNGJAWABAN: list, KONSEKUENSI: list });
}

/** Options shared by the work plan and case arbitraries. */
export interface WorkPlanArbitraryOptions {
  /** At most this many results (default 3). */
  maxResults?: number;
  /** At most this many indicators per result (default 3). */
  maxIndicators?: number;
}

interface PlanDraft {
  id?: string;
  approach: WorkPlan["approach"];
  weighted: boolean;
  results: ResultDraft[];
  behaviours: BehaviourExpectation[];
  attachments?: Attachments;
}

function planDraft(
  subPeriodMode: boolean | undefined,
  options: WorkPlanArbitraryOptions,
): fc.Arbitrary<PlanDraft> {
  return fc.record(
    {
      id: slug("skp"),
      approach: fc.constantFrom(...ApproachSchema.options),
      weighted: fc.boolean(),
      results: fc.array(resultDraft(subPeriodMode, options.maxIndicators ?? 3), {
        minLength: 1,
        maxLength: options.maxResults ?? 3,
      }),
      behaviours: fc.uniqueArray(arbitraryBehaviourExpectation(), { selector: (b) => b.value, maxLength: 7 }),
      attachments: arbitraryAttachments(),
    },
    { requiredKeys: ["approach", "weighted", "results", "behaviours"] },
  );
}

function buildPlan(draft: PlanDraft, employeeId: string | undefined, keys: readonly string[]) {
  const { results, realizations } = buildResults(draft.results, draft.weighted, keys);
  const workPlan: WorkPlan = {
    ...(draft.id !== undefined ? { id: draft.id } : {}),
    ...(employeeId !== undefined ? { employeeId } : {}),
    approach: draft.approach,
    results,
    behaviours: draft.behaviours,
    ...(draft.attachments ? { attachments: draft.attachments } : {}),
  };
  return { workPlan, realizations };
}

/**
 * An arbitrary work plan (SKP): 1–3 results of 1–3 indicators, at least one UTAMA, unique
 * result and indicator ids, weights either absent or integers adding up to exactly 100 (over the
 * UTAMA results; TAMBAHAN results carry none), inline realisations: a plan
 * `checkWorkPlan` finds no problem in.
 */
export function arbitraryWorkPlan(options: WorkPlanArbitraryOptions = {}): fc.Arbitrary<WorkPlan> {
  return fc
    .record({
      draft: planDraft(false, options),
      employeeId: fc.option(arbitraryEmployeeId(), { nil: undefined }),
    })
    .map(({ draft, employeeId }) => buildPlan(draft, employeeId, []).workPlan);
}

/** An arbitrary evidence reference (a URL or a file id). */
export function arbitraryEvidence(): fc.Arbitrary<Evidence> {
  const url = word(1, 10).map((p) => `https://bukti.example.go.id/${p}`);
  const fileId = slug("file");
  return fc
    .record(
      {
        kind: fc.constantFrom(...EvidenceKindSchema.options),
        which: fc.constantFrom("url", "file", "both"),
        url,
        fileId,
        description: fc.string({ maxLength: 60 }),
      },
      { requiredKeys: ["kind", "which", "url", "fileId"] },
    )
    .map(({ which, url: u, fileId: f, ...rest }) => ({
      ...rest,
      ...(which !== "file" ? { url: u } : {}),
      ...(which !== "url" ? { fileId: f } : {}),
    }));
}

/** An arbitrary realisation of an indicator in a sub-period (`2026-Q1`, `2026-03`, …), with evidence. */
export function arbitraryRealization(): fc.Arbitrary<Realization> {
  return fc.record({
    indicatorId: slug("iki"),
    subPeriod: fc.oneof(
      fc.integer({ min: 2015, max: 2035 }).map(String),
      fc
        .record({ y: fc.integer({ min: 2015, max: 2035 }), q: fc.integer({ min: 1, max: 4 }) })
        .map(({ y, q }) => `${y}-Q${q}`),
      fc
        .record({ y: fc.integer({ min: 2015, max: 2035 }), m: fc.integer({ min: 1, max: 12 }) })
        .map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`),
    ),
    value: numberIn(0, 10_000),
    evidence: fc.array(arbitraryEvidence(), { maxLength: 2 }),
  });
}

/** Options for {@link arbitraryAssessment}. */
export interface AssessmentArbitraryOptions {
  /** Sources to draw from (default {@link BASE_SOURCES}). */
  sources?: readonly string[];
  /** Behaviour aspect codes to score (default the seven BerAKHLAK values); each assessment scores all of them. */
  behaviourAspects?: readonly string[];
  /** The range of behaviour scores (default 0–100). */
  behaviourRange?: { min: number; max: number };
}

const CORE_VALUES: readonly string[] = CoreValueSchema.options;

function assessmentFor(
  source: fc.Arbitrary<string>,
  options: AssessmentArbitraryOptions,
  complete: boolean,
): fc.Arbitrary<Assessment> {
  const aspects = options.behaviourAspects ?? CORE_VALUES;
  const range = options.behaviourRange ?? { min: 0, max: 100 };
  const score = numberIn(range.min, range.max);
  const behaviour = fc
    .tuple(...aspects.map(() => score))
    .map((scores) => Object.fromEntries(aspects.map((a, i) => [a, scores[i] ?? range.min])));
  const rating = fc.constantFrom(...RatingSchema.options);
  return fc.record(
    {
      source,
      raterId: arbitraryEmployeeId(),
      resultRating: rating,
      behaviourRating: rating,
      behaviour: complete
        ? behaviour
        : behaviour.chain((b) =>
            fc.subarray(Object.keys(b)).map((keep) => Object.fromEntries(keep.map((k) => [k, b[k] ?? 0]))),
          ),
      justification: fc.string({ maxLength: 80 }),
      comments: freeText(200),
    },
    {
      requiredKeys: complete
        ? ["source", "resultRating", "behaviourRating", "behaviour"]
        : ["source", "behaviour"],
    },
  );
}

/** An arbitrary assessment: any source of `sources`, ratings and scores present or not. */
export function arbitraryAssessment(options: AssessmentArbitraryOptions = {}): fc.Arbitrary<Assessment> {
  return assessmentFor(fc.constantFrom(...(options.sources ?? BASE_SOURCES)), options, false);
}

/** Options for {@link arbitraryEvaluationCase}. */
export interface EvaluationCaseArbitraryOptions extends AssessmentArbitraryOptions, WorkPlanArbitraryOptions {
  /**
   * Sources that give exactly one assessment per case (default `SELF` and `SUPERVISOR`); every
   * other source of `sources` gives 1–3.
   */
  singleSources?: readonly string[];
  /**
   * `true`: every indicator's realisation is recorded per sub-period; `false`: inline only;
   * absent: either, chosen per indicator (never both for one indicator).
   */
  subPeriods?: boolean;
  /**
   * A fixed period: realisations use its sub-period keys and cases carry no period of their
   * own (evaluate them with this period in the context). By default each case has a random one.
   */
  period?: Period;
}

/**
 * An arbitrary valid evaluation case: an employee, a coherent work plan (unique ids; weights
 * absent or integers adding up to exactly 100; realisations inline or per sub-period, never
 * both, always referencing an existing indicator), and one complete assessment per single
 * source plus 1–3 per other source. Map it to add a package's own fields.
 *
 * @example
 * const cases = arbitraryEvaluationCase({ sources: ["SUPERVISOR", "PEER"] }).map((c) => ({ ...c, attendance: 0.98 }));
 */
export function arbitraryEvaluationCase(
  options: EvaluationCaseArbitraryOptions = {},
): fc.Arbitrary<EvaluationCase> {
  const sources = options.sources ?? BASE_SOURCES;
  const single = new Set(options.singleSources ?? ["SELF", "SUPERVISOR"]);
  const assessments = fc
    .tuple(
      ...sources.map((source) =>
        fc.array(assessmentFor(fc.constant(source), options, true), {
          minLength: 1,
          maxLength: single.has(source) ? 1 : 3,
        }),
      ),
    )
    .map((groups) => groups.flat());
  return fc
    .record({
      employee: arbitraryEmployee(),
      plan: planDraft(options.subPeriods, options),
      planOwner: fc.boolean(),
      period: options.period
        ? fc.constant(undefined)
        : fc.option(arbitraryPeriod(), { nil: undefined, freq: 3 }),
      assessments,
    })
    .map(({ employee, plan, planOwner, period: ownPeriod, assessments: list }) => {
      const usesPeriods = plan.results.some((r) => r.indicators.some((i) => i.mode === "periods"));
      const fallback: Period = { start: "2026-01-01", end: "2026-12-31", cadence: "QUARTERLY" };
      const period = options.period ?? ownPeriod ?? (usesPeriods ? fallback : undefined);
      const keys = period ? subPeriods(period).map((s) => s.key) : [];
      const { workPlan, realizations } = buildPlan(plan, planOwner ? employee.id : undefined, keys);
      const casePeriod = options.period ? undefined : period;
      return {
        employee,
        workPlan,
        realizations,
        assessments: list,
        ...(casePeriod ? { period: casePeriod } : {}),
      };
    });
}

/** Options for {@link arbitraryEvaluationRequest}. */
export interface EvaluationRequestArbitraryOptions {
  /** The `rules` value (default: a random `id` or `id@range`). */
  rules?: string;
  /** The cases (default {@link arbitraryEvaluationCase}). */
  cases?: fc.Arbitrary<unknown>;
  /** At most this many cases (default 3). */
  maxCases?: number;
}

/** An arbitrary stateless evaluation request. */
export function arbitraryEvaluationRequest(
  options: EvaluationRequestArbitraryOptions = {},
): fc.Arbitrary<EvaluationRequest> {
  const rules =
    options.rules !== undefined
      ? fc.constant(options.rules)
      : fc
          .record({
            id: word(1, 12).map((s) => `rules-${s}`),
            range: fc.constantFrom("", "@^1", "@1.2.0", "@~2.1", "@>=1 <3"),
          })
          .map(({ id, range }) => `${id}${range}`);
  return fc.record(
    {
      rules,
      config: fc.dictionary(word(1, 10), arbitraryJson(), { maxKeys: 3 }),
      period: arbitraryPeriod(),
      organisation: arbitraryOrganisation(),
      cases: fc.array(options.cases ?? arbitraryEvaluationCase(), { maxLength: options.maxCases ?? 3 }),
      explain: fc.constantFrom("full", "steps", "none"),
      onError: fc.constantFrom("fail", "report"),
    },
    { requiredKeys: ["rules", "config", "cases", "explain", "onError"] },
  );
}

/** An arbitrary JSON value (plain keys, finite numbers, no `-0`), a few levels deep. */
export function arbitraryJson(): fc.Arbitrary<Json> {
  const { json } = fc.letrec<{ json: Json }>((tie) => ({
    json: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      numberIn(-1e6, 1e6),
      fc.string({ maxLength: 20 }),
      fc.array(tie("json"), { maxLength: 3 }),
      fc.dictionary(word(1, 8), tie("json"), { maxKeys: 3 }),
    ),
  }));
  return json;
}

/** An arbitrary explanation step. */
export function arbitraryExplanationStep(): fc.Arbitrary<ExplanationStep> {
  return fc.record({
    rule: word(1, 10).map((r) => `rules-x/${r}`),
    legalBasis: fc.constantFrom(
      "PermenPAN-RB 6/2022 Lampiran II",
      "PP 46/2011 Pasal 12",
      "PP 30/2019 Pasal 41",
    ),
    title: arbitraryLocalizedText(),
    inputs: fc.dictionary(word(1, 8), arbitraryJson(), { maxKeys: 3 }),
    output: arbitraryJson(),
    text: arbitraryLocalizedText(),
  });
}

/** An arbitrary warning. */
export function arbitraryWarning(): fc.Arbitrary<Warning> {
  return fc.record(
    {
      code: word(1, 12).map((s) => s.toUpperCase()),
      message: arbitraryLocalizedText(),
      path: fc.array(fc.oneof(word(1, 8), fc.nat({ max: 20 })), { maxLength: 4 }),
    },
    { requiredKeys: ["code", "message"] },
  );
}

/** An arbitrary consequence (each known kind with its fields, or a package's own, with extra fields). */
export function arbitraryConsequence(): fc.Arbitrary<Consequence> {
  const base = {
    legalBasis: fc.constantFrom("Perban BKN 3/2023", "PermenPAN-RB 1/2023"),
    label: arbitraryLocalizedText(),
    extra: fc.dictionary(
      word(1, 8).map((k) => `x${k}`),
      arbitraryJson(),
      { maxKeys: 2 },
    ),
  };
  const amount = numberIn(0, 1e7);
  const kinds = fc.oneof(
    fc.record({
      kind: fc.constant("ANGKA_KREDIT" as const),
      value: numberIn(0, 100),
      percentage: fc.constantFrom(25, 50, 75, 100, 150),
      coefficient: fc.constantFrom(12.5, 25, 37.5, 50),
      months: fc.integer({ min: 0, max: 12 }),
    }),
    fc.record({
      kind: fc.constant("TPP" as const),
      amount: fc.option(amount, { nil: null }),
      percent: numberIn(0, 100),
    }),
    fc.record({
      kind: fc.constant("DEVELOPMENT" as const),
      action: fc.constantFrom("COACHING", "TRAINING", "COUNSELLING"),
    }),
    fc.record({ kind: fc.constant("RECOGNITION" as const) }),
    fc.record({ kind: word(1, 8).map((k) => `rules-x/${k.toUpperCase()}` as `${string}/${string}`) }),
  );
  return fc
    .record({ known: kinds, ...base }, { requiredKeys: ["known", "extra"] })
    .map(({ extra, known, ...rest }) => ({ ...extra, ...rest, ...known }) as Consequence);
}

/** Options for {@link arbitraryEvaluationResult} and the distribution arbitraries. */
export interface ResultArbitraryOptions {
  /** The grade codes of the scale (default a four-grade scale). */
  grades?: readonly string[];
}

const DEFAULT_GRADES = ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG"];

/** An arbitrary evaluation result. */
export function arbitraryEvaluationResult(
  options: ResultArbitraryOptions = {},
): fc.Arbitrary<EvaluationResult> {
  return fc.record({
    employeeId: arbitraryEmployeeId(),
    grade: fc.constantFrom(...(options.grades ?? DEFAULT_GRADES)),
    score: fc.option(numberIn(0, 150), { nil: null }),
    ratings: fc.dictionary(
      word(1, 10),
      fc.oneof(fc.string({ maxLength: 20 }), numberIn(-100, 200), fc.boolean(), fc.constant(null)),
      {
        maxKeys: 4,
      },
    ),
    explanation: fc.array(arbitraryExplanationStep(), { maxLength: 3 }),
    consequences: fc.array(arbitraryConsequence(), { maxLength: 2 }),
    warnings: fc.array(arbitraryWarning(), { maxLength: 2 }),
  });
}

/** An arbitrary distribution violation. */
export function arbitraryViolation(options: ResultArbitraryOptions = {}): fc.Arbitrary<Violation> {
  const grade = fc.constantFrom(...(options.grades ?? DEFAULT_GRADES));
  const share = fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero);
  return fc.record({
    rule: word(1, 10).map((r) => `rules-x/distribution/${r}`),
    grade: fc.oneof(grade, fc.uniqueArray(grade, { minLength: 1, maxLength: 2 })),
    bound: fc.record({
      kind: fc.constantFrom("AT_MOST" as const, "AT_LEAST" as const),
      share,
      count: fc.nat({ max: 1000 }),
    }),
    actual: fc.record({ count: fc.nat({ max: 1000 }), share }),
    severity: fc.constantFrom("WARNING" as const, "ERROR" as const),
    message: arbitraryLocalizedText(),
  });
}

/** An arbitrary proposed grade change. */
export function arbitraryCalibrationChange(
  options: ResultArbitraryOptions = {},
): fc.Arbitrary<CalibrationChange> {
  const grade = fc.constantFrom(...(options.grades ?? DEFAULT_GRADES));
  return fc.record({
    employeeId: arbitraryEmployeeId(),
    from: grade,
    to: grade,
    reason: arbitraryLocalizedText(),
  });
}

/** An arbitrary calibration proposal. */
export function arbitraryCalibrationProposal(
  options: ResultArbitraryOptions = {},
): fc.Arbitrary<CalibrationProposal> {
  return fc.record({
    changes: fc.array(arbitraryCalibrationChange(options), { maxLength: 3 }),
    satisfiesBounds: fc.boolean(),
    order: arbitraryLocalizedText(),
  });
}

/** An arbitrary distribution: counts for every grade, violations, and a proposal or none. */
export function arbitraryDistribution(options: ResultArbitraryOptions = {}): fc.Arbitrary<Distribution> {
  const grades = options.grades ?? DEFAULT_GRADES;
  return fc.record(
    {
      counts: fc
        .tuple(...grades.map(() => fc.nat({ max: 500 })))
        .map((n) => Object.fromEntries(grades.map((g, i) => [g, n[i] ?? 0]))),
      violations: fc.array(arbitraryViolation(options), { maxLength: 2 }),
      proposal: arbitraryCalibrationProposal(options),
    },
    { requiredKeys: ["counts", "violations"] },
  );
}

/** An arbitrary evaluation response. */
export function arbitraryEvaluationResponse(
  options: ResultArbitraryOptions = {},
): fc.Arbitrary<EvaluationResponse> {
  return fc.record({
    rules: fc.record({
      id: word(1, 12).map((s) => `rules-${s}`),
      version: fc.constantFrom("1.0.0", "2.3.1", "0.1.0-beta.1"),
    }),
    results: fc.array(arbitraryEvaluationResult(options), { maxLength: 3 }),
    distribution: arbitraryDistribution(options),
  });
}

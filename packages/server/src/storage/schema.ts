import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The Kysely types of the tables created by migration `0001_core` (helper tables of later
 * migrations declare their own interface and reach them with `db.withTables<TheirTables>()`).
 *
 * Columns are snake_case as in SQL. Value types are the same on PGlite and PostgreSQL because
 * `openDatabase` installs the same type parsers on both: `date` → `YYYY-MM-DD` string, `int8` →
 * number, `timestamptz` → Date, `jsonb` → parsed JSON.
 */

/** A JSON value as stored in a `jsonb` column. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A `jsonb` column: written as any JSON-serialisable value, read back as parsed JSON. */
export type JsonColumn<T = JsonValue> = ColumnType<T, T, T>;

/** A `timestamptz` column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** `agencies`: an instansi and the rule package it chose. */
export interface AgenciesTable {
  /** Agency id (also the `agency` claim of its users' tokens). */
  id: string;
  /** Agency name. */
  name: string;
  /** The chosen rule package's id, if chosen. */
  rule_package_id: string | null;
  /** The chosen rule package's exact version. */
  rule_package_version: string | null;
  /** The package configuration (already parsed by the package's config schema). */
  rule_package_config: JsonColumn<Record<string, unknown>>;
  /** Optimistic-concurrency version, starting at 1. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `units`: organisation units (unit kerja) of an agency. */
export interface UnitsTable {
  /** Owning agency. */
  agency_id: string;
  /** Unit id, unique inside the agency. */
  id: string;
  /** Unit name. */
  name: string;
  /** Parent unit id. */
  parent_id: string | null;
  /** Head of unit (employee id). */
  head_id: string | null;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `employees`: staff of an agency, keyed by NIP inside the agency. */
export interface EmployeesTable {
  /** Owning agency. */
  agency_id: string;
  /** NIP (unique per agency). */
  id: string;
  /** Full name (never used by a rule, never logged). */
  name: string | null;
  /** JPT, JA or JF. */
  position_kind: string;
  /** Structural position. */
  structural: boolean;
  /** Functional level. */
  functional_level: string | null;
  /** Heads their unit. */
  is_unit_head: boolean;
  /** Unit id. */
  unit_id: string | null;
  /** Direct superior's NIP (same agency). */
  supervisor_id: string | null;
  /** Free key-values from the HR system. */
  attributes: JsonColumn<Record<string, string | number | boolean | null>>;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `periods`: assessment periods with their workflow state and pinned rule package. */
export interface PeriodsTable {
  /** Period id (globally unique). */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Display name. */
  name: string | null;
  /** First day `YYYY-MM-DD`. */
  start_date: string;
  /** Last day `YYYY-MM-DD` (inclusive). */
  end_date: string;
  /** MONTHLY, QUARTERLY, SEMESTER or ANNUAL. */
  cadence: string;
  /** Period workflow state (core `PeriodState`). */
  state: string;
  /** Pinned rule package id (set when planning starts). */
  rule_package_id: string | null;
  /** Pinned exact version. */
  rule_package_version: string | null;
  /** Pinned configuration. */
  rule_package_config: JsonColumn<Record<string, unknown>> | null;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `work_plans`: one SKP per employee and period. */
export interface WorkPlansTable {
  /** Work plan id (globally unique). */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** Employee NIP. */
  employee_id: string;
  /** Work plan workflow state. */
  state: string;
  /** The plan (core `WorkPlan`, parsed). */
  plan: JsonColumn<Record<string, unknown>>;
  /** Whether the plan was edited since the last review (a resubmission after REQUEST_REVISION needs an edit). */
  edited_since_review: boolean;
  /** The last review by the superior: `{ decision, reason?, actorId, at }`. */
  review: JsonColumn<Record<string, unknown>> | null;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `work_plan_amendments`: recorded changes to an approved plan, each with a reason. */
export interface WorkPlanAmendmentsTable {
  /** Amendment id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Work plan id. */
  work_plan_id: string;
  /** Who amended. */
  actor_id: string;
  /** Why. */
  reason: string;
  /** Plan before. */
  before: JsonColumn<Record<string, unknown>>;
  /** Plan after. */
  after: JsonColumn<Record<string, unknown>>;
  /** When. */
  created_at: Timestamp;
}

/** `realizations`: a realised value per indicator and sub-period, with evidence references. */
export interface RealizationsTable {
  /** Realisation id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Work plan id. */
  work_plan_id: string;
  /** Indicator id inside the plan. */
  indicator_id: string;
  /** Sub-period key (`2026-Q1`, …). */
  sub_period: string;
  /** Realised value. */
  value: number;
  /** Evidence references (core `Evidence[]`). */
  evidence: JsonColumn<unknown[]>;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `audit_log`: append-only (triggers reject UPDATE, DELETE and TRUNCATE). */
export interface AuditLogTable {
  /** Monotonic sequence (order of writing). */
  seq: Generated<number>;
  /** Agency the change belongs to (null for system-wide changes). */
  agency_id: string | null;
  /** Who made the change (token `sub`, or `system`). */
  actor_id: string;
  /** The actor's roles at that time. */
  actor_roles: JsonColumn<string[]>;
  /** When (from the service clock). */
  at: Timestamp;
  /** What, e.g. `work_plan.approve`. */
  action: string;
  /** Entity type, e.g. `work_plan`. */
  entity_type: string;
  /** Entity id. */
  entity_id: string;
  /** State before (null when created). */
  before: JsonColumn | null;
  /** State after (null when removed). */
  after: JsonColumn | null;
  /** Extra facts (reason, request id). */
  details: JsonColumn<Record<string, unknown>>;
  /** Position in the agency's chain: 1, 2, 3, … without gaps (per agency; system-wide rows form their own chain). */
  agency_seq: number;
  /** The hash of the agency's previous row (64 zeros for the first). */
  prev_hash: string;
  /** SHA-256 (hex) of this row's content and `prev_hash`: see `auditRowHash`. */
  hash: string;
}

/** `outbox`: domain events written in the same transaction as the change they describe. */
export interface OutboxTable {
  /** Monotonic sequence (delivery order). */
  seq: Generated<number>;
  /** Event id (unique). */
  id: string;
  /** Agency the event belongs to. */
  agency_id: string | null;
  /** Event type, e.g. `work_plan.approved`. */
  type: string;
  /** Entity type. */
  entity_type: string;
  /** Entity id. */
  entity_id: string;
  /** Event payload. */
  payload: JsonColumn<Record<string, unknown>>;
  /** When the event happened. */
  occurred_at: Timestamp;
  /** When a dispatcher handed it on (null while pending). */
  dispatched_at: Timestamp | null;
}

/** `idempotency_keys`: stored responses of creating POSTs, replayed for the same key, actor and route. */
export interface IdempotencyKeysTable {
  /** The client's `Idempotency-Key`. */
  key: string;
  /** The actor (token `sub`). */
  actor_id: string;
  /** The actor's agency. */
  agency_id: string;
  /** Method and route pattern, e.g. `POST /v1/periods`. */
  route: string;
  /** SHA-256 of the request (params, query, body), to refuse reuse with another request. */
  request_hash: string;
  /** The stored status code. */
  status_code: number;
  /** The stored response body. */
  response: JsonColumn;
  /** When stored. */
  created_at: Timestamp;
}

/** The database of migration `0001_core`, for `Kysely<DB>`. */
export interface DB {
  agencies: AgenciesTable;
  units: UnitsTable;
  employees: EmployeesTable;
  periods: PeriodsTable;
  work_plans: WorkPlansTable;
  work_plan_amendments: WorkPlanAmendmentsTable;
  realizations: RealizationsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
}

/** A selected agency row. */
export type AgencyRow = Selectable<AgenciesTable>;
/** A selected unit row. */
export type UnitRow = Selectable<UnitsTable>;
/** A selected employee row. */
export type EmployeeRow = Selectable<EmployeesTable>;
/** An insertable employee row. */
export type NewEmployeeRow = Insertable<EmployeesTable>;
/** An employee row update. */
export type EmployeeRowUpdate = Updateable<EmployeesTable>;
/** A selected period row. */
export type PeriodRow = Selectable<PeriodsTable>;
/** A selected work plan row. */
export type WorkPlanRow = Selectable<WorkPlansTable>;
/** A selected amendment row. */
export type WorkPlanAmendmentRow = Selectable<WorkPlanAmendmentsTable>;
/** A selected realisation row. */
export type RealizationRow = Selectable<RealizationsTable>;
/** A selected audit row. */
export type AuditLogRow = Selectable<AuditLogTable>;
/** A selected outbox row. */
export type OutboxRow = Selectable<OutboxTable>;

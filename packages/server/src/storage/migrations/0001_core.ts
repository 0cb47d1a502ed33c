import { type Kysely, sql } from "kysely";

/**
 * Migration 0001: agencies, units, employees, periods, work plans, amendments, realisations, the
 * append-only audit log, the outbox and idempotency keys. Plain PostgreSQL that PGlite runs
 * too; one statement per query (PGlite's extended protocol takes one at a time).
 */
const UP: readonly string[] = [
  `create table agencies (
    id text primary key,
    name text not null,
    rule_package_id text,
    rule_package_version text,
    rule_package_config jsonb not null default '{}'::jsonb,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create table units (
    agency_id text not null references agencies (id),
    id text not null,
    name text not null,
    parent_id text,
    head_id text,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (agency_id, id),
    foreign key (agency_id, parent_id) references units (agency_id, id) deferrable initially deferred
  )`,
  `create table employees (
    agency_id text not null references agencies (id),
    id text not null,
    name text,
    position_kind text not null check (position_kind in ('JPT', 'JA', 'JF')),
    structural boolean not null default false,
    functional_level text,
    is_unit_head boolean not null default false,
    unit_id text,
    supervisor_id text,
    attributes jsonb not null default '{}'::jsonb,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (agency_id, id),
    check (supervisor_id is null or supervisor_id <> id),
    foreign key (agency_id, supervisor_id) references employees (agency_id, id) deferrable initially deferred,
    foreign key (agency_id, unit_id) references units (agency_id, id) deferrable initially deferred
  )`,
  "create index employees_supervisor_idx on employees (agency_id, supervisor_id)",
  `create table periods (
    id text primary key,
    agency_id text not null references agencies (id),
    name text,
    start_date date not null,
    end_date date not null,
    cadence text not null check (cadence in ('MONTHLY', 'QUARTERLY', 'SEMESTER', 'ANNUAL')),
    state text not null default 'DRAFT',
    rule_package_id text,
    rule_package_version text,
    rule_package_config jsonb,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (end_date >= start_date)
  )`,
  "create index periods_agency_idx on periods (agency_id, start_date)",
  `create table work_plans (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    state text not null,
    plan jsonb not null,
    edited_since_review boolean not null default false,
    review jsonb,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    foreign key (agency_id, employee_id) references employees (agency_id, id)
  )`,
  "create unique index work_plans_one_live_per_employee on work_plans (period_id, employee_id) where state <> 'REJECTED'",
  "create index work_plans_agency_idx on work_plans (agency_id, period_id, employee_id)",
  `create table work_plan_amendments (
    id text primary key,
    agency_id text not null references agencies (id),
    work_plan_id text not null references work_plans (id),
    actor_id text not null,
    reason text not null check (length(btrim(reason)) > 0),
    before jsonb not null,
    after jsonb not null,
    created_at timestamptz not null
  )`,
  "create index work_plan_amendments_plan_idx on work_plan_amendments (work_plan_id, created_at)",
  `create table realizations (
    id text primary key,
    agency_id text not null references agencies (id),
    work_plan_id text not null references work_plans (id),
    indicator_id text not null,
    sub_period text not null,
    value double precision not null,
    evidence jsonb not null default '[]'::jsonb,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (work_plan_id, indicator_id, sub_period)
  )`,
  `create table audit_log (
    seq bigint generated always as identity primary key,
    agency_id text,
    actor_id text not null,
    actor_roles jsonb not null default '[]'::jsonb,
    at timestamptz not null,
    action text not null,
    entity_type text not null,
    entity_id text not null,
    before jsonb,
    after jsonb,
    details jsonb not null default '{}'::jsonb
  )`,
  "create index audit_log_agency_idx on audit_log (agency_id, seq)",
  "create index audit_log_entity_idx on audit_log (agency_id, entity_type, entity_id, seq)",
  `create function kinerja_audit_log_append_only() returns trigger language plpgsql as $$
  begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op
      using errcode = 'insufficient_privilege';
  end;
  $$`,
  `create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function kinerja_audit_log_append_only()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function kinerja_audit_log_append_only()`,
  `create table outbox (
    seq bigint generated always as identity primary key,
    id text not null unique,
    agency_id text,
    type text not null,
    entity_type text not null,
    entity_id text not null,
    payload jsonb not null,
    occurred_at timestamptz not null,
    dispatched_at timestamptz
  )`,
  "create index outbox_pending_idx on outbox (seq) where dispatched_at is null",
  `create table idempotency_keys (
    key text not null,
    actor_id text not null,
    agency_id text not null,
    route text not null,
    request_hash text not null,
    status_code integer not null,
    response jsonb not null,
    created_at timestamptz not null,
    primary key (agency_id, actor_id, route, key)
  )`,
];

const DOWN: readonly string[] = [
  "drop table if exists idempotency_keys",
  "drop table if exists outbox",
  "drop trigger if exists audit_log_no_truncate on audit_log",
  "drop trigger if exists audit_log_no_update_or_delete on audit_log",
  "drop table if exists audit_log",
  "drop function if exists kinerja_audit_log_append_only()",
  "drop table if exists realizations",
  "drop table if exists work_plan_amendments",
  "drop table if exists work_plans",
  "drop table if exists periods",
  "drop table if exists employees",
  "drop table if exists units",
  "drop table if exists agencies",
];

/** Creates the core tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops the core tables (the audit log's triggers with them; only for development resets). */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}

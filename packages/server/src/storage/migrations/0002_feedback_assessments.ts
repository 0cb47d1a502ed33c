import { type Kysely, sql } from "kysely";

/**
 * Migration 0002: feedback requests and anonymous answers, one-time public link tokens,
 * assessments with their immutable result snapshot, organisation results and calibration
 * changes, export code mappings, webhook subscriptions and deliveries. Plain PostgreSQL that
 * PGlite runs too; one statement per query.
 *
 * Anonymity is enforced by the shape of the tables, not only by the routes:
 * - `feedback_answers` has a `rater_id` column for identified sources only; a check forbids it
 *   for PEER, SUBORDINATE and PUBLIC answers.
 * - an answer to a request addressed to a named rater (PEER, SUBORDINATE) keeps no request id
 *   (joining the request would give the rater back), and no answer keeps a timestamp (it could
 *   be matched with the time the request was marked answered). Answers are counted by period,
 *   employee and source.
 * - public link tokens are stored as SHA-256 hashes and can be used once.
 *
 * A final assessment's snapshot cannot change: a trigger refuses to update the ratings, result
 * or case of a FINAL row (only the calibrated grade may be set, or the row reopened to DRAFT).
 */
const UP: readonly string[] = [
  `create table feedback_requests (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    source text not null check (source in ('PEER', 'SUBORDINATE', 'PUBLIC')),
    rater_id text,
    state text not null default 'OPEN' check (state in ('OPEN', 'ANSWERED', 'CLOSED')),
    requested_by text not null,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    foreign key (agency_id, employee_id) references employees (agency_id, id),
    foreign key (agency_id, rater_id) references employees (agency_id, id),
    check ((source = 'PUBLIC') = (rater_id is null)),
    check (rater_id is null or rater_id <> employee_id),
    check (state <> 'ANSWERED' or source <> 'PUBLIC')
  )`,
  "create index feedback_requests_subject_idx on feedback_requests (agency_id, period_id, employee_id)",
  "create index feedback_requests_rater_idx on feedback_requests (agency_id, rater_id) where rater_id is not null",
  `create unique index feedback_requests_open_rater_uq on feedback_requests (period_id, employee_id, source, rater_id)
    where rater_id is not null and state <> 'CLOSED'`,
  `create table feedback_answers (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    source text not null,
    request_id text references feedback_requests (id),
    rater_id text,
    answer jsonb not null,
    foreign key (agency_id, employee_id) references employees (agency_id, id),
    check (source not in ('PEER', 'SUBORDINATE', 'PUBLIC') or rater_id is null),
    check (request_id is null or source = 'PUBLIC')
  )`,
  "create index feedback_answers_subject_idx on feedback_answers (agency_id, period_id, employee_id, source)",
  `create table public_link_tokens (
    token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
    agency_id text not null references agencies (id),
    request_id text not null references feedback_requests (id),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null
  )`,
  "create index public_link_tokens_request_idx on public_link_tokens (request_id)",
  `create table assessments (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    rater_id text not null,
    result_rating text check (result_rating in ('DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')),
    behaviour_rating text check (behaviour_rating in ('DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')),
    behaviour jsonb not null default '{}'::jsonb,
    justification text,
    comments text,
    status text not null default 'DRAFT' check (status in ('DRAFT', 'FINAL')),
    result jsonb,
    case_snapshot jsonb,
    rule_package_id text,
    rule_package_version text,
    calibrated_grade text,
    finalised_at timestamptz,
    finalised_by text,
    reopen_reason text,
    reopened_at timestamptz,
    reopened_by text,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (period_id, employee_id),
    foreign key (agency_id, employee_id) references employees (agency_id, id),
    check ((status = 'FINAL') = (result is not null)),
    check ((status = 'FINAL') = (case_snapshot is not null)),
    check (status = 'FINAL' or calibrated_grade is null),
    check (reopen_reason is null or length(btrim(reopen_reason)) > 0)
  )`,
  "create index assessments_period_idx on assessments (agency_id, period_id, status)",
  `create function kinerja_final_assessment_immutable() returns trigger language plpgsql as $$
  begin
    if old.status = 'FINAL' and new.status = 'FINAL' and (
      new.result is distinct from old.result or
      new.case_snapshot is distinct from old.case_snapshot or
      new.result_rating is distinct from old.result_rating or
      new.behaviour_rating is distinct from old.behaviour_rating or
      new.behaviour is distinct from old.behaviour or
      new.justification is distinct from old.justification or
      new.rater_id is distinct from old.rater_id or
      new.rule_package_id is distinct from old.rule_package_id or
      new.rule_package_version is distinct from old.rule_package_version
    ) then
      raise exception 'assessment % is final: reopen it before changing it', old.id
        using errcode = 'insufficient_privilege';
    end if;
    return new;
  end;
  $$`,
  `create trigger assessments_final_immutable before update on assessments
    for each row execute function kinerja_final_assessment_immutable()`,
  `create table organisation_results (
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    unit_id text not null,
    predikat text not null check (predikat in ('ISTIMEWA', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG')),
    set_by text not null,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (period_id, unit_id),
    foreign key (agency_id, unit_id) references units (agency_id, id)
  )`,
  `create table calibration_changes (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    unit_id text not null,
    assessment_id text not null references assessments (id),
    employee_id text not null,
    from_grade text not null,
    to_grade text not null,
    reason text not null check (length(btrim(reason)) > 0),
    actor_id text not null,
    created_at timestamptz not null,
    check (from_grade <> to_grade)
  )`,
  "create index calibration_changes_period_idx on calibration_changes (agency_id, period_id, unit_id, created_at)",
  `create table export_mappings (
    agency_id text not null references agencies (id),
    kind text not null check (kind in ('SIASN')),
    mapping jsonb not null,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (agency_id, kind)
  )`,
  `create table webhook_subscriptions (
    id text primary key,
    agency_id text not null references agencies (id),
    url text not null check (url ~ '^https?://'),
    secret text not null check (length(secret) >= 16),
    event_types jsonb not null check (jsonb_typeof(event_types) = 'array'),
    active boolean not null default true,
    description text,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  "create index webhook_subscriptions_agency_idx on webhook_subscriptions (agency_id) where active",
  `create table webhook_deliveries (
    id text primary key,
    agency_id text not null references agencies (id),
    subscription_id text not null references webhook_subscriptions (id) on delete cascade,
    event_id text not null references outbox (id),
    status text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempt integer not null default 0 check (attempt >= 0),
    next_attempt_at timestamptz not null,
    last_error text,
    last_status_code integer,
    delivered_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (subscription_id, event_id)
  )`,
  "create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'PENDING'",
  "create index webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, created_at)",
];

const DOWN: readonly string[] = [
  "drop table if exists webhook_deliveries",
  "drop table if exists webhook_subscriptions",
  "drop table if exists export_mappings",
  "drop table if exists calibration_changes",
  "drop table if exists organisation_results",
  "drop trigger if exists assessments_final_immutable on assessments",
  "drop table if exists assessments",
  "drop function if exists kinerja_final_assessment_immutable()",
  "drop table if exists public_link_tokens",
  "drop table if exists feedback_answers",
  "drop table if exists feedback_requests",
];

/** Creates the feedback, assessment, calibration, export and webhook tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops them (only for development resets). */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}

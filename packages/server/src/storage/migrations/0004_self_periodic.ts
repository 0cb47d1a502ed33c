import { type Kysely, sql } from "kysely";

/**
 * Migration 0004: the employee's own assessment (source SELF) per period, and the supervisor's
 * periodic feedback per sub-period with the employee's acknowledgement. Plain PostgreSQL that
 * PGlite runs too; one statement per query.
 *
 * - `self_assessments`: one per employee and period; identified (the employee is the rater), so
 *   it needs no anonymity precautions.
 * - `periodic_feedback`: any number of entries per employee and sub-period, each written by the
 *   employee's superior; a trigger refuses every change to an entry once the employee has
 *   acknowledged it, so what was acknowledged is what stays.
 */
const UP: readonly string[] = [
  `create table self_assessments (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    result_rating text check (result_rating in ('DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')),
    behaviour_rating text check (behaviour_rating in ('DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')),
    behaviour jsonb not null default '{}'::jsonb check (jsonb_typeof(behaviour) = 'object'),
    comments text,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (period_id, employee_id),
    foreign key (agency_id, employee_id) references employees (agency_id, id)
  )`,
  "create index self_assessments_agency_idx on self_assessments (agency_id, period_id)",
  `create table periodic_feedback (
    id text primary key,
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    sub_period text not null check (length(sub_period) between 4 and 16),
    author_id text not null,
    text text not null check (length(btrim(text)) > 0),
    result_rating text check (result_rating in ('DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')),
    behaviour_rating text check (behaviour_rating in ('DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI')),
    acknowledged_at timestamptz,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    foreign key (agency_id, employee_id) references employees (agency_id, id),
    foreign key (agency_id, author_id) references employees (agency_id, id),
    check (author_id <> employee_id)
  )`,
  "create index periodic_feedback_subject_idx on periodic_feedback (agency_id, period_id, employee_id, sub_period)",
  `create function kinerja_acknowledged_feedback_immutable() returns trigger language plpgsql as $$
  begin
    if old.acknowledged_at is not null then
      raise exception 'periodic feedback % was acknowledged: it cannot change', old.id
        using errcode = 'insufficient_privilege';
    end if;
    if tg_op = 'DELETE' then
      return old;
    end if;
    return new;
  end;
  $$`,
  `create trigger periodic_feedback_acknowledged_immutable before update or delete on periodic_feedback
    for each row execute function kinerja_acknowledged_feedback_immutable()`,
];

const DOWN: readonly string[] = [
  "drop trigger if exists periodic_feedback_acknowledged_immutable on periodic_feedback",
  "drop table if exists periodic_feedback",
  "drop function if exists kinerja_acknowledged_feedback_immutable()",
  "drop table if exists self_assessments",
];

/** Creates the self-assessment and periodic feedback tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops them (only for development resets). */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}

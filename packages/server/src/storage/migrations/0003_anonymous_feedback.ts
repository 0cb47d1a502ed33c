import { type Kysely, sql } from "kysely";

/**
 * Migration 0003: anonymity by construction (see docs/anonymity.md).
 *
 * - `feedback_rounds` replaces `feedback_answers`: one row per employee, period and anonymous
 *   source holds the answers as one array kept in canonical (content) order, with their count.
 *   No answer has an id, a time, a request or a rater, and the array's order is never the order
 *   of arrival. A round is OPEN while it takes answers; when it closes its aggregate is released
 *   if it holds at least k answers (`released`), and never changes again.
 * - A feedback request records participation apart from its state: `answered` (the rater's
 *   own answer happened) is set without a version bump or a new `updated_at`, so that ETags,
 *   versions and times do not show whether a named rater answered. `state` is OPEN or CLOSED.
 * - A public link keeps only whether it was used, not when.
 */
const UP: readonly string[] = [
  `create table feedback_rounds (
    agency_id text not null references agencies (id),
    period_id text not null references periods (id),
    employee_id text not null,
    source text not null check (source in ('PEER', 'SUBORDINATE', 'PUBLIC')),
    state text not null default 'OPEN' check (state in ('OPEN', 'CLOSED')),
    answers jsonb not null default '[]'::jsonb check (jsonb_typeof(answers) = 'array'),
    answer_count integer not null default 0 check (answer_count >= 0),
    released boolean not null default false,
    primary key (agency_id, period_id, employee_id, source),
    foreign key (agency_id, employee_id) references employees (agency_id, id),
    check (answer_count = jsonb_array_length(answers)),
    check (not released or state = 'CLOSED')
  )`,
  `insert into feedback_rounds (agency_id, period_id, employee_id, source, answers, answer_count)
    select agency_id, period_id, employee_id, source,
           jsonb_agg(answer order by answer::text), count(*)
    from feedback_answers
    where source in ('PEER', 'SUBORDINATE', 'PUBLIC')
    group by agency_id, period_id, employee_id, source`,
  `insert into feedback_rounds (agency_id, period_id, employee_id, source)
    select distinct agency_id, period_id, employee_id, source from feedback_requests
    on conflict do nothing`,
  "drop table feedback_answers",
  "alter table feedback_requests add column answered boolean not null default false",
  "update feedback_requests set answered = true, state = 'OPEN' where state = 'ANSWERED'",
  "alter table feedback_requests add constraint feedback_requests_state_open_closed check (state in ('OPEN', 'CLOSED'))",
  "alter table feedback_requests add constraint feedback_requests_answered_named check (not answered or rater_id is not null)",
  "alter table public_link_tokens add column used boolean not null default false",
  "update public_link_tokens set used = true where used_at is not null",
  "alter table public_link_tokens drop column used_at",
];

/** Creates the feedback rounds and records participation apart from content. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(dropStateChecks).execute(db);
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/**
 * The CHECK constraints of `feedback_requests` that mention ANSWERED have generated names; drop
 * them by looking them up, so that the new state check can replace them.
 */
const dropStateChecks = `do $$
declare c record;
begin
  for c in select conname from pg_constraint
    where conrelid = 'feedback_requests'::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like '%ANSWERED%'
  loop
    execute format('alter table feedback_requests drop constraint %I', c.conname);
  end loop;
end $$`;

/** Not reversible: the answers were never stored in arrival order, so there is nothing to split back. */
export async function down(): Promise<void> {
  throw new Error("migration 0003_anonymous_feedback cannot be reverted");
}

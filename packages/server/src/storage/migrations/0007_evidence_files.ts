import { type Kysely, sql } from "kysely";

/**
 * Migration 0007: `evidence_files`, the evidence files (PDF, JPEG, PNG) an employee uploads for a
 * realisation. The bytes are kept as base64 text, which PGlite and PostgreSQL store alike; the
 * realisation's `evidence` references a file by its id (`fileId`). Plain PostgreSQL that PGlite
 * runs too; one statement per query.
 */
const UP: readonly string[] = [
  `create table evidence_files (
    id text primary key,
    agency_id text not null references agencies (id),
    work_plan_id text not null references work_plans (id),
    realization_id text not null references realizations (id),
    file_name text not null check (length(file_name) between 1 and 255),
    content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    size integer not null check (size > 0),
    sha256 text not null check (length(sha256) = 64),
    content text not null,
    uploaded_by text not null,
    created_at timestamptz not null
  )`,
  "create index evidence_files_plan_idx on evidence_files (agency_id, work_plan_id)",
];

/** Creates the table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

/** Drops the table (only for development resets). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists evidence_files").execute(db);
}

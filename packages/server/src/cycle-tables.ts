import type { Generated, Selectable } from "kysely";
import type { JsonColumn, Timestamp } from "./storage/schema";

/**
 * The Kysely types of the tables created by migration `0002_feedback_assessments`, reached with
 * `database.db.withTables<CycleTables>()`. Columns are snake_case as in SQL.
 */

/** `feedback_requests`: a request for feedback about an employee from a source. */
export interface FeedbackRequestsTable {
  /** Request id (also the capability a named rater answers through). */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** The employee the feedback is about. */
  employee_id: string;
  /** PEER, SUBORDINATE or PUBLIC. */
  source: string;
  /** The assigned rater (PEER, SUBORDINATE); null for PUBLIC. */
  rater_id: string | null;
  /** OPEN or CLOSED. */
  state: string;
  /**
   * Participation: the named rater answered (migration 0003). Set without a version bump or a
   * new `updated_at`, and shown only to the rater and HR.
   */
  answered: boolean;
  /** Who asked. */
  requested_by: string;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/**
 * `feedback_rounds` (migration 0003): the anonymous answers about one employee from one source
 * in one period, as a single array in canonical (content) order, never in arrival order, with no
 * id, time, request or rater per answer. Released (readable as an aggregate) only once CLOSED
 * with at least k answers.
 */
export interface FeedbackRoundsTable {
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** The employee the feedback is about. */
  employee_id: string;
  /** PEER, SUBORDINATE or PUBLIC. */
  source: string;
  /** OPEN while it takes answers; CLOSED for good. */
  state: string;
  /** The answers (ratings and behaviour scores), sorted by their canonical JSON. */
  answers: JsonColumn<Record<string, unknown>[]>;
  /** How many answers. */
  answer_count: number;
  /** Whether the aggregate was released (closed with at least k answers). */
  released: boolean;
}

/** `public_link_tokens`: one-time tokens of public feedback links, stored hashed. */
export interface PublicLinkTokensTable {
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  /** Owning agency. */
  agency_id: string;
  /** The PUBLIC feedback request. */
  request_id: string;
  /** When the link stops working. */
  expires_at: Timestamp;
  /** Whether it was used (when is not kept). */
  used: boolean;
  /** When issued. */
  created_at: Timestamp;
}

/** `assessments`: the supervisor's assessment of an employee for a period, and its final result. */
export interface AssessmentsTable {
  /** Assessment id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** The employee assessed. */
  employee_id: string;
  /** The assessor (pejabat penilai kinerja). */
  rater_id: string;
  /** Rating hasil kerja. */
  result_rating: string | null;
  /** Rating perilaku kerja. */
  behaviour_rating: string | null;
  /** Behaviour scores by aspect. */
  behaviour: JsonColumn<Record<string, number>>;
  /** Why the assessor departs from the suggested rating. */
  justification: string | null;
  /** Comments. */
  comments: string | null;
  /** DRAFT or FINAL. */
  status: string;
  /** The result snapshot (FINAL only). */
  result: JsonColumn<Record<string, unknown>> | null;
  /** The case evaluated (FINAL only). */
  case_snapshot: JsonColumn<Record<string, unknown>> | null;
  /** The rule package used (FINAL only). */
  rule_package_id: string | null;
  /** Its exact version. */
  rule_package_version: string | null;
  /** The grade after calibration, when calibrated. */
  calibrated_grade: string | null;
  /** The final result (calibrated, with consequences) as the period closed with it; set at CLOSE. */
  closed_result: JsonColumn<Record<string, unknown>> | null;
  /** When finalised. */
  finalised_at: Timestamp | null;
  /** Who finalised. */
  finalised_by: string | null;
  /** Why it was last reopened. */
  reopen_reason: string | null;
  /** When it was last reopened. */
  reopened_at: Timestamp | null;
  /** Who last reopened it. */
  reopened_by: string | null;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `organisation_results`: a unit's predikat for a period (SE MenPAN-RB 3/2023). */
export interface OrganisationResultsTable {
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** Unit id. */
  unit_id: string;
  /** Organisation predikat. */
  predikat: string;
  /** Who set it. */
  set_by: string;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `calibration_changes`: each applied calibration change, with its reason. */
export interface CalibrationChangesTable {
  /** Change id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Period id. */
  period_id: string;
  /** Unit (calibration pool). */
  unit_id: string;
  /** The assessment changed. */
  assessment_id: string;
  /** The employee. */
  employee_id: string;
  /** Grade before. */
  from_grade: string;
  /** Grade after. */
  to_grade: string;
  /** Why. */
  reason: string;
  /** Who applied it. */
  actor_id: string;
  /** When. */
  created_at: Timestamp;
}

/** `export_mappings`: an agency's code mapping for an export (SIASN). */
export interface ExportMappingsTable {
  /** Owning agency. */
  agency_id: string;
  /** Export kind (`SIASN`). */
  kind: string;
  /** The mapping (parsed by its schema). */
  mapping: JsonColumn<Record<string, unknown>>;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `webhook_subscriptions`: where an agency's events are delivered. */
export interface WebhookSubscriptionsTable {
  /** Subscription id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** The receiver's URL. */
  url: string;
  /** The signing secret (returned once, at creation). */
  secret: string;
  /** Event types delivered (`*` for all). */
  event_types: JsonColumn<string[]>;
  /** Whether deliveries are made. */
  active: boolean;
  /** A note for administrators. */
  description: string | null;
  /** The last outbox `seq` when the subscription was created: only later events are delivered. */
  after_outbox_seq: Generated<number>;
  /** Optimistic-concurrency version. */
  version: number;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** `webhook_deliveries`: one event to one subscription, with its attempts. */
export interface WebhookDeliveriesTable {
  /** Delivery id. */
  id: string;
  /** Owning agency. */
  agency_id: string;
  /** Subscription id. */
  subscription_id: string;
  /** Outbox event id. */
  event_id: string;
  /** PENDING, DELIVERED or FAILED (gave up). */
  status: Generated<string>;
  /** Attempts made so far. */
  attempt: Generated<number>;
  /** When the next attempt is due (also the lease of an attempt in flight). */
  next_attempt_at: Timestamp;
  /** The last failure. */
  last_error: string | null;
  /** The last HTTP status received. */
  last_status_code: number | null;
  /** When delivered. */
  delivered_at: Timestamp | null;
  /** When created. */
  created_at: Timestamp;
  /** When last changed. */
  updated_at: Timestamp;
}

/** The tables of migrations 0002 and 0003, for `db.withTables<CycleTables>()`. */
export type CycleTables = {
  /** Feedback requests. */
  feedback_requests: FeedbackRequestsTable;
  /** Anonymous feedback rounds (migration 0003). */
  feedback_rounds: FeedbackRoundsTable;
  /** One-time public link tokens (hashed). */
  public_link_tokens: PublicLinkTokensTable;
  /** Assessments and their final results. */
  assessments: AssessmentsTable;
  /** Organisation results per unit and period. */
  organisation_results: OrganisationResultsTable;
  /** Applied calibration changes. */
  calibration_changes: CalibrationChangesTable;
  /** Export code mappings. */
  export_mappings: ExportMappingsTable;
  /** Webhook subscriptions. */
  webhook_subscriptions: WebhookSubscriptionsTable;
  /** Webhook deliveries. */
  webhook_deliveries: WebhookDeliveriesTable;
};

/** A selected feedback request row. */
export type FeedbackRequestRow = Selectable<FeedbackRequestsTable>;
/** A selected assessment row. */
export type AssessmentRow = Selectable<AssessmentsTable>;
/** A selected webhook subscription row. */
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionsTable>;
/** A selected webhook delivery row. */
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

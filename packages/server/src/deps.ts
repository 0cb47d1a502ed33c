import type { RulePackageRegistry } from "@kinerja/core";
import type { EvaluationPool } from "./evaluation-pool";
import type { Database } from "./storage";
import type { HostResolver, WebhookAllowList } from "./webhook-targets";

/** Options of the access policy that the service passes to the core's `authorize`. */
export interface PolicyDeps {
  /** The anonymity threshold k: anonymous feedback is shown only as an aggregate from k answers (unverified, default 3). */
  minAnonymousAnswers: number;
}

/** Options of webhook delivery. */
export interface WebhookDeps {
  /** The fetch used to deliver events (tests pass a fake). */
  fetch?: typeof fetch;
  /** How many times one delivery is attempted before it is given up. */
  maxAttempts?: number;
  /**
   * Webhook targets allowed although the rules refuse them (loopback, private, …): host names,
   * addresses or CIDR ranges, optionally with `:port`. Default: `KINERJA_WEBHOOK_ALLOW`.
   */
  allow?: string | readonly string[];
  /** How delivery resolves host names (default: the system resolver). */
  resolver?: HostResolver;
}

/**
 * What every route plugin receives as its options: the database, the rule packages, the clock,
 * the id generator and the policy options. Routes read time and ids only from here.
 */
export interface RouteDeps {
  /** The open, migrated database. */
  database: Database;
  /** The rule packages agencies may choose and `POST /v1/evaluate` resolves. */
  registry: RulePackageRegistry;
  /** The current time (a fixed clock in tests). */
  clock: () => Date;
  /** A new unique id (crypto.randomUUID in production). */
  newId: () => string;
  /** Policy options. */
  policy: PolicyDeps;
  /** Webhook delivery options. */
  webhook?: WebhookDeps;
  /** The parsed webhook allow-list (see {@link WebhookDeps.allow}). */
  webhookAllow?: WebhookAllowList;
  /** Limits and threads of `POST /v1/evaluate`. */
  evaluation?: EvaluationDeps;
}

/** How `POST /v1/evaluate` runs. */
export interface EvaluationDeps {
  /** The most cases in one request (413 beyond). */
  maxCases: number;
  /** Requests with more cases than this run on the worker pool, when there is one. */
  inProcessUpTo: number;
  /** The worker pool (only with the default rule packages). */
  pool?: EvaluationPool;
}

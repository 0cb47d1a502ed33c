import { z } from "zod";
import { KinerjaError } from "./errors";

/**
 * The roles of the policy. Codes match `GLOSSARY.role`. HR_ADMIN and AUDITOR are global roles
 * (from the actor's token, valid only in the actor's agency); SUPERVISOR (pejabat penilai
 * kinerja, PermenPAN-RB 6/2022), SUPERVISOR_OF_SUPERVISOR, PEER (an assigned feedback rater)
 * and EMPLOYEE on one's own resources are relationship roles, derived from the resource's facts
 * (see {@link relationshipRoles}); EMPLOYEE in the token also makes the actor a member of the
 * agency for agency-wide resources (agency, period, evaluate).
 */
export const ROLES = [
  "EMPLOYEE",
  "SUPERVISOR",
  "SUPERVISOR_OF_SUPERVISOR",
  "PEER",
  "HR_ADMIN",
  "AUDITOR",
] as const;

/** A role code (see {@link ROLES}). */
export const RoleSchema = z.enum(ROLES);
/** A role. */
export type Role = z.infer<typeof RoleSchema>;

/** Every action the policy decides, named `<resource kind>.<verb>`. */
export const ACTIONS = [
  "agency.read",
  "agency.configure",
  "staff.read",
  "staff.import",
  "period.read",
  "period.create",
  "period.transition",
  "workPlan.read",
  "workPlan.draft",
  "workPlan.edit",
  "workPlan.submit",
  "workPlan.approve",
  "workPlan.requestRevision",
  "workPlan.reject",
  "workPlan.amend",
  "realization.read",
  "realization.record",
  "feedback.request",
  "feedback.submit",
  "feedback.readAggregate",
  "feedback.readIndividual",
  "feedback.writeSelf",
  "feedback.givePeriodic",
  "feedback.acknowledgePeriodic",
  "assessment.preview",
  "assessment.finalise",
  "assessment.withdraw",
  "assessment.reopen",
  "assessment.readExplanation",
  "result.read",
  "calibration.read",
  "calibration.apply",
  "followUp.read",
  "followUp.export",
  "audit.read",
  "webhook.manage",
  "evaluate.run",
] as const;

/** An action code (see {@link ACTIONS}). */
export const ActionSchema = z.enum(ACTIONS);
/** An action. */
export type Action = z.infer<typeof ActionSchema>;

/** The kinds of resource: the part of an action before the dot. */
export const RESOURCE_KINDS = [
  "agency",
  "staff",
  "period",
  "workPlan",
  "realization",
  "feedback",
  "assessment",
  "result",
  "calibration",
  "followUp",
  "audit",
  "webhook",
  "evaluate",
] as const;

/** A resource kind code (see {@link RESOURCE_KINDS}). */
export const ResourceKindSchema = z.enum(RESOURCE_KINDS);
/** A resource kind. */
export type ResourceKind = z.infer<typeof ResourceKindSchema>;

/** Resource kinds every member of the agency (EMPLOYEE in the token) may use when they concern nobody in particular. */
export const AGENCY_WIDE_KINDS: readonly ResourceKind[] = ["agency", "period", "evaluate"];

const IdSchema = z.string().trim().min(1).max(64);

/** Who acts: their id, agency and the global roles of their token (e.g. HR_ADMIN, AUDITOR, EMPLOYEE). */
export const ActorSchema = z.object({
  /** The actor's employee id (NIP) or user id. */
  id: IdSchema,
  /** The agency (instansi) the actor belongs to. */
  agencyId: IdSchema,
  /**
   * Global roles from the token. Only HR_ADMIN, AUDITOR and EMPLOYEE count here; SUPERVISOR,
   * SUPERVISOR_OF_SUPERVISOR and PEER hold only through the resource's facts and are ignored in
   * a token.
   */
  roles: z.array(RoleSchema).default([]),
});
/** An actor. */
export type Actor = z.infer<typeof ActorSchema>;

/** What an action is about, with the relationship facts the caller knows from its store. */
export const ResourceSchema = z.object({
  /** The kind of resource; it must match the action's prefix. */
  kind: ResourceKindSchema,
  /** The agency the resource belongs to. */
  agencyId: IdSchema,
  /** The employee the resource is about (the plan's, realisation's, feedback's or result's employee). */
  ownerId: IdSchema.optional(),
  /** The owner's supervisors, nearest first: `[direct superior, that superior's superior, …]`. */
  supervisorChain: z.array(IdSchema).optional(),
  /** The raters assigned to give feedback about the owner. */
  assignedRaterIds: z.array(IdSchema).optional(),
  /** How many anonymous feedback answers exist (for `feedback.readAggregate`). */
  feedbackAnswerCount: z.number().int().nonnegative().optional(),
  /** The source of a feedback record (for `feedback.readIndividual`), e.g. SELF, SUPERVISOR, PEER. */
  feedbackSource: z.string().min(1).max(64).optional(),
});
/** A resource. */
export type Resource = z.infer<typeof ResourceSchema>;

/**
 * Options of the policy.
 * `minAnonymousAnswers` (k) is not set by any regulation (unverified, U): it is the smallest
 * number of anonymous answers before their aggregate may be shown, default 3.
 */
export const PolicyOptionsSchema = z.object({
  /** The anonymity threshold k: aggregates of anonymous feedback are shown only from k answers (U, default 3). */
  minAnonymousAnswers: z.number().int().min(1).default(3),
  /** Feedback sources whose individual answers are not anonymous (default SELF and SUPERVISOR); all others are. */
  identifiedSources: z.array(z.string().min(1)).default(["SELF", "SUPERVISOR"]),
});
/** Policy options after defaults. */
export type PolicyOptions = z.infer<typeof PolicyOptionsSchema>;
/** Policy options as written by a caller. */
export type PolicyOptionsInput = z.input<typeof PolicyOptionsSchema>;

/** A condition an action needs besides the role. */
export type PolicyCondition = "ANONYMITY_THRESHOLD" | "IDENTIFIED_SOURCE";

/** One row of the policy table: which roles may take the action, and what else it needs. */
export interface PolicyRule {
  /** The roles allowed the action. */
  readonly roles: readonly Role[];
  /** Whether the action only reads (the only kind AUDITOR may take). */
  readonly read: boolean;
  /**
   * A further condition: ANONYMITY_THRESHOLD (at least k anonymous answers exist, see
   * {@link canSeeFeedbackAggregate}); IDENTIFIED_SOURCE (the feedback's source is not anonymous).
   */
  readonly requires?: PolicyCondition;
}

const E = "EMPLOYEE";
const S = "SUPERVISOR";
const SS = "SUPERVISOR_OF_SUPERVISOR";
const P = "PEER";
const HR = "HR_ADMIN";
const A = "AUDITOR";
const OVERSIGHT = [S, SS, HR, A] as const;

/**
 * The one policy table: for each action, the roles allowed it. The direct superior (pejabat
 * penilai kinerja) approves, asks to revise or rejects the plan and finalises the assessment
 * (PermenPAN-RB 6/2022); the superior's superior and HR may reopen a finalised assessment
 * (objection); HR administers its agency; AUDITOR only reads; PEER only submits assigned
 * feedback and never reads results. No role reads individual anonymous feedback. Feedback about
 * an employee is asked for, closed and given links by their superior or HR, and answered by the
 * raters asked, never by the employee it is about (their own view is the SELF assessment,
 * `feedback.writeSelf`). The direct superior gives periodic feedback (`feedback.givePeriodic`)
 * that the employee acknowledges, and may withdraw a draft assessment (`assessment.withdraw`).
 *
 * Conflict of interest: on a record about themselves an actor is only EMPLOYEE, whatever roles
 * their token holds (see {@link effectiveRoles}); so HR never calibrates, reopens or finalises
 * their own assessment, and nobody approves their own plan or opens feedback about themselves.
 */
export const POLICY_TABLE: Readonly<Record<Action, PolicyRule>> = {
  "agency.read": { roles: [E, HR, A], read: true },
  "agency.configure": { roles: [HR], read: false },
  "staff.read": { roles: [E, ...OVERSIGHT], read: true },
  "staff.import": { roles: [HR], read: false },
  "period.read": { roles: [E, HR, A], read: true },
  "period.create": { roles: [HR], read: false },
  "period.transition": { roles: [HR], read: false },
  "workPlan.read": { roles: [E, ...OVERSIGHT], read: true },
  "workPlan.draft": { roles: [E], read: false },
  "workPlan.edit": { roles: [E], read: false },
  "workPlan.submit": { roles: [E], read: false },
  "workPlan.approve": { roles: [S], read: false },
  "workPlan.requestRevision": { roles: [S], read: false },
  "workPlan.reject": { roles: [S], read: false },
  "workPlan.amend": { roles: [E, S], read: false },
  "realization.read": { roles: [E, ...OVERSIGHT], read: true },
  "realization.record": { roles: [E], read: false },
  "feedback.request": { roles: [S, HR], read: false },
  "feedback.submit": { roles: [P], read: false },
  "feedback.readAggregate": { roles: [E, ...OVERSIGHT], read: true, requires: "ANONYMITY_THRESHOLD" },
  "feedback.readIndividual": { roles: [E, ...OVERSIGHT], read: true, requires: "IDENTIFIED_SOURCE" },
  "feedback.writeSelf": { roles: [E], read: false },
  "feedback.givePeriodic": { roles: [S], read: false },
  "feedback.acknowledgePeriodic": { roles: [E], read: false },
  "assessment.preview": { roles: [S, SS, HR], read: false },
  "assessment.finalise": { roles: [S], read: false },
  "assessment.withdraw": { roles: [S], read: false },
  "assessment.reopen": { roles: [SS, HR], read: false },
  "assessment.readExplanation": { roles: [E, ...OVERSIGHT], read: true },
  "result.read": { roles: [E, ...OVERSIGHT], read: true },
  "calibration.read": { roles: [HR, A], read: true },
  "calibration.apply": { roles: [HR], read: false },
  "followUp.read": { roles: [E, ...OVERSIGHT], read: true },
  "followUp.export": { roles: [HR], read: false },
  "audit.read": { roles: [HR, A], read: true },
  "webhook.manage": { roles: [HR], read: false },
  "evaluate.run": { roles: [E, HR], read: false },
};

/**
 * Each action in plain words, as a user would say what they tried: the verb and its object
 * (the owner is added when the resource has one: "approve the work plan of 1980…").
 */
const ACTION_TEXT: Readonly<Record<Action, string>> = {
  "agency.read": "read the agency's settings",
  "agency.configure": "change the agency's settings",
  "staff.read": "read staff records",
  "staff.import": "import staff",
  "period.read": "read periods",
  "period.create": "create a period",
  "period.transition": "open, advance or close a period",
  "workPlan.read": "read the work plan",
  "workPlan.draft": "draft a work plan",
  "workPlan.edit": "edit the work plan",
  "workPlan.submit": "submit the work plan",
  "workPlan.approve": "approve the work plan",
  "workPlan.requestRevision": "ask for a revision of the work plan",
  "workPlan.reject": "reject the work plan",
  "workPlan.amend": "amend the work plan",
  "realization.read": "read the realisations",
  "realization.record": "record realisations",
  "feedback.request": "ask for, close or link feedback",
  "feedback.submit": "answer this feedback request",
  "feedback.readAggregate": "read the feedback summary",
  "feedback.readIndividual": "read individual feedback",
  "feedback.writeSelf": "write the self-assessment",
  "feedback.givePeriodic": "give periodic feedback",
  "feedback.acknowledgePeriodic": "acknowledge the periodic feedback",
  "assessment.preview": "preview the assessment",
  "assessment.finalise": "record or finalise the assessment",
  "assessment.withdraw": "withdraw the draft assessment",
  "assessment.reopen": "reopen the final assessment",
  "assessment.readExplanation": "read the explanation of the assessment",
  "result.read": "read the result",
  "calibration.read": "read the calibration",
  "calibration.apply": "calibrate results",
  "followUp.read": "read the follow-up",
  "followUp.export": "export results",
  "audit.read": "read the audit log",
  "webhook.manage": "manage webhooks",
  "evaluate.run": "run evaluations",
};

/** Who holds a role, in plain words (relationship roles are about the resource's employee). */
function roleText(role: Role, resource: Resource): string {
  switch (role) {
    case "EMPLOYEE":
      return resource.ownerId === undefined
        ? "a member of the agency (EMPLOYEE in the token)"
        : "the employee themselves";
    case "SUPERVISOR":
      return "the employee's direct superior";
    case "SUPERVISOR_OF_SUPERVISOR":
      return "the direct superior's own superior";
    case "PEER":
      return "a rater asked for this feedback";
    case "HR_ADMIN":
      return "an HR administrator (HR_ADMIN in the token)";
    case "AUDITOR":
      return "an auditor (AUDITOR in the token)";
  }
}

/** What the actor is on the resource, in plain words. */
function heldText(roles: readonly Role[], resource: Resource): string {
  if (roles.length === 0) return "you have no role on it";
  if (roles.length === 1 && roles[0] === "EMPLOYEE" && resource.ownerId !== undefined)
    return "you are the employee it is about (on your own record you act only as the employee)";
  return `you are ${roles.map((r) => roleText(r, resource)).join(" and ")} here`;
}

/** What to do instead: who to sign in as, or which role the token needs. */
function remedyText(actor: Actor, allowed: readonly Role[], resource: Resource): string {
  const chain = resource.supervisorChain ?? [];
  const own = resource.ownerId !== undefined && resource.ownerId === actor.id;
  const remedy: Record<Role, string> = {
    EMPLOYEE:
      resource.ownerId === undefined
        ? "use a token with EMPLOYEE in its roles"
        : `sign in as ${resource.ownerId}, the employee`,
    SUPERVISOR:
      chain[0] === undefined
        ? "give the employee a direct superior in the staff import (supervisorId) and sign in as them"
        : `sign in as ${chain[0]}, the direct superior`,
    SUPERVISOR_OF_SUPERVISOR:
      chain[1] === undefined
        ? "the direct superior has no superior in the reporting lines"
        : `sign in as ${chain[1]}, the superior's superior`,
    PEER: "ask the employee's superior or HR to add you as a rater",
    HR_ADMIN: own
      ? "another HR administrator must do it (nobody acts with HR rights on their own record)"
      : "use a token with HR_ADMIN in its roles",
    AUDITOR: "use a token with AUDITOR in its roles",
  };
  const remedies = allowed.map((role) => remedy[role]);
  return remedies.join(", or ");
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The resource kind an action applies to (the part before the dot). */
export function actionKind(action: Action): ResourceKind {
  return action.slice(0, action.indexOf(".")) as ResourceKind;
}

/** Whether an action only reads (per {@link POLICY_TABLE}). */
export function isReadAction(action: Action): boolean {
  return POLICY_TABLE[action].read;
}

/** Whether an aggregate of `count` anonymous answers may be shown: at least k (`minAnonymousAnswers`, default 3). */
export function canSeeFeedbackAggregate(count: number, options: PolicyOptionsInput = {}): boolean {
  const k = options.minAnonymousAnswers ?? 3;
  return Number.isFinite(count) && count >= Math.max(1, k);
}

/**
 * The relationship roles an actor holds on a resource, from the facts the caller supplied:
 * EMPLOYEE when the actor is the owner; SUPERVISOR when the actor is the owner's direct superior
 * (`supervisorChain[0]`); SUPERVISOR_OF_SUPERVISOR for `supervisorChain[1]`; PEER when the actor
 * is an assigned rater. The owner never holds SUPERVISOR, SUPERVISOR_OF_SUPERVISOR or PEER on
 * their own resource, so nobody approves their own plan or rates themselves as superior.
 * Agency membership is not checked here (see {@link effectiveRoles}).
 */
export function relationshipRoles(actor: Pick<Actor, "id">, resource: Resource): Role[] {
  const owner = resource.ownerId;
  if (owner === undefined) return [];
  if (actor.id === owner) return ["EMPLOYEE"];
  const roles: Role[] = [];
  const chain = resource.supervisorChain ?? [];
  if (chain[0] === actor.id) roles.push("SUPERVISOR");
  if (chain[1] === actor.id) roles.push("SUPERVISOR_OF_SUPERVISOR");
  if ((resource.assignedRaterIds ?? []).includes(actor.id)) roles.push("PEER");
  return roles;
}

/**
 * The roles that count for an actor on a resource: none across agencies; only EMPLOYEE on the
 * actor's own resource (global roles never act on their holder's own record); otherwise the
 * relationship roles, HR_ADMIN and AUDITOR from the token, and EMPLOYEE for a member of the
 * agency on agency-wide resources that concern nobody in particular.
 */
export function effectiveRoles(actor: Actor, resource: Resource): Role[] {
  if (actor.agencyId !== resource.agencyId) return [];
  const related = relationshipRoles(actor, resource);
  if (resource.ownerId !== undefined && actor.id === resource.ownerId) return related;
  const roles = new Set<Role>(related);
  for (const role of actor.roles) if (role === "HR_ADMIN" || role === "AUDITOR") roles.add(role);
  if (
    resource.ownerId === undefined &&
    AGENCY_WIDE_KINDS.includes(resource.kind) &&
    actor.roles.includes("EMPLOYEE")
  ) {
    roles.add("EMPLOYEE");
  }
  return ROLES.filter((r) => roles.has(r));
}

/** A policy decision with its reason. */
export interface PolicyDecision {
  /** Whether the action is allowed. */
  allowed: boolean;
  /** The roles that counted for the actor on the resource. */
  roles: Role[];
  /** The roles that granted the action (empty when denied). */
  grantedBy: Role[];
  /** Why, in a sentence. */
  reason: string;
}

/**
 * Decides whether `actor` may take `action` on `resource`, with the reason: the resource kind
 * must match the action; cross-agency is always denied; one of the actor's effective roles must
 * be allowed the action by {@link POLICY_TABLE}; and the action's condition must hold
 * (anonymity threshold, identified feedback source).
 */
export function decide(
  actor: Actor,
  action: Action,
  resource: Resource,
  options: PolicyOptionsInput = {},
): PolicyDecision {
  const rule = POLICY_TABLE[action];
  if (rule === undefined)
    return { allowed: false, roles: [], grantedBy: [], reason: `unknown action ${String(action)}` };
  const kind = actionKind(action);
  if (resource.kind !== kind) {
    return {
      allowed: false,
      roles: [],
      grantedBy: [],
      reason: `${action} applies to a ${kind}, not a ${resource.kind}`,
    };
  }
  if (actor.agencyId !== resource.agencyId) {
    return {
      allowed: false,
      roles: [],
      grantedBy: [],
      reason: `it belongs to agency ${resource.agencyId} and your token to agency ${actor.agencyId}; use a token of agency ${resource.agencyId}`,
    };
  }
  const roles = effectiveRoles(actor, resource);
  const grantedBy = roles.filter((r) => rule.roles.includes(r));
  if (grantedBy.length === 0) {
    const who = rule.roles.map((r) => roleText(r, resource)).join(" or ");
    const of = resource.ownerId === undefined ? "" : ` of ${resource.ownerId}`;
    return {
      allowed: false,
      roles,
      grantedBy,
      reason: `only ${who} may ${ACTION_TEXT[action]}${of}; ${heldText(roles, resource)}`,
    };
  }
  if (rule.requires === "ANONYMITY_THRESHOLD") {
    const count = resource.feedbackAnswerCount ?? 0;
    if (!canSeeFeedbackAggregate(count, options)) {
      const k = options.minAnonymousAnswers ?? 3;
      return {
        allowed: false,
        roles,
        grantedBy: [],
        reason: `the feedback aggregate is shown only from ${k} answers (${count} so far), to keep raters anonymous`,
      };
    }
  }
  if (rule.requires === "IDENTIFIED_SOURCE") {
    const identified = options.identifiedSources ?? ["SELF", "SUPERVISOR"];
    const source = resource.feedbackSource;
    if (source === undefined || !identified.includes(source)) {
      return {
        allowed: false,
        roles,
        grantedBy: [],
        reason: `individual ${source ?? "unspecified-source"} feedback is anonymous; read the aggregate instead`,
      };
    }
  }
  return { allowed: true, roles, grantedBy, reason: `allowed as ${grantedBy.join(", ")}` };
}

/**
 * Whether `actor` may take `action` on `resource` (see {@link decide} for the rules).
 *
 * @example can({ id: "b", agencyId: "x", roles: ["EMPLOYEE"] }, "workPlan.approve",
 *   { kind: "workPlan", agencyId: "x", ownerId: "a", supervisorChain: ["b"] }) // true
 */
export function can(
  actor: Actor,
  action: Action,
  resource: Resource,
  options: PolicyOptionsInput = {},
): boolean {
  return decide(actor, action, resource, options).allowed;
}

/**
 * Throws a KinerjaError FORBIDDEN unless {@link can} allows it, with a message in plain words:
 * what the user tried, who may do it, and what to do (who to sign in as, or which role the
 * token needs). The details keep the codes: actor, action, resource, roles and reason.
 *
 * @example authorize(employee, "assessment.finalise", { kind: "assessment", agencyId: "x",
 *   ownerId: "emp", supervisorChain: ["sup"] })
 * // FORBIDDEN: "Only the employee's direct superior may record or finalise the assessment of
 * // emp; you are the employee it is about (…). Sign in as sup, the direct superior."
 */
export function authorize(
  actor: Actor,
  action: Action,
  resource: Resource,
  options: PolicyOptionsInput = {},
): void {
  const decision = decide(actor, action, resource, options);
  if (decision.allowed) return;
  const rule = POLICY_TABLE[action];
  const byRole =
    rule !== undefined &&
    actionKind(action) === resource.kind &&
    actor.agencyId === resource.agencyId &&
    !rule.roles.some((r) => decision.roles.includes(r));
  const message = byRole
    ? `${capitalised(decision.reason)}. ${capitalised(remedyText(actor, rule.roles, resource))}.`
    : `You (${actor.id}) may not ${ACTION_TEXT[action] ?? action} here: ${decision.reason}.`;
  throw new KinerjaError("FORBIDDEN", message, {
    details: {
      actorId: actor.id,
      action,
      resource: {
        kind: resource.kind,
        agencyId: resource.agencyId,
        ...(resource.ownerId === undefined ? {} : { ownerId: resource.ownerId }),
      },
      roles: decision.roles,
      reason: decision.reason,
    },
  });
}

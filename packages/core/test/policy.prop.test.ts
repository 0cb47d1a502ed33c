import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import {
  ACTIONS,
  type Actor,
  actionKind,
  can,
  effectiveRoles,
  isReadAction,
  POLICY_TABLE,
  RESOURCE_KINDS,
  type Resource,
  ROLES,
  relationshipRoles,
} from "../src/policy";

const ids = ["a", "b", "c", "d", "e"];
const id = fc.constantFrom(...ids);
const agency = fc.constantFrom("x", "y");
const action = fc.constantFrom(...ACTIONS);

const actorArb: fc.Arbitrary<Actor> = fc.record({
  id,
  agencyId: agency,
  roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 4 }),
});

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const resourceArb: fc.Arbitrary<Resource> = fc
  .record({
    kind: fc.constantFrom(...RESOURCE_KINDS),
    agencyId: agency,
    ownerId: optional(id),
    supervisorChain: optional(fc.array(id, { maxLength: 3 })),
    assignedRaterIds: optional(fc.array(id, { maxLength: 3 })),
    feedbackAnswerCount: optional(fc.nat({ max: 6 })),
    feedbackSource: optional(fc.constantFrom("SELF", "SUPERVISOR", "PEER", "SUBORDINATE", "PUBLIC")),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Resource);

/** A resource of the kind the action applies to, so the role check is what decides. */
const matching = fc.tuple(action, resourceArb).map(([a, r]) => [a, { ...r, kind: actionKind(a) }] as const);

test.prop([actorArb, matching])(
  "can is true only when the table allows one of the roles derived from the facts",
  (actor, [act, resource]) => {
    fc.pre(can(actor, act, resource));
    const derived = effectiveRoles(actor, resource);
    expect(derived.some((role) => POLICY_TABLE[act].roles.includes(role))).toBe(true);
    const fromFacts = new Set([...relationshipRoles(actor, resource), ...actor.roles]);
    for (const role of derived) expect(fromFacts.has(role)).toBe(true);
  },
);

/** An actor and a resource on which the actor holds exactly `role`, built from the facts. */
const singleRole = fc
  .tuple(fc.constantFrom(...ROLES), agency, fc.constantFrom(...ACTIONS), fc.nat({ max: 6 }), fc.boolean())
  .map(([role, agencyId, act, count, withOwner]) => {
    const kind = actionKind(act);
    const actor: Actor = {
      id: "me",
      agencyId,
      roles: role === "HR_ADMIN" || role === "AUDITOR" ? [role] : ["EMPLOYEE"],
    };
    const base = { kind, agencyId, feedbackAnswerCount: count, feedbackSource: "SUPERVISOR" };
    const facts: Record<string, Partial<Resource>> = {
      EMPLOYEE: withOwner ? { ownerId: "me" } : {},
      SUPERVISOR: { ownerId: "o", supervisorChain: ["me", "s2"] },
      SUPERVISOR_OF_SUPERVISOR: { ownerId: "o", supervisorChain: ["s1", "me"] },
      PEER: { ownerId: "o", supervisorChain: ["s1"], assignedRaterIds: ["me"] },
      HR_ADMIN: { ownerId: "o", supervisorChain: ["s1"] },
      AUDITOR: withOwner ? { ownerId: "o" } : {},
    };
    return { role, actor, act, resource: { ...base, ...facts[role] } as Resource };
  });

test.prop([singleRole])(
  "no role reaches an action outside its table row",
  ({ role, actor, act, resource }) => {
    const held = effectiveRoles(actor, resource);
    fc.pre(held.length === 1 && held[0] === role);
    if (can(actor, act, resource)) expect(POLICY_TABLE[act].roles).toContain(role);
  },
);

test.prop([
  actorArb,
  resourceArb,
  fc.constantFrom(
    "workPlan.approve",
    "workPlan.reject",
    "workPlan.requestRevision",
    "assessment.finalise",
    "assessment.reopen" as const,
  ),
])("nobody approves, rejects, rates or reopens their own plan or assessment", (actor, resource, act) => {
  const own = { ...resource, kind: actionKind(act), ownerId: actor.id, agencyId: actor.agencyId };
  expect(can(actor, act, own)).toBe(false);
});

test.prop([actorArb, matching])("cross-agency is always denied", (actor, [act, resource]) => {
  fc.pre(actor.agencyId !== resource.agencyId);
  expect(can(actor, act, resource)).toBe(false);
});

test.prop([id, agency, matching])(
  "an AUDITOR with no relationship to the resource never takes a non-read action",
  (auditorId, agencyId, [act, resource]) => {
    fc.pre(relationshipRoles({ id: auditorId }, resource).length === 0);
    const auditor: Actor = { id: auditorId, agencyId, roles: ["AUDITOR"] };
    if (!isReadAction(act)) expect(can(auditor, act, resource)).toBe(false);
  },
);

test.prop([actorArb, matching])(
  "an actor holding only PEER never reads results or individual feedback",
  (actor, [act, resource]) => {
    fc.pre(effectiveRoles(actor, resource).every((r) => r === "PEER"));
    if (act === "result.read" || act === "feedback.readIndividual" || act === "assessment.readExplanation") {
      expect(can(actor, act, resource)).toBe(false);
    }
  },
);

test.prop([actorArb, resourceArb, fc.constantFrom("PEER", "SUBORDINATE", "PUBLIC")])(
  "individual anonymous feedback is never readable",
  (actor, resource, source) => {
    const feedback = { ...resource, kind: "feedback" as const, feedbackSource: source };
    expect(can(actor, "feedback.readIndividual", feedback)).toBe(false);
  },
);

test.prop([actorArb, resourceArb, fc.integer({ min: 1, max: 10 }), fc.nat({ max: 12 })])(
  "the feedback aggregate is never shown below k answers",
  (actor, resource, k, count) => {
    fc.pre(count < k);
    const feedback = { ...resource, kind: "feedback" as const, feedbackAnswerCount: count };
    expect(can(actor, "feedback.readAggregate", feedback, { minAnonymousAnswers: k })).toBe(false);
  },
);

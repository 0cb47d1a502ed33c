import { describe, expect, test } from "vitest";
import { isKinerjaError } from "../src/errors";
import { GLOSSARY } from "../src/glossary";
import {
  ACTIONS,
  type Action,
  ActionSchema,
  type Actor,
  ActorSchema,
  actionKind,
  authorize,
  can,
  canSeeFeedbackAggregate,
  decide,
  effectiveRoles,
  isReadAction,
  POLICY_TABLE,
  RESOURCE_KINDS,
  type Resource,
  type ResourceKind,
  ROLES,
  RoleSchema,
  relationshipRoles,
} from "../src/policy";

const AGENCY = "disdik";
const actor = (id: string, roles: Actor["roles"] = ["EMPLOYEE"], agencyId = AGENCY): Actor => ({
  id,
  agencyId,
  roles,
});

const employee = actor("emp");
const supervisor = actor("sup");
const supervisorOfSupervisor = actor("sos");
const peer = actor("peer");
const hr = actor("hr", ["EMPLOYEE", "HR_ADMIN"]);
const auditor = actor("aud", ["AUDITOR"]);
const stranger = actor("other");
const outsiderHr = actor("hr2", ["HR_ADMIN"], "dinkes");

const about = (kind: ResourceKind, extra: Partial<Resource> = {}): Resource => ({
  kind,
  agencyId: AGENCY,
  ownerId: "emp",
  supervisorChain: ["sup", "sos"],
  assignedRaterIds: ["peer"],
  ...extra,
});
const agencyWide = (kind: ResourceKind): Resource => ({ kind, agencyId: AGENCY });
const resourceFor = (action: Action, extra: Partial<Resource> = {}): Resource =>
  about(actionKind(action), extra);

describe("policy vocabulary", () => {
  test("role codes are the glossary's role codes", () => {
    expect([...ROLES].sort()).toEqual(Object.keys(GLOSSARY.role).sort());
    expect(RoleSchema.safeParse("PUBLIC").success).toBe(false);
  });

  test("the table has exactly one row per action, each with declared roles and a known kind", () => {
    expect(Object.keys(POLICY_TABLE).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) {
      expect(RESOURCE_KINDS).toContain(actionKind(action));
      for (const role of POLICY_TABLE[action].roles) expect(ROLES).toContain(role);
    }
    expect(ActionSchema.safeParse("workPlan.delete").success).toBe(false);
  });

  test("AUDITOR appears only on read rows, PEER only on feedback.submit", () => {
    for (const action of ACTIONS) {
      if (POLICY_TABLE[action].roles.includes("AUDITOR")) expect(isReadAction(action)).toBe(true);
      if (POLICY_TABLE[action].roles.includes("PEER")) expect(action).toBe("feedback.submit");
    }
  });

  test("ActorSchema defaults roles to none and names bad fields", () => {
    expect(ActorSchema.parse({ id: "a", agencyId: "x" })).toEqual({ id: "a", agencyId: "x", roles: [] });
    expect(ActorSchema.safeParse({ id: "a", agencyId: "x", roles: ["KING"] }).error?.issues[0]?.path).toEqual(
      ["roles", 0],
    );
  });
});

describe("relationshipRoles and effectiveRoles", () => {
  test("derive self, superior, superior's superior and assigned rater from the facts", () => {
    const plan = about("workPlan");
    expect(relationshipRoles(employee, plan)).toEqual(["EMPLOYEE"]);
    expect(relationshipRoles(supervisor, plan)).toEqual(["SUPERVISOR"]);
    expect(relationshipRoles(supervisorOfSupervisor, plan)).toEqual(["SUPERVISOR_OF_SUPERVISOR"]);
    expect(relationshipRoles(peer, plan)).toEqual(["PEER"]);
    expect(relationshipRoles(stranger, plan)).toEqual([]);
    expect(relationshipRoles(supervisor, agencyWide("period"))).toEqual([]);
  });

  test("the owner is never their own SUPERVISOR, even when the facts say so", () => {
    const twisted = about("workPlan", { supervisorChain: ["emp", "emp"], assignedRaterIds: ["emp"] });
    expect(relationshipRoles(employee, twisted)).toEqual(["EMPLOYEE"]);
    expect(effectiveRoles(actor("emp", ["HR_ADMIN", "AUDITOR", "SUPERVISOR"]), twisted)).toEqual([
      "EMPLOYEE",
    ]);
  });

  test("relationship roles in a token are ignored; HR_ADMIN and AUDITOR count in the agency", () => {
    expect(
      effectiveRoles(actor("x", ["SUPERVISOR", "PEER", "SUPERVISOR_OF_SUPERVISOR"]), about("workPlan")),
    ).toEqual([]);
    expect(effectiveRoles(hr, about("workPlan"))).toEqual(["HR_ADMIN"]);
    expect(effectiveRoles(outsiderHr, about("workPlan"))).toEqual([]);
  });

  test("EMPLOYEE in the token makes a member only for agency-wide resources about nobody", () => {
    expect(effectiveRoles(stranger, agencyWide("period"))).toEqual(["EMPLOYEE"]);
    expect(effectiveRoles(stranger, agencyWide("workPlan"))).toEqual([]);
    expect(effectiveRoles(stranger, agencyWide("staff"))).toEqual([]);
  });
});

describe("work plan approval", () => {
  const plan = about("workPlan");

  test("the direct superior approves, asks for revision or rejects", () => {
    for (const action of ["workPlan.approve", "workPlan.requestRevision", "workPlan.reject"] as const) {
      expect(can(supervisor, action, plan)).toBe(true);
      expect(can(supervisorOfSupervisor, action, plan)).toBe(false);
      expect(can(hr, action, plan)).toBe(false);
      expect(can(peer, action, plan)).toBe(false);
    }
  });

  test("nobody approves their own plan, not even as HR_ADMIN or when listed as their own superior", () => {
    expect(can(employee, "workPlan.approve", plan)).toBe(false);
    expect(
      can(actor("emp", ["HR_ADMIN"]), "workPlan.approve", about("workPlan", { supervisorChain: ["emp"] })),
    ).toBe(false);
  });

  test("the owner drafts, edits, submits and amends; the superior may amend too", () => {
    for (const action of ["workPlan.draft", "workPlan.edit", "workPlan.submit", "workPlan.amend"] as const) {
      expect(can(employee, action, plan)).toBe(true);
      expect(can(stranger, action, plan)).toBe(false);
    }
    expect(can(supervisor, "workPlan.amend", plan)).toBe(true);
    expect(can(supervisor, "workPlan.submit", plan)).toBe(false);
  });
});

describe("assessment", () => {
  test("only the direct superior finalises; nobody rates themselves as superior", () => {
    expect(can(supervisor, "assessment.finalise", about("assessment"))).toBe(true);
    expect(can(employee, "assessment.finalise", about("assessment"))).toBe(false);
    expect(can(employee, "assessment.finalise", about("assessment", { supervisorChain: ["emp"] }))).toBe(
      false,
    );
    expect(can(hr, "assessment.finalise", about("assessment"))).toBe(false);
  });

  test("the superior's superior and HR reopen; the superior does not", () => {
    expect(can(supervisorOfSupervisor, "assessment.reopen", about("assessment"))).toBe(true);
    expect(can(hr, "assessment.reopen", about("assessment"))).toBe(true);
    expect(can(supervisor, "assessment.reopen", about("assessment"))).toBe(false);
    expect(can(actor("emp", ["HR_ADMIN"]), "assessment.reopen", about("assessment"))).toBe(false);
  });

  test("the owner reads the explanation, the realisations and the result", () => {
    for (const action of ["assessment.readExplanation", "realization.read", "result.read"] as const) {
      expect(can(employee, action, resourceFor(action))).toBe(true);
    }
    expect(can(employee, "realization.record", about("realization"))).toBe(true);
    expect(can(supervisor, "realization.record", about("realization"))).toBe(false);
  });
});

describe("peers and the public", () => {
  test("an assigned peer submits feedback; an unassigned colleague does not", () => {
    expect(can(peer, "feedback.submit", about("feedback"))).toBe(true);
    expect(can(stranger, "feedback.submit", about("feedback"))).toBe(false);
  });

  test("peers and the public never read an individual's results, plan, explanation or feedback", () => {
    const publicActor = actor("citizen", []);
    for (const action of [
      "result.read",
      "workPlan.read",
      "assessment.readExplanation",
      "realization.read",
      "feedback.readAggregate",
      "feedback.readIndividual",
      "followUp.read",
    ] as const) {
      const resource = resourceFor(action, { feedbackAnswerCount: 10, feedbackSource: "SUPERVISOR" });
      expect(can(peer, action, resource)).toBe(false);
      expect(can(publicActor, action, resource)).toBe(false);
      expect(can(stranger, action, resource)).toBe(false);
    }
  });
});

describe("anonymous feedback", () => {
  test("canSeeFeedbackAggregate needs at least k answers (default 3)", () => {
    expect(canSeeFeedbackAggregate(2)).toBe(false);
    expect(canSeeFeedbackAggregate(3)).toBe(true);
    expect(canSeeFeedbackAggregate(4, { minAnonymousAnswers: 5 })).toBe(false);
    expect(canSeeFeedbackAggregate(5, { minAnonymousAnswers: 5 })).toBe(true);
    expect(canSeeFeedbackAggregate(0, { minAnonymousAnswers: 0 })).toBe(false);
    expect(canSeeFeedbackAggregate(Number.NaN)).toBe(false);
  });

  test("the aggregate is readable by the owner and oversight only from k answers", () => {
    for (const who of [employee, supervisor, supervisorOfSupervisor, hr, auditor]) {
      expect(can(who, "feedback.readAggregate", about("feedback", { feedbackAnswerCount: 3 }))).toBe(true);
      expect(can(who, "feedback.readAggregate", about("feedback", { feedbackAnswerCount: 2 }))).toBe(false);
      expect(can(who, "feedback.readAggregate", about("feedback"))).toBe(false);
    }
    expect(
      can(employee, "feedback.readAggregate", about("feedback", { feedbackAnswerCount: 3 }), {
        minAnonymousAnswers: 4,
      }),
    ).toBe(false);
  });

  test("individual PEER, SUBORDINATE and PUBLIC answers are never readable, by anyone", () => {
    for (const source of ["PEER", "SUBORDINATE", "PUBLIC", "CUSTOMER"]) {
      for (const who of [employee, supervisor, supervisorOfSupervisor, hr, auditor, peer]) {
        expect(
          can(
            who,
            "feedback.readIndividual",
            about("feedback", { feedbackSource: source, feedbackAnswerCount: 50 }),
          ),
        ).toBe(false);
      }
    }
    expect(can(hr, "feedback.readIndividual", about("feedback"))).toBe(false);
  });

  test("identified SELF and SUPERVISOR answers are readable individually by the owner and oversight", () => {
    expect(
      can(employee, "feedback.readIndividual", about("feedback", { feedbackSource: "SUPERVISOR" })),
    ).toBe(true);
    expect(can(hr, "feedback.readIndividual", about("feedback", { feedbackSource: "SELF" }))).toBe(true);
    expect(
      can(hr, "feedback.readIndividual", about("feedback", { feedbackSource: "SELF" }), {
        identifiedSources: ["SUPERVISOR"],
      }),
    ).toBe(false);
  });
});

describe("HR_ADMIN", () => {
  test("administers its own agency only", () => {
    for (const action of [
      "agency.configure",
      "staff.import",
      "period.create",
      "period.transition",
      "calibration.apply",
      "followUp.export",
      "webhook.manage",
    ] as const) {
      expect(can(hr, action, agencyWide(actionKind(action)))).toBe(true);
      expect(can(outsiderHr, action, agencyWide(actionKind(action)))).toBe(false);
      expect(can(stranger, action, agencyWide(actionKind(action)))).toBe(false);
    }
  });
});

describe("AUDITOR", () => {
  test("reads everything it is listed for in its own agency", () => {
    for (const action of ACTIONS.filter((a) => POLICY_TABLE[a].roles.includes("AUDITOR"))) {
      const resource = resourceFor(action, { feedbackAnswerCount: 5, feedbackSource: "SUPERVISOR" });
      expect(can(auditor, action, resource)).toBe(true);
    }
  });

  test("never takes a non-read action, even on agency-wide resources", () => {
    for (const action of ACTIONS.filter((a) => !isReadAction(a))) {
      expect(can(auditor, action, resourceFor(action))).toBe(false);
      expect(can(auditor, action, agencyWide(actionKind(action)))).toBe(false);
    }
  });

  test("reads nothing in another agency", () => {
    expect(can(actor("aud", ["AUDITOR"], "dinkes"), "audit.read", agencyWide("audit"))).toBe(false);
  });
});

describe("cross-agency and mismatched resources", () => {
  test("a superior in another agency is denied everything", () => {
    const abroad = actor("sup", ["EMPLOYEE"], "dinkes");
    for (const action of ACTIONS) expect(can(abroad, action, resourceFor(action))).toBe(false);
  });

  test("an action on a resource of another kind is denied", () => {
    expect(can(supervisor, "workPlan.approve", about("assessment"))).toBe(false);
    expect(decide(supervisor, "workPlan.approve", about("assessment")).reason).toMatch(
      /applies to a workPlan/,
    );
  });

  test("members read the agency and periods and run evaluations", () => {
    expect(can(stranger, "agency.read", agencyWide("agency"))).toBe(true);
    expect(can(stranger, "period.read", agencyWide("period"))).toBe(true);
    expect(can(stranger, "evaluate.run", agencyWide("evaluate"))).toBe(true);
    expect(can(actor("other", []), "period.read", agencyWide("period"))).toBe(false);
  });
});

describe("decide and authorize", () => {
  test("decide names the granting roles", () => {
    expect(decide(supervisor, "workPlan.read", about("workPlan"))).toEqual({
      allowed: true,
      roles: ["SUPERVISOR"],
      grantedBy: ["SUPERVISOR"],
      reason: "allowed as SUPERVISOR",
    });
  });

  test("authorize passes silently when allowed", () => {
    expect(() => authorize(supervisor, "workPlan.approve", about("workPlan"))).not.toThrow();
  });

  const refusal = (...args: Parameters<typeof authorize>) => {
    try {
      authorize(...args);
    } catch (e) {
      if (isKinerjaError(e)) return e;
      throw e;
    }
    throw new Error("authorize allowed it");
  };

  test("authorize throws FORBIDDEN saying in plain words who may do it and who to sign in as", () => {
    const error = refusal(employee, "assessment.finalise", about("assessment"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe(
      "Only the employee's direct superior may record or finalise the assessment of emp; you are the employee it is about (on your own record you act only as the employee). Sign in as sup, the direct superior.",
    );
    expect(error.details).toMatchObject({
      actorId: "emp",
      action: "assessment.finalise",
      roles: ["EMPLOYEE"],
    });
    expect(refusal(stranger, "staff.import", agencyWide("staff")).message).toBe(
      "Only an HR administrator (HR_ADMIN in the token) may import staff; you have no role on it. Use a token with HR_ADMIN in its roles.",
    );
    expect(refusal(hr, "assessment.reopen", about("assessment", { ownerId: "hr" })).message).toMatch(
      /another HR administrator must do it/,
    );
  });

  test("no refusal by role names an internal action code; each says what to do", () => {
    const actors = [employee, supervisor, supervisorOfSupervisor, peer, hr, auditor, stranger];
    for (const action of ACTIONS) {
      for (const who of actors) {
        for (const resource of [resourceFor(action), agencyWide(actionKind(action))]) {
          if (decide(who, action, resource).allowed) continue;
          const message = refusal(who, action, resource).message;
          for (const code of ACTIONS) expect(message, `${who.id} ${action}`).not.toContain(code);
          expect(message, `${who.id} ${action}`).toMatch(
            /sign in as|token|add you as a rater|another HR administrator|no superior|summary|anonymous/i,
          );
        }
      }
    }
  });

  test("authorize explains cross-agency and anonymity refusals", () => {
    expect(() => authorize(outsiderHr, "staff.import", agencyWide("staff"))).toThrow(
      /belongs to agency disdik/,
    );
    expect(() =>
      authorize(hr, "feedback.readAggregate", about("feedback", { feedbackAnswerCount: 1 })),
    ).toThrow(/only from 3 answers \(1 so far\)/);
    expect(() =>
      authorize(hr, "feedback.readIndividual", about("feedback", { feedbackSource: "PEER" })),
    ).toThrow(/individual PEER feedback is anonymous/);
  });
});

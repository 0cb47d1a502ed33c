import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isKinerjaError } from "../../src/errors";
import { PROTECTED_ATTRIBUTES, refusedEmployeeField } from "../../src/protected-attributes";
import { type AnyRulePackage, defineRulePackage } from "../../src/rule-package";
import {
  arbitraryEmployeeAttributes,
  arbitraryEvaluationCase,
  arbitraryNip,
  fairnessProperties,
} from "../../src/testing";
import {
  bypassingChecks,
  genderInputDefinition,
  idInputDefinition,
  perempuanPackage,
  undeclaredRealisationPackage,
} from "../fixtures/unfair-packages";

/**
 * The fairness kit does not trust declarations (issue 8, item 7): it varies every field the
 * package does not declare, and identity (NIP, name, every protected attribute in both
 * spellings) whatever it declares; defineRulePackage refuses id, name and protected attributes
 * as inputs.
 */
// Each unfair package runs every property (to show only the right one fails); 100 runs find each.
const RUNS = 100;
const TIMEOUT = 120_000;
const toyCases = fc
  .tuple(arbitraryEvaluationCase(), fc.boolean())
  .map(([c, innovation]) => ({ ...c, innovation }));

function failing(pkg: AnyRulePackage): string[] {
  return fairnessProperties(pkg, { numRuns: RUNS, cases: toyCases }).flatMap((p) => {
    try {
      p.run();
      return [];
    } catch (error) {
      // Only a property that fails counts; a crash of the kit itself fails the test.
      if (!/Property failed/.test((error as Error).message)) throw error;
      return [p.name];
    }
  });
}

const refusal = (definition: object): string => {
  try {
    defineRulePackage(definition as Parameters<typeof defineRulePackage>[0]);
  } catch (error) {
    if (isKinerjaError(error) && error.code === "RULE_PACKAGE_INVALID") return error.message;
    throw error;
  }
  return "accepted";
};

describe("the four packages the kit used to pass are caught", () => {
  test(
    "reading the realisations while declaring no inputs",
    () => {
      expect(failing(undeclaredRealisationPackage)).toEqual(["identity invariance"]);
    },
    TIMEOUT,
  );

  test(
    "keyed on an employee attribute declared as an EMPLOYEE input with a reason",
    () => {
      expect(refusal(genderInputDefinition)).toContain(
        'may not read "attributes.gender" is a protected attribute',
      );
      expect(failing(bypassingChecks(genderInputDefinition) as unknown as AnyRulePackage)).toEqual([
        "identity invariance",
      ]);
    },
    TIMEOUT,
  );

  test(
    "declaring the employee id (NIP) as an input, keyed on its sex digit",
    () => {
      expect(refusal(idInputDefinition)).toContain('may not read "id" identifies the employee');
      expect(failing(bypassingChecks(idInputDefinition) as unknown as AnyRulePackage)).toEqual([
        "identity invariance",
      ]);
    },
    TIMEOUT,
  );

  test(
    "keyed on a sex code outside L/P/PRIA/WANITA (jenisKelamin PEREMPUAN)",
    () => {
      expect(failing(perempuanPackage)).toEqual(["identity invariance"]);
    },
    TIMEOUT,
  );
});

describe("defineRulePackage refuses identity and protected attributes as inputs", () => {
  test("id, name, NIP, the whole attributes record and each protected key in both spellings", () => {
    for (const field of ["id", "name", "nip", "attributes", ...PROTECTED_ATTRIBUTES])
      expect(refusedEmployeeField(field), field).toBeDefined();
    for (const field of PROTECTED_ATTRIBUTES)
      expect(refusedEmployeeField(`attributes.${field}`)).toBeDefined();
    expect(refusedEmployeeField("jenis_kelamin")).toBeDefined();
    // The merit system's whole list (UU 5/2014 Pasal 1 angka 22), not only sex, religion,
    // ethnicity and age: marital status, origin, disability, political background, race.
    for (const field of [
      "status_perkawinan",
      "maritalStatus",
      "asal-usul",
      "daerahAsal",
      "disabilitas",
      "afiliasiPolitik",
      "ras",
      "tempatLahir",
    ])
      expect(refusedEmployeeField(`attributes.${field}`), field).toBeDefined();
    // The NIP under attributes is as identifying as the id.
    expect(refusedEmployeeField("attributes.nip")).toBeDefined();
    for (const field of [
      "isUnitHead",
      "structural",
      "positionKind",
      "functionalLevel",
      "attributes.golongan",
    ])
      expect(refusedEmployeeField(field), field).toBeUndefined();
  });

  test("a region extends the list with protectedAttributes", () => {
    const definition = {
      ...genderInputDefinition,
      inputs: [{ ...genderInputDefinition.inputs.at(-1)!, fields: ["attributes.marga"] }],
    };
    expect(refusal(definition)).toBe("accepted");
    expect(refusal({ ...definition, protectedAttributes: ["marga"] })).toContain(
      '"attributes.marga" is a protected attribute',
    );
  });
});

describe("the kit's identities", () => {
  test("NIPs carry a real birth date, an appointment month and a sex digit 1 or 2", () => {
    for (const nip of fc.sample(arbitraryNip(), { numRuns: 200, seed: 8 })) {
      expect(nip).toMatch(/^\d{18}$/);
      const birth = new Date(`${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}T00:00:00Z`);
      expect(birth.toISOString().slice(0, 10).replaceAll("-", "")).toBe(nip.slice(0, 8));
      expect(Number(nip.slice(12, 14))).toBeGreaterThanOrEqual(1);
      expect(Number(nip.slice(12, 14))).toBeLessThanOrEqual(12);
      expect(["1", "2"]).toContain(nip.charAt(14));
    }
  });

  test("attributes hold every protected key in both spellings, and a region's own keys", () => {
    const [attributes] = fc.sample(arbitraryEmployeeAttributes(["marga"]), { numRuns: 1, seed: 8 });
    for (const key of [...PROTECTED_ATTRIBUTES, "marga"])
      expect(Object.keys(attributes ?? {})).toContain(key);
  });
});

/**
 * The `employee.attributes` keys no rule may read, in their Indonesian and English spellings.
 * The list follows the merit system's definition (UU 5/2014 Pasal 1 angka 22, and Pasal 2 and
 * 51; UU 20/2023, which replaced it, keeps the merit system — its wording unverified here):
 * ASN are managed "tanpa membedakan latar belakang politik, ras, warna kulit, agama, asal usul,
 * jenis kelamin, status pernikahan, umur, ataupun kondisi kecacatan" — political background,
 * race and ethnicity, skin colour, religion, origin, sex, marital status, age (and birth date)
 * and disability. The NIP's birth date (digits 1–8) and sex digit (digit 15) are covered by
 * refusing the employee id as an input. A package adds its region's own keys with
 * `protectedAttributes` in its definition.
 */
export const PROTECTED_ATTRIBUTES = [
  "jenisKelamin",
  "gender",
  "agama",
  "religion",
  "suku",
  "ethnicity",
  "tanggalLahir",
  "birthDate",
  "usia",
  "age",
  "ras",
  "race",
  "warnaKulit",
  "skinColour",
  "asalUsul",
  "origin",
  "daerahAsal",
  "placeOfOrigin",
  "tempatLahir",
  "birthPlace",
  "statusPernikahan",
  "statusPerkawinan",
  "maritalStatus",
  "disabilitas",
  "kondisiKecacatan",
  "disability",
  "afiliasiPolitik",
  "latarBelakangPolitik",
  "politicalAffiliation",
] as const;

/** Employee fields that identify a person and are never an input: the id (NIP) and the name. */
export const IDENTITY_FIELDS = ["id", "name"] as const;

const normalise = (key: string) => key.replace(/[^a-z0-9]/gi, "").toLowerCase();

/**
 * Why an EMPLOYEE input field may not be read, or `undefined` when it may: `id` (the NIP, with
 * its birth date and sex digit), `name`, the whole `attributes` record, and a protected attribute
 * (`attributes.gender`, `gender`, `jenis_kelamin`, … compared without case or separators).
 */
export function refusedEmployeeField(field: string, extra: readonly string[] = []): string | undefined {
  const key = field.startsWith("attributes.") ? field.slice("attributes.".length) : field;
  if ((IDENTITY_FIELDS as readonly string[]).includes(field) || normalise(key) === "nip")
    return `"${field}" identifies the employee (the NIP holds the birth date and sex)`;
  if (field === "attributes") return `"attributes" holds protected attributes; name the one key a rule reads`;
  const protectedKeys = [...PROTECTED_ATTRIBUTES, ...extra].map(normalise);
  if (protectedKeys.includes(normalise(key)))
    return `"${field}" is a protected attribute (${[...PROTECTED_ATTRIBUTES, ...extra].join(", ")})`;
  return undefined;
}

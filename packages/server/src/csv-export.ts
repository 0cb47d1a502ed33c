/** A cell value of {@link toCsv}: written as text; objects as JSON. */
export type CsvValue = string | number | boolean | null | undefined | Record<string, unknown> | unknown[];

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed
 * with `'` (OWASP CSV injection); numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes rows as CSV (RFC 4180, CRLF line ends, a header row of the column names), one line per
 * row in the order given; a missing field is an empty cell.
 *
 * @example
 * toCsv(["nip", "grade"], [{ nip: "1990", grade: "BAIK" }]) // "nip,grade\r\n1990,BAIK\r\n"
 */
export function toCsv(
  columns: readonly string[],
  rows: Iterable<Readonly<Record<string, CsvValue>>>,
): string {
  const lines = [columns.map((c) => csvCell(c)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

import type { Language } from "@kinerja/core";

/**
 * A number for people as PP 30/2019 and PP 46/2011 explanations show it: an integer as it is,
 * otherwise up to 2 decimals without trailing zeros; a decimal comma in Indonesian.
 */
export function fmt(value: number, language: Language): string {
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, "");
  return language === "id" ? rounded.replace(".", ",") : rounded;
}

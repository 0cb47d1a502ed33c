import type { ExplanationStep, Json } from "./evaluation";
import type { Language, LocalizedText } from "./text";

/** What a package passes to {@link Explainer.step} when it writes its text inline. */
export interface StepInput {
  /** Rule name inside the package, e.g. `matrix`; prefixed with the package id. */
  rule: string;
  /** The legal basis. */
  legalBasis: string;
  /** What was computed. */
  title: LocalizedText;
  /** The inputs used. */
  inputs: Record<string, Json>;
  /** The value computed. */
  output: Json;
  /** A sentence a person can check by hand. */
  text: LocalizedText;
}

/**
 * What a package passes to {@link Explainer.step} when its prose lives in a catalogue
 * ({@link MessageCatalogue}): the decision as data, the text rendered only when asked.
 */
export interface MessageStepInput {
  /** Rule name inside the package; prefixed with the package id. */
  rule: string;
  /** The legal basis. */
  legalBasis: string;
  /** The message key in the package's catalogue; its title is the key `<messageId>.title`. */
  messageId: string;
  /** The values of the message's `{placeholders}`. */
  params: Record<string, Json>;
  /** The inputs used. */
  inputs: Record<string, Json>;
  /** The value computed. */
  output: Json;
}

/**
 * A package's messages, one table per language with the same keys: `key` is a step's sentence,
 * `key.title` its title; `{name}` is replaced by the step's `params.name` (numbers formatted for
 * the language).
 *
 * @example
 * const messages = {
 *   id: { capaian: "Capaian {capaian} %", "capaian.title": "Capaian kinerja" },
 *   en: { capaian: "Achievement {capaian} %", "capaian.title": "Performance achievement" },
 * };
 */
export interface MessageCatalogue {
  /** Bahasa Indonesia. */
  id: Readonly<Record<string, string>>;
  /** English. */
  en: Readonly<Record<string, string>>;
}

/** Collects explanation steps in order, prefixing rule names with the package id. */
export interface Explainer {
  /** Appends a step and returns its output, so computations read naturally. */
  step<T extends Json>(input: (StepInput | MessageStepInput) & { output: T }): T;
  /** The steps so far, in order. */
  readonly steps: ExplanationStep[];
}

/**
 * Creates an {@link Explainer} for a package.
 *
 * @example
 * const ex = explainer("pp-46-2011");
 * const score = ex.step({ rule: "score", legalBasis: "PP 46/2011 Pasal 12", messageId: "score", params: { skp, behaviour }, inputs: { skp, behaviour }, output: 0.6 * skp + 0.4 * behaviour });
 */
export function explainer(packageId: string): Explainer {
  const steps: ExplanationStep[] = [];
  return {
    step(input) {
      steps.push({ ...input, rule: `${packageId}/${input.rule}` });
      return input.output;
    },
    steps,
  };
}

const NUMBER: Record<Language, Intl.NumberFormat> = {
  id: new Intl.NumberFormat("id-ID", { maximumFractionDigits: 3 }),
  en: new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 }),
};

function format(template: string, params: Record<string, Json> | undefined, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) return whole;
    if (typeof value === "number") return NUMBER[language].format(value);
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

/**
 * The keys a step needs that a catalogue lacks (`id:capaian.title`, …); empty when it can be
 * rendered.
 */
export function missingMessages(catalogue: MessageCatalogue, messageId: string): string[] {
  const missing: string[] = [];
  for (const language of ["id", "en"] as const) {
    for (const key of [messageId, `${messageId}.title`]) {
      if (!Object.hasOwn(catalogue[language], key)) missing.push(`${language}:${key}`);
    }
  }
  return missing;
}

/**
 * A step with its title and text rendered from the catalogue, in Indonesian and English; steps
 * that carry their text inline are returned as they are.
 */
export function renderStep(step: ExplanationStep, catalogue: MessageCatalogue | undefined): ExplanationStep {
  if (step.messageId === undefined || catalogue === undefined || (step.text && step.title)) return step;
  const id = step.messageId;
  // The engine refuses a step whose keys are missing (missingMessages) before rendering it.
  const text = (language: "id" | "en", key: string) =>
    format(catalogue[language][key] as string, step.params, language);
  return {
    ...step,
    title: { id: text("id", `${id}.title`), en: text("en", `${id}.title`) },
    text: { id: text("id", id), en: text("en", id) },
  };
}

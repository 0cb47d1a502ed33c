import type { ExplanationStep, Json } from "./evaluation";
import { GLOSSARY } from "./glossary";
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
 * How a catalogue renders one parameter for `{name:format}`: the value as the step carries it
 * (a code, a number, a list) and the language, the text to show. Runs only when text is asked for.
 */
export type MessageFormat = (value: Json, language: Language) => string;

/**
 * A package's messages, one table per language with the same keys: `key` is a step's sentence,
 * `key.title` its title. Placeholders:
 * - `{name}`: the step's `params.name`; a number formatted for the language (up to 3 decimals),
 *   a string as it is;
 * - `{name:category}`: the label, in the step's language, of the code `params.name` in the
 *   glossary category (`{grade:predikat}` → "Sangat Baik" / "Very good"), so that steps carry
 *   codes and text never shows them;
 * - `{name:format}`: the catalogue's own `formats[format]` (its number style, a list of labels);
 *   a package's format wins over a glossary category of the same name.
 *
 * @example
 * const messages = {
 *   id: { capaian: "Capaian {capaian} %: {grade:predikat}", "capaian.title": "Capaian kinerja" },
 *   en: { capaian: "Achievement {capaian} %: {grade:predikat}", "capaian.title": "Performance achievement" },
 *   formats: { pct: (v, language) => `${language === "id" ? String(v).replace(".", ",") : v} %` },
 * };
 */
export interface MessageCatalogue {
  /** Bahasa Indonesia. */
  id: Readonly<Record<string, string>>;
  /** English. */
  en: Readonly<Record<string, string>>;
  /** The package's formats for `{name:format}` placeholders. */
  formats?: Readonly<Record<string, MessageFormat>>;
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
      const rule = `${packageId}/${input.rule}`;
      const i = input as Partial<MessageStepInput & StepInput>;
      if (
        i.messageId !== undefined &&
        i.params !== undefined &&
        i.title === undefined &&
        i.text === undefined
      ) {
        // A catalogue step: every level rebuilds it in the contract's key order (rendered,
        // data only or dropped), so it is built field by field rather than spread.
        const { legalBasis, messageId, params, inputs, output } = i as MessageStepInput;
        steps.push({ rule, legalBasis, messageId, params, inputs, output });
      } else {
        steps.push({ ...input, rule });
      }
      return input.output;
    },
    steps,
  };
}

const NUMBER: Record<Language, Intl.NumberFormat> = {
  id: new Intl.NumberFormat("id-ID", { maximumFractionDigits: 3 }),
  en: new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 }),
};

const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;

type Glossary = Record<string, Record<string, LocalizedText>>;

/** A placeholder of a compiled message: the parameter and how to show it. */
interface Slot {
  name: string;
  /** The placeholder as written, kept when the parameter is missing. */
  whole: string;
  own: MessageFormat | undefined;
  labels: Record<string, LocalizedText> | undefined;
}

/** A message split once into its literal text and placeholders (odd indices are slots). */
type Compiled = (string | Slot)[];

function compile(template: string, formats: MessageCatalogue["formats"]): Compiled {
  const parts: Compiled = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, name, form] = match as unknown as [string, string, string | undefined];
    parts.push(template.slice(last, match.index));
    const own = form !== undefined && formats && Object.hasOwn(formats, form) ? formats[form] : undefined;
    const labels =
      form !== undefined && own === undefined && Object.hasOwn(GLOSSARY, form)
        ? (GLOSSARY as unknown as Glossary)[form]
        : undefined;
    parts.push({ name, whole, own, labels });
    last = match.index + whole.length;
  }
  parts.push(template.slice(last));
  return parts;
}

function show(slot: Slot, params: Record<string, Json> | undefined, language: Language): string {
  const value = params?.[slot.name];
  if (value === undefined) return slot.whole;
  if (slot.own) return slot.own(value, language);
  if (slot.labels && typeof value === "string" && Object.hasOwn(slot.labels, value)) {
    return (slot.labels[value] as LocalizedText)[language];
  }
  if (typeof value === "number") return NUMBER[language].format(value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Each catalogue's messages are compiled once, when first rendered.
const COMPILED = new WeakMap<MessageCatalogue, { id: Map<string, Compiled>; en: Map<string, Compiled> }>();

function format(
  catalogue: MessageCatalogue,
  key: string,
  params: Record<string, Json> | undefined,
  language: Language,
): string {
  let cache = COMPILED.get(catalogue);
  if (cache === undefined) {
    cache = { id: new Map(), en: new Map() };
    COMPILED.set(catalogue, cache);
  }
  let parts = cache[language].get(key);
  if (parts === undefined) {
    parts = compile(catalogue[language][key] as string, catalogue.formats);
    cache[language].set(key, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2)
    out += show(parts[i] as Slot, params, language) + (parts[i + 1] as string);
  return out;
}

/**
 * The formats a catalogue's messages use that it cannot render (`capaian: {x:pct}` when neither
 * `formats.pct` nor the glossary category `pct` exists); empty when every one is known.
 */
export function unknownFormats(catalogue: MessageCatalogue): string[] {
  const unknown: string[] = [];
  for (const language of ["id", "en"] as const) {
    for (const [key, template] of Object.entries(catalogue[language])) {
      for (const [, , form] of template.matchAll(PLACEHOLDER)) {
        if (form === undefined) continue;
        const known =
          (catalogue.formats !== undefined && Object.hasOwn(catalogue.formats, form)) ||
          Object.hasOwn(GLOSSARY, form);
        if (!known) unknown.push(`${language}:${key} uses {…:${form}}`);
      }
    }
  }
  return unknown;
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
  const text = (language: "id" | "en", key: string) => format(catalogue, key, step.params, language);
  const title = `${id}.title`;
  const titles = { id: text("id", title), en: text("en", title) };
  const texts = { id: text("id", id), en: text("en", id) };
  // Built field by field: a spread of the step costs more than the rendering.
  const { rule, legalBasis, params, inputs, output } = step;
  return params === undefined
    ? { rule, legalBasis, messageId: id, title: titles, inputs, output, text: texts }
    : { rule, legalBasis, messageId: id, params, title: titles, inputs, output, text: texts };
}

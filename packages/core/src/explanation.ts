import type { ExplanationStep, Json } from "./evaluation";
import type { LocalizedText } from "./text";

/** What a package passes to {@link Explainer.step}. */
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

/** Collects explanation steps in order, prefixing rule names with the package id. */
export interface Explainer {
  /** Appends a step and returns its output, so computations read naturally. */
  step<T extends Json>(input: StepInput & { output: T }): T;
  /** The steps so far, in order. */
  readonly steps: ExplanationStep[];
}

/**
 * Creates an {@link Explainer} for a package.
 *
 * @example
 * const ex = explainer("pp-46-2011");
 * const score = ex.step({ rule: "score", legalBasis: "PP 46/2011 Pasal 12", title, inputs: { skp, behaviour }, output: 0.6 * skp + 0.4 * behaviour, text });
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

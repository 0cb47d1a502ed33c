import {
  type EvaluationRequest,
  EvaluationRequestSchema,
  type EvaluationResponse,
  evaluateBatch,
  type PreparedEvaluator,
  parseOrThrow,
  prepareEvaluator,
  type RulePackageRegistry,
} from "@kinerja/core";

/** How many prepared evaluators a {@link RequestEvaluator} keeps (the least recently used goes first). */
export const PREPARED_EVALUATORS_KEPT = 32;

/** A marker for `-0` in a cache key: JSON would write it as `0`, and a package may tell them apart. */
const NEGATIVE_ZERO = "\u0000-0";
const keyValue = (_key: string, value: unknown): unknown => (Object.is(value, -0) ? NEGATIVE_ZERO : value);

/** Whether a JSON value holds a `-0` anywhere. */
function hasNegativeZero(value: unknown): boolean {
  if (typeof value === "number") return Object.is(value, -0);
  if (typeof value !== "object" || value === null) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value))
    if (hasNegativeZero(item)) return true;
  return false;
}

/**
 * The cache key of JSON values: their JSON, with `-0` marked. The replacer that marks it is used
 * only when there is one (called on every value, it made the key a tenth of a one-case request's
 * evaluation).
 */
function keyOf(values: unknown[]): string {
  return hasNegativeZero(values) ? JSON.stringify(values, keyValue) : JSON.stringify(values);
}

/**
 * Evaluates stateless requests (`POST /v1/evaluate`) as `evaluateRequest` of the core does, with
 * the prepared evaluator of a request's package, configuration, period, organisation and
 * explanation level kept for the next requests that name the same ones: resolving the package's
 * version range, parsing its configuration and the period were a sixth of a one-case request.
 */
export interface RequestEvaluator {
  /** Parses `request` (VALIDATION_FAILED naming the field otherwise) and evaluates it. */
  evaluate(request: unknown): EvaluationResponse;
  /** Evaluates a request already parsed by `EvaluationRequestSchema` (the route's body). */
  evaluateParsed(request: EvaluationRequest): EvaluationResponse;
}

/**
 * A {@link RequestEvaluator} over `registry`. The package is resolved for every request, so a
 * package registered later is seen by the next request.
 *
 * @example
 * const requests = createRequestEvaluator(defaultRegistry());
 * const response = requests.evaluate({ rules: "permenpanrb-6-2022", period, cases });
 */
export function createRequestEvaluator(registry: RulePackageRegistry): RequestEvaluator {
  const prepared = new Map<string, PreparedEvaluator>();
  const evaluatorFor = (request: EvaluationRequest): PreparedEvaluator => {
    // Resolved on every request (a package registered later is seen at once); the rest of the
    // key is the request's own JSON values (from a parsed body), so equal keys mean equal options.
    const pkg = registry.resolveSpec(request.rules);
    const key = keyOf([
      pkg.id,
      pkg.version,
      request.config,
      request.period ?? null,
      request.organisation ?? null,
      request.explain,
    ]);
    const known = prepared.get(key);
    if (known !== undefined && known.package === pkg) {
      // Most recently used last.
      prepared.delete(key);
      prepared.set(key, known);
      return known;
    }
    const evaluator = prepareEvaluator(pkg, {
      config: request.config,
      ...(request.period ? { period: request.period } : {}),
      ...(request.organisation ? { organisation: request.organisation } : {}),
      explain: request.explain,
    });
    prepared.delete(key);
    if (prepared.size >= PREPARED_EVALUATORS_KEPT) prepared.delete(prepared.keys().next().value as string);
    prepared.set(key, evaluator);
    return evaluator;
  };
  const evaluateParsed = (request: EvaluationRequest): EvaluationResponse =>
    evaluateBatch(request.cases, evaluatorFor(request), { onError: request.onError });
  return {
    evaluateParsed,
    evaluate: (request) => evaluateParsed(parseOrThrow(EvaluationRequestSchema, request)),
  };
}

import {
  authorize,
  EvaluationRequestSchema,
  type EvaluationResponse,
  EvaluationResponseSchema,
} from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteDeps } from "../deps";
import { createRequestEvaluator } from "../evaluation-requests";
import { keyAwareValidatorCompiler } from "../http-errors";
import {
  evaluatePeriodicRequest,
  PeriodicEvaluationRequestSchema,
  type PeriodicEvaluationResponse,
  PeriodicEvaluationResponseSchema,
} from "../periodic";
import { errorResponses } from "./record-support";

/** The most cases in one `POST /v1/evaluate` by default (413 beyond; `KINERJA_MAX_EVALUATE_CASES`). */
export const DEFAULT_MAX_EVALUATE_CASES = 5000;

/** Requests with at most this many cases are evaluated in the request's thread (default). */
export const DEFAULT_IN_PROCESS_UP_TO = 16;

/**
 * With a worker pool, bodies of at least this many bytes are neither parsed nor validated on the
 * main thread: the raw bytes go to a worker (parsing 10 MB of JSON and copying the parsed cases
 * to a thread held the event loop for tens of milliseconds per batch).
 */
export const RAW_BODY_MIN_BYTES = 64 * 1024;

/** A large JSON body kept as bytes for a worker (see {@link RAW_BODY_MIN_BYTES}). */
class RawJsonBody {
  constructor(readonly bytes: Buffer) {}
}

function tooManyCases(cases: number, maxCases: number): Error {
  return Object.assign(
    new Error(
      `cases: ${cases} cases in one request, at most ${maxCases} are accepted; split the batch or use kinerja evaluate --ndjson`,
    ),
    { statusCode: 413, code: "PAYLOAD_TOO_LARGE" },
  );
}

/**
 * `POST /v1/evaluate`: the stateless evaluation contract, the same as `kinerja evaluate`. Any
 * member of the actor's agency allowed `evaluate.run` by the core policy may call it; nothing is
 * stored.
 */
export const evaluateRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const maxCases = deps.evaluation?.maxCases ?? DEFAULT_MAX_EVALUATE_CASES;
  const pool = deps.evaluation?.pool;
  const inProcessUpTo = deps.evaluation?.inProcessUpTo ?? DEFAULT_IN_PROCESS_UP_TO;
  const requests = createRequestEvaluator(deps.registry);
  // The body's validator, as the app's (a missing body reaches it as undefined).
  const validateBody = keyAwareValidatorCompiler({
    schema: EvaluationRequestSchema,
    method: "POST",
    url: "/v1/evaluate",
    httpPart: "body",
  });
  const parseJson = app.getDefaultJsonParser("error", "error");
  /** What fastify would have answered for a body the worker refused: its parser's or validator's error. */
  const bodyError = (bytes: Buffer): Promise<Error> =>
    new Promise((resolve) => {
      parseJson({} as never, bytes.toString("utf8"), (error, value) => {
        if (error) return resolve(error);
        const result = validateBody(value) as { error?: unknown };
        resolve(
          Object.assign(new Error("body validation failed"), {
            statusCode: 400,
            code: "FST_ERR_VALIDATION",
            validation: result.error,
            validationContext: "body",
          }),
        );
      });
    });
  if (pool !== undefined) {
    // Large bodies of POST /v1/evaluate stay bytes for a worker; every other body (smaller ones,
    // and those of the other routes of this plugin) is parsed as everywhere else.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
      const bytes = body as Buffer;
      if (bytes.length >= RAW_BODY_MIN_BYTES && request.routeOptions.url === "/v1/evaluate")
        done(null, new RawJsonBody(bytes));
      else parseJson(request, bytes.toString("utf8"), done);
    });
  }
  app.post(
    "/evaluate",
    {
      config: { action: "evaluate.run" },
      // The response is the core's own EvaluationResponse: serialised as it is, not validated
      // again (validating a 5 000-case response took as long as evaluating it). The schema below
      // still documents it in OpenAPI.
      serializerCompiler: () => (data) => JSON.stringify(data),
      // A raw body is validated by the worker that parses it; any other by the request schema.
      // The other parts (the query string, which takes nothing) by the app's own validator.
      validatorCompiler: (route) =>
        route.httpPart === "body"
          ? (data) =>
              data instanceof RawJsonBody ? { value: data } : validateBody(data === null ? undefined : data)
          : keyAwareValidatorCompiler(route as unknown as Parameters<typeof keyAwareValidatorCompiler>[0]),
      schema: {
        tags: ["evaluate"],
        summary: "Evaluate cases with a rule package (stateless)",
        description:
          "The request names a rule package (`ID` or `ID@VERSION-RANGE`), its configuration, the period, the organisation and the cases. Each case is an EvaluationCase, validated by the package's own case schema; a missing or wrong field is a 400 naming its path (e.g. `cases[0].workPlan.results[0].indicators[0].target`). An unknown package is a 400 listing the known ones. At most 5 000 cases per request by default (the operator's `KINERJA_MAX_EVALUATE_CASES`): more is a 413; larger batches are evaluated in worker threads. Nothing is stored.",
        body: EvaluationRequestSchema,
        response: {
          200: EvaluationResponseSchema,
          ...errorResponses(400, 401, 403, 413),
        },
      },
    },
    async (request, reply) => {
      authorize(
        request.actor,
        "evaluate.run",
        { kind: "evaluate", agencyId: request.actor.agencyId },
        deps.policy,
      );
      const body: unknown = request.body;
      if (body instanceof RawJsonBody && pool !== undefined) {
        const answer = await pool.evaluateJson(body.bytes, maxCases);
        if (Buffer.isBuffer(answer))
          return reply.type("application/json; charset=utf-8").send(answer as unknown as EvaluationResponse);
        if (answer.invalid === "TOO_MANY_CASES") throw tooManyCases(answer.cases, maxCases);
        throw await bodyError(body.bytes);
      }
      const cases = request.body.cases.length;
      if (cases > maxCases) throw tooManyCases(cases, maxCases);
      if (pool !== undefined && cases > inProcessUpTo) {
        // Evaluated and serialised on a worker thread: the event loop stays free for other requests.
        // Fastify sends a Buffer as it is (no second serialisation on this thread).
        const json = await pool.evaluate(request.body);
        return reply.type("application/json; charset=utf-8").send(json as unknown as EvaluationResponse);
      }
      // The body was parsed by the route's schema: evaluated as it is, not parsed again.
      return requests.evaluateParsed(request.body);
    },
  );

  app.post(
    "/evaluate/periodic",
    {
      config: { action: "evaluate.run" },
      // As /evaluate: the response is serialised as it is (a Buffer from a worker is sent as it
      // is), not validated again; the schema below documents it.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        tags: ["evaluate"],
        summary: "Periodic (monthly or quarterly) and annual predikat under PermenPAN-RB 6/2022 (stateless)",
        description:
          "The same as `kinerja evaluate --periodic`. Each case is a permenpanrb-6-2022 case whose assessments are given per sub-period (`periods: [{ subPeriod, assessments }]`) and whose realisations carry their `subPeriod`; the period's cadence is MONTHLY or QUARTERLY. Each sub-period gets its predikat from its own realisations and ratings; the annual result is the last period's (TW IV/annual, PermenPAN-RB 6/2022 Pasal 5) with the periodic ones beside it (`aggregation`: LAST by default; MEDIAN and WORST are unverified agency choices). A bad field is a 400 naming its path (`cases[0].periods[1].subPeriod`). Nothing is stored.",
        body: PeriodicEvaluationRequestSchema,
        response: { 200: PeriodicEvaluationResponseSchema, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      authorize(
        request.actor,
        "evaluate.run",
        { kind: "evaluate", agencyId: request.actor.agencyId },
        deps.policy,
      );
      if (request.body.cases.length > maxCases) {
        throw Object.assign(
          new Error(
            `cases: ${request.body.cases.length} cases in one request, at most ${maxCases} are accepted`,
          ),
          { statusCode: 413, code: "PAYLOAD_TOO_LARGE" },
        );
      }
      if (
        pool !== undefined &&
        request.body.cases.length > (deps.evaluation?.inProcessUpTo ?? DEFAULT_IN_PROCESS_UP_TO)
      ) {
        // Evaluated and serialised on a worker thread, as /evaluate: the event loop stays free.
        const json = await pool.evaluatePeriodic(request.body);
        return reply
          .type("application/json; charset=utf-8")
          .send(json as unknown as PeriodicEvaluationResponse);
      }
      return evaluatePeriodicRequest(request.body, deps.registry);
    },
  );
};

import { authorize, EvaluationRequestSchema, EvaluationResponseSchema, evaluateRequest } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteDeps } from "../deps";
import { errorResponses } from "./record-support";

/**
 * `POST /v1/evaluate`: the stateless evaluation contract, the same as `kinerja evaluate`. Any
 * member of the actor's agency allowed `evaluate.run` by the core policy may call it; nothing is
 * stored.
 */
export const evaluateRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.post(
    "/evaluate",
    {
      config: { action: "evaluate.run" },
      schema: {
        tags: ["evaluate"],
        summary: "Evaluate cases with a rule package (stateless)",
        description:
          "The request names a rule package (`ID` or `ID@VERSION-RANGE`), its configuration, the period, the organisation and the cases. Each case is an EvaluationCase, validated by the package's own case schema; a missing or wrong field is a 400 naming its path (e.g. `cases[0].workPlan.results[0].indicators[0].target`). An unknown package is a 400 listing the known ones. Nothing is stored.",
        body: EvaluationRequestSchema,
        response: {
          200: EvaluationResponseSchema,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      authorize(
        request.actor,
        "evaluate.run",
        { kind: "evaluate", agencyId: request.actor.agencyId },
        deps.policy,
      );
      return evaluateRequest(request.body, deps.registry);
    },
  );
};

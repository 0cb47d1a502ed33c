import { KinerjaError } from "@kinerja/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DEMO_AGENCY_ID, type DemoPersona, demoPersonas } from "./demo";

/** Options of {@link demoRoutes}: how demo tokens are signed. */
export interface DemoRoutesOptions {
  /** Signs a token for a persona (the development secret; `kinerja serve --demo` only). */
  sign: (claims: { sub: string; agency: string; roles: readonly DemoPersona["roles"][number][] }) => string;
}

const TokenBodySchema = z.strictObject({
  /** The persona's NIP, as listed by `GET /demo/personas`. */
  id: z.string().min(1).max(64),
});

/**
 * The demo sign-in of the web pages, registered only by `kinerja serve --demo`:
 * `GET /demo/personas` lists who one can act as, `POST /demo/token` `{ id }` answers
 * `{ token, persona }` for one of them. Outside `/v1`, hidden from OpenAPI: the tokens are
 * signed with the published development secret, so the routes exist only where anyone could
 * mint a token anyway.
 */
export const demoRoutes: FastifyPluginAsyncZod<DemoRoutesOptions> = async (app, options) => {
  const personas = demoPersonas();
  app.get("/demo/personas", { schema: { hide: true } }, async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { agencyId: DEMO_AGENCY_ID, personas };
  });
  app.post("/demo/token", { schema: { hide: true, body: TokenBodySchema } }, async (request, reply) => {
    const persona = personas.find((p) => p.id === request.body.id);
    if (persona === undefined) {
      throw new KinerjaError(
        "NOT_FOUND",
        `id: ${request.body.id} is not a person of the demo agency; pick one from GET /demo/personas`,
        { details: { id: request.body.id } },
      );
    }
    reply.header("cache-control", "no-store");
    return {
      token: options.sign({ sub: persona.id, agency: DEMO_AGENCY_ID, roles: persona.roles }),
      persona,
    };
  });
};

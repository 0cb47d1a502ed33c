import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Options of the web pages: where the built single-page app (`packages/web/dist`) lives. */
export interface WebOptions {
  /** The folder with `index.html` and `assets/` (default: {@link defaultWebRoot}). */
  root?: string;
}

/**
 * The built pages of the monorepo: `packages/web/dist`, found beside this package (the same
 * relative path from `src/` and from `dist/`), or `KINERJA_WEB_DIR` when set.
 */
export function defaultWebRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.KINERJA_WEB_DIR ?? fileURLToPath(new URL("../../web/dist", import.meta.url));
}

/** Prefixes that belong to the API and the docs, never to the pages' fallback. */
const NOT_PAGES = ["/v1/", "/docs", "/openapi.json", "/health", "/ready", "/demo/", "/assets/"];

const MISSING_PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Kinerja</title></head>
<body><main><h1>Kinerja</h1>
<p>Halaman web belum dibangun. Jalankan <code>npm run build</code> di akar repositori, lalu mulai ulang layanan.</p>
<p>The web pages are not built yet. Run <code>npm run build</code> at the repository root, then restart the service.</p>
<p>API: <a href="/docs">/docs</a> · <a href="/openapi.json">/openapi.json</a></p>
</main></body></html>
`;

/**
 * Serves the web pages at `/`: the files of the built app, and `index.html` for any other GET of
 * a page path (the app routes in the browser). API paths (`/v1`, `/docs`, …) keep their own
 * 404. When the pages are not built, `/` says how to build them.
 */
export async function registerWeb(app: FastifyInstance, options: WebOptions = {}): Promise<void> {
  const root = options.root ?? defaultWebRoot();
  const built = existsSync(join(root, "index.html"));
  if (!built) {
    app.get("/", { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).type("text/html; charset=utf-8").send(MISSING_PAGE),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    // One route per file found at start (a rebuild needs a restart), so that the fallback below
    // can answer every other page path with index.html.
    wildcard: false,
    index: ["index.html"],
    cacheControl: false,
    // Hashed assets never change; index.html is always checked again.
    setHeaders: (res, path) => {
      res.setHeader(
        "cache-control",
        path.endsWith(".html") ? "no-cache" : "public, max-age=31536000, immutable",
      );
    },
  });
  app.get("/*", { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const page = !NOT_PAGES.some((prefix) => path.startsWith(prefix)) && !/\.[a-z0-9]+$/i.test(path);
    if (!page) return reply.callNotFound();
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
}

/**
 * `@kinerja/client`: a typed HTTP client for the Kinerja reference service. The types are
 * generated from the service's OpenAPI document; requests go through openapi-fetch.
 *
 * @example
 * ```ts
 * import { createKinerjaClient } from "@kinerja/client";
 *
 * const kinerja = createKinerjaClient({ baseUrl: "http://127.0.0.1:3000", token });
 * const { data, error, response } = await kinerja.GET("/v1/periods/{periodId}", {
 *   params: { path: { periodId } },
 * });
 * ```
 *
 * @packageDocumentation
 */

import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema";

export type { components, JsonValue, operations, paths } from "./schema";

/** Options of {@link createKinerjaClient}. */
export interface KinerjaClientOptions {
  /** The service's address, e.g. `http://127.0.0.1:3000` (no trailing `/v1`). */
  baseUrl: string;
  /** A bearer token (JWT with `sub`, `roles` and `agency`); omit it for the public routes. */
  token?: string;
  /** Headers sent with every request, besides `Authorization`. */
  headers?: Record<string, string>;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: ClientOptions["fetch"];
}

/** A typed client of the Kinerja service: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` by path. */
export type KinerjaClient = Client<paths>;

/**
 * Creates a typed client of the Kinerja service that sends `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * const hr = createKinerjaClient({ baseUrl, token: hrToken });
 * const { response } = await hr.POST("/v1/agencies", { body: { id: "disdik", name: "Dinas Pendidikan" } });
 * ```
 */
export function createKinerjaClient(options: KinerjaClientOptions): KinerjaClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

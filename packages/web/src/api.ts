import { createKinerjaClient, type KinerjaClient } from "@kinerja/client";
import { ApiError, type ApiErrorBody } from "./errors";
import { session } from "./session";

/** The service's address: the page's own origin (the service serves the pages). */
export const baseUrl = globalThis.location?.origin ?? "http://127.0.0.1:3000";

/** A typed client of the service for the signed-in user (no token when signed out). */
export function api(): KinerjaClient {
  const token = session.value?.token;
  return createKinerjaClient({ baseUrl, ...(token ? { token } : {}) });
}

/**
 * Unwraps an openapi-fetch answer: the data, or an {@link ApiError} with the service's body.
 * @example const plan = await ok(api().GET("/v1/work-plans/{workPlanId}", { params: { path: { workPlanId } } }));
 */
export async function ok<T>(
  call: Promise<{ data?: T | undefined; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const body = (error ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(response.status, {
      code: body.code ?? `HTTP_${response.status}`,
      message: body.message ?? response.statusText,
      details: body.details ?? {},
    });
  }
  return data as NonNullable<T>;
}

/** Demo sign-in (`kinerja serve --demo` only): the personas, or null when not in demo mode. */
export async function demoPersonas(): Promise<DemoPersona[] | null> {
  const response = await fetch(`${baseUrl}/demo/personas`);
  if (!response.ok) return null;
  return ((await response.json()) as { personas: DemoPersona[] }).personas;
}

/** A demo persona as `GET /demo/personas` lists it. */
export interface DemoPersona {
  key: "employee" | "supervisor" | "hr" | "auditor" | "staff";
  id: string;
  name: string;
  unitId: string;
  roles: string[];
}

/** Gets a demo token for a persona (POST body, never a URL). */
export async function demoToken(id: string): Promise<string> {
  const response = await fetch(`${baseUrl}/demo/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id }),
  });
  const body = (await response.json()) as { token?: string } & Partial<ApiErrorBody>;
  if (!response.ok || body.token === undefined) {
    throw new ApiError(response.status, {
      code: body.code ?? "NOT_FOUND",
      message: body.message ?? "",
      details: {},
    });
  }
  return body.token;
}

import { signal } from "./signal";

/** Who is signed in: the token and what the pages read from its claims. */
export interface Session {
  /** The bearer token (kept in sessionStorage for this tab only; never in a URL or a log). */
  token: string;
  /** The `sub` claim (NIP). */
  sub: string;
  /** The `agency` claim. */
  agency: string;
  /** The `roles` claim. */
  roles: string[];
  /** A display name when known (demo personas). */
  name?: string;
}

const KEY = "kinerja.session";

/**
 * Reads the claims of a JWT without verifying it (the service verifies every request); throws a
 * sentence when the text is not a token with `sub`, `agency` and `roles`.
 */
export function claimsOf(token: string): Omit<Session, "token" | "name"> {
  const part = token.trim().split(".")[1];
  if (part === undefined) throw new Error("token: expected three parts separated by dots (a JWT)");
  let claims: unknown;
  try {
    const base64 = part.replaceAll("-", "+").replaceAll("_", "/");
    claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
  } catch {
    throw new Error("token: the middle part is not base64url JSON; paste the whole token");
  }
  const c = claims as { sub?: unknown; agency?: unknown; roles?: unknown };
  if (typeof c.sub !== "string" || typeof c.agency !== "string" || !Array.isArray(c.roles)) {
    throw new Error("token: it lacks the claims sub, agency and roles; ask your agency for a Kinerja token");
  }
  return { sub: c.sub, agency: c.agency, roles: c.roles.map(String) };
}

function restore(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The current session (null: signed out). */
export const session = signal<Session | null>(restore());
session.subscribe((value) => {
  if (value === null) globalThis.sessionStorage?.removeItem(KEY);
  else globalThis.sessionStorage?.setItem(KEY, JSON.stringify(value));
});

/** Signs in with a token (and a display name when known). */
export function signIn(token: string, name?: string): Session {
  const next: Session = { token: token.trim(), ...claimsOf(token), ...(name ? { name } : {}) };
  session.value = next;
  return next;
}

/** Signs out: forgets the token. */
export function signOut(): void {
  session.value = null;
}

/** Whether the session has one of the roles. */
export function hasRole(s: Session | null, ...roles: string[]): boolean {
  return s?.roles.some((r) => roles.includes(r)) ?? false;
}

import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  type KeyObject,
} from "node:crypto";
import fastifyJwt from "@fastify/jwt";
import { type Action, type Actor, ActorSchema, KinerjaError, ROLES, type Role } from "@kinerja/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import buildGetJwks from "get-jwks";

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated actor (id, agency, roles from the token); set on every authenticated route. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** The core policy action the route performs (see routes/index.ts for the convention). */
    action?: Action;
    /** `false` for a public route under /v1 that takes no bearer token (e.g. a one-time feedback link). */
    auth?: boolean;
  }
}

/**
 * How the service verifies bearer tokens: exactly one of an HS256 `secret`, an RS256/ES256
 * `publicKey` (PEM) or a `jwksUrl` of the identity provider; optionally the expected issuer and
 * audience, and the names of the claims that carry the agency and the roles.
 */
export interface AuthOptions {
  /** Shared HS256 secret (at least 32 characters). */
  secret?: string;
  /** PEM public key (RSA → RS256/RS384/RS512/PS256, EC → ES256/ES384/ES512). */
  publicKey?: string;
  /** The identity provider's JWKS URL, e.g. `https://idp.example/realms/x/protocol/openid-connect/certs`. */
  jwksUrl?: string;
  /** The required `iss` claim. */
  issuer?: string;
  /** The required `aud` claim. */
  audience?: string;
  /** The claim with the agency id (default `agency`). */
  agencyClaim?: string;
  /** The claim with the roles, an array or a space-separated string (default `roles`). */
  rolesClaim?: string;
}

/** The shortest HS256 secret accepted, in characters (RFC 7518 §3.2 asks for at least 256 bits). */
export const MIN_SECRET_LENGTH = 32;

/**
 * The published development secret used by `kinerja serve --demo` and `kinerja token --demo`.
 * It is public: never use it for real data.
 */
export const DEVELOPMENT_JWT_SECRET = "kinerja-development-secret-do-not-use-in-production";

const HMAC_ALGORITHMS = ["HS256"] as const;
const RSA_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] as const;
const EC_ALGORITHMS = ["ES256", "ES384", "ES512"] as const;

function authConfigError(message: string): KinerjaError {
  return new KinerjaError("VALIDATION_FAILED", `auth: ${message}`, {
    details: { issues: [{ path: ["auth"], message, code: "invalid_auth" }] },
  });
}

/**
 * Checks the auth options: exactly one way to verify tokens, a long enough secret, a readable
 * public key and an http(s) JWKS URL. Throws VALIDATION_FAILED naming `auth` otherwise.
 */
export function checkAuthOptions(options: AuthOptions | undefined): AuthOptions {
  const given = [options?.secret, options?.publicKey, options?.jwksUrl].filter(
    (v) => v !== undefined && v !== "",
  );
  if (!options || given.length === 0) {
    throw authConfigError(
      "no way to verify tokens is configured; set a secret (KINERJA_JWT_SECRET), a public key (KINERJA_JWT_PUBLIC_KEY) or a JWKS URL (KINERJA_JWKS_URL)",
    );
  }
  if (given.length > 1) throw authConfigError("set only one of secret, publicKey and jwksUrl");
  if (options.secret !== undefined && options.secret.length < MIN_SECRET_LENGTH) {
    throw authConfigError(`the secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (options.publicKey !== undefined) publicKeyAlgorithms(options.publicKey);
  if (options.jwksUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.jwksUrl);
    } catch {
      throw authConfigError(`jwksUrl "${options.jwksUrl}" is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw authConfigError("jwksUrl must be http(s)");
  }
  return options;
}

function publicKeyAlgorithms(
  pem: string,
): (typeof RSA_ALGORITHMS)[number][] | (typeof EC_ALGORITHMS)[number][] {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new KinerjaError("VALIDATION_FAILED", "auth: publicKey is not a PEM public key", {
      details: {
        issues: [{ path: ["auth", "publicKey"], message: "expected a PEM public key", code: "invalid_key" }],
      },
      cause: error,
    });
  }
  if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss") return [...RSA_ALGORITHMS];
  if (key.asymmetricKeyType === "ec") return [...EC_ALGORITHMS];
  throw authConfigError(
    `publicKey of type ${key.asymmetricKeyType ?? "unknown"} is not supported; use RSA or EC`,
  );
}

function unauthenticated(message: string, cause?: unknown): KinerjaError {
  return new KinerjaError("UNAUTHENTICATED", message, {
    details: {},
    ...(cause === undefined ? {} : { cause }),
  });
}

const JWT_MESSAGES: Readonly<Record<string, string>> = {
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: "no bearer token: send Authorization: Bearer <JWT>",
  FST_JWT_BAD_REQUEST: "malformed Authorization header: send Authorization: Bearer <JWT>",
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: "the token has expired; get a new one",
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: "the token is invalid (bad signature, issuer or audience)",
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: "the token is not trusted",
  FAST_JWT_MISSING_SIGNATURE: "the token is not signed",
};

function rolesOf(value: unknown): Role[] {
  const list = typeof value === "string" ? value.split(/\s+/) : Array.isArray(value) ? value : [];
  return ROLES.filter((role) => list.includes(role));
}

/**
 * Turns verified claims into the actor: `sub` → id, the agency claim → agencyId, the known roles
 * of the roles claim (unknown roles of the identity provider are ignored).
 */
export function actorFromClaims(
  claims: unknown,
  options: Pick<AuthOptions, "agencyClaim" | "rolesClaim"> = {},
): Actor {
  if (typeof claims !== "object" || claims === null) throw unauthenticated("the token has no claims");
  const c = claims as Record<string, unknown>;
  const agencyClaim = options.agencyClaim ?? "agency";
  const parsed = ActorSchema.safeParse({
    id: c.sub,
    agencyId: c[agencyClaim],
    roles: rolesOf(c[options.rolesClaim ?? "roles"]),
  });
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => (i.path[0] === "id" ? "sub" : agencyClaim));
    throw unauthenticated(`the token lacks a valid ${[...new Set(missing)].join(" and ")} claim`);
  }
  return parsed.data;
}

/**
 * Registers JWT verification (@fastify/jwt) and the `request.actor` decoration on `app`. Call
 * {@link authenticate} as an `onRequest` hook in the scopes that need a token.
 */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const checked = checkAuthOptions(options);
  const verify = {
    ...(checked.issuer ? { allowedIss: checked.issuer } : {}),
    ...(checked.audience ? { allowedAud: checked.audience } : {}),
    requiredClaims: ["exp", ...(checked.issuer ? ["iss"] : []), ...(checked.audience ? ["aud"] : [])],
    // A token is verified once and its claims reused for its next requests (fast-jwt's cache:
    // never past the token's exp, at most a minute, 1 000 tokens): verifying a signature on
    // every request was 8 % of a one-case POST /v1/evaluate.
    cache: 1000,
    cacheTTL: 60_000,
  };
  if (checked.secret !== undefined) {
    await app.register(fastifyJwt, {
      secret: checked.secret,
      verify: { ...verify, algorithms: [...HMAC_ALGORITHMS] },
    });
  } else if (checked.publicKey !== undefined) {
    const algorithms = publicKeyAlgorithms(checked.publicKey);
    await app.register(fastifyJwt, {
      secret: { public: checked.publicKey },
      verify: { ...verify, algorithms },
    });
  } else if (checked.jwksUrl !== undefined) {
    const url = new URL(checked.jwksUrl);
    const getJwks = buildGetJwks({ jwksPath: url.pathname + url.search, ttl: 10 * 60_000 });
    const domain = url.origin;
    await app.register(fastifyJwt, {
      decode: { complete: true },
      secret: {
        public: async (_request: FastifyRequest, token: unknown) => {
          const header = (token as { header?: { kid?: unknown; alg?: unknown } }).header ?? {};
          if (typeof header.kid !== "string" || typeof header.alg !== "string") {
            throw unauthenticated("the token header lacks kid or alg");
          }
          return getJwks.getPublicKey({ domain, kid: header.kid, alg: header.alg });
        },
      },
      verify: { ...verify, algorithms: [...RSA_ALGORITHMS, ...EC_ALGORITHMS] },
    });
  }
  app.decorateRequest("actor", null as unknown as Actor);
  app.decorate("authOptions", checked);
  // A verified token (the whole Authorization header, signature included) and its actor: the
  // signature check, claim parsing and @fastify/jwt's own steps were 15 % of a one-case request.
  app.decorate("verifiedActors", new Map<string, { actor: Actor; until: number }>());
}

declare module "fastify" {
  interface FastifyInstance {
    /** The checked auth options (claim names). */
    authOptions: AuthOptions;
    /** Tokens verified recently and their actors (see {@link authenticate}). */
    verifiedActors: Map<string, { actor: Actor; until: number }>;
  }
}

/**
 * The `onRequest` hook of authenticated scopes: verifies the bearer token and sets
 * `request.actor`; a missing, malformed, forged or expired token is 401 UNAUTHENTICATED. Routes
 * with `config: { auth: false }` are skipped.
 */
export async function authenticate(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.auth === false) return;
  const header = request.headers.authorization;
  const actors = request.server.verifiedActors;
  const known = header === undefined ? undefined : actors.get(header);
  if (known !== undefined && known.until > Date.now()) {
    request.actor = known.actor;
    return;
  }
  let claims: unknown;
  try {
    claims = await request.jwtVerify();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = typeof code === "string" ? JWT_MESSAGES[code] : undefined;
    throw unauthenticated(message ?? "the token could not be verified", error);
  }
  request.actor = actorFromClaims(claims, request.server.authOptions);
  const exp = (claims as { exp?: unknown }).exp;
  if (header !== undefined && typeof exp === "number") {
    // The same token again is the same actor until it expires (at most a minute: a JWKS key
    // withdrawn by the identity provider stops being honoured within that time).
    if (actors.size >= VERIFIED_ACTORS_KEPT) actors.delete(actors.keys().next().value as string);
    actors.set(header, { actor: request.actor, until: Math.min(exp * 1000, Date.now() + 60_000) });
  }
}

/** How many verified tokens {@link authenticate} remembers. */
const VERIFIED_ACTORS_KEPT = 1000;

/** The claims of a Kinerja token. */
export interface TokenClaims {
  /** The actor's id (NIP or user id). */
  sub: string;
  /** The agency id. */
  agency: string;
  /** The roles (HR_ADMIN, AUDITOR, EMPLOYEE). */
  roles: readonly Role[];
  /** Issuer. */
  iss?: string;
  /** Audience. */
  aud?: string;
}

/** How to sign a token: an HS256 secret or a PEM private key (RSA → RS256, EC P-256 → ES256). */
export type SigningKey = { secret: string } | { privateKey: string };

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString("base64url");
}

/**
 * Signs a JWT with the given claims, valid for `ttlSeconds` from `now` (the `kinerja token`
 * command and tests). HS256 with a secret; RS256 or ES256 with a private key.
 */
export function signToken(
  claims: TokenClaims,
  key: SigningKey,
  options: { ttlSeconds: number; now: Date; kid?: string },
): string {
  const iat = Math.floor(options.now.getTime() / 1000);
  const payload = { ...claims, roles: [...claims.roles], iat, exp: iat + Math.floor(options.ttlSeconds) };
  if ("secret" in key) {
    const header = { alg: "HS256", typ: "JWT", ...(options.kid ? { kid: options.kid } : {}) };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    return `${input}.${base64url(createHmac("sha256", key.secret).update(input).digest())}`;
  }
  const privateKey = createPrivateKey(key.privateKey);
  const ec = privateKey.asymmetricKeyType === "ec";
  const header = { alg: ec ? "ES256" : "RS256", typ: "JWT", ...(options.kid ? { kid: options.kid } : {}) };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = cryptoSign(
    "sha256",
    Buffer.from(input),
    ec ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey,
  );
  return `${input}.${base64url(signature)}`;
}

/**
 * Parses a duration such as `8h`, `30m`, `45s`, `2d` or a number of seconds into seconds.
 * Throws VALIDATION_FAILED naming `field` otherwise.
 */
export function parseDuration(value: string, field = "ttl"): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const seconds = match
    ? Number(match[1]) *
      ({ "": 1, s: 1, m: 60, h: 3600, d: 86400 } as const)[match[2] as "" | "s" | "m" | "h" | "d"]
    : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `${field}: "${value}" is not a duration such as 8h, 30m or 3600`,
      {
        details: {
          issues: [
            { path: [field], message: "expected a duration such as 8h, 30m or 3600", code: "invalid_format" },
          ],
        },
      },
    );
  }
  return seconds;
}

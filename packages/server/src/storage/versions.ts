import { KinerjaError, validationError } from "@kinerja/core";

/** What {@link assertVersion} compares. */
export interface VersionCheck {
  /** Entity type, for the message (`work plan`). */
  entity: string;
  /** Entity id. */
  id: string;
  /** The stored version (read in the same transaction, ideally `for update`). */
  current: number;
  /** The version the client based its change on; undefined when it sent none. */
  expected: number | undefined;
  /** Whether a missing `expected` is a conflict too (default false: last write wins). */
  required?: boolean;
}

/**
 * Optimistic concurrency: throws KinerjaError CONFLICT (HTTP 409) when the client's version is
 * not the stored one, with `details { entity, id, expected, current }`.
 */
export function assertVersion(check: VersionCheck): void {
  if (check.expected === undefined) {
    if (check.required === true) {
      throw new KinerjaError(
        "CONFLICT",
        `${check.entity} ${check.id}: send If-Match with the version you changed (current ${check.current})`,
        {
          details: { entity: check.entity, id: check.id, current: check.current },
        },
      );
    }
    return;
  }
  if (check.expected !== check.current) {
    throw new KinerjaError(
      "CONFLICT",
      `${check.entity} ${check.id} was changed meanwhile: you sent version ${check.expected}, it is at version ${check.current}; reload and retry`,
      { details: { entity: check.entity, id: check.id, expected: check.expected, current: check.current } },
    );
  }
}

/** The ETag of a version: `"3"`. */
export function versionTag(version: number): string {
  return `"${version}"`;
}

/**
 * The version a client expects, from an `If-Match` header (`3`, `"3"` or `W/"3"`) or a body
 * `version` field; when both are given they must agree. A malformed header is VALIDATION_FAILED.
 */
export function expectedVersion(
  ifMatch: string | string[] | undefined,
  bodyVersion?: number,
): number | undefined {
  const raw = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  let fromHeader: number | undefined;
  if (raw !== undefined && raw.trim() !== "" && raw.trim() !== "*") {
    const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
    if (match?.[1] === undefined) {
      throw validationError([
        { path: ["headers", "if-match"], message: 'expected a version such as "3"', code: "invalid_format" },
      ]);
    }
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw validationError([
      {
        path: ["version"],
        message: `the body version ${bodyVersion} differs from If-Match ${fromHeader}`,
        code: "custom",
      },
    ]);
  }
  return fromHeader ?? bodyVersion;
}

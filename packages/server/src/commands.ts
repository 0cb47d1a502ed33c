import { randomUUID } from "node:crypto";
import { fstatSync, read } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { Readable, Writable } from "node:stream";
import { type ParseArgsConfig, parseArgs, promisify } from "node:util";
import {
  type AnyRulePackage,
  countGrades,
  type EvaluationRequest,
  type EvaluationResult,
  type ExplainLevel,
  ExplainLevelSchema,
  evaluateRequest,
  formatPath,
  isKinerjaError,
  KinerjaError,
  type KinerjaIssue,
  type OnError,
  OnErrorSchema,
  type Organisation,
  OrganisationSchema,
  type Period,
  PeriodSchema,
  parseOrThrow,
  prepareEvaluator,
  ROLES,
  type Role,
  type RulePackageRegistry,
} from "@kinerja/core";
import closeWithGrace from "close-with-grace";
import type { AuthOptions, SigningKey } from "./auth";
import type { DemoSigner, DemoSummary } from "./demo";
import { evaluateLine } from "./evaluate-line";
import { LOG_LEVELS, prettyLogStream } from "./log-format";
import { isBlank, lineRuns, readLineRuns, scanLines, splitLines, splitPieces } from "./ndjson-input";
import {
  compactRecord,
  isOutputClosed,
  LineBatcher,
  ndjsonSummary,
  progressLine,
  write,
} from "./ndjson-output";
import type { NdjsonPool } from "./ndjson-workers";
import { evaluatePeriodicRequest } from "./periodic";
import { defaultRegistry } from "./registry";
import { registryWithModules, ruleModuleSpecs } from "./rule-modules";
import type { Database } from "./storage";

/** The service's modules, loaded only by the commands that need them (evaluate and token start fast). */
async function service() {
  const [{ buildApp }, { migrate, openDatabase, grantRuntimeRole }, demo, demoCache, { seedDemoDatabase }] =
    await Promise.all([
      import("./app"),
      import("./storage"),
      import("./demo"),
      import("./demo-cache"),
      import("./demo-seed"),
    ]);
  return { buildApp, migrate, openDatabase, grantRuntimeRole, ...demo, ...demoCache, seedDemoDatabase };
}

/** Where a command reads and writes, and its environment (tests pass their own). */
export interface CliIo {
  /** Standard input (requests, NDJSON cases). */
  stdin: Readable;
  /** Standard output (responses, results, tokens). */
  stdout: Writable;
  /** Standard error (messages, progress). */
  stderr: Writable;
  /** Environment variables (DATABASE_URL, KINERJA_JWT_SECRET, …). */
  env: Record<string, string | undefined>;
  /** The clock (default: the system clock). */
  now?: () => Date;
  /** The rule packages (default: every package of `@kinerja/rules-default`). */
  registry?: RulePackageRegistry;
}

/** Exit codes of `kinerja`: 0 success (distribution violations are findings, not failures), 1 bad input or configuration, 2 bad usage, 3 a broken audit chain (`audit verify`), 70 an internal error. */
export const EXIT = { OK: 0, INPUT: 1, USAGE: 2, AUDIT_BROKEN: 3, INTERNAL: 70 } as const;

class UsageError extends Error {}

const GENERAL_HELP = `kinerja — performance evaluation of Indonesian civil servants (ASN)

Usage: kinerja <command> [options]

Commands:
  evaluate   evaluate a request (JSON on stdin) or a stream of cases (--ndjson) with a rule package
  serve      run the HTTP service (OpenAPI docs at /docs)
  migrate    apply the database migrations
  seed       seed demo data (--demo)
  audit      verify the audit log's hash chains (audit verify [--agency ID])
  token      mint a bearer token with the configured (or, with --demo, the development) secret

Run "npx kinerja <command> --help" for the options of a command.
Exit codes: 0 success, 1 bad input or configuration, 2 bad usage, 70 internal error.
`;

const EVALUATE_HELP = `Usage: kinerja evaluate [--rules ID[@VERSION]] [--config FILE] [--ndjson] [options] < input

Reads an evaluation request as JSON on stdin and writes the response JSON on stdout:
  { "rules": "permenpanrb-6-2022", "config": {}, "period": {...}, "organisation": {...}, "cases": [...] }
  → { "rules": { "id", "version" }, "results": [...], "distribution": { "counts", "violations" } }

Options:
  --rules ID[@VERSION]     the rule package (sets or overrides "rules"), e.g. permenpanrb-6-2022@^2
  --rules-module NAME|PATH load the rule packages a module exports (an npm package installed beside
                           the working folder, or a path); repeatable; also $KINERJA_RULE_MODULES
                           (comma-separated)
  --config FILE            a JSON file with the package configuration (overrides "config")
  --period START..END      the period, e.g. 2026-01-01..2026-12-31 (overrides "period")
  --cadence CADENCE        the period's cadence (MONTHLY, QUARTERLY, SEMESTER, ANNUAL; default ANNUAL)
  --organisation ID:PREDIKAT
                           the organisation and its predikat, e.g. disdik:BAIK (overrides "organisation")
  --ndjson                 stream: one case per line in, one result per line out (constant memory)
  --progress N             with --ndjson, a progress line on stderr every N cases (default 10000; 0: none)
  --workers N              with --ndjson, evaluate on N worker threads (output still in input order;
                           the default rule packages only)
  --pretty                 indent the response (not with --ndjson)
  --explain LEVEL          full (every step with its text; default for a JSON request), steps (rule,
                           legal basis, message key and params, output; default with --ndjson) or none ("explain")
  --on-error MODE          fail (default): the first bad case stops the run; report: a bad case is
                           written as { "index", "line", "employeeId", "error" } (with --ndjson, in
                           its place; in a response, under "failures") and the run goes on ("onError")
  --periodic               PermenPAN-RB 6/2022 periodic evaluations: each case gives its assessments
                           per sub-period ("periods": [{ "subPeriod", "assessments" }]) and its
                           realisations with a subPeriod; the period is MONTHLY or QUARTERLY. Each
                           result is { "employeeId", "annual", "periodic": [...] }: a predikat per
                           month or quarter and the annual one, the last period's (TW IV)
  -h, --help               show this help

NDJSON mode: each input line is one case. The first line may instead be a header, a request
without cases: { "rules", "config", "period", "organisation", "explain", "onError" } (any other key
is an error); the options above override it. --workers and --progress need --ndjson. Each result is written as one line as soon as it is ready (with --workers, once
its chunk of 256 lines is done and a few chunks are in flight, or at the end); the last line is
the summary { "rules": {...}, "count": N, "distribution": { "counts", "violations" } }.
Without an organisation only the counts are kept (constant memory); with one, a small record per
case (id, grade, score, ratings) is kept to check the distribution at the end.

With --on-error report the summary also counts "evaluated" and "failed" cases. Each employee is
counted once in the distribution: two cases of one employee are an error naming both, unless each
names its own "segment" of the year (e.g. before and after a mid-year promotion, each with its
own "period"): then the last segment given counts.

Exit codes: 0 success (distribution violations are findings), 1 a missing or wrong field (the
message names its path, e.g. cases[0].workPlan.results[0].indicators[0].target), an unknown
rule package (the message lists the known ones), or, with --on-error report, any failed case
(every other case is still written), 2 bad usage.
`;

const SERVE_HELP = `Usage: kinerja serve [--port 3000] [--host 127.0.0.1] [--data-dir DIR] [--log-level info] [--demo] [--no-web]

Runs the HTTP service, and its web pages at / (the built packages/web; npm run build builds them).
Storage: PostgreSQL when DATABASE_URL is set, else PGlite in --data-dir
(kept across restarts), else PGlite in memory (lost on exit).

Options:
  --port PORT        port to listen on (default: $PORT, else 3000; 0 picks a free one)
  --host HOST        address to listen on (default: $HOST, else 127.0.0.1; 0.0.0.0 for every interface)
  --data-dir DIR     keep PGlite's data in DIR
  --log-level LEVEL  ${LOG_LEVELS.join(", ")} (default: $LOG_LEVEL, else info)
  --demo             use the PUBLISHED development secret, seed a demo agency and print a token;
                     the web pages then offer a persona picker (GET /demo/personas, POST /demo/token)
  --no-web           do not serve the web pages (the API, /docs and /health only)
  --trust-proxy V    behind a reverse proxy: true, the number of hops, or the proxies' addresses
                     (comma-separated); limits then apply to X-Forwarded-For (default KINERJA_TRUST_PROXY)
  --rules-module NAME|PATH
                     also offer the rule packages a module exports (an npm package installed beside
                     the working folder, or a path); repeatable; also $KINERJA_RULE_MODULES
                     (comma-separated). Each must pass defineRulePackage's checks.
  -h, --help         show this help

With the in-memory database, the service starts from a migrated empty copy (and with --demo from
the seeded database) that npm run build prepared beside the built code (dist/prepared); without
one, the first start makes the copy and keeps it in $KINERJA_CACHE_DIR (default: kinerja in the
temporary folder) for later starts, until the code changes.

Logs are one human-readable line each when standard output is a terminal, JSON lines otherwise
(pipe through cat for JSON). Seeding the demo writes no log lines.

Without --demo the service refuses to start unless one of these is set:
  KINERJA_JWT_SECRET                                   HS256 shared secret (at least 32 characters)
  KINERJA_JWT_PUBLIC_KEY or KINERJA_JWT_PUBLIC_KEY_FILE RS256/ES256 public key (PEM)
  KINERJA_JWKS_URL                                     the identity provider's JWKS URL
Optional: KINERJA_JWT_ISSUER, KINERJA_JWT_AUDIENCE (required iss/aud), LOG_LEVEL (default info),
KINERJA_RATE_LIMIT (requests per minute per subject, default 1000), KINERJA_FAILED_AUTH_LIMIT
(failed authentications per minute per address, default 300), KINERJA_BODY_LIMIT (bytes),
KINERJA_MAX_EVALUATE_CASES (cases per POST /v1/evaluate, default 5000), KINERJA_EVALUATE_WORKERS
(worker threads for evaluations, default CPUs - 1), KINERJA_WEBHOOK_ALLOW (webhook targets allowed
although local or private), KINERJA_WEBHOOK_MAX_ATTEMPTS (attempts per delivery before it is
given up as FAILED, default 8), KINERJA_MIGRATION_DATABASE_URL and KINERJA_RUNTIME_ROLE (migrate as
the owner role, serve as the runtime role; see kinerja migrate --help).
SIGTERM/SIGINT drain in-flight requests, then close the database.
`;

const AUDIT_HELP = `Usage: kinerja audit verify [--agency ID] [--data-dir DIR]

Recomputes the audit log's SHA-256 hash chains (one per agency) in PostgreSQL (DATABASE_URL) or
PGlite in --data-dir and reports the first broken link: a missing row, a row whose previous hash
does not match, or a row whose content was changed. Prints the head (last position and hash) of
every chain checked: keep them elsewhere to detect rows cut from the end.
Exit status: 0 intact, 3 broken, 1 bad input, 2 bad usage.

Options:
  --agency ID        check only this agency's chain
  --data-dir DIR     PGlite's data folder
  -h, --help         show this help
`;

const MIGRATE_HELP = `Usage: kinerja migrate [--data-dir DIR] [--runtime-role ROLE]

Applies every pending migration to PostgreSQL (DATABASE_URL) or to PGlite in --data-dir, and
prints what it applied. Running it again does nothing.

Options:
  --data-dir DIR     PGlite's data folder
  --runtime-role ROLE  PostgreSQL: grant ROLE what the service needs (no UPDATE/DELETE on the audit
                     log, owns nothing); default KINERJA_RUNTIME_ROLE
  -h, --help         show this help

With KINERJA_MIGRATION_DATABASE_URL set, migrations run through that connection (the owner role)
instead of DATABASE_URL (the runtime role the service uses); see docs/server.md "Database roles".
`;

const SEED_HELP = `Usage: kinerja seed --demo [--data-dir DIR]

Migrates, then seeds the demo agency (5 units, 49 staff with reporting lines, a period with
plans, realisations and feedback in several states) through the HTTP API, into PostgreSQL
(DATABASE_URL) or PGlite in --data-dir. Does nothing when the demo agency already exists.

Options:
  --demo             seed the demo agency (required)
  --data-dir DIR     PGlite's data folder
  -h, --help         show this help
`;

const TOKEN_HELP = `Usage: kinerja token --sub NIP --role ROLE --agency ID [--ttl 8h] [--demo]

Mints a bearer token and prints it as the last line of stdout.

Options:
  --sub NIP          the actor's id (NIP or user id)
  --role ROLE        a role: ${ROLES.join(", ")} (repeat or comma-separate for several)
  --agency ID        the agency id
  --ttl DURATION     lifetime, e.g. 8h, 30m, 2d or seconds (default 8h)
  --demo             sign with the PUBLISHED development secret (for serve --demo)
  -h, --help         show this help

Signs with KINERJA_JWT_SECRET (HS256) or KINERJA_JWT_PRIVATE_KEY / KINERJA_JWT_PRIVATE_KEY_FILE
(RS256/ES256); adds KINERJA_JWT_ISSUER and KINERJA_JWT_AUDIENCE when set.
`;

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

function parse<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A command's flags: strict, no positionals, with -h/--help; a bad flag is a usage error. */
function parseFlags<const O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  return parse(() =>
    parseArgs({ args, strict: true, allowPositionals: false, options: { ...HELP_OPTION, ...options } }),
  ).values;
}

/** Prints the command's help when --help was given; true when it did. */
async function showHelp(io: CliIo, help: boolean | undefined, text: string): Promise<boolean> {
  if (help) await write(io.stdout, text);
  return help === true;
}

function describeError(error: unknown): string {
  if (isKinerjaError(error)) {
    const issues = (error.details.issues as KinerjaIssue[] | undefined) ?? [];
    const lines = [`${error.code}: ${error.message}`];
    if (issues.length > 1) {
      for (const issue of issues.slice(0, 20)) lines.push(`  ${formatPath(issue.path)}: ${issue.message}`);
      if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
    }
    return lines.join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function jsonInput(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KinerjaError("VALIDATION_FAILED", `${where}: not valid JSON (${(error as Error).message})`, {
      details: { issues: [{ path: [], message: "not valid JSON", code: "invalid_json" }] },
      cause: error,
    });
  }
}

/** Parses `2026-01-01..2026-12-31` (and a cadence) into a period, naming `--period` when wrong. */
export function parsePeriodOption(value: string, cadence?: string): Period {
  const [start, end, ...rest] = value.split("..");
  if (start === undefined || end === undefined || rest.length > 0) {
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `--period: "${value}" is not START..END, e.g. 2026-01-01..2026-12-31`,
      {
        details: { issues: [{ path: ["period"], message: "expected START..END", code: "invalid_format" }] },
      },
    );
  }
  return parseOrThrow(
    PeriodSchema,
    { start, end, ...(cadence ? { cadence } : {}) },
    { prefix: ["period"], context: "--period" },
  );
}

/** Parses `disdik:BAIK` into an organisation, naming `--organisation` when wrong. */
export function parseOrganisationOption(value: string): Organisation {
  const at = value.lastIndexOf(":");
  if (at <= 0) {
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `--organisation: "${value}" is not ID:PREDIKAT, e.g. disdik:BAIK`,
      {
        details: {
          issues: [{ path: ["organisation"], message: "expected ID:PREDIKAT", code: "invalid_format" }],
        },
      },
    );
  }
  return parseOrThrow(
    OrganisationSchema,
    { id: value.slice(0, at), predikat: value.slice(at + 1) },
    { prefix: ["organisation"], context: "--organisation" },
  );
}

interface EvaluateFlags {
  rules?: string;
  config?: string;
  period?: string;
  cadence?: string;
  organisation?: string;
  explain?: ExplainLevel;
  onError?: OnError;
}

async function overrides(flags: EvaluateFlags): Promise<Partial<EvaluationRequest>> {
  const out: Partial<EvaluationRequest> = {};
  if (flags.rules !== undefined) out.rules = flags.rules;
  if (flags.config !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.config, "utf8");
    } catch (error) {
      throw new KinerjaError(
        "VALIDATION_FAILED",
        `--config: cannot read ${flags.config} (${(error as Error).message})`,
        {
          details: { issues: [{ path: ["config"], message: "file not readable", code: "invalid_file" }] },
          cause: error,
        },
      );
    }
    const config = jsonInput(text, `--config ${flags.config}`);
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new KinerjaError("VALIDATION_FAILED", `--config ${flags.config}: expected a JSON object`, {
        details: { issues: [{ path: ["config"], message: "expected a JSON object", code: "invalid_type" }] },
      });
    }
    out.config = config as Record<string, unknown>;
  }
  if (flags.period !== undefined) out.period = parsePeriodOption(flags.period, flags.cadence);
  if (flags.organisation !== undefined) out.organisation = parseOrganisationOption(flags.organisation);
  return out;
}

function resolvePackage(registry: RulePackageRegistry, rules: string | undefined): AnyRulePackage {
  if (rules === undefined || rules === "") {
    const known = registry.list().map((p) => p.id);
    throw new KinerjaError(
      "VALIDATION_FAILED",
      `rules: no rule package given; pass --rules ID[@VERSION] (known: ${[...new Set(known)].join(", ")})`,
      {
        details: {
          issues: [{ path: ["rules"], message: "a rule package id is required", code: "invalid_type" }],
        },
      },
    );
  }
  return registry.resolveSpec(rules);
}

/** The keys an NDJSON header line may have: the request's, without `cases`. */
const HEADER_KEYS = ["rules", "config", "period", "organisation", "explain", "onError"];

function isHeader(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    !keys.includes("employee") && !keys.includes("workPlan") && keys.some((k) => HEADER_KEYS.includes(k))
  );
}

/** A header key that is not one of HEADER_KEYS is VALIDATION_FAILED naming it (never silently dropped). */
function checkHeaderKeys(header: Record<string, unknown>, line: number): void {
  const unknown = Object.keys(header).filter((k) => !HEADER_KEYS.includes(k));
  if (unknown.length === 0) return;
  throw new KinerjaError(
    "VALIDATION_FAILED",
    `line ${line} (header): unknown key ${unknown.map((k) => `"${k}"`).join(", ")}; a header has ${HEADER_KEYS.join(", ")}`,
    {
      details: {
        issues: unknown.map((k) => ({ path: [k], message: "unknown key", code: "unrecognized_keys" })),
        line,
      },
    },
  );
}

const HeaderSchema = PeriodSchema.optional();

async function evaluateNdjson(
  io: CliIo,
  registry: RulePackageRegistry,
  flags: EvaluateFlags,
  progressEvery: number,
  workers?: number,
): Promise<number> {
  const pool =
    workers === undefined ? undefined : (await import("./ndjson-workers")).createNdjsonPool(workers);
  const runs = (fileDescriptorRuns(io.stdin) ?? lineRuns(io.stdin))[Symbol.asyncIterator]();
  try {
    return await evaluateNdjsonRuns(io, registry, flags, progressEvery, runs, workers, pool);
  } finally {
    await runs.return(undefined);
    await pool?.close();
  }
}

/**
 * The input's runs read straight from its file descriptor into one reused buffer of 256 kB, when
 * it is a regular file (`kinerja evaluate --ndjson < cases.ndjson`); undefined for a pipe or a
 * terminal (read as a stream: a read of a non-blocking pipe may find nothing yet).
 */
function fileDescriptorRuns(stdin: CliIo["stdin"]): AsyncGenerator<Buffer> | undefined {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== "number" || (stdin as { readableDidRead?: boolean }).readableDidRead) return undefined;
  try {
    if (!fstatSync(fd).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const readInto = promisify(read);
  return readLineRuns(
    async (buffer, offset, length) => (await readInto(fd, buffer, offset, length, null)).bytesRead,
    256 * 1024,
  );
}

async function evaluateNdjsonRuns(
  io: CliIo,
  registry: RulePackageRegistry,
  flags: EvaluateFlags,
  progressEvery: number,
  runs: AsyncIterator<Buffer>,
  workers: number | undefined,
  pool: NdjsonPool | undefined,
): Promise<number> {
  let lineNo = 0;
  let first: { text: string; value: unknown; line: number } | undefined;
  // The rest of the run where the first non-empty line is, from that line, and that line's number.
  let head: Buffer | undefined;
  let headLine = 1;
  // Read the first non-empty line: a header or the first case.
  search: for (;;) {
    const next = await runs.next();
    if (next.done) break;
    const run = next.value;
    for (let at = 0; at < run.length; ) {
      const scan = scanLines(run, at, 1);
      lineNo += scan.lines;
      if (scan.cases > 0) {
        const text = splitLines(run.toString("utf8", at, scan.end))[0] as string;
        first = { text, value: undefined, line: lineNo };
        try {
          first.value = JSON.parse(text);
        } catch {
          // Not JSON: a case line, reported by evaluateLine as it would any other line.
        }
        head = run.subarray(at);
        headLine = lineNo;
        if (isHeader(first.value)) {
          head = run.subarray(scan.end);
          headLine = lineNo + 1;
        }
        break search;
      }
      at = scan.end;
    }
  }
  let header: Record<string, unknown> = {};
  if (first && isHeader(first.value)) {
    header = first.value as Record<string, unknown>;
    checkHeaderKeys(header, first.line);
    first = undefined;
  }
  const given = await overrides(flags);
  const rules = given.rules ?? (typeof header.rules === "string" ? header.rules : undefined);
  const pkg = resolvePackage(registry, rules);
  const config = given.config ?? header.config ?? {};
  const period =
    given.period ?? parseOrThrow(HeaderSchema, header.period, { prefix: ["period"], context: "header" });
  const organisation =
    given.organisation ??
    (header.organisation === undefined
      ? undefined
      : parseOrThrow(OrganisationSchema, header.organisation, {
          prefix: ["organisation"],
          context: "header",
        }));
  const explain =
    flags.explain ??
    parseOrThrow(ExplainLevelSchema.default("steps"), header.explain, {
      prefix: ["explain"],
      context: "header",
    });
  const onError =
    flags.onError ??
    parseOrThrow(OnErrorSchema.default("fail"), header.onError, { prefix: ["onError"], context: "header" });
  const evaluator = prepareEvaluator(pkg, {
    config,
    ...(period ? { period } : {}),
    ...(organisation ? { organisation } : {}),
    explain,
  });
  if (workers !== undefined && pool !== undefined) {
    const { evaluateNdjsonInWorkers } = await import("./ndjson-workers");
    const { failed } = await evaluateNdjsonInWorkers({
      ...(head && head.length > 0 ? { head } : {}),
      firstLine: head ? headLine : lineNo + 1,
      runs,
      pkg,
      config,
      evaluator,
      options: { explain, onError },
      pool,
      workers,
      progressEvery,
      stdout: io.stdout,
      stderr: io.stderr,
      ...(period ? { period } : {}),
      ...(organisation ? { organisation } : {}),
    });
    return failed > 0 ? EXIT.INPUT : EXIT.OK;
  }

  const started = Date.now();
  const counts: Record<string, number> = countGrades([], pkg);
  const records: EvaluationResult[] = [];
  const out = new LineBatcher(io.stdout);
  let evaluated = 0;
  let failed = 0;
  let index = 0;
  // Synchronous per line (no promise per case): the batcher writes between runs, or mid-run when full.
  const handle = (text: string, line: number) => {
    const outcome = evaluateLine(evaluator, text, index, line, onError);
    index += 1;
    if (outcome.ok) {
      const result = outcome.result;
      evaluated += 1;
      counts[result.grade] = (counts[result.grade] ?? 0) + 1;
      if (organisation) {
        records.push(compactRecord(result));
      }
      out.addJsonLine(result);
    } else {
      failed += 1;
      out.add(`${JSON.stringify(outcome.failure)}\n`);
    }
    if (progressEvery > 0 && index % progressEvery === 0) io.stderr.write(progressLine(index, started));
  };
  /** Evaluates the lines of a run (decoded in pieces of 64 kB), the first numbered `firstLine`; returns how many lines it had. */
  const handleRun = async (run: Buffer, firstLine: number) => {
    const lines = splitPieces(run);
    for (let i = 0; i < lines.length; i += 1) {
      const text = lines[i] as string;
      if (isBlank(text)) continue;
      handle(text, firstLine + i);
      if (out.full) await out.flush();
    }
    await out.settle();
    return lines.length;
  };
  try {
    let nextLine = lineNo + 1;
    if (head) nextLine = headLine + (await handleRun(head, headLine));
    for (;;) {
      const next = await runs.next();
      if (next.done) break;
      nextLine += await handleRun(next.value, nextLine);
    }
  } catch (error) {
    // The results before a bad line are written before the error is reported.
    await out.flush().catch(() => undefined);
    throw error;
  }
  const tally = { evaluated, failed, counts, ...(organisation ? { records } : {}) };
  out.add(ndjsonSummary(pkg, evaluator, onError, tally));
  await out.flush();
  return failed > 0 ? EXIT.INPUT : EXIT.OK;
}

async function evaluateCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseFlags(args, {
    rules: { type: "string" },
    config: { type: "string" },
    period: { type: "string" },
    cadence: { type: "string" },
    organisation: { type: "string" },
    ndjson: { type: "boolean" },
    progress: { type: "string" },
    workers: { type: "string" },
    pretty: { type: "boolean" },
    explain: { type: "string" },
    "on-error": { type: "string" },
    "rules-module": { type: "string", multiple: true },
    periodic: { type: "boolean" },
  });
  if (await showHelp(io, values.help, EVALUATE_HELP)) return EXIT.OK;
  if (values.periodic && values.ndjson) throw new UsageError("--periodic and --ndjson cannot be combined");
  for (const flag of ["explain", "on-error", "workers"] as const) {
    if (values.periodic && values[flag] !== undefined)
      throw new UsageError(
        `--periodic and --${flag} cannot be combined (a periodic result has no such option)`,
      );
  }
  for (const flag of ["workers", "progress"] as const) {
    if (!values.ndjson && values[flag] !== undefined) throw new UsageError(`--${flag} needs --ndjson`);
  }
  const registry = await registryWithModules(
    io.registry ?? defaultRegistry(),
    ruleModuleSpecs(io.env, values["rules-module"]),
  );
  const explain = values.explain === undefined ? undefined : ExplainLevelSchema.safeParse(values.explain);
  if (explain && !explain.success)
    throw new UsageError(`--explain: "${values.explain}" is not one of full, steps, none`);
  const onError = values["on-error"] === undefined ? undefined : OnErrorSchema.safeParse(values["on-error"]);
  if (onError && !onError.success)
    throw new UsageError(`--on-error: "${values["on-error"]}" is not one of fail, report`);
  const flags: EvaluateFlags = {
    ...(values.rules === undefined ? {} : { rules: values.rules }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.period === undefined ? {} : { period: values.period }),
    ...(values.cadence === undefined ? {} : { cadence: values.cadence }),
    ...(values.organisation === undefined ? {} : { organisation: values.organisation }),
    ...(explain?.success ? { explain: explain.data } : {}),
    ...(onError?.success ? { onError: onError.data } : {}),
  };
  if (values.ndjson) {
    const progress = values.progress === undefined ? 10_000 : Number(values.progress);
    if (!Number.isInteger(progress) || progress < 0)
      throw new UsageError(`--progress: "${values.progress}" is not a whole number`);
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (
      workers !== undefined &&
      (!Number.isInteger(workers) || workers < 1 || workers > availableParallelism())
    )
      throw new UsageError(
        `--workers: "${values.workers}" is not a whole number of threads from 1 to ${availableParallelism()} (this machine's cores)`,
      );
    if (workers !== undefined && ruleModuleSpecs(io.env, values["rules-module"]).length > 0)
      throw new UsageError(
        "--workers evaluates with the default rule packages only: drop --workers to use --rules-module or KINERJA_RULE_MODULES",
      );
    return evaluateNdjson(io, registry, flags, progress, workers);
  }
  const text = await readAll(io.stdin);
  if (text.trim() === "") throw new UsageError("no request on stdin; see npx kinerja evaluate --help");
  const input = jsonInput(text, "stdin");
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new KinerjaError("VALIDATION_FAILED", "stdin: expected a JSON object (an evaluation request)", {
      details: { issues: [{ path: [], message: "expected a JSON object", code: "invalid_type" }] },
    });
  }
  const request = {
    ...(input as Record<string, unknown>),
    ...(await overrides(flags)),
    ...(flags.explain ? { explain: flags.explain } : {}),
    ...(flags.onError ? { onError: flags.onError } : {}),
  };
  if (values.periodic) {
    const periodic = evaluatePeriodicRequest(request, registry);
    await write(io.stdout, `${JSON.stringify(periodic, null, values.pretty ? 2 : undefined)}\n`);
    return EXIT.OK;
  }
  if (request.rules === undefined) resolvePackage(registry, undefined);
  const response = evaluateRequest(request, registry);
  await write(io.stdout, `${JSON.stringify(response, null, values.pretty ? 2 : undefined)}\n`);
  return (response.summary?.failed ?? 0) > 0 ? EXIT.INPUT : EXIT.OK;
}

function readEnvFile(env: CliIo["env"], name: string): Promise<string | undefined> {
  const inline = env[name];
  if (inline !== undefined && inline !== "") return Promise.resolve(inline);
  const file = env[`${name}_FILE`];
  if (file === undefined || file === "") return Promise.resolve(undefined);
  return readFile(file, "utf8").catch((error: Error) => {
    throw new KinerjaError("VALIDATION_FAILED", `${name}_FILE: cannot read ${file} (${error.message})`, {
      details: { issues: [{ path: [`${name}_FILE`], message: "file not readable", code: "invalid_file" }] },
      cause: error,
    });
  });
}

/** The auth options from the environment (KINERJA_JWT_SECRET, KINERJA_JWT_PUBLIC_KEY(_FILE), KINERJA_JWKS_URL, issuer, audience). */
export async function authFromEnv(env: CliIo["env"]): Promise<AuthOptions> {
  const publicKey = await readEnvFile(env, "KINERJA_JWT_PUBLIC_KEY");
  const secret = env.KINERJA_JWT_SECRET;
  const jwksUrl = env.KINERJA_JWKS_URL;
  return {
    ...(secret ? { secret } : {}),
    ...(publicKey ? { publicKey } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(env.KINERJA_JWT_ISSUER ? { issuer: env.KINERJA_JWT_ISSUER } : {}),
    ...(env.KINERJA_JWT_AUDIENCE ? { audience: env.KINERJA_JWT_AUDIENCE } : {}),
  };
}

function databaseOptions(env: CliIo["env"], dataDir: unknown): { url?: string; dataDir?: string } {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  if (typeof dataDir === "string" && dataDir !== "") return { dataDir };
  return {};
}

function describeDatabase(options: { url?: string; dataDir?: string }): string {
  if (options.url) return "PostgreSQL (DATABASE_URL)";
  if (options.dataDir) return `PGlite in ${options.dataDir}`;
  return "PGlite in memory (data is lost on exit; use --data-dir DIR to keep it)";
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${name}: "${value}" is not a positive whole number`);
  return n;
}

/** Parses `--trust-proxy` / KINERJA_TRUST_PROXY: true/false, a hop count, or comma-separated addresses. */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (v === "true") return true;
  if (v === "false") return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const entries = v
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (
    entries.some(
      (e) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(e) && !/^(loopback|linklocal|uniquelocal)$/.test(e),
    )
  ) {
    throw new UsageError(
      `--trust-proxy: "${value}" is not true, false, a hop count or a list of addresses/CIDRs (KINERJA_TRUST_PROXY)`,
    );
  }
  return entries;
}

const LOUD_WARNING = `
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  DEMO MODE: tokens are signed with the PUBLISHED development secret.      !!
!!  Anyone can mint a token for this service. Never use it for real data.   !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
`;

/** The token signing of `serve`, `seed` and `token`, loaded only by them (its JWT libraries take a while to load). */
const authModule = () => import("./auth");

/**
 * With KINERJA_DEBUG_START=1, `serve` writes to stderr when each phase of its start ends, in
 * milliseconds since the process started (wall and CPU): where a slow start spends its time.
 */
function startPhases(io: CliIo): (name: string) => void {
  if (!io.env.KINERJA_DEBUG_START) return () => {};
  return (name) => {
    const cpu = process.cpuUsage();
    io.stderr.write(
      `kinerja serve: start: ${name} at ${performance.now().toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)\n`,
    );
  };
}

async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const phase = startPhases(io);
  phase("command parsed");
  const values = parseFlags(args, {
    port: { type: "string" },
    host: { type: "string" },
    "data-dir": { type: "string" },
    "log-level": { type: "string" },
    demo: { type: "boolean" },
    "trust-proxy": { type: "string" },
    "no-web": { type: "boolean" },
    "rules-module": { type: "string", multiple: true },
  });
  if (await showHelp(io, values.help, SERVE_HELP)) return EXIT.OK;
  const moduleSpecs = ruleModuleSpecs(io.env, values["rules-module"]);
  if (io.env.KINERJA_EVALUATE_WORKERS && moduleSpecs.length > 0)
    throw new UsageError(
      "KINERJA_EVALUATE_WORKERS: with rule modules the service evaluates in the request's thread (its workers load the default packages only); unset it or the modules",
    );
  // Loaded before anything starts: a bad module stops the command with its reason (exit 1).
  const registry =
    moduleSpecs.length === 0
      ? io.registry
      : await registryWithModules(io.registry ?? defaultRegistry(), moduleSpecs);
  const portFrom = values.port !== undefined ? "--port" : io.env.PORT ? "PORT" : undefined;
  const portText = values.port ?? (io.env.PORT || "3000");
  const port = Number(portText);
  if (portText.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${portFrom ?? "--port"}: "${portText}" is not a port (0 to 65535)`);
  const host = values.host ?? (io.env.HOST || "127.0.0.1");
  const levelFrom = values["log-level"] !== undefined ? "--log-level" : "LOG_LEVEL";
  const logLevel = (values["log-level"] ?? (io.env.LOG_LEVEL || "info")).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new UsageError(`${levelFrom}: "${logLevel}" is not a log level (${LOG_LEVELS.join(", ")})`);
  const prettyLogs = (io.stdout as Partial<NodeJS.WriteStream>).isTTY === true;
  const trustProxy = parseTrustProxy(values["trust-proxy"] ?? io.env.KINERJA_TRUST_PROXY);
  const demo = values.demo === true;
  const { checkAuthOptions, DEVELOPMENT_JWT_SECRET, signToken } = await authModule();
  const auth: AuthOptions = demo ? { secret: DEVELOPMENT_JWT_SECRET } : await authFromEnv(io.env);
  try {
    checkAuthOptions(auth);
  } catch (error) {
    await write(
      io.stderr,
      `kinerja serve: refusing to start: ${describeError(error)}\nSet KINERJA_JWT_SECRET, KINERJA_JWT_PUBLIC_KEY(_FILE) or KINERJA_JWKS_URL, or try it out with --demo.\n`,
    );
    return EXIT.INPUT;
  }
  // The operator's settings are checked before anything starts: a bad one is a usage error, not
  // a database opened for nothing.
  const rateLimit = positiveInt(io.env.KINERJA_RATE_LIMIT, "KINERJA_RATE_LIMIT");
  const failedAuth = positiveInt(io.env.KINERJA_FAILED_AUTH_LIMIT, "KINERJA_FAILED_AUTH_LIMIT");
  const bodyLimit = positiveInt(io.env.KINERJA_BODY_LIMIT, "KINERJA_BODY_LIMIT");
  const maxCases = positiveInt(io.env.KINERJA_MAX_EVALUATE_CASES, "KINERJA_MAX_EVALUATE_CASES");
  const workers = positiveInt(io.env.KINERJA_EVALUATE_WORKERS, "KINERJA_EVALUATE_WORKERS");
  const webhookAttempts = positiveInt(io.env.KINERJA_WEBHOOK_MAX_ATTEMPTS, "KINERJA_WEBHOOK_MAX_ATTEMPTS");
  if (demo) await write(io.stderr, LOUD_WARNING);
  const {
    buildApp,
    migrate,
    openDatabase,
    seedDemoDatabase,
    DEMO_AGENCY_ID,
    DEMO_HR_ADMIN_ID,
    demoCacheDir,
    demoCacheKey,
    readDemoSnapshot,
    writeDemoSnapshot,
    readMigratedTemplate,
    writeMigratedTemplate,
    readPreparedDemo,
    readPreparedTemplate,
  } = await service();
  phase("service modules loaded");
  const dbOptions = databaseOptions(io.env, values["data-dir"]);
  // In memory, the service starts from a copy migrated once, and the demo from a copy seeded once
  // (initdb, migrations and seeding are most of the start, and initdb most of the memory).
  const inMemory = dbOptions.url === undefined && dbOptions.dataDir === undefined;
  const cacheable = demo && inMemory && !registry;
  const cacheDir = demoCacheDir(io.env);
  const codeKey = inMemory ? await demoCacheKey() : undefined;
  const cacheKey = cacheable ? codeKey : undefined;
  // The cache first (uncompressed, opens faster), then the copies the build prepared.
  const snapshot = cacheKey
    ? ((await readDemoSnapshot(cacheDir, cacheKey)) ?? (await readPreparedDemo(cacheKey)))
    : undefined;
  const template =
    codeKey && !snapshot
      ? ((await readMigratedTemplate(cacheDir, codeKey)) ?? (await readPreparedTemplate(codeKey)))
      : undefined;
  phase("cached copies read");
  // With a separate migration (owner) connection, migrate through it and serve as the runtime role.
  if (io.env.KINERJA_MIGRATION_DATABASE_URL && !io.env.DATABASE_URL) {
    throw new UsageError(
      "KINERJA_MIGRATION_DATABASE_URL is set but DATABASE_URL is not: set DATABASE_URL to the runtime role's connection",
    );
  }
  if (io.env.KINERJA_MIGRATION_DATABASE_URL) {
    await migrateWithRoles(io.env, values["data-dir"], io.env.KINERJA_RUNTIME_ROLE);
  }
  const prepared = snapshot?.data ?? template;
  const database = await openDatabase(prepared ? { loadDataDir: prepared } : dbOptions);
  let closed = false;
  phase("database open");
  try {
    // A copy kept for this code's key was migrated by this code: nothing to apply (the no-op
    // migration run still costs a few queries at every start).
    if (!io.env.KINERJA_MIGRATION_DATABASE_URL && prepared === undefined) {
      await migrate(database);
      if (codeKey) await writeMigratedTemplate(cacheDir, codeKey, database);
    }
    const now = io.now ?? (() => new Date());
    let demoToken: string | undefined;
    // The web pages' persona picker signs 8-hour tokens for the demo agency's people.
    const demoSign = (claims: { sub: string; agency: string; roles: readonly Role[] }) =>
      signToken(
        { ...claims, roles: [...claims.roles] },
        { secret: DEVELOPMENT_JWT_SECRET },
        { ttlSeconds: 8 * 3600, now: now() },
      );
    let seeded: DemoSummary | undefined;
    let seededLine: string | undefined;
    if (demo) {
      const sign: DemoSigner = (claims) =>
        signToken(
          { ...claims, roles: [...claims.roles] },
          { secret: DEVELOPMENT_JWT_SECRET },
          { ttlSeconds: 7 * 86400, now: now() },
        );
      demoToken = sign({ sub: DEMO_HR_ADMIN_ID, agency: DEMO_AGENCY_ID, roles: ["HR_ADMIN", "EMPLOYEE"] });
      if (snapshot) {
        seeded = snapshot.summary;
        seededLine = `  demo: the agency "${DEMO_AGENCY_ID}" (${seeded.staff} staff) from a copy seeded once through the API (${snapshot.seededInSeconds}s), kept in ${snapshot.from}`;
      } else {
        const started = Date.now();
        seeded = await seedDemoDatabase(database, { auth, sign, ...(registry ? { registry } : {}) });
        const took = Number(((Date.now() - started) / 1000).toFixed(1));
        seededLine = seeded.created
          ? `  demo: seeded the agency "${DEMO_AGENCY_ID}" through the API (${seeded.staff} staff, ${took}s)`
          : `  demo: the agency "${DEMO_AGENCY_ID}" exists already; left as it is`;
        if (
          cacheKey &&
          seeded.created &&
          (await writeDemoSnapshot(cacheDir, cacheKey, database, seeded, took))
        )
          seededLine += `; a copy is kept in ${cacheDir} for the next start`;
      }
    }
    phase(demo ? "migrated and demo ready" : "migrated");
    const app = await buildApp({
      database,
      auth,
      ...(registry ? { registry } : {}),
      logger: {
        level: logLevel,
        ...(prettyLogs ? { stream: prettyLogStream(io.stdout, { colour: !io.env.NO_COLOR }) } : {}),
      },
      webhookWorker: true,
      ...(webhookAttempts ? { webhook: { maxAttempts: webhookAttempts } } : {}),
      web: values["no-web"] !== true,
      ...(demo ? { demo: { sign: demoSign } } : {}),
      ...(rateLimit || failedAuth
        ? {
            rateLimit: {
              ...(rateLimit ? { max: rateLimit } : {}),
              ...(failedAuth ? { failedAuthPerAddress: failedAuth } : {}),
            },
          }
        : {}),
      ...(bodyLimit ? { bodyLimit } : {}),
      ...(trustProxy === undefined ? {} : { trustProxy }),
      ...(maxCases || workers
        ? { evaluation: { ...(maxCases ? { maxCases } : {}), ...(workers ? { workers } : {}) } }
        : {}),
    });
    const done = new Promise<void>((resolve) => {
      const handlers = closeWithGrace({ delay: 10_000, logger: false }, async ({ signal, err }) => {
        if (err) app.log.error({ err }, "closing after an error");
        else app.log.info({ signal }, "draining in-flight requests");
        await app.close();
        await database.close();
        closed = true;
        handlers.uninstall();
        resolve();
      });
    });
    phase("app built");
    await app.listen({ port, host });
    phase("listening");
    const address = app.server.address();
    const actualPort = typeof address === "object" && address !== null ? address.port : port;
    const shownHost = host.includes(":") ? `[${host}]` : host;
    const url = `http://${shownHost}:${actualPort}`;
    const lines = [
      `kinerja serve: listening on ${url}`,
      ...(values["no-web"] === true
        ? []
        : [`  web pages: ${url}/${demo ? " (sign in as a demo persona)" : ""}`]),
      `  storage: ${describeDatabase(dbOptions)}`,
      `  API docs: ${url}/docs   OpenAPI: ${url}/openapi.json   health: ${url}/health`,
      `  logs: level ${logLevel} (--log-level); another port: --port N or PORT=N`,
      ...(seededLine ? [seededLine] : []),
    ];
    if (demo && demoToken) {
      lines.push(
        "",
        `Demo HR_ADMIN token (agency "${DEMO_AGENCY_ID}", sub ${DEMO_HR_ADMIN_ID}, valid 7 days):`,
        demoToken,
        "",
        "Try (TOKEN=<the token above>):",
        `  curl -H "Authorization: Bearer $TOKEN" ${url}/v1/agencies/${DEMO_AGENCY_ID}`,
        `  curl -H "Authorization: Bearer $TOKEN" "${url}/v1/staff?limit=10"`,
        `  curl -H "Authorization: Bearer $TOKEN" ${url}/v1/periods`,
      );
      if (seeded?.pastPeriodId) {
        lines.push(
          `  curl -H "Authorization: Bearer $TOKEN" ${url}/v1/periods/${seeded.pastPeriodId}/assessments`,
          `  curl -H "Authorization: Bearer $TOKEN" ${url}/v1/periods/${seeded.pastPeriodId}/units/bidang-sd/calibration`,
          `  curl -H "Authorization: Bearer $TOKEN" ${url}/v1/periods/${seeded.pastPeriodId}/assessments/${seeded.sampleEmployeeId}/explanation`,
        );
      }
      lines.push(
        `  open ${url}/docs, press "Authorize", paste the token and walk the cycle: the 2025 period waits in`,
        "  ASSESSMENT (finalise the last drafts as their superior, then START_CALIBRATION, calibrate, CLOSE);",
        "  the 2026 period is in PLANNING with plans in every state.",
        `  Act as anyone: npx kinerja token --demo --sub <NIP> --role EMPLOYEE --agency ${DEMO_AGENCY_ID}`,
      );
      if (seeded?.sampleSupervisorId && seeded.draftAssessments.length > 0) {
        lines.push(
          `  e.g. the superior ${seeded.sampleSupervisorId} still has to finalise ${seeded.draftAssessments[0]}.`,
        );
      }
      lines.push("");
    }
    // The banner comes last, after fastify's own "listening" line, so the token stays on screen.
    await write(io.stdout, `${lines.join("\n")}\n`);
    await done;
    return EXIT.OK;
  } finally {
    if (!closed) await database.close();
  }
}

/** Opens the command's database (DATABASE_URL or --data-dir), runs `use` with it and its description, then closes it. */
async function withDatabase<T>(
  io: CliIo,
  dataDir: unknown,
  use: (database: Database, where: string) => Promise<T>,
): Promise<T> {
  const { openDatabase } = await service();
  const dbOptions = databaseOptions(io.env, dataDir);
  const database = await openDatabase(dbOptions);
  try {
    return await use(database, describeDatabase(dbOptions));
  } finally {
    await database.close();
  }
}

/** The connection that migrates: KINERJA_MIGRATION_DATABASE_URL (the owner role) when set, else the service's. */
function migrationDatabaseOptions(env: CliIo["env"], dataDir: unknown): { url?: string; dataDir?: string } {
  if (env.KINERJA_MIGRATION_DATABASE_URL) return { url: env.KINERJA_MIGRATION_DATABASE_URL };
  return databaseOptions(env, dataDir);
}

/**
 * Migrates through the migration connection and, on PostgreSQL with a runtime role, grants that
 * role its rights; returns what was applied and where.
 */
async function migrateWithRoles(
  env: CliIo["env"],
  dataDir: unknown,
  runtimeRole: string | undefined,
): Promise<{ applied: string[]; where: string }> {
  const { migrate, openDatabase, grantRuntimeRole } = await service();
  const options = migrationDatabaseOptions(env, dataDir);
  const database = await openDatabase(options);
  try {
    const { applied } = await migrate(database);
    if (runtimeRole !== undefined && runtimeRole !== "") {
      if (database.kind !== "postgres") {
        throw new UsageError("--runtime-role: roles exist only on PostgreSQL (set DATABASE_URL)");
      }
      await grantRuntimeRole(database, runtimeRole);
    }
    const where = env.KINERJA_MIGRATION_DATABASE_URL
      ? "PostgreSQL (KINERJA_MIGRATION_DATABASE_URL)"
      : describeDatabase(options);
    return { applied, where };
  } finally {
    await database.close();
  }
}

async function migrateCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseFlags(args, { "data-dir": { type: "string" }, "runtime-role": { type: "string" } });
  if (await showHelp(io, values.help, MIGRATE_HELP)) return EXIT.OK;
  const role = values["runtime-role"] ?? io.env.KINERJA_RUNTIME_ROLE;
  const { applied, where } = await migrateWithRoles(io.env, values["data-dir"], role);
  const what = applied.length === 0 ? "already up to date" : `applied ${applied.join(", ")}`;
  const granted = role ? `; granted the runtime role ${role}` : "";
  await write(io.stdout, `kinerja migrate: ${where}: ${what}${granted}\n`);
  return EXIT.OK;
}

async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "-h" || sub === "--help") {
    await write(io.stdout, AUDIT_HELP);
    return EXIT.OK;
  }
  if (sub !== "verify") throw new UsageError(`expected "audit verify", got "audit ${sub ?? ""}"`);
  const values = parseFlags(rest, { agency: { type: "string" }, "data-dir": { type: "string" } });
  if (await showHelp(io, values.help, AUDIT_HELP)) return EXIT.OK;
  if (values.agency === "") throw new UsageError("--agency: an agency id is required");
  const { verifyAuditChain } = await import("./storage");
  return withDatabase(io, values["data-dir"], async (database, where) => {
    const report = await verifyAuditChain(
      database,
      values.agency === undefined ? {} : { agencyId: values.agency },
    );
    const heads = report.heads.map(
      (h) => `  ${h.agencyId ?? "(system)"}: ${h.agencySeq} rows, head ${h.hash}`,
    );
    if (report.broken !== undefined) {
      const b = report.broken;
      await write(
        io.stderr,
        `kinerja audit verify: ${where}: BROKEN chain of ${b.agencyId ?? "(system)"} at position ${b.agencySeq}${
          b.seq === null ? "" : ` (seq ${b.seq})`
        }: ${b.reason}\n`,
      );
      return EXIT.AUDIT_BROKEN;
    }
    await write(
      io.stdout,
      `kinerja audit verify: ${where}: ${report.rows} rows in ${report.heads.length} chain(s) intact\n${heads.join("\n")}${
        heads.length > 0 ? "\n" : ""
      }`,
    );
    return EXIT.OK;
  });
}

async function seedCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseFlags(args, { demo: { type: "boolean" }, "data-dir": { type: "string" } });
  if (await showHelp(io, values.help, SEED_HELP)) return EXIT.OK;
  if (!values.demo) throw new UsageError("seed: only --demo is available; see npx kinerja seed --help");
  const { migrate, seedDemoDatabase, DEMO_AGENCY_ID } = await service();
  const { signToken } = await authModule();
  return withDatabase(io, values["data-dir"], async (database, where) => {
    await migrate(database);
    // The seeding app lives only in this process: sign its one token with a fresh random secret.
    const secret = `seed-${randomUUID()}-${randomUUID()}`;
    const now = io.now ?? (() => new Date());
    const sign: DemoSigner = (claims) =>
      signToken({ ...claims, roles: [...claims.roles] }, { secret }, { ttlSeconds: 3600, now: now() });
    const seeded = await seedDemoDatabase(database, {
      auth: { secret },
      sign,
      ...(io.registry ? { registry: io.registry } : {}),
    });
    const what = seeded.created
      ? `seeded the demo agency "${DEMO_AGENCY_ID}"`
      : `the demo agency "${DEMO_AGENCY_ID}" already exists`;
    await write(io.stdout, `kinerja seed: ${where}: ${what}\n`);
    return EXIT.OK;
  });
}

async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseFlags(args, {
    sub: { type: "string" },
    role: { type: "string", multiple: true },
    agency: { type: "string" },
    ttl: { type: "string", default: "8h" },
    demo: { type: "boolean" },
  });
  if (await showHelp(io, values.help, TOKEN_HELP)) return EXIT.OK;
  const sub = values.sub;
  const agency = values.agency;
  const given = (values.role ?? []).flatMap((r) => r.split(",")).map((r) => r.trim().toUpperCase());
  if (!sub) throw new UsageError("token: --sub NIP is required");
  if (!agency) throw new UsageError("token: --agency ID is required");
  if (given.length === 0) throw new UsageError(`token: --role is required (${ROLES.join(", ")})`);
  const unknown = given.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0)
    throw new UsageError(`token: unknown role ${unknown.join(", ")}; known roles: ${ROLES.join(", ")}`);
  const { checkAuthOptions, DEVELOPMENT_JWT_SECRET, parseDuration, signToken } = await authModule();
  const ttlSeconds = parseDuration(values.ttl, "--ttl");
  let key: SigningKey;
  if (values.demo) {
    key = { secret: DEVELOPMENT_JWT_SECRET };
    await write(io.stderr, "kinerja token: signed with the PUBLISHED development secret (demo only)\n");
  } else {
    const privateKey = await readEnvFile(io.env, "KINERJA_JWT_PRIVATE_KEY");
    const secret = io.env.KINERJA_JWT_SECRET;
    if (privateKey) key = { privateKey };
    else if (secret) {
      checkAuthOptions({ secret });
      key = { secret };
    } else {
      await write(
        io.stderr,
        "kinerja token: no signing key; set KINERJA_JWT_SECRET or KINERJA_JWT_PRIVATE_KEY(_FILE), or use --demo\n",
      );
      return EXIT.INPUT;
    }
  }
  const roles = [...new Set(given)] as Role[];
  const token = signToken(
    {
      sub,
      agency,
      roles,
      ...(io.env.KINERJA_JWT_ISSUER ? { iss: io.env.KINERJA_JWT_ISSUER } : {}),
      ...(io.env.KINERJA_JWT_AUDIENCE ? { aud: io.env.KINERJA_JWT_AUDIENCE } : {}),
    },
    key,
    { ttlSeconds, now: (io.now ?? (() => new Date()))() },
  );
  await write(
    io.stderr,
    `kinerja token: sub ${sub}, agency ${agency}, roles ${roles.join(", ")}, valid ${values.ttl}\n`,
  );
  await write(io.stdout, `${token}\n`);
  return EXIT.OK;
}

const COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
  evaluate: evaluateCommand,
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  token: tokenCommand,
  audit: auditCommand,
};

/**
 * Runs the `kinerja` command with `argv` (without `node` and the script) and returns the exit
 * code; messages go to `io.stderr`, never a stack trace for bad input.
 *
 * @example
 * const code = await runCli(["evaluate", "--rules", "permenpanrb-6-2022"], { stdin, stdout, stderr, env: process.env });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    await write(command === undefined ? io.stderr : io.stdout, GENERAL_HELP);
    return command === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    await write(io.stderr, `kinerja: unknown command "${command}"\n\n${GENERAL_HELP}`);
    return EXIT.USAGE;
  }
  // A reader that stops early (`| head`) closes the pipe: stop quietly with status 0.
  const onOutputError = (error: unknown) => {
    if (!isOutputClosed(error)) throw error;
  };
  io.stdout.on("error", onOutputError);
  try {
    return await run(args, io);
  } catch (error) {
    if (isOutputClosed(error)) return EXIT.OK;
    if (error instanceof UsageError) {
      await write(
        io.stderr,
        `kinerja ${command}: ${error.message}\nRun "npx kinerja ${command} --help" for usage.\n`,
      );
      return EXIT.USAGE;
    }
    if (isKinerjaError(error) && error.code !== "INTERNAL" && error.code !== "RULE_PACKAGE_INVALID") {
      await write(io.stderr, `kinerja ${command}: ${describeError(error)}\n`);
      return EXIT.INPUT;
    }
    await write(io.stderr, `kinerja ${command}: internal error: ${describeError(error)}\n`);
    return EXIT.INTERNAL;
  } finally {
    io.stdout.off("error", onOutputError);
  }
}

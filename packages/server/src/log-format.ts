import { Writable } from "node:stream";

/** The log levels `kinerja serve --log-level` accepts (pino's, quietest last). */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** A log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO ",
  40: "WARN ",
  50: "ERROR",
  60: "FATAL",
};

const LEVEL_COLOURS: Readonly<Record<number, string>> = {
  40: "\u001b[33m",
  50: "\u001b[31m",
  60: "\u001b[31m",
};
const DIM = "\u001b[2m";
const RESET = "\u001b[0m";

/** Fields of a pino line that the human-readable form leaves out or shows in its own place. */
const SHOWN_APART = new Set([
  "level",
  "time",
  "pid",
  "hostname",
  "msg",
  "reqId",
  "req",
  "res",
  "responseTime",
  "err",
]);

function clock(time: unknown): string {
  const date = typeof time === "number" ? new Date(time) : new Date();
  return date.toTimeString().slice(0, 8);
}

/**
 * One pino JSON line as one human-readable line: time, level, message, then the request
 * (`GET /v1/staff`), status, duration and any other fields as `key=value`. A line that is not
 * JSON is returned as it is.
 *
 * @example
 * formatLogLine('{"level":30,"time":0,"msg":"request completed","res":{"statusCode":200},"responseTime":3.2}', false);
 * // "07:00:00 INFO  request completed 200 3.2ms"
 */
export function formatLogLine(line: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const level = typeof entry.level === "number" ? entry.level : 30;
  const parts: string[] = [String(entry.msg ?? "")];
  const req = entry.req as { method?: string; url?: string } | undefined;
  if (req?.method) parts.push(`${req.method} ${req.url ?? ""}`);
  const res = entry.res as { statusCode?: number } | undefined;
  if (res?.statusCode !== undefined) parts.push(String(res.statusCode));
  if (typeof entry.responseTime === "number") parts.push(`${entry.responseTime.toFixed(1)}ms`);
  for (const [key, value] of Object.entries(entry)) {
    if (!SHOWN_APART.has(key))
      parts.push(`${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  const name = LEVEL_NAMES[level] ?? String(level);
  const time = clock(entry.time);
  let text = `${colour ? DIM : ""}${time}${colour ? RESET : ""} ${colour && LEVEL_COLOURS[level] ? `${LEVEL_COLOURS[level]}${name}${RESET}` : name} ${parts.join(" ")}`;
  if (err) text += `\n  ${err.stack ?? `${err.type ?? "Error"}: ${err.message ?? ""}`}`;
  return text;
}

/**
 * A destination for pino that writes each JSON line to `out` as a human-readable line (see
 * {@link formatLogLine}); `kinerja serve` uses it when its standard output is a terminal.
 */
export function prettyLogStream(out: Writable, options: { colour?: boolean } = {}): Writable {
  const colour = options.colour ?? false;
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (line.trim() !== "") out.write(`${formatLogLine(line, colour)}\n`);
      }
      done();
    },
  });
}

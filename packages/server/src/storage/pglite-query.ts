import { type PGlite, protocol, type Results, types } from "@electric-sql/pglite";

/** A parameter sent as text without a declared type: PostgreSQL infers it, as with the `pg` driver. */
type Plain = string | number | bigint | boolean | Date | null | undefined;

const isPlain = (value: unknown): value is Plain =>
  value === null ||
  value === undefined ||
  typeof value === "string" ||
  typeof value === "number" ||
  typeof value === "bigint" ||
  typeof value === "boolean" ||
  value instanceof Date;

/** The text PGlite's serializers send for these values, whatever type PostgreSQL infers. */
const toText = (value: Plain): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Rows affected, from a CommandComplete tag (`INSERT 0 3`, `UPDATE 2`), as PGlite counts them. */
function affected(tag: string): number {
  const words = tag.split(" ");
  switch (words[0]) {
    case "INSERT":
      return Number.parseInt(words[2] ?? "", 10);
    case "UPDATE":
    case "DELETE":
    case "COPY":
    case "MERGE":
      return Number.parseInt(words[1] ?? "", 10);
    default:
      return 0;
  }
}

type Parser = (value: string, typeId: number) => unknown;

/** The fields of PGlite's backend messages read here (RowDescription, DataRow, CommandComplete). */
interface BackendMessage {
  name: string;
  /** RowDescription: the columns; DataRow: the values as text. */
  fields?: unknown[];
  text?: string;
}

/**
 * The result of one statement's messages, as PGlite's `parseResults` builds it (the same rows,
 * fields and affected rows, through the client's parsers), without its copy of the parser table
 * (over 300 entries) at every query, which cost about as much as the rest of a short query.
 */
function readResult<T>(messages: readonly BackendMessage[], parsers: Record<number, Parser>): Results<T> {
  let fields: { name: string; dataTypeID: number }[] = [];
  const rows: Record<string, unknown>[] = [];
  const fallback = types.parsers as Record<number, Parser>;
  for (const message of messages) {
    if (message.name === "rowDescription") {
      fields = (message.fields as { name: string; dataTypeID: number }[]).map((f) => ({
        name: f.name,
        dataTypeID: f.dataTypeID,
      }));
    } else if (message.name === "dataRow") {
      const row: Record<string, unknown> = {};
      (message.fields as (string | null)[]).forEach((value, i) => {
        const field = fields[i] as { name: string; dataTypeID: number };
        const parser = parsers[field.dataTypeID] ?? fallback[field.dataTypeID];
        row[field.name] = value === null ? null : parser ? parser(value, field.dataTypeID) : value;
      });
      rows.push(row);
    } else if (message.name === "commandComplete") {
      return { rows, fields, affectedRows: affected(message.text ?? "") } as Results<T>;
    }
  }
  return { affectedRows: 0, rows: [], fields: [] } as Results<T>;
}

/**
 * `PGlite.query` in one trip through the database instead of six. PGlite runs a parameterised
 * query as Parse, Describe (to learn the parameters' types for its serializers), Bind, Describe,
 * Execute and Sync, each a call into its WebAssembly backend with its own bookkeeping: most of the
 * time of a short query (about 450 µs against 170 µs for the same messages sent at once). Here
 * the messages go as one batch with the parameters as untyped text, as the `pg` driver sends them
 * to PostgreSQL, and the answer is read as PGlite reads it ({@link readResult}). Only for parameters whose text does not depend on their type (null, strings, numbers,
 * booleans, dates); a query with any other parameter (an array, an object, bytes) goes through
 * `PGlite.query` as before. Errors are PGlite's, with the query and parameters attached as
 * `PGlite.query` does.
 *
 * @internal
 */
export async function batchedQuery<T>(
  client: PGlite,
  text: string,
  params: readonly unknown[] = [],
): Promise<Results<T>> {
  if (!params.every(isPlain)) return client.query<T>(text, [...params]);
  const { serialize } = protocol;
  const message = concat([
    serialize.parse({ text, types: [] }),
    serialize.bind({ values: params.map((p) => toText(p as Plain)) }),
    serialize.describe({ type: "P" }),
    serialize.execute({}),
    serialize.sync(),
  ]);
  return client.runExclusive(async () => {
    try {
      const { messages } = await client.execProtocol(message);
      return readResult<T>(messages as BackendMessage[], client.parsers as Record<number, Parser>);
    } catch (error) {
      if (typeof error === "object" && error !== null && "code" in error)
        Object.assign(error, { query: text, params, queryOptions: undefined });
      throw error;
    }
  });
}

/**
 * The part of PGlite that kysely-pglite-dialect uses (`query`, `close`), with `query` sent as
 * one batch ({@link batchedQuery}).
 *
 * @internal
 */
export function batchedClient(client: PGlite): PGlite {
  return {
    query: (text: string, params?: unknown[]) => batchedQuery(client, text, params),
    close: () => client.close(),
  } as unknown as PGlite;
}

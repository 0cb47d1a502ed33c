import { MemoryFS } from "@electric-sql/pglite";

/** PGlite's data directory inside its WebAssembly file system. */
const PGDATA = "/pglite/data";
const BLOCK = 512;

/** The part of Emscripten's file system API used here. */
interface EmscriptenFs {
  analyzePath(path: string): { exists: boolean };
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
}

function text(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end += 1;
  return new TextDecoder().decode(block.subarray(start, end));
}

const octal = (block: Uint8Array, start: number, length: number): number =>
  Number.parseInt(text(block, start, length).trim() || "0", 8);

/** One entry of a ustar archive: a file's bytes are a view of the archive, not a copy. */
interface TarEntry {
  path: string;
  directory: boolean;
  data: Uint8Array;
}

/**
 * The entries of an uncompressed ustar archive (what PGlite's `dumpDataDir("none")` writes),
 * each file's data a view into `tar`. Throws on a truncated archive or a bad header checksum.
 */
export function readTar(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
    if (sum !== octal(header, 148, 8)) throw new Error(`tar: bad header checksum at byte ${at}`);
    const name = text(header, 0, 100);
    const prefix = text(header, 345, 155);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] as number);
    const start = at + BLOCK;
    if (start + size > tar.length) throw new Error(`tar: ${name} is cut short`);
    entries.push({
      path: prefix ? `${prefix}/${name}` : name,
      directory: type === "5",
      data: tar.subarray(start, start + size),
    });
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/**
 * PGlite's in-memory file system, started from a dump of a data directory. PGlite's own
 * `loadDataDir` copies every file three times (the archive, the untarred file, the file system's
 * copy) and looks up every parent folder of every file: about half of the open of a migrated,
 * empty database. Here the files' contents stay views of one buffer, which the in-memory file
 * system owns (it copies a file only when the file grows).
 *
 * @internal
 */
export class PreparedMemoryFS extends MemoryFS {
  readonly #tar: Uint8Array;

  /** `tar` becomes the file system's memory: pass a buffer no one else reads or writes. */
  constructor(tar: Uint8Array) {
    super();
    this.#tar = tar;
  }

  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const fs = (this.pg as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;
    if (fs.analyzePath(`${PGDATA}/PG_VERSION`).exists)
      throw new Error("PGlite: a database exists already, cannot load a data directory");
    const made = new Set<string>();
    const folder = (path: string) => {
      if (made.has(path)) return;
      fs.mkdirTree(path);
      made.add(path);
    };
    folder(PGDATA);
    for (const entry of readTar(this.#tar)) {
      const path = `${PGDATA}/${entry.path.replace(/^\/+|\/+$/g, "")}`;
      if (entry.directory) {
        folder(path);
        continue;
      }
      folder(path.slice(0, path.lastIndexOf("/")));
      fs.writeFile(path, entry.data, { canOwn: true });
    }
  }
}

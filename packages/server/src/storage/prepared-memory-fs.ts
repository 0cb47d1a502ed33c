import { MemoryFS } from "@electric-sql/pglite";

/** PGlite's data directory inside its WebAssembly file system. */
export const PGDATA = "/pglite/data";
const BLOCK = 512;

/** The part of Emscripten's file system API used here. */
export interface EmscriptenFs {
  analyzePath(path: string): { exists: boolean };
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
  readdir(path: string): string[];
  stat(path: string): { mode: number; size: number; mtime: Date | number };
  isDir(mode: number): boolean;
  readFile(path: string, options: { encoding: "binary" }): Uint8Array;
}

function putText(header: Uint8Array, start: number, length: number, value: string): void {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new Error(`tar: "${value}" does not fit in ${length} bytes`);
  header.set(bytes, start);
}

const putOctal = (header: Uint8Array, start: number, length: number, value: number): void =>
  putText(header, start, length - 1, value.toString(8).padStart(length - 1, "0"));

/**
 * An uncompressed ustar archive of the folder `root` of an Emscripten file system, in one buffer:
 * the same entries, in the same order, as PGlite's `dumpDataDir("none")` (which builds the same
 * archive and then hands it over as a Blob, read back slowly in Node.js 20).
 */
export function writeTar(fs: EmscriptenFs, root: string): Uint8Array {
  const entries: { name: string; mode: number; mtime: number; data: Uint8Array | undefined }[] = [];
  const walk = (folder: string) => {
    for (const name of fs.readdir(folder)) {
      if (name === "." || name === "..") continue;
      const path = `${folder}/${name}`;
      const info = fs.stat(path);
      const directory = fs.isDir(info.mode);
      const mtime = Math.floor(new Date(info.mtime).getTime() / 1000);
      entries.push({
        name: path.slice(root.length),
        mode: info.mode,
        mtime: Number.isFinite(mtime) ? mtime : 0,
        data: directory ? undefined : fs.readFile(path, { encoding: "binary" }),
      });
      if (directory) walk(path);
    }
  };
  walk(root);
  let size = 2 * BLOCK;
  for (const entry of entries) size += BLOCK + Math.ceil((entry.data?.length ?? 0) / BLOCK) * BLOCK;
  const tar = new Uint8Array(size);
  let at = 0;
  for (const entry of entries) {
    const header = tar.subarray(at, at + BLOCK);
    const cut = entry.name.length > 99 ? entry.name.lastIndexOf("/", 154) : -1;
    putText(header, 0, 99, cut > 0 ? entry.name.slice(cut + 1) : entry.name);
    if (cut > 0) putText(header, 345, 154, entry.name.slice(0, cut));
    putOctal(header, 100, 8, entry.mode & 0o777);
    putOctal(header, 108, 8, 0);
    putOctal(header, 116, 8, 0);
    putOctal(header, 124, 12, entry.data?.length ?? 0);
    putOctal(header, 136, 12, entry.mtime);
    putText(header, 156, 1, entry.data ? "0" : "5");
    putText(header, 257, 8, "ustar\u000000");
    let sum = 0;
    for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
    putText(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\u0000 `);
    at += BLOCK;
    if (entry.data) {
      tar.set(entry.data, at);
      at += Math.ceil(entry.data.length / BLOCK) * BLOCK;
    }
  }
  return tar;
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

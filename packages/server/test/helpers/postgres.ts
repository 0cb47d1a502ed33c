import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A PostgreSQL server started for tests. */
export interface PostgresServer {
  /** Connection string of its `postgres` database (superuser `postgres`, trust auth, loopback). */
  url: string;
  /** The connection string of another database on the same server. */
  urlFor(database: string): string;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** Whether a missing PostgreSQL must fail the run (CI) instead of skipping. */
export const postgresRequired = process.env.CI === "true";

function bindirFromPgConfig(): string | undefined {
  try {
    const dir = execFileSync("pg_config", ["--bindir"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function bindirFromDebian(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = join(root, v, "bin");
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  return undefined;
}

/** The folder with `initdb` and `pg_ctl` (from `pg_config --bindir` or /usr/lib/postgresql/N/bin), if any. */
export function findPostgresBinaries(): string | undefined {
  return bindirFromPgConfig() ?? bindirFromDebian();
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (PostgreSQL refuses root). */
function command(bin: string, args: string[]): [string, string[]] {
  return isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throw-away PostgreSQL on a random loopback port in a temporary folder (`initdb`,
 * then `pg_ctl start`; as root through `runuser -u postgres --` with the folder chowned to
 * postgres). Returns undefined when the binaries are missing, unless `CI=true`, where that
 * throws so the run fails instead of silently skipping.
 */
export async function startPostgres(): Promise<PostgresServer | undefined> {
  const bindir = findPostgresBinaries();
  if (bindir === undefined) {
    if (postgresRequired) {
      throw new Error(
        "PostgreSQL binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin) but CI=true: install postgresql",
      );
    }
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "kinerja-pg-"));
  const data = join(dir, "data");
  if (isRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const exec = async (bin: string, args: string[]) => {
    const [file, argv] = command(join(bindir, bin), args);
    return run(file, argv, { encoding: "utf8", timeout: 60_000 });
  };
  const stopSync = () => {
    try {
      const [file, argv] = command(join(bindir, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      execFileSync(file, argv, { stdio: "ignore", timeout: 30_000 });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await exec("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        "-c listen_addresses=127.0.0.1",
        `-c unix_socket_directories=${dir}`,
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
        "-c max_connections=200",
      ].join(" ");
      try {
        await exec("pg_ctl", [
          "-D",
          data,
          "-o",
          options,
          "-l",
          join(dir, "postgres.log"),
          "-w",
          "-t",
          "60",
          "start",
        ]);
      } catch (error) {
        lastError = error;
        continue;
      }
      process.once("exit", stopSync);
      const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
      let stopped = false;
      return {
        url: urlFor("postgres"),
        urlFor,
        async stop() {
          if (stopped) return;
          stopped = true;
          process.removeListener("exit", stopSync);
          try {
            await exec("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    }
    throw lastError;
  } catch (error) {
    stopSync();
    throw error;
  }
}

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Starts `kinerja serve --demo` (PGlite in memory, the seeded demo agency) on a free port and
 * hands its URL to the tests through KINERJA_E2E_URL; stops it after the run.
 */
export default async function startService(): Promise<() => Promise<void>> {
  const bin = fileURLToPath(new URL("../../server/bin/kinerja.js", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, "serve", "--demo", "--port", "0", "--log-level", "warn"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      // The HR spec registers a webhook on a closed local port: allowed here, given up after one attempt.
      env: {
        ...process.env,
        KINERJA_RATE_LIMIT: "100000",
        KINERJA_WEBHOOK_ALLOW: "127.0.0.1",
        KINERJA_WEBHOOK_MAX_ATTEMPTS: "1",
      },
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the service did not start in 180 s:\n${output}`)),
      180_000,
    );
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.on("exit", (code) => reject(new Error(`the service exited with ${code}:\n${output}`)));
  });
  process.env.KINERJA_E2E_URL = url;
  return async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
}

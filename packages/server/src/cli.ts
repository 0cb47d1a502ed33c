#!/usr/bin/env node
/**
 * The `kinerja` command's entry point: runs {@link runCli} with the process's arguments, streams
 * and environment, and exits with its code.
 *
 * @packageDocumentation
 */
import process from "node:process";
import { runCli } from "./commands";

// The reader of stdout may go away early (`kinerja evaluate --ndjson … | head`): not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
process.exitCode = code;

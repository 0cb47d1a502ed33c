/**
 * The worker thread of `kinerja evaluate --ndjson --workers N` (`ndjson-workers.ts`): evaluates a
 * chunk of input lines given as UTF-8 bytes with the default rule packages, and moves the
 * NDJSON output back as bytes. It loads only what evaluation needs (not the service).
 *
 * @internal
 */
import { parentPort } from "node:worker_threads";
import { Piscina } from "piscina";
import {
  evaluateNdjsonBytes,
  NDJSON_WORKER_LOADED,
  type NdjsonBytesResult,
  type NdjsonBytesTask,
} from "./ndjson-workers";
import { defaultRegistry } from "./registry";

const registry = defaultRegistry();
// Until a thread says so, the main thread evaluates the first chunks itself.
parentPort?.postMessage(NDJSON_WORKER_LOADED);

/** Evaluates one chunk; its output is in the chunk's shared memory, or its bytes are moved (not copied) to the main thread. */
export default function ndjsonChunk(task: NdjsonBytesTask): NdjsonBytesResult {
  const result = evaluateNdjsonBytes(task, registry);
  // Output encoded into the chunk's shared memory goes back as a view of it: nothing to move.
  if (result.output.buffer instanceof SharedArrayBuffer) return result;
  const movable = { [Piscina.transferableSymbol]: [result.output.buffer], [Piscina.valueSymbol]: result };
  return Piscina.move(
    movable as unknown as Parameters<typeof Piscina.move>[0],
  ) as unknown as NdjsonBytesResult;
}

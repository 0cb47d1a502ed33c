import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { formatLogLine, prettyLogStream } from "../src/log-format";

const at = new Date(2026, 0, 1, 9, 5, 7).getTime();

describe("formatLogLine", () => {
  test("a request line shows time, level, message, method, path, status and duration", () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      pid: 1,
      hostname: "h",
      reqId: "r1",
      req: { method: "GET", url: "/v1/staff" },
      res: { statusCode: 200 },
      responseTime: 3.21,
      msg: "request completed",
    });
    expect(formatLogLine(line, false)).toBe("09:05:07 INFO  request completed GET /v1/staff 200 3.2ms");
  });

  test("other fields as key=value and an error's stack on the next line", () => {
    const line = JSON.stringify({
      level: 50,
      time: at,
      msg: "closing after an error",
      signal: "SIGTERM",
      err: { type: "Error", message: "boom", stack: "Error: boom\n    at x" },
    });
    expect(formatLogLine(line, false)).toBe(
      "09:05:07 ERROR closing after an error signal=SIGTERM\n  Error: boom\n    at x",
    );
  });

  test("colour only on the time and on warnings and errors", () => {
    expect(formatLogLine(JSON.stringify({ level: 40, time: at, msg: "slow" }), true)).toBe(
      "\u001b[2m09:05:07\u001b[0m \u001b[33mWARN \u001b[0m slow",
    );
  });

  test("a line that is not JSON passes through", () => {
    expect(formatLogLine("plain text\n", false)).toBe("plain text");
  });
});

test("prettyLogStream writes one readable line per JSON line", () => {
  let text = "";
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const stream = prettyLogStream(out);
  stream.write(
    `${JSON.stringify({ level: 30, time: at, msg: "a" })}\n${JSON.stringify({ level: 30, time: at, msg: "b" })}\n`,
  );
  expect(text).toBe("09:05:07 INFO  a\n09:05:07 INFO  b\n");
});

import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { ApiError, refusalSentence } from "../src/errors";
import {
  auditActionLabel,
  auditQuery,
  csvRowCount,
  currentCursor,
  deliveryAnswer,
  FIRST_PAGE,
  moveTargets,
  NO_AUDIT_FILTERS,
  nextPage,
  parseConfig,
  percentOf,
  previousPage,
  progressLine,
  readWithProgress,
  subjectLabel,
  type TransferProgress,
  unitIdFor,
  unitTree,
} from "../src/hr";

describe("audit log query", () => {
  test("blank filters are left out; the query is newest first with the page size", () => {
    expect(auditQuery({ ...NO_AUDIT_FILTERS, actorId: "  " }, 20)).toEqual({
      query: { order: "desc", limit: 20 },
    });
  });

  test("every filter the form has maps to a parameter GET /v1/audit reads, with the cursor", () => {
    const built = auditQuery(
      {
        actorId: " 199001012015031001 ",
        action: "work_plan.",
        entityType: "work_plan",
        entityId: "wp-1",
        from: "2026-03-01",
        to: "2026-03-31",
      },
      20,
      "42",
    );
    if (!("query" in built)) throw new Error("expected a query");
    const { from, to, ...rest } = built.query;
    expect(rest).toEqual({
      order: "desc",
      limit: 20,
      actorId: "199001012015031001",
      action: "work_plan.",
      entityType: "work_plan",
      entityId: "wp-1",
      cursor: "42",
    });
    // The last day is included: `to` is the start of the next local day.
    expect(new Date(from!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(to!).getTime()).toBe(new Date(2026, 3, 1).getTime());
  });

  test("a last day before the first is a problem of the form, in both languages", () => {
    const built = auditQuery({ ...NO_AUDIT_FILTERS, from: "2026-03-02", to: "2026-03-01" }, 20);
    expect(built).toMatchObject({ problem: { field: "to" } });
    if ("problem" in built) {
      expect(built.problem.message.id).toMatch(/tanggal akhir/i);
      expect(built.problem.message.en).toMatch(/last day/i);
    }
    // One day (from = to) is a valid range.
    expect("query" in auditQuery({ ...NO_AUDIT_FILTERS, from: "2026-03-01", to: "2026-03-01" }, 20)).toBe(
      true,
    );
  });

  prop.prop([fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 10 })])(
    "next then previous returns to the same page; previous never leaves the first page",
    (cursors) => {
      let trail = FIRST_PAGE;
      for (const c of cursors) trail = nextPage(trail, c);
      expect(currentCursor(trail)).toBe(cursors.at(-1));
      const back = previousPage(nextPage(trail, "x"));
      expect(back).toEqual(trail);
      let first = trail;
      for (let i = 0; i <= cursors.length + 1; i++) first = previousPage(first);
      expect(first).toEqual(FIRST_PAGE);
      expect(currentCursor(first)).toBeUndefined();
    },
  );
});

describe("audit labels", () => {
  test("actions and subjects read as words in both languages, never as codes", () => {
    expect(auditActionLabel("work_plan.request_revision", "id")).toBe("SKP: dikembalikan untuk revisi");
    expect(auditActionLabel("work_plan.request_revision", "en")).toBe(
      "Work plan (SKP): returned for revision",
    );
    expect(auditActionLabel("period.start_planning", "id")).toBe("Periode: perencanaan dimulai");
    expect(auditActionLabel("webhook.rotateSecret", "en")).toBe("Webhook: secret rotated");
    expect(auditActionLabel("selfAssessment.create", "id")).toBe("Penilaian diri: dibuat");
    expect(subjectLabel("webhook_subscription", "id")).toBe("Webhook");
  });

  test("an action the pages do not know yet is spelled out without underscores or camel case", () => {
    expect(auditActionLabel("evidence_file.attachFile", "en")).toBe("evidence file: attach file");
  });
});

describe("units", () => {
  const units = [
    { id: "dinas", name: "Dinas" },
    { id: "sd", name: "Bidang SD", parentId: "dinas" },
    { id: "sd-1", name: "Seksi Kurikulum", parentId: "sd" },
    { id: "smp", name: "Bidang SMP", parentId: "dinas" },
  ];

  test("the tree lists each parent before its children, with depth", () => {
    expect(unitTree(units).map(({ unit, depth }) => `${depth}:${unit.id}`)).toEqual([
      "0:dinas",
      "1:sd",
      "2:sd-1",
      "1:smp",
    ]);
  });

  test("a unit moves anywhere except under itself or a unit inside it", () => {
    expect(moveTargets(units, "sd").map((u) => u.id)).toEqual(["dinas", "smp"]);
    expect(moveTargets(units, "dinas")).toEqual([]);
  });

  test("a new unit's id comes from its name and is unique", () => {
    expect(unitIdFor("Bidang Pendidikan Anak Usia Dini", [])).toBe("bidang-pendidikan-anak-usia-dini");
    expect(unitIdFor("Bidang SD", ["bidang-sd", "bidang-sd-2"])).toBe("bidang-sd-3");
    expect(unitIdFor("***", [])).toBe("unit");
  });

  prop.prop([
    fc.array(
      fc.record({
        id: fc.constantFrom("a", "b", "c", "d", "e"),
        parent: fc.option(fc.constantFrom("a", "b", "c", "d", "e")),
      }),
      {
        maxLength: 8,
      },
    ),
  ])("the tree lists every unit exactly once, whatever the parents", (rows) => {
    const seen = new Set<string>();
    const list = rows
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .map((r) => ({ id: r.id, name: r.id.toUpperCase(), ...(r.parent ? { parentId: r.parent } : {}) }));
    expect(
      unitTree(list)
        .map(({ unit }) => unit.id)
        .sort(),
    ).toEqual(list.map((u) => u.id).sort());
  });
});

describe("rule package configuration", () => {
  test("empty means the defaults; an object passes; anything else says what to fix", () => {
    expect(parseConfig("  ")).toEqual({ config: {} });
    expect(parseConfig('{"threshold": 60}')).toEqual({ config: { threshold: 60 } });
    expect(parseConfig("[1]")).toMatchObject({ problem: { id: expect.stringMatching(/objek JSON/) } });
    expect(parseConfig("{threshold: 60}")).toMatchObject({
      problem: { en: expect.stringMatching(/not valid JSON/) },
    });
  });
});

describe("transfer progress", () => {
  test("the percentage is known only with a total", () => {
    expect(percentOf({ phase: "upload", loaded: 50, total: 200 })).toBe(25);
    expect(percentOf({ phase: "download", loaded: 50 })).toBeUndefined();
    expect(percentOf({ phase: "download", loaded: 500, total: 200 })).toBe(100);
  });

  test("rows of a CSV are its non-empty lines after the header", () => {
    expect(csvRowCount("nip,name\n1,A\r\n2,B\n\n")).toBe(2);
    expect(csvRowCount("nip,name")).toBe(0);
    expect(csvRowCount("")).toBe(0);
  });

  test("the progress line says what is happening, with rows done out of the total", () => {
    const upload: TransferProgress = {
      phase: "upload",
      loaded: 420,
      total: 1000,
      rows: 420,
      totalRows: 1000,
    };
    expect(progressLine(upload, "id")).toBe("Mengunggah 42 % (420 dari 1000 baris)");
    expect(progressLine(upload, "en")).toBe("Uploading 42 % (420 of 1000 rows)");
    expect(progressLine({ ...upload, phase: "server", loaded: 1000 }, "id")).toMatch(
      /layanan sedang memeriksa/,
    );
    expect(progressLine({ phase: "download", loaded: 2048, rows: 3 }, "en")).toBe(
      "Downloading 2.0 kB (3 rows)",
    );
  });

  test("a download reports bytes and rows as chunks arrive, and returns the whole body", async () => {
    const chunks = ["nip,grade\n1,BAIK\n", "2,BAIK\n3,", "CUKUP"];
    const bytes = chunks.map((c) => new TextEncoder().encode(c));
    const total = bytes.reduce((n, b) => n + b.byteLength, 0);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(b);
        controller.close();
      },
    });
    const response = new Response(body, {
      headers: { "content-type": "text/csv", "content-length": String(total) },
    });
    const seen: TransferProgress[] = [];
    const blob = await readWithProgress(response, (p) => seen.push(p));
    expect(await blob.text()).toBe(chunks.join(""));
    expect(blob.type).toBe("text/csv");
    const loaded = seen.map((p) => p.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual({ phase: "done", loaded: total, total, rows: 3 });
    expect(seen.filter((p) => p.phase === "download").map((p) => p.rows)).toEqual([0, 1, 2, 2]);
  });
});

describe("refusals of the HR page", () => {
  test("the SIASN export without a mapping says what to do, not that someone else changed the data", () => {
    const missing = new ApiError(409, {
      code: "CONFLICT",
      message: "no SIASN mapping is configured for this agency",
      details: { kind: "SIASN" },
    });
    expect(refusalSentence(missing, "id")).toMatch(/^Kode SIASN instansi belum diatur\..*\(no SIASN mapping/);
    expect(refusalSentence(missing, "en")).toMatch(/^The agency's SIASN codes are not set yet/);
    const stale = new ApiError(409, {
      code: "CONFLICT",
      message: "stale",
      details: { expected: 1, current: 2 },
    });
    expect(refusalSentence(stale, "en")).toMatch(/^Someone else changed this just now/);
  });
});

describe("webhook deliveries", () => {
  test("the last answer reads as words, keeping the service's text for the technical detail", () => {
    expect(deliveryAnswer({ lastStatusCode: 500, lastError: "receiver answered HTTP 500" }, "id")).toBe(
      "penerima menjawab HTTP 500",
    );
    expect(
      deliveryAnswer({ lastStatusCode: null, lastError: "Error: connect ECONNREFUSED 127.0.0.1:9" }, "en"),
    ).toBe("the receiver refused the connection (Error: connect ECONNREFUSED 127.0.0.1:9)");
    expect(deliveryAnswer({ lastStatusCode: null, lastError: "target refused: loopback" }, "id")).toMatch(
      /^alamat penerima ditolak/,
    );
    expect(deliveryAnswer({ lastStatusCode: null, lastError: "Something new" }, "id")).toBe("Something new");
    expect(deliveryAnswer({ lastStatusCode: null, lastError: null }, "en")).toBe("—");
  });
});

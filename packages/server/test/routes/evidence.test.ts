import { afterAll, beforeAll, expect, test } from "vitest";
import { EVIDENCE_MAX_BYTES, sniffEvidenceType } from "../../src/evidence-files";
import { type TestApp, testApp } from "../helpers/app";
import { describeEachDatabase } from "../helpers/databases";
import { client, NIP, planFor, toyRegistry } from "../helpers/records";

/** A multipart/form-data body of text fields and files, as a browser's FormData sends it. */
function form(
  parts: { name: string; value?: string; file?: { name: string; type: string; bytes: Buffer } }[],
) {
  const boundary = "----kinerja-test-boundary";
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = p.file
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.name}"\r\nContent-Type: ${p.file.type}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head), p.file ? p.file.bytes : Buffer.from(p.value ?? ""), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 0x20), Buffer.from("\n%%EOF\n")]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);

test("evidence types are read from the first bytes, never from the declared type", () => {
  expect(sniffEvidenceType(PDF)).toBe("application/pdf");
  expect(sniffEvidenceType(PNG)).toBe("image/png");
  expect(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe("image/jpeg");
  expect(sniffEvidenceType(Buffer.from("<html><script>alert(1)</script>"))).toBeUndefined();
  expect(sniffEvidenceType(Buffer.from("%PD"))).toBeUndefined();
});

describeEachDatabase("evidence file routes", (dbs) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({
      database: await dbs.fresh(),
      registry: toyRegistry(),
      clock: () => new Date("2026-04-02T08:00:00Z"),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** An approved plan of staff1 in an executing period, with one realisation. */
  async function recorded(agency: string) {
    const c = client(t, agency);
    const { periodId, planId } = await c.approvedStaffPlan(planFor("s1"));
    expect((await c.transition(periodId, "START_EXECUTION")).statusCode).toBe(200);
    const created = await t.app.inject({
      method: "POST",
      url: `/v1/work-plans/${planId}/realizations`,
      headers: c.as(NIP.staff1),
      payload: { indicatorId: "s1-i1", subPeriod: "2026-Q1", value: 3 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const realizationId = created.json().id as string;
    const upload = (nip: string, body: ReturnType<typeof form>) =>
      t.app.inject({
        method: "POST",
        url: `/v1/work-plans/${planId}/realizations/${realizationId}/evidence`,
        headers: { ...c.as(nip), ...body.headers },
        payload: body.payload,
      });
    return { c, periodId, planId, realizationId, upload };
  }

  test("the employee uploads a PDF; the realisation references it; the superior chain, HR and the auditor download it; the upload is audit-logged", async () => {
    const { c, planId, realizationId, upload } = await recorded("ev-flow");
    const res = await upload(
      NIP.staff1,
      form([
        { name: "description", value: "Laporan triwulan I" },
        { name: "file", file: { name: "laporan-q1.pdf", type: "application/pdf", bytes: PDF } },
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { file, realization } = res.json();
    expect(file).toMatchObject({
      realizationId,
      fileName: "laporan-q1.pdf",
      contentType: "application/pdf",
      size: PDF.length,
      uploadedBy: NIP.staff1,
    });
    expect(realization).toMatchObject({
      id: realizationId,
      version: 2,
      evidence: [{ kind: "DOCUMENT", fileId: file.id, description: "Laporan triwulan I" }],
    });
    const png = await upload(
      NIP.staff1,
      form([{ name: "file", file: { name: "foto kegiatan.png", type: "image/png", bytes: PNG } }]),
    );
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json().realization.evidence).toHaveLength(2);
    expect(png.json().realization.evidence[1]).toMatchObject({
      kind: "PHOTO",
      description: "foto kegiatan.png",
    });

    for (const headers of [c.as(NIP.staff1), c.as(NIP.chief), c.as(NIP.head), c.hr, c.auditor]) {
      const got = await t.app.inject({
        method: "GET",
        url: `/v1/work-plans/${planId}/evidence/${file.id}`,
        headers,
      });
      expect(got.statusCode, got.body).toBe(200);
      expect(got.headers["content-type"]).toBe("application/pdf");
      expect(got.headers["content-disposition"]).toContain('filename="laporan-q1.pdf"');
      expect(got.rawPayload.equals(PDF)).toBe(true);
    }
    const audit = await t.app.inject({
      method: "GET",
      url: `/v1/audit?entityType=realization&entityId=${realizationId}`,
      headers: c.hr,
    });
    const actions = audit.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual([
      "realization.create",
      "realization.evidence.upload",
      "realization.evidence.upload",
    ]);
    // Each download is kept: who read whose evidence.
    const reads = await t.app.inject({
      method: "GET",
      url: `/v1/audit?entityType=evidence_file&entityId=${file.id}`,
      headers: c.auditor,
    });
    expect(reads.json().items.map((i: { action: string }) => i.action)).toEqual(
      Array(5).fill("realization.evidence.download"),
    );
    // Webhook subscribers get the same event as for a recorded realisation, naming the file.
    const events = await t.database.db
      .selectFrom("outbox")
      .select(["type", "payload"])
      .where("entity_id", "=", realizationId)
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      "realization.recorded",
      "realization.recorded",
      "realization.recorded",
    ]);
    expect(events.map((e) => e.payload)).toContainEqual({
      realizationId,
      workPlanId: planId,
      employeeId: NIP.staff1,
      indicatorId: "s1-i1",
      subPeriod: "2026-Q1",
      fileId: file.id,
    });
  });

  test("a file over the limit is a 413 naming the limit, another type a 415 naming the allowed ones, no file a 400", async () => {
    const { upload } = await recorded("ev-bad");
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(EVIDENCE_MAX_BYTES, 0x20)]);
    const tooBig = await upload(
      NIP.staff1,
      form([{ name: "file", file: { name: "besar.pdf", type: "application/pdf", bytes: big } }]),
    );
    expect(tooBig.statusCode, tooBig.body).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(tooBig.json().message).toMatch(/larger than 5 MiB/);
    const atLimit = await upload(
      NIP.staff1,
      form([
        {
          name: "file",
          file: { name: "pas.pdf", type: "application/pdf", bytes: big.subarray(0, EVIDENCE_MAX_BYTES) },
        },
      ]),
    );
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    expect(atLimit.json().file.size).toBe(EVIDENCE_MAX_BYTES);

    // Declared as a PDF, but an HTML page: the bytes decide.
    const html = await upload(
      NIP.staff1,
      form([
        {
          name: "file",
          file: { name: "x.pdf", type: "application/pdf", bytes: Buffer.from("<html></html>") },
        },
      ]),
    );
    expect(html.statusCode, html.body).toBe(415);
    expect(html.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(html.json().message).toMatch(/application\/pdf, image\/jpeg, image\/png/);

    const json = await upload(NIP.staff1, {
      payload: Buffer.from(JSON.stringify({ url: "https://example.go.id" })),
      headers: { "content-type": "application/json" },
    });
    expect(json.statusCode, json.body).toBe(415);
    expect(json.json().message).toMatch(/multipart\/form-data/);

    const none = await upload(NIP.staff1, form([{ name: "description", value: "tanpa berkas" }]));
    expect(none.statusCode, none.body).toBe(400);
    expect(none.json().details.issues[0].path).toEqual(["file"]);

    const two = await upload(
      NIP.staff1,
      form([
        { name: "file", file: { name: "a.png", type: "image/png", bytes: PNG } },
        { name: "file", file: { name: "b.png", type: "image/png", bytes: PNG } },
      ]),
    );
    expect(two.statusCode, two.body).toBe(413);
  });

  test("only the plan's employee uploads; a colleague, the superior and HR are refused in plain words, and a colleague cannot download", async () => {
    const { c, planId, upload } = await recorded("ev-forbidden");
    const body = () => form([{ name: "file", file: { name: "a.png", type: "image/png", bytes: PNG } }]);
    for (const nip of [NIP.staff2, NIP.chief]) {
      const refused = await upload(nip, body());
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().code).toBe("FORBIDDEN");
      expect(refused.json().message.length).toBeGreaterThan(20);
    }
    const hr = await t.app.inject({
      method: "POST",
      url: `/v1/work-plans/${planId}/realizations/none/evidence`,
      headers: { ...c.hr, ...body().headers },
      payload: body().payload,
    });
    expect(hr.statusCode, hr.body).toBe(403);
    const stored = await upload(NIP.staff1, body());
    expect(stored.statusCode, stored.body).toBe(201);
    const fileId = stored.json().file.id as string;
    const peer = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${planId}/evidence/${fileId}`,
      headers: c.as(NIP.staff2),
    });
    expect(peer.statusCode, peer.body).toBe(403);
    expect(peer.json().code).toBe("FORBIDDEN");
    const other = client(t, "ev-forbidden-other");
    await other.setup();
    const elsewhere = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${planId}/evidence/${fileId}`,
      headers: other.hr,
    });
    expect(elsewhere.statusCode).toBe(404);
    const missing = await t.app.inject({
      method: "GET",
      url: `/v1/work-plans/${planId}/evidence/no-such-file`,
      headers: c.as(NIP.staff1),
    });
    expect(missing.statusCode).toBe(404);
  });
});

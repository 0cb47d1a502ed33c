import fastifyMultipart, { type Multipart } from "@fastify/multipart";
import { type Actor, type Evidence, EvidenceSchema, KinerjaError, validationError } from "@kinerja/core";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RouteDeps } from "../deps";
import {
  attachmentDisposition,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_TYPES,
  EvidenceFileViewSchema,
  evidenceFilesDb,
  evidenceFileView,
  safeFileName,
  sha256Hex,
  sniffEvidenceType,
} from "../evidence-files";
import { ErrorBodySchema } from "../http-errors";
import {
  inTransaction,
  json,
  notFound,
  type RealizationRow,
  recordAudit,
  recordChange,
  type Tx,
} from "../storage/index";
import { RealizationViewSchema, realizationView } from "./realizations";
import {
  auditActor,
  authorizedPlan,
  errorResponses,
  openRealizationPeriod,
  REALIZATION_PERIOD_STATES,
} from "./record-support";

/** The most files one realisation keeps as evidence. */
export const EVIDENCE_MAX_FILES = 20;

const UploadParamsSchema = z.object({
  /** The work plan. */
  workPlanId: z.string().min(1).max(64),
  /** The realisation the file is evidence of. */
  realizationId: z.string().min(1).max(64),
});

const DownloadParamsSchema = z.object({
  /** The work plan. */
  workPlanId: z.string().min(1).max(64),
  /** The evidence file's id (the `fileId` of the realisation's evidence entry). */
  fileId: z.string().min(1).max(64),
});

const ALLOWED = Object.keys(EVIDENCE_TYPES).join(", ");

function transportError(statusCode: 413 | 415, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/**
 * Checks that `actor` may add evidence to the realisation now: the plan's owner (the core's
 * `realization.record`), the period open for realisations, the realisation in the plan and below
 * the file limit. Returns the realisation (locked when `forUpdate`) and the plan's employee.
 */
async function uploadTarget(
  tx: Tx,
  deps: RouteDeps,
  actor: Actor,
  params: z.infer<typeof UploadParamsSchema>,
  forUpdate: boolean,
): Promise<{ row: RealizationRow; employeeId: string }> {
  const plan = await authorizedPlan(tx, deps, actor, "realization.record", params.workPlanId);
  await openRealizationPeriod(tx, plan, "evidence is added");
  const query = tx
    .selectFrom("realizations")
    .selectAll()
    .where("agency_id", "=", plan.agency_id)
    .where("work_plan_id", "=", plan.id)
    .where("id", "=", params.realizationId);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) throw notFound("realization", params.realizationId);
  const evidence = z.array(EvidenceSchema).parse(row.evidence);
  if (evidence.filter((e) => e.fileId !== undefined).length >= EVIDENCE_MAX_FILES) {
    throw new KinerjaError(
      "CONFLICT",
      `realisation ${row.id} already has ${EVIDENCE_MAX_FILES} evidence files, the most it keeps; record the realisation again with fewer evidence entries first`,
      { details: { realizationId: row.id, maxFiles: EVIDENCE_MAX_FILES } },
    );
  }
  return { row, employeeId: plan.employee_id };
}

/** The uploaded file and its description, read from the multipart body. */
async function readUpload(
  parts: AsyncIterableIterator<Multipart>,
): Promise<{ bytes: Buffer; fileName: string | undefined; declared: string; description?: string }> {
  let file: { bytes: Buffer; fileName: string | undefined; declared: string } | undefined;
  let description: string | undefined;
  for await (const part of parts) {
    if (part.type === "file") {
      if (part.fieldname !== "file" || file !== undefined) {
        part.file.resume();
        throw validationError([
          {
            path: [part.fieldname],
            message: `send exactly one file, in the form field "file" (got "${part.fieldname}")`,
            code: "unrecognized_keys",
          },
        ]);
      }
      file = { bytes: await part.toBuffer(), fileName: part.filename, declared: part.mimetype };
    } else if (part.fieldname === "description") {
      description = String(part.value).trim().slice(0, 2000);
    } else {
      throw validationError([
        {
          path: [part.fieldname],
          message: `unknown form field "${part.fieldname}"; the form takes "file" and an optional "description"`,
          code: "unrecognized_keys",
        },
      ]);
    }
  }
  if (file === undefined || file.bytes.length === 0) {
    throw validationError([
      {
        path: ["file"],
        message: 'no file: send the evidence in the form field "file"',
        code: "invalid_type",
      },
    ]);
  }
  return { ...file, ...(description ? { description } : {}) };
}

/**
 * Evidence files of realisations: the employee uploads a PDF, JPEG or PNG (at most 5 MiB) for a
 * recorded realisation while the period takes realisations; the file is stored in the database
 * and the realisation's evidence gains `{ kind, fileId, description }`. The employee, their
 * superiors, HR and auditors download it (the core's `realization.read`). Uploads and downloads
 * are audit-logged.
 */
export const evidenceRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  // Only these routes read multipart bodies: elsewhere multipart stays a 415.
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 4000 },
  });

  app.post(
    "/work-plans/:workPlanId/realizations/:realizationId/evidence",
    {
      config: { action: "realization.record" },
      schema: {
        tags: ["realizations"],
        summary: "Upload an evidence file for a realisation (the employee)",
        description: `A \`multipart/form-data\` body with the file in the field \`file\` and an optional \`description\`. Accepted: ${ALLOWED}, recognised by the file's first bytes, at most ${EVIDENCE_MAX_BYTES / (1024 * 1024)} MiB (413 beyond; 415 for another type or a body that is not multipart; 400 without a file). The realisation gains an evidence entry \`{ kind, fileId, description }\` and a new version; at most ${EVIDENCE_MAX_FILES} files per realisation (409 beyond). Only the plan's employee, while the period is ${REALIZATION_PERIOD_STATES.join(", ")}.`,
        params: UploadParamsSchema,
        response: {
          201: z.object({ file: EvidenceFileViewSchema, realization: RealizationViewSchema }),
          ...errorResponses(400, 401, 403, 404, 409, 413),
          415: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      // Refusals that need no file come first: the body is read only for an allowed upload.
      await inTransaction(deps.database, (tx) => uploadTarget(tx, deps, actor, request.params, false));
      if (!request.isMultipart()) {
        throw transportError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          'send the file as multipart/form-data in the form field "file"',
        );
      }
      let upload: Awaited<ReturnType<typeof readUpload>>;
      try {
        upload = await readUpload(request.parts());
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === "FST_REQ_FILE_TOO_LARGE" || code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT") {
          throw transportError(
            413,
            "PAYLOAD_TOO_LARGE",
            code === "FST_REQ_FILE_TOO_LARGE"
              ? `file: the file is larger than ${EVIDENCE_MAX_BYTES / (1024 * 1024)} MiB; make it smaller (scan at a lower resolution, or split the PDF) and upload again`
              : 'send one file per request, in the form field "file"',
          );
        }
        throw error;
      }
      const type = sniffEvidenceType(upload.bytes);
      if (type === undefined) {
        throw transportError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          `file: ${upload.fileName ?? "the file"} (declared ${upload.declared}) is not a PDF, JPEG or PNG; evidence files must be one of ${ALLOWED}`,
        );
      }
      const fileName = safeFileName(upload.fileName, `evidence.${EVIDENCE_TYPES[type].extension}`);
      const result = await inTransaction(deps.database, async (tx) => {
        const { row: existing, employeeId } = await uploadTarget(tx, deps, actor, request.params, true);
        const at = deps.clock();
        const stored = await evidenceFilesDb(tx)
          .insertInto("evidence_files")
          .values({
            id: deps.newId(),
            agency_id: actor.agencyId,
            work_plan_id: existing.work_plan_id,
            realization_id: existing.id,
            file_name: fileName,
            content_type: type,
            size: upload.bytes.length,
            sha256: sha256Hex(upload.bytes),
            content: upload.bytes.toString("base64"),
            uploaded_by: actor.id,
            created_at: at,
          })
          .returning([
            "id",
            "agency_id",
            "work_plan_id",
            "realization_id",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
          ])
          .executeTakeFirstOrThrow();
        const entry: Evidence = {
          kind: EVIDENCE_TYPES[type].kind,
          fileId: stored.id,
          description: upload.description ?? fileName,
        };
        const evidence = [...z.array(EvidenceSchema).parse(existing.evidence), entry];
        const row = await tx
          .updateTable("realizations")
          .set({ evidence: json(evidence), version: existing.version + 1, updated_at: at })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const file = evidenceFileView(stored);
        const view = realizationView(row);
        await recordChange(tx, {
          agencyId: actor.agencyId,
          actor: auditActor(actor),
          at,
          action: "realization.evidence.upload",
          entityType: "realization",
          entityId: row.id,
          before: realizationView(existing),
          after: { ...view, file },
          event: {
            id: deps.newId(),
            type: "realization.recorded",
            payload: {
              realizationId: row.id,
              workPlanId: row.work_plan_id,
              employeeId,
              indicatorId: row.indicator_id,
              subPeriod: row.sub_period,
              fileId: file.id,
            },
          },
        });
        return { file, realization: view };
      });
      reply.header("etag", `"${result.realization.version}"`);
      return reply.code(201).send(result);
    },
  );

  app.get(
    "/work-plans/:workPlanId/evidence/:fileId",
    {
      config: { action: "realization.read" },
      schema: {
        tags: ["realizations"],
        summary: "Download an evidence file (the employee, their superiors, HR_ADMIN, AUDITOR)",
        description:
          "The file's bytes with its type (`application/pdf`, `image/jpeg`, `image/png`) as an attachment named as uploaded. Read like the realisations: the plan's employee, their superior and the superior's superior, HR and auditors; 403 for anyone else. Each download is in the audit log (`realization.evidence.download`).",
        params: DownloadParamsSchema,
        response: { ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const agencyId = actor.agencyId;
      const file = await inTransaction(deps.database, async (tx) => {
        const plan = await authorizedPlan(tx, deps, actor, "realization.read", request.params.workPlanId);
        const row = await evidenceFilesDb(tx)
          .selectFrom("evidence_files")
          .selectAll()
          .where("agency_id", "=", agencyId)
          .where("work_plan_id", "=", plan.id)
          .where("id", "=", request.params.fileId)
          .executeTakeFirst();
        if (row === undefined) throw notFound("evidence file", request.params.fileId);
        // Who read whose evidence is kept: the files are personal records.
        await recordAudit(tx, {
          agencyId,
          actor: auditActor(actor),
          at: deps.clock(),
          action: "realization.evidence.download",
          entityType: "evidence_file",
          entityId: row.id,
          details: { workPlanId: plan.id, realizationId: row.realization_id, employeeId: plan.employee_id },
        });
        return row;
      });
      const bytes = Buffer.from(file.content, "base64");
      // The bytes go out as they are: a Buffer is never serialised (the schema lists only errors).
      return (reply as FastifyReply)
        .header("content-type", file.content_type)
        .header("content-disposition", attachmentDisposition(file.file_name))
        .header("content-length", String(bytes.length))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .send(bytes);
    },
  );
};

import express, { type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import type { AppDatabase } from "../../db/client";
import { IMPORT_LIMITS } from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { mayUploadImport, resolveTarget, type ImportScope } from "../access";
import type { InnerContext } from "../context";
import { httpErrorOf } from "./errors";
import { importAuthority, uploadRefusal } from "../imports/importAuthority";
import { ImportJobError, startImportJob } from "../imports/importJobs";

/**
 * POST /api/imports: the file is the raw request body (the browser sends it as is, no multipart), the rest
 * is in the query: fileName, and pilotId when importing into one pilot. Answers 202 with the job id; the
 * job is then followed through the imports router. Who may import what is server/access.ts's
 * (mayUploadImport here, importRefusals once the file is read and again at commit).
 */

const uploadQuery = z.object({
  // Only a name to show and to record: anything but one string is no name.
  fileName: z.string().optional().catch(undefined),
  pilotId: z
    .union([z.literal(""), z.string().regex(/^[1-9]\d{0,15}$/)])
    .optional()
    .transform((id) => (id ? Number(id) : null)),
});

interface UploadOptions {
  db: AppDatabase;
  contextFor: (req: Request, res: Response) => InnerContext;
}

export function importUpload({ db, contextFor }: UploadOptions): RequestHandler[] {
  const upload: RequestHandler = (req, res) => {
    const context = contextFor(req, res);
    try {
      const user = context.user;
      if (!user) throw new ImportJobError(401, message("importFile.errors.signIn"));
      const query = uploadQuery.safeParse(req.query);
      if (!query.success) throw new ImportJobError(400, message("importFile.errors.invalidPilotId"));
      const { pilotId } = query.data;
      const fileName = (query.data.fileName ?? "upload").slice(0, 200) || "upload";
      let scope: ImportScope = "projects";
      if (pilotId !== null) {
        const target = resolveTarget(db, { pilot: "pilotId" }, pilotId);
        // An unknown pilot is refused as somebody else's, so that pilot ids cannot be probed.
        if (!target) throw new ImportJobError(403, uploadRefusal("pilot"));
        scope = { pilot: target };
      }
      if (!mayUploadImport(user.memberships, scope)) throw new ImportJobError(403, uploadRefusal(scope));
      const body = req.body as unknown;
      if (!(body instanceof Buffer) || body.length === 0) throw new ImportJobError(400, message("importFile.errors.emptyFile"));
      const job = startImportJob({
        db,
        bytes: body,
        fileName,
        pilotId,
        owner: { id: user.id, name: user.name },
        authorize: importAuthority(db, user.id, scope),
        today: context.today(),
        language: context.language,
      });
      res.status(202).json({ jobId: job.jobId });
    } catch (error) {
      sendUploadError(res, error, context.language);
    }
  };
  // The body parser's own failures: a file over the limit, or a body that could not be read.
  const unreadable = (error: { type?: string }, req: Request, res: Response, _next: express.NextFunction) => {
    const tooLarge = error.type === "entity.too.large";
    sendUploadError(
      res,
      new ImportJobError(
        tooLarge ? 413 : 400,
        tooLarge ? message("importFile.errors.tooLarge", { megabytes: IMPORT_LIMITS.maxBytes / 1024 / 1024 }) : message("importFile.errors.unreadableUpload"),
      ),
      contextFor(req, res).language,
    );
  };
  return [express.raw({ type: () => true, limit: IMPORT_LIMITS.maxBytes }), upload, unreadable as unknown as RequestHandler];
}

/** Every refusal of an upload is `{ error }` in the reader's language, mapped by the one HTTP error mapping. */
function sendUploadError(res: Response, error: unknown, language: string): void {
  const { status, text } = httpErrorOf(error, language, message("importFile.errors.uploadFailed"));
  res.status(status).json({ error: text });
}

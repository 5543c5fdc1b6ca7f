import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { EVIDENCE_LIMITS, previewableTypes, type EvidenceType } from "../../shared/evidence";
import { message } from "../../shared/i18n/message";
import { tooLarge } from "../evidence/store";
import { createCaller } from "../root";
import { httpErrorOf, sendHttpError } from "./errors";
import { parseParameters, param, type ContextFor } from "./route";
import { FieldErrors } from "../errors";
import { translate } from "../i18n";

/*
 * Evidence files over plain HTTP, as thin adapters over the evidence router (its policies decide):
 *   POST /api/evidence?periodId=&indicatorId=&fileName=&description=   the raw file as the body
 *   GET  /api/evidence/:id/file      always a download: attachment, the detected type, nosniff, a sandbox
 *   GET  /api/evidence/:id/preview   inline, for raster images only (the type allow-list), same sandbox
 * A file is never rendered as a page: even a PDF or an image opens sandboxed, with no script and no
 * requests of its own (docs/decisions/019-evidence.md).
 */

const SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

const uploadQuery = z.object({
  periodId: param.id,
  indicatorId: param.id,
  fileName: z.string().max(10_000).catch("evidence"),
  description: z.string().max(10_000).catch(""),
});

function sendUploadError(res: Response, error: unknown, language: string): void {
  const { status, text } = httpErrorOf(error, language, message("evidence.errors.uploadFailed"));
  const cause = (error as { cause?: unknown }).cause;
  const fields = cause instanceof FieldErrors ? Object.fromEntries(Object.entries(cause.fieldErrors).map(([field, text]) => [field, translate(language, text)])) : undefined;
  res.status(status).json({ error: text, ...(fields ? { fields } : {}) });
}

/** "attachment; filename=…; filename*=UTF-8''…": an ASCII name for old clients, the real one for the rest. */
function disposition(kind: "attachment" | "inline", fileName: string): string {
  const ascii = fileName.replace(/[^\w.-]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function evidenceRoutes(app: Router, contextFor: ContextFor): void {
  const upload = async (req: Request, res: Response) => {
    const context = contextFor(req, res);
    try {
      const query = parseParameters(uploadQuery, req.query);
      const body = req.body as unknown;
      const bytes = body instanceof Buffer ? body : Buffer.alloc(0);
      const created = await createCaller(context).evidence.attachFile({ ...query, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
      res.status(201).json(created);
    } catch (error) {
      sendUploadError(res, error, context.language);
    }
  };
  const unreadable = (error: { type?: string }, req: Request, res: Response, _next: express.NextFunction) => {
    const language = contextFor(req, res).language;
    // Drain what the client still sends, so it reads the answer instead of a reset connection.
    req.resume();
    if (error.type === "entity.too.large") sendUploadError(res, tooLarge(), language);
    else sendUploadError(res, error, language);
  };
  app.post("/api/evidence", express.raw({ type: () => true, limit: EVIDENCE_LIMITS.maxBytes }), upload, unreadable as unknown as express.RequestHandler);

  const serve = (mode: "attachment" | "inline") => async (req: Request, res: Response) => {
    const context = contextFor(req, res);
    try {
      const { id } = parseParameters(z.object({ id: param.id }), req.params);
      const file = await createCaller(context).evidence.file({ evidenceId: id });
      if (mode === "inline" && !previewableTypes.includes(file.contentType as EvidenceType)) throw new Error("not previewable");
      res.setHeader("Content-Disposition", disposition(mode, file.fileName));
      res.setHeader("Content-Security-Policy", SANDBOX);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
      res.type(file.contentType).send(file.bytes);
    } catch (error) {
      if (error instanceof Error && error.message === "not previewable") {
        res
          .status(415)
          .type("text/plain")
          .send(translate(context.language, message("evidence.errors.notPreviewable")));
        return;
      }
      sendHttpError(res, error, context.language);
    }
  };
  app.get("/api/evidence/:id/file", serve("attachment"));
  app.get("/api/evidence/:id/preview", serve("inline"));
}

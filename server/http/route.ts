import type { Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { isIsoDate } from "../../shared/dates";
import { message } from "../../shared/i18n/message";
import type { InnerContext } from "../context";
import { userError } from "../errors";
import { sendHttpError } from "./errors";

/*
 * What every plain HTTP route shares: its parameters (path and query) parsed once by one zod schema, its
 * errors mapped once (./errors.ts), and a file answered as an attachment. The work itself is a call of
 * the routers (createCaller), so that their policies apply to files too.
 */

export type ContextFor = (req: Request, res: Response) => InnerContext;

export interface FileAnswer {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/** Path words that name which download (its kind, scope or format): a wrong one names no download at all. */
const ROUTE_WORDS = new Set(["scope", "kind", "format", "table"]);

/**
 * The route's parameters, or a refusal in the reader's language: 404 for a path naming no download, 400
 * for a wrong id or filter. Each schema field's message is a catalogue key.
 */
export function parseParameters<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const key = /^(exportFiles|importFile)\./.test(issue.message) ? issue.message : "exportFiles.errors.invalidId";
  throw userError(ROUTE_WORDS.has(field) ? "NOT_FOUND" : "BAD_REQUEST", message(key));
}

/** A download: parse, produce the file through the routers, send it; any failure through the one error mapping. */
export function fileRoute<S extends z.ZodType>(
  contextFor: ContextFor,
  schema: S,
  produce: (input: z.infer<S>, context: InnerContext, req: Request) => Promise<FileAnswer>,
): RequestHandler {
  return async (req, res) => {
    const context = contextFor(req, res);
    try {
      const input = parseParameters(schema, { ...req.query, ...req.params });
      const file = await produce(input, context, req);
      // File names are the app's own (stems and ids); anything else is replaced rather than escaped.
      res.setHeader("Content-Disposition", `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`);
      res.type(file.contentType).send(file.body);
    } catch (error) {
      sendHttpError(res, error, context.language);
    }
  };
}

/** Parameter schemas, each with the sentence that says what is wrong with it. */
export const param = {
  id: z
    .string({ error: "exportFiles.errors.invalidId" })
    .regex(/^[1-9]\d{0,14}$/, { error: "exportFiles.errors.invalidId" })
    .transform(Number),
  format: <T extends string>(formats: readonly [T, ...T[]], error = "exportFiles.errors.formats") => z.enum(formats, { error }),
  /** An optional ISO date in the query; empty is the same as absent. */
  asOf: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string({ error: "exportFiles.errors.asOfNotDate" }).refine(isIsoDate, { error: "exportFiles.errors.asOfNotDate" }).optional(),
  ),
};

import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Response } from "express";
import { ZodError } from "zod";
import { message, type Message } from "../../shared/i18n/message";
import { messageOfIssue } from "../../shared/i18n/translateIssue";
import { UserMessage } from "../errors";
import { translate } from "../i18n";
import { ImportJobError } from "../imports/importJobs";
import { logger } from "../logger";

/** "periodTo: The end date is before the start date." — each problem of a refused input, in the reader's language. */
function issueDetails(error: ZodError, language: string): string {
  const say = (issue: (typeof error.issues)[number]) => translate(language, messageOfIssue(issue));
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${say(issue)}` : say(issue))).join(" ");
}

/**
 * The one mapping of a failure to what a plain HTTP route answers: a status and a sentence in the reader's
 * language. Refusals built with server/errors.ts say their own message; a refused input lists its
 * problems; anything unexpected is logged and said in general terms, since its own message may name SQL
 * or files.
 */
export function httpErrorOf(error: unknown, language: string, failed: Message = message("exportFiles.errors.failed")): { status: number; text: string } {
  const say = (text: Message | string) => translate(language, text);
  if (error instanceof ImportJobError) return { status: error.status, text: say(error.text) };
  if (error instanceof ZodError) return { status: 400, text: say(message("exportFiles.errors.invalidFilters", { details: issueDetails(error, language) })) };
  if (error instanceof UserMessage) return { status: 400, text: say(error.userMessage) };
  if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: error }, "unexpected error in an HTTP route");
    return { status: 500, text: say(failed) };
  }
  const status = getHTTPStatusCodeFromError(error);
  if (error.cause instanceof UserMessage) return { status, text: say(error.cause.userMessage) };
  if (error.cause instanceof ZodError) return { status, text: say(message("exportFiles.errors.invalidFilters", { details: issueDetails(error.cause, language) })) };
  return { status, text: say(error.message) };
}

/** A refused download says why in plain text. */
export function sendHttpError(res: Response, error: unknown, language: string): void {
  const { status, text } = httpErrorOf(error, language);
  res.status(status).type("text/plain").send(text);
}

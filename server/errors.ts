import { TRPCError } from "@trpc/server";
import { DEFAULT_LANGUAGE } from "../shared/i18n/languages";
import type { Message } from "../shared/i18n/message";
import { translate } from "./i18n";

/*
 * The one error module: every refusal meant for a person is built here, by routers, services, imports and
 * the HTTP adapters alike, so that each is said in the reader's language by the same formatter
 * (server/trpc.ts for procedures, server/http/ for plain routes). It imports nothing from the rest of
 * the server, so any module may use it without an import cycle.
 */

/**
 * A refusal meant for a person, written as a catalogue message so that the error formatter can say it in
 * the reader's language; its English text is the error's own message (logs, API clients).
 */
export class UserMessage extends Error {
  constructor(readonly userMessage: Message | string) {
    super(translate(DEFAULT_LANGUAGE, userMessage));
  }
}

/** Field errors keyed by a path the client understands, e.g. "entries.3.comment". */
export class FieldErrors extends UserMessage {
  constructor(
    userMessage: Message | string,
    readonly fieldErrors: Record<string, Message | string>,
  ) {
    super(userMessage);
  }
}

export type ErrorCode = TRPCError["code"];

export function userError(code: ErrorCode, text: Message | string): TRPCError {
  const cause = new UserMessage(text);
  return new TRPCError({ code, message: cause.message, cause });
}

export function invalidInput(text: Message | string, fieldErrors: Record<string, Message | string>): TRPCError {
  const cause = new FieldErrors(text, fieldErrors);
  return new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
}

/**
 * "The pilot was not found." Give the whole sentence as a message, e.g. `notFound(message("shell.notFound.pilot"))`,
 * so that each language can make the words agree; a plain string names the thing in English (older callers).
 */
export function notFound(what: Message | string): TRPCError {
  return userError("NOT_FOUND", typeof what === "string" ? `${what} was not found.` : what);
}

export function conflict(text: Message | string): TRPCError {
  return userError("CONFLICT", text);
}

export function forbidden(text: Message | string): TRPCError {
  return userError("FORBIDDEN", text);
}

import type { NextFunction, Request, Response } from "express";
import { acceptLanguagePreferences, LANGUAGE_HEADER } from "../../shared/i18n/languages";
import { message } from "../../shared/i18n/message";
import { MAX_CALLS_PER_BATCH } from "../../shared/limits";
import { bestLanguage, translate } from "../i18n";

/**
 * A tRPC batch names its calls in the path, comma-separated (`/auth.signIn,auth.signIn?batch=1`). More
 * than MAX_CALLS_PER_BATCH is refused before anything runs, with tRPC's error shape so that the client
 * shows the message; the page's own client never sends more (client/src/trpc.ts).
 */
export function batchLimit(max = MAX_CALLS_PER_BATCH) {
  return (req: Request, res: Response, next: NextFunction) => {
    const calls = req.path.split(",").length;
    if (calls <= max) return next();
    const language = bestLanguage([req.get(LANGUAGE_HEADER), ...acceptLanguagePreferences(req.get("accept-language"))]);
    const text = translate(language, message("errors.batchTooLarge", { count: max }));
    res.status(413).json({ error: { message: text, code: -32600, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, calls, maxCalls: max } } });
  };
}

import { initTRPC } from "@trpc/server";
import { ZodError, z } from "zod";
import { DEFAULT_LANGUAGE } from "../shared/i18n/languages";
import { message as message_, type Message } from "../shared/i18n/message";
import { messageOfIssue } from "../shared/i18n/translateIssue";
import { authorize, type Meta } from "./access";
import type { Context } from "./context";
import { FieldErrors, UserMessage } from "./errors";
import { translate } from "./i18n";
import { logger } from "./logger";

/**
 * 2. Initialisation. The error formatter turns a zod error into field errors the client shows next
 * to each field, and never sends a stack trace or SQL to the client.
 */
const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx, path }) {
      const language = ctx?.language ?? DEFAULT_LANGUAGE;
      const say = (text: Message | string) => translate(language, text);
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      const fieldErrors = error.cause instanceof FieldErrors ? error.cause.fieldErrors : null;
      const internal = shape.data.code === "INTERNAL_SERVER_ERROR";
      // An unexpected error may carry SQL or file paths: log it, tell the person only what they need.
      if (internal) logger.error({ err: error, procedure: path }, "unexpected error in a tRPC call");
      const issueText = (issue: z.core.$ZodIssue) => say(messageOfIssue(issue));
      const message = internal
        ? say("errors.internal")
        : zodError
          ? // The details name no internal path ("entries.0.value"): each issue is shown beside its field (fieldErrors).
            say(message_("errors.someValuesInvalid", { details: [...new Set(zodError.issues.map(issueText))].join(" ") }))
          : error.cause instanceof UserMessage
            ? say(error.cause.userMessage)
            : say(shape.message);
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          zodError: zodError ? z.flattenError(zodError, issueText) : null,
          fieldErrors:
            zodError || fieldErrors
              ? { ...(zodError ? fieldErrorsOfZod(zodError, issueText) : {}), ...Object.fromEntries(Object.entries(fieldErrors ?? {}).map(([field, text]) => [field, say(text)])) }
              : null,
        },
      };
    },
  });

/**
 * A zod refusal keyed by each issue's whole path, "entries.0.value" or "milestones.2.target", the way the
 * write path keys its own field errors (docs/decisions/013), so that a form puts the words beside the input
 * of that entry; the first issue of a field is the one shown.
 */
function fieldErrorsOfZod(error: ZodError, issueText: (issue: z.core.$ZodIssue) => string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.path.length === 0) continue;
    result[issue.path.map(String).join(".")] ??= issueText(issue);
  }
  return result;
}

/** 3. Procedure kinds. */
export const router = t.router;

/**
 * Who may call a procedure is declared on it, `procedure.meta(policy.read({ pilot: "id" }))`, and enforced
 * here, by one middleware, before the input is even validated (server/access.ts).
 */
const enforcePolicy = t.middleware(async ({ ctx, meta, path, getRawInput, next }) => {
  authorize(ctx, path, meta, await getRawInput());
  return next();
});

export const procedure = t.procedure.use(enforcePolicy);
/**
 * The name procedures had before accounts existed, kept so that code written against it still compiles.
 * It is the same as `procedure`: without a `.meta(policy...)` every call is refused.
 */
export const publicProcedure = procedure;
export const createCallerFactory = t.createCallerFactory;

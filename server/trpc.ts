import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { authorize, type Meta } from "./access";
import type { Context } from "./context";

/**
 * 2. Initialisation. The error formatter turns a zod error into field errors the client shows next
 * to each field, and never sends a stack trace or SQL to the client.
 */
const t = initTRPC.context<Context>().meta<Meta>().create({
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const fieldErrors = error.cause instanceof FieldErrors ? error.cause.fieldErrors : null;
    const internal = shape.data.code === "INTERNAL_SERVER_ERROR";
    // An unexpected error may carry SQL or file paths: log it, tell the person only what they need.
    if (internal) console.error(error);
    const message = internal
      ? "Something went wrong on the server. Nothing was saved; please try again."
      : zodError
        ? "Some values are not valid: " + zodError.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join(" ")
        : shape.message;
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError: zodError ? z.flattenError(zodError) : null,
        fieldErrors,
      },
    };
  },
});

/** Field errors keyed by a path the client understands, e.g. "entries.3.comment". */
export class FieldErrors extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string>,
  ) {
    super(message);
  }
}

export function invalidInput(message: string, fieldErrors: Record<string, string>): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message, cause: new FieldErrors(message, fieldErrors) });
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${what} was not found.` });
}

export function conflict(message: string): TRPCError {
  return new TRPCError({ code: "CONFLICT", message });
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

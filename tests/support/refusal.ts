import { TRPCError } from "@trpc/server";
import { FieldErrors, UserMessage } from "../../server/errors";

/** What a refused call said: its code and every catalogue key it named (zod issues, field errors, the message). */
export async function refusalOf(call: Promise<unknown>): Promise<{ code: string; keys: string[]; fields: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: string; cause?: unknown };
    const cause = e.cause as { issues?: { message: string; path: PropertyKey[] }[] } | undefined;
    const keyOf = (m: unknown) => (typeof m === "string" ? m : (m as { key: string }).key);
    if (cause?.issues) {
      const fields = Object.fromEntries(cause.issues.map((i) => [i.path.join("."), i.message]));
      return { code: e.code ?? "", keys: cause.issues.map((i) => i.message), fields };
    }
    if (cause instanceof FieldErrors) {
      const fields = Object.fromEntries(Object.entries(cause.fieldErrors).map(([k, m]) => [k, keyOf(m)]));
      return { code: e.code ?? "", keys: [keyOf(cause.userMessage), ...Object.values(fields)], fields };
    }
    if (cause instanceof UserMessage) return { code: e.code ?? "", keys: [keyOf(cause.userMessage)], fields: {} };
    return { code: e.code ?? "", keys: [], fields: {} };
  }
  throw new Error("The call was not refused");
}

/** The TRPCError a call is refused with; fails the test when the call succeeds or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("Expected the call to be refused");
}

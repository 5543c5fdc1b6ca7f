import { TRPCError } from "@trpc/server";

/**
 * Every edit names the version the person saw. Zero changed rows means either the row is gone or
 * someone saved in between; the second must not be silently overwritten.
 */
export function assertVersionedUpdate(changes: number, exists: boolean, what: string): void {
  if (changes === 1) return;
  if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: `${what} was not found.` });
  throw new TRPCError({
    code: "CONFLICT",
    message: `Someone else changed this ${what.toLowerCase()} after you opened it. Reload to see their change, then make yours again.`,
  });
}

export function nowTimestamp(): string {
  return new Date().toISOString();
}

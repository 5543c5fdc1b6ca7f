import { TRPCError } from "@trpc/server";

/**
 * Every edit names the version the person saw. Zero changed rows means either the row is gone or
 * someone saved in between; the second must not be silently overwritten. `current` says what the row
 * holds now, so that the person sees the other change without reloading first.
 */
export function assertVersionedUpdate(changes: number, exists: boolean, what: string, current?: string): void {
  if (changes === 1) return;
  if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: `${what} was not found.` });
  throw new TRPCError({
    code: "CONFLICT",
    message: `Someone else changed this ${what.toLowerCase()} after you opened it${current ? `; it is now ${current}` : ""}. Reload to see their change, then make yours again.`,
  });
}

export function nowTimestamp(): string {
  return new Date().toISOString();
}

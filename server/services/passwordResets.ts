import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { passwordResets, users } from "../../db/schema";
import { addDays, type IsoDate } from "../../shared/dates";
import { nowTimestamp } from "../clock";
import { recordAudit, type Actor } from "./audit";
import { recordSecurityEvent } from "./securityLog";
import { deleteSessionsOf } from "./sessions";

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

/** How long a reset link works: long enough to be passed on by hand, short enough not to linger in a mailbox. */
export const PASSWORD_RESET_DAYS = 2;

/** Only the hash is stored, like an invitation's: a copy of the database resets nobody's password. */
const tokenHashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export const resetLinkPath = (token: string) => `/reset-password/${token}`;

/**
 * A new one-time link for `userId`, audited in the caller's transaction. Links issued earlier for the same
 * person stop working: only the newest is in anybody's hands on purpose. `issuer` null = the command line.
 */
export function issuePasswordReset(tx: Transaction, userId: number, issuer: Actor): { token: string; path: string; expiresAt: string } {
  const token = randomBytes(32).toString("base64url");
  const now = nowTimestamp();
  const expiresAt = `${addDays(now.slice(0, 10) as IsoDate, PASSWORD_RESET_DAYS)}${now.slice(10)}`;
  tx.update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
    .run();
  const created = tx
    .insert(passwordResets)
    .values({ tokenHash: tokenHashOf(token), userId, issuedBy: issuer.id, createdAt: now, expiresAt })
    .returning({ id: passwordResets.id })
    .get();
  recordAudit(tx, issuer, { entityType: "password_reset", entityId: created.id, action: "issue", after: { userId, expiresAt } });
  return { token, path: resetLinkPath(token), expiresAt };
}

/** The open link's person, or null when the token is unknown, used, superseded or expired. */
export function openPasswordReset(db: Pick<AppDatabase, "select">, token: string) {
  const row = db
    .select({
      id: passwordResets.id,
      userId: passwordResets.userId,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      name: users.name,
      email: users.email,
      active: users.active,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, tokenHashOf(token)))
    .get();
  if (!row || row.usedAt || !row.active || row.expiresAt <= nowTimestamp()) return null;
  return row;
}

/**
 * Sets the password from a link: stamps the link used in the statement that checks it is still open (two
 * uses in parallel change it once), ends every session of the person, and records it. Returns the person,
 * or null when the link no longer works.
 */
export function completePasswordReset(tx: Transaction, token: string, passwordHash: string, address: string): { userId: number; name: string } | null {
  const open = openPasswordReset(tx, token);
  if (!open) return null;
  const now = nowTimestamp();
  const taken = tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.id, open.id), isNull(passwordResets.usedAt)))
    .run();
  if (taken.changes !== 1) return null;
  tx.update(users)
    .set({ passwordHash, demoPassword: null, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: now })
    .where(eq(users.id, open.userId))
    .run();
  deleteSessionsOf(tx, open.userId);
  const actor = { id: open.userId, name: open.name };
  recordAudit(tx, actor, { entityType: "password_reset", entityId: open.id, action: "use" });
  recordAudit(tx, actor, { entityType: "user", entityId: open.userId, action: "change password" });
  recordSecurityEvent(tx, { event: "password_reset", userId: open.userId, address });
  return { userId: open.userId, name: open.name };
}

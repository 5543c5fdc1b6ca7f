import { and, eq, lt, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { AppDatabase } from "../../db/client";
import { memberships, sessions, users } from "../../db/schema";
import type { MembershipScope } from "../../shared/access";

/** Sessions last a working day and a half; signing in again is cheap, a stolen cookie should not last. */
export const SESSION_HOURS = 12;

export interface SignedInUser {
  id: number;
  email: string;
  name: string;
  /** The language chosen on the account, null when never chosen. */
  language: string | null;
  /** A password someone else chose: only changing it is allowed until then. */
  mustChangePassword: boolean;
  memberships: MembershipScope[];
}

/** Only the hash is stored, so that the database alone never signs anybody in. */
export const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function createSession(db: Pick<AppDatabase, "insert">, userId: number, now = new Date()): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  db.insert(sessions)
    .values({ id: sessionIdOf(token), userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() })
    .run();
  return { token, expiresAt };
}

export function loadSignedInUser(db: AppDatabase, userId: number): SignedInUser | null {
  const user = db
    .select({ id: users.id, email: users.email, name: users.name, language: users.language, mustChangePassword: users.mustChangePassword, active: users.active })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user?.active) return null;
  const held = db.select({ role: memberships.role, projectId: memberships.projectId, pilotId: memberships.pilotId }).from(memberships).where(eq(memberships.userId, userId)).all();
  return { id: user.id, email: user.email, name: user.name, language: user.language, mustChangePassword: user.mustChangePassword, memberships: held };
}

/** The user a cookie's token signs in, or null for a missing, unknown, expired or deactivated one. */
export function resolveSession(db: AppDatabase, token: string | undefined, now = new Date()): { sessionId: string; user: SignedInUser } | null {
  if (!token) return null;
  const sessionId = sessionIdOf(token);
  const session = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  if (!session) return null;
  if (session.expiresAt <= now.toISOString()) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return null;
  }
  const user = loadSignedInUser(db, session.userId);
  return user ? { sessionId, user } : null;
}

export function deleteExpiredSessions(db: AppDatabase, now = new Date()): void {
  db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
}

/** Signs a user out of every browser, optionally keeping the current one. */
export function deleteSessionsOf(db: Pick<AppDatabase, "delete">, userId: number, except?: string): void {
  db.delete(sessions)
    .where(and(eq(sessions.userId, userId), except ? sql`${sessions.id} <> ${except}` : undefined))
    .run();
}

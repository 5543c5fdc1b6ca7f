import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { type ChoosableNoticeKind, type DigestCadence, isChoosableKind } from "../../shared/noticePreferences";

/**
 * One-click unsubscribe links (RFC 8058). A link names a person and what to turn off: one kind of notice,
 * or a digest ("daily", "weekly": the kinds that person gathers in it). It is signed with a secret of that
 * person (`users.unsubscribe_key`), so it cannot be made up for someone else, needs no row per e-mail, and
 * keeps working as long as the secret does.
 */
export type UnsubscribeScope = ChoosableNoticeKind | DigestCadence;

const isScope = (value: string): value is UnsubscribeScope => value === "daily" || value === "weekly" || isChoosableKind(value);
const signature = (key: string, userId: number, scope: string) => createHmac("sha256", key).update(`unsubscribe:${userId}:${scope}`).digest("base64url");

/** The person's signing secret, made (once, whichever process gets there first) when first needed. */
function keyOf(db: AppDatabase, userId: number): string | null {
  db.update(users)
    .set({ unsubscribeKey: randomBytes(32).toString("base64url") })
    .where(and(eq(users.id, userId), isNull(users.unsubscribeKey)))
    .run();
  return db.select({ key: users.unsubscribeKey }).from(users).where(eq(users.id, userId)).get()?.key ?? null;
}

export function unsubscribeToken(db: AppDatabase, userId: number, scope: UnsubscribeScope): string | null {
  const key = keyOf(db, userId);
  return key ? `${userId}.${scope}.${signature(key, userId, scope)}` : null;
}

/** Who and what a token names, or null for a token that is not one of ours (or whose person is gone). */
export function readUnsubscribeToken(db: AppDatabase, token: string): { userId: number; scope: UnsubscribeScope } | null {
  const [id, scope, signed, ...rest] = token.split(".");
  if (rest.length || !id || !scope || !signed || !/^\d{1,12}$/.test(id) || !isScope(scope)) return null;
  const userId = Number(id);
  const user = db.select({ key: users.unsubscribeKey, active: users.active }).from(users).where(eq(users.id, userId)).get();
  if (!user?.key || !user.active) return null;
  const expected = Buffer.from(signature(user.key, userId, scope));
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId, scope } : null;
}

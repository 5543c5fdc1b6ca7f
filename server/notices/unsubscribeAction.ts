import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { users } from "../../db/schema";
import type { ChoosableNoticeKind } from "../../shared/noticePreferences";
import { noticeChoicesOf, writeNoticePreferences } from "../writes/noticePreferences";
import { readUnsubscribeToken, type UnsubscribeScope } from "./unsubscribe";

/** The kinds an unsubscribe link turns off: its one kind, or the kinds the person now gathers in that digest. */
function kindsOf(db: AppDatabase, userId: number, scope: UnsubscribeScope): ChoosableNoticeKind[] {
  if (scope !== "daily" && scope !== "weekly") return [scope];
  const choices = noticeChoicesOf(db, userId);
  return (Object.keys(choices) as ChoosableNoticeKind[]).filter((kind) => choices[kind] === scope);
}

/** What a link would turn off, for the page that asks to confirm; null for a link that is not valid. Changes nothing. */
export function previewUnsubscribe(db: AppDatabase, token: string) {
  const read = readUnsubscribeToken(db, token);
  if (!read) return null;
  const person = db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, read.userId)).get()!;
  return { ...person, scope: read.scope, kinds: kindsOf(db, read.userId, read.scope) };
}

/**
 * Turns off what the link names, through the one write path, as the person the link belongs to (the
 * link is their signature): the audit line says "unsubscribe". Repeating it changes nothing more.
 */
export function confirmUnsubscribe(db: AppDatabase, token: string): { kinds: ChoosableNoticeKind[] } | null {
  const read = readUnsubscribeToken(db, token);
  if (!read) return null;
  const person = db.select({ name: users.name }).from(users).where(eq(users.id, read.userId)).get()!;
  const kinds = kindsOf(db, read.userId, read.scope);
  if (kinds.length)
    writeNoticePreferences(db, {
      actor: { id: read.userId, name: person.name },
      userId: read.userId,
      route: "unsubscribe",
      choices: kinds.map((kind) => ({ kind, delivery: "never" })),
    });
  return { kinds };
}

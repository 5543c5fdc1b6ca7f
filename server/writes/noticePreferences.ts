import { and, eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { noticePreferences } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { type ChoosableNoticeKind, choosableKindList, choosableNoticeKinds, type Delivery, deliveryOf } from "../../shared/noticePreferences";
import { nowTimestamp } from "../clock";
import { invalidInput } from "../errors";
import { type Actor, recordAudit } from "../services/audit";
import { writeTransaction } from "./results";

/*
 * The one door for how a person receives their e-mails (docs/decisions/013, 020): the account page and
 * the unsubscribe link both come here. A choice the kind does not allow is refused next to its field;
 * changed choices are one audit line (before and after) in the same transaction; unchanged ones are no write.
 */

export type NoticeChoices = Record<ChoosableNoticeKind, Delivery>;

/** Every kind with the choice in force for the person. */
export function noticeChoicesOf(db: Pick<AppDatabase, "select">, userId: number): NoticeChoices {
  const stored = new Map(
    db
      .select({ kind: noticePreferences.kind, delivery: noticePreferences.delivery })
      .from(noticePreferences)
      .where(eq(noticePreferences.userId, userId))
      .all()
      .map((row) => [row.kind, row.delivery]),
  );
  return Object.fromEntries(choosableKindList.map((kind) => [kind, deliveryOf(kind, stored.get(kind))])) as NoticeChoices;
}

export function writeNoticePreferences(
  db: AppDatabase,
  request: { actor: Actor; userId: number; choices: readonly { kind: ChoosableNoticeKind; delivery: Delivery }[]; route: "account" | "unsubscribe" },
): { changed: number; choices: NoticeChoices } {
  const refused = request.choices.flatMap((choice, index) =>
    (choosableNoticeKinds[choice.kind].allowed as readonly Delivery[]).includes(choice.delivery) ? [] : [[`choices.${index}.delivery`, message("notices.notAllowed")] as const],
  );
  if (refused.length) throw invalidInput(message("notices.nothingChanged"), Object.fromEntries(refused));
  return writeTransaction(db, () => {
    const before = noticeChoicesOf(db, request.userId);
    const changes = request.choices.filter((choice) => before[choice.kind] !== choice.delivery);
    const at = nowTimestamp();
    for (const { kind, delivery } of changes) {
      const updated = db
        .update(noticePreferences)
        .set({ delivery, updatedAt: at })
        .where(and(eq(noticePreferences.userId, request.userId), eq(noticePreferences.kind, kind)))
        .run();
      if (updated.changes === 0) db.insert(noticePreferences).values({ userId: request.userId, kind, delivery, updatedAt: at }).run();
    }
    if (changes.length)
      recordAudit(db, request.actor, {
        entityType: "notice_preference",
        entityId: request.userId,
        action: request.route === "unsubscribe" ? "unsubscribe" : "choose",
        before: Object.fromEntries(changes.map((c) => [c.kind, before[c.kind]])),
        after: Object.fromEntries(changes.map((c) => [c.kind, c.delivery])),
      });
    return { changed: changes.length, choices: noticeChoicesOf(db, request.userId) };
  });
}

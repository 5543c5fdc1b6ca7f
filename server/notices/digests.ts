import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { notices, users } from "../../db/schema";
import type { Clock } from "../../shared/clock";
import { DEFAULT_LANGUAGE } from "../../shared/i18n/languages";
import { type DigestCadence, weekStartOf } from "../../shared/noticePreferences";
import { nowTimestamp } from "../clock";
import type { DigestItem, NoticePayload } from "./messages";
import type { NoticeKind } from "./outbox";

/** The day a digest of this cadence is named by: today for a daily one, the week's Monday for a weekly one. */
export const digestPeriodOf = (cadence: DigestCadence, today: string) => (cadence === "daily" ? today : weekStartOf(today));

/**
 * Gathers each person's held notices into one digest notice per cadence and period, keyed
 * `digest:<cadence>:<period day>:<person>`. In one IMMEDIATE transaction per person the digest is inserted
 * (ON CONFLICT DO NOTHING) and, only if it is new, its notices are marked as gathered into it: a second run
 * the same day, after a restart or in another process, finds the key and gathers nothing, so the notices
 * that arrived since wait for the next period's digest. The digest itself is then sent like any notice.
 */
export function gatherDigests(db: AppDatabase, clock: Clock, cadence: DigestCadence): number {
  const period = digestPeriodOf(cadence, clock.today());
  const waiting = db
    .selectDistinct({ recipientId: notices.recipientId })
    .from(notices)
    .where(and(eq(notices.digest, cadence), isNull(notices.sentAt), isNull(notices.digestNoticeId)))
    .all()
    .flatMap((row) => (row.recipientId === null ? [] : [row.recipientId]));
  let gathered = 0;
  for (const recipientId of waiting) {
    const made = db.transaction(
      (tx) => {
        const items = tx
          .select()
          .from(notices)
          .where(and(eq(notices.digest, cadence), eq(notices.recipientId, recipientId), isNull(notices.sentAt), isNull(notices.digestNoticeId)))
          .orderBy(asc(notices.id))
          .all();
        if (items.length === 0) return false;
        const person = tx.select({ email: users.email, language: users.language }).from(users).where(eq(users.id, recipientId)).get();
        if (!person) return false;
        const payload: NoticePayload & { cadence: DigestCadence; period: string; items: DigestItem[] } = {
          cadence,
          period,
          path: "/todo",
          items: items.map((item) => ({ kind: item.kind as NoticeKind, payload: JSON.parse(item.payload) as NoticePayload })),
        };
        const digest = tx
          .insert(notices)
          .values({
            dedupeKey: `digest:${cadence}:${period}:${recipientId}`,
            kind: "digest",
            recipientId,
            recipientEmail: person.email,
            language: person.language ?? items.at(-1)?.language ?? DEFAULT_LANGUAGE,
            payload: JSON.stringify(payload),
            createdAt: nowTimestamp(),
          })
          .onConflictDoNothing({ target: notices.dedupeKey })
          .returning({ id: notices.id })
          .get();
        if (!digest) return false;
        tx.update(notices)
          .set({ digestNoticeId: digest.id, sentAt: nowTimestamp() })
          .where(
            inArray(
              notices.id,
              items.map((item) => item.id),
            ),
          )
          .run();
        return true;
      },
      { behavior: "immediate" },
    );
    if (made) gathered++;
  }
  return gathered;
}

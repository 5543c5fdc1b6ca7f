import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { notices, type NoticeRow } from "../../db/schema";
import { nowTimestamp } from "../clock";
import type { Mailer } from "./mailer";
import { isChoosableKind } from "../../shared/noticePreferences";
import { type NoticePayload, renderNotice } from "./messages";
import type { NoticeKind } from "./outbox";
import { type UnsubscribeScope, unsubscribeToken } from "./unsubscribe";

/** A claim older than this is taken to belong to a process that died while sending. */
const STALE_CLAIM_MS = 10 * 60_000;
/** After this many failed attempts a notice stays in the outbox with its last error, for an administrator to read. */
export const MAX_ATTEMPTS = 5;

/**
 * Takes the oldest unsent notice for this sender, in one statement: SQLite runs one writer at a time, so
 * two server processes on the same database never take the same notice.
 */
function claimNext(db: AppDatabase, senderId: string, afterId: number): NoticeRow | undefined {
  const now = nowTimestamp();
  const stale = new Date(new Date(now).getTime() - STALE_CLAIM_MS).toISOString();
  return db.$client
    .prepare(
      `UPDATE notices SET claimed_by = ?, claimed_at = ?, attempts = attempts + 1
       WHERE id = (SELECT id FROM notices WHERE id > ? AND sent_at IS NULL AND digest IS NULL AND attempts < ? AND (claimed_at IS NULL OR claimed_at < ?) ORDER BY id LIMIT 1)
       RETURNING id, dedupe_key AS dedupeKey, kind, recipient_id AS recipientId, recipient_email AS recipientEmail, language, payload,
                 created_at AS createdAt, claimed_by AS claimedBy, claimed_at AS claimedAt, sent_at AS sentAt, attempts, last_error AS lastError, digest, digest_notice_id AS digestNoticeId`,
    )
    .get(senderId, now, afterId, MAX_ATTEMPTS, stale) as NoticeRow | undefined;
}

/** What the notice's unsubscribe link turns off: its kind, or for a digest the kinds gathered in it; none for an invitation. */
function unsubscribeScopeOf(notice: NoticeRow, payload: NoticePayload): UnsubscribeScope | null {
  if (notice.kind === "digest") return payload.cadence === "weekly" ? "weekly" : "daily";
  return isChoosableKind(notice.kind) ? notice.kind : null;
}

/**
 * Sends what is in the outbox, one notice at a time, and marks each sent. An invitation's link carries the
 * only copy of its token: once sent, the payload keeps everything but the link.
 */
export async function sendPendingNotices(db: AppDatabase, mailer: Mailer, options: { senderId: string; publicUrl: string }): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  // In id order, each notice at most once per round: a failing one waits for the next round.
  for (let notice = claimNext(db, options.senderId, 0); notice; notice = claimNext(db, options.senderId, notice.id)) {
    const payload = JSON.parse(notice.payload) as NoticePayload;
    try {
      const scope = notice.recipientId === null ? null : unsubscribeScopeOf(notice, payload);
      const token = scope ? unsubscribeToken(db, notice.recipientId!, scope) : null;
      const unsubscribeUrl = token ? new URL(`/unsubscribe/${token}`, options.publicUrl).toString() : null;
      await mailer.send(notice.recipientEmail, renderNotice(notice.kind as NoticeKind, notice.language, payload, options.publicUrl, unsubscribeUrl));
      // A one-time link (invitation, password reset) stays only in the mailbox once sent.
      const kept =
        notice.kind === "invitation" || notice.kind === "passwordReset"
          ? JSON.stringify({ ...payload, path: notice.kind === "invitation" ? "/invitation/sent" : "/reset-password/sent" })
          : notice.payload;
      db.update(notices).set({ sentAt: nowTimestamp(), payload: kept, lastError: null }).where(eq(notices.id, notice.id)).run();
      sent++;
    } catch (error) {
      // Released for a later round; the error stays for whoever looks at the outbox.
      db.update(notices)
        .set({ claimedAt: null, claimedBy: null, lastError: error instanceof Error ? error.message : String(error) })
        .where(eq(notices.id, notice.id))
        .run();
      failed++;
    }
  }
  return { sent, failed };
}

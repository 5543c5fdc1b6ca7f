import { and, eq, isNull, or } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { memberships, noticePreferences, notices, pilots, users } from "../../db/schema";
import type { Role } from "../../shared/domain";
import { DEFAULT_LANGUAGE } from "../../shared/i18n/languages";
import { type Delivery, deliveryOf, digestFor, isChoosableKind } from "../../shared/noticePreferences";
import { nowTimestamp } from "../clock";

type Writer = Pick<AppDatabase, "insert" | "select">;

/** What an e-mail is about; each has a subject and a body in the catalogues (mail.<kind>.*). */
export const noticeKinds = ["invitation", "submitted", "returned", "approved", "dueSoon", "overdue", "passwordReset", "awaitingReview", "weeklySummary", "digest"] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export interface Recipient {
  id: number | null;
  email: string;
  language: string | null;
}

export interface NoticeDraft {
  kind: NoticeKind;
  /** Unique per fact and recipient: the same key twice is one e-mail (the ledger, docs/decisions/020). */
  dedupeKey: string;
  recipient: Recipient;
  /** The values the message needs; `path` is the page the link opens. */
  payload: Record<string, unknown> & { path: string };
}

/** The recipient's choice for a kind; invitations, digests and mail to an address without an account are always sent. */
export function chosenDelivery(tx: Pick<AppDatabase, "select">, kind: NoticeKind, recipientId: number | null): Delivery {
  if (!isChoosableKind(kind) || recipientId === null) return "immediately";
  const stored = tx
    .select({ delivery: noticePreferences.delivery })
    .from(noticePreferences)
    .where(and(eq(noticePreferences.userId, recipientId), eq(noticePreferences.kind, kind)))
    .get();
  return deliveryOf(kind, stored?.delivery);
}

/**
 * Puts a notice in the outbox. Call it with the transaction of the fact it tells of, so that a rolled-back
 * submission sends nothing. A key already there inserts nothing: that is how nothing is sent twice. The
 * recipient's choice for the kind is read now: "never" writes nothing, a digest holds the notice for the
 * digest run. Returns whether it was new.
 */
export function enqueueNotice(tx: Writer, draft: NoticeDraft): boolean {
  const delivery = chosenDelivery(tx, draft.kind, draft.recipient.id);
  if (delivery === "never") return false;
  const inserted = tx
    .insert(notices)
    .values({
      dedupeKey: draft.dedupeKey,
      kind: draft.kind,
      recipientId: draft.recipient.id,
      recipientEmail: draft.recipient.email,
      language: draft.recipient.language ?? DEFAULT_LANGUAGE,
      payload: JSON.stringify(draft.payload),
      createdAt: nowTimestamp(),
      digest: isChoosableKind(draft.kind) ? digestFor(draft.kind, delivery) : null,
    })
    .onConflictDoNothing({ target: notices.dedupeKey })
    .run();
  return inserted.changes === 1;
}

/**
 * Active people holding a role on a pilot, directly or through its project (administrators are not
 * written to about every pilot).
 */
export function holdersOf(tx: Pick<AppDatabase, "select" | "selectDistinct">, role: Role, pilotId: number): Recipient[] {
  const pilot = tx.select({ projectId: pilots.projectId }).from(pilots).where(eq(pilots.id, pilotId)).get();
  if (!pilot) return [];
  return tx
    .selectDistinct({ id: users.id, email: users.email, language: users.language })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.role, role), eq(users.active, true), or(eq(memberships.pilotId, pilotId), eq(memberships.projectId, pilot.projectId))))
    .all();
}

/** Notices not sent yet, for the page that shows what is waiting (and tests). */
export function unsentNotices(db: AppDatabase) {
  return db.select().from(notices).where(isNull(notices.sentAt)).all();
}

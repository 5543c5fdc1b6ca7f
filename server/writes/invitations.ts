import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { invitations, memberships, users } from "../../db/schema";
import { addDays } from "../../shared/dates";
import { message } from "../../shared/i18n/message";
import { INVITATION_DAYS } from "../../shared/todo";
import { nowTimestamp } from "../clock";
import { actorOf, type InnerContext } from "../context";
import { invalidInput } from "../errors";
import { enqueueNotice } from "../notices/outbox";
import { recordAudit } from "../services/audit";

/** Only the hash is stored, like a session's: a copy of the database opens no invitation. */
export const tokenHashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export interface PilotInvitation {
  pilot: { id: number; title: string };
  /** Already trimmed and lower-cased, as the `email` schema makes it. */
  email: string;
  name: string;
  role: "pilot_coordinator" | "evaluator";
  /** The form field a refusal is shown next to: "email" on the invitation form, "coordinatorEmail" on the pilot form. */
  field?: string;
}

export type InvitationOutcome = { granted: true; name: string; link: null } | { granted: false; name: string; link: string | null };

/**
 * The one rule for bringing a person into a pilot (docs/decisions/020), called inside the caller's
 * transaction by the invitation form and the pilot form: an address with an active account gets the role
 * at once; a new one gets a one-time link, valid INVITATION_DAYS, and a mail in the outbox. Every grant
 * and invitation is audited in the same transaction.
 */
export function inviteToPilot(tx: Pick<AppDatabase, "select" | "insert">, ctx: InnerContext, invitation: PilotInvitation): InvitationOutcome {
  const { pilot, email, name, role, field = "email" } = invitation;
  const grant = { role, projectId: null, pilotId: pilot.id };
  const existing = tx.select({ id: users.id, name: users.name, active: users.active }).from(users).where(eq(users.email, email)).get();
  if (existing) {
    if (!existing.active) throw invalidInput(message("people.accountDeactivated"), { [field]: message("people.accountDeactivated") });
    const same = tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, existing.id), eq(memberships.role, role), eq(memberships.pilotId, pilot.id)))
      .get();
    if (!same) {
      const created = tx
        .insert(memberships)
        .values({ userId: existing.id, ...grant })
        .returning({ id: memberships.id })
        .get();
      recordAudit(tx, actorOf(ctx), { entityType: "membership", entityId: created.id, action: "grant", after: { userId: existing.id, ...grant }, pilotId: pilot.id });
    }
    return { granted: true, name: existing.name, link: null };
  }
  const token = randomBytes(32).toString("base64url");
  const now = nowTimestamp();
  const expiresAt = `${addDays(now.slice(0, 10), INVITATION_DAYS)}${now.slice(10)}`;
  const created = tx
    .insert(invitations)
    .values({ tokenHash: tokenHashOf(token), email, name, ...grant, language: ctx.language, invitedBy: ctx.user!.id, createdAt: now, expiresAt })
    .returning({ id: invitations.id })
    .get();
  recordAudit(tx, actorOf(ctx), { entityType: "invitation", entityId: created.id, action: "invite", after: { email, name, ...grant, expiresAt }, pilotId: pilot.id });
  const path = `/invitation/${token}`;
  enqueueNotice(tx, {
    kind: "invitation",
    dedupeKey: `invitation:${created.id}`,
    recipient: { id: null, email, language: ctx.language },
    payload: { name, inviter: ctx.user!.name, pilot: pilot.title, role, expires: expiresAt.slice(0, 10), path },
  });
  // Without e-mail the inviter passes the link on; with it, only the invitee's mailbox has it.
  return { granted: false, name, link: ctx.mailEnabled ? null : path };
}

import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { invitations, memberships, pilots, users } from "../../db/schema";
import { addDays } from "../../shared/dates";
import { message } from "../../shared/i18n/message";
import { invitationAccept, invitationCreate, invitationToken } from "../../shared/schemas";
import { INVITATION_DAYS } from "../../shared/todo";
import { policy } from "../access";
import { actorOf } from "../context";
import { invalidInput, userError } from "../errors";
import { nowTimestamp } from "../clock";
import { enqueueNotice } from "../notices/outbox";
import { recordAudit } from "../services/audit";
import { hashPassword } from "../services/passwords";
import { recordSecurityEvent } from "../services/securityLog";
import { createSession } from "../services/sessions";
import { procedure, router } from "../trpc";

/** Only the hash is stored, like a session's: a copy of the database opens no invitation. */
const tokenHashOf = (token: string) => createHash("sha256").update(token).digest("hex");

const invitationNoLongerValid = () => userError("NOT_FOUND", message("people.invitationInvalid"));

/**
 * Managers bring in their people (docs/decisions/020): an invitation to a pilot, as coordinator or
 * evaluator. An address that already has an account gets the role at once; a new one gets a one-time link,
 * valid INVITATION_DAYS, to set a password. Every grant is audited in the same transaction.
 */
export const invitationsRouter = router({
  create: procedure
    .meta(policy.setUp({ pilot: "pilotId" }))
    .input(invitationCreate)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const pilot = tx.select({ id: pilots.id, projectId: pilots.projectId, title: pilots.title }).from(pilots).where(eq(pilots.id, input.pilotId)).get();
        if (!pilot) throw invalidInput(message("users.pilotMissing"), { pilotId: message("users.chooseExistingPilot") });
        const grant = { role: input.role, projectId: null, pilotId: pilot.id };
        const existing = tx.select({ id: users.id, active: users.active }).from(users).where(eq(users.email, input.email)).get();
        if (existing) {
          if (!existing.active) throw invalidInput(message("people.accountDeactivated"), { email: message("people.accountDeactivated") });
          const same = tx
            .select({ id: memberships.id })
            .from(memberships)
            .where(and(eq(memberships.userId, existing.id), eq(memberships.role, input.role), eq(memberships.pilotId, pilot.id)))
            .get();
          if (!same) {
            const created = tx
              .insert(memberships)
              .values({ userId: existing.id, ...grant })
              .returning({ id: memberships.id })
              .get();
            recordAudit(tx, actorOf(ctx), { entityType: "membership", entityId: created.id, action: "grant", after: { userId: existing.id, ...grant }, pilotId: pilot.id });
          }
          return { granted: true as const, link: null };
        }
        const token = randomBytes(32).toString("base64url");
        const now = nowTimestamp();
        const expiresAt = `${addDays(now.slice(0, 10), INVITATION_DAYS)}${now.slice(10)}`;
        const created = tx
          .insert(invitations)
          .values({ tokenHash: tokenHashOf(token), email: input.email, name: input.name, ...grant, language: ctx.language, invitedBy: ctx.user!.id, createdAt: now, expiresAt })
          .returning({ id: invitations.id })
          .get();
        recordAudit(tx, actorOf(ctx), {
          entityType: "invitation",
          entityId: created.id,
          action: "invite",
          after: { email: input.email, name: input.name, ...grant, expiresAt },
          pilotId: pilot.id,
        });
        const path = `/invitation/${token}`;
        enqueueNotice(tx, {
          kind: "invitation",
          dedupeKey: `invitation:${created.id}`,
          recipient: { id: null, email: input.email, language: ctx.language },
          payload: { name: input.name, inviter: ctx.user!.name, pilot: pilot.title, role: input.role, expires: expiresAt.slice(0, 10), path },
        });
        // Without e-mail the inviter passes the link on; with it, only the invitee's mailbox has it.
        return { granted: false as const, link: ctx.mailEnabled ? null : path };
      }),
    ),

  /** The invitations of a pilot still open, for its managers. */
  pending: procedure
    .meta(policy.setUp({ pilot: "pilotId" }))
    .input(z.object({ pilotId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) =>
      ctx.db
        .select({ id: invitations.id, email: invitations.email, name: invitations.name, role: invitations.role, expiresAt: invitations.expiresAt })
        .from(invitations)
        .where(and(eq(invitations.pilotId, input.pilotId), isNull(invitations.acceptedAt)))
        .orderBy(desc(invitations.id))
        .all()
        .filter((row) => row.expiresAt > nowTimestamp()),
    ),

  /** What the link is for, shown before the person sets a password; null when it no longer works. */
  preview: procedure
    .meta(policy.anyone)
    .input(z.object({ token: invitationToken }).strict())
    .query(({ ctx, input }) => {
      const row = ctx.db
        .select({
          email: invitations.email,
          name: invitations.name,
          role: invitations.role,
          pilotTitle: pilots.title,
          expiresAt: invitations.expiresAt,
          acceptedAt: invitations.acceptedAt,
        })
        .from(invitations)
        .leftJoin(pilots, eq(pilots.id, invitations.pilotId))
        .where(eq(invitations.tokenHash, tokenHashOf(input.token)))
        .get();
      if (!row || row.acceptedAt || row.expiresAt <= nowTimestamp()) return null;
      return { email: row.email, name: row.name, role: row.role, pilotTitle: row.pilotTitle };
    }),

  /** Sets the password, creates the account with its role, and signs the person in. The link then stops working. */
  accept: procedure
    .meta(policy.anyone)
    .input(invitationAccept)
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      const { token, expiresAt, name } = ctx.db.transaction((tx) => {
        const invitation = tx
          .select()
          .from(invitations)
          .where(eq(invitations.tokenHash, tokenHashOf(input.token)))
          .get();
        const now = nowTimestamp();
        if (!invitation || invitation.acceptedAt || invitation.expiresAt <= now) throw invitationNoLongerValid();
        if (tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get()) throw userError("CONFLICT", message("people.emailAlreadyHasAccount"));
        const user = tx.insert(users).values({ email: invitation.email, name: invitation.name, passwordHash, language: invitation.language }).returning({ id: users.id }).get();
        const actor = { id: user.id, name: invitation.name };
        const grant = { role: invitation.role, projectId: invitation.projectId, pilotId: invitation.pilotId };
        const membership = tx
          .insert(memberships)
          .values({ userId: user.id, ...grant })
          .returning({ id: memberships.id })
          .get();
        // Accepted in the same statement that checks it is still open: a link used twice in parallel creates one account.
        const taken = tx
          .update(invitations)
          .set({ acceptedAt: now, userId: user.id })
          .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
          .run();
        if (taken.changes !== 1) throw invitationNoLongerValid();
        recordAudit(tx, actor, { entityType: "user", entityId: user.id, action: "create", after: { email: invitation.email, name: invitation.name, invitationId: invitation.id } });
        recordAudit(tx, actor, {
          entityType: "membership",
          entityId: membership.id,
          action: "grant",
          after: { userId: user.id, ...grant, invitationId: invitation.id },
          pilotId: invitation.pilotId,
        });
        recordAudit(tx, actor, { entityType: "invitation", entityId: invitation.id, action: "accept", pilotId: invitation.pilotId });
        recordSecurityEvent(tx, { event: "sign_in", userId: user.id, address: ctx.request.address });
        return { ...createSession(tx, user.id), name: invitation.name };
      });
      ctx.request.setSessionCookie(token, expiresAt);
      return { name };
    }),
});

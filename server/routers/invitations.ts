import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { invitations, memberships, pilots, users } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { invitationAccept, invitationCreate, invitationToken } from "../../shared/schemas";
import { policy } from "../access";
import { invalidInput, userError } from "../errors";
import { nowTimestamp } from "../clock";
import { recordAudit } from "../services/audit";
import { hashPassword } from "../services/passwords";
import { recordSecurityEvent } from "../services/securityLog";
import { createSession } from "../services/sessions";
import { procedure, router } from "../trpc";
import { inviteToPilot, tokenHashOf } from "../writes/invitations";

const invitationNoLongerValid = () => userError("NOT_FOUND", message("people.invitationInvalid"));

/**
 * Managers bring in their people (docs/decisions/020): an invitation to a pilot, as coordinator or
 * evaluator, through the one rule in server/writes/invitations.ts (the pilot form's coordinator uses it too).
 */
export const invitationsRouter = router({
  create: procedure
    .meta(policy.setUp({ pilot: "pilotId" }))
    .input(invitationCreate)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const pilot = tx.select({ id: pilots.id, projectId: pilots.projectId, title: pilots.title }).from(pilots).where(eq(pilots.id, input.pilotId)).get();
        if (!pilot) throw invalidInput(message("users.pilotMissing"), { pilotId: message("users.chooseExistingPilot") });
        const { granted, link } = inviteToPilot(tx, ctx, { pilot, email: input.email, name: input.name, role: input.role });
        return granted ? { granted: true as const, link: null } : { granted: false as const, link };
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

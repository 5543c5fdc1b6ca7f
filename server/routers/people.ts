import { and, asc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import { memberships, pilots, users } from "../../db/schema";
import { isAdministrator } from "../../shared/access";
import { message } from "../../shared/i18n/message";
import { resetLinkToken, resetLinkUse } from "../../shared/schemas";
import { managesPerson, policy } from "../access";
import { actorOf } from "../context";
import { invalidInput, userError } from "../errors";
import { enqueueNotice } from "../notices/outbox";
import { hashPassword } from "../services/passwords";
import { completePasswordReset, issuePasswordReset, openPasswordReset } from "../services/passwordResets";
import { createSession } from "../services/sessions";
import { procedure, router } from "../trpc";

const resetLinkNoLongerValid = () => userError("NOT_FOUND", message("people.resetLinkInvalid"));

/**
 * The people of a pilot and their accounts, for the pilot's managers (docs/decisions/020): who holds which
 * role, and a one-time link to set a new password for those the manager looks after.
 */
export const peopleRouter = router({
  /** Coordinators and evaluators of a pilot (its own and its project's), with whether the caller may send them a reset link. */
  ofPilot: procedure
    .meta(policy.setUp({ pilot: "pilotId" }))
    .input(z.object({ pilotId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => {
      const pilot = ctx.db.select({ projectId: pilots.projectId }).from(pilots).where(eq(pilots.id, input.pilotId)).get();
      if (!pilot) return [];
      const rows = ctx.db
        .select({ id: users.id, name: users.name, email: users.email, active: users.active, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(inArray(memberships.role, ["pilot_coordinator", "evaluator"]), or(eq(memberships.pilotId, input.pilotId), eq(memberships.projectId, pilot.projectId))))
        .orderBy(asc(users.name), asc(memberships.role))
        .all();
      const administrator = isAdministrator(ctx.user!.memberships);
      const mayReset = new Map<number, boolean>();
      for (const row of rows) if (!mayReset.has(row.id)) mayReset.set(row.id, row.active && (administrator || managesPerson(ctx.db, ctx.user!.memberships, row.id)));
      return rows.map((row) => ({ ...row, mayReset: mayReset.get(row.id)! }));
    }),

  /**
   * A one-time link to set a new password. With e-mail configured it goes to the person's mailbox only;
   * without, the issuer is shown it to pass on. The current password keeps working until the link is used.
   */
  issueResetLink: procedure
    .meta(policy.peopleOf({ user: "userId" }))
    .input(z.object({ userId: z.number().int().positive() }).strict())
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const person = tx
          .select({ id: users.id, name: users.name, email: users.email, language: users.language, active: users.active })
          .from(users)
          .where(eq(users.id, input.userId))
          .get();
        if (!person) throw userError("NOT_FOUND", message("shell.notFound.user"));
        if (!person.active) throw invalidInput(message("people.accountDeactivated"), { userId: message("people.accountDeactivated") });
        const { path, expiresAt } = issuePasswordReset(tx, person.id, actorOf(ctx));
        enqueueNotice(tx, {
          kind: "passwordReset",
          // Every link is its own fact: a second link is a second e-mail.
          dedupeKey: `passwordReset:${path}`,
          recipient: { id: person.id, email: person.email, language: person.language },
          payload: { name: person.name, issuer: ctx.user!.name, expires: expiresAt.slice(0, 10), path },
        });
        return { name: person.name, email: person.email, expiresAt, link: ctx.mailEnabled ? null : path };
      }),
    ),

  /** Whose password a link sets, shown before the new one is chosen; null when it no longer works. */
  resetLinkPreview: procedure
    .meta(policy.anyone)
    .input(z.object({ token: resetLinkToken }).strict())
    .query(({ ctx, input }) => {
      const open = openPasswordReset(ctx.db, input.token);
      return open ? { name: open.name, email: open.email } : null;
    }),

  /** Sets the new password, ends every other session of the person, and signs this browser in. The link then stops working. */
  resetWithLink: procedure
    .meta(policy.anyone)
    .input(resetLinkUse)
    .mutation(async ({ ctx, input }) => {
      if (!openPasswordReset(ctx.db, input.token)) throw resetLinkNoLongerValid();
      const passwordHash = await hashPassword(input.password);
      const { token, expiresAt, name } = ctx.db.transaction((tx) => {
        const done = completePasswordReset(tx, input.token, passwordHash, ctx.request.address);
        if (!done) throw resetLinkNoLongerValid();
        return { ...createSession(tx, done.userId), name: done.name };
      });
      ctx.request.setSessionCookie(token, expiresAt);
      return { name };
    }),
});
